#include "cliprofile.h"

#include "cert/keyfiles.h"
#include "cert/naclcert.h"

#include <QFile>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

SecretBuffer toSecret(QByteArray &bytes) {
    SecretBuffer s(reinterpret_cast<const unsigned char *>(bytes.constData()),
                   static_cast<std::size_t>(bytes.size()));
    bytes.fill('\0');
    return s;
}

// Reads one line from the terminal with echo off. The terminal settings are restored even when
// reading fails.
class TerminalPassphrase : public PassphraseProvider {
public:
    Expected<SecretBuffer, QString> passphrase(const PassphraseRequest &r) override {
        std::FILE *tty = std::fopen("/dev/tty", "r+");
        if (!tty)
            return unexpected(str("no terminal to ask for the passphrase of %1: use "
                                  "--passphrase-file FILE or set SWS_PASSPHRASE")
                                  .arg(r.subject));
        Expected<SecretBuffer, QString> result = unexpected(str("no passphrase"));
        if (r.purpose == PassphraseRequest::Purpose::Unlock) {
            if (!r.retryReason.isEmpty())
                say(tty, r.retryReason + QLatin1Char('\n'));
            result = read(tty, str("Passphrase for %1: ").arg(r.subject));
        } else {
            result = create(tty, r.subject);
        }
        std::fclose(tty);
        return result;
    }

private:
    static void say(std::FILE *tty, const QString &text) {
        const QByteArray b = text.toUtf8();
        std::fwrite(b.constData(), 1, static_cast<size_t>(b.size()), tty);
        std::fflush(tty);
    }

    static Expected<SecretBuffer, QString> read(std::FILE *tty, const QString &prompt) {
        say(tty, prompt);
        termios old{};
        const int fd = fileno(tty);
        const bool isTty = tcgetattr(fd, &old) == 0;
        if (isTty) {
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            (void)tcsetattr(fd, TCSAFLUSH, &quiet);
        }
        QByteArray line(1024, '\0');
        const bool ok = std::fgets(line.data(), static_cast<int>(line.size()), tty) != nullptr;
        if (isTty)
            (void)tcsetattr(fd, TCSAFLUSH, &old);
        say(tty, str("\n"));
        if (!ok) {
            line.fill('\0');
            return unexpected(str("no passphrase was entered"));
        }
        qsizetype n = qstrnlen(line.constData(), line.size());
        while (n > 0 && (line.at(n - 1) == '\n' || line.at(n - 1) == '\r'))
            --n;
        QByteArray pass(line.constData(), n);
        line.fill('\0');
        return toSecret(pass);
    }

    static Expected<SecretBuffer, QString> create(std::FILE *tty, const QString &subject) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            auto first = read(tty, str("New passphrase for %1: ").arg(subject));
            if (!first)
                return first;
            if (passphraseLength(*first) < kMinPassphraseChars) {
                say(tty, str("At least %1 characters, please.\n").arg(kMinPassphraseChars));
                continue;
            }
            auto second = read(tty, str("Repeat the passphrase: "));
            if (!second)
                return second;
            if (first->equals(*second))
                return first;
            say(tty, str("The two passphrases differ.\n"));
        }
        return unexpected(str("no passphrase was set for %1").arg(subject));
    }
};

} // namespace

Option profileOption() {
    return {str("profile"), str("DIR"),
            str("profile directory (default: $SWS_PROFILE, else the GUI's data directory)")};
}

Option passphraseFileOption() {
    return {str("passphrase-file"), str("FILE"),
            str("read the passphrase from FILE's first line (else $SWS_PASSPHRASE, else ask)")};
}

Profile openProfile(const Args &a) {
    return Profile(Profile::resolveDirectory(a.value(str("profile"))));
}

QString profileHint(const Args &a) {
    return a.has(str("profile")) ? str(" --profile ") + a.value(str("profile")) : QString();
}

std::unique_ptr<PassphraseProvider> passphraseProvider(const Args &a) {
    if (a.has(str("passphrase-file"))) {
        auto bytes = keyfiles::readFile(a.value(str("passphrase-file")), 4096);
        if (!bytes) {
            // The error surfaces when a passphrase is needed, naming the file.
            struct Failing : PassphraseProvider {
                QString why;
                Expected<SecretBuffer, QString> passphrase(const PassphraseRequest &) override {
                    return unexpected(why);
                }
                bool canRetry() const override { return false; }
            };
            auto f = std::make_unique<Failing>();
            f->why = bytes.error().message;
            return f;
        }
        qsizetype n = bytes->indexOf('\n');
        if (n < 0)
            n = bytes->size();
        if (n > 0 && bytes->at(n - 1) == '\r')
            --n;
        QByteArray line = bytes->left(n);
        bytes->fill('\0');
        return std::make_unique<FixedPassphrase>(toSecret(line));
    }
    if (qEnvironmentVariableIsSet("SWS_PASSPHRASE")) {
        QByteArray env = qgetenv("SWS_PASSPHRASE");
        return std::make_unique<FixedPassphrase>(toSecret(env));
    }
    return std::make_unique<TerminalPassphrase>();
}

std::optional<TrustStore> loadTrustStore(const QString &command, const Profile &profile,
                                         int *exitCode) {
    auto store = TrustStore::load(profile.trustStorePath());
    if (!store) {
        *exitCode = failure(command, store.error());
        return std::nullopt;
    }
    return std::move(store).value();
}

std::optional<Profile::Identity> unlockProfileIdentity(const QString &command, const Args &a,
                                                       SessionConfig &cfg, int *exitCode) {
    const QString name = a.value(str("identity"));
    const Profile profile = openProfile(a);
    auto provider = passphraseProvider(a);
    auto kp = profile.unlockIdentity(name, provider.get());
    auto id =
        kp ? profile.identity(name) : Expected<Profile::Identity, QString>(unexpected(kp.error()));
    if (!id) {
        *exitCode = failure(command, id.error());
        return std::nullopt;
    }
    cfg.keyPair = std::move(kp).value();
    return std::move(id).value();
}

std::optional<TrustStore> parseAndLoadTrustStore(const CommandSpec &spec, const QStringList &args,
                                                 Args *a, int *exitCode) {
    if (const auto exit = parse(spec, args, a)) {
        *exitCode = *exit;
        return std::nullopt;
    }
    return loadTrustStore(spec.command, openProfile(*a), exitCode);
}

int updateTrustStore(const QString &command, TrustStore &store,
                     const std::function<void(TrustStore &)> &change) {
    auto saved = store.update(change);
    return saved ? kExitOk : failure(command, saved.error());
}

QString expiryStatusName(ExpiryStatus status) {
    switch (status) {
    case ExpiryStatus::Valid:
        return str("valid");
    case ExpiryStatus::ExpiresSoon:
        return str("expires-soon");
    case ExpiryStatus::Expired:
        break;
    }
    return str("expired");
}

QJsonObject certificateSummaryJson(const cert::Certificate &c, qint64 nowMs) {
    return {{str("caName"), c.caName()},
            {str("names"), QJsonArray::fromStringList(c.names())},
            {str("ips"), QJsonArray::fromStringList(c.ips())},
            {str("expires"), isoUtc(c.tteMs())},
            {str("status"), expiryStatusName(expiryStatus(c, nowMs))},
            {str("fingerprint"), c.fingerprint()}};
}

int runGroup(const QString &group, const QString &description,
             const std::vector<Subcommand> &subcommands, const QStringList &args) {
    QStringList names;
    for (const Subcommand &s : subcommands)
        names << str(s.name);
    if (args.isEmpty())
        return usageError(group, str("missing subcommand (%1)").arg(names.join(str(", "))));
    QStringList rest = args;
    QStringList leading; // "sws pin --profile DIR list": options before the subcommand
    while (rest.size() >= 2 && (rest.first() == str("--profile") || rest.first() == str("-p"))) {
        leading << rest.takeFirst() << rest.takeFirst();
    }
    const QString sub = rest.isEmpty() ? QString() : rest.takeFirst();
    if (sub == str("--help") || sub == str("-h") || sub == str("help")) {
        QStringList lines{str("usage: sws %1 SUBCOMMAND [ARGS...]").arg(group), QString(),
                          description, QString(), str("subcommands:")};
        for (const Subcommand &s : subcommands)
            lines << str("  %1%2").arg(str(s.name).leftJustified(10), str(s.summary));
        lines << QString() << str("'sws %1 SUBCOMMAND --help' describes a subcommand.").arg(group);
        out(lines.join(QLatin1Char('\n')));
        return kExitOk;
    }
    for (const Subcommand &s : subcommands) {
        if (sub == QLatin1String(s.name))
            return s.run(rest + leading);
    }
    if (sub.isEmpty())
        return usageError(group, str("missing subcommand (%1)").arg(names.join(str(", "))));
    return usageError(group, str("unknown subcommand %1").arg(cert::displayText(sub, 32)));
}

} // namespace sws::cli
