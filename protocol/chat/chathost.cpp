#include "chat/chathost.h"

#include "session/securewebsocketserver.h"

#include <algorithm>

namespace sws {

ChatHost::ChatHost(SecureWebSocketServer *server, ChatConfig config, int maxChannels,
                   QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_maxChannels(maxChannels) {
    connect(server, &SecureWebSocketServer::sessionSecured, this,
            [this](SecureWebSocket *s) { onSecured(s); });
}

ChatHost::~ChatHost() {
    for (ChatChannel *c : std::as_const(m_channels))
        c->disconnect(this);
}

ChatChannel *ChatHost::channel(const QByteArray &peerPublicKey) const {
    return m_channels.value(peerPublicKey);
}

void ChatHost::onSecured(SecureWebSocket *session) {
    const QByteArray key = session->peerPublicKey();
    ChatChannel *ch = m_channels.value(key);
    if (!ch) {
        if (m_channels.size() >= m_maxChannels && !makeRoom()) {
            session->close(kCloseServerBusy, QStringLiteral("too many conversations"));
            return;
        }
        ch = new ChatChannel(m_config, this);
        m_channels.insert(key, ch);
        connect(ch, &QObject::destroyed, this, [this, key, ch] {
            m_channels.remove(key);
            m_detachedAt.remove(ch);
        });
        connect(ch, &ChatChannel::linkChanged, this, [this, ch](chat::Link link) {
            if (link == chat::Link::Detached)
                m_detachedAt.insert(ch, ++m_detaches);
            else
                m_detachedAt.remove(ch);
        });
        Q_EMIT channelCreated(ch);
    }
    ch->attach(session);
}

// Drops one conversation whose member is away: preferably one with nothing left to deliver,
// else the one away longest, whose undelivered messages are given up (Failed). Otherwise members
// that left with messages unacknowledged (one-shot clients with fresh keys) would fill the room
// for good.
bool ChatHost::makeRoom() {
    ChatChannel *victim = nullptr;
    quint64 awaySince = 0;
    for (ChatChannel *ch : std::as_const(m_channels)) {
        if (ch->link() != chat::Link::Detached)
            continue;
        if (ch->conversation().outboxMessages() == 0) {
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
    victim->giveUp();
    victim->disconnect(this);
    victim->deleteLater();
    return true;
}

} // namespace sws
