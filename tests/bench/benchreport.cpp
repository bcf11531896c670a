#include "benchreport.h"

#include <QStringList>

#include <cmath>
#include <functional>
#include <optional>

namespace sws::bench {

namespace {

using Value = std::optional<double>;

const TransportResults *find(const QList<TransportResults> &all, Transport t) {
    for (const TransportResults &r : all)
        if (r.transport == t && r.skipped.isEmpty())
            return &r;
    return nullptr;
}

struct Row {
    QString label;
    std::function<Value(const TransportResults &)> value;
    bool lowerIsBetter = false;
};

Value at(const QList<TransportResults> &all, Transport t, const Row &row) {
    const TransportResults *r = find(all, t);
    return r ? row.value(*r) : std::nullopt;
}

QString pad(const QString &s, int width, bool left = false) {
    return left ? s.leftJustified(width) : s.rightJustified(width);
}

QString verdict(bool met) {
    return met ? QStringLiteral("met") : QStringLiteral("MISSED");
}

} // namespace

QString sizeLabel(int bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 B").arg(bytes);
}

bool anyErrors(const QList<TransportResults> &all) {
    for (const TransportResults &r : all) {
        if (!r.skipped.isEmpty())
            continue;
        for (const ThroughputResult &e : r.throughput)
            if (!e.error.isEmpty())
                return true;
        if (!r.sequential.error.isEmpty() || !r.concurrentError.isEmpty() ||
            !r.memoryError.isEmpty())
            return true;
    }
    return false;
}

QString formatReport(const QList<TransportResults> &all, const ReportSettings &settings) {
    QList<Row> rows;
    for (int size : settings.sizes) {
        rows.append({QStringLiteral("echo %1, msg/s").arg(sizeLabel(size)),
                     [size](const TransportResults &r) -> Value {
                         const auto it = r.throughput.find(size);
                         if (it == r.throughput.end() || !it->ok)
                             return std::nullopt;
                         return it->msgsPerSec;
                     }});
        rows.append({QStringLiteral("echo %1, MB/s").arg(sizeLabel(size)),
                     [size](const TransportResults &r) -> Value {
                         const auto it = r.throughput.find(size);
                         if (it == r.throughput.end() || !it->ok)
                             return std::nullopt;
                         return it->mbPerSec;
                     }});
    }
    rows.append({QStringLiteral("sequential handshakes/s"), [](const TransportResults &r) -> Value {
                     if (r.sequential.handshakes == 0)
                         return std::nullopt;
                     return r.sequential.perSec;
                 }});
    rows.append({QStringLiteral("%1 concurrent handshakes, ms").arg(settings.concurrent),
                 [](const TransportResults &r) -> Value {
                     if (!r.concurrentRan)
                         return std::nullopt;
                     return r.concurrentMs;
                 },
                 true});
    rows.append({QStringLiteral("idle session RSS, KiB"),
                 [](const TransportResults &r) -> Value {
                     if (!r.memoryRan)
                         return std::nullopt;
                     return r.rssKiBPerSession;
                 },
                 true});
    rows.append({QStringLiteral("idle session heap, KiB"),
                 [](const TransportResults &r) -> Value {
                     if (!r.memoryRan)
                         return std::nullopt;
                     return r.heapKiBPerSession;
                 },
                 true});

    const QList<Transport> columns = allTransports();
    struct RatioColumn {
        QString title;
        Transport sws, other;
    };
    const QList<RatioColumn> ratios{
        {QStringLiteral("v1/ws"), Transport::SwsV1, Transport::Ws},
        {QStringLiteral("v1/wss"), Transport::SwsV1, Transport::Wss},
        {QStringLiteral("v1/node"), Transport::SwsV1, Transport::NodeV1},
        {QStringLiteral("v2/ws"), Transport::SwsV2, Transport::Ws},
        {QStringLiteral("v2/wss"), Transport::SwsV2, Transport::Wss},
        {QStringLiteral("v2/node"), Transport::SwsV2, Transport::NodeV2},
    };
    constexpr int kLabel = 32, kValue = 9, kRatio = 8;
    QStringList lines;
    QString header = pad(QString(), kLabel, true);
    for (Transport t : columns)
        header += pad(transportLabel(t).replace(QStringLiteral("node-sws"), QStringLiteral("node")),
                      kValue);
    header += QStringLiteral("  |");
    for (const RatioColumn &c : ratios)
        header += pad(c.title, kRatio);
    lines << header << QString(header.size(), QLatin1Char('-'));
    for (const Row &row : rows) {
        QString line =
            pad(row.label + (row.lowerIsBetter ? QStringLiteral(" *") : QString()), kLabel, true);
        for (Transport t : columns)
            line += pad(formatFigure(at(all, t, row)), kValue);
        line += QStringLiteral("  |");
        for (const RatioColumn &c : ratios)
            line += pad(formatRatio(at(all, c.sws, row), at(all, c.other, row)), kRatio);
        lines << line;
    }

    lines << QStringLiteral("* lower is better (so is a ratio below 1x); ratios: SWS v1 or v2 "
                            "divided by ws://, wss:// and node-sws of the same version");

    // The project's performance targets, for each SWS version that ran.
    lines << QString() << QStringLiteral("targets:");
    auto throughputOf = [&](Transport t, int size) -> const ThroughputResult * {
        const TransportResults *r = find(all, t);
        if (!r)
            return nullptr;
        const auto it = r->throughput.find(size);
        return it == r->throughput.end() || !it->ok ? nullptr : &*it;
    };
    for (Transport sws : {Transport::SwsV1, Transport::SwsV2}) {
        const TransportResults *s = find(all, sws);
        if (!s)
            continue;
        const Transport node = sws == Transport::SwsV1 ? Transport::NodeV1 : Transport::NodeV2;
        const QString who = transportLabel(sws);
        for (int size : settings.sizes) {
            const ThroughputResult *a = throughputOf(sws, size);
            const ThroughputResult *b = throughputOf(Transport::Ws, size);
            if (a && b)
                lines << QStringLiteral("  %1 >= 0.6x ws:// at %2: %3x  %4")
                             .arg(who, sizeLabel(size))
                             .arg(a->msgsPerSec / b->msgsPerSec, 0, 'f', 2)
                             .arg(verdict(a->msgsPerSec >= 0.6 * b->msgsPerSec));
        }
        if (settings.sizes.contains(64)) {
            const ThroughputResult *a = throughputOf(sws, 64);
            const ThroughputResult *b = throughputOf(node, 64);
            if (a && b)
                lines << QStringLiteral("  %1 >= 50x %2 msg/s at 64 B: %3x  %4")
                             .arg(who, transportLabel(node))
                             .arg(a->msgsPerSec / b->msgsPerSec, 0, 'f', 1)
                             .arg(verdict(a->msgsPerSec >= 50 * b->msgsPerSec));
        }
        if (settings.sizes.contains(1024 * 1024)) {
            const ThroughputResult *a = throughputOf(sws, 1024 * 1024);
            const ThroughputResult *b = throughputOf(node, 1024 * 1024);
            if (a && b)
                lines << QStringLiteral("  %1 >= 10x %2 MB/s at 1 MiB: %3x  %4")
                             .arg(who, transportLabel(node))
                             .arg(a->mbPerSec / b->mbPerSec, 0, 'f', 1)
                             .arg(verdict(a->mbPerSec >= 10 * b->mbPerSec));
        }
        if (s->sequential.handshakes > 0)
            lines << QStringLiteral("  %1 >= 1000 sequential handshakes/s: %2  %3")
                         .arg(who)
                         .arg(s->sequential.perSec, 0, 'f', 0)
                         .arg(verdict(s->sequential.perSec >= 1000));
        if (s->memoryRan)
            lines << QStringLiteral("  %1 <= 64 KiB server memory per idle session: %2 KiB  %3")
                         .arg(who)
                         .arg(s->rssKiBPerSession, 0, 'f', 1)
                         .arg(verdict(s->rssKiBPerSession <= 64));
    }

    // Anything that did not run or did not complete cleanly.
    QStringList notes;
    for (const TransportResults &r : all) {
        const QString who = transportLabel(r.transport);
        if (!r.skipped.isEmpty()) {
            notes << QStringLiteral("  %1: skipped: %2").arg(who, r.skipped);
            continue;
        }
        for (auto it = r.throughput.begin(); it != r.throughput.end(); ++it)
            if (!it->error.isEmpty())
                notes
                    << QStringLiteral("  %1: echo %2: %3").arg(who, sizeLabel(it.key()), it->error);
        if (!r.sequential.error.isEmpty())
            notes << QStringLiteral("  %1: sequential handshakes: %2 failed (%3)")
                         .arg(who)
                         .arg(r.sequential.failures)
                         .arg(r.sequential.error);
        if (!r.concurrentError.isEmpty())
            notes << QStringLiteral("  %1: concurrent handshakes: %2 failed (%3)")
                         .arg(who)
                         .arg(r.concurrentFailures)
                         .arg(r.concurrentError);
        if (!r.memoryError.isEmpty())
            notes << QStringLiteral("  %1: memory: %2").arg(who, r.memoryError);
    }
    if (!notes.isEmpty())
        lines << QString() << QStringLiteral("notes:") << notes;
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString formatFigure(std::optional<double> v) {
    if (!v)
        return QStringLiteral("-");
    const double x = *v;
    if (x >= 1e6)
        return QString::number(x / 1e6, 'f', x >= 1e7 ? 1 : 2) + QLatin1Char('M');
    if (x >= 1e4)
        return QString::number(x / 1e3, 'f', x >= 1e5 ? 0 : 1) + QLatin1Char('k');
    if (x >= 100)
        return QString::number(x, 'f', 0);
    if (x >= 10)
        return QString::number(x, 'f', 1);
    return QString::number(x, 'f', 2);
}

QString formatRatio(std::optional<double> a, std::optional<double> b) {
    if (!a || !b || *b <= 0)
        return QStringLiteral("-");
    const double r = *a / *b;
    return QString::number(r, 'f', r >= 100 ? 0 : (r >= 10 ? 1 : 2)) + QLatin1Char('x');
}

} // namespace sws::bench
