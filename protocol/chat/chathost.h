#pragma once

#include "chat/chatchannel.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <mutex>

namespace sws {

class SecureWebSocketServer;

// Host side of a room: one ChatChannel per client key over every session the server secures,
// kept across the client's reconnects. Channels are children of the host.
//
// With a threaded server (ServerConfig::threads > 1) each channel lives on the thread of its
// member's session, as a child of that thread's context (the server deletes it when it stops
// its threads), and is attached there as soon as the session is secure; channelCreated() and
// attached() are then emitted on that thread. A member that comes back on another thread gets a
// new channel there: its earlier one gives up what it had not delivered.
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
    QList<ChatChannel *> channels() const;
    // Whether channel is one of the host's now (with a threaded server: still alive, and it
    // stays so while the caller holds lock()).
    bool owns(ChatChannel *channel) const;
    std::recursive_mutex &lock() const { return m_shared->mutex; }
    bool threaded() const { return m_threaded; }

Q_SIGNALS:
    // A new client key; emitted before its first session is attached.
    void channelCreated(sws::ChatChannel *channel);
    // session was attached to channel (not emitted when it was refused).
    void attached(sws::ChatChannel *channel, sws::SecureWebSocket *session);

private:
    struct Shared {
        // Recursive: a channel signals back into the host while it is attached. A std mutex, so
        // that ThreadSanitizer sees it (Qt's own mutexes are not instrumented).
        std::recursive_mutex mutex;
        ChatHost *host = nullptr; // null once the host is gone
    };
    void onSecured(SecureWebSocket *session);
    bool makeRoom();
    void drop(ChatChannel *channel);

    std::shared_ptr<Shared> m_shared;
    bool m_threaded = false;
    ChatConfig m_config;
    int m_maxChannels;
    QHash<QByteArray, ChatChannel *> m_channels;
    QHash<ChatChannel *, quint64> m_detachedAt; // away members, in the order they left
    quint64 m_detaches = 0;
};

} // namespace sws
