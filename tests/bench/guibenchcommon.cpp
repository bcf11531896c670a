// sws_guibench: options and the message format both processes share.
#include "guibench.h"

#include <chrono>
#include <cstdio>

namespace sws::bench::gui {

namespace {

const char *const kUsage =
    "usage: sws_guibench [options]\n"
    "Opens the real MainWindow, lets a peer in another process stream messages into one of its\n"
    "sessions, and measures event-loop stalls, messages shown per second, view liveness and RSS.\n"
    "  --rate N           messages per second (default 10000)\n"
    "  --seconds S        streaming time (default 10)\n"
    "  --size N           payload bytes, at least 32 (default 64)\n"
    "  --mixed            mixed sizes instead: 70% 32-128 B, 25% 256 B-1 KiB, 4.5% 2-4 KiB,\n"
    "                     0.5% 16 KiB (about 440 B on average)\n"
    "  --direction D      in (the peer sends, default), out (the GUI sends), both\n"
    "  --topology T       client (the GUI joins the peer's server, default) or room (the GUI\n"
    "                     hosts a room, the peer joins it)\n"
    "  --tab T            chat, traffic, or alternate (default: switch every --switch-ms)\n"
    "  --switch-ms N      (default 2000)\n"
    "  --batch-ms N       the sender sends what is due every N ms (default 5)\n"
    "  --probe-ms N       stall probe interval (default 2)\n"
    "  --drain S          wait at most S s for the last messages (default 20)\n"
    "  --slow-ms N        list event deliveries of N ms or more (default 8)\n"
    "  --history          keep the chat in an encrypted history store, as the app does\n"
    "  --no-pin           do not pin the GUI and the peer to one CPU each\n"
    "  --no-table         leave out the per-second table\n"
    "  --label TEXT       shown in the header line (e.g. the platform)\n"
    "  --smoke            1 s at 1,000 msg/s; fails only if messages did not arrive (ctest)\n";

bool toNumber(const QString &v, double *out, double min) {
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (!ok || d < min)
        return false;
    *out = d;
    return true;
}

bool toInt(const QString &v, int *out, int min) {
    bool ok = false;
    const int i = v.toInt(&ok);
    if (!ok || i < min)
        return false;
    *out = i;
    return true;
}

quint64 mix(quint64 x) { // splitmix64
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

int parseOptions(const QStringList &args, Options *o) {
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args.at(i);
        QString v;
        auto next = [&] {
            if (i + 1 >= args.size())
                return false;
            v = args.at(++i);
            return true;
        };
        bool ok = true;
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::fputs(kUsage, stdout);
            return -1;
        } else if (a == QLatin1String("--rate")) {
            ok = next() && toNumber(v, &o->rate, 1);
        } else if (a == QLatin1String("--seconds")) {
            ok = next() && toNumber(v, &o->seconds, 0.1);
        } else if (a == QLatin1String("--size")) {
            ok = next() && toInt(v, &o->size, kMinMessageBytes);
        } else if (a == QLatin1String("--mixed")) {
            o->mixed = true;
        } else if (a == QLatin1String("--batch-ms")) {
            ok = next() && toInt(v, &o->batchMs, 1);
        } else if (a == QLatin1String("--probe-ms")) {
            ok = next() && toInt(v, &o->probeMs, 1);
        } else if (a == QLatin1String("--switch-ms")) {
            ok = next() && toInt(v, &o->switchMs, 50);
        } else if (a == QLatin1String("--slow-ms")) {
            ok = next() && toInt(v, &o->slowMs, 1);
        } else if (a == QLatin1String("--drain")) {
            ok = next() && toNumber(v, &o->drainS, 0.1);
        } else if (a == QLatin1String("--direction")) {
            ok = next();
            if (v == QLatin1String("in"))
                o->direction = Options::Direction::In;
            else if (v == QLatin1String("out"))
                o->direction = Options::Direction::Out;
            else if (v == QLatin1String("both"))
                o->direction = Options::Direction::Both;
            else
                ok = false;
        } else if (a == QLatin1String("--topology")) {
            ok = next();
            if (v == QLatin1String("client"))
                o->topology = Options::Topology::Client;
            else if (v == QLatin1String("room"))
                o->topology = Options::Topology::Room;
            else
                ok = false;
        } else if (a == QLatin1String("--tab")) {
            ok = next();
            if (v == QLatin1String("chat"))
                o->tab = Options::Tab::Chat;
            else if (v == QLatin1String("traffic"))
                o->tab = Options::Tab::Traffic;
            else if (v == QLatin1String("alternate"))
                o->tab = Options::Tab::Alternate;
            else
                ok = false;
        } else if (a == QLatin1String("--history")) {
            o->history = true;
        } else if (a == QLatin1String("--no-pin")) {
            o->pin = false;
        } else if (a == QLatin1String("--no-table")) {
            o->perSecond = false;
        } else if (a == QLatin1String("--label")) {
            ok = next();
            o->label = v;
        } else if (a == QLatin1String("--smoke")) {
            o->smoke = true;
            o->rate = 1000;
            o->seconds = 1;
            o->switchMs = 300;
            o->drainS = 30;
        } else {
            std::fprintf(stderr, "sws_guibench: unknown option %s (see --help)\n", qPrintable(a));
            return 2;
        }
        if (!ok) {
            std::fprintf(stderr, "sws_guibench: bad or missing value for %s\n", qPrintable(a));
            return 2;
        }
    }
    return 0;
}

QStringList streamerArguments(const Options &o) {
    QStringList a{QStringLiteral("--stream"),
                  QStringLiteral("--rate"),
                  QString::number(o.rate, 'f', 3),
                  QStringLiteral("--seconds"),
                  QString::number(o.seconds, 'f', 3),
                  QStringLiteral("--size"),
                  QString::number(o.size),
                  QStringLiteral("--batch-ms"),
                  QString::number(o.batchMs)};
    if (o.mixed)
        a << QStringLiteral("--mixed");
    if (o.direction != Options::Direction::Out)
        a << QStringLiteral("--send");
    return a;
}

qint64 monotonicUs() {
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

int sizeFor(const Options &o, quint64 seq) {
    if (!o.mixed)
        return o.size;
    const quint64 h = mix(seq);
    const int bucket = static_cast<int>(h % 1000);
    const int spread = static_cast<int>((h >> 20) % 4096);
    if (bucket < 700)
        return 32 + spread % 97; // 32-128 B
    if (bucket < 950)
        return 256 + spread % 769; // 256 B-1 KiB
    if (bucket < 995)
        return 2048 + spread % 2049; // 2-4 KiB
    return 16384;
}

QByteArray makeMessage(quint64 seq, int size) {
    static const QByteArray filler =
        QByteArrayLiteral("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
                          "tempor incididunt ut labore et dolore magna aliqua ");
    QByteArray m;
    m.reserve(std::max(size, kMinMessageBytes));
    m.append('#');
    m.append(QByteArray::number(seq).rightJustified(10, '0'));
    m.append(' ');
    m.append(QByteArray::number(monotonicUs()).rightJustified(14, '0'));
    m.append(' ');
    while (m.size() < size)
        m.append(filler.left(size - m.size()));
    return m;
}

bool parseMessage(QStringView text, quint64 *seq, qint64 *sentUs) {
    if (text.size() < 27 || text.at(0) != QLatin1Char('#') || text.at(11) != QLatin1Char(' '))
        return false;
    bool ok1 = false;
    bool ok2 = false;
    *seq = text.mid(1, 10).toULongLong(&ok1);
    *sentUs = text.mid(12, 14).toLongLong(&ok2);
    return ok1 && ok2;
}

} // namespace sws::bench::gui
