// sws: the command line. Each command group lives in its own cmd_<group>.cpp; this file only
// dispatches.
#include "cert/naclcert.h"
#include "cli.h"
#include "stdfds.h"

#include <QCoreApplication>
#include <QFile>

namespace {

using namespace sws::cli;

struct Command {
    const char *name;
    int (*run)(const QStringList &args);
    const char *summary;
};

// To add a command: write cmd_<name>.cpp, declare its function in cli.h, add a row here.
constexpr Command kCommands[] = {
    {"keygen", cmdKeygen, "make a box key pair (box-kp.json)"},
    {"cert", cmdCert, "make, validate and show nacl-cert certificates"},
    {"serve", cmdServe, "run a SecureWebSocket server (echo or chat)"},
    {"connect", cmdConnect, "connect to a server: stdin lines out, messages in"},
    {"identity", cmdIdentity, "key pairs kept in the profile (optionally passphrase-protected)"},
    {"trust", cmdTrust, "CAs trusted for version 2 sessions"},
    {"pin", cmdPin, "server keys pinned per endpoint"},
    {"invite", cmdInvite, "print the invitation link for a server key and URL"},
    {"proxy", cmdProxy, "forward SWS sessions to a server and print every message"},
    {"history", cmdHistory, "the conversations kept (encrypted): list, export"},
};

void printHelp() {
    QStringList lines{QStringLiteral("usage: sws [-p DIR] COMMAND [ARGS...] | sws -V | sws -h"),
                      QString(),
                      QStringLiteral("SecureWebSocket (NaCl over WebSocket) command line."),
                      QString(), QStringLiteral("commands:")};
    for (const Command &c : kCommands) {
        lines << QStringLiteral("  %1%2").arg(QString::fromLatin1(c.name).leftJustified(10),
                                              QString::fromLatin1(c.summary));
    }
    lines << QString() << QStringLiteral("options:")
          << QStringLiteral("  -p, --profile DIR  the profile directory for the command (as "
                            "$SWS_PROFILE)")
          << QStringLiteral("  -V, --version      print \"sws VERSION\" and exit")
          << QStringLiteral("  -h, --help         show this help") << QString()
          << QStringLiteral("'sws COMMAND --help' describes a command.")
          << QStringLiteral("Output: what a command produces (keys, certificates, listings, "
                            "JSON, received\nmessages, links) goes to stdout; progress, "
                            "confirmations, warnings and errors go\nto stderr.")
          << QStringLiteral("Exit status: 0 success, 1 failure, 2 wrong usage; connect and serve "
                            "stopped by\nSIGINT or SIGTERM: 130 or 143 (128 + the signal number).");
    out(lines.join(QLatin1Char('\n')));
}

const Command *findCommand(const QString &name) {
    for (const Command &c : kCommands) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

// Runs the command args name; *command is its name once known, for messages.
int dispatch(QStringList args, QString *command) {
    if (args.isEmpty())
        return usageError({}, QStringLiteral("missing command"));
    // "sws --profile DIR COMMAND ...": the profile for every command (as $SWS_PROFILE).
    while (args.size() >= 2 &&
           (args.first() == QLatin1String("--profile") || args.first() == QLatin1String("-p"))) {
        qputenv("SWS_PROFILE", QFile::encodeName(args.at(1)));
        args = args.mid(2);
    }
    if (args.isEmpty())
        return usageError({}, QStringLiteral("missing command"));
    const QString name = args.takeFirst();
    if (name == QLatin1String("--version") || name == QLatin1String("-V")) {
        out(QStringLiteral("sws ") + version());
        return kExitOk;
    }
    if (name == QLatin1String("--help") || name == QLatin1String("-h") ||
        name == QLatin1String("help")) {
        if (args.isEmpty()) {
            printHelp();
            return kExitOk;
        }
        // "sws help cert genca" is "sws cert genca --help".
        const Command *c = findCommand(args.first());
        if (!c)
            return usageError(
                {},
                QStringLiteral("unknown command %1").arg(sws::cert::displayText(args.first(), 32)));
        return c->run(args.mid(1) << QStringLiteral("--help"));
    }
    if (const Command *c = findCommand(name)) {
        *command = name;
        return c->run(args);
    }
    return usageError({},
                      QStringLiteral("unknown command %1").arg(sws::cert::displayText(name, 32)));
}

} // namespace

int main(int argc, char **argv) {
    sws::app::reopenClosedStdFds(); // before Qt opens any descriptor
    QCoreApplication app(argc, argv);
    QString command;
    const int code = dispatch(QCoreApplication::arguments().mid(1), &command);
    return finishOutput(command, code);
}
