#pragma once

namespace sws::cli {

// SIGINT and SIGTERM quit the Qt event loop (through a self-pipe, which is signal-safe).
void quitOnSignals();

} // namespace sws::cli
