#pragma once

#include "transport.h"

#include <QList>
#include <QStringList>

namespace sws::bench {

struct Options {
    double seconds = 2;   // measured window of each echo run
    double warmup = 0.3;  // before it
    double hsSeconds = 2; // sequential handshakes
    QList<int> sizes{64, 16 * 1024, 1024 * 1024};
    int inflight = 64;
    int concurrent = 500;
    int repeat = 3;      // interleaved runs of every measurement; the best one is reported
    int sessions = 1000; // idle sessions for the memory phase
    QList<Transport> transports = allTransports();
    QStringList phases{QStringLiteral("echo"), QStringLiteral("handshake"),
                       QStringLiteral("memory")};
    bool pin = true;
    bool smoke = false;
    QString node = QStringLiteral("node");
    QString nodeScript;        // node-sws-server.js
    QStringList serverWrapper; // e.g. valgrind --tool=callgrind (our servers only)
};

// Fills *o from the command line; returns 0 to go on, -1 after --help, else an exit code.
int parseOptions(const QStringList &args, Options *o);

} // namespace sws::bench
