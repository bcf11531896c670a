#pragma once

#include "session/securewebsocketserver.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>
#include <vector>

namespace sws {

// Close codes the proxy sends its client when the upstream session cannot be made.
inline constexpr quint16 kCloseUpstreamUnreachable = 4060; // TCP/WebSocket connection failed
inline constexpr quint16 kCloseUpstreamNotSws = 4061;      // not a WebSocket or not an SWS server
inline constexpr quint16 kCloseUpstreamCertInvalid = 4062; // its certificate failed our --ca
inline constexpr quint16 kCloseUpstreamRefused = 4063;     // it refused or failed our handshake

struct ProxyConfig {
    ServerConfig listen;           // the server side, which the client's session reaches
    QUrl upstream;                 // ws://host:port/path of the real server
    SessionConfig upstreamSession; // the proxy as a client of the upstream
};

struct HeldMessage;

// Sits between an SWS client and an SWS server and shows what they say: it accepts the client's
// session, opens its own session to the upstream for each client session, and forwards every
// message both ways in order, in plaintext through its signals. Messages the client sends
// before the upstream session is secure wait in that session's queue (maxQueuedBytes). A close
// on either side closes the other with the same code; a side that ends without a close frame
// (1006, which cannot be sent) closes the other with 1001 and says so in the reason. When the
// upstream session cannot be made, the client is closed with one of the kCloseUpstream* codes.
//
// Interception: while paused, every message received (either way) is reported and then held
// instead of forwarded; a held message can be edited, dropped or released on its own, and
// unpausing forwards all that are left, in order. inject() sends a message of one's own (or an
// earlier one again) into a session. Held messages of a session that ends are dropped.
class Proxy : public QObject {
    Q_OBJECT
public:
    enum class Side { Client, Upstream };
    Q_ENUM(Side)
    enum class Direction { ClientToServer, ServerToClient };
    Q_ENUM(Direction)

    explicit Proxy(ProxyConfig config, QObject *parent = nullptr);
    ~Proxy() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close(); // stops listening; open sessions go on
    QUrl serverUrl() const;
    QString errorString() const;
    SecureWebSocketServer *server() const; // owned by the proxy
    int activeSessions() const;            // client sessions not yet closed

    bool isPaused() const;
    void setPaused(bool paused);
    std::vector<HeldMessage> heldMessages() const; // in arrival order
    // Each returns false when no such message is held (or no such session is open).
    bool editHeld(int session, Direction direction, qint64 seq, const QByteArray &bytes);
    bool dropHeld(int session, Direction direction, qint64 seq);
    bool releaseHeld(int session, Direction direction, qint64 seq);
    bool inject(int session, Direction direction, const QByteArray &bytes);

    static QString sideName(Side side);          // "client", "upstream"
    static QString directionName(Direction dir); // "c2s", "s2c"

Q_SIGNALS:
    void sessionOpened(int id, const QHostAddress &client, quint16 port);
    // A handshake step or outcome on one side: "ClientHello received", "secured (v2)", ...
    void handshakeEvent(int id, sws::Proxy::Side side, const QString &stage);
    // Every forwarded message, numbered from 1 per session and direction.
    void message(int id, sws::Proxy::Direction direction, qint64 seq, const QByteArray &bytes);
    // One side's session ended with code and reason (the code it was closed with, or 1006).
    void closed(int id, sws::Proxy::Side side, quint16 code, const QString &reason);
    void sessionFinished(int id); // both sides closed
    void heldChanged();           // a message was held, edited, dropped or released
    // A held message left the hold: forwarded (released, or unpaused) or not (dropped, or its
    // session ended).
    void heldResolved(int id, sws::Proxy::Direction direction, qint64 seq, bool forwarded);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

struct HeldMessage {
    int session = 0;
    Proxy::Direction direction = Proxy::Direction::ClientToServer;
    qint64 seq = 0;
    QByteArray bytes;
};

} // namespace sws
