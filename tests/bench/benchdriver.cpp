#include "benchdriver.h"

#include "benchpki.h"
#include "procstats.h"
#include "serverprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <sodium.h>

#include <cstdio>
#include <memory>

namespace sws::bench {

namespace {

void progress(const QString &line) {
    std::fprintf(stderr, "%s\n", qPrintable(line));
    std::fflush(stderr);
}

QString errorSuffix(const QString &error) {
    return error.isEmpty() ? QString() : QStringLiteral(" (") + error + QLatin1Char(')');
}

// Polls the server until it reports `count` open sessions (or timeoutMs passes).
ServerProcess::Stats waitForSessions(ServerProcess &server, int count, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    ServerProcess::Stats s = server.stats();
    while (s.ok && s.sessions != count && t.elapsed() < timeoutMs) {
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
        s = server.stats();
    }
    return s;
}

} // namespace

struct Driver::Live {
    Transport transport;
    ServerProcess server;
    ClientSetup setup;
    TransportResults *results = nullptr;
};

Driver::Driver(Options options, QString dir)
    : m_opt(std::move(options))
    , m_dir(std::move(dir)) {}

bool Driver::prepare(QString *error) {
    m_fileLimit = raiseFileLimit();
    if (!makeBenchFiles(m_dir, &m_tlsReady, &m_tlsError, error))
        return false;
    const QList<int> cpus = allowedCpus();
    if (m_opt.pin && cpus.size() >= 2) {
        m_serverCpu = cpus.at(1);
        pinToCpu(cpus.at(0));
        m_pinned =
            QStringLiteral("client on CPU %1, servers on CPU %2").arg(cpus.at(0)).arg(cpus.at(1));
    } else {
        m_pinned = QStringLiteral("not pinned (%1 CPUs)").arg(cpus.size());
    }
    m_nodeVersion = nodeVersion(m_opt.node);
    return true;
}

QString Driver::setupLine() const {
    return QStringLiteral("sws_bench: Qt %1, libsodium %2, node %3; %4; RLIMIT_NOFILE %5; best of "
                          "%6 interleaved runs")
        .arg(QString::fromLatin1(qVersion()), QString::fromLatin1(sodium_version_string()),
             m_nodeVersion.isEmpty() ? QStringLiteral("not found") : m_nodeVersion, m_pinned)
        .arg(m_fileLimit)
        .arg(m_opt.repeat);
}

QString Driver::whyNot(Transport t) const {
    if (t == Transport::Wss && !m_tlsReady)
        return m_tlsError;
    if (isNode(t)) {
        if (m_nodeVersion.isEmpty())
            return QStringLiteral("node not found");
        const QString lib = QFileInfo(m_opt.nodeScript)
                                .dir()
                                .filePath(QStringLiteral("../interop/node_modules/node-sws"));
        if (!QFileInfo::exists(lib))
            return QStringLiteral("node-sws not installed (npm ci --prefix tests/interop)");
    }
    return {};
}

QStringList Driver::serverCommand(Transport t) const {
    if (isNode(t)) {
        QStringList c{m_opt.node,
                      QStringLiteral("--expose-gc"),
                      m_opt.nodeScript,
                      QStringLiteral("--version"),
                      QString::number(swsVersion(t)),
                      QStringLiteral("--key"),
                      serverKeyPath(m_dir)};
        if (swsVersion(t) >= 2)
            c << QStringLiteral("--cert") << serverCertPath(m_dir);
        return c;
    }
    return m_opt.serverWrapper + QStringList{QCoreApplication::applicationFilePath(),
                                             QStringLiteral("--serve"), transportKey(t),
                                             QStringLiteral("--dir"), m_dir};
}

bool Driver::startServer(Transport t, Live *live, QString *error) {
    live->transport = t;
    if (!live->server.start(serverCommand(t), m_serverCpu, error))
        return false;
    ClientSetup &s = live->setup;
    s.transport = t;
    s.url.setScheme(t == Transport::Wss ? QStringLiteral("wss") : QStringLiteral("ws"));
    s.url.setHost(QStringLiteral("127.0.0.1"));
    s.url.setPort(live->server.port());
    s.url.setPath(QStringLiteral("/"));
    if (t == Transport::Wss && !tlsClientConfig(m_dir, &s.tls, error))
        return false;
    if (usesSwsClient(t) && !swsClientConfig(m_dir, swsVersion(t), &s.sws, error))
        return false;
    return true;
}

QList<TransportResults> Driver::run() {
    QList<TransportResults> results;
    for (Transport t : m_opt.transports) {
        TransportResults r;
        r.transport = t;
        r.skipped = whyNot(t);
        if (!r.skipped.isEmpty())
            progress(QStringLiteral("== %1: skipped (%2)").arg(transportLabel(t), r.skipped));
        results << r;
    }
    if (m_opt.phases.contains(QStringLiteral("echo")))
        echoPhase(results);
    if (m_opt.phases.contains(QStringLiteral("handshake")))
        handshakePhase(results);
    if (m_opt.phases.contains(QStringLiteral("memory")))
        memoryPhase(results);
    return results;
}

// Every size of every transport, then again: servers stay up between runs.
void Driver::echoPhase(QList<TransportResults> &results) {
    std::vector<std::unique_ptr<Live>> live;
    for (TransportResults &r : results) {
        if (!r.skipped.isEmpty())
            continue;
        auto l = std::make_unique<Live>();
        l->results = &r;
        QString error;
        if (!startServer(r.transport, l.get(), &error)) {
            for (int size : m_opt.sizes)
                r.throughput[size].error = error;
            continue;
        }
        live.push_back(std::move(l));
    }
    for (int run = 0; run < m_opt.repeat; ++run) {
        for (int size : m_opt.sizes) {
            for (auto &l : live) {
                const ThroughputResult e =
                    runThroughput(l->setup, size, m_opt.inflight, m_opt.warmup, m_opt.seconds);
                ThroughputResult &best = l->results->throughput[size];
                if (e.ok && (!best.ok || e.msgsPerSec > best.msgsPerSec)) {
                    const QString earlier = best.error;
                    best = e;
                    best.error = earlier;
                } else if (!e.ok && best.error.isEmpty()) {
                    best.error = e.error;
                }
                progress(QStringLiteral("== run %1: %2: echo %3: %4 msg/s, %5 MB/s%6")
                             .arg(run + 1)
                             .arg(transportLabel(l->transport), sizeLabel(size))
                             .arg(e.msgsPerSec, 0, 'f', 0)
                             .arg(e.mbPerSec, 0, 'f', 1)
                             .arg(errorSuffix(e.error)));
            }
        }
    }
}

void Driver::handshakePhase(QList<TransportResults> &results) {
    std::vector<std::unique_ptr<Live>> live;
    for (TransportResults &r : results) {
        if (!r.skipped.isEmpty())
            continue;
        auto l = std::make_unique<Live>();
        l->results = &r;
        QString error;
        if (!startServer(r.transport, l.get(), &error)) {
            r.sequential.error = error;
            r.concurrentError = error;
            continue;
        }
        // Warm-up: first connections load TLS backends, JIT-compile node, fill caches.
        runSequentialHandshakes(l->setup, 0.2);
        live.push_back(std::move(l));
    }
    for (int run = 0; run < m_opt.repeat; ++run) {
        for (auto &l : live) {
            TransportResults &r = *l->results;
            const SequentialResult s = runSequentialHandshakes(l->setup, m_opt.hsSeconds);
            if (s.perSec > r.sequential.perSec || r.sequential.handshakes == 0) {
                const QString earlier = r.sequential.error;
                const int failures = r.sequential.failures;
                r.sequential = s;
                if (s.error.isEmpty())
                    r.sequential.error = earlier;
                r.sequential.failures += failures;
            } else {
                r.sequential.failures += s.failures;
                if (r.sequential.error.isEmpty())
                    r.sequential.error = s.error;
            }
            progress(QStringLiteral("== run %1: %2: %3 sequential handshakes/s (%4 in %5 s, "
                                    "median %6 ms, %7 failed)")
                         .arg(run + 1)
                         .arg(transportLabel(l->transport))
                         .arg(s.perSec, 0, 'f', 0)
                         .arg(s.handshakes)
                         .arg(s.seconds, 0, 'f', 2)
                         .arg(s.medianMs, 0, 'f', 3)
                         .arg(s.failures));
            const ConcurrentResult c = runConcurrentHandshakes(l->setup, m_opt.concurrent);
            r.concurrentFailures += c.failures;
            if (!c.error.isEmpty() && r.concurrentError.isEmpty())
                r.concurrentError = c.error;
            if (c.ok && (!r.concurrentRan || c.ms < r.concurrentMs)) {
                r.concurrentMs = c.ms;
                r.concurrentRan = true;
            }
            progress(QStringLiteral("== run %1: %2: %3 concurrent handshakes: %4 ms (%5 failed)")
                         .arg(run + 1)
                         .arg(transportLabel(l->transport))
                         .arg(m_opt.concurrent)
                         .arg(c.ms, 0, 'f', 1)
                         .arg(c.failures));
            waitForSessions(l->server, 0, 5000);
        }
    }
}

// Once per transport, each with a fresh server: RSS before and after N idle sessions.
void Driver::memoryPhase(QList<TransportResults> &results) {
    for (TransportResults &r : results) {
        if (!r.skipped.isEmpty())
            continue;
        Live l;
        QString error;
        if (!startServer(r.transport, &l, &error)) {
            r.memoryError = error;
            continue;
        }
        // One session first, so that what a server allocates once is in the baseline.
        std::vector<ClientConn *> warm = openIdleSessions(l.setup, 1, 1, &error);
        closeAll(warm);
        const ServerProcess::Stats before = waitForSessions(l.server, 0, 5000);
        std::vector<ClientConn *> conns = openIdleSessions(l.setup, m_opt.sessions, 50, &error);
        const ServerProcess::Stats after = waitForSessions(l.server, m_opt.sessions, 30000);
        closeAll(conns);
        if (!error.isEmpty() || !before.ok || !after.ok || after.sessions != m_opt.sessions) {
            r.memoryError = !error.isEmpty() ? error
                                             : QStringLiteral("server reports %1 of %2 sessions")
                                                   .arg(after.sessions)
                                                   .arg(m_opt.sessions);
            progress(QStringLiteral("== %1: memory: %2")
                         .arg(transportLabel(r.transport), r.memoryError));
            continue;
        }
        const double n = m_opt.sessions;
        r.memoryRan = true;
        r.rssKiBPerSession = static_cast<double>(after.rssKiB - before.rssKiB) / n;
        r.heapKiBPerSession = static_cast<double>(after.heapBytes - before.heapBytes) / n / 1024;
        r.fdsPerSession = (after.fds - before.fds) / n;
        progress(QStringLiteral("== %1: %2 idle sessions: RSS %3 -> %4 KiB (%5 KiB each), heap "
                                "%6 KiB each, %7 fds each")
                     .arg(transportLabel(r.transport))
                     .arg(m_opt.sessions)
                     .arg(before.rssKiB)
                     .arg(after.rssKiB)
                     .arg(r.rssKiBPerSession, 0, 'f', 1)
                     .arg(r.heapKiBPerSession, 0, 'f', 1)
                     .arg(r.fdsPerSession, 0, 'f', 2));
    }
}

} // namespace sws::bench
