#include "connecttrust.h"

#include "cert/keyfiles.h"
#include "cliprofile.h"

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

} // namespace

std::vector<Option> connectTrustOptions() {
    return {profileOption(),
            {str("identity"), str("NAME"),
             str("use the profile's identity NAME (instead of --key); its certificate with v2")},
            passphraseFileOption(),
            {str("pin-policy"), str("POLICY"),
             str("new server keys: strict, ask (refused here), accept-new (default), off")},
            {str("v2"),
             {},
             str("version 2, trusting the enabled CAs of the profile (when --ca is not given)")}};
}

bool setupConnectTrust(const QString &command, const Args &a, SessionConfig &cfg,
                       ConnectTrust &trust, int *exitCode) {
    const auto parsed =
        parsePinPolicy(a.has(str("pin-policy")) ? a.value(str("pin-policy")) : str("accept-new"));
    if (!parsed) {
        *exitCode = usageError(command, str("--pin-policy is strict, ask, accept-new or off"));
        return false;
    }
    const PinPolicy policy = *parsed;
    if (a.has(str("identity")) && a.has(str("key"))) {
        *exitCode = usageError(command, str("--identity and --key exclude each other"));
        return false;
    }
    const Profile profile = openProfile(a);
    const qint64 now = nowMs();
    if (a.has(str("identity"))) {
        const QString name = a.value(str("identity"));
        const auto id = unlockProfileIdentity(command, a, cfg, exitCode);
        if (!id)
            return false;
        if (a.has(str("cert"))) {
            auto c = keyfiles::readCertificate(a.value(str("cert")));
            if (!c || c->publicKey() != cfg.keyPair.publicKey) {
                *exitCode = failure(
                    command,
                    c ? str("%1 is not issued for identity %2").arg(a.value(str("cert")), name)
                      : c.error().message);
                return false;
            }
            cfg.certificate = std::move(c).value();
        } else if (cfg.version == 2 && id->certificate) {
            cfg.certificate = id->certificate;
        }
    }
    if (policy != PinPolicy::Off || (cfg.version == 2 && !a.has(str("ca")))) {
        trust.trust = std::make_unique<TrustService>(profile);
        if (!trust.trust->loadError().isEmpty()) {
            *exitCode = failure(command, trust.trust->loadError());
            return false;
        }
    }
    if (cfg.version == 2 && !a.has(str("ca"))) {
        cfg.trustedCas = trust.trust->snapshot()->enabledCas(now);
        if (cfg.trustedCas.isEmpty()) {
            *exitCode = failure(command, str("--v2: the trust store has no enabled, unexpired CA "
                                             "(see 'sws trust list', 'sws trust add'), or give "
                                             "--ca"));
            return false;
        }
    }
    if (policy != PinPolicy::Off) {
        trust.verifier = std::make_shared<PinningVerifier>(*trust.trust, policy);
        trust.profileHint = profileHint(a);
        cfg.verifier = trust.verifier;
    }
    return true;
}

void watchPinning(SecureWebSocket *session, const ConnectTrust &trust, const QUrl &url) {
    if (!trust.verifier)
        return;
    QObject::connect(
        session, &SecureWebSocket::peerApprovalRequired, session, [session](const PeerIdentity &) {
            session->approvePeer(false, str("key not pinned; pin policy ask cannot ask here"),
                                 SessionError::PeerKeyNotTrusted);
        });
    const auto verifier = trust.verifier;
    // The hints name the endpoint as the pins do, and the profile as it was given.
    const QString endpoint = endpointKey(url);
    const QString remove = str("sws pin remove %1%2").arg(endpoint, trust.profileHint);
    const QString addPrefix = str("sws pin add ") + endpoint + QLatin1Char(' ');
    const QString profile = trust.profileHint;
    QObject::connect(
        session, &SecureWebSocket::errorOccurred, session,
        [verifier, remove, addPrefix, profile](SessionError e) {
            if (e != SessionError::PeerKeyChanged && e != SessionError::PeerKeyNotTrusted)
                return;
            const PinningVerifier::Outcome &o = verifier->lastOutcome();
            QString text =
                PinningVerifier::explain(o, remove, addPrefix + toHex(o.presentedKey) + profile);
            if (o.decision == PeerVerifier::Decision::Ask)
                text += str("\n(or connect with --pin-policy accept-new to pin it on "
                            "first use)");
            for (const QString &line : text.split(QLatin1Char('\n')))
                err(str("sws connect: ") + line);
        });
    QObject::connect(session, &SecureWebSocket::secured, session, [verifier] {
        const PinningVerifier::Outcome &o = verifier->lastOutcome();
        if (!o.newlyPinned && !o.certified)
            return;
        for (const QString &line : PinningVerifier::explain(o, {}, {}).split(QLatin1Char('\n')))
            err(str("sws connect: ") + line);
    });
    // Direct: the writer thread reports it, possibly while the command is already returning.
    QObject::connect(
        trust.trust.get(), &TrustService::writeFailed, trust.trust.get(),
        [](const QString &error) {
            err(str("sws connect: warning: the pin could not be saved: ") + error);
        },
        Qt::DirectConnection);
}

} // namespace sws::cli
