#pragma once

#include "connections/sessionstate.h"
#include "inspector/handshakemodel.h"
#include "session/securewebsocket.h"

#include <QObject>
#include <QPointer>

namespace sws::ui {

// What the peer panel and the inspector show of one session. Survives the session object
// (a server deletes its sessions once they close) and can be restored from a transcript.
struct SessionInfo {
    Role role = Role::Client;
    int version = 1;
    QByteArray localPublicKey;
    QByteArray peerPublicKey; // known from the peer's hello even when the handshake fails
    QString endpoint;         // client: the URL; server: the client's address:port
    std::optional<cert::Certificate> peerCertificate;
    std::optional<cert::Verdict> peerVerdict;
    SessionState state = SessionState::Connecting;
    QString errorName; // empty when none
    QString errorText;
    quint16 closeCode = 0;
    QString closeReason;
    qint64 framesSent = 0;
    qint64 framesReceived = 0;
    // Server side: the client's ClientHello has the Java reference client's shape, whose
    // nonces and share keys are predictable (quirks::looksLikeJavaReferenceClient).
    bool javaReferenceClient = false;
};

// Follows one SecureWebSocket: feeds its handshake timeline and keeps its peer facts.
class SessionTracker : public QObject {
    Q_OBJECT
public:
    explicit SessionTracker(QObject *parent = nullptr);

    // Client side: attach before open(). Server side: attach on handshakeStarted.
    void attach(SecureWebSocket *socket, const QString &endpoint);
    void restore(const SessionInfo &info); // read-only (transcript)

    SecureWebSocket *socket() const { return m_socket; } // null once the session is gone
    HandshakeModel *handshake() const { return m_handshake; }
    const SessionInfo &info() const { return m_info; }
    SessionState state() const { return m_info.state; }
    QString label() const; // "3f2a 9c01 · 127.0.0.1:51234"
    // How the session ended, for the status texts: "BoxOpenFailed (close 4009): reason",
    // "close 4021 (PeerNotReading): reason", "close 1006 (abnormal closure (no close frame))",
    // "cancelled by the user"; empty while it is open.
    QString endText() const;

Q_SIGNALS:
    void changed();

private:
    void onState(SecureWebSocket::State s);
    void onRecord(const HandshakeRecord &r);
    void onError(SessionError e);
    void onDisconnected();
    void setState(SessionState s);

    QPointer<SecureWebSocket> m_socket;
    HandshakeModel *m_handshake;
    SessionInfo m_info;
};

} // namespace sws::ui
