#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <deque>
#include <optional>
#include <vector>

// chat-ack/1 (docs/protocol.md, Extensions and chat-ack/1): the sequencing of one conversation
// with one peer, sans I/O. ChatChannel (chatchannel.h) drives it over SecureWebSocket sessions.
namespace sws {
namespace chat {
Q_NAMESPACE

// The extension name negotiated in the handshake (SessionConfig::extensions). Only when both
// sides list it do messages travel in envelopes; a plain peer gets plain messages.
inline const QString kExtension = QStringLiteral("chat-ack/1");

// Queued: accepted, not yet on a connection. Sent: written to a connection (final for a plain
// peer, which cannot confirm). Delivered: the peer acknowledged it. Failed: refused (outbox
// full, too big) or given up (giveUp()); one that was in flight may still have arrived.
enum class MessageState { Queued, Sent, Delivered, Failed };
Q_ENUM_NS(MessageState)

// Detached: no session. Resuming: our RESUME is out, the peer's not yet in. Reliable: messages
// flow in envelopes. Plain: the peer does not speak kExtension; messages are sent as they are.
enum class Link { Detached, Resuming, Reliable, Plain };
Q_ENUM_NS(Link)

// The envelope inside each encrypted message between peers that negotiated kExtension. Byte 0
// is the type; the numbers after it are unsigned 64-bit big-endian:
//   DATA   0x01 | seq | payload (0..n bytes)                       9 + n bytes
//   ACK    0x02 | seq                                              9 bytes
//   RESUME 0x03 | seq | stream | peerStream | next                 33 bytes
// DATA seq: the message's number in its sender's stream (1, 2, …). ACK seq: every message of
// the acknowledger's peer up to seq is delivered (cumulative). RESUME, sent first on every
// connection: seq = the last message delivered from the stream peerStream (0 and 0 when none
// known), stream = the sender's own stream (a random nonzero id, new whenever the sender starts
// afresh), next = the lowest seq the sender may still send (anything below is settled or given
// up, so the receiver may skip it).
struct Envelope {
    enum class Type : quint8 { Data = 1, Ack = 2, Resume = 3 };
    Type type = Type::Data;
    quint64 seq = 0;
    QByteArray payload;     // Data
    quint64 stream = 0;     // Resume
    quint64 peerStream = 0; // Resume
    quint64 next = 0;       // Resume
};
inline constexpr int kEnvelopeHeaderBytes = 9;
inline constexpr int kResumeBytes = 33;
QByteArray encode(const Envelope &e);
// nullopt for an unknown type, a wrong length, a zero DATA seq or RESUME stream/next.
[[nodiscard]] std::optional<Envelope> decode(const QByteArray &bytes);

struct Limits {
    int maxOutboxMessages = 10000;            // unacknowledged messages kept for resending
    qint64 maxOutboxBytes = 16 * 1024 * 1024; // their payload bytes
    qint64 maxPayloadBytes = 1024 * 1024;     // one message
    int ackEvery = 64; // acknowledge at once after this many deliveries, else on flush()
};

// One conversation: our outgoing stream (outbox of unacknowledged messages, resent after a
// reconnect) and the peer's incoming stream (delivered in order, duplicates dropped, never out
// of order). Each call returns what to send on the current session and what to report.
class Conversation {
public:
    struct Delivery {
        quint64 id; // the peer's seq; 0 for a message from a plain peer
        QByteArray payload;
    };
    struct StateChange {
        quint64 id; // as enqueue() returned it
        MessageState state;
    };
    struct Output {
        std::vector<QByteArray> send;    // messages for the session, in order
        std::vector<Delivery> delivered; // for the application, in order
        std::vector<StateChange> states; // in the order they happened
        void append(Output &&other);
    };
    // The durable state (README, "Nothing lost"): what a restarted program needs to go on with
    // the same streams, so that the peer's RESUME skips what it already has.
    struct Snapshot {
        struct Pending {
            quint64 id = 0;
            quint64 seq = 0;
            QByteArray payload;
            MessageState state = MessageState::Queued; // Queued or Sent
        };
        quint64 stream = 0;
        quint64 nextId = 1;
        quint64 nextSeq = 1;
        quint64 peerStream = 0;
        quint64 deliveredUpTo = 0;
        std::vector<Pending> outbox; // ascending id and seq
    };
    struct Stats {
        quint64 resent = 0;     // DATA sent again after a reconnect
        quint64 duplicates = 0; // DATA dropped as already delivered
        quint64 outOfOrder = 0; // DATA dropped because an earlier one is missing
        quint64 malformed = 0;  // envelopes dropped as unreadable or out of protocol
    };

    // stream 0 draws a random stream id.
    explicit Conversation(Limits limits = {}, quint64 stream = 0);

    // A conversation that goes on from a snapshot (detached; every pending message is written
    // again on the next reliable session). nullopt when the snapshot is inconsistent (stream 0,
    // outbox out of order or beyond the counters, limits exceeded).
    [[nodiscard]] static std::optional<Conversation> restore(const Snapshot &s, Limits limits = {});
    Snapshot snapshot() const;

    // Accepts a message for sending: its id, state Queued (reported in out) or Failed when it
    // is too big or the outbox is full. Ids count up from 1 and equal the message's seq on the
    // wire unless messages were refused. Nothing is sent before flush().
    quint64 enqueue(const QByteArray &payload, Output &out);
    // A new session: reliable when both sides negotiated kExtension.
    Output attach(bool reliable);
    void detach();
    Output receive(const QByteArray &message);
    // Sends queued messages (in order) and a due acknowledgement.
    Output flush();
    // Fails every message not yet delivered and tells the peer to skip them.
    Output giveUp();

    Link link() const { return m_link; }
    quint64 stream() const { return m_stream; }
    quint64 peerStream() const { return m_peerStream; }
    quint64 deliveredUpTo() const { return m_delivered; } // of peerStream()
    int outboxMessages() const { return static_cast<int>(m_outbox.size()); }
    qint64 outboxBytes() const { return m_outboxBytes; }
    std::optional<MessageState> pendingState(quint64 id) const; // nullopt once settled
    std::optional<Snapshot::Pending> pending(quint64 id) const; // nullopt once settled
    quint64 nextId() const { return m_nextId; }
    quint64 nextSeq() const { return m_nextSeq; }
    bool ackDue() const { return m_ackDue; }
    const Stats &stats() const { return m_stats; }

private:
    struct Entry {
        quint64 id;
        quint64 seq;
        QByteArray payload;
        MessageState state;
        bool onLink; // written to the current session
    };
    quint64 next() const { return m_outbox.empty() ? m_nextSeq : m_outbox.front().seq; }
    QByteArray resume() const;
    void transmit(Output &out);
    void acknowledged(quint64 seq, Output &out);
    void onResume(const Envelope &e, Output &out);
    void onData(const Envelope &e, Output &out);

    Limits m_limits;
    Link m_link = Link::Detached;
    std::deque<Entry> m_outbox; // ascending id and seq
    qint64 m_outboxBytes = 0;
    quint64 m_nextId = 1;
    quint64 m_nextSeq = 1;
    quint64 m_stream = 0;
    quint64 m_peerStream = 0;
    quint64 m_delivered = 0;
    bool m_ackDue = false;
    int m_unacked = 0;
    Stats m_stats;
};

} // namespace chat
} // namespace sws
