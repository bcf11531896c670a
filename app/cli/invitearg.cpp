#include "invitearg.h"

#include "cliprofile.h"
#include "trust/endpoint.h"
#include "trust/pinningverifier.h"

#include <QNetworkInterface>
#include <qrencode.h>

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

} // namespace

QString inviteArgHelp() {
    return str("\n\nLINK, an invitation (sws-invite:..., see 'sws invite'), gives the URL and "
               "the only\nserver key accepted, whatever the pin policy; a v2 link also names the "
               "CA. Once\nsecured, the key is pinned for the URL and marked verified.");
}

bool readInviteArg(const QString &command, const QString &text, std::optional<Invitation> *invite,
                   int *exitCode) {
    if (!isInvitationLink(text))
        return true;
    auto inv = decode(text);
    if (!inv) {
        *exitCode = failure(command, invitationErrorString(inv.error()));
        return false;
    }
    *invite = std::move(*inv);
    return true;
}

bool applyInvite(const QString &command, const Invitation &invite, const Args &a,
                 SessionConfig &cfg, ConnectTrust &trust, int *exitCode) {
    if (cfg.version == 2 && invite.version == 1) {
        *exitCode = usageError(command, str("the invitation is for version 1: leave out --v2 and "
                                            "--ca"));
        return false;
    }
    // The pin is written on success whatever the policy: the store is needed even with off.
    if (!trust.trust) {
        trust.trust = std::make_unique<TrustService>(openProfile(a));
        if (!trust.trust->loadError().isEmpty()) {
            *exitCode = failure(command, trust.trust->loadError());
            return false;
        }
    }
    if (invite.version == 2 && cfg.version == 1) {
        // A v2 link without --v2 or --ca: the profile's CAs, the identity's certificate.
        cfg.version = 2;
        cfg.trustedCas = trust.trust->snapshot()->enabledCas(nowMs());
        if (a.has(str("identity")) && !cfg.certificate) {
            if (const auto id = openProfile(a).identity(a.value(str("identity"))))
                cfg.certificate = id->certificate;
        }
    }
    // A v2 link may name the room's CA: then only that one may vouch for the server here.
    QList<cert::Certificate> cas;
    for (const cert::Certificate &ca : cfg.trustedCas)
        if (invite.caFingerprint.isEmpty() || caFingerprintBytes(ca) == invite.caFingerprint)
            cas << ca;
    if (invite.version == 2 && cas.isEmpty()) {
        *exitCode = failure(
            command,
            str("the room's CA%1 is not %2: get its certificate from the inviter and give it with "
                "--ca FILE, or add it with 'sws trust add FILE'")
                .arg(invite.caFingerprint.isEmpty()
                         ? QString()
                         : str(" (fingerprint %1)")
                               .arg(QString::fromLatin1(invite.caFingerprint.toHex())),
                     a.has(str("ca")) ? str("the --ca given")
                                      : str("among the enabled CAs of the trust store")));
        return false;
    }
    cfg.trustedCas = cas;
    trust.verifier.reset(); // the pin policy does not apply: the link names the key
    cfg.verifier = std::make_shared<KnownKeyVerifier>(invite.serverKey);
    return true;
}

void watchInvite(SecureWebSocket *session, const Invitation &invite, ConnectTrust &trust) {
    const QString endpoint = endpointKey(invite.url);
    QObject::connect(
        session, &SecureWebSocket::errorOccurred, session, [session, invite](SessionError e) {
            if (e == SessionError::PeerKeyChanged) {
                err(str("sws connect: the server at %1 is not the one the invitation "
                        "names; refused before anything was sent, nothing pinned")
                        .arg(invite.url.toString()));
                err(str("sws connect:   invitation key %1").arg(fingerprint(invite.serverKey)));
                err(str("sws connect:   server key     %1")
                        .arg(fingerprint(session->peerPublicKey())));
            } else if (e == SessionError::ConnectionFailed) {
                err(str("sws connect: cannot reach %1 from the invitation: the "
                        "room may be closed, or the address only works on the "
                        "inviter's network (ask for a link with an address you "
                        "can reach)")
                        .arg(invite.url.authority()));
            }
        });
    TrustService *service = trust.trust.get();
    QObject::connect(session, &SecureWebSocket::secured, session, [service, endpoint, invite] {
        const TrustStore::Pin *old = service->snapshot()->pin(endpoint);
        const QByteArray previous = old ? old->publicKey : QByteArray();
        const QByteArray key = invite.serverKey;
        const qint64 now = nowMs();
        const auto saved = service->writeAndWait(
            [endpoint, key, now](TrustStore &s) { s.setPin(endpoint, key, true, now); });
        if (!saved) {
            err(str("sws connect: the key could not be pinned: %1").arg(saved.error()));
            return;
        }
        err(str("sws connect: key %1 from the invitation pinned for %2 (verified)%3")
                .arg(fingerprint(invite.serverKey), endpoint,
                     !previous.isEmpty() && previous != invite.serverKey
                         ? str(", replacing %1").arg(fingerprint(previous))
                         : QString()));
    });
}

QString serveInvitationLink(const SessionConfig &cfg, const QUrl &url) {
    return encode(serverInvitation(url, cfg.version, cfg.keyPair.publicKey, cfg.certificate,
                                   cfg.trustedCas, {}));
}

QString terminalQr(const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    QRcode *qr = QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return {};
    const int n = qr->width;
    constexpr int quiet = 4; // the quiet zone the QR standard asks for
    const auto dark = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < n && y < n && (qr->data[y * n + x] & 1);
    };
    // Dark modules are drawn as the terminal's background (spaces) on light blocks, so the
    // code reads right on dark terminals, where scanners want dark-on-light.
    QString out;
    for (int y = -quiet; y < n + quiet; y += 2) {
        for (int x = -quiet; x < n + quiet; ++x) {
            const bool top = !dark(x, y), bottom = !dark(x, y + 1);
            out += top && bottom ? QChar(0x2588)
                   : top         ? QChar(0x2580)
                   : bottom      ? QChar(0x2584)
                                 : QLatin1Char(' ');
        }
        out += QLatin1Char('\n');
    }
    QRcode_free(qr);
    out.chop(1);
    return out;
}

} // namespace sws::cli
