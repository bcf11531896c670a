#pragma once

// Helpers every test layer shares (protocol, ui, app, interop): short literals, files and their
// permission bits, secrets in output, and child processes such as the `sws` binary.
#include <QByteArray>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <sys/stat.h>
#include <unistd.h>

namespace testutil {

inline QString s(const char *utf8) {
    return QString::fromUtf8(utf8);
}

inline QByteArray hex(const char *h) {
    return QByteArray::fromHex(h);
}

// The permission bits as the kernel has them, of the path itself (a link is not followed).
inline int modeOf(const QString &path) {
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return static_cast<int>(st.st_mode & 07777);
}

inline QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeAll(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Every way a secret could show up in a file or an output: raw, hex (both cases), the JSON
// decimal array (with and without spaces), base64 and base64url.
inline QList<QByteArray> secretForms(const QByteArray &secret) {
    QStringList numbers;
    for (char c : secret)
        numbers << QString::number(static_cast<unsigned char>(c));
    return {secret,
            secret.toHex(),
            secret.toHex().toUpper(),
            numbers.join(QLatin1Char(',')).toLatin1(),
            numbers.join(QStringLiteral(", ")).toLatin1(),
            secret.toBase64(QByteArray::OmitTrailingEquals),
            secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)};
}

// Which form of the secret the bytes contain, or an empty string.
inline QString findSecret(const QByteArray &bytes, const QByteArray &secret) {
    const QList<QByteArray> forms = secretForms(secret);
    for (int i = 0; i < forms.size(); ++i) {
        if (bytes.contains(forms.at(i)))
            return QStringLiteral("form %1").arg(i);
    }
    return {};
}

// How a child process ended: code -1 when it did not start, crashed or timed out.
struct Run {
    int code = -1;
    QString out, err;
};

// Runs a program to the end with input on stdin (then closed), in cwd (empty: ours), with env
// (empty: ours), without a controlling terminal (setsid), so a passphrase prompt can never wait
// for a person. A run past 60 s is killed.
inline Run runProcess(const QString &program, const QStringList &args, const QString &cwd = {},
                      const QProcessEnvironment &env = {}, const QByteArray &input = {},
                      const QString &stdoutFile = {}) {
    QProcess p;
    if (!stdoutFile.isEmpty())
        p.setStandardOutputFile(stdoutFile);
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.setChildProcessModifier([] { (void)::setsid(); });
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

#ifdef SWS_CLI_PATH
// The `sws` binary of this build (SWS_CLI_PATH, set by tests/CMakeLists.txt).
inline Run runSws(const QStringList &args, const QProcessEnvironment &env = {},
                  const QByteArray &input = {}, const QString &cwd = {},
                  const QString &stdoutFile = {}) {
    return runProcess(QStringLiteral(SWS_CLI_PATH), args, cwd, env, input, stdoutFile);
}
#endif

// An environment that never reaches the user's real profile or passphrase: HOME and
// XDG_DATA_HOME inside home, SWS_PROFILE and SWS_PASSPHRASE unset.
inline QProcessEnvironment cleanEnvironment(const QString &home) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("SWS_PROFILE"));
    env.remove(QStringLiteral("SWS_PASSPHRASE"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/xdg-data"));
    env.insert(QStringLiteral("HOME"), home);
    return env;
}

} // namespace testutil
