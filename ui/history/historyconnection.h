#pragma once

#include "connections/connection.h"

namespace sws::ui {

// A conversation of the history opened read-only from History → Search conversations… when
// no open server or room is that conversation: its chat shows the stored messages, paged in as
// the user scrolls up (the caller attaches a ChatHistory).
class HistoryConnection : public Connection {
    Q_OBJECT
public:
    explicit HistoryConnection(const QString &title, QObject *parent = nullptr);

    QString address() const override { return title(); }
    SessionState state() const override { return SessionState::ReadOnly; }
    QString statusText() const override;
};

} // namespace sws::ui
