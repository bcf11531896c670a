#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// How the desktop app shows an SWS message it did not write itself: UTF-8 text as text, a
// MessagePack string (what the reference demos send) decoded, anything else as hex.
namespace sws::payload {

enum class Format {
    Text,    // valid UTF-8 without control characters other than tab, CR and LF
    Msgpack, // exactly one MessagePack str (fixstr, str8, str16 or str32) holding UTF-8
    Binary   // anything else, shown as hex
};
QString formatName(Format f); // "text", "msgpack", "binary"

struct Display {
    Format format = Format::Text;
    QString text;           // what to show; control characters escaped as \uXXXX
    bool truncated = false; // text was cut at maxChars (an ellipsis is appended)
};

// Classifies and renders bytes. A buffer that is a complete MessagePack string wins over
// UTF-8 (a str8 header can happen to be valid UTF-8). maxChars < 0 shows everything; hex is
// cut on a byte boundary.
Display describe(const QByteArray &bytes, int maxChars = -1);
Format classify(const QByteArray &bytes);

// The UTF-8 bytes of a buffer that is exactly one MessagePack string; nullopt otherwise
// (other types, a length that does not match the buffer, invalid UTF-8 inside).
std::optional<QByteArray> decodeMsgpackString(const QByteArray &bytes);
// Encodes text as the smallest MessagePack string type that holds it.
QByteArray encodeMsgpackString(const QString &text);

// Lower-case hex with a space between bytes ("0a ff 10"), at most maxBytes bytes (then "…").
QString hexPreview(const QByteArray &bytes, int maxBytes = -1);

} // namespace sws::payload
