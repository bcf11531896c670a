#include "dialogs/qrimage.h"

#include <qrencode.h>

namespace sws::ui {

QImage qrImage(const QString &text, int scale) {
    const QByteArray utf8 = text.toUtf8();
    QRcode *qr = QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return {};
    constexpr int quiet = 4;
    const int n = qr->width;
    QImage img(n + 2 * quiet, n + 2 * quiet, QImage::Format_Mono);
    img.setColor(0, qRgb(255, 255, 255));
    img.setColor(1, qRgb(0, 0, 0));
    img.fill(0);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            if (qr->data[y * n + x] & 1)
                img.setPixel(x + quiet, y + quiet, 1);
    QRcode_free(qr);
    return img.scaled(img.width() * scale, img.height() * scale, Qt::IgnoreAspectRatio,
                      Qt::FastTransformation);
}

} // namespace sws::ui
