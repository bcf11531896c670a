#include "benchpki.h"

#include "cert/keyfiles.h"
#include "cert/naclcert.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>

namespace sws::bench {

namespace {

QString in(const QString &dir, const char *name) {
    return QDir(dir).filePath(QString::fromLatin1(name));
}

bool makeTlsFiles(const QString &dir, QString *error) {
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    // ECDSA P-256: the signature a modern TLS deployment uses, and the fastest to handshake.
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), tlsKeyPath(dir), QStringLiteral("-out"),
                   tlsCertPath(dir), QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0) {
        *error = QStringLiteral("openssl req failed: ") +
                 (openssl.error() == QProcess::FailedToStart
                      ? QStringLiteral("openssl not found")
                      : QString::fromLocal8Bit(openssl.readAll()).trimmed());
        return false;
    }
    QSslConfiguration probe;
    return tlsServerConfig(dir, &probe, error);
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

QString tlsCertPath(const QString &dir) {
    return in(dir, "tls-cert.pem");
}
QString tlsKeyPath(const QString &dir) {
    return in(dir, "tls-key.pem");
}
QString serverKeyPath(const QString &dir) {
    return in(dir, "server-kp.json");
}
QString serverCertPath(const QString &dir) {
    return in(dir, "server-cert.json");
}
QString caCertPath(const QString &dir) {
    return in(dir, "ca-ca-cert.json");
}
static QString clientKeyPath(const QString &dir) {
    return in(dir, "client-kp.json");
}

bool makeBenchFiles(const QString &dir, bool *tlsReady, QString *tlsError, QString *error) {
    *tlsReady = makeTlsFiles(dir, tlsError);

    const BoxKeyPair serverKeys = BoxKeyPair::generate();
    const BoxKeyPair clientKeys = BoxKeyPair::generate();
    const cert::CaKey ca =
        cert::generateCa(QStringLiteral("bench-ca.test"), nowMs() + 86400000LL, nowMs());
    cert::CertRequest req;
    req.publicKey = serverKeys.publicKey;
    req.names = QStringList{QStringLiteral("localhost")};
    req.ips = QStringList{QStringLiteral("127.0.0.1")};
    req.tteMs = nowMs() + 3600000LL * 12;
    auto serverCert = cert::sign(req, ca, nowMs());
    if (!serverCert) {
        *error = serverCert.error();
        return false;
    }
    for (const auto &written : {keyfiles::writeBoxKeyPair(serverKeyPath(dir), serverKeys, true),
                                keyfiles::writeBoxKeyPair(clientKeyPath(dir), clientKeys, true),
                                keyfiles::writeCertificate(serverCertPath(dir), *serverCert, true),
                                keyfiles::writeCertificate(caCertPath(dir), ca.cert, true)}) {
        if (!written) {
            *error = written.error().message;
            return false;
        }
    }
    return true;
}

bool tlsServerConfig(const QString &dir, QSslConfiguration *out, QString *error) {
    QFile certFile(tlsCertPath(dir));
    QFile keyFile(tlsKeyPath(dir));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS certificate or key in ") + dir;
        return false;
    }
    const QSslCertificate cert(&certFile, QSsl::Pem);
    const QSslKey key(&keyFile, QSsl::Ec, QSsl::Pem);
    if (cert.isNull() || key.isNull()) {
        *error = QStringLiteral("the TLS certificate or key does not load (no TLS backend?)");
        return false;
    }
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setLocalCertificate(cert);
    c.setPrivateKey(key);
    c.setPeerVerifyMode(QSslSocket::VerifyNone); // clients show no certificate
    *out = c;
    return true;
}

bool tlsClientConfig(const QString &dir, QSslConfiguration *out, QString *error) {
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(tlsCertPath(dir), QSsl::Pem);
    if (certs.isEmpty()) {
        *error = QStringLiteral("cannot read ") + tlsCertPath(dir);
        return false;
    }
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setCaCertificates(certs); // the self-signed certificate is the only trusted root
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    *out = c;
    return true;
}

bool swsServerConfig(const QString &dir, int version, ServerConfig *out, QString *error) {
    auto keys = keyfiles::readBoxKeyPair(serverKeyPath(dir));
    if (!keys) {
        *error = keys.error().message;
        return false;
    }
    ServerConfig c;
    c.session.version = version;
    c.session.keyPair = std::move(*keys);
    if (version >= 2) {
        auto cert = keyfiles::readCertificate(serverCertPath(dir));
        auto ca = keyfiles::readCertificate(caCertPath(dir));
        if (!cert || !ca) {
            *error = !cert ? cert.error().message : ca.error().message;
            return false;
        }
        c.session.certificate = *cert;
        c.session.trustedCas = {*ca};
    }
    // The default caps (256 at once, 64 per address) queue or refuse part of a 500-client burst
    // from one address; the benchmark measures how fast the server secures them all at once,
    // so it lifts them.
    c.maxPendingHandshakes = 4096;
    c.maxHandshakesPerSource = 4096; // every client comes from 127.0.0.1
    // 64 echoes of 1 MiB in flight may all wait at once: more than the 64 MiB default backlog.
    c.session.maxUnsentBytes = 256 * 1024 * 1024;
    *out = std::move(c);
    return true;
}

bool swsClientConfig(const QString &dir, int version, SessionConfig *out, QString *error) {
    auto keys = keyfiles::readBoxKeyPair(clientKeyPath(dir));
    if (!keys) {
        *error = keys.error().message;
        return false;
    }
    SessionConfig c;
    c.version = version;
    c.keyPair = std::move(*keys);
    // The client puts 64 messages of 1 MiB in flight at once: more than the 64 MiB default.
    c.maxUnsentBytes = 256 * 1024 * 1024;
    if (version >= 2) {
        auto ca = keyfiles::readCertificate(caCertPath(dir));
        if (!ca) {
            *error = ca.error().message;
            return false;
        }
        c.trustedCas = {*ca};
    }
    *out = std::move(c);
    return true;
}

} // namespace sws::bench
