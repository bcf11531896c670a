#pragma once

#include "chat/chatconversation.h"
#include "history/historystore.h"

#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace sws {

// The durable side of one ChatChannel's conversation, kept in the history store (README,
// "Nothing lost"): the conversation's counters and streams, its outbox (messages not yet
// acknowledged, payloads sealed) and, optionally, a history record of every message with its
// state. ChatChannel::setJournal() restores from it and writes each step to it before the step
// reaches a session or the application:
//   - a message is in the outbox before it is written to a session;
//   - a message received is recorded in the same transaction that advances the delivered seq
//     (so a kill between the two can neither lose nor duplicate it);
//   - an acknowledged one leaves the outbox and its record becomes Delivered, together.
// Not a QObject; the store must outlive it.
class ChatJournal {
public:
    ChatJournal(HistoryStore *store, HistoryStore::Ref ref);
    ~ChatJournal();
    ChatJournal(const ChatJournal &) = delete;
    ChatJournal &operator=(const ChatJournal &) = delete;

    // False when another journal on the same store and conversation exists already (the same
    // server joined twice): two channels must not share one saved stream. Use it only when
    // true.
    bool exclusive() const { return m_exclusive; }

    // Keep a history record of each message (text as the chat shows it) under these senders.
    void keepRecords(const QString &ownSender, const QString &peerSender);

    struct Restored {
        chat::Conversation conversation;
        QList<std::pair<quint64, qint64>> records; // outbox id → record id (0: none)
    };
    // The saved conversation; nullopt without one. Unexpected when the store fails or the
    // saved state is inconsistent.
    [[nodiscard]] Expected<std::optional<Restored>, HistoryError> load(chat::Limits limits) const;

    // Writes one step: the conversation after it, the entries it queued (with their records
    // when kept; reused: records kept already), the state changes it reported and what it
    // delivered. replace: the outbox is replaced by queued (a conversation that was not
    // restored takes over what the last run left).
    [[nodiscard]] Expected<HistoryStore::ChatApplied, HistoryError>
    write(const chat::Conversation &conv,
          const std::vector<chat::Conversation::Snapshot::Pending> &queued,
          const std::vector<chat::Conversation::StateChange> &states,
          const std::vector<chat::Conversation::Delivery> &delivered,
          const QList<qint64> &reused = {}, bool replace = false);

    // Makes the conversation to this journal's (HistoryStore::moveConversation): a chat kept
    // under a provisional ref (a server's URL before its key was known) goes on as the
    // conversation with the key. False, and the journal keeps its ref, when to has a saved
    // stream of its own or a journal of its own now.
    [[nodiscard]] Expected<bool, HistoryError> moveTo(const HistoryStore::Ref &to);

    HistoryStore *store() const { return m_store; }
    const HistoryStore::Ref &ref() const { return m_ref; }

private:
    static QByteArray claimKey(const HistoryStore *store, const HistoryStore::Ref &ref);
    HistoryStore::NewMessage record(const QByteArray &payload, bool outgoing) const;

    HistoryStore *m_store;
    HistoryStore::Ref m_ref;
    QByteArray m_key; // store and conversation, for exclusive()
    bool m_exclusive = false;
    bool m_records = false;
    QString m_own;
    QString m_peer;
};

} // namespace sws
