#include "window/theme.h"

#include "crypto/crypto.h"

#include <QFontDatabase>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sws::ui::theme {

QColor color(Tone t) {
    switch (t) {
    case Tone::Neutral:
        return QColor(0x8a, 0x90, 0x99);
    case Tone::Progress:
        return QColor(0xe0, 0x9b, 0x1a);
    case Tone::Good:
        return QColor(0x2e, 0x9d, 0x57);
    case Tone::Bad:
        return QColor(0xd0, 0x3c, 0x3c);
    case Tone::Info:
        return QColor(0x2f, 0x74, 0xc0);
    }
    return {};
}

QIcon dot(Tone t, int size) {
    QPixmap pm(size * 2, size * 2);
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color(t));
    p.drawEllipse(QRectF(2, 2, size - 4, size - 4));
    return QIcon(pm);
}

QIcon badge(Tone t, int size) {
    QPixmap pm(size * 2, size * 2);
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(1, 1, size - 2, size - 2);
    p.setPen(Qt::NoPen);
    p.setBrush(color(t));
    p.drawEllipse(r);
    p.setPen(QPen(Qt::white, size / 8.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    const qreal s = size;
    if (t == Tone::Good) {
        QPainterPath path;
        path.moveTo(s * 0.28, s * 0.52);
        path.lineTo(s * 0.44, s * 0.68);
        path.lineTo(s * 0.72, s * 0.36);
        p.drawPath(path);
    } else if (t == Tone::Bad) {
        p.drawLine(QPointF(s * 0.34, s * 0.34), QPointF(s * 0.66, s * 0.66));
        p.drawLine(QPointF(s * 0.66, s * 0.34), QPointF(s * 0.34, s * 0.66));
    } else {
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        for (qreal x : {0.3, 0.5, 0.7})
            p.drawEllipse(QPointF(s * x, s * 0.5), s * 0.06, s * 0.06);
    }
    return QIcon(pm);
}

QFont monospace(int pointDelta) {
    QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    f.setStyleHint(QFont::Monospace);
    if (pointDelta != 0 && f.pointSize() > 0)
        f.setPointSize(f.pointSize() + pointDelta);
    return f;
}

QString htmlStyle() {
    return QStringLiteral(
               "<style>"
               "body { margin: 4px; }"
               "h3 { margin: 10px 0 4px 0; }"
               "table.f td { padding: 2px 10px 2px 0; vertical-align: top; }"
               "td.k { color: #5c6570; white-space: nowrap; }"
               "code, pre { font-family: '%1', monospace; }"
               "pre { background: #f4f6f8; border: 1px solid #dde2e7; padding: 6px; white-space: "
               "pre-wrap; }"
               ".good { color: #2e9d57; font-weight: bold; }"
               ".bad { color: #d03c3c; font-weight: bold; }"
               ".muted { color: #8a9099; }"
               ".fp { font-family: '%1', monospace; font-size: large; font-weight: bold; }"
               "</style>")
        .arg(monospace().family());
}

QString escape(const QString &text) {
    return text.toHtmlEscaped();
}

QString sanitize(const QString &text, int maxChars) {
    QString out;
    int shown = 0;
    for (QChar c : text) {
        if (shown++ >= maxChars) {
            out += QChar(0x2026);
            break;
        }
        const auto cat = c.category();
        if (cat == QChar::Other_Control || cat == QChar::Other_Format ||
            cat == QChar::Separator_Line || cat == QChar::Separator_Paragraph)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QString count(qint64 n, const QString &one, const QString &many) {
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString shortFingerprint(const QByteArray &publicKey) {
    if (publicKey.isEmpty())
        return QStringLiteral("unknown");
    return sws::fingerprint(publicKey).left(9);
}

} // namespace sws::ui::theme
