#pragma once

#include "inspector/trafficmodel.h"

#include <QString>

#include <optional>

// How the traffic view and a re-opened transcript show the frames of a session that negotiated
// the chat extension (chat::kExtension): every frame's plaintext is an envelope. The traffic
// view lists each as a frame, named by its envelope; only DATA envelopes are chat messages.
namespace sws::ui::chatframes {

// The traffic row of a frame. With enveloped (both sides negotiated the extension) the
// plaintext preview names the envelope: "⟨DATA 3⟩ hello", "⟨ACK 3⟩ …", "⟨RESUME⟩ …".
TrafficModel::Row row(const FrameEvent &frame, bool enveloped, qint64 timeMs = 0);

// The chat text of a stored row's plaintext preview: the payload of a DATA envelope, the
// preview itself for a plain frame, nullopt for an acknowledgement or a RESUME (not chat).
std::optional<QString> chatText(const QString &preview);

} // namespace sws::ui::chatframes
