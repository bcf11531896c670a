#include "benchoptions.h"

#include <QProcess>

#include <cstdio>

namespace sws::bench {

namespace {

const char *const kUsage =
    "usage: sws_bench [options]\n"
    "  --seconds S        measured window of each echo run (default 2)\n"
    "  --warmup S         echo warm-up before it (default 0.3)\n"
    "  --hs-seconds S     sequential handshakes for S seconds (default 2)\n"
    "  --sizes LIST       echo payload sizes in bytes (default 64,16384,1048576)\n"
    "  --inflight N       echo messages in flight (default 64)\n"
    "  --concurrent N     handshakes started at once (default 500)\n"
    "  --repeat N         interleaved runs of every measurement, best reported (default 3)\n"
    "  --sessions N       idle sessions for the memory phase (default 1000)\n"
    "  --transports LIST  of ws,wss,node1,node2,sws1,sws2 (default all)\n"
    "  --phases LIST      of echo,handshake,memory (default all)\n"
    "  --quick            --seconds 1 --warmup 0.2 --hs-seconds 1 --repeat 1\n"
    "  --smoke            tiny run that only checks that everything works (ctest)\n"
    "  --no-pin           do not pin client and server to one core each\n"
    "  --crowd            then `sws_bench crowd` (10,000 sessions against sws serve and\n"
    "                     node-sws) in the same run; `sws_bench crowd --help` says more\n"
    "  --node PATH        node binary (default: node on PATH); node-sws is skipped without it\n"
    "  --server-wrapper CMD  run our server processes under CMD, e.g.\n"
    "                     \"valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p\"\n";

bool parseList(const QString &text, QList<int> *out) {
    out->clear();
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (!ok || v < 0)
            return false;
        out->append(v);
    }
    return !out->isEmpty();
}

} // namespace

int parseOptions(const QStringList &args, Options *o) {
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args.at(i);
        auto next = [&](QString *v) {
            if (i + 1 >= args.size())
                return false;
            *v = args.at(++i);
            return true;
        };
        QString v;
        bool ok = true;
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::fputs(kUsage, stdout);
            return -1;
        } else if (a == QLatin1String("--quick")) {
            o->seconds = 1;
            o->warmup = 0.2;
            o->hsSeconds = 1;
            o->repeat = 1;
        } else if (a == QLatin1String("--smoke")) {
            o->smoke = true;
            o->seconds = 0.2;
            o->warmup = 0.05;
            o->hsSeconds = 0.2;
            o->sizes = {64, 4096};
            o->inflight = 8;
            o->concurrent = 10;
            o->repeat = 1;
            o->sessions = 10;
        } else if (a == QLatin1String("--no-pin")) {
            o->pin = false;
        } else if (a == QLatin1String("--seconds") && next(&v)) {
            o->seconds = v.toDouble(&ok);
        } else if (a == QLatin1String("--warmup") && next(&v)) {
            o->warmup = v.toDouble(&ok);
        } else if (a == QLatin1String("--hs-seconds") && next(&v)) {
            o->hsSeconds = v.toDouble(&ok);
        } else if (a == QLatin1String("--sizes") && next(&v)) {
            ok = parseList(v, &o->sizes);
        } else if (a == QLatin1String("--inflight") && next(&v)) {
            o->inflight = v.toInt(&ok);
        } else if (a == QLatin1String("--concurrent") && next(&v)) {
            o->concurrent = v.toInt(&ok);
        } else if (a == QLatin1String("--repeat") && next(&v)) {
            o->repeat = v.toInt(&ok);
        } else if (a == QLatin1String("--sessions") && next(&v)) {
            o->sessions = v.toInt(&ok);
        } else if (a == QLatin1String("--transports") && next(&v)) {
            o->transports.clear();
            for (const QString &k : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                Transport t;
                ok = ok && fromKey(k.trimmed(), &t);
                o->transports << t;
            }
        } else if (a == QLatin1String("--phases") && next(&v)) {
            o->phases = v.split(QLatin1Char(','), Qt::SkipEmptyParts);
        } else if (a == QLatin1String("--node") && next(&v)) {
            o->node = v;
        } else if (a == QLatin1String("--server-wrapper") && next(&v)) {
            o->serverWrapper = QProcess::splitCommand(v);
        } else {
            std::fprintf(stderr, "sws_bench: bad argument %s\n%s", qPrintable(a), kUsage);
            return 2;
        }
        if (!ok) {
            std::fprintf(stderr, "sws_bench: bad value for %s\n", qPrintable(a));
            return 2;
        }
    }
    if (o->inflight < 1 || o->concurrent < 1 || o->sessions < 1 || o->repeat < 1) {
        std::fprintf(stderr, "sws_bench: counts must be at least 1\n");
        return 2;
    }
    return 0;
}

} // namespace sws::bench
