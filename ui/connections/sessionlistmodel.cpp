#include "connections/sessionlistmodel.h"

#include "inspector/sessiontracker.h"

namespace sws::ui {

SessionListModel::SessionListModel(QObject *parent)
    : QAbstractListModel(parent) {}

int SessionListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_sessions.size());
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    SessionTracker *t = m_sessions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 — %2").arg(t->label(), sessionStateName(t->state()));
    case Qt::DecorationRole:
        return theme::dot(sessionStateTone(t->state()));
    case TrackerRole:
        return QVariant::fromValue(static_cast<QObject *>(t));
    default:
        return {};
    }
}

void SessionListModel::add(SessionTracker *tracker) {
    tracker->setParent(this);
    prune();
    const int row = static_cast<int>(m_sessions.size());
    beginInsertRows({}, row, row);
    m_sessions.append(tracker);
    endInsertRows();
    connect(tracker, &SessionTracker::changed, this, [this, tracker] {
        const int r = indexOf(tracker);
        if (r >= 0)
            Q_EMIT dataChanged(index(r), index(r));
    });
}

void SessionListModel::prune() {
    while (m_sessions.size() >= m_max) {
        int victim = -1;
        for (int i = 0; i < m_sessions.size(); ++i) {
            const SessionState s = m_sessions.at(i)->state();
            if (sessionStateEnded(s)) {
                victim = i;
                break;
            }
        }
        if (victim < 0)
            return; // every one is live: keep them all
        beginRemoveRows({}, victim, victim);
        SessionTracker *t = m_sessions.takeAt(victim);
        endRemoveRows();
        t->deleteLater();
    }
}

} // namespace sws::ui
