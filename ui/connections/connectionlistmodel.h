#pragma once

#include <QAbstractListModel>
#include <QList>

namespace sws::ui {

class Connection;

// The side list: every room hosted, server joined and transcript opened. Owns the connections.
class ConnectionListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        TitleRole = Qt::UserRole + 1,
        AddressRole,
        StateRole,       // SessionState as int
        StateTextRole,   // "secured", "hosting · 2 members"
        MemberCountRole, // -1 for non-rooms
        KindRole,        // Connection::Kind as int
    };

    explicit ConnectionListModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int add(Connection *c); // takes ownership; returns the row
    void remove(int row);   // closes and deletes it
    Connection *at(int row) const { return m_items.value(row); }
    int indexOf(const Connection *c) const;
    const QList<Connection *> &connections() const { return m_items; }

private:
    QList<Connection *> m_items;
};

} // namespace sws::ui
