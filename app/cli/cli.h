#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// Helpers shared by the `sws` subcommands: argument parsing, help, output and exit codes.
namespace sws::cli {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1; // the command ran and failed (invalid certificate, I/O)
inline constexpr int kExitUsage = 2;   // the command line was wrong
// connect and serve stopped by SIGINT or SIGTERM end with 128 + the signal number (130, 143).
inline constexpr int kExitSignalBase = 128;

// ---- Commands: one file each (cmd_<group>.cpp), listed in main.cpp's table. ----
// args holds what follows the command name.
int cmdKeygen(const QStringList &args);   // cmd_keygen.cpp
int cmdCert(const QStringList &args);     // cmd_cert.cpp
int cmdServe(const QStringList &args);    // cmd_serve.cpp
int cmdConnect(const QStringList &args);  // cmd_connect.cpp
int cmdIdentity(const QStringList &args); // cmd_identity.cpp
int cmdTrust(const QStringList &args);    // cmd_trust.cpp
int cmdPin(const QStringList &args);      // cmd_pin.cpp
int cmdInvite(const QStringList &args);   // cmd_invite.cpp
int cmdProxy(const QStringList &args);    // cmd_proxy.cpp
int cmdHistory(const QStringList &args);  // cmd_history.cpp

QString version();

// Output: one line each, UTF-8, flushed. out() and outBytes() return false once a write to
// stdout has failed; nothing more is written then, and main() ends the command with exit 1
// and outputError() on stderr. Errors writing to stderr are ignored.
bool out(const QString &line);
bool outBytes(const QByteArray &bytes); // as they are, flushed
void err(const QString &line);
// --json: the whole result as one compact JSON document on one stdout line.
bool outJson(const QJsonObject &object);
bool outJson(const QJsonArray &array);

// "cannot write to standard output: REASON" once a write to stdout failed, else empty.
QString outputError();
// The exit status of a command that returned code: flushes stdout and, when any output was
// lost, reports it on stderr and turns a success into kExitFailure.
int finishOutput(const QString &command, int code);

// "sws <command>: <message>" on stderr, returns kExitFailure.
int failure(const QString &command, const QString &message);
// "sws <command>: <message> (see 'sws <command> --help')" on one stderr line, returns kExitUsage.
int usageError(const QString &command, const QString &message);

struct Option {
    QString name;      // without the dashes: "out" for --out
    QString valueName; // "FILE"; empty for a flag
    QString help;
    bool required = false;
};

// The one-letter form of an option, the same in every command that has the option:
// -o --out, -k --key, -i --identity, -p --profile, -v --verbose, -f --format, -l --listen.
// A null QChar when it has none.
QChar shortName(const QString &name);

// --json, for the commands that list or show something.
Option jsonOption();

struct CommandSpec {
    QString command;  // "cert genca", as in messages
    QString synopsis; // "--name NAME --days N [--out-dir DIR] [--force]"
    QString summary;  // one line
    std::vector<Option> options;
    QStringList positionals; // names of the positional arguments in order; "[NAME]" optional
    QString details;         // more help text, may be empty
};

class Args {
public:
    bool has(const QString &name) const { return m_values.contains(name); }
    QString value(const QString &name) const { return m_values.value(name); }
    const QStringList &positionals() const { return m_positionals; }

private:
    friend std::optional<int> parse(const CommandSpec &, const QStringList &, Args *);
    QHash<QString, QString> m_values; // flags map to an empty string
    QStringList m_positionals;
};

// Parses args against spec: --name VALUE and --name=VALUE, flags, the short forms -X VALUE and
// -XVALUE (shortName()), "--" ends the options. A lone "-" is an argument (stdout for --out).
// Unknown, repeated or incomplete options and a wrong number of positionals are usage errors.
// Returns the exit code to end with when the command must not run: --help (0, help printed)
// or a usage error (2, one line printed); nullopt when the command should run.
std::optional<int> parse(const CommandSpec &spec, const QStringList &args, Args *out);

// The help of a command. Its usage line lists every option: those the synopsis does not
// mention are appended as "[--name VALUE]".
QString helpText(const CommandSpec &spec);
QString usageLine(const CommandSpec &spec);

// Parsers for option values; nullopt when the value is unusable.
std::optional<double> parseDays(const QString &text); // a positive number of days, up to 100000
QStringList splitList(const QString &text);           // "a, b,c" -> {"a","b","c"}; empty items kept

// Current time in milliseconds since 1970 (UTC).
qint64 nowMs();
// "2026-11-26T01:16:18.123Z"
QString isoUtc(qint64 ms);

// Before a secret key file is read: a warning on stderr when group or others may access it
// ("sws COMMAND: warning: FILE is readable by others (mode 0644); chmod 600 FILE"), as ssh
// gives. Only a warning: the reference CLI writes its key files with the umask's mode.
void warnIfSecretFileExposed(const QString &command, const QString &path);

// A file name a command may derive from a certificate or CA name ("NAME-cert.json"):
// nonempty, no path separators, no control characters, not "." or "..".
bool isSafeFileStem(const QString &name);

} // namespace sws::cli
