#pragma once

#include "transport.h"

#include <QString>

namespace sws::bench {

// Server mode of sws_bench (a child process of the driver): an echo server for one of the C++
// transports (ws, wss, sws1, sws2) on 127.0.0.1, any free port. Prints "listening PORT" on
// stdout once bound, then answers lines on stdin:
//   stats  ->  "stats rss_kib=N heap_bytes=N fds=N sessions=N"
//   quit (or end of input)  ->  exits 0
int runServer(Transport transport, const QString &dir);

} // namespace sws::bench
