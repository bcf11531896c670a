#include "proxy/proxy.h"

#include <QPointer>

#include <memory>

namespace sws {

ProxyConfig ProxyConfig::clone() const {
    ProxyConfig c;
    c.listen = listen.clone();
    c.upstream = upstream;
    c.upstreamSession = upstreamSession.clone();
    return c;
}

namespace {

// A close reason fits in a control frame: at most 123 UTF-8 bytes, cut on a character boundary.
QString clipReason(const QString &reason) {
    QString r = reason;
    while (r.toUtf8().size() > 123)
        r.chop(1);
    return r;
}

// Codes a close frame may carry (RFC 6455 7.4): 1005, 1006 and 1015 are only ever reported.
bool isSendableCode(quint16 code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

QString stageOf(const HandshakeRecord &r) {
    return QStringLiteral("%1 %2").arg(handshakeStepName(r.step),
                                       r.direction == HandshakeRecord::Direction::Sent
                                           ? QStringLiteral("sent")
                                           : QStringLiteral("received"));
}

QString verdictStage(const cert::Verdict &v) {
    return v.valid ? QStringLiteral("peer certificate valid")
                   : QStringLiteral("peer certificate refused: %1").arg(v.message);
}

struct Pair {
    int id = 0;
    QPointer<SecureWebSocket> client;
    QPointer<SecureWebSocket> upstream;
    qint64 c2s = 0;
    qint64 s2c = 0;
    bool clientClosed = false;
    bool upstreamClosed = false;
    bool upstreamSecured = false;
    bool finished = false;
};

} // namespace

struct Proxy::Private {
    Proxy *q;
    ProxyConfig cfg;
    SecureWebSocketServer *server = nullptr;
    int nextId = 0;
    int active = 0;

    void maybeFinish(const std::shared_ptr<Pair> &p) {
        if (p->finished || !p->clientClosed || (p->upstream && !p->upstreamClosed))
            return;
        p->finished = true;
        --active;
        Q_EMIT q->sessionFinished(p->id);
    }

    void onHandshakeStarted(SecureWebSocket *s) {
        auto p = std::make_shared<Pair>();
        p->id = ++nextId;
        p->client = s;
        ++active;
        const int id = p->id;
        QObject::connect(s, &SecureWebSocket::handshakeMessage, q,
                         [this, id](const HandshakeRecord &r) {
                             Q_EMIT q->handshakeEvent(id, Side::Client, stageOf(r));
                         });
        QObject::connect(s, &SecureWebSocket::peerCertificateChecked, q,
                         [this, id](const cert::Verdict &v) {
                             Q_EMIT q->handshakeEvent(id, Side::Client, verdictStage(v));
                         });
        QObject::connect(s, &SecureWebSocket::secured, q, [this, p] {
            Q_EMIT q->handshakeEvent(
                p->id, Side::Client,
                QStringLiteral("secured (v%1)").arg(p->client ? p->client->version() : 0));
            openUpstream(p);
        });
        QObject::connect(
            s, &SecureWebSocket::binaryMessageReceived, q, [this, p](const QByteArray &m) {
                Q_EMIT q->message(p->id, Direction::ClientToServer, ++p->c2s, m);
                // Past maxQueuedBytes waiting for the upstream: end the sender's session,
                // which closes the upstream the same way.
                if (p->upstream && !p->upstreamClosed && p->upstream->sendBinaryMessage(m) < 0 &&
                    p->client)
                    p->client->close(1011,
                                     QStringLiteral("proxy: too much waits for the upstream"));
            });
        QObject::connect(s, &SecureWebSocket::disconnected, q, [this, p] { onClientClosed(p); });
        Q_EMIT q->sessionOpened(id, s->peerAddress(), s->peerPort());
    }

    void openUpstream(const std::shared_ptr<Pair> &p) {
        auto *u = new SecureWebSocket(cfg.upstreamSession.clone(), q);
        p->upstream = u;
        const int id = p->id;
        QObject::connect(u, &SecureWebSocket::handshakeMessage, q,
                         [this, id](const HandshakeRecord &r) {
                             Q_EMIT q->handshakeEvent(id, Side::Upstream, stageOf(r));
                         });
        QObject::connect(u, &SecureWebSocket::peerCertificateChecked, q,
                         [this, id](const cert::Verdict &v) {
                             Q_EMIT q->handshakeEvent(id, Side::Upstream, verdictStage(v));
                         });
        QObject::connect(u, &SecureWebSocket::secured, q, [this, p, u] {
            p->upstreamSecured = true;
            Q_EMIT q->handshakeEvent(p->id, Side::Upstream,
                                     QStringLiteral("secured (v%1)").arg(u->version()));
        });
        QObject::connect(u, &SecureWebSocket::binaryMessageReceived, q,
                         [this, p](const QByteArray &m) {
                             Q_EMIT q->message(p->id, Direction::ServerToClient, ++p->s2c, m);
                             if (p->client && !p->clientClosed &&
                                 p->client->sendBinaryMessage(m) < 0 && p->upstream)
                                 p->upstream->close(
                                     1011, QStringLiteral("proxy: too much waits for the client"));
                         });
        QObject::connect(u, &SecureWebSocket::disconnected, q, [this, p] { onUpstreamClosed(p); });
        Q_EMIT q->handshakeEvent(id, Side::Upstream,
                                 QStringLiteral("connecting to %1").arg(cfg.upstream.toString()));
        u->open(cfg.upstream);
    }

    void onClientClosed(const std::shared_ptr<Pair> &p) {
        if (p->clientClosed)
            return;
        p->clientClosed = true;
        const quint16 code = p->client ? p->client->closeCode() : kCloseAbnormal;
        QString reason = p->client ? p->client->closeReason() : QString();
        if (reason.isEmpty() && p->client && p->client->error() != SessionError::None)
            reason = p->client->errorString();
        Q_EMIT q->closed(p->id, Side::Client, code, reason);
        if (p->upstream && !p->upstreamClosed) {
            if (isSendableCode(code))
                p->upstream->close(code, clipReason(reason));
            else if (code == 1005)
                p->upstream->close(1000, QString());
            else
                p->upstream->close(1001,
                                   QStringLiteral("client dropped the connection (%1)").arg(code));
        }
        maybeFinish(p);
    }

    // What the client hears when the upstream session could not be made.
    static std::pair<quint16, QString> refusal(const SecureWebSocket *u) {
        const QString text = u->errorString();
        switch (u->error()) {
        case SessionError::ConnectionFailed:
            return {kCloseUpstreamUnreachable, QStringLiteral("upstream unreachable: ") + text};
        case SessionError::NotWebSocketServer:
        case SessionError::NotSwsServer:
            return {kCloseUpstreamNotSws, QStringLiteral("upstream is not an SWS server: ") + text};
        case SessionError::CertificateMalformed:
        case SessionError::CertificateMissing:
        case SessionError::CertificateRefused:
        case SessionError::EndpointMismatch:
            return {kCloseUpstreamCertInvalid,
                    QStringLiteral("upstream certificate invalid: ") + text};
        case SessionError::PeerClosedDuringHandshake:
            return {kCloseUpstreamRefused, QStringLiteral("upstream refused the handshake (%1): %2")
                                               .arg(u->closeCode())
                                               .arg(text)};
        default:
            return {kCloseUpstreamRefused, QStringLiteral("upstream handshake failed (%1): %2")
                                               .arg(sessionErrorName(u->error()), text)};
        }
    }

    void onUpstreamClosed(const std::shared_ptr<Pair> &p) {
        if (p->upstreamClosed || !p->upstream)
            return;
        p->upstreamClosed = true;
        SecureWebSocket *u = p->upstream;
        const quint16 code = u->closeCode();
        QString reason = u->closeReason();
        if (reason.isEmpty() && u->error() != SessionError::None)
            reason = u->errorString();
        Q_EMIT q->closed(p->id, Side::Upstream, code, reason);
        if (p->client && !p->clientClosed) {
            if (!p->upstreamSecured) {
                const auto [c, r] = refusal(u);
                p->client->close(c, clipReason(r));
            } else if (isSendableCode(code)) {
                p->client->close(code, clipReason(reason));
            } else if (code == 1005) {
                p->client->close(1000, QString());
            } else {
                p->client->close(1001,
                                 QStringLiteral("upstream dropped the connection (%1)").arg(code));
            }
        }
        u->deleteLater();
        maybeFinish(p);
    }
};

Proxy::Proxy(ProxyConfig config, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>()) {
    d->q = this;
    d->cfg = std::move(config);
    d->server = new SecureWebSocketServer(d->cfg.listen.clone(), this);
    connect(d->server, &SecureWebSocketServer::handshakeStarted, this,
            [this](SecureWebSocket *s) { d->onHandshakeStarted(s); });
}

Proxy::~Proxy() = default;

bool Proxy::listen(const QHostAddress &address, quint16 port) {
    return d->server->listen(address, port);
}
void Proxy::close() {
    d->server->close();
}
QUrl Proxy::serverUrl() const {
    return d->server->serverUrl();
}
QString Proxy::errorString() const {
    return d->server->errorString();
}
SecureWebSocketServer *Proxy::server() const {
    return d->server;
}
int Proxy::activeSessions() const {
    return d->active;
}

QString Proxy::sideName(Side side) {
    return side == Side::Client ? QStringLiteral("client") : QStringLiteral("upstream");
}
QString Proxy::directionName(Direction dir) {
    return dir == Direction::ClientToServer ? QStringLiteral("c2s") : QStringLiteral("s2c");
}

} // namespace sws
