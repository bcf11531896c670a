#include "connections/connectionlistmodel.h"

#include "connections/connection.h"

namespace sws::ui {

ConnectionListModel::ConnectionListModel(QObject *parent)
    : QAbstractListModel(parent) {}

int ConnectionListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

QVariant ConnectionListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Connection *c = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return c->title();
    case AddressRole:
        return c->address();
    case StateRole:
        return static_cast<int>(c->state());
    case StateTextRole:
        if (c->kind() == Connection::Kind::Room && c->state() == SessionState::Listening)
            return tr("hosting · %1")
                .arg(theme::count(c->memberCount(), tr("member"), tr("members")));
        return c->stateText();
    case MemberCountRole:
        return c->memberCount();
    case KindRole:
        return static_cast<int>(c->kind());
    case Qt::DecorationRole:
        return theme::dot(sessionStateTone(c->state()));
    case Qt::ToolTipRole:
        return c->statusText();
    default:
        return {};
    }
}

QHash<int, QByteArray> ConnectionListModel::roleNames() const {
    return {{TitleRole, "title"},         {AddressRole, "address"},         {StateRole, "state"},
            {StateTextRole, "stateText"}, {MemberCountRole, "memberCount"}, {KindRole, "kind"}};
}

int ConnectionListModel::add(Connection *c) {
    c->setParent(this);
    const int row = static_cast<int>(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(c);
    endInsertRows();
    connect(c, &Connection::changed, this, [this, c] {
        const int r = indexOf(c);
        if (r >= 0)
            Q_EMIT dataChanged(index(r), index(r));
    });
    return row;
}

void ConnectionListModel::remove(int row) {
    if (row < 0 || row >= m_items.size())
        return;
    beginRemoveRows({}, row, row);
    Connection *c = m_items.takeAt(row);
    endRemoveRows();
    c->disconnect(this);
    c->close();
    c->deleteLater();
}

int ConnectionListModel::indexOf(const Connection *c) const {
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items.at(i) == c)
            return i;
    return -1;
}

} // namespace sws::ui
