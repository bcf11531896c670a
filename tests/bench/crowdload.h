#pragma once

// The client side of `sws_bench crowd`: filling a server with sessions, the echo latency over
// them and a chat room's deliveries. crowd.cpp drives the servers and writes the report.
#include "benchclient.h"

#include <QElapsedTimer>
#include <QString>

#include <vector>

namespace sws::bench::crowdload {

// A progress line on stderr.
void progress(const QString &line);
double secondsOf(const QElapsedTimer &t);

struct FillResult {
    QString error;
    int secured = 0;
    int failures = 0;      // handshakes that failed (opened again, up to a tenth of the count)
    int dropped = 0;       // secured sessions that closed before the end
    double seconds = 0;    // first open() until the last one is secured
    double firstTenth = 0; // handshakes/s over the first and the last tenth of the fill
    double lastTenth = 0;
};

// Opens `count` sessions with at most `window` handshakes in progress; the sessions stay open.
FillResult fill(const ClientSetup &setup, int count, int window, std::vector<ClientConn *> *out,
                int *droppedLive);

struct LatencyResult {
    QString error;
    int samples = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

// One 64-byte message at a time, each on another session spread evenly over all of them, and
// the time until its echo comes back.
LatencyResult echoLatency(const std::vector<ClientConn *> &conns, int samples);

struct RoomResult {
    QString error;
    int members = 0;
    double seconds = 0;
    qint64 deliveries = 0; // in the measured window
    double deliveriesPerSec = 0;
    double messagesPerSec = 0; // deliveries / (members - 1)
};

// Each message comes from the next member in turn and is counted at every other member; the
// next is sent as soon as one has reached all of them, `inflight` at a time.
RoomResult roomRun(const std::vector<ClientConn *> &members, int inflight, double seconds);

} // namespace sws::bench::crowdload
