#include "chat/room.h"

#include "session/securewebsocketserver.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSemaphore>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcChatRoom, "sws.room", QtWarningMsg)

namespace sws {

namespace {

// Channels that take messages as large as the server's sessions do (a DATA envelope must still
// fit in one message). Plain members' messages are written at once, so only acknowledging
// members' unacknowledged ones stay in an outbox, within the default limits.
ChatConfig configFor(const SecureWebSocketServer *server) {
    ChatConfig c;
    const SessionConfig &s = server->config().session;
    c.limits.maxPayloadBytes = std::max<qint64>(0, s.maxMessageBytes - chat::kEnvelopeHeaderBytes);
    c.limits.maxOutboxBytes = std::max(c.limits.maxOutboxBytes, c.limits.maxPayloadBytes);
    return c;
}

bool isFinal(chat::MessageState s, bool plain) {
    return s == chat::MessageState::Delivered || s == chat::MessageState::Failed ||
           (s == chat::MessageState::Sent && plain);
}

} // namespace

int Room::Delivery::count(chat::MessageState s, bool plain) const {
    return static_cast<int>(
        std::count_if(recipients.cbegin(), recipients.cend(),
                      [s, plain](const Recipient &r) { return r.state == s && r.plain == plain; }));
}

int Room::Delivery::count(chat::MessageState s) const {
    return count(s, false) + count(s, true);
}

Room::Room(SecureWebSocketServer *server, Mode mode, QObject *parent)
    : Room(server, mode, configFor(server), 1024, parent) {}

Room::Room(SecureWebSocketServer *server, Mode mode, ChatConfig config, int maxConversations,
           QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    // Connected to the server before the room: a member's channel is attached by the time
    // onSecured() runs.
    , m_host(new ChatHost(server, config, maxConversations, this)) {
    // Direct: with a threaded server, on the channel's thread before it is attached, so the
    // room hears its first message.
    connect(m_host, &ChatHost::channelCreated, this, &Room::onChannelCreated, Qt::DirectConnection);
    connect(m_host, &ChatHost::attached, this, &Room::onAttached);
}

Room::~Room() {
    {
        const std::lock_guard lock(m_alive->mutex);
        m_alive->alive = false;
    }
    {
        // A threaded host's worker threads call in (channelCreated, under the host's lock)
        // until disconnected.
        const std::lock_guard lock(m_host->lock());
        disconnect(m_host, nullptr, this, nullptr);
    }
    // The channels go with the host, after this body: none may call back into the room.
    for (ChatChannel *c : m_host->channels())
        c->disconnect(this);
}

QList<ChatChannel *> Room::members() const {
    return m_present.keys();
}

void Room::onChannelCreated(ChatChannel *channel) {
    if (m_host->threaded() && m_mode == Mode::Echo) {
        // Back from the member's own thread, without two trips through the room's.
        std::shared_ptr<Alive> alive = m_alive;
        connect(
            channel, &ChatChannel::messageReceived, channel,
            [this, alive, channel](quint64 id, const QByteArray &payload) {
                channel->sendMessage(payload);
                const std::lock_guard lock(alive->mutex);
                if (!alive->alive)
                    return;
                ++m_relayed;
                if (!isSignalConnected(QMetaMethod::fromSignal(&Room::messageReceived)))
                    return;
                QMetaObject::invokeMethod(
                    this,
                    [this, channel, id, payload] {
                        if (m_host->owns(channel))
                            Q_EMIT messageReceived(channel, id, payload);
                    },
                    Qt::QueuedConnection);
            },
            Qt::DirectConnection);
    } else {
        connect(channel, &ChatChannel::messageReceived, this,
                [this, channel](quint64 id, const QByteArray &payload) {
                    onMemberMessage(channel, id, payload);
                });
    }
    if (m_host->threaded()) {
        // Whether it went to a plain member is known on the channel's thread only.
        std::shared_ptr<Alive> alive = m_alive;
        connect(
            channel, &ChatChannel::messageStateChanged, channel,
            [this, alive, channel](quint64 id, chat::MessageState state) {
                const bool plain = channel->link() == chat::Link::Plain;
                const std::lock_guard lock(alive->mutex);
                if (!alive->alive)
                    return;
                QMetaObject::invokeMethod(
                    this,
                    [this, channel, id, state, plain] {
                        onMessageState(channel, id, state, plain);
                    },
                    Qt::QueuedConnection);
            },
            Qt::DirectConnection);
    } else {
        connect(channel, &ChatChannel::messageStateChanged, this,
                [this, channel](quint64 id, chat::MessageState state) {
                    onMessageState(channel, id, state, channel->link() == chat::Link::Plain);
                });
    }
    connect(channel, &ChatChannel::linkChanged, this, [this, channel](chat::Link link) {
        if (link == chat::Link::Detached && m_present.remove(channel))
            Q_EMIT memberLeft(channel);
    });
    // ChatHost drops a conversation only once nothing of it is pending; a new channel may
    // reuse its address.
    connect(channel, &QObject::destroyed, this, [this, channel] {
        m_present.remove(channel);
        for (auto it = m_ids.begin(); it != m_ids.end();)
            it = it.key().first == channel ? m_ids.erase(it) : std::next(it);
    });
}

void Room::onAttached(ChatChannel *ch, SecureWebSocket *session) {
    if (m_host->threaded() && !m_host->owns(ch))
        return; // dropped since (its member came back on another thread)
    const auto it = m_present.constFind(ch);
    const bool replaced = it != m_present.cend() && *it && *it != session;
    m_present.insert(ch, session);
    Q_EMIT memberJoined(ch, session, replaced);
}

void Room::onMemberMessage(ChatChannel *from, quint64 id, const QByteArray &payload) {
    if (m_host->threaded() && !m_host->owns(from))
        return; // dropped since: the pointer may dangle
    const QPointer<ChatChannel> guard(from);
    Q_EMIT messageReceived(from, id, payload);
    if (!guard)
        return;
    switch (m_mode) {
    case Mode::None:
        break;
    case Mode::Echo:
        relay(from, payload);
        ++m_relayed;
        break;
    case Mode::Chat:
        // A write may fail a member's session and make it leave: iterate over a copy.
        for (ChatChannel *to : m_present.keys()) {
            if (to == from || !m_present.contains(to))
                continue;
            relay(to, payload);
            ++m_relayed;
        }
        break;
    }
}

// With a threaded server queued to the member's thread: every relay from this thread to one
// member arrives there in the order it was made.
void Room::relay(ChatChannel *to, const QByteArray &payload) {
    if (!m_host->threaded()) {
        to->sendMessage(payload);
        return;
    }
    const std::lock_guard lock(m_host->lock()); // it stays alive until posted to
    if (m_host->owns(to))
        QMetaObject::invokeMethod(
            to, [to, payload] { to->sendMessage(payload); }, Qt::QueuedConnection);
}

quint64 Room::send(const QByteArray &payload) {
    return track(m_present.keys(), payload);
}

quint64 Room::sendTo(ChatChannel *member, const QByteArray &payload) {
    const bool ours = member && m_host->channel(member->peerPublicKey()) == member;
    return track(ours ? QList<ChatChannel *>{member} : QList<ChatChannel *>{}, payload);
}

quint64 Room::track(const QList<ChatChannel *> &to, const QByteArray &payload) {
    const quint64 id = m_nextId++;
    Outgoing &o = m_outgoing[id];
    o.pending = static_cast<int>(to.size());
    for (ChatChannel *c : to) {
        const int index = static_cast<int>(o.delivery.recipients.size());
        o.delivery.recipients.append({c->peerPublicKey(), chat::MessageState::Queued, false});
        if (!m_host->threaded()) {
            m_ids.insert({c, c->sendMessage(payload)}, {id, index});
            continue;
        }
        // On the member's thread, waiting for its id. Its states come from that thread's event
        // loop, queued behind this.
        quint64 channelId = 0;
        QSemaphore done;
        {
            const std::lock_guard lock(m_host->lock());
            if (m_host->owns(c)) {
                // Released when the call ran, or was dropped with a channel that went meanwhile.
                const std::shared_ptr<void> release(nullptr, [&done](void *) { done.release(); });
                QMetaObject::invokeMethod(
                    c, [c, payload, &channelId, release] { channelId = c->sendMessage(payload); },
                    Qt::QueuedConnection);
            } else {
                done.release();
            }
        }
        done.acquire();
        if (channelId == 0) { // gone: it will not get it
            o.delivery.recipients[index].state = chat::MessageState::Failed;
            --o.pending;
            continue;
        }
        m_ids.insert({c, channelId}, {id, index});
    }
    // The channels report from the event loop; with nobody to send to, so does the room.
    if (to.isEmpty()) {
        o.delivery.state = chat::MessageState::Failed;
        QTimer::singleShot(0, this, [this, id] { update(id); });
    }
    return id;
}

void Room::onMessageState(ChatChannel *channel, quint64 channelId, chat::MessageState state,
                          bool plain) {
    const auto key = qMakePair(channel, channelId);
    const auto it = m_ids.constFind(key);
    if (it == m_ids.cend()) {
        if (state == chat::MessageState::Failed)
            qCDebug(lcChatRoom) << "a relayed message failed";
        return; // relayed, not one of the room's own
    }
    const auto [id, index] = *it;
    const auto o = m_outgoing.find(id);
    if (o == m_outgoing.end()) {
        m_ids.erase(it);
        return;
    }
    Delivery::Recipient &r = o->delivery.recipients[index];
    r.state = state;
    r.plain = plain;
    if (isFinal(state, r.plain)) {
        m_ids.remove(key);
        --o->pending;
    }
    update(id);
}

// The aggregate: Queued while a recipient waits to be written, Delivered once all acknowledged,
// Failed when none can get it, else Sent (one reached a plain member, or awaits acknowledgement).
void Room::update(quint64 id) {
    const auto it = m_outgoing.find(id);
    if (it == m_outgoing.end())
        return;
    Delivery &d = it->delivery;
    const int n = static_cast<int>(d.recipients.size());
    if (n == 0 || d.count(chat::MessageState::Failed) == n)
        d.state = chat::MessageState::Failed;
    else if (d.count(chat::MessageState::Queued) > 0)
        d.state = chat::MessageState::Queued;
    else if (d.count(chat::MessageState::Delivered) == n)
        d.state = chat::MessageState::Delivered;
    else
        d.state = chat::MessageState::Sent;
    d.settled = it->pending <= 0;
    const bool settled = d.settled;
    const chat::MessageState state = d.state;
    const QPointer<Room> guard(this);
    Q_EMIT deliveryChanged(id, state);
    if (guard && settled)
        m_outgoing.remove(id);
}

std::optional<Room::Delivery> Room::delivery(quint64 id) const {
    const auto it = m_outgoing.constFind(id);
    if (it == m_outgoing.cend())
        return std::nullopt;
    return it->delivery;
}

void Room::giveUp() {
    for (ChatChannel *c : m_host->channels())
        c->giveUp();
}

} // namespace sws
