#pragma once

#include "window/theme.h"

#include <QString>

namespace sws::ui {

// What the side list, the status bar and the session pickers show for a link.
// AwaitingApproval: the handshake is done and the peer's key waits for the user's (or the pin
// policy's) decision; no data flows yet.
enum class SessionState {
    Connecting,
    Handshaking,
    Secured,
    Listening,
    Closed,
    Failed,
    ReadOnly,
    AwaitingApproval,
    Cancelled // closed by us before the connection was made
};

QString sessionStateName(SessionState s);
// Whether the link is over (closed, failed or cancelled).
bool sessionStateEnded(SessionState s);
theme::Tone sessionStateTone(SessionState s);

} // namespace sws::ui
