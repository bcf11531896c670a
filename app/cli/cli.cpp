#include "cli.h"

#include "cert/naclcert.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

// errno of the first failed write to stdout, 0 while all went well.
int g_stdoutErrno = 0;

bool writeBytes(std::FILE *stream, const QByteArray &bytes) {
    const size_t size = static_cast<size_t>(bytes.size());
    errno = 0;
    return std::fwrite(bytes.constData(), 1, size, stream) == size && std::fflush(stream) == 0;
}

bool writeOut(const QByteArray &bytes) {
    if (g_stdoutErrno != 0)
        return false;
    if (writeBytes(stdout, bytes))
        return true;
    g_stdoutErrno = errno != 0 ? errno : EIO;
    return false;
}

QString seeHelp(const QString &command) {
    return command.isEmpty() ? str("see 'sws --help'") : str("see 'sws %1 --help'").arg(command);
}

// User input in a message: as typed when plain, quoted and escaped otherwise.
QString shown(const QString &text, int maxChars = 32) {
    const QString quoted = cert::displayText(text, maxChars);
    return quoted == QLatin1Char('"') + text + QLatin1Char('"') && !text.contains(QLatin1Char(' '))
               ? text
               : quoted;
}

} // namespace

QString version() {
#ifdef SWS_VERSION
    return QString::fromLatin1(SWS_VERSION);
#else
    return str("0.1.0"); // keep in step with project() in the top CMakeLists.txt
#endif
}

bool out(const QString &line) {
    return writeOut(line.toUtf8() + '\n');
}
bool outBytes(const QByteArray &bytes) {
    return writeOut(bytes);
}
void err(const QString &line) {
    (void)writeBytes(stderr, line.toUtf8() + '\n');
}
bool outJson(const QJsonObject &object) {
    return writeOut(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
}
bool outJson(const QJsonArray &array) {
    return writeOut(QJsonDocument(array).toJson(QJsonDocument::Compact) + '\n');
}

QChar shortName(const QString &name) {
    // One table for every command, so a letter means the same everywhere.
    static const struct {
        const char *name;
        char letter;
    } kShort[] = {{"out", 'o'},     {"key", 'k'},    {"identity", 'i'}, {"profile", 'p'},
                  {"verbose", 'v'}, {"format", 'f'}, {"listen", 'l'}};
    for (const auto &s : kShort) {
        if (name == QLatin1String(s.name))
            return QLatin1Char(s.letter);
    }
    return {};
}

Option jsonOption() {
    return {str("json"), {}, str("print the result as one JSON document (see the README)")};
}

QString outputError() {
    if (g_stdoutErrno == 0)
        return {};
    return str("cannot write to standard output: ") +
           QString::fromLocal8Bit(std::strerror(g_stdoutErrno));
}

int finishOutput(const QString &command, int code) {
    errno = 0;
    if (g_stdoutErrno == 0 && std::fflush(stdout) != 0)
        g_stdoutErrno = errno != 0 ? errno : EIO;
    if (g_stdoutErrno == 0)
        return code;
    err((command.isEmpty() ? str("sws: ") : str("sws %1: ").arg(command)) + outputError());
    return code == kExitOk ? kExitFailure : code;
}

int failure(const QString &command, const QString &message) {
    err(str("sws %1: %2").arg(command, message));
    return kExitFailure;
}

int usageError(const QString &command, const QString &message) {
    // One line, so scripts and people see the reason without scrolling through help.
    QString line = command.isEmpty() ? str("sws: ") : str("sws %1: ").arg(command);
    line += message + str(" (") + seeHelp(command) + QLatin1Char(')');
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    err(line);
    return kExitUsage;
}

std::optional<int> parse(const CommandSpec &spec, const QStringList &args, Args *out) {
    Args a;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (!optionsEnded && arg == str("--")) {
            optionsEnded = true;
            continue;
        }
        if (!optionsEnded && (arg == str("--help") || arg == str("-h"))) {
            cli::out(helpText(spec));
            return kExitOk;
        }
        const bool isLong = arg.startsWith(str("--"));
        const bool isShort = !isLong && arg.size() > 1 && arg.startsWith(QLatin1Char('-'));
        if (optionsEnded || (!isLong && !isShort)) {
            a.m_positionals.append(arg); // "-" included: stdout or stdin where a file goes
            continue;
        }
        QString name;
        QString value;
        bool inlineValue = false;
        QString given; // as typed, for messages: "--out" or "-o"
        if (isLong) {
            name = arg.mid(2);
            const qsizetype eq = name.indexOf(QLatin1Char('='));
            inlineValue = eq >= 0;
            if (inlineValue) {
                value = name.mid(eq + 1);
                name.truncate(eq);
            }
            given = str("--") + name;
        } else {
            const QChar letter = arg.at(1);
            const auto byLetter =
                std::find_if(spec.options.begin(), spec.options.end(),
                             [&](const Option &o) { return shortName(o.name) == letter; });
            if (byLetter == spec.options.end())
                return usageError(spec.command, str("unknown option %1").arg(shown(arg)));
            name = byLetter->name;
            given = str("-") + letter;
            // -oFILE: the rest is the value; a flag takes nothing after its letter.
            inlineValue = arg.size() > 2;
            if (inlineValue)
                value = arg.mid(2);
        }
        const auto opt = std::find_if(spec.options.begin(), spec.options.end(),
                                      [&](const Option &o) { return o.name == name; });
        if (opt == spec.options.end())
            return usageError(spec.command, str("unknown option %1").arg(shown(given)));
        if (a.m_values.contains(name))
            return usageError(spec.command, str("--%1 given twice").arg(name));
        if (opt->valueName.isEmpty()) {
            if (inlineValue) {
                return usageError(spec.command, isLong ? str("--%1 takes no value").arg(name)
                                                       : str("unknown option %1").arg(shown(arg)));
            }
        } else if (!inlineValue) {
            if (i + 1 >= args.size() || args.at(i + 1).startsWith(str("--"))) {
                return usageError(spec.command,
                                  str("%1 needs a value (%2)").arg(given, opt->valueName));
            }
            value = args.at(++i);
        }
        a.m_values.insert(name, value);
    }
    for (const Option &o : spec.options) {
        if (o.required && !a.m_values.contains(o.name))
            return usageError(spec.command, str("--%1 is required").arg(o.name));
    }
    // "[NAME]": optional, after the required ones.
    const qsizetype required =
        std::count_if(spec.positionals.cbegin(), spec.positionals.cend(),
                      [](const QString &p) { return !p.startsWith(QLatin1Char('[')); });
    if (a.m_positionals.size() < required) {
        return usageError(spec.command,
                          str("missing %1").arg(spec.positionals.at(a.m_positionals.size())));
    }
    if (a.m_positionals.size() > spec.positionals.size()) {
        return usageError(
            spec.command,
            str("unexpected argument %1").arg(shown(a.m_positionals.at(spec.positionals.size()))));
    }
    *out = std::move(a);
    return std::nullopt;
}

QString usageLine(const CommandSpec &spec) {
    QString synopsis = spec.synopsis;
    for (const Option &o : spec.options) {
        // Mentioned as a whole word: "--ca" is not mentioned by "--cert" nor by "--ca-x".
        const QRegularExpression word(
            str("(^|[^a-z0-9-])--%1($|[^a-z0-9-])").arg(QRegularExpression::escape(o.name)));
        if (synopsis.contains(word))
            continue;
        synopsis += str(" [--") + o.name +
                    (o.valueName.isEmpty() ? QString() : QLatin1Char(' ') + o.valueName) +
                    QLatin1Char(']');
    }
    return str("usage: sws %1 %2").arg(spec.command, synopsis.trimmed()).trimmed();
}

QString helpText(const CommandSpec &spec) {
    QStringList lines;
    lines << usageLine(spec) << QString() << spec.summary;
    if (!spec.details.isEmpty())
        lines << QString() << spec.details;
    lines << QString() << str("options:");
    std::vector<Option> options = spec.options;
    options.push_back({str("help"), {}, str("show this help"), false});
    qsizetype width = 0;
    auto label = [](const Option &o) {
        const QChar letter = o.name == str("help") ? QLatin1Char('h') : shortName(o.name);
        return (letter.isNull() ? str("    ") : str("-%1, ").arg(letter)) + str("--") + o.name +
               (o.valueName.isEmpty() ? QString() : QLatin1Char(' ') + o.valueName);
    };
    for (const Option &o : options)
        width = std::max(width, label(o).size());
    for (const Option &o : options)
        lines << str("  ") + label(o).leftJustified(width + 2) + o.help;
    return lines.join(QLatin1Char('\n'));
}

std::optional<double> parseDays(const QString &text) {
    bool ok = false;
    const double days = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(days) || days <= 0 || days > 100000)
        return std::nullopt;
    return days;
}

QStringList splitList(const QString &text) {
    QStringList items = text.split(QLatin1Char(','));
    for (QString &item : items)
        item = item.trimmed();
    return items;
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

QString isoUtc(qint64 ms) {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return t.isValid() ? t.toString(Qt::ISODateWithMs) : QString::number(ms) + str(" ms");
}

void warnIfSecretFileExposed(const QString &command, const QString &path) {
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return; // reading it reports the problem
    const unsigned mode = st.st_mode & 07777;
    if ((mode & 077) == 0)
        return;
    const QString what = (mode & 044) ? str("readable") : str("accessible");
    const QString file = shown(path, 4096); // whole, for the chmod to work
    err(str("sws %1: warning: %2 is %3 by others (mode %4); chmod 600 %2")
            .arg(command, file, what,
                 QString::number(mode, 8).rightJustified(4, QLatin1Char('0'))));
}

bool isSafeFileStem(const QString &name) {
    if (name.isEmpty() || name.size() > 200 || name == str(".") || name == str(".."))
        return false;
    for (QChar c : name) {
        if (c == QLatin1Char('/') || c == QLatin1Char('\\') ||
            c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return false;
    }
    return true;
}

} // namespace sws::cli
