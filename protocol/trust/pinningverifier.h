#pragma once

#include "session/securewebsocket.h"
#include "trust/trustservice.h"
#include "trust/truststore.h"

#include <optional>

namespace sws {

// Trust on first use: what to do with a server key that is not pinned for its endpoint yet.
// A pinned key that differs is refused (PeerKeyChanged) by every policy but Off. Under Ask and
// AcceptNew, an unpinned key whose certificate a trusted CA vouched for (version 2, verdict
// valid) is accepted without asking and without being pinned: the CA is the trust anchor
// there, and may replace the server's key.
enum class PinPolicy {
    Strict,    // only pinned keys (PeerKeyNotTrusted otherwise)
    Ask,       // Decision::Ask: the GUI asks the person; the CLI refuses and says how to pin
    AcceptNew, // pin silently the first time
    Off        // no pinning: accept every key
};
QString pinPolicyName(PinPolicy p); // "strict", "ask", "accept-new", "off"
std::optional<PinPolicy> parsePinPolicy(const QString &name);

// The PeerVerifier of the trust layer, for client sessions. Server sessions (whose endpoint is
// only the client's address) are accepted: pins are for the servers one connects to.
// The service must outlive the verifier. verify() runs in a socket callback: it decides from
// the service's snapshot and queues a new pin (TrustService::write), never waiting for the file.
class PinningVerifier : public PeerVerifier {
public:
    PinningVerifier(TrustService &trust, PinPolicy policy);

    // What the last verify() found, for messages longer than a close reason.
    struct Outcome {
        Decision decision = Decision::Accept;
        SessionError error = SessionError::None;
        QString endpoint;
        QByteArray presentedKey;
        QByteArray pinnedKey; // empty when none was pinned
        bool pinnedVerified = false;
        bool newlyPinned = false; // AcceptNew pinned it now
        bool certified = false;   // accepted unpinned on the strength of a valid certificate
    };

    Result verify(const PeerIdentity &peer) override;
    const Outcome &lastOutcome() const { return m_last; }
    PinPolicy policy() const { return m_policy; }
    TrustService &trust() const { return m_trust; }

    // Answers an Ask with yes: pins the key (verified when the person compared fingerprints) in
    // the snapshot at once; the file follows (a failure is TrustService::writeFailed).
    void pinAccepted(const PeerIdentity &peer, bool verified);

    // The decision in plain words: for a changed key the old and new fingerprints, what it can
    // mean and how to go on; howToRemovePin is e.g. "sws pin remove HOST:PORT/" or a menu
    // path; howToAccept (for Ask/Strict refusals) e.g. "sws pin add HOST:PORT/ KEYHEX".
    static QString explain(const Outcome &o, const QString &howToRemovePin,
                           const QString &howToAccept);
    // The short close reason for a changed key (at most 123 bytes with the error's text).
    static QString changedKeyReason(const QByteArray &pinned, const QByteArray &presented);

private:
    TrustService &m_trust;
    PinPolicy m_policy;
    Outcome m_last;
};

// Accepts exactly one server key, known beforehand (the app joining a room it hosts itself):
// any other key is refused with PeerKeyChanged before data flows. Nothing is pinned.
class KnownKeyVerifier : public PeerVerifier {
public:
    explicit KnownKeyVerifier(QByteArray publicKey)
        : m_key(std::move(publicKey)) {}
    Result verify(const PeerIdentity &peer) override;

private:
    QByteArray m_key;
};

} // namespace sws
