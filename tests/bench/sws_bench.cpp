// sws_bench: SecureWebSocket against plain ws://, wss:// (TLS) and the reference node-sws 1.2.1
// on loopback, one harness for all. This process is the client; every server runs in its own
// process (this binary with --serve, or node), and client and servers are pinned to one core
// each. README.md in this folder says what is measured and how.
#include "benchdriver.h"
#include "benchserver.h"
#include "crowd.h"
#include "procstats.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cstdio>

using namespace sws::bench;

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 2 && args.at(1) == QLatin1String("--serve")) {
        Transport t;
        const auto dirAt = args.indexOf(QStringLiteral("--dir"));
        if (args.size() < 3 || !fromKey(args.at(2), &t) || dirAt < 0 || dirAt + 1 >= args.size()) {
            std::fputs("usage: sws_bench --serve ws|wss|sws1|sws2 --dir DIR\n", stderr);
            return 2;
        }
        return runServer(t, args.at(dirAt + 1));
    }

    if (args.size() >= 2 && args.at(1) == QLatin1String("crowd"))
        return runCrowd(args.mid(2));

    // --crowd: the crowd table too, in the same run (`sws_bench crowd` with its defaults).
    QStringList mainArgs = args;
    const bool withCrowd = mainArgs.removeAll(QStringLiteral("--crowd")) > 0;
    Options opt;
    opt.nodeScript = QStringLiteral(SWS_BENCH_NODE_SERVER);
    if (const int exit = parseOptions(mainArgs, &opt))
        return exit < 0 ? 0 : exit;
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fputs("sws_bench: cannot create a temporary directory\n", stderr);
        return 1;
    }
    const QList<int> cpus = allowedCpus(); // before the driver pins this process to one
    Driver driver(opt, dir.path());
    QString error;
    if (!driver.prepare(&error)) {
        std::fprintf(stderr, "sws_bench: %s\n", qPrintable(error));
        return 1;
    }
    const QString setup = driver.setupLine();
    std::fprintf(stderr, "%s\n", qPrintable(setup));
    const QList<TransportResults> results = driver.run();

    ReportSettings settings;
    settings.sizes = opt.sizes;
    settings.concurrent = opt.concurrent;
    settings.sessions = opt.sessions;
    std::printf("%s\necho: one connection, %d messages in flight, %.1f s measured after %.1f s "
                "warm-up; MB = 10^6 bytes of payload echoed per second.\nhandshakes: "
                "sequential for %.1f s; concurrent = all %d opened at once until all ready.\n"
                "memory: server RSS (VmRSS) before and after %d idle secured sessions, divided "
                "by %d.\n\n%s",
                qPrintable(setup), opt.inflight, opt.seconds, opt.warmup, opt.hsSeconds,
                opt.concurrent, opt.sessions, opt.sessions,
                qPrintable(formatReport(results, settings)));
    std::fflush(stdout);
    int crowdExit = 0;
    if (withCrowd) {
        QStringList crowdArgs;
        if (!opt.pin)
            crowdArgs << QStringLiteral("--no-pin");
        if (opt.smoke)
            crowdArgs << QStringLiteral("--smoke");
        std::printf("\n");
        setAllowedCpus(cpus); // the crowd pins client and server itself
        crowdExit = runCrowd(crowdArgs);
    }
    // The smoke run (ctest) checks that everything ran, never how fast.
    return opt.smoke && (anyErrors(results) || crowdExit != 0) ? 1 : 0;
}
