#pragma once

#include <QAbstractListModel>
#include <QList>

namespace sws::ui {

class SessionTracker;

// The sessions of one connection, for the session picker above the peer panel and the
// inspector: one for a client, every member (and failed attempt) for a room. Holds at most
// maxSessions(); beyond that the oldest closed ones are forgotten (and deleted).
class SessionListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { TrackerRole = Qt::UserRole + 1 };

    explicit SessionListModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void add(SessionTracker *tracker); // takes ownership
    SessionTracker *at(int row) const { return m_sessions.value(row); }
    int indexOf(SessionTracker *t) const { return static_cast<int>(m_sessions.indexOf(t)); }
    const QList<SessionTracker *> &sessions() const { return m_sessions; }
    int maxSessions() const { return m_max; }
    void setMaxSessions(int max) { m_max = max; }

private:
    void prune();
    QList<SessionTracker *> m_sessions;
    int m_max = 64;
};

} // namespace sws::ui
