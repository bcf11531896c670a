#pragma once

#include <QStyledItemDelegate>

namespace sws::ui {

// Chat bubble: own messages on the right, the peers' on the left, room notices centred; a
// header line with sender, time and, for own messages, the delivery state as a label and a
// mark (clock, one tick when sent, two when delivered, "!" in the error colour when it failed;
// the tooltip says why); hex payloads in a fixed-pitch font.
class ChatDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *p, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    struct Layout {
        QRect bubble, header, body;
    };
    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index,
                  const QRect &rect) const;
};

} // namespace sws::ui
