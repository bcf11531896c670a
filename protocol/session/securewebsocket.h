#pragma once

#include "handshake/handshake.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

class QWebSocket;

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

// Settings of one secure session, client or server side.
struct SessionConfig {
    BoxKeyPair keyPair;
    int version = 1;                              // 1, or 2 with certificates
    std::optional<cert::Certificate> certificate; // own certificate (v2)
    QList<cert::Certificate> trustedCas;          // CAs that may sign the peer's certificate
    bool requireCert = false;                     // server, v2: ask the client for one
    bool checkEndpoint = true;                    // bind the peer's certificate to host/IP
    int handshakeTimeoutMs = 5000;
    qint64 maxMessageBytes = 16 * 1024 * 1024; // plaintext of one message
    qint64 maxHandshakeBytes = 64 * 1024;      // one handshake message
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
    std::shared_ptr<PeerVerifier> verifier;
    // Messages received while the peer awaits approval are held, up to maxQueuedBytes.
    // Extensions offered inside the handshake boxes (HandshakeConfig::extensions).
    QStringList extensions;
    // Keep the share keys in the handshake records (HandshakeConfig::recordShareKeys), for an
    // inspector; see also SecureWebSocket::setRecordShareKeys().
    bool recordShareKeys = false;

    SessionConfig clone() const;
};

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

// A WebSocket secured by the SWS handshake, shaped like QWebSocket. Client side: construct
// with a config and open(url). Server side: SecureWebSocketServer creates them.
class SecureWebSocket : public QObject {
    Q_OBJECT
public:
    // Verifying: the handshake is done and the peer's key awaits approvePeer().
    enum class State { Unconnected, Connecting, Handshaking, Verifying, Secured, Closing, Closed };
    Q_ENUM(State)

    explicit SecureWebSocket(SessionConfig config, QObject *parent = nullptr);
    // Server side: takes ownership of an accepted socket (reparented to this object).
    SecureWebSocket(QWebSocket *accepted, SessionConfig config, QObject *parent = nullptr);
    ~SecureWebSocket() override;

    State state() const;
    Role role() const;
    int version() const;
    SessionError error() const;
    QString errorString() const;
    quint16 closeCode() const;
    QString closeReason() const;

    QUrl requestUrl() const;
    QHostAddress peerAddress() const;
    quint16 peerPort() const;
    QByteArray peerPublicKey() const;
    std::optional<cert::Certificate> peerCertificate() const;
    std::optional<cert::Verdict> peerVerdict() const;
    // Extensions both sides negotiated in the handshake; empty with a plain peer.
    QStringList peerExtensions() const;
    QByteArray localPublicKey() const;
    // Messages waiting for the session to be secure (or held back for the grace time).
    int queuedMessages() const;
    // Frames received while Verifying, delivered once the peer is approved.
    int heldIncomingMessages() const;
    // Bytes of sent frames still waiting for the kernel to take them (see maxUnsentBytes);
    // bytesWritten() reports progress, for senders that pace themselves.
    qint64 bytesToWrite() const;
    // Opt in to share keys in the handshakeMessage() records from now on (an inspector that
    // can reveal them); off unless SessionConfig::recordShareKeys.
    void setRecordShareKeys(bool record);

public Q_SLOTS:
    void open(const QUrl &url);
    void close(quint16 code = 1000, const QString &reason = QString());
    // Encrypts and sends one message; queued until the session is secure. Returns the
    // plaintext size, or -1 if the message is too big, the queue is full, or it is closed.
    qint64 sendBinaryMessage(const QByteArray &message);
    // Answers peerApprovalRequired(): accept lets data flow; refusing closes the session with
    // error (PeerKeyNotTrusted by default) and reason.
    void approvePeer(bool accept, const QString &reason = QString(),
                     sws::SessionError error = sws::SessionError::PeerKeyNotTrusted);

Q_SIGNALS:
    void stateChanged(sws::SecureWebSocket::State state);
    void handshakeMessage(const sws::HandshakeRecord &record); // each step, sent or received
    void peerCertificateChecked(const sws::cert::Verdict &verdict);
    void peerApprovalRequired(const sws::PeerIdentity &peer); // answer with approvePeer()
    void secured();   // the handshake succeeded (and the peer was approved); messages flow
    void connected(); // alias of secured(), as QWebSocket users expect
    void frame(const sws::FrameEvent &frame);
    void binaryMessageReceived(const QByteArray &message);
    void bytesWritten(qint64 bytes); // frames (with headers) taken by the kernel
    void errorOccurred(sws::SessionError error);
    void disconnected();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sws

Q_DECLARE_METATYPE(sws::HandshakeRecord)
Q_DECLARE_METATYPE(sws::FrameEvent)
Q_DECLARE_METATYPE(sws::cert::Verdict)
Q_DECLARE_METATYPE(sws::SessionError)
Q_DECLARE_METATYPE(sws::PeerIdentity)
