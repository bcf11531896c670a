#pragma once

#include <QColor>
#include <QFont>
#include <QIcon>
#include <QPalette>
#include <QString>

// Colours, fonts and state icons shared by every view, so a state looks the same everywhere.
namespace sws::ui::theme {

enum class Tone { Neutral, Progress, Good, Bad, Info };

// The tones follow the application palette: brighter variants on a dark palette, so state
// colours stay legible on dark backgrounds.
QColor color(Tone t);
QPalette darkPalette();                                     // for --theme dark
bool isDark(const QPalette &palette);                       // the window colour is dark
QColor mix(const QColor &a, const QColor &b, qreal amount); // amount of b in a, 0..1
QColor muted(const QPalette &palette);                      // captions, secondary text
QString mutedStyle();                                       // "color: …" for a caption
QColor bubbleFill(const QPalette &palette, bool outgoing, bool failed);
QColor bannerBackground(const QPalette &palette);
QColor bannerBorder(const QPalette &palette);
QIcon dot(Tone t, int size = 12);    // a filled circle
QIcon badge(Tone t, int size = 16);  // circle with a check (Good), cross (Bad) or dots
QFont monospace(int pointDelta = 0); // fixed-pitch font for hex, keys and JSON
QString htmlStyle();                 // CSS for the rich-text detail panes
QString escape(const QString &text); // HTML-escaped
// Text from a peer or a certificate for display: control, format and separator characters
// escaped as \uXXXX, cut after maxChars (an ellipsis appended). Unlike cert::displayText, unquoted.
QString sanitize(const QString &text, int maxChars = 200);

// "1 member", "2 members" (English plurals without a translation file).
QString count(qint64 n, const QString &one, const QString &many);

// Short form of a key fingerprint ("3f2a 9c01") for chat senders and lists.
QString shortFingerprint(const QByteArray &publicKey);

} // namespace sws::ui::theme
