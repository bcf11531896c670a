#include "chat/chatframes.h"

#include "chat/chatconversation.h"

#include <algorithm>

namespace sws::ui::chatframes {

namespace {
const QString kData = QStringLiteral("⟨DATA ");
const QString kAck = QStringLiteral("⟨ACK ");
const QString kResume = QStringLiteral("⟨RESUME⟩");
const QString kClose = QStringLiteral("⟩ ");
} // namespace

TrafficModel::Row row(const FrameEvent &frame, bool enveloped, qint64 timeMs) {
    TrafficModel::Row r = TrafficModel::makeRow(frame, timeMs);
    if (!enveloped || !frame.opened)
        return r;
    const std::optional<chat::Envelope> e = chat::decode(frame.plaintext);
    if (!e)
        return r; // shown as it is (hex): the peer sent something out of protocol
    switch (e->type) {
    case chat::Envelope::Type::Data: {
        const QString tag = kData + QString::number(e->seq) + kClose;
        // The tag counts against the preview's bound, so the payload's ellipsis stays.
        const payload::Display d =
            payload::describe(e->payload, std::max(16, TrafficModel::kPlainPreviewChars -
                                                           static_cast<int>(tag.size())));
        r.format = d.format;
        r.plainPreview = tag + d.text;
        break;
    }
    case chat::Envelope::Type::Ack:
        r.format = payload::Format::Binary;
        r.plainPreview = kAck + QString::number(e->seq) + kClose +
                         QObject::tr("delivered up to message %1").arg(e->seq);
        break;
    case chat::Envelope::Type::Resume:
        r.format = payload::Format::Binary;
        r.plainPreview = kResume + QLatin1Char(' ') +
                         QObject::tr("delivered up to %1, next %2, stream %3")
                             .arg(e->seq)
                             .arg(e->next)
                             .arg(e->stream, 16, 16, QLatin1Char('0'));
        break;
    }
    r.plainPreview.squeeze();
    return r;
}

std::optional<QString> chatText(const QString &preview) {
    if (preview.startsWith(kAck) || preview.startsWith(kResume))
        return std::nullopt;
    if (preview.startsWith(kData)) {
        const qsizetype close = preview.indexOf(kClose, kData.size());
        if (close > 0)
            return preview.mid(close + kClose.size());
    }
    return preview;
}

} // namespace sws::ui::chatframes
