#include "chat/payloadformat.h"

#include <QStringDecoder>

namespace sws::payload {

namespace {

std::optional<QString> decodeUtf8(const QByteArray &bytes) {
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

bool isControl(char16_t c) {
    return (c < 0x20 && c != u'\t' && c != u'\n' && c != u'\r') || (c >= 0x7f && c < 0xa0) ||
           c == 0x2028 || c == 0x2029 || c == 0xfeff;
}

bool hasControl(const QString &text) {
    for (QChar c : text)
        if (isControl(c.unicode()))
            return true;
    return false;
}

QString escapeControls(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (isControl(c.unicode()))
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

quint32 readBigEndian(const QByteArray &b, int offset, int width) {
    quint32 v = 0;
    for (int i = 0; i < width; ++i)
        v = (v << 8) | static_cast<quint8>(b.at(offset + i));
    return v;
}

Display clip(Display d, int maxChars) {
    if (maxChars >= 0 && d.text.size() > maxChars) {
        d.text.truncate(maxChars);
        d.text += QChar(0x2026);
        d.truncated = true;
    }
    return d;
}

} // namespace

QString formatName(Format f) {
    switch (f) {
    case Format::Text:
        return QStringLiteral("text");
    case Format::Msgpack:
        return QStringLiteral("msgpack");
    case Format::Binary:
        return QStringLiteral("binary");
    }
    return {};
}

std::optional<QByteArray> decodeMsgpackString(const QByteArray &bytes) {
    if (bytes.isEmpty())
        return std::nullopt;
    const auto tag = static_cast<quint8>(bytes.at(0));
    int header = 0;
    quint64 length = 0;
    if ((tag & 0xe0) == 0xa0) { // fixstr: 101xxxxx
        header = 1;
        length = tag & 0x1f;
    } else if (tag >= 0xd9 && tag <= 0xdb) { // str8, str16, str32
        const int width = 1 << (tag - 0xd9);
        header = 1 + width;
        if (bytes.size() < header)
            return std::nullopt;
        length = readBigEndian(bytes, 1, width);
    } else {
        return std::nullopt;
    }
    if (static_cast<quint64>(bytes.size() - header) != length)
        return std::nullopt;
    QByteArray body = bytes.mid(header);
    if (!decodeUtf8(body))
        return std::nullopt;
    return body;
}

QByteArray encodeMsgpackString(const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    const auto n = static_cast<quint32>(utf8.size());
    QByteArray out;
    if (n < 32) {
        out.append(static_cast<char>(0xa0 | n));
    } else if (n < 0x100) {
        out.append(static_cast<char>(0xd9));
        out.append(static_cast<char>(n));
    } else if (n < 0x10000) {
        out.append(static_cast<char>(0xda));
        out.append(static_cast<char>(n >> 8));
        out.append(static_cast<char>(n & 0xff));
    } else {
        out.append(static_cast<char>(0xdb));
        for (int shift = 24; shift >= 0; shift -= 8)
            out.append(static_cast<char>((n >> shift) & 0xff));
    }
    return out + utf8;
}

QString hexPreview(const QByteArray &bytes, int maxBytes) {
    const bool cut = maxBytes >= 0 && bytes.size() > maxBytes;
    QString out = QString::fromLatin1(bytes.left(cut ? maxBytes : bytes.size()).toHex(' '));
    if (cut)
        out += QStringLiteral(" \u2026");
    return out;
}

Format classify(const QByteArray &bytes) {
    if (decodeMsgpackString(bytes))
        return Format::Msgpack;
    const auto text = decodeUtf8(bytes);
    return text && !hasControl(*text) ? Format::Text : Format::Binary;
}

Display describe(const QByteArray &bytes, int maxChars) {
    if (const auto body = decodeMsgpackString(bytes))
        return clip({Format::Msgpack, escapeControls(*decodeUtf8(*body)), false}, maxChars);
    if (const auto text = decodeUtf8(bytes); text && !hasControl(*text))
        return clip({Format::Text, *text, false}, maxChars);
    // Three characters per byte: cut on a byte boundary before rendering.
    const int maxBytes = maxChars < 0 ? -1 : std::max(1, maxChars / 3);
    Display d{Format::Binary, hexPreview(bytes, maxBytes), false};
    d.truncated = maxBytes >= 0 && bytes.size() > maxBytes;
    return d;
}

} // namespace sws::payload
