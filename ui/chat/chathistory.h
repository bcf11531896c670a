#pragma once

#include "chat/chatmodel.h"
#include "history/historystore.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace sws::ui {

// Keeps one chat in the history store: first shows the conversation's last messages (when
// the chat is still empty), then records every message the chat shows, as it shows it (text
// rendered, sender, direction, time), and each later change of its state. Notices are not
// kept. Writes are gathered and committed together kFlushMs after the first of them (and when
// this object goes): a 10,000 messages/s stream costs a few transactions per interval, not one
// per message; a crash loses at most the last interval. What has gathered is written in slices
// of about kSliceMs, one per event-loop pass, so a burst never holds the window up for longer
// than that (the first slices of a burst are sized on a guess, then on what the last ones took).
class ChatHistory : public QObject {
    Q_OBJECT
public:
    static constexpr int kFlushMs = 250;
    static constexpr int kSliceMs = 8;
    static constexpr int kBacklog = 200;
    static constexpr int kPage = 100;

    // store must outlive this object; chat is watched until it or this object goes.
    ChatHistory(HistoryStore *store, const HistoryStore::Ref &ref, ChatModel *chat,
                QObject *parent = nullptr);
    ~ChatHistory() override;

    int restoredCount() const { return m_restored; }
    // The chat id a restored message not yet in a final state (queued, sent) was shown with;
    // 0 when it was not restored.
    quint64 restoredChatId(qint64 storeId) const { return m_restoredIds.value(storeId); }
    // Off: messages and their states are no longer written here; a ChatJournal that writes
    // them with the conversation's state does (README, "Nothing lost"). Restoring stays.
    void setRecording(bool on) { m_recording = on; }
    bool recording() const { return m_recording; }
    // Commits what waits now; false (and failed() once) when the store refused it.
    bool flush();
    QString errorString() const { return m_error; }

    // chathistory_paging.cpp: older messages paged in on demand, before the first row.
    const HistoryStore::Ref &ref() const { return m_ref; }
    // True while the store may hold messages older than the oldest shown, or the start of the
    // conversation is not marked yet. False once the chat dropped its oldest rows (its own
    // bound) or was cleared: then what the store holds no longer joins up with the chat.
    bool hasOlder() const { return m_more || (!m_startShown && m_pagingOn); }
    bool atStart() const { return m_startShown; }
    // Puts up to limit older messages from the store before the first row, in one insertion,
    // and a "start of the conversation" notice once there are no more. The number of rows
    // added; -1 when the store failed (pagingFailed(); recording goes on).
    int fetchOlder(int limit = kPage);
    // The chat's row of a message paged in or restored from the store (its store id), after
    // paging in what lies between when needed; -1 when it cannot be had.
    int loadStored(qint64 storeId);
    // Messages written from now on start a conversation again (the store's was deleted).
    void forgetStored();

Q_SIGNALS:
    // The first write that failed; recording stops then (the chat goes on).
    void failed(const QString &message);
    void pagingFailed(const QString &message);

private:
    void onRowsInserted(int first, int last);
    void onDataChanged(int first, int last);
    void fail(const QString &message);
    void writeSlice();
    bool writeFront(int count);

    struct Pending {
        quint64 chatId;
        HistoryStore::NewMessage message;
    };
    HistoryStore *m_store;
    HistoryStore::Ref m_ref;
    ChatModel *m_chat;
    QTimer m_timer;
    QList<Pending> m_pending;
    qint64 m_written = 0;                  // pending entries written so far, ever
    QHash<quint64, qint64> m_pendingIndex; // chat id → m_written + its index in m_pending
    double m_usPerMessage = 40;            // what writing one took lately (µs)
    QHash<quint64, qint64> m_stored;       // chat id → store id, while its state may change
    QHash<qint64, quint64> m_restoredIds;  // store id → chat id, queued or sent when restored
    bool m_recording = true;
    int m_restored = 0;
    QString m_error;
    // Paging (chathistory_paging.cpp).
    void stopPaging();
    qint64 m_conversation = 0;
    qint64 m_oldest = 0;               // store id of the oldest message shown
    bool m_more = false;               // the store may hold older ones
    bool m_pagingOn = false;           // the chat's first row is the oldest message shown
    bool m_startShown = false;         // the start-of-conversation notice is there
    bool m_paging = false;             // rows inserted now come from the store
    QHash<qint64, quint64> m_chatIdOf; // store id → chat id, of what came from the store
};

} // namespace sws::ui
