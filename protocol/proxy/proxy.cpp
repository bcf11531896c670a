#include "proxy/proxy.h"

#include <QHash>
#include <QPointer>

#include <algorithm>
#include <memory>
#include <utility>

namespace sws {

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
    QHash<int, std::shared_ptr<Pair>> pairs; // sessions not yet finished
    bool paused = false;
    std::vector<HeldMessage> held; // in arrival order

    // Sends a message on to its destination; a destination that cannot take it ends the
    // sender's session, which closes the other side the same way.
    void deliver(const std::shared_ptr<Pair> &p, Direction dir, const QByteArray &m) {
        if (dir == Direction::ClientToServer) {
            // Past maxQueuedBytes waiting for the upstream to be secure.
            if (p->upstream && !p->upstreamClosed && p->upstream->sendBinaryMessage(m) < 0 &&
                p->client)
                p->client->close(1011, QStringLiteral("proxy: too much waits for the upstream"));
        } else if (p->client && !p->clientClosed && p->client->sendBinaryMessage(m) < 0 &&
                   p->upstream) {
            p->upstream->close(1011, QStringLiteral("proxy: too much waits for the client"));
        }
    }

    void received(const std::shared_ptr<Pair> &p, Direction dir, const QByteArray &m) {
        const qint64 seq = dir == Direction::ClientToServer ? ++p->c2s : ++p->s2c;
        Q_EMIT q->message(p->id, dir, seq, m);
        if (paused) {
            held.push_back({p->id, dir, seq, m});
            Q_EMIT q->heldChanged();
            return;
        }
        deliver(p, dir, m);
    }

    // Held messages of a session that has ended go nowhere.
    void dropHeldOf(int id) {
        std::vector<HeldMessage> gone;
        for (auto it = held.begin(); it != held.end();) {
            if (it->session == id) {
                gone.push_back(*it);
                it = held.erase(it);
            } else {
                ++it;
            }
        }
        if (gone.empty())
            return;
        Q_EMIT q->heldChanged();
        for (const HeldMessage &h : gone)
            Q_EMIT q->heldResolved(h.session, h.direction, h.seq, false);
    }

    std::vector<HeldMessage>::iterator findHeld(int id, Direction dir, qint64 seq) {
        return std::find_if(held.begin(), held.end(), [&](const HeldMessage &h) {
            return h.session == id && h.direction == dir && h.seq == seq;
        });
    }

    void maybeFinish(const std::shared_ptr<Pair> &p) {
        if (p->finished || !p->clientClosed || (p->upstream && !p->upstreamClosed))
            return;
        p->finished = true;
        --active;
        pairs.remove(p->id);
        dropHeldOf(p->id);
        Q_EMIT q->sessionFinished(p->id);
    }

    void onHandshakeStarted(SecureWebSocket *s) {
        auto p = std::make_shared<Pair>();
        p->id = ++nextId;
        p->client = s;
        ++active;
        pairs.insert(p->id, p);
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
            s, &SecureWebSocket::binaryMessageReceived, q,
            [this, p](const QByteArray &m) { received(p, Direction::ClientToServer, m); });
        QObject::connect(s, &SecureWebSocket::disconnected, q, [this, p] { onClientClosed(p); });
        Q_EMIT q->sessionOpened(id, s->peerAddress(), s->peerPort());
    }

    void openUpstream(const std::shared_ptr<Pair> &p) {
        auto *u = new SecureWebSocket(cfg.upstreamSession, q);
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
        QObject::connect(
            u, &SecureWebSocket::binaryMessageReceived, q,
            [this, p](const QByteArray &m) { received(p, Direction::ServerToClient, m); });
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
    d->server = new SecureWebSocketServer(d->cfg.listen, this);
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

bool Proxy::isPaused() const {
    return d->paused;
}

void Proxy::setPaused(bool paused) {
    d->paused = paused;
    if (paused || d->held.empty())
        return;
    // Taken out first: delivering can close sessions, which drops their held messages.
    const std::vector<HeldMessage> release = std::exchange(d->held, {});
    Q_EMIT heldChanged();
    for (const HeldMessage &h : release) {
        const auto p = d->pairs.value(h.session);
        if (p)
            d->deliver(p, h.direction, h.bytes);
        Q_EMIT heldResolved(h.session, h.direction, h.seq, bool(p));
    }
}

std::vector<HeldMessage> Proxy::heldMessages() const {
    return d->held;
}

bool Proxy::editHeld(int session, Direction direction, qint64 seq, const QByteArray &bytes) {
    const auto it = d->findHeld(session, direction, seq);
    if (it == d->held.end())
        return false;
    it->bytes = bytes;
    Q_EMIT heldChanged();
    return true;
}

bool Proxy::dropHeld(int session, Direction direction, qint64 seq) {
    const auto it = d->findHeld(session, direction, seq);
    if (it == d->held.end())
        return false;
    const qint64 s = it->seq;
    d->held.erase(it);
    Q_EMIT heldChanged();
    Q_EMIT heldResolved(session, direction, s, false);
    return true;
}

bool Proxy::releaseHeld(int session, Direction direction, qint64 seq) {
    const auto it = d->findHeld(session, direction, seq);
    if (it == d->held.end())
        return false;
    const HeldMessage h = *it;
    d->held.erase(it);
    Q_EMIT heldChanged();
    const auto p = d->pairs.value(session);
    if (p)
        d->deliver(p, h.direction, h.bytes);
    Q_EMIT heldResolved(session, direction, seq, bool(p));
    return true;
}

bool Proxy::inject(int session, Direction direction, const QByteArray &bytes) {
    const auto p = d->pairs.value(session);
    if (!p || (direction == Direction::ClientToServer ? p->upstreamClosed || !p->upstream
                                                      : p->clientClosed))
        return false;
    d->deliver(p, direction, bytes);
    return true;
}

QString Proxy::sideName(Side side) {
    return side == Side::Client ? QStringLiteral("client") : QStringLiteral("upstream");
}
QString Proxy::directionName(Direction dir) {
    return dir == Direction::ClientToServer ? QStringLiteral("c2s") : QStringLiteral("s2c");
}

} // namespace sws
