#pragma once

#include "crypto/expected.h"
#include "crypto/secretbuffer.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace sws {

struct HistoryError {
    enum class Code {
        Io,          // the file or directory cannot be read or written
        Corrupt,     // not a history database, truncated or damaged
        NewerSchema, // written by a newer version of this program
        WrongKey,    // the history key does not open this database
        Crypto,      // a value did not decrypt (altered) or sealing failed
        NotFound,    // no such conversation or message
        Invalid,     // a bad argument (key size, empty room name)
    };
    Code code;
    QString message; // readable; never holds key bytes or message text
};

// The conversations kept on disk: one SQLite database (WAL mode) in the profile directory,
// PROFILE/history.sqlite, shared by the app and the CLI.
//
// Everything that could tell anything about the conversations is sealed with crypto_secretbox
// (XSalsa20-Poly1305, a random nonce per value, padded to 32-byte blocks) under a key derived
// from the 32-byte history key: message text, sender, message ids, contact names, endpoints,
// room names and even the peers' public keys. Lookups by peer or room use a keyed BLAKE2b hash
// (crypto_generichash under a second derived key), so equal keys are findable without being
// readable. In clear remain only numbers: times, directions, states, sequence numbers, counts,
// and the random stream ids of chat-ack/1 conversations (chatState()).
//
// Every write is one transaction: a process killed at any moment loses at most the write it
// was doing (synchronous=NORMAL: a power loss may lose the last few commits, never corrupt).
// A file that is not ours, damaged, truncated or written by a newer schema is refused before
// anything is written to it.
class HistoryStore {
public:
    static constexpr int kSchemaVersion = 2; // 2: chat state and outbox (1 is migrated)
    static constexpr int kKeyBytes = 32;
    static QString fileName() { return QStringLiteral("history.sqlite"); }

    enum class Direction { Incoming = 0, Outgoing = 1 };
    // The numbers match the chat model's MessageState.
    enum class State { Queued = 0, Sent = 1, Failed = 2, Received = 3, Delivered = 4 };
    enum class Kind { Contact = 0, Room = 1 };
    enum class ExportFormat { Json, Text };

    // Which conversation: with one peer (its public key) or in a room (a name or URL the
    // caller chooses, the same each time).
    struct Ref {
        Kind kind = Kind::Contact;
        QByteArray peerKey; // Contact: 32 bytes
        QString room;       // Room
        static Ref contact(const QByteArray &key) { return {Kind::Contact, key, {}}; }
        static Ref roomNamed(const QString &name) { return {Kind::Room, {}, name}; }
    };

    struct NewMessage {
        Direction direction = Direction::Incoming;
        QString sender;
        qint64 timeMs = 0;
        State state = State::Received;
        QString messageId; // the protocol's id, when there is one
        qint64 seq = 0;
        QString text;
    };
    struct Message {
        qint64 id = 0; // row id: grows with every message added (paging, updateState)
        qint64 conversation = 0;
        Direction direction = Direction::Incoming;
        QString sender;
        qint64 timeMs = 0;
        State state = State::Received;
        QString messageId;
        qint64 seq = 0;
        QString text;
    };
    struct Conversation {
        qint64 id = 0;
        Kind kind = Kind::Contact;
        QByteArray peerKey; // Contact
        QString room;       // Room
        QString title;      // the contact's name (empty when unknown) or the room
        qint64 count = 0;
        qint64 lastTimeMs = 0; // 0 without messages
        Ref ref() const { return {kind, peerKey, room}; }
    };
    struct Contact {
        QByteArray peerKey;
        QString name;
        qint64 firstSeenMs = 0;
        qint64 lastSeenMs = 0;
        QStringList endpoints;
    };

    // The durable side of a chat-ack/1 conversation (README, "Nothing lost"): its counters
    // (numbers in clear) and its outbox of messages not yet acknowledged (payloads sealed).
    struct ChatState {
        quint64 stream = 0;
        quint64 nextId = 1;
        quint64 nextSeq = 1;
        quint64 peerStream = 0;
        quint64 delivered = 0;
    };
    struct OutboxEntry {
        quint64 id = 0;
        quint64 seq = 0;
        QByteArray payload;
        State state = State::Queued; // Queued or Sent
        qint64 message = 0;          // its record in messages (0: none)
    };
    struct OutboxChange {
        quint64 id = 0;
        State state = State::Sent;
        bool settled = false; // removed from the outbox (Delivered, Failed, final Sent)
    };
    // What changed in one step of the conversation; applyChat() writes it in one transaction.
    struct ChatUpdate {
        ChatState state;
        QList<OutboxEntry> queued;       // new outbox entries
        QList<NewMessage> queuedRecords; // their records, same order (empty: none kept)
        QList<OutboxChange> changes;     // also sets the records' state
        QList<NewMessage> received;      // messages delivered in this step
        bool replace = false;            // the outbox holds only queued afterwards
    };
    struct ChatApplied {
        QList<qint64> queuedRecords;
        QList<qint64> receivedRecords;
    };
    struct ChatSaved {
        ChatState state;
        QList<OutboxEntry> outbox; // ascending id
    };

    // Opens PROFILE/history.sqlite (dir is created when missing), creating the database when
    // there is none. key: kKeyBytes bytes.
    [[nodiscard]] static Expected<std::unique_ptr<HistoryStore>, HistoryError>
    open(const QString &dir, const SecretBuffer &key);
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    QString path() const;
    // Transactions this object has committed (writes of several rows; a single-row update is
    // not one): what a burst of messages costs, for measurements and tests.
    qint64 transactionsCommitted() const;

    // The conversation's id, created when missing.
    [[nodiscard]] Expected<qint64, HistoryError> conversation(const Ref &ref);
    // The id of the new message.
    [[nodiscard]] Expected<qint64, HistoryError> addMessage(const Ref &ref, const NewMessage &m);
    // Several messages in one transaction (imports); the ids of the new messages.
    [[nodiscard]] Expected<QList<qint64>, HistoryError>
    addMessages(const Ref &ref, const QList<NewMessage> &messages);
    [[nodiscard]] Expected<bool, HistoryError> updateState(qint64 messageId, State state);
    // Records a peer: name (kept when empty), one more endpoint, first and last seen.
    [[nodiscard]] Expected<bool, HistoryError> noteContact(const QByteArray &peerKey,
                                                           const QString &name,
                                                           const QString &endpoint, qint64 timeMs);
    // Names a known contact (empty: no name); NotFound when the key was never noted.
    [[nodiscard]] Expected<bool, HistoryError> setContactName(const QByteArray &peerKey,
                                                              const QString &name);
    [[nodiscard]] Expected<QList<Contact>, HistoryError> contacts();
    // Every conversation with its message count and last time, the latest first.
    [[nodiscard]] Expected<QList<Conversation>, HistoryError> conversations();
    // A page of at most limit messages older than beforeId (0: the newest), oldest first; the
    // next older page is before = first().id.
    [[nodiscard]] Expected<QList<Message>, HistoryError>
    messages(qint64 conversation, qint64 beforeId = 0, int limit = 100);
    // Messages whose text contains text (case-insensitive), oldest first. Every message is
    // decrypted in memory to look: the cost grows with the whole history (a linear scan, about
    // as long as exporting everything), which is fine for thousands, slow for millions.
    [[nodiscard]] Expected<QList<Message>, HistoryError> search(const QString &text);
    [[nodiscard]] Expected<bool, HistoryError> deleteConversation(qint64 conversation);
    // Deletes every conversation, message and contact (the key stays valid).
    [[nodiscard]] Expected<bool, HistoryError> clear();
    // Json: {"conversation":{...},"messages":[{...}]}; Text: one message a line,
    // "TIME  SENDER: TEXT" (TIME in UTC ISO 8601; backslashes, line breaks and other control
    // characters escaped: "\\", "\n", "\x1b"), so a peer's text cannot drive a terminal.
    [[nodiscard]] Expected<QByteArray, HistoryError> exportConversation(qint64 conversation,
                                                                        ExportFormat format);

    // The saved chat state of a conversation; nullopt when there is none.
    [[nodiscard]] Expected<std::optional<ChatSaved>, HistoryError> chatState(const Ref &ref);
    // Writes a step of the conversation in one transaction (the conversation is created when
    // missing): the counters, new outbox entries and their records, state changes, and the
    // messages received, so that a process killed at any moment keeps all or nothing of it.
    [[nodiscard]] Expected<ChatApplied, HistoryError> applyChat(const Ref &ref,
                                                                const ChatUpdate &update);

    // Moves what the conversation from holds into the conversation to (created when missing),
    // in one transaction: a joined server's chat kept under its URL until its key was known
    // becomes the conversation with that key. Its messages always move; its chat state and
    // outbox move too when to has none (true: from is gone), else they stay with from (false).
    // Nothing to move (no conversation from): true.
    [[nodiscard]] Expected<bool, HistoryError> moveConversation(const Ref &from, const Ref &to);

    static QString stateName(State s);

private:
    struct Private;
    explicit HistoryStore(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace sws
