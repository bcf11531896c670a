#pragma once

#include <QSortFilterProxyModel>

namespace sws::ui {

class TrafficModel;

// Direction filter and free-text search over a TrafficModel. The search looks through the
// plaintext preview, the ciphertext preview (hex), the counter and the peer, case-insensitively.
class TrafficFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Direction { Both, Sent, Received };
    Q_ENUM(Direction)

    explicit TrafficFilterModel(QObject *parent = nullptr);
    void setSourceModel(QAbstractItemModel *source) override;

    Direction direction() const { return m_direction; }
    void setDirection(Direction d);
    QString searchText() const { return m_search; }
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    TrafficModel *m_traffic = nullptr;
    Direction m_direction = Direction::Both;
    QString m_search;
};

} // namespace sws::ui
