#pragma once

// Shared by both executables (sws and sws-desktop); called first thing in main().
namespace sws::app {

// Opens /dev/null on each of descriptors 0, 1 and 2 that is closed. Without it, the first
// descriptor Qt opens (an eventfd, a socket) takes the free number and is then read as stdin
// or written to as stdout. Returns false when a closed descriptor could not be reopened.
bool reopenClosedStdFds();

} // namespace sws::app
