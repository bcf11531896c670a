#include "trust/pinningverifier.h"

#include <QDateTime>

namespace sws {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

} // namespace

QString pinPolicyName(PinPolicy p) {
    switch (p) {
    case PinPolicy::Strict:
        return str("strict");
    case PinPolicy::Ask:
        return str("ask");
    case PinPolicy::AcceptNew:
        return str("accept-new");
    case PinPolicy::Off:
        return str("off");
    }
    return str("strict");
}

std::optional<PinPolicy> parsePinPolicy(const QString &name) {
    for (PinPolicy p : {PinPolicy::Strict, PinPolicy::Ask, PinPolicy::AcceptNew, PinPolicy::Off}) {
        if (name == pinPolicyName(p))
            return p;
    }
    return std::nullopt;
}

PinningVerifier::PinningVerifier(TrustService &trust, PinPolicy policy)
    : m_trust(trust)
    , m_policy(policy) {}

QString PinningVerifier::changedKeyReason(const QByteArray &pinned, const QByteArray &presented) {
    // With "peer key differs from the pinned key: " in front: 38 + 77 = 115 of 123 bytes.
    return str("pinned %1, got %2; remove the pin")
        .arg(fingerprint(pinned), fingerprint(presented));
}

PeerVerifier::Result PinningVerifier::verify(const PeerIdentity &peer) {
    m_last = Outcome{};
    m_last.endpoint = peer.endpoint;
    m_last.presentedKey = peer.publicKey;
    if (m_policy == PinPolicy::Off || peer.localRole != Role::Client)
        return {};
    const std::shared_ptr<const TrustStore> store = m_trust.snapshot();
    if (const TrustStore::Pin *p = store->pin(peer.endpoint)) {
        m_last.pinnedKey = p->publicKey;
        m_last.pinnedVerified = p->verified;
        if (p->publicKey == peer.publicKey)
            return {};
        m_last.decision = Decision::Reject;
        m_last.error = SessionError::PeerKeyChanged;
        return {Decision::Reject, SessionError::PeerKeyChanged,
                changedKeyReason(p->publicKey, peer.publicKey)};
    }
    if (m_policy != PinPolicy::Strict && peer.verdict && peer.verdict->valid) {
        m_last.certified = true;
        return {};
    }
    switch (m_policy) {
    case PinPolicy::Strict:
        m_last.decision = Decision::Reject;
        m_last.error = SessionError::PeerKeyNotTrusted;
        return {Decision::Reject, SessionError::PeerKeyNotTrusted,
                str("no key pinned for this server (policy strict); got %1")
                    .arg(fingerprint(peer.publicKey))};
    case PinPolicy::Ask:
        m_last.decision = Decision::Ask;
        return {Decision::Ask, SessionError::None, {}};
    case PinPolicy::AcceptNew: {
        m_last.newlyPinned = true;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_trust.write([endpoint = peer.endpoint, key = peer.publicKey, now](TrustStore &s) {
            // Pinned on first use: never over a key another program pinned meanwhile.
            if (!s.pin(endpoint))
                s.setPin(endpoint, key, false, now);
        });
        return {};
    }
    case PinPolicy::Off:
        break;
    }
    return {};
}

void PinningVerifier::pinAccepted(const PeerIdentity &peer, bool verified) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_trust.write([endpoint = peer.endpoint, key = peer.publicKey, verified, now](TrustStore &s) {
        s.setPin(endpoint, key, verified, now);
    });
}

QString PinningVerifier::explain(const Outcome &o, const QString &howToRemovePin,
                                 const QString &howToAccept) {
    QStringList lines;
    if (o.error == SessionError::PeerKeyChanged) {
        lines << str("The server at %1 presented a different key than the one pinned for it.")
                     .arg(o.endpoint)
              << str("  pinned key:    %1%2")
                     .arg(fingerprint(o.pinnedKey),
                          o.pinnedVerified ? str(" (you had verified it)") : QString())
              << str("  presented key: %1").arg(fingerprint(o.presentedKey))
              << str("Either the server's key was replaced, or someone is intercepting the "
                     "connection. Nothing was sent.")
              << str("If the owner of the server confirms the new fingerprint, remove the old "
                     "pin and connect again:")
              << str("  ") + howToRemovePin;
    } else if (o.decision == Decision::Ask || o.error == SessionError::PeerKeyNotTrusted) {
        lines << str("The server at %1 has a key that is not pinned yet:").arg(o.endpoint)
              << str("  presented key: %1").arg(fingerprint(o.presentedKey))
              << str("Nothing was sent. Compare the fingerprint with the one the server's owner "
                     "gave you; if it matches, pin the key:")
              << str("  ") + howToAccept;
    } else if (o.newlyPinned) {
        lines << str("Pinned the key of %1 on first use: %2")
                     .arg(o.endpoint, fingerprint(o.presentedKey));
    } else if (o.certified) {
        lines << str("The key of %1 is certified by a trusted CA (not pinned): %2")
                     .arg(o.endpoint, fingerprint(o.presentedKey));
    } else {
        lines << str("The key of %1 is accepted: %2").arg(o.endpoint, fingerprint(o.presentedKey));
    }
    return lines.join(QLatin1Char('\n'));
}

PeerVerifier::Result KnownKeyVerifier::verify(const PeerIdentity &peer) {
    if (peer.localRole != Role::Client || peer.publicKey == m_key)
        return {};
    return {Decision::Reject, SessionError::PeerKeyChanged,
            str("expected %1, got %2").arg(fingerprint(m_key), fingerprint(peer.publicKey))};
}

} // namespace sws
