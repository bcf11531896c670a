#pragma once

#include <QStyledItemDelegate>

namespace sws::ui {

// Side-list row: state dot, title, and a second line with the state and the address.
class ConnectionDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *p, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace sws::ui
