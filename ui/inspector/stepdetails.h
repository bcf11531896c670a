#pragma once

#include <QString>

namespace sws::ui {

class HandshakeModel;

// The detail pane of one handshake step as rich text: the message's decoded fields (keys in hex
// with their fingerprint), its raw JSON, the box this side opened or sealed (nonce, share key
// masked unless revealShareKey, certificate), the certificate verdict and any failure.
QString stepDetailsHtml(const HandshakeModel &model, int row, bool revealShareKey);

} // namespace sws::ui
