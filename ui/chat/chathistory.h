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
// kept. Writes are gathered and committed together every kFlushMs (and when this object goes):
// a 10,000 messages/s stream costs one transaction per interval, not one per message; a crash
// loses at most the last interval.
class ChatHistory : public QObject {
    Q_OBJECT
public:
    static constexpr int kFlushMs = 250;
    static constexpr int kBacklog = 200;

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

Q_SIGNALS:
    // The first write that failed; recording stops then (the chat goes on).
    void failed(const QString &message);

private:
    void onRowsInserted(int first, int last);
    void onDataChanged(int first, int last);
    void fail(const QString &message);

    struct Pending {
        quint64 chatId;
        HistoryStore::NewMessage message;
    };
    HistoryStore *m_store;
    HistoryStore::Ref m_ref;
    ChatModel *m_chat;
    QTimer m_timer;
    QList<Pending> m_pending;
    QHash<quint64, int> m_pendingIndex;   // chat id → index in m_pending
    QHash<quint64, qint64> m_stored;      // chat id → store id, while its state may change
    QHash<qint64, quint64> m_restoredIds; // store id → chat id, queued or sent when restored
    bool m_recording = true;
    int m_restored = 0;
    QString m_error;
};

} // namespace sws::ui
