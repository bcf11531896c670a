#pragma once

#include <QImage>
#include <QString>

namespace sws::ui {

// text as a QR code (libqrencode, error correction M): black modules on white with the quiet
// zone of 4 modules the standard asks for, each module scale × scale pixels (nearest
// neighbour, no blur that would confuse a scanner). A null image when text does not fit.
QImage qrImage(const QString &text, int scale = 6);

} // namespace sws::ui
