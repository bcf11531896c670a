#pragma once
// What configures a secure session and what it reports, shared by SessionCore and
// SecureWebSocket.
#include "handshake/handshake.h"

#include <memory>

namespace sws {

// Who the peer of a finished handshake is, for the trust layer to judge.
struct PeerIdentity {
    Role localRole = Role::Client;
    QString endpoint; // client side: "host:port/path" of the server; server side: peer address
    QByteArray publicKey;
    std::optional<cert::Certificate> certificate;
    std::optional<cert::Verdict> verdict;
};

// Decides, after the handshake and before any application data flows, whether the peer's
// key may be used (pinning). Implemented by the trust layer; protocol/ never asks a person:
// Ask puts the session in State::Verifying and emits peerApprovalRequired().
class PeerVerifier {
public:
    virtual ~PeerVerifier() = default;
    enum class Decision { Accept, Reject, Ask };
    struct Result {
        Decision decision = Decision::Accept;
        SessionError error = SessionError::None; // for Reject: PeerKeyChanged/PeerKeyNotTrusted
        QString reason;                          // readable; becomes the close reason (clipped)
    };
    virtual Result verify(const PeerIdentity &peer) = 0;
};

// Settings of one secure session, client or server side: the handshake's settings (version,
// keys, certificates, extensions, …; role and peer are set by the session) and the session's
// own. A plain copyable value: copies share the key pair's secret and the verifier.
struct SessionConfig : HandshakeConfig {
    int handshakeTimeoutMs = 5000;
    qint64 maxMessageBytes = 16 * 1024 * 1024; // plaintext of one message
    qint64 maxQueuedBytes = 4 * 1024 * 1024;   // sent before secure, or held back
    // Bytes of secured frames (with their WebSocket headers) written but not yet taken by the
    // kernel, i.e. waiting for a peer that reads slowly or not at all. A message that would take
    // the backlog past this closes the session with PeerNotReading (4021); a message sent while
    // nothing waits is always taken (its size is bounded by maxMessageBytes).
    qint64 maxUnsentBytes = 64 * 1024 * 1024;
    int closeTimeoutMs = 2000; // a close the peer does not answer is aborted after this
    // Server side: hold our first frames until the client's first frame arrives or this
    // grace time passes. The reference client ignores frames in the 20 ms after its
    // ClientReady (docs/protocol.md, Data phase).
    int firstFrameGraceMs = 60;
    // Optional pin check between the handshake and the first application data.
    // Messages received while the peer awaits approval are held, up to maxQueuedBytes.
    std::shared_ptr<PeerVerifier> verifier;
    // recordShareKeys (HandshakeConfig): see also SecureWebSocket::setRecordShareKeys().
};
// Every field, the handshake's included (update it with every new field).
bool operator==(const SessionConfig &a, const SessionConfig &b);
inline bool operator!=(const SessionConfig &a, const SessionConfig &b) {
    return !(a == b);
}

// Property of an accepted QWebSocket naming its QTcpSocket (a QObject*), which QWebSocketServer
// does not make a child of the QWebSocket. Set by SecureWebSocketServer.
inline constexpr char kTcpSocketProperty[] = "sws_tcpSocket";

// One data frame on the wire, for the traffic inspector.
struct FrameEvent {
    enum class Direction { Sent, Received };
    Direction direction;
    quint64 counter;       // nonce counter the frame was sealed with
    QByteArray ciphertext; // as on the wire (implicitly shared)
    QByteArray plaintext;  // empty when it failed to open
    bool opened = true;
};

} // namespace sws
