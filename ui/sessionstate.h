#pragma once

#include "theme.h"

#include <QString>

namespace sws::ui {

// What the side list, the status bar and the session pickers show for a link.
enum class SessionState { Connecting, Handshaking, Secured, Listening, Closed, Failed, ReadOnly };

QString sessionStateName(SessionState s);
theme::Tone sessionStateTone(SessionState s);

} // namespace sws::ui
