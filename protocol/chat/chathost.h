#pragma once

#include "chat/chatchannel.h"

#include <QHash>
#include <QObject>

namespace sws {

class SecureWebSocketServer;

// Host side of a room: one ChatChannel per client key over every session the server secures,
// kept across the client's reconnects. Channels are children of the host.
class ChatHost : public QObject {
    Q_OBJECT
public:
    // server is not owned. At most maxChannels conversations: beyond it one whose member is
    // away is dropped (preferably one with nothing left to deliver, else the one away longest,
    // its undelivered messages Failed), or else the new session is closed.
    ChatHost(SecureWebSocketServer *server, ChatConfig config = {}, int maxChannels = 1024,
             QObject *parent = nullptr);
    ~ChatHost() override;

    ChatChannel *channel(const QByteArray &peerPublicKey) const;
    QList<ChatChannel *> channels() const { return m_channels.values(); }

Q_SIGNALS:
    // A new client key; emitted before its first session is attached.
    void channelCreated(sws::ChatChannel *channel);

private:
    void onSecured(SecureWebSocket *session);
    bool makeRoom();

    ChatConfig m_config;
    int m_maxChannels;
    QHash<QByteArray, ChatChannel *> m_channels;
    QHash<ChatChannel *, quint64> m_detachedAt; // away members, in the order they left
    quint64 m_detaches = 0;
};

} // namespace sws
