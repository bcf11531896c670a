#pragma once

#include "session/securewebsocket.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

namespace sws {

// Close code for clients turned away because the server is too busy (used by chat rooms that
// hold too many conversations; the handshake cap itself queues rather than refuses).
inline constexpr int kCloseServerBusy = 4050;
// Close code for a client whose address already has maxParkedPerSource connections parked
// behind its maxHandshakesPerSource handshakes in progress: a flood from one address.
inline constexpr int kCloseTooManyFromSource = 4051;

struct ServerConfig {
    SessionConfig session;
    QString path; // only this request path is served; empty serves any
    // Handshakes in progress at once (HTTP upgrade and SWS handshake, from TCP accept until
    // secure or closed). At the cap the server stops accepting: further clients wait in the
    // kernel's listen queue until a slot frees.
    int maxPendingHandshakes = 256;
    // Handshakes in progress at once from one IP address (its share of the slots above). Further
    // connections from that address are parked: accepted but not read beyond a few KiB nor
    // upgraded, holding no slot, and taken up in order as that address's handshakes end; other
    // addresses are still served.
    int maxHandshakesPerSource = 64;
    // Parked connections from one address; past them its further connections are refused
    // (kCloseTooManyFromSource).
    int maxParkedPerSource = 1024;
    // A connection parked this long is closed; once taken up, the HTTP upgrade timeout applies.
    int maxParkedMs = 30000;
    int httpHandshakeTimeoutMs = 5000;
    // Event-loop threads the sessions live on. 1: every session lives on the server's thread.
    // More: the server's thread accepts, counts the limits above and runs the HTTP upgrade;
    // each upgraded connection is then handed to one of these threads (the one with the fewest
    // sessions), where its SWS handshake, seal and open run. See SecureWebSocketServer.
    int threads = 1;
};

// Accepts WebSocket clients and runs the SWS handshake with each. A session is offered
// (newConnection / nextPendingConnection) only once it is secure.
//
// Ownership: the server owns every session it creates (they are its children) and deletes
// each with deleteLater() once it has disconnected; keep QPointer or drop pointers on
// SecureWebSocket::disconnected().
//
// With ServerConfig::threads > 1 a session lives on a worker thread (SecureWebSocket::thread()):
// call it only there (QMetaObject::invokeMethod, or connections with it as context). Its signals
// reach this server's owner queued, so handshakeStarted() comes after the handshake began (connect
// to it with Qt::DirectConnection to run on the session's thread). The sessions are children of
// no one the caller sees; the server deletes them. close() then also closes every session (1001)
// and stops the threads, since a session cannot outlive its thread.
class SecureWebSocketServer : public QObject {
    Q_OBJECT
public:
    explicit SecureWebSocketServer(ServerConfig config, QObject *parent = nullptr);
    ~SecureWebSocketServer() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    // Stops listening. With threads > 1 it also closes every session with 1001, waits for them
    // (at most the session close timeout) and stops the threads.
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QUrl serverUrl() const; // ws://host:port/path
    QString errorString() const;
    const ServerConfig &config() const;

    bool hasPendingConnections() const;
    SecureWebSocket *nextPendingConnection();  // still owned by the server
    QList<SecureWebSocket *> sessions() const; // secured and still open
    int handshakesInProgress() const;          // HTTP upgrades and SWS handshakes holding a slot
    int parkedConnections() const;             // accepted, waiting for their address's share
    int threadCount() const;                   // worker threads; 0 when threads = 1
    // Sessions (handshaking or secured) on each worker thread now; empty when threads = 1.
    QList<int> sessionsPerThread() const;

Q_SIGNALS:
    void handshakeStarted(sws::SecureWebSocket *session); // before any handshake message
    void newConnection();                                 // a session became secure
    void sessionSecured(sws::SecureWebSocket *session);   // the same, with the session
    void handshakeFailed(const QHostAddress &peer, sws::SessionError error, const QString &reason);
    void sessionClosed(sws::SecureWebSocket *session);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sws
