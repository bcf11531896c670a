#include "chatdelegate.h"

#include "chatmodel.h"
#include "theme.h"

#include <QAbstractItemView>
#include <QDateTime>
#include <QPainter>
#include <QTextLayout>

#include <cmath>

namespace sws::ui {

namespace {
constexpr int kPad = 8;
constexpr int kMargin = 6;

QFont bodyFont(const QStyleOptionViewItem &o, const QModelIndex &i) {
    const auto f = static_cast<payload::Format>(i.data(ChatModel::FormatRole).toInt());
    return f == payload::Format::Binary ? theme::monospace() : o.font;
}

QFont headerFont(const QStyleOptionViewItem &o) {
    QFont f = o.font;
    f.setPointSizeF(std::max(6.0, f.pointSizeF() - 1));
    return f;
}

QTextOption wrapping() {
    QTextOption o;
    o.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    return o;
}

QString bodyText(const QModelIndex &i) {
    QString t = i.data(ChatModel::TextRole).toString();
    t.replace(QLatin1Char('\n'), QChar::LineSeparator);
    return t;
}

// Size of text wrapped to width (words first, anywhere when a word is too long).
QSize measure(const QString &text, const QFont &font, int width) {
    QTextLayout tl(text, font);
    tl.setTextOption(wrapping());
    tl.beginLayout();
    qreal h = 0, w = 0;
    for (QTextLine line = tl.createLine(); line.isValid(); line = tl.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, h));
        h += line.height();
        w = std::max(w, line.naturalTextWidth());
    }
    tl.endLayout();
    return {static_cast<int>(std::ceil(w)), static_cast<int>(std::ceil(h))};
}

int viewWidth(const QStyleOptionViewItem &o) {
    if (auto *v = qobject_cast<const QAbstractItemView *>(o.widget))
        return v->viewport()->width();
    return o.rect.width() > 0 ? o.rect.width() : 480;
}
} // namespace

ChatDelegate::Layout ChatDelegate::layout(const QStyleOptionViewItem &option,
                                          const QModelIndex &index, const QRect &rect) const {
    Layout l;
    const bool notice = index.data(ChatModel::NoticeRole).toBool();
    const bool outgoing = index.data(ChatModel::OutgoingRole).toBool();
    const int width = rect.width();
    const int maxBubble = notice ? width - 2 * kMargin : std::max(160, width * 3 / 4);
    const QFontMetrics bodyFm(bodyFont(option, index));
    const QFontMetrics headFm(headerFont(option));
    const QSize textBounds =
        measure(bodyText(index), bodyFont(option, index), maxBubble - 2 * kPad);
    if (notice) {
        l.body =
            QRect(rect.left() + kMargin, rect.top() + 2, width - 2 * kMargin, headFm.height() + 4);
        l.bubble = l.body;
        return l;
    }
    QFont boldHead = headerFont(option);
    boldHead.setBold(true);
    const int headerWidth =
        QFontMetrics(boldHead).horizontalAdvance(index.data(ChatModel::SenderRole).toString()) +
        headFm.horizontalAdvance(QStringLiteral(" · 00:00:00 ")) +
        headFm.horizontalAdvance(QStringLiteral("received")) + 16;
    const int inner = std::min(maxBubble - 2 * kPad, std::max(textBounds.width(), headerWidth));
    const int height = headFm.height() + 4 + std::max(textBounds.height(), bodyFm.height());
    const int left = outgoing ? rect.right() - kMargin - inner - 2 * kPad : rect.left() + kMargin;
    l.bubble = QRect(left, rect.top() + kMargin / 2, inner + 2 * kPad, height + 2 * kPad);
    l.header = QRect(left + kPad, l.bubble.top() + kPad, inner, headFm.height());
    l.body = QRect(left + kPad, l.header.bottom() + 5, inner, height - headFm.height() - 4);
    return l;
}

QSize ChatDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    const QRect rect(0, 0, viewWidth(option), 0);
    const Layout l = layout(option, index, rect);
    return {rect.width(), l.bubble.bottom() + kMargin};
}

void ChatDelegate::paint(QPainter *p, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const {
    const Layout l = layout(option, index, option.rect);
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const QString text = index.data(ChatModel::TextRole).toString();
    const QString time =
        QDateTime::fromMSecsSinceEpoch(index.data(ChatModel::TimeRole).toLongLong())
            .toString(QStringLiteral("HH:mm:ss"));
    if (index.data(ChatModel::NoticeRole).toBool()) {
        QFont f = headerFont(option);
        f.setItalic(true);
        p->setFont(f);
        p->setPen(theme::color(theme::Tone::Neutral));
        p->drawText(l.body, Qt::AlignCenter, QStringLiteral("%1 · %2").arg(text, time));
        p->restore();
        return;
    }
    const bool outgoing = index.data(ChatModel::OutgoingRole).toBool();
    const auto state = index.data(ChatModel::StateRole).value<ChatModel::MessageState>();
    const bool failed = state == ChatModel::MessageState::Failed;
    QColor fill = outgoing ? QColor(0xdc, 0xeb, 0xfb) : QColor(0xf0, 0xf2, 0xf4);
    if (failed)
        fill = QColor(0xfb, 0xe3, 0xe3);
    p->setPen(QPen(fill.darker(110), 1));
    p->setBrush(fill);
    p->drawRoundedRect(QRectF(l.bubble).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);

    // Header: sender, time, state.
    p->setFont(headerFont(option));
    QFont boldHead = headerFont(option);
    boldHead.setBold(true);
    p->setFont(boldHead);
    p->setPen(outgoing ? theme::color(theme::Tone::Info) : QColor(0x3a, 0x42, 0x4c));
    const QString sender = index.data(ChatModel::SenderRole).toString();
    p->drawText(l.header, Qt::AlignLeft | Qt::AlignVCenter, sender);
    const int senderWidth = QFontMetrics(boldHead).horizontalAdvance(sender);
    p->setFont(headerFont(option));
    theme::Tone tone = theme::Tone::Neutral;
    if (state == ChatModel::MessageState::Sent)
        tone = theme::Tone::Good;
    else if (failed)
        tone = theme::Tone::Bad;
    else if (state == ChatModel::MessageState::Queued)
        tone = theme::Tone::Progress;
    const QString stateText = ChatModel::stateName(state);
    const QRect rest = l.header.adjusted(senderWidth + 6, 0, 0, 0);
    p->setPen(theme::color(theme::Tone::Neutral));
    p->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("· %1").arg(time));
    p->setPen(theme::color(tone));
    p->drawText(l.header, Qt::AlignRight | Qt::AlignVCenter,
                outgoing ? stateText
                         : payload::formatName(static_cast<payload::Format>(
                               index.data(ChatModel::FormatRole).toInt())));

    p->setFont(bodyFont(option, index));
    p->setPen(option.palette.color(QPalette::Text));
    p->drawText(QRectF(l.body), bodyText(index), wrapping());
    p->restore();
}

} // namespace sws::ui
