#include "inspector/trafficfiltermodel.h"

#include "inspector/trafficmodel.h"

namespace sws::ui {

TrafficFilterModel::TrafficFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent) {}

void TrafficFilterModel::setSourceModel(QAbstractItemModel *source) {
    m_traffic = qobject_cast<TrafficModel *>(source);
    QSortFilterProxyModel::setSourceModel(source);
}

void TrafficFilterModel::setDirection(Direction d) {
    if (d == m_direction)
        return;
    m_direction = d;
    invalidate(); // a full rebuild: O(n), where an incremental one is O(n²) with 100k rows
}

void TrafficFilterModel::setSearchText(const QString &text) {
    const QString t = text.trimmed();
    if (t == m_search)
        return;
    m_search = t;
    invalidate(); // a full rebuild: O(n), where an incremental one is O(n²) with 100k rows
}

bool TrafficFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    if (!m_traffic || sourceParent.isValid())
        return true;
    const TrafficModel::Row &r = m_traffic->row(sourceRow);
    if (m_direction == Direction::Sent && !r.sent)
        return false;
    if (m_direction == Direction::Received && r.sent)
        return false;
    if (m_search.isEmpty())
        return true;
    return m_traffic->searchText(sourceRow).contains(m_search, Qt::CaseInsensitive);
}

} // namespace sws::ui
