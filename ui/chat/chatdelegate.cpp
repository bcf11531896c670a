#include "chat/chatdelegate.h"

#include "chat/chatmodel.h"
#include "window/theme.h"

#include <QAbstractItemView>
#include <QDateTime>
#include <QPainter>
#include <QPainterPath>
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

using State = ChatModel::MessageState;

// The right end of a bubble's header: an outgoing message's state, else the payload format.
QString headerRight(const QModelIndex &i) {
    if (i.data(ChatModel::OutgoingRole).toBool())
        return i.data(ChatModel::StateTextRole).toString();
    return payload::formatName(static_cast<payload::Format>(i.data(ChatModel::FormatRole).toInt()));
}

theme::Tone stateTone(State s) {
    switch (s) {
    case State::Queued:
        return theme::Tone::Progress;
    case State::Delivered:
        return theme::Tone::Good;
    case State::Failed:
        return theme::Tone::Bad;
    case State::Sent:
    case State::Received:
        break;
    }
    return theme::Tone::Neutral;
}

// Width of the state mark drawn after the state label (outgoing messages).
int markWidth(const QFontMetrics &fm) {
    return fm.height() * 4 / 3 + 2;
}

// A clock while queued, one tick once sent, two once delivered, "!" when it failed; drawn
// rather than taken from a font so that every platform shows the same marks.
void drawStateMark(QPainter *p, const QRectF &box, State state, const QColor &color) {
    const qreal s = box.height() * 0.8; // the glyph's height
    const QRectF r(box.left() + 2, box.center().y() - s / 2, s, s);
    p->save();
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(color, std::max(1.3, s / 8), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    // A tick; `from` (0..1) shortens its short arm, which the first tick's long arm crosses.
    auto tick = [&](qreal dx, qreal from) {
        QPainterPath path;
        path.moveTo(r.left() + dx + s * 0.3 * from, r.top() + s * (0.55 + 0.3 * from));
        path.lineTo(r.left() + dx + s * 0.3, r.top() + s * 0.85);
        path.lineTo(r.left() + dx + s * 0.85, r.top() + s * 0.15);
        p->drawPath(path);
    };
    switch (state) {
    case State::Queued:
        p->drawEllipse(r.adjusted(s * 0.06, s * 0.06, -s * 0.06, -s * 0.06));
        p->drawLine(r.center(), QPointF(r.center().x(), r.top() + s * 0.26));
        p->drawLine(r.center(), QPointF(r.center().x() + s * 0.22, r.center().y()));
        break;
    case State::Sent:
        tick(s * 0.2, 0);
        break;
    case State::Delivered:
        tick(0, 0);
        tick(s * 0.45, 0.55);
        break;
    case State::Failed:
        p->setPen(Qt::NoPen);
        p->setBrush(color);
        p->drawEllipse(r);
        p->setPen(QPen(Qt::white, std::max(1.3, s / 7), Qt::SolidLine, Qt::RoundCap));
        p->drawLine(QPointF(r.center().x(), r.top() + s * 0.24),
                    QPointF(r.center().x(), r.top() + s * 0.56));
        p->drawPoint(QPointF(r.center().x(), r.top() + s * 0.76));
        break;
    case State::Received:
        break;
    }
    p->restore();
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
        headFm.horizontalAdvance(headerRight(index)) + (outgoing ? markWidth(headFm) : 0) + 16;
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
    const QColor fill = theme::bubbleFill(option.palette, outgoing, failed);
    p->setPen(QPen(theme::mix(fill, option.palette.color(QPalette::Text), 0.15), 1));
    p->setBrush(fill);
    p->drawRoundedRect(QRectF(l.bubble).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    if (option.state & QStyle::State_Selected) { // a message opened from History → Search
        p->setPen(QPen(option.palette.color(QPalette::Highlight), 2));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(QRectF(l.bubble).adjusted(1, 1, -1, -1), 8, 8);
    }

    // Header: sender, time, state.
    p->setFont(headerFont(option));
    QFont boldHead = headerFont(option);
    boldHead.setBold(true);
    p->setFont(boldHead);
    p->setPen(outgoing ? theme::color(theme::Tone::Info)
                       : theme::mix(option.palette.color(QPalette::Text), fill, 0.2));
    const QString sender = index.data(ChatModel::SenderRole).toString();
    p->drawText(l.header, Qt::AlignLeft | Qt::AlignVCenter, sender);
    const int senderWidth = QFontMetrics(boldHead).horizontalAdvance(sender);
    p->setFont(headerFont(option));
    const QFontMetrics headFm(headerFont(option));
    const QRect rest = l.header.adjusted(senderWidth + 6, 0, 0, 0);
    p->setPen(theme::color(theme::Tone::Neutral));
    p->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("· %1").arg(time));
    QRect right = l.header;
    if (outgoing) {
        const int mark = markWidth(headFm);
        drawStateMark(p, QRectF(right.right() - mark + 1, right.top(), mark, right.height()), state,
                      theme::color(stateTone(state)));
        right.adjust(0, 0, -mark - 3, 0);
    }
    p->setPen(theme::color(outgoing ? stateTone(state) : theme::Tone::Neutral));
    p->drawText(right, Qt::AlignRight | Qt::AlignVCenter, headerRight(index));

    p->setFont(bodyFont(option, index));
    p->setPen(option.palette.color(QPalette::Text));
    p->drawText(QRectF(l.body), bodyText(index), wrapping());
    p->restore();
}

} // namespace sws::ui
