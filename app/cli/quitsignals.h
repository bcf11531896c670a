#pragma once

#include <functional>

namespace sws::cli {

// SIGINT and SIGTERM quit the Qt event loop (through a self-pipe, which is signal-safe) with
// exit code kExitSignalBase + the signal number: 130 for SIGINT, 143 for SIGTERM. With
// shutdown, the first signal calls it with that code instead, and it ends the loop itself
// (after closing its sessions); a second signal quits at once.
void quitOnSignals(std::function<void(int exitCode)> shutdown = {});

} // namespace sws::cli
