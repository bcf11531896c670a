#include "connections/connectiondelegate.h"

#include "connections/connection.h"
#include "connections/connectionlistmodel.h"
#include "window/theme.h"

#include <QApplication>
#include <QPainter>

namespace sws::ui {

QSize ConnectionDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const {
    const QFontMetrics fm(option.font);
    return {200, fm.height() * 2 + 18};
}

void ConnectionDelegate::paint(QPainter *p, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, p, opt.widget);

    const auto state =
        static_cast<SessionState>(index.data(ConnectionListModel::StateRole).toInt());
    const auto kind =
        static_cast<Connection::Kind>(index.data(ConnectionListModel::KindRole).toInt());
    const bool selected = opt.state & QStyle::State_Selected;
    const QRect r = opt.rect.adjusted(10, 8, -8, -8);
    const QFontMetrics fm(opt.font);

    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setPen(Qt::NoPen);
    p->setBrush(theme::color(sessionStateTone(state)));
    p->drawEllipse(QRectF(r.left(), r.top() + (fm.height() - 10) / 2.0, 10, 10));

    const QString kindText = kind == Connection::Kind::Room     ? tr("ROOM")
                             : kind == Connection::Kind::Client ? tr("JOINED")
                                                                : tr("FILE");
    QFont small = opt.font;
    small.setPointSizeF(std::max(6.0, opt.font.pointSizeF() - 2));
    small.setBold(true);
    const QFontMetrics sfm(small);
    const int tagWidth = sfm.horizontalAdvance(kindText) + 10;
    const QRect tag(r.right() - tagWidth, r.top() + 1, tagWidth, sfm.height() + 2);

    QFont bold = opt.font;
    bold.setBold(true);
    p->setFont(bold);
    p->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const QRect titleRect(r.left() + 18, r.top(), r.width() - 24 - tagWidth, fm.height());
    p->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetrics(bold).elidedText(index.data(ConnectionListModel::TitleRole).toString(),
                                              Qt::ElideRight, titleRect.width()));

    p->setFont(small);
    p->setPen(Qt::NoPen);
    p->setBrush(selected ? opt.palette.color(QPalette::HighlightedText)
                         : theme::mix(opt.palette.color(QPalette::Base),
                                      opt.palette.color(QPalette::Text), 0.1));
    p->drawRoundedRect(tag, 3, 3);
    p->setPen(selected ? opt.palette.color(QPalette::Highlight) : theme::muted(opt.palette));
    p->drawText(tag, Qt::AlignCenter, kindText);

    p->setFont(opt.font);
    QString address = index.data(ConnectionListModel::AddressRole).toString();
    address.remove(QStringLiteral("ws://"));
    const QString line2 = index.data(ConnectionListModel::StateTextRole).toString() +
                          (address.isEmpty() ? QString() : QStringLiteral(" · ") + address);
    QColor sub = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    sub.setAlphaF(0.7);
    p->setPen(sub);
    const QRect subRect(r.left() + 18, r.top() + fm.height() + 2, r.width() - 18, fm.height());
    p->drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(line2, Qt::ElideRight, subRect.width()));
    p->restore();
}

} // namespace sws::ui
