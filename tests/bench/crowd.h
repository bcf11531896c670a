#pragma once

#include <QStringList>

namespace sws::bench {

// `sws_bench crowd`: many concurrent secured sessions against one `sws serve` process (and the
// node-sws reference server): handshakes/s while they fill, server memory per idle session,
// echo latency with all of them open, and a chat room's deliveries per second. README.md in
// this folder says how.
int runCrowd(const QStringList &args);

} // namespace sws::bench
