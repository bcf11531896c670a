#include "connections/sessionstate.h"

#include <QCoreApplication>

namespace sws::ui {

QString sessionStateName(SessionState s) {
    // lupdate files a tr() outside any class under its namespace: that is the catalog's context.
    auto tr = [](const char *t) { return QCoreApplication::translate("sws::ui", t); };
    switch (s) {
    case SessionState::Connecting:
        return tr("connecting");
    case SessionState::Handshaking:
        return tr("handshaking");
    case SessionState::Secured:
        return tr("secured");
    case SessionState::Listening:
        return tr("hosting");
    case SessionState::Closed:
        return tr("closed");
    case SessionState::Failed:
        return tr("failed");
    case SessionState::ReadOnly:
        return tr("transcript");
    case SessionState::AwaitingApproval:
        return tr("awaiting key approval");
    case SessionState::Cancelled:
        return tr("cancelled");
    }
    return {};
}

bool sessionStateEnded(SessionState s) {
    return s == SessionState::Closed || s == SessionState::Failed || s == SessionState::Cancelled;
}

theme::Tone sessionStateTone(SessionState s) {
    switch (s) {
    case SessionState::Connecting:
    case SessionState::Handshaking:
    case SessionState::AwaitingApproval:
        return theme::Tone::Progress;
    case SessionState::Secured:
    case SessionState::Listening:
        return theme::Tone::Good;
    case SessionState::Failed:
        return theme::Tone::Bad;
    case SessionState::ReadOnly:
        return theme::Tone::Info;
    case SessionState::Closed:
    case SessionState::Cancelled:
        return theme::Tone::Neutral;
    }
    return theme::Tone::Neutral;
}

} // namespace sws::ui
