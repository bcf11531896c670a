#pragma once

namespace sws::cli {

// SIGINT and SIGTERM quit the Qt event loop (through a self-pipe, which is signal-safe) with
// exit code kExitSignalBase + the signal number: 130 for SIGINT, 143 for SIGTERM.
void quitOnSignals();

} // namespace sws::cli
