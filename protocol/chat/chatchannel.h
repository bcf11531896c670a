#pragma once

#include "chat/chatconversation.h"
#include "session/securewebsocket.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <optional>

namespace sws {

class ChatJournal;
class SecureWebSocketServer;

struct ChatConfig {
    chat::Limits limits;
    // Client role (ChatChannel::connectTo): wait before reconnecting, doubling after each
    // attempt that does not reach a session, up to the maximum.
    int reconnectMinMs = 250;
    int reconnectMaxMs = 15000;
};

// One conversation with one peer, over whichever session currently connects us (README,
// "Nothing lost in chat"). With a peer that negotiated chat::kExtension every message carries
// an id and is acknowledged inside the encrypted channel; unacknowledged messages are resent
// after a reconnect and duplicates dropped (chatconversation.h). With a plain peer messages are
// sent and reported as they are (id 0, no acknowledgement).
//
// The conversation is keyed by the peer's public key: the first session attached fixes it, and
// sessions of other peers are refused. Attaching a newer session closes the older one.
// Either role: a server hands over its sessions (ChatHost does, one channel per client key);
// a client lets the channel dial and redial with connectTo().
//
// Ownership: sessions passed to attach() stay owned by their creator; sessions made by
// connectTo() are children of the channel and deleted once closed.
class ChatChannel : public QObject {
    Q_OBJECT
public:
    explicit ChatChannel(ChatConfig config = {}, QObject *parent = nullptr);
    ~ChatChannel() override;

    QByteArray peerPublicKey() const; // empty until the first session
    chat::Link link() const;
    SecureWebSocket *session() const; // the attached session, or null
    const chat::Conversation &conversation() const { return m_conversation; }
    int sessionsAttached() const { return m_attaches; }
    int connectionAttempts() const { return m_dials; } // connectTo()'s, counting every redial

    // Uses a secured session (not owned). False, and nothing changes, when it is not secured
    // or belongs to another peer (attachRefused()).
    bool attach(sws::SecureWebSocket *session);
    // Stops using the session, after writing what is due on it (queued messages, an
    // acknowledgement); one made by connectTo() is closed.
    void detach();

    // Client role: connects to url and reconnects whenever the session is lost, until
    // disconnectFromPeer(). The config is cloned for every attempt.
    void connectTo(const QUrl &url, SessionConfig config);
    void disconnectFromPeer();

    // Accepts a message and returns its id; while the link is up it is written at once. Its
    // states are signalled from the event loop (never from inside this call): Queued (or
    // Failed when refused), then Sent, Delivered. With a journal it is on disk before this
    // returns.
    quint64 sendMessage(const QByteArray &payload);
    // Fails every message not yet delivered (see chat::MessageState).
    void giveUp();

    // Keeps the conversation in journal (not owned; must outlive the channel or be replaced
    // by null first): from now on every step is on disk before anything that depends on it goes
    // out (chatjournal.h). Messages received in a burst are kept together, in one write before
    // the next thing this channel sends (their acknowledgements among it) and at the latest on
    // the next pass of the event loop; they are reported as they arrive. A process lost before
    // that write has acknowledged none of them, so the peer sends them again. A channel that was
    // never attached and has sent nothing goes on from the saved conversation (same stream, same
    // outbox: resent on the next reliable session); one already in use keeps its stream and takes
    // over the saved outbox as new messages (in order, after its own; one the peer already had may
    // then arrive twice). Returns the ids the saved outbox messages have now, each with its history
    // record id (0: none). On a store error the journal is not used (journalFailed()).
    QList<std::pair<quint64, qint64>> setJournal(ChatJournal *journal);
    ChatJournal *journal() const { return m_journal; }
    // Writes the received messages that wait for the journal now (see setJournal()), e.g.
    // before reading the store for what it holds. False when the journal refused them.
    bool keepReceived();

Q_SIGNALS:
    void messageReceived(quint64 id, const QByteArray &payload);
    void messageStateChanged(quint64 id, sws::chat::MessageState state);
    void linkChanged(sws::chat::Link link);
    void attachRefused(const QByteArray &peerPublicKey);
    // The journal refused a write: the conversation goes on in memory only.
    void journalFailed(const QString &message);

private:
    // Batched: the step may wait for the next journal write (only when it sends nothing).
    enum class Keep { Now, Batched };
    void process(chat::Conversation::Output out, Keep keep = Keep::Now);
    void write(chat::Conversation::Output &out);
    void scheduleFlush();
    void flush();
    void onSessionGone(SecureWebSocket *session);
    void dial();
    void scheduleRedial();
    void setLink(chat::Link link);
    void release(SecureWebSocket *session, bool closeForeign);
    bool journal(const std::vector<chat::Conversation::Snapshot::Pending> &queued,
                 const std::vector<chat::Conversation::StateChange> &states,
                 const std::vector<chat::Conversation::Delivery> &delivered);
    void journalError(const QString &message);

    ChatConfig m_config;
    chat::Conversation m_conversation;
    chat::Conversation::Output m_pending; // states of sendMessage() not yet signalled
    QByteArray m_peerKey;
    QPointer<SecureWebSocket> m_session;
    QPointer<SecureWebSocket> m_dialing;
    QTimer m_flushTimer;
    QTimer m_redialTimer;
    QUrl m_url;
    std::optional<SessionConfig> m_sessionConfig;
    int m_redialDelayMs = 0;
    int m_attaches = 0;
    int m_dials = 0;
    chat::Link m_reportedLink = chat::Link::Detached;
    ChatJournal *m_journal = nullptr;
    std::optional<chat::Conversation::Snapshot> m_journaled; // counters last written
    // Received steps not yet written (Keep::Batched; never anything to send): the next journal
    // write takes them first.
    chat::Conversation::Output m_unkept;
};

} // namespace sws
