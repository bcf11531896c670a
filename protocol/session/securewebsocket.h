#pragma once

#include "session/sessionconfig.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

class QWebSocket;

namespace sws {

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

    // As given (setRecordShareKeys() changes its recordShareKeys).
    const SessionConfig &config() const;
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
