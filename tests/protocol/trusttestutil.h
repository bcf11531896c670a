#pragma once

// Helpers shared by the profile, trust store and pinning tests (protocol, ui and app).
#include "crypto.h"
#include "passphrase.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTest>
#include <QUrl>

#include <sys/stat.h>
#include <unistd.h>

namespace trusttest {

// The permission bits as the kernel has them.
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

// Every way a secret could show up in a file: raw, hex (both cases), the JSON decimal array
// (with and without spaces), base64 and base64url.
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

// Answers from a list, counting the requests; empty list entries mean "cancelled".
class ScriptedPassphrase : public sws::PassphraseProvider {
public:
    explicit ScriptedPassphrase(QStringList answers)
        : m_answers(std::move(answers)) {}
    sws::Expected<sws::SecretBuffer, QString> passphrase(const sws::PassphraseRequest &r) override {
        requests << r;
        if (m_answers.isEmpty() || m_answers.first().isEmpty()) {
            if (!m_answers.isEmpty())
                m_answers.removeFirst();
            return sws::unexpected(QStringLiteral("cancelled"));
        }
        const QByteArray utf8 = m_answers.takeFirst().toUtf8();
        return sws::SecretBuffer(reinterpret_cast<const unsigned char *>(utf8.constData()),
                                 static_cast<std::size_t>(utf8.size()));
    }
    bool canRetry() const override { return retry; }
    QList<sws::PassphraseRequest> requests;
    bool retry = true; // false: like a file, a wrong passphrase fails at once

private:
    QStringList m_answers;
};

// A real `sws serve` (the binary at SWS_CLI_PATH) on 127.0.0.1.
class LiveServer {
public:
    ~LiveServer() { stop(); }
    // port 0 picks a free port; read it from port() afterwards. Without keyFile, `extra` says
    // where the key comes from (--identity).
    bool start(const QString &keyFile, quint16 port = 0, const QStringList &extra = {}) {
        stop();
        m_proc.setProcessChannelMode(QProcess::SeparateChannels);
        QStringList args{QStringLiteral("serve"), QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:%1").arg(port)};
        if (!keyFile.isEmpty())
            args << QStringLiteral("--key") << keyFile;
        m_proc.start(QStringLiteral(SWS_CLI_PATH), args + extra);
        if (!m_proc.waitForStarted(10000))
            return false;
        QByteArray line;
        (void)QTest::qWaitFor(
            [&] {
                if (m_proc.canReadLine())
                    line = m_proc.readLine();
                return line.startsWith("listening ") || m_proc.state() == QProcess::NotRunning;
            },
            15000);
        if (!line.startsWith("listening "))
            return false;
        m_url = QUrl(QString::fromUtf8(line.mid(10).trimmed()));
        return m_url.isValid() && m_url.port() > 0;
    }
    void stop() {
        if (m_proc.state() == QProcess::NotRunning)
            return;
        m_proc.terminate();
        if (!m_proc.waitForFinished(5000)) {
            m_proc.kill();
            m_proc.waitForFinished(5000);
        }
    }
    QUrl url() const { return m_url; }
    quint16 port() const { return static_cast<quint16>(m_url.port()); }
    QByteArray errors() { return m_proc.readAllStandardError(); }

private:
    QProcess m_proc;
    QUrl m_url;
};

struct Run {
    int code = -1;
    QString out, err;
};

// An environment that never reaches the user's real profile or passphrase.
inline QProcessEnvironment cleanEnvironment(const QString &home) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("SWS_PROFILE"));
    env.remove(QStringLiteral("SWS_PASSPHRASE"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/xdg-data"));
    env.insert(QStringLiteral("HOME"), home);
    return env;
}

// Runs `sws` to the end with input on stdin, without a controlling terminal (setsid), so a
// passphrase prompt can never wait for a person.
inline Run runSws(const QStringList &args, const QProcessEnvironment &env,
                  const QByteArray &input = {}) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.setChildProcessModifier([] { (void)::setsid(); });
    p.start(QStringLiteral(SWS_CLI_PATH), args);
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

} // namespace trusttest
