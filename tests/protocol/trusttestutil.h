#pragma once

// Helpers shared by the profile, trust store and pinning tests (protocol, ui and app); the
// general ones (files, modes, secrets, runSws) are in tests/common/testutil.h.
#include "cert/keyfiles.h"
#include "crypto/crypto.h"
#include "profile/passphrase.h"
#include "testutil.h"

#include <QProcess>
#include <QStringList>
#include <QTest>
#include <QUrl>

namespace trusttest {

// Writes a fresh box key pair to path in the reference's box-kp.json format (what `sws serve
// --key` reads); returns its public key, or empty bytes when the file could not be written.
inline QByteArray writeFreshKey(const QString &path) {
    const sws::BoxKeyPair kp = sws::BoxKeyPair::generate();
    return sws::keyfiles::writeBoxKeyPair(path, kp, false) ? kp.publicKey : QByteArray();
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

} // namespace trusttest
