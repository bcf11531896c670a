#pragma once

#include "connections/connection.h"

namespace sws {
class HistoryStore;
}

namespace sws::ui {

// A kept conversation opened from the contact list while no session to its peer is open:
// its last messages, read-only, in the chat view.
class HistoryConversation : public Connection {
    Q_OBJECT
public:
    static constexpr int kShown = 200;

    // store is read here only.
    HistoryConversation(HistoryStore *store, qint64 conversation, const QString &title,
                        QObject *parent = nullptr);

    qint64 conversation() const { return m_conversation; }
    QString address() const override { return tr("kept conversation"); }
    SessionState state() const override { return SessionState::ReadOnly; }
    QString statusText() const override;

private:
    qint64 m_conversation;
    int m_shown = 0;
};

} // namespace sws::ui
