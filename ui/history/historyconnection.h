#pragma once

#include "connections/connection.h"

namespace sws::ui {

// A conversation of the history opened read-only (from History → Search conversations… or the
// contact list) when no open server or room is that conversation: its chat shows the stored
// messages, the newest first and older ones paged in as the user scrolls up (the caller
// attaches a ChatHistory: MainWindow::openKept()).
class HistoryConnection : public Connection {
    Q_OBJECT
public:
    HistoryConnection(const QString &title, qint64 conversation, QObject *parent = nullptr);

    qint64 conversation() const { return m_conversation; }
    QString address() const override { return title(); }
    SessionState state() const override { return SessionState::ReadOnly; }
    QString statusText() const override;

private:
    qint64 m_conversation;
};

} // namespace sws::ui
