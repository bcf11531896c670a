#include "crowd.h"

#include "benchclient.h"
#include "benchpki.h"
#include "benchreport.h"
#include "crowdload.h"
#include "procstats.h"
#include "serverprocess.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

namespace sws::bench {

namespace {

using namespace crowdload;

const char *const kUsage =
    "usage: sws_bench crowd [options]\n"
    "  --sessions N       concurrent secured sessions (default 10000)\n"
    "  --window N         handshakes in progress at once while filling (default 64: sws serve's\n"
    "                     share for one address, so none is parked)\n"
    "  --samples N        echo round trips, one at a time, spread over the sessions (default "
    "1000)\n"
    "  --room N           members of the chat room (default 1000)\n"
    "  --room-seconds S   room measured for S seconds (default 5)\n"
    "  --room-inflight N  room messages not yet delivered to every member (default 4)\n"
    "  --transports LIST  of sws1,sws2,node1,node2 (default all)\n"
    "  --phases LIST      of crowd,room (default both)\n"
    "  --server-arg ARG   one more argument for every `sws serve` (repeatable), e.g.\n"
    "                     --server-arg=--threads --server-arg=2\n"
    "  --sws PATH         the sws binary (default: the one of this build)\n"
    "  --node PATH        node binary (default: node on PATH); node-sws is skipped without it\n"
    "  --no-pin           do not pin client and server to one core each\n"
    "  --smoke            200 sessions, a room of 50, short: checks that everything works\n";

struct CrowdOptions {
    int sessions = 10000;
    int window = 64;
    int samples = 1000;
    int room = 1000;
    double roomSeconds = 5;
    int roomInflight = 4;
    QList<Transport> transports{Transport::NodeV1, Transport::NodeV2, Transport::SwsV1,
                                Transport::SwsV2};
    QStringList phases{QStringLiteral("crowd"), QStringLiteral("room")};
    QStringList serverArgs;
    QString sws = QStringLiteral(SWS_BENCH_SWS_CLI);
    QString node = QStringLiteral("node");
    QString nodeScript = QStringLiteral(SWS_BENCH_NODE_SERVER);
    bool pin = true;
    bool smoke = false;
};

// Fills *o; 0 to go on, -1 after --help, else an exit code.
int parseCrowd(const QStringList &args, CrowdOptions *o) {
    for (int i = 0; i < args.size(); ++i) {
        QString a = args.at(i);
        QString v;
        bool hasValue = false;
        // --server-arg=--threads: the value may itself start with "--".
        if (a.startsWith(QLatin1String("--")) && a.contains(QLatin1Char('='))) {
            v = a.mid(a.indexOf(QLatin1Char('=')) + 1);
            a = a.left(a.indexOf(QLatin1Char('=')));
            hasValue = true;
        }
        auto next = [&](QString *out) {
            if (hasValue) {
                *out = v;
                return true;
            }
            if (i + 1 >= args.size())
                return false;
            *out = args.at(++i);
            return true;
        };
        bool ok = true;
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::fputs(kUsage, stdout);
            return -1;
        } else if (a == QLatin1String("--smoke")) {
            o->smoke = true;
            o->sessions = 200;
            o->samples = 50;
            o->room = 50;
            o->roomSeconds = 0.5;
        } else if (a == QLatin1String("--no-pin")) {
            o->pin = false;
        } else if (a == QLatin1String("--sessions") && next(&v)) {
            o->sessions = v.toInt(&ok);
        } else if (a == QLatin1String("--window") && next(&v)) {
            o->window = v.toInt(&ok);
        } else if (a == QLatin1String("--samples") && next(&v)) {
            o->samples = v.toInt(&ok);
        } else if (a == QLatin1String("--room") && next(&v)) {
            o->room = v.toInt(&ok);
        } else if (a == QLatin1String("--room-seconds") && next(&v)) {
            o->roomSeconds = v.toDouble(&ok);
        } else if (a == QLatin1String("--room-inflight") && next(&v)) {
            o->roomInflight = v.toInt(&ok);
        } else if (a == QLatin1String("--transports") && next(&v)) {
            o->transports.clear();
            for (const QString &k : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                Transport t;
                ok = ok && fromKey(k.trimmed(), &t) && usesSwsClient(t);
                o->transports << t;
            }
        } else if (a == QLatin1String("--phases") && next(&v)) {
            o->phases = v.split(QLatin1Char(','), Qt::SkipEmptyParts);
        } else if (a == QLatin1String("--server-arg") && next(&v)) {
            o->serverArgs << v;
        } else if (a == QLatin1String("--sws") && next(&v)) {
            o->sws = v;
        } else if (a == QLatin1String("--node") && next(&v)) {
            o->node = v;
        } else {
            std::fprintf(stderr, "sws_bench crowd: bad argument %s\n%s", qPrintable(a), kUsage);
            return 2;
        }
        if (!ok) {
            std::fprintf(stderr, "sws_bench crowd: bad value for %s\n", qPrintable(a));
            return 2;
        }
    }
    if (o->sessions < 1 || o->window < 1 || o->samples < 1 || o->room < 2 || o->roomInflight < 1) {
        std::fputs("sws_bench crowd: counts must be at least 1 (the room at least 2)\n", stderr);
        return 2;
    }
    return 0;
}

// Runs the event loop for ms milliseconds (client sockets keep flowing).
void spin(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// The server's descriptors, polled until they reach `target` (sessions are counted there:
// one descriptor each) or stop changing for a second, or timeoutMs passes.
ProcStats settle(qint64 pid, int target, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    ProcStats s = procStatsOf(pid);
    int last = s.fds;
    QElapsedTimer still;
    still.start();
    while (s.fds != target && t.elapsed() < timeoutMs) {
        spin(50);
        s = procStatsOf(pid);
        if (s.fds != last) {
            last = s.fds;
            still.restart();
        } else if (target < 0 && still.elapsed() >= 1000) {
            break;
        }
    }
    return s;
}

struct CrowdResult {
    Transport transport = Transport::SwsV1;
    QString skipped;
    QString error;
    FillResult fill;
    bool memoryRan = false;
    qint64 rssBeforeKiB = 0;
    qint64 rssAfterKiB = 0;
    int fdsBefore = 0;
    int fdsAfter = 0;
    double serverCpuFill = 0; // server CPU seconds over the fill
    double clientCpuFill = 0; // this process's
    LatencyResult latency;
    int dropped = 0;
    QString roomError;
    RoomResult room;
};

class Crowd {
public:
    Crowd(CrowdOptions o, QString dir)
        : m_opt(std::move(o))
        , m_dir(std::move(dir)) {}

    bool prepare(QString *error) {
        m_limitBefore = fileLimit();
        m_limit = raiseFileLimit();
        // Every client session is a descriptor here, and its server end one in the server
        // (which inherits this limit, and raises its own soft limit to the hard one as well).
        const qint64 need = std::max(m_opt.sessions, m_opt.room) + 64;
        if (m_limit < need) {
            *error = QStringLiteral("%1 sessions need about %2 descriptors, the hard limit is %3 "
                                    "(raise it: ulimit -Hn, or LimitNOFILE= for a service)")
                         .arg(m_opt.sessions)
                         .arg(need)
                         .arg(m_limit);
            return false;
        }
        bool tlsReady = false;
        QString tlsError;
        if (!makeBenchFiles(m_dir, &tlsReady, &tlsError, error))
            return false;
        const QList<int> cpus = allowedCpus();
        if (m_opt.pin && cpus.size() >= 2) {
            m_serverCpu = cpus.at(1);
            pinToCpu(cpus.at(0));
            m_pinned = QStringLiteral("client on CPU %1, server on CPU %2")
                           .arg(cpus.at(0))
                           .arg(cpus.at(1));
        } else {
            m_pinned = QStringLiteral("not pinned (%1 CPUs)").arg(cpus.size());
        }
        m_nodeVersion = nodeVersion(m_opt.node);
        return true;
    }

    QString setupLine() const {
        return QStringLiteral("sws_bench crowd: Qt %1, libsodium %2, node %3; %4; RLIMIT_NOFILE "
                              "soft limit raised from %5 to the hard limit %6 (setrlimit)")
            .arg(QString::fromLatin1(qVersion()), QString::fromLatin1(sodium_version_string()),
                 m_nodeVersion.isEmpty() ? QStringLiteral("not found") : m_nodeVersion, m_pinned)
            .arg(m_limitBefore)
            .arg(m_limit);
    }

    QString serverLine() const {
        return QStringLiteral("sws serve --listen 127.0.0.1:0 --key KEY [--cert CERT --ca CA] "
                              "--max-members %1%2")
            .arg(memberCap())
            .arg(m_opt.serverArgs.isEmpty()
                     ? QString()
                     : QLatin1Char(' ') + m_opt.serverArgs.join(QLatin1Char(' ')));
    }

    QList<CrowdResult> run() {
        QList<CrowdResult> results;
        for (Transport t : m_opt.transports) {
            CrowdResult r;
            r.transport = t;
            r.skipped = whyNot(t);
            if (!r.skipped.isEmpty())
                progress(QStringLiteral("== %1: skipped (%2)").arg(transportLabel(t), r.skipped));
            results << r;
        }
        for (CrowdResult &r : results) {
            if (!r.skipped.isEmpty())
                continue;
            if (m_opt.phases.contains(QStringLiteral("crowd")))
                crowdPhase(r);
            if (m_opt.phases.contains(QStringLiteral("room")))
                roomPhase(r);
        }
        return results;
    }

private:
    // sws serve keeps this many member keys (every session here has its own key).
    int memberCap() const { return std::max(m_opt.sessions, m_opt.room) + 64; }

    QString whyNot(Transport t) const {
        if (isNode(t)) {
            if (m_nodeVersion.isEmpty())
                return QStringLiteral("node not found");
            const QString lib = QFileInfo(m_opt.nodeScript)
                                    .dir()
                                    .filePath(QStringLiteral("../interop/node_modules/node-sws"));
            if (!QFileInfo::exists(lib))
                return QStringLiteral("node-sws not installed (npm ci --prefix tests/interop)");
        } else if (!QFileInfo(m_opt.sws).isExecutable()) {
            return m_opt.sws + QStringLiteral(" not found");
        }
        return {};
    }

    QStringList serverCommand(Transport t, bool chat) const {
        const QString mode = chat ? QStringLiteral("chat") : QStringLiteral("echo");
        if (isNode(t)) {
            QStringList c{m_opt.node,
                          m_opt.nodeScript,
                          QStringLiteral("--version"),
                          QString::number(swsVersion(t)),
                          QStringLiteral("--key"),
                          serverKeyPath(m_dir),
                          QStringLiteral("--mode"),
                          mode};
            if (swsVersion(t) >= 2)
                c << QStringLiteral("--cert") << serverCertPath(m_dir);
            return c;
        }
        QStringList c{m_opt.sws,
                      QStringLiteral("serve"),
                      QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"),
                      QStringLiteral("--key"),
                      serverKeyPath(m_dir),
                      QStringLiteral("--mode"),
                      mode,
                      QStringLiteral("--max-members"),
                      QString::number(memberCap())};
        if (swsVersion(t) >= 2)
            c << QStringLiteral("--cert") << serverCertPath(m_dir) << QStringLiteral("--ca")
              << caCertPath(m_dir);
        return c + m_opt.serverArgs;
    }

    bool startServer(Transport t, bool chat, ServerProcess *server, ClientSetup *setup,
                     QString *error) {
        if (!isNode(t)) {
            server->setStopBySignal(true);
            // sws serve reads no stdin and keeps its keys in a profile: not the user's.
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SWS_PROFILE"), m_dir + QStringLiteral("/profile"));
            server->setEnvironment(env);
        }
        if (!server->start(serverCommand(t, chat), m_serverCpu, error))
            return false;
        setup->transport = t;
        setup->url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server->port()));
        return swsClientConfig(m_dir, swsVersion(t), &setup->sws, error);
    }

    void crowdPhase(CrowdResult &r) {
        const QString label = transportLabel(r.transport);
        ServerProcess server;
        ClientSetup setup;
        QString error;
        if (!startServer(r.transport, false, &server, &setup, &error)) {
            r.error = error;
            progress(QStringLiteral("== %1: %2").arg(label, error));
            return;
        }
        // One session first, so that what the server allocates once is in the baseline.
        std::vector<ClientConn *> warm = openIdleSessions(setup, 1, 1, &error);
        closeAll(warm);
        const ProcStats before = settle(server.pid(), -1, 5000);
        progress(QStringLiteral("== %1: filling %2 sessions, %3 handshakes at a time (server RSS "
                                "%4 KiB, %5 fds)")
                     .arg(label)
                     .arg(m_opt.sessions)
                     .arg(m_opt.window)
                     .arg(before.rssKiB)
                     .arg(before.fds));
        std::vector<ClientConn *> conns;
        conns.reserve(static_cast<size_t>(m_opt.sessions));
        const double serverCpu0 = procStatsOf(server.pid()).cpuSeconds;
        const double clientCpu0 = procStatsOf(QCoreApplication::applicationPid()).cpuSeconds;
        r.fill = fill(setup, m_opt.sessions, m_opt.window, &conns, &r.dropped);
        r.serverCpuFill = procStatsOf(server.pid()).cpuSeconds - serverCpu0;
        r.clientCpuFill = procStatsOf(QCoreApplication::applicationPid()).cpuSeconds - clientCpu0;
        progress(QStringLiteral("== %1: %2 secured in %3 s: %4 handshakes/s (first tenth %5/s, "
                                "last tenth %6/s), %7 failed%8; CPU: server %9 s, client %10 s")
                     .arg(label)
                     .arg(r.fill.secured)
                     .arg(r.fill.seconds, 0, 'f', 2)
                     .arg(r.fill.secured / std::max(r.fill.seconds, 1e-9), 0, 'f', 0)
                     .arg(r.fill.firstTenth, 0, 'f', 0)
                     .arg(r.fill.lastTenth, 0, 'f', 0)
                     .arg(r.fill.failures)
                     .arg(r.fill.error.isEmpty()
                              ? QString()
                              : QStringLiteral(" (") + r.fill.error + QLatin1Char(')'))
                     .arg(r.serverCpuFill, 0, 'f', 1)
                     .arg(r.clientCpuFill, 0, 'f', 1));
        if (!r.fill.error.isEmpty()) {
            r.error = r.fill.error;
            closeAll(conns, 30000);
            return;
        }
        // Every session is a descriptor in the server: all of them are there once it holds
        // before + sessions.
        const ProcStats after = settle(server.pid(), before.fds + m_opt.sessions, 10000);
        r.memoryRan = true;
        r.rssBeforeKiB = before.rssKiB;
        r.rssAfterKiB = after.rssKiB;
        r.fdsBefore = before.fds;
        r.fdsAfter = after.fds;
        progress(QStringLiteral("== %1: server RSS %2 -> %3 KiB with %4 sessions (%5 KiB each), "
                                "fds %6 -> %7")
                     .arg(label)
                     .arg(before.rssKiB)
                     .arg(after.rssKiB)
                     .arg(m_opt.sessions)
                     .arg(double(after.rssKiB - before.rssKiB) / m_opt.sessions, 0, 'f', 1)
                     .arg(before.fds)
                     .arg(after.fds));
        r.latency = echoLatency(conns, m_opt.samples);
        progress(QStringLiteral("== %1: echo latency over %2 round trips with %3 open: p50 %4 ms, "
                                "p99 %5 ms, max %6 ms%7")
                     .arg(label)
                     .arg(r.latency.samples)
                     .arg(conns.size())
                     .arg(r.latency.p50, 0, 'f', 3)
                     .arg(r.latency.p99, 0, 'f', 3)
                     .arg(r.latency.max, 0, 'f', 3)
                     .arg(r.latency.error.isEmpty()
                              ? QString()
                              : QStringLiteral(" (") + r.latency.error + QLatin1Char(')')));
        if (r.error.isEmpty() && !r.latency.error.isEmpty())
            r.error = r.latency.error;
        if (r.error.isEmpty() && r.dropped > 0)
            r.error =
                QStringLiteral("%1 secured sessions were closed by the server").arg(r.dropped);
        QElapsedTimer closing;
        closing.start();
        closeAll(conns, 60000);
        progress(QStringLiteral("== %1: closed all in %2 s")
                     .arg(label)
                     .arg(secondsOf(closing), 0, 'f', 1));
    }

    void roomPhase(CrowdResult &r) {
        const QString label = transportLabel(r.transport);
        ServerProcess server;
        ClientSetup setup;
        QString error;
        if (!startServer(r.transport, true, &server, &setup, &error)) {
            r.roomError = error;
            progress(QStringLiteral("== %1: room: %2").arg(label, error));
            return;
        }
        std::vector<ClientConn *> members;
        int dropped = 0;
        const FillResult f = fill(setup, m_opt.room, m_opt.window, &members, &dropped);
        if (!f.error.isEmpty()) {
            r.roomError = f.error;
            progress(QStringLiteral("== %1: room: %2").arg(label, f.error));
            closeAll(members, 30000);
            return;
        }
        // Every member in the room on the server's side too before the first message.
        settle(server.pid(), -1, 5000);
        r.room = roomRun(members, m_opt.roomInflight, m_opt.roomSeconds);
        r.roomError = r.room.error;
        if (r.roomError.isEmpty() && dropped > 0)
            r.roomError = QStringLiteral("%1 members were closed by the server").arg(dropped);
        progress(QStringLiteral("== %1: room of %2: %3 deliveries/s, %4 messages/s over %5 s%6")
                     .arg(label)
                     .arg(r.room.members)
                     .arg(r.room.deliveriesPerSec, 0, 'f', 0)
                     .arg(r.room.messagesPerSec, 0, 'f', 1)
                     .arg(r.room.seconds, 0, 'f', 2)
                     .arg(r.roomError.isEmpty()
                              ? QString()
                              : QStringLiteral(" (") + r.roomError + QLatin1Char(')')));
        closeAll(members, 30000);
    }

    CrowdOptions m_opt;
    QString m_dir;
    int m_serverCpu = -1;
    QString m_pinned;
    QString m_nodeVersion;
    qint64 m_limitBefore = 0;
    qint64 m_limit = 0;
};

using Value = std::optional<double>;

QString formatCrowd(const QList<CrowdResult> &results, const CrowdOptions &o) {
    const QList<Transport> columns{Transport::NodeV1, Transport::NodeV2, Transport::SwsV1,
                                   Transport::SwsV2};
    auto find = [&](Transport t) -> const CrowdResult * {
        for (const CrowdResult &r : results)
            if (r.transport == t && r.skipped.isEmpty())
                return &r;
        return nullptr;
    };
    struct Row {
        QString label;
        std::function<Value(const CrowdResult &)> value;
        bool lowerIsBetter = false;
    };
    const double n = o.sessions;
    auto filled = [](const CrowdResult &r) { return r.fill.error.isEmpty() && r.fill.secured > 0; };
    const QList<Row> rows{
        {QStringLiteral("fill %1: handshakes/s").arg(o.sessions),
         [&](const CrowdResult &r) -> Value {
             return filled(r) ? Value(r.fill.secured / r.fill.seconds) : std::nullopt;
         }},
        {QStringLiteral("  over the first tenth"),
         [&](const CrowdResult &r) -> Value {
             return filled(r) ? Value(r.fill.firstTenth) : std::nullopt;
         }},
        {QStringLiteral("  over the last tenth"),
         [&](const CrowdResult &r) -> Value {
             return filled(r) ? Value(r.fill.lastTenth) : std::nullopt;
         }},
        {QStringLiteral("  server CPU per handshake, ms *"),
         [&](const CrowdResult &r) -> Value {
             return filled(r) ? Value(r.serverCpuFill * 1000 / r.fill.secured) : std::nullopt;
         },
         true},
        {QStringLiteral("time to fill, s *"),
         [&](const CrowdResult &r) -> Value {
             return filled(r) ? Value(r.fill.seconds) : std::nullopt;
         },
         true},
        {QStringLiteral("idle session RSS, KiB *"),
         [&](const CrowdResult &r) -> Value {
             return r.memoryRan ? Value((r.rssAfterKiB - r.rssBeforeKiB) / n) : std::nullopt;
         },
         true},
        {QStringLiteral("server RSS with all, MiB *"),
         [&](const CrowdResult &r) -> Value {
             return r.memoryRan ? Value(r.rssAfterKiB / 1024.0) : std::nullopt;
         },
         true},
        {QStringLiteral("echo latency p50, ms *"),
         [&](const CrowdResult &r) -> Value {
             return r.latency.error.isEmpty() && r.latency.samples > 0 ? Value(r.latency.p50)
                                                                       : std::nullopt;
         },
         true},
        {QStringLiteral("echo latency p99, ms *"),
         [&](const CrowdResult &r) -> Value {
             return r.latency.error.isEmpty() && r.latency.samples > 0 ? Value(r.latency.p99)
                                                                       : std::nullopt;
         },
         true},
        {QStringLiteral("room %1: deliveries/s").arg(o.room),
         [&](const CrowdResult &r) -> Value {
             return r.roomError.isEmpty() && r.room.seconds > 0 ? Value(r.room.deliveriesPerSec)
                                                                : std::nullopt;
         }},
        {QStringLiteral("room %1: messages/s").arg(o.room),
         [&](const CrowdResult &r) -> Value {
             return r.roomError.isEmpty() && r.room.seconds > 0 ? Value(r.room.messagesPerSec)
                                                                : std::nullopt;
         }},
    };
    constexpr int kLabel = 34;
    constexpr int kCol = 9;
    QString out = QString(kLabel, QLatin1Char(' '));
    for (Transport t : columns)
        out += transportLabel(t)
                   .replace(QStringLiteral("node-sws"), QStringLiteral("node"))
                   .rightJustified(kCol);
    out += QStringLiteral("  | ") + QStringLiteral("v1/node").rightJustified(8) +
           QStringLiteral("v2/node").rightJustified(8) + QLatin1Char('\n');
    for (const Row &row : rows) {
        out += row.label.leftJustified(kLabel);
        QList<Value> values;
        for (Transport t : columns) {
            const CrowdResult *r = find(t);
            values << (r ? row.value(*r) : std::nullopt);
            out += formatFigure(values.last()).rightJustified(kCol);
        }
        out += QStringLiteral("  | ") + formatRatio(values[2], values[0]).rightJustified(8) +
               formatRatio(values[3], values[1]).rightJustified(8) + QLatin1Char('\n');
    }
    out += QStringLiteral("* lower is better\n");
    for (const CrowdResult &r : results) {
        const QString why = !r.skipped.isEmpty() ? QStringLiteral("skipped: ") + r.skipped
                            : !r.error.isEmpty() ? r.error
                                                 : r.roomError;
        if (!why.isEmpty())
            out += QStringLiteral("%1: %2\n").arg(transportLabel(r.transport), why);
        else if (r.fill.failures > 0)
            out += QStringLiteral("%1: %2 handshakes failed and were opened again\n")
                       .arg(transportLabel(r.transport))
                       .arg(r.fill.failures);
    }
    return out;
}

} // namespace

int runCrowd(const QStringList &args) {
    CrowdOptions opt;
    if (const int exit = parseCrowd(args, &opt))
        return exit < 0 ? 0 : exit;
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fputs("sws_bench crowd: cannot create a temporary directory\n", stderr);
        return 1;
    }
    Crowd crowd(opt, dir.path());
    QString error;
    if (!crowd.prepare(&error)) {
        std::fprintf(stderr, "sws_bench crowd: %s\n", qPrintable(error));
        return 1;
    }
    const QString setup = crowd.setupLine();
    progress(setup);
    const QList<CrowdResult> results = crowd.run();
    std::printf(
        "%s\nservers: %s (echo; --mode chat for the room); node-sws-server.js (the reference "
        "Server)\ncrowd: %d sessions from 127.0.0.1, each with its own key, at most %d handshakes "
        "in progress (sws serve's default share for one address: none parked, no limit "
        "raised); handshakes/s = sessions / time to fill; idle session RSS = growth of the "
        "server's VmRSS over the fill / %d; echo latency: %d round trips of 64 B, one at a "
        "time, spread over all sessions.\nroom: %d members, each message from the next "
        "member in turn to the %d others, %d messages in flight, %.1f s.\n\n%s",
        qPrintable(setup), qPrintable(crowd.serverLine()), opt.sessions, opt.window, opt.sessions,
        opt.samples, opt.room, opt.room - 1, opt.roomInflight, opt.roomSeconds,
        qPrintable(formatCrowd(results, opt)));
    std::fflush(stdout);
    bool failed = false;
    for (const CrowdResult &r : results)
        failed = failed || (r.skipped.isEmpty() && (!r.error.isEmpty() || !r.roomError.isEmpty()));
    return opt.smoke && failed ? 1 : 0;
}

} // namespace sws::bench
