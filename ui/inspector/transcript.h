#pragma once

#include "crypto/expected.h"
#include "inspector/handshakemodel.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficmodel.h"

#include <QString>

#include <vector>

namespace sws::ui {
class Connection;
}

// A session transcript: what the inspector shows of a connection, saved as JSON so that it can
// be opened again read-only. It NEVER holds a secret key or a share key; the share keys the
// inspector can reveal are left out, and the handshake messages themselves carry only sealed
// boxes and public keys.
//
// Format (UTF-8 JSON object, formatVersion 1):
//   "format": "sws-desktop-transcript", "formatVersion": 1, "exportedAt": ISO 8601 UTC,
//   "connection": {"kind": "client"|"room"|"transcript", "title", "address"},
//   "sessions": [{
//       "role": "client"|"server", "protocolVersion": 1|2, "endpoint", "state",
//       "localPublicKey", "peerPublicKey": hex, "error": {"name","text"}|null,
//       "closeCode", "closeReason", "framesSent", "framesReceived",
//       "peerCertificate": the certificate as its JSON text | null,
//       "peerVerdict": verdict | null, "startMs",
//       "steps": [6 × {"step": 1..6, "title", "status": "pending"|"done"|"failed"|"skipped",
//                      "timeMs", "summary", "implicit", "record": record|null,
//                      "verified": record|null, "verdict": verdict|null,
//                      "failure": {"name","text","closeCode","rule","byPeer"}|null}]}],
//   "frames": {"total", "dropped", "cipherPreviewBytes", "rows": [{"timeMs", "peer",
//       "direction": "sent"|"received", "counter": decimal string (64-bit), "ciphertextBytes",
//       "ciphertextPreview": hex, "plaintextBytes", "format", "plaintext": rendered preview,
//       "opened"}]}
//   record  = {"message": "ClientHello"|"ServerHello"|"ClientReady", "direction",
//              "rawJson": the text frame, "boxOpened", "boxNonce": hex,
//              "boxPayload": JSON text | null, "failure": failure | null}
//   verdict = {"valid", "failedRule": name | null, "message",
//              "rules": [{"rule": name, "passed", "detail"}]}
// Frames hold the previews the traffic view keeps (bounded), not whole payloads.
namespace sws::ui::transcript {

inline constexpr int kFormatVersion = 1;
QString formatName(); // "sws-desktop-transcript"

struct Session {
    SessionInfo info;
    qint64 startMs = 0;
    std::array<HandshakeModel::StepData, HandshakeModel::kStepCount> steps;
};

struct Data {
    QString kind;
    QString title;
    QString address;
    QString exportedAt;
    std::vector<Session> sessions;
    std::vector<TrafficModel::Row> frames;
    std::vector<QString> framePeers; // the peer of each frame
    qint64 totalFrames = 0;
    qint64 droppedFrames = 0;
};

QByteArray write(const Connection &connection);
[[nodiscard]] Expected<Data, QString> read(const QByteArray &bytes);

} // namespace sws::ui::transcript
