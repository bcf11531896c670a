#pragma once

#include "chat/chatchannel.h"
#include "chat/chathost.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace sws {

class SecureWebSocketServer;
class SecureWebSocket;

// A hosted room: the members of a SecureWebSocketServer, one ChatChannel (conversation) per
// member key, and what the room does with their messages. Shared by `sws serve` and the desktop
// app, so both acknowledge and relay alike.
//
// Members whose session negotiated chat::kExtension (offer it in the server's
// SessionConfig::extensions) have their messages acknowledged and acknowledge what the room
// sends them; plain members (node-sws) get plain messages. A second session with a member's key
// replaces the first (the conversation goes on over it; unacknowledged messages are resent).
//
// The room's own messages (send(), sendTo()) are tracked per recipient: a message is Delivered
// once every member it went to acknowledged it; one that reached a plain member stops at Sent.
// Relayed messages are not tracked, but travel through the recipients' channels too.
//
// With a threaded server (ServerConfig::threads > 1) members live on different threads (see
// ChatHost): the room's bookkeeping stays on the room's thread, a member's message reaches it
// queued, and each relay is queued to its recipient's thread. Messages are relayed in the order
// the room received them, which is every member's order too; each member's own messages keep
// their order. In Echo mode a message goes back at once on its member's thread, and
// messageReceived() follows on the room's thread. The channels passed in signals live on other
// threads: use them there only.
class Room : public QObject {
    Q_OBJECT
public:
    // What the room does with a member's message.
    enum class Mode {
        None, // only reported (messageReceived): the desktop app shows them
        Echo, // back to its sender
        Chat  // to every other member
    };
    Q_ENUM(Mode)

    // How far one room message got, over the members it went to.
    struct Delivery {
        struct Recipient {
            QByteArray key; // the member's public key
            chat::MessageState state = chat::MessageState::Queued;
            bool plain = false; // cannot acknowledge: Sent is final
        };
        chat::MessageState state = chat::MessageState::Queued; // the aggregate, see send()
        QList<Recipient> recipients;
        bool settled = false; // every recipient's state is final: no more deliveryChanged
        int count(chat::MessageState s, bool plain) const;
        int count(chat::MessageState s) const;
    };

    // Attaches to server (not owned) and serves every session it secures from now on. Without
    // config the channels take messages as large as the server's sessions do. At most
    // maxConversations member keys are kept (see ChatHost).
    Room(SecureWebSocketServer *server, Mode mode, QObject *parent = nullptr);
    Room(SecureWebSocketServer *server, Mode mode, ChatConfig config, int maxConversations = 1024,
         QObject *parent = nullptr);
    ~Room() override;

    Mode mode() const { return m_mode; }

    // Members: channels with a session now. Conversations: every member key the room keeps.
    // The channels belong to the room; one may be dropped (deleteLater) when the room is full.
    QList<ChatChannel *> members() const;
    int memberCount() const { return static_cast<int>(m_present.size()); }
    QList<ChatChannel *> conversations() const { return m_host->channels(); }
    ChatChannel *channel(const QByteArray &memberKey) const { return m_host->channel(memberKey); }
    qint64 relayedMessages() const { return m_relayed.load(); }

    // Sends a message of the room to every member and returns its id (1, 2, …). Its aggregate
    // state is signalled from the event loop, never from inside the call: Queued while it waits
    // for a member's session, Delivered once every recipient acknowledged it, Failed when no
    // recipient can get it any more (or there was none), else Sent.
    quint64 send(const QByteArray &payload);
    // The same to one member (e.g. a greeting); Failed when it is no member of this room.
    quint64 sendTo(ChatChannel *member, const QByteArray &payload);
    // The state of a room message not yet settled (or being signalled settled); nullopt else.
    std::optional<Delivery> delivery(quint64 id) const;
    // Fails every room message not yet delivered (e.g. when the room closes).
    void giveUp();

Q_SIGNALS:
    // A session of member was attached; replaced: it took over from the member's earlier
    // session, which is closed.
    void memberJoined(sws::ChatChannel *member, sws::SecureWebSocket *session, bool replaced);
    // The member has no session any more (its conversation is kept for a rejoin).
    void memberLeft(sws::ChatChannel *member);
    // A member's message, before it is relayed. id: the member's sequence number (0 from a
    // plain member).
    void messageReceived(sws::ChatChannel *from, quint64 id, const QByteArray &payload);
    // Whenever one recipient's state of room message id changes; state is the aggregate.
    void deliveryChanged(quint64 id, sws::chat::MessageState state);

private:
    struct Outgoing {
        Delivery delivery;
        int pending = 0; // recipients whose state is not final
    };
    void onChannelCreated(ChatChannel *channel);
    void onAttached(ChatChannel *channel, SecureWebSocket *session);
    void onMemberMessage(ChatChannel *from, quint64 id, const QByteArray &payload);
    void onMessageState(ChatChannel *channel, quint64 channelId, chat::MessageState state,
                        bool plain);
    quint64 track(const QList<ChatChannel *> &to, const QByteArray &payload);
    void relay(ChatChannel *to, const QByteArray &payload);
    void update(quint64 id);

    // Whether the room still exists, for what runs on members' threads (a threaded server's).
    struct Alive {
        std::mutex mutex; // never held while calling into a channel or the host
        bool alive = true;
    };
    std::shared_ptr<Alive> m_alive = std::make_shared<Alive>();
    Mode m_mode;
    ChatHost *m_host;
    QHash<ChatChannel *, QPointer<SecureWebSocket>> m_present; // members with a session
    QHash<quint64, Outgoing> m_outgoing;                       // room message id → recipients
    // (channel, its message id) → (room message id, index of the recipient)
    QHash<QPair<ChatChannel *, quint64>, QPair<quint64, int>> m_ids;
    quint64 m_nextId = 1;
    std::atomic<qint64> m_relayed{0}; // counted on the members' threads when they echo there
};

} // namespace sws
