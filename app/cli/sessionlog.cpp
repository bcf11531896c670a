#include "sessionlog.h"

#include "cert/keyfiles.h"
#include "cert/peerquirks.h"
#include "cli.h"

namespace sws::cli {

void logSession(SecureWebSocket *s, const QString &who) {
    QObject::connect(s, &SecureWebSocket::handshakeMessage, s, [who](const HandshakeRecord &r) {
        const QString dir = r.direction == HandshakeRecord::Direction::Sent
                                ? QStringLiteral("sent")
                                : QStringLiteral("received");
        QString line = QStringLiteral("%1: %2 %3 (%4 bytes)")
                           .arg(who, handshakeStepName(r.step), dir)
                           .arg(r.rawJson.size());
        if (r.failure)
            line += QStringLiteral(" -> %1").arg(r.failure->reason);
        err(line);
    });
    QObject::connect(s, &SecureWebSocket::peerCertificateChecked, s, [who](const cert::Verdict &v) {
        err(QStringLiteral("%1: peer certificate %2")
                .arg(who, v.valid ? QStringLiteral("valid") : v.message));
    });
    QObject::connect(s, &SecureWebSocket::secured, s, [s, who] {
        err(QStringLiteral("%1: secured (v%2), peer key %3")
                .arg(who)
                .arg(s->version())
                .arg(fingerprint(s->peerPublicKey())));
    });
    QObject::connect(s, &SecureWebSocket::errorOccurred, s, [s, who](SessionError e) {
        err(QStringLiteral("%1: error %2 (close code %3): %4")
                .arg(who, sessionErrorName(e))
                .arg(s->closeCode())
                .arg(s->errorString()));
    });
    QObject::connect(s, &SecureWebSocket::disconnected, s, [s, who] {
        err(QStringLiteral("%1: closed (code %2%3)")
                .arg(who)
                .arg(s->closeCode())
                .arg(s->closeReason().isEmpty()
                         ? QString()
                         : QStringLiteral(", ") + cert::displayText(s->closeReason(), 123)));
    });
}

void warnJavaReferenceClient(SecureWebSocket *s, const QString &command) {
    QObject::connect(
        s, &SecureWebSocket::handshakeMessage, s, [s, command](const HandshakeRecord &r) {
            if (r.step != HandshakeStep::ClientHello ||
                r.direction != HandshakeRecord::Direction::Received ||
                !quirks::looksLikeJavaReferenceClient(r.rawJson))
                return;
            err(QStringLiteral(
                    "sws %1: warning: the client at %2:%3 looks like the Java reference "
                    "implementation, whose nonces and share keys come from java.util.Random "
                    "and are predictable: anyone who saw this handshake can read the "
                    "session")
                    .arg(command, s->peerAddress().toString())
                    .arg(s->peerPort()));
        });
}

bool loadIdentity(const QString &command, const IdentityOptions &opts, SessionConfig &cfg,
                  int *exitCode) {
    if (!opts.keyPath.isEmpty()) {
        warnIfSecretFileExposed(command, opts.keyPath);
        auto kp = keyfiles::readBoxKeyPair(opts.keyPath);
        if (!kp) {
            *exitCode = failure(command, kp.error().message);
            return false;
        }
        cfg.keyPair = std::move(*kp);
    } else if (cfg.keyPair.publicKey.isEmpty()) {
        cfg.keyPair = BoxKeyPair::generate();
    }
    if (!opts.certPath.isEmpty()) {
        auto c = keyfiles::readCertificate(opts.certPath);
        if (!c) {
            *exitCode = failure(command, c.error().message);
            return false;
        }
        if (c->publicKey() != cfg.keyPair.publicKey) {
            *exitCode = failure(command, QStringLiteral("%1 is not issued for this key pair (its "
                                                        "publickey differs)")
                                             .arg(opts.certPath));
            return false;
        }
        cfg.certificate = *c;
    }
    if (!opts.caPath.isEmpty()) {
        auto ca = keyfiles::readCertificate(opts.caPath);
        if (!ca) {
            *exitCode = failure(command, ca.error().message);
            return false;
        }
        const cert::Verdict v = cert::validate(*ca, nullptr, nowMs());
        if (!ca->isSelfSigned() || !v.valid) {
            *exitCode =
                failure(command, QStringLiteral("%1 is not a valid CA certificate: %2")
                                     .arg(opts.caPath, ca->isSelfSigned()
                                                           ? v.message
                                                           : QStringLiteral("not self-signed")));
            return false;
        }
        cfg.trustedCas = {*ca};
    }
    if (cfg.certificate && !cfg.trustedCas.isEmpty()) {
        const cert::Verdict v = cert::validate(*cfg.certificate, &cfg.trustedCas.first(), nowMs());
        if (!v.valid) // may be issued by another CA that the peer trusts: say so, go on
            err(QStringLiteral("sws %1: warning: %2 does not validate against %3: %4")
                    .arg(command, opts.certPath, opts.caPath, v.message));
    }
    return true;
}

} // namespace sws::cli
