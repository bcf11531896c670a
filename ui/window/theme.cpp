#include "window/theme.h"

#include "crypto/crypto.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sws::ui::theme {

QColor color(Tone t) {
    const bool dark = isDark(QGuiApplication::palette());
    switch (t) {
    case Tone::Neutral:
        return dark ? QColor(0xa3, 0xa9, 0xb2) : QColor(0x8a, 0x90, 0x99);
    case Tone::Progress:
        return dark ? QColor(0xf0, 0xb4, 0x3c) : QColor(0xe0, 0x9b, 0x1a);
    case Tone::Good:
        return dark ? QColor(0x4c, 0xc7, 0x7a) : QColor(0x2e, 0x9d, 0x57);
    case Tone::Bad:
        return dark ? QColor(0xf0, 0x6a, 0x6a) : QColor(0xd0, 0x3c, 0x3c);
    case Tone::Info:
        return dark ? QColor(0x6c, 0xaa, 0xf0) : QColor(0x2f, 0x74, 0xc0);
    }
    return {};
}

QPalette darkPalette() {
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe7, 0xe9);
    const QColor disabled(0x80, 0x83, 0x88);
    QPalette p(text, window, window.lighter(130), window.darker(130), window.darker(110), text,
               text, base, window);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x74, 0xc0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, color(Tone::Info).lighter(130));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

bool isDark(const QPalette &palette) {
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor mix(const QColor &a, const QColor &b, qreal amount) {
    const auto m = [amount](qreal x, qreal y) { return x + (y - x) * amount; };
    return QColor::fromRgbF(float(m(a.redF(), b.redF())), float(m(a.greenF(), b.greenF())),
                            float(m(a.blueF(), b.blueF())));
}

QColor muted(const QPalette &palette) {
    // Between the text and the background, nearer the text: readable on either.
    return mix(palette.color(QPalette::WindowText), palette.color(QPalette::Window), 0.35);
}

QString mutedStyle() {
    return QStringLiteral("color: %1;").arg(muted(QGuiApplication::palette()).name());
}

QColor bubbleFill(const QPalette &palette, bool outgoing, bool failed) {
    const QColor base = palette.color(QPalette::Base);
    if (failed)
        return mix(base, color(Tone::Bad), 0.15);
    if (outgoing)
        return mix(base, color(Tone::Info), 0.16);
    return mix(base, palette.color(QPalette::Text), 0.06);
}

QColor bannerBackground(const QPalette &palette) {
    return mix(palette.color(QPalette::Window), color(Tone::Info), 0.12);
}

QColor bannerBorder(const QPalette &palette) {
    return mix(palette.color(QPalette::Window), color(Tone::Info), 0.4);
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
    const QPalette pal = QGuiApplication::palette();
    const QColor base = pal.color(QPalette::Base), text = pal.color(QPalette::Text);
    return QStringLiteral(
               "<style>"
               "body { margin: 4px; }"
               "h3 { margin: 10px 0 4px 0; }"
               "table.f td { padding: 2px 10px 2px 0; vertical-align: top; }"
               "td.k { color: %2; white-space: nowrap; }"
               "code, pre { font-family: '%1', monospace; }"
               "pre { background: %3; border: 1px solid %4; padding: 6px; white-space: "
               "pre-wrap; }"
               ".good { color: %5; font-weight: bold; }"
               ".bad { color: %6; font-weight: bold; }"
               ".muted { color: %7; }"
               ".fp { font-family: '%1', monospace; font-size: large; font-weight: bold; }"
               "</style>")
        .arg(monospace().family(), muted(pal).name(), mix(base, text, 0.04).name(),
             mix(base, text, 0.15).name(), color(Tone::Good).name(), color(Tone::Bad).name(),
             color(Tone::Neutral).name());
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
