#include "contacts/contactfiltermodel.h"

#include "contacts/contactlistmodel.h"

namespace sws::ui {

ContactFilterModel::ContactFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent) {}

void ContactFilterModel::setFilterText(const QString &text) {
    if (text == m_text)
        return;
    m_text = text;
    m_words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool ContactFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    if (m_words.isEmpty())
        return true;
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString hay = i.data(ContactListModel::SearchTextRole).toString();
    // "1a2b 3c4d" is typed with or without the spaces the fingerprint is shown with.
    const QString compact = QString(hay).remove(QLatin1Char(' '));
    for (const QString &w : m_words)
        if (!hay.contains(w, Qt::CaseInsensitive) && !compact.contains(w, Qt::CaseInsensitive))
            return false;
    return true;
}

} // namespace sws::ui
