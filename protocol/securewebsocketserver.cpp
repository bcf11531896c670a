#include "securewebsocketserver.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <deque>

#ifdef Q_OS_UNIX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace sws {

ServerConfig ServerConfig::clone() const {
    ServerConfig c;
    c.session = session.clone();
    c.path = path;
    c.maxPendingHandshakes = maxPendingHandshakes;
    c.httpHandshakeTimeoutMs = httpHandshakeTimeoutMs;
    return c;
}

struct SecureWebSocketServer::Private {
    SecureWebSocketServer *q;
    ServerConfig cfg;
    QWebSocketServer *server;
    QString listenError; // when listen() failed before the socket reached QWebSocketServer
    std::deque<QPointer<SecureWebSocket>> pending;
    QList<SecureWebSocket *> secured;
    int handshaking = 0;

    Private(SecureWebSocketServer *qq, ServerConfig c)
        : q(qq)
        , cfg(std::move(c))
        , server(new QWebSocketServer(QStringLiteral("sws"), QWebSocketServer::NonSecureMode, qq)) {
        server->setHandshakeTimeout(cfg.httpHandshakeTimeoutMs);
        QObject::connect(server, &QWebSocketServer::newConnection, q, [this] { accept(); });
    }

    void accept() {
        while (server->hasPendingConnections()) {
            QWebSocket *ws = server->nextPendingConnection();
            if (!ws)
                continue;
            ws->setParent(q);
            if (!cfg.path.isEmpty() && ws->requestUrl().path() != cfg.path) {
                refuse(ws, QWebSocketProtocol::CloseCodePolicyViolated,
                       QStringLiteral("no such path"));
                continue;
            }
            if (handshaking >= cfg.maxPendingHandshakes) {
                refuse(ws, kCloseServerBusy, QStringLiteral("too many handshakes in progress"));
                continue;
            }
            startSession(ws);
        }
    }

    void refuse(QWebSocket *ws, int code, const QString &reason) {
        QObject::connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        ws->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
        // A peer that never answers the close is cut off.
        QTimer::singleShot(cfg.session.closeTimeoutMs, ws, [ws] { ws->abort(); });
    }

    // QWebSocketServer keeps an accepted connection's QTcpSocket outside the QWebSocket; the
    // session needs it to close cleanly after QWebSocket refuses an oversized frame.
    void nameTcpSocket(QWebSocket *ws) {
        for (QTcpSocket *t : server->findChildren<QTcpSocket *>()) {
            if (t->peerPort() == ws->peerPort() && t->localPort() == ws->localPort() &&
                t->peerAddress() == ws->peerAddress()) {
                ws->setProperty(kTcpSocketProperty, QVariant::fromValue<QObject *>(t));
                return;
            }
        }
    }

    void startSession(QWebSocket *ws) {
        nameTcpSocket(ws);
        auto *s = new SecureWebSocket(ws, cfg.session.clone(), q);
        ++handshaking;
        const QHostAddress peer = s->peerAddress();
        QObject::connect(s, &SecureWebSocket::secured, q, [this, s] {
            --handshaking;
            secured.append(s);
            pending.push_back(s);
            Q_EMIT q->sessionSecured(s);
            Q_EMIT q->newConnection();
        });
        QObject::connect(s, &SecureWebSocket::disconnected, q, [this, s, peer] {
            if (!secured.removeOne(s)) {
                --handshaking;
                Q_EMIT q->handshakeFailed(peer, s->error(), s->errorString());
            }
            // A session nobody took with nextPendingConnection() (users of sessionSecured, such
            // as Relay) leaves the queue when it closes; else the queue grows with every client.
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
    d->listenError.clear();
#ifdef Q_OS_UNIX
    // QWebSocketServer listens with QTcpServer's default backlog of 50: a burst of clients
    // overflows it, the kernel drops their SYNs and they retry only after a second. Listen
    // with a deeper backlog (the kernel caps it at somaxconn) and hand the socket over.
    QTcpServer tcp;
    tcp.setListenBacklogSize(std::max(1024, d->cfg.maxPendingHandshakes));
    if (!tcp.listen(address, port)) {
        d->listenError = tcp.errorString();
        return false;
    }
    const int fd = ::dup(static_cast<int>(tcp.socketDescriptor()));
    tcp.close(); // the duplicate keeps the socket listening
    if (fd >= 0) {
        // Accepted sockets inherit TCP_NODELAY from the listening one on Linux (see
        // SecureWebSocket's disableNagle); without it the option is merely not set.
        const int one = 1;
        (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (d->server->setSocketDescriptor(fd))
            return true;
        ::close(fd);
    }
    // Fall back to QWebSocketServer's own listen (default backlog).
    return d->server->listen(address, port);
#else
    return d->server->listen(address, port);
#endif
}
void SecureWebSocketServer::close() {
    d->server->close();
}
bool SecureWebSocketServer::isListening() const {
    return d->server->isListening();
}
QHostAddress SecureWebSocketServer::serverAddress() const {
    return d->server->serverAddress();
}
quint16 SecureWebSocketServer::serverPort() const {
    return d->server->serverPort();
}
QString SecureWebSocketServer::errorString() const {
    return d->listenError.isEmpty() ? d->server->errorString() : d->listenError;
}
const ServerConfig &SecureWebSocketServer::config() const {
    return d->cfg;
}

QUrl SecureWebSocketServer::serverUrl() const {
    QUrl u;
    u.setScheme(QStringLiteral("ws"));
    u.setHost(d->server->serverAddress().toString());
    u.setPort(d->server->serverPort());
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
