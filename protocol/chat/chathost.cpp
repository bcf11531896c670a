#include "chat/chathost.h"

#include "session/securewebsocketserver.h"

#include <QThread>

#include <algorithm>

namespace sws {

ChatHost::ChatHost(SecureWebSocketServer *server, ChatConfig config, int maxChannels,
                   QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
    , m_threaded(server->config().threads > 1)
    , m_config(config)
    , m_maxChannels(maxChannels) {
    m_shared->host = this;
    if (!m_threaded) {
        connect(server, &SecureWebSocketServer::sessionSecured, this,
                [this](SecureWebSocket *s) { onSecured(s); });
        return;
    }
    // Attached on the session's thread the moment it is secure, so that no message of the
    // member arrives before its channel listens.
    std::shared_ptr<Shared> shared = m_shared;
    connect(
        server, &SecureWebSocketServer::handshakeStarted, this,
        [shared](SecureWebSocket *s) {
            connect(s, &SecureWebSocket::secured, s, [shared, s] {
                const std::lock_guard lock(shared->mutex);
                if (shared->host)
                    shared->host->onSecured(s);
            });
        },
        Qt::DirectConnection);
}

ChatHost::~ChatHost() {
    const std::lock_guard lock(m_shared->mutex);
    m_shared->host = nullptr;
    for (ChatChannel *c : std::as_const(m_channels))
        c->disconnect(this);
}

ChatChannel *ChatHost::channel(const QByteArray &peerPublicKey) const {
    const std::lock_guard lock(m_shared->mutex);
    return m_channels.value(peerPublicKey);
}

QList<ChatChannel *> ChatHost::channels() const {
    const std::lock_guard lock(m_shared->mutex);
    return m_channels.values();
}

bool ChatHost::owns(ChatChannel *channel) const {
    const std::lock_guard lock(m_shared->mutex);
    return channel && m_channels.value(channel->peerPublicKey()) == channel;
}

void ChatHost::onSecured(SecureWebSocket *session) {
    const std::lock_guard lock(m_shared->mutex);
    const QByteArray key = session->peerPublicKey();
    ChatChannel *ch = m_channels.value(key);
    if (ch && ch->thread() != session->thread()) {
        // Back on another thread: a channel cannot follow (it lives on its session's thread).
        m_channels.remove(key);
        m_detachedAt.remove(ch);
        drop(ch);
        ch = nullptr;
    }
    if (!ch) {
        if (m_channels.size() >= m_maxChannels && !makeRoom()) {
            session->close(kCloseServerBusy, QStringLiteral("too many conversations"));
            return;
        }
        // Threaded: a child of the session's thread context, which lives as long as the thread.
        ch = new ChatChannel(m_config, m_threaded ? session->parent() : this);
        m_channels.insert(key, ch);
        std::shared_ptr<Shared> shared = m_shared;
        if (m_threaded) {
            // Out of the map while it dies on its thread, so no other thread reaches it after.
            connect(
                ch, &QObject::destroyed, ch,
                [shared, key, ch] {
                    const std::lock_guard l(shared->mutex);
                    if (shared->host && shared->host->m_channels.value(key) == ch) {
                        shared->host->m_channels.remove(key);
                        shared->host->m_detachedAt.remove(ch);
                    }
                },
                Qt::DirectConnection);
        } else {
            connect(ch, &QObject::destroyed, this, [this, key, ch] {
                m_channels.remove(key);
                m_detachedAt.remove(ch);
            });
        }
        // Through the shared state: with a threaded server this runs on the channel's thread
        // and may race the host's destruction.
        connect(
            ch, &ChatChannel::linkChanged, ch,
            [shared, ch](chat::Link link) {
                const std::lock_guard l(shared->mutex);
                ChatHost *host = shared->host;
                if (!host || host->m_channels.value(ch->peerPublicKey()) != ch)
                    return;
                if (link == chat::Link::Detached)
                    host->m_detachedAt.insert(ch, ++host->m_detaches);
                else
                    host->m_detachedAt.remove(ch);
            },
            Qt::DirectConnection);
        Q_EMIT channelCreated(ch);
    }
    if (ch->attach(session))
        Q_EMIT attached(ch, session);
}

// Drops one conversation whose member is away: preferably one with nothing left to deliver,
// else the one away longest, whose undelivered messages are given up (Failed). Otherwise members
// that left with messages unacknowledged (one-shot clients with fresh keys) would fill the room
// for good.
bool ChatHost::makeRoom() {
    ChatChannel *victim = nullptr;
    quint64 awaySince = 0;
    for (ChatChannel *ch : std::as_const(m_channels)) {
        // Another thread's channel is only looked at through what it signalled.
        const bool here = ch->thread() == QThread::currentThread();
        if (here ? ch->link() != chat::Link::Detached : !m_detachedAt.contains(ch))
            continue;
        if (here && ch->conversation().outboxMessages() == 0) {
            victim = ch;
            break;
        }
        const quint64 since = m_detachedAt.value(ch);
        if (!victim || since < awaySince) {
            victim = ch;
            awaySince = since;
        }
    }
    if (!victim)
        return false;
    m_channels.remove(victim->peerPublicKey());
    m_detachedAt.remove(victim);
    if (victim->thread() == QThread::currentThread()) {
        victim->giveUp();
        victim->disconnect(this);
        victim->deleteLater();
    } else {
        drop(victim);
    }
    return true;
}

// Gives up a channel of another thread that is out of the maps, on its own thread: its member
// came back elsewhere (its session, if still open, is closed) or the room is full.
void ChatHost::drop(ChatChannel *channel) {
    channel->disconnect(this);
    QMetaObject::invokeMethod(channel, [channel] {
        if (SecureWebSocket *s = channel->session())
            s->close(1000, QStringLiteral("replaced by a newer session"));
        channel->giveUp();
        channel->deleteLater();
    });
}

} // namespace sws
