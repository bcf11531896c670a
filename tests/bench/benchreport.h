#pragma once

#include "benchclient.h"
#include "transport.h"

#include <QMap>
#include <QString>

#include <optional>

namespace sws::bench {

// Everything measured for one transport.
struct TransportResults {
    Transport transport = Transport::Ws;
    QString skipped;                        // why it did not run (empty when it ran)
    QMap<int, ThroughputResult> throughput; // by payload size
    SequentialResult sequential;
    bool concurrentRan = false;
    double concurrentMs = 0; // best run
    int concurrentFailures = 0;
    QString concurrentError;
    bool memoryRan = false;
    QString memoryError;
    double rssKiBPerSession = 0;
    double heapKiBPerSession = 0;
    double fdsPerSession = 0;
};

struct ReportSettings {
    QList<int> sizes;
    int concurrent = 500;
    int sessions = 1000;
};

// The table: one row per measurement, one column per transport, then the ratios of each SWS
// version to ws://, wss:// and node-sws (of the same version). Then the performance targets.
QString formatReport(const QList<TransportResults> &results, const ReportSettings &settings);

QString sizeLabel(int bytes);
// A figure as the tables print it ("499k", "31.9", "-" when absent) and a ratio ("3.78x").
QString formatFigure(std::optional<double> v);
QString formatRatio(std::optional<double> a, std::optional<double> b);

// True if anything that ran failed (skipped transports do not count).
bool anyErrors(const QList<TransportResults> &results); // "64 B", "16 KiB", "1 MiB"

} // namespace sws::bench
