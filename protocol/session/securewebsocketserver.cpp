#include "session/securewebsocketserver.h"

#include <QHash>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <deque>
#include <memory>

#ifdef Q_OS_UNIX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace sws {

namespace {

// One accepted connection until its handshake ends. A held slot counts against both caps; a
// refusing one only waits for its HTTP upgrade to send the refusal.
struct Slot {
    QHostAddress source;
    bool refusing = false;
    bool live = true;
    QPointer<QTimer> httpTimer;
    // The accepted TCP connection: QWebSocketServer keeps it outside the QWebSocket, and the
    // session needs it to close cleanly after QWebSocket refuses an oversized frame.
    QPointer<QTcpSocket> tcp;
};

QHostAddress sourceOf(const QHostAddress &a) {
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; count them as a.b.c.d.
    bool ok = false;
    const quint32 v4 = a.toIPv4Address(&ok);
    return ok ? QHostAddress(v4) : a;
}

QString peerKey(const QHostAddress &a, quint16 port) {
    return sourceOf(a).toString() + QLatin1Char('|') + QString::number(port);
}

} // namespace

struct SecureWebSocketServer::Private {
    SecureWebSocketServer *q;
    ServerConfig cfg;
    QTcpServer *tcp;          // accepts; paused while every handshake slot is taken
    QWebSocketServer *server; // never listens: runs the HTTP upgrade of sockets handed to it
    std::deque<QPointer<SecureWebSocket>> pending;
    QList<SecureWebSocket *> secured;
    int handshaking = 0; // held slots
    int refusing = 0;    // over-limit connections waiting for their upgrade to be refused
    QHash<QHostAddress, int> perSource;
    QHash<QString, std::shared_ptr<Slot>> upgrading; // by peer address and port

    Private(SecureWebSocketServer *qq, ServerConfig c)
        : q(qq)
        , cfg(std::move(c))
        , tcp(new QTcpServer(qq))
        , server(new QWebSocketServer(QStringLiteral("sws"), QWebSocketServer::NonSecureMode, qq)) {
        // Take connections one at a time: QTcpServer accepts up to this many ahead of us even
        // while paused, and those would wait outside the kernel's queue.
        tcp->setMaxPendingConnections(1);
        QObject::connect(tcp, &QTcpServer::newConnection, q, [this] { acceptTcp(); });
        QObject::connect(server, &QWebSocketServer::newConnection, q, [this] { accept(); });
    }

    // Takes connections while slots are free; at the cap stops accepting, so a burst of
    // clients waits in the listen queue instead of being turned away.
    void acceptTcp() {
        while (handshaking < cfg.maxPendingHandshakes && tcp->hasPendingConnections()) {
            if (QTcpSocket *sock = tcp->nextPendingConnection())
                admit(sock);
        }
        if (!tcp->isListening())
            return;
        // nextPendingConnection() re-enables accepting by itself, so pause every time.
        if (handshaking >= cfg.maxPendingHandshakes)
            tcp->pauseAccepting();
        else
            tcp->resumeAccepting();
    }

    void admit(QTcpSocket *sock) {
        if (sock->state() != QAbstractSocket::ConnectedState) { // gave up while queued
            sock->deleteLater();
            return;
        }
        auto slot = std::make_shared<Slot>();
        slot->source = sourceOf(sock->peerAddress());
        slot->tcp = sock;
        if (perSource.value(slot->source) >= cfg.maxHandshakesPerSource) {
            // The refusal needs the upgrade; past as many refusals as slots, just drop.
            if (refusing >= cfg.maxPendingHandshakes) {
                sock->abort();
                sock->deleteLater();
                return;
            }
            slot->refusing = true;
            ++refusing;
        } else {
            ++handshaking;
            ++perSource[slot->source];
        }
        const QString key = peerKey(sock->peerAddress(), sock->peerPort());
        upgrading.insert(key, slot);
        auto *timer = new QTimer(sock);
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, sock, [sock] {
            sock->abort();
            sock->deleteLater(); // frees the slot even if the socket was no longer connected
        });
        slot->httpTimer = timer;
        auto gone = [this, slot, key] {
            if (upgrading.value(key) == slot)
                upgrading.remove(key);
            release(*slot);
        };
        QObject::connect(sock, &QTcpSocket::disconnected, q, gone);
        QObject::connect(sock, &QObject::destroyed, q, gone);
        timer->start(cfg.httpHandshakeTimeoutMs);
        server->handleConnection(sock);
    }

    void release(Slot &slot) {
        if (!slot.live)
            return;
        slot.live = false;
        if (slot.refusing) {
            --refusing;
            return;
        }
        --handshaking;
        auto it = perSource.find(slot.source);
        if (it != perSource.end() && --*it <= 0)
            perSource.erase(it);
        acceptTcp();
    }

    void accept() {
        while (server->hasPendingConnections()) {
            QWebSocket *ws = server->nextPendingConnection();
            if (!ws)
                continue;
            ws->setParent(q);
            const std::shared_ptr<Slot> slot =
                upgrading.take(peerKey(ws->peerAddress(), ws->peerPort()));
            if (!slot || !slot->live) { // its slot already ended (timed out at the last moment)
                ws->abort();
                ws->deleteLater();
                continue;
            }
            delete slot->httpTimer.data(); // the upgrade is done; the SWS timeout takes over
            if (slot->refusing) {
                refuse(ws, kCloseTooManyFromSource,
                       QStringLiteral("too many handshakes from your address"));
                continue;
            }
            if (!cfg.path.isEmpty() && ws->requestUrl().path() != cfg.path) {
                release(*slot);
                refuse(ws, QWebSocketProtocol::CloseCodePolicyViolated,
                       QStringLiteral("no such path"));
                continue;
            }
            startSession(ws, slot);
        }
    }

    void refuse(QWebSocket *ws, int code, const QString &reason) {
        QObject::connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        ws->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
        // A peer that never answers the close is cut off.
        QTimer::singleShot(cfg.session.closeTimeoutMs, ws, [ws] { ws->abort(); });
    }

    void startSession(QWebSocket *ws, std::shared_ptr<Slot> slot) {
        if (slot->tcp)
            ws->setProperty(kTcpSocketProperty, QVariant::fromValue<QObject *>(slot->tcp.data()));
        auto *s = new SecureWebSocket(ws, cfg.session, q);
        const QHostAddress peer = s->peerAddress();
        QObject::connect(s, &SecureWebSocket::secured, q, [this, s, slot] {
            secured.append(s);
            pending.push_back(s);
            release(*slot);
            Q_EMIT q->sessionSecured(s);
            Q_EMIT q->newConnection();
        });
        QObject::connect(s, &SecureWebSocket::disconnected, q, [this, s, peer, slot] {
            if (!secured.removeOne(s)) {
                release(*slot);
                Q_EMIT q->handshakeFailed(peer, s->error(), s->errorString());
            }
            // A session nobody took with nextPendingConnection() (users of sessionSecured, such
            // as Room) leaves the queue when it closes; else the queue grows with every client.
            pending.erase(std::remove_if(pending.begin(), pending.end(),
                                         [s](const QPointer<SecureWebSocket> &p) {
                                             return p.isNull() || p == s;
                                         }),
                          pending.end());
            Q_EMIT q->sessionClosed(s);
            s->deleteLater();
        });
        Q_EMIT q->handshakeStarted(s);
    }
};

SecureWebSocketServer::SecureWebSocketServer(ServerConfig config, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(config))) {}

SecureWebSocketServer::~SecureWebSocketServer() = default;

bool SecureWebSocketServer::listen(const QHostAddress &address, quint16 port) {
    // QTcpServer's default backlog of 50 overflows in a burst (the kernel drops SYNs and clients
    // retry only after a second); clients queued at the handshake cap wait there too. The
    // kernel caps it at somaxconn.
    d->tcp->setListenBacklogSize(std::max(1024, d->cfg.maxPendingHandshakes));
    if (!d->tcp->listen(address, port))
        return false;
#ifdef Q_OS_UNIX
    // Accepted sockets inherit TCP_NODELAY from the listening one on Linux (see
    // SecureWebSocket's disableNagle); without it the option is merely not set.
    const int one = 1;
    (void)::setsockopt(static_cast<int>(d->tcp->socketDescriptor()), IPPROTO_TCP, TCP_NODELAY, &one,
                       sizeof one);
#endif
    return true;
}
void SecureWebSocketServer::close() {
    d->tcp->close();
    d->server->close();
}
bool SecureWebSocketServer::isListening() const {
    return d->tcp->isListening();
}
QHostAddress SecureWebSocketServer::serverAddress() const {
    return d->tcp->serverAddress();
}
quint16 SecureWebSocketServer::serverPort() const {
    return d->tcp->serverPort();
}
QString SecureWebSocketServer::errorString() const {
    return d->tcp->errorString();
}
const ServerConfig &SecureWebSocketServer::config() const {
    return d->cfg;
}

QUrl SecureWebSocketServer::serverUrl() const {
    QUrl u;
    u.setScheme(QStringLiteral("ws"));
    u.setHost(d->tcp->serverAddress().toString());
    u.setPort(d->tcp->serverPort());
    u.setPath(d->cfg.path.isEmpty() ? QStringLiteral("/") : d->cfg.path);
    return u;
}

bool SecureWebSocketServer::hasPendingConnections() const {
    for (const auto &p : d->pending)
        if (p)
            return true;
    return false;
}

SecureWebSocket *SecureWebSocketServer::nextPendingConnection() {
    while (!d->pending.empty()) {
        QPointer<SecureWebSocket> p = d->pending.front();
        d->pending.pop_front();
        if (p && p->state() == SecureWebSocket::State::Secured)
            return p;
    }
    return nullptr;
}

QList<SecureWebSocket *> SecureWebSocketServer::sessions() const {
    return d->secured;
}
int SecureWebSocketServer::handshakesInProgress() const {
    return d->handshaking;
}

} // namespace sws
