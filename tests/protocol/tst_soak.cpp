// Load and soak: 1,000 honest sessions at once on loopback, each exchanging messages of
// 1 B..64 KiB with sequence numbers inside, plus 10% hostile clients (malformed handshakes,
// binary frames in the handshake, silence, tampered and replayed frames, text frames). The
// clients run in a child process (this binary with --soak-clients), so that this process holds
// only the server and its heap and descriptors can be measured.
//
// Checked: every honest message reaches the server exactly once and in order, with the exact
// bytes, and comes back the same; every hostile session is closed with its own code, as seen by
// the client and as counted by the server; at least 1,000 sessions were secured at the same
// time; and once all have closed, the server's open descriptors are back at their baseline and
// its heap (mallinfo2().uordblks) within the tolerance explained at kHeapSlackBytes.
//
// Knobs (environment): SWS_SOAK_SESSIONS (honest sessions, default 1000), SWS_SOAK_SECONDS
// (traffic time once all are secure, default 15).
#include "testpeers.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>
#include <QTextStream>

#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace sws;
using namespace testpeers;

namespace {

// ---- What honest clients send --------------------------------------------------------------

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

// Sizes spread evenly over the powers of two from 1 B to 64 KiB; the first message of a
// session is long enough to carry its header.
int sizeOf(quint32 id, quint32 seq) {
    const std::uint64_t h = mix((std::uint64_t(id) << 32) | seq);
    const int size = 1 << (h % 17); // 1 .. 65536
    return seq == 0 ? std::max(size, 16) : size;
}

// Message seq of session id: [seq & 0xff][seq, 4 bytes LE][id, 4 bytes LE][filler from (id,
// seq)], cut to its size. Short messages keep the start, so even a 1-byte message carries its
// sequence number modulo 256, and every byte is checked against this function on arrival.
QByteArray payload(quint32 id, quint32 seq) {
    const int size = sizeOf(id, seq);
    QByteArray b(std::max(size, 9), Qt::Uninitialized);
    b[0] = static_cast<char>(seq & 0xff);
    for (int i = 0; i < 4; ++i) {
        b[1 + i] = static_cast<char>((seq >> (8 * i)) & 0xff);
        b[5 + i] = static_cast<char>((id >> (8 * i)) & 0xff);
    }
    std::uint64_t x = mix((std::uint64_t(seq) << 32) ^ id ^ 0x5157);
    for (int i = 9; i < b.size(); ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b[i] = static_cast<char>(x & 0xff);
    }
    b.truncate(size);
    return b;
}

std::optional<quint32> idOf(const QByteArray &firstMessage) {
    if (firstMessage.size() < 16)
        return std::nullopt;
    quint32 id = 0;
    for (int i = 3; i >= 0; --i)
        id = (id << 8) | static_cast<unsigned char>(firstMessage[5 + i]);
    if (payload(id, 0) != firstMessage)
        return std::nullopt;
    return id;
}

// ---- Hostile clients -----------------------------------------------------------------------

enum class Hostile {
    MalformedJson,
    BadKeyLength,
    BinaryInHandshake,
    Silence,
    Tampered,
    Text,
    Replay
};
constexpr int kHostileKinds = 7;
const char *hostileName(Hostile h) {
    static const char *names[] = {"malformed-json", "bad-key-length", "binary-in-handshake",
                                  "silence",        "tampered",       "text-after-handshake",
                                  "replay"};
    return names[int(h)];
}
SessionError hostileError(Hostile h) {
    switch (h) {
    case Hostile::MalformedJson:
        return SessionError::MalformedJson;
    case Hostile::BadKeyLength:
        return SessionError::BadKeyLength;
    case Hostile::BinaryInHandshake:
        return SessionError::BinaryDuringHandshake;
    case Hostile::Silence:
        return SessionError::HandshakeTimeout;
    case Hostile::Tampered:
    case Hostile::Replay:
        return SessionError::DecryptFailed;
    case Hostile::Text:
        return SessionError::TextAfterHandshake;
    }
    return SessionError::None;
}
bool hostileAfterHandshake(Hostile h) {
    return h == Hostile::Tampered || h == Hostile::Text || h == Hostile::Replay;
}

bool raiseFileLimit(rlim_t want) {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return false;
    if (rl.rlim_cur < want) {
        rl.rlim_cur = std::min(want, rl.rlim_max);
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            return false;
    }
    return rl.rlim_cur >= want;
}

// ---- The child process: all clients --------------------------------------------------------

class ClientFleet : public QObject {
public:
    ClientFleet(QUrl url, int honest, int hostile, int seconds)
        : m_url(std::move(url))
        , m_honestTotal(honest)
        , m_hostileTotal(hostile)
        , m_seconds(seconds) {
        // Hostile clients are spread evenly among the honest ones.
        const int all = honest + hostile;
        for (int i = 0; i < all; ++i)
            m_plan.push_back(hostile && (i * hostile) / all != ((i + 1) * hostile) / all);
    }

    void start() { openMore(); }

private:
    struct Honest {
        quint32 id = 0;
        std::unique_ptr<SecureWebSocket> s;
        quint32 sent = 0, echoed = 0;
        int errors = 0;
        bool secured = false, done = false;
    };
    struct Bad {
        Hostile kind;
        std::unique_ptr<ManualClient> m;
        int code = -1;
        bool connected = false, done = false;
    };

    static constexpr int kWindow = 2;      // messages in flight per session
    static constexpr int kConnecting = 96; // connections being set up at once (ramp)

    QUrl m_url;
    int m_honestTotal, m_hostileTotal, m_seconds;
    std::vector<bool> m_plan; // true: hostile
    std::size_t m_next = 0;
    int m_connecting = 0;
    std::vector<std::unique_ptr<Honest>> m_honest;
    std::vector<std::unique_ptr<Bad>> m_bad;
    int m_secured = 0, m_failedEarly = 0, m_closedHonest = 0, m_badDone = 0, m_peakSecured = 0,
        m_liveSecured = 0;
    bool m_stopping = false, m_closing = false;
    QElapsedTimer m_clock;

    void openMore() {
        while (m_connecting < kConnecting && m_next < m_plan.size()) {
            const bool bad = m_plan[m_next++];
            ++m_connecting;
            if (bad)
                openHostile(Hostile(m_bad.size() % kHostileKinds));
            else
                openHonest();
        }
    }
    void connectedOne() {
        --m_connecting;
        openMore();
    }

    void openHonest() {
        auto h = std::make_unique<Honest>();
        Honest *c = h.get();
        c->id = quint32(m_honest.size());
        SessionConfig cfg = clientConfig();
        cfg.handshakeTimeoutMs = 30000;
        c->s = std::make_unique<SecureWebSocket>(std::move(cfg));
        connect(c->s.get(), &SecureWebSocket::secured, this, [this, c] {
            connectedOne();
            c->secured = true;
            ++m_secured;
            m_peakSecured = std::max(m_peakSecured, ++m_liveSecured);
            maybeStartTraffic();
        });
        connect(c->s.get(), &SecureWebSocket::binaryMessageReceived, this,
                [this, c](const QByteArray &m) {
                    if (m != payload(c->id, c->echoed))
                        ++c->errors;
                    ++c->echoed;
                    if (!m_stopping)
                        sendNext(c);
                    else
                        maybeAllDrained();
                });
        connect(c->s.get(), &SecureWebSocket::disconnected, this, [this, c] {
            if (c->s->error() != SessionError::None || c->s->closeCode() != 1000)
                ++c->errors;
            if (c->s->state() != SecureWebSocket::State::Closed)
                ++c->errors;
            c->done = true;
            ++m_closedHonest;
            if (c->secured) {
                --m_liveSecured;
            } else { // failed before it was secure: keep going (the report shows it)
                ++m_failedEarly;
                connectedOne();
                maybeStartTraffic();
            }
            maybeFinish();
        });
        c->s->open(m_url);
        m_honest.push_back(std::move(h));
    }

    // Traffic starts once every honest session is secure: all are open at once, and no
    // handshake waits behind a flood of data.
    void maybeStartTraffic() {
        if (!m_clock.isValid() && m_secured + m_failedEarly == m_honestTotal)
            startTraffic();
    }
    void startTraffic() {
        m_clock.start();
        QTimer::singleShot(m_seconds * 1000, this, [this] { stop(); });
        for (const auto &c : m_honest)
            if (!c->done)
                for (int i = 0; i < kWindow; ++i)
                    sendNext(c.get());
    }

    void sendNext(Honest *c) {
        if (c->s->sendBinaryMessage(payload(c->id, c->sent)) < 0)
            ++c->errors;
        ++c->sent;
    }

    void stop() {
        m_stopping = true;
        maybeAllDrained();
    }
    void maybeAllDrained() {
        if (m_closing)
            return;
        for (const auto &c : m_honest)
            if (c->echoed != c->sent && !c->done)
                return;
        m_closing = true;
        for (const auto &c : m_honest)
            c->s->close(1000);
    }

    void openHostile(Hostile kind) {
        auto b = std::make_unique<Bad>();
        Bad *c = b.get();
        c->kind = kind;
        c->m = std::make_unique<ManualClient>();
        QWebSocket &ws = c->m->ws;
        auto connected = [this, c] {
            c->connected = true;
            connectedOne();
        };
        connect(&ws, &QWebSocket::disconnected, this, [this, c, connected] {
            if (!c->connected)
                connected();
            c->code = int(c->m->ws.closeCode());
            c->done = true;
            ++m_badDone;
            maybeFinish();
        });
        if (hostileAfterHandshake(kind)) {
            // A real handshake first, then the attack on the data phase.
            c->m->connectTo(m_url);
            connect(&ws, &QWebSocket::connected, this, connected);
            connect(&ws, &QWebSocket::textMessageReceived, this, [c] {
                if (!c->m->session)
                    return;
                if (c->kind == Hostile::Tampered) {
                    QByteArray f = c->m->session->tx.seal("tampered");
                    f[f.size() - 1] = static_cast<char>(f[f.size() - 1] ^ 0x40);
                    c->m->ws.sendBinaryMessage(f);
                } else if (c->kind == Hostile::Replay) {
                    const QByteArray f = c->m->session->tx.seal("once");
                    c->m->ws.sendBinaryMessage(f);
                    c->m->ws.sendBinaryMessage(f);
                } else {
                    c->m->ws.sendTextMessage(QStringLiteral("plain text after the handshake"));
                }
            });
        } else {
            connect(&ws, &QWebSocket::connected, this, [c, connected] {
                connected();
                QWebSocket &w = c->m->ws;
                switch (c->kind) {
                case Hostile::MalformedJson:
                    w.sendTextMessage(QStringLiteral("{\"opc\":0,"));
                    break;
                case Hostile::BadKeyLength:
                    w.sendTextMessage(QStringLiteral(
                        R"({"opc":0,"version":1,"client_public_key":[1,2,3],"nonce":[1,2,3,4,5,6,7,8]})"));
                    break;
                case Hostile::BinaryInHandshake:
                    w.sendBinaryMessage(QByteArray("\x01\x02\x03", 3));
                    break;
                default: // silence
                    break;
                }
            });
            ws.open(m_url);
        }
        m_bad.push_back(std::move(b));
    }

    void maybeFinish() {
        if (m_closedHonest < m_honestTotal || m_badDone < m_hostileTotal)
            return;
        QTextStream out(stdout);
        out << "peak " << m_peakSecured << "\n";
        out << "traffic-ms " << (m_clock.isValid() ? m_clock.elapsed() : -1) << "\n";
        for (const auto &c : m_honest)
            out << "honest " << c->id << ' ' << c->sent << ' ' << c->echoed << ' ' << c->errors
                << "\n";
        for (const auto &c : m_bad)
            out << "hostile " << hostileName(c->kind) << ' ' << closeCodeFor(hostileError(c->kind))
                << ' ' << c->code << "\n";
        out << "done\n";
        out.flush();
        QCoreApplication::exit(0);
    }
};

int runClients(const QStringList &args) {
    if (args.size() != 5 || !raiseFileLimit(4096)) {
        std::fputs("usage: --soak-clients URL HONEST HOSTILE SECONDS (and 4096 descriptors)\n",
                   stderr);
        return 2;
    }
    ClientFleet fleet(QUrl(args.at(1)), args.at(2).toInt(), args.at(3).toInt(), args.at(4).toInt());
    QTimer::singleShot(0, &fleet, [&fleet] { fleet.start(); });
    return QCoreApplication::exec();
}

// ---- The server side (this process) --------------------------------------------------------

// What the server saw in one round.
struct Round {
    struct PerSession {
        std::optional<quint32> id;
        quint32 next = 0;
        bool foreign = false; // its first message was not an honest client's
    };
    std::map<SecureWebSocket *, PerSession> live;
    std::vector<qint64> receivedById; // messages received, by honest id
    std::vector<int> sessionsById;    // sessions that announced this id
    int outOfOrder = 0;
    int peakSecured = 0;
    int honestClosedBadly = 0; // honest sessions that did not end with a clean 1000
    int foreignNotHostile = 0; // sessions that were neither honest nor closed as hostile
    std::map<SessionError, int> handshakeFailures, dataFailures;
    std::vector<QMetaObject::Connection> connections;
    QByteArray childOut, childErr;
    int childExit = -1;
};

// Runs one round against `server`: a child with `honest` + `hostile` clients for `seconds`.
void runRound(SecureWebSocketServer &server, Round &r, int honest, int hostile, int seconds) {
    r.receivedById.assign(std::size_t(honest), 0);
    r.sessionsById.assign(std::size_t(honest), 0);
    r.connections.push_back(QObject::connect(
        &server, &SecureWebSocketServer::sessionSecured, &server,
        [&r, &server](SecureWebSocket *s) {
            r.live[s];
            r.peakSecured = std::max(r.peakSecured, int(server.sessions().size()));
            QObject::connect(s, &SecureWebSocket::binaryMessageReceived, s,
                             [&r, s](const QByteArray &m) {
                                 Round::PerSession &p = r.live[s];
                                 if (!p.id && !p.foreign) {
                                     p.id = idOf(m);
                                     p.foreign = !p.id || *p.id >= r.receivedById.size();
                                     if (p.foreign)
                                         p.id.reset();
                                     else
                                         ++r.sessionsById[*p.id];
                                 }
                                 if (p.foreign)
                                     return;
                                 if (m != payload(*p.id, p.next))
                                     ++r.outOfOrder;
                                 ++p.next;
                                 ++r.receivedById[*p.id];
                                 s->sendBinaryMessage(m); // echo
                             });
        }));
    r.connections.push_back(QObject::connect(
        &server, &SecureWebSocketServer::sessionClosed, &server, [&r](SecureWebSocket *s) {
            const auto it = r.live.find(s);
            if (it == r.live.end())
                return; // failed in the handshake: counted by handshakeFailed
            const SessionError e = s->error();
            if (it->second.id) {
                if (e != SessionError::None || s->closeCode() != 1000)
                    ++r.honestClosedBadly;
            } else if (e == SessionError::DecryptFailed || e == SessionError::TextAfterHandshake) {
                ++r.dataFailures[e];
            } else {
                ++r.foreignNotHostile;
            }
            r.live.erase(it);
        }));
    r.connections.push_back(QObject::connect(
        &server, &SecureWebSocketServer::handshakeFailed, &server,
        [&r](const QHostAddress &, SessionError e, const QString &) { ++r.handshakeFailures[e]; }));

    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--soak-clients"), server.serverUrl().toString(),
                 QString::number(honest), QString::number(hostile), QString::number(seconds)});
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(child.state(), QProcess::NotRunning, (seconds + 90) * 1000);
    r.childExit = child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
    r.childOut = child.readAllStandardOutput();
    r.childErr = child.readAllStandardError();
    // Every session the server had closes and is deleted.
    QTRY_VERIFY_WITH_TIMEOUT(r.live.empty() && server.handshakesInProgress() == 0, 20000);
    for (const auto &c : r.connections)
        QObject::disconnect(c);
    r.connections.clear();
}

// Heap the server may keep per round, on average over two rounds of the same size: the soak
// round and a short one after it. The baseline is taken after a warm-up round a fifth larger,
// so that what grows with the peak number of open sockets and never shrinks (hash tables, the
// event dispatcher's poll array) already has its size, and glibc's tcache is off (see main()),
// so uordblks counts what is allocated. What is left is noise of Qt's own: containers whose size
// follows how many events, timers and buffers were in flight at once, which depends on how the
// machine schedules the two processes. Read as soon as the round ended, over some 30 runs
// beside two busy loops, one round ended between 20 KiB below and 19 KiB above its start (26
// KiB once on the CI machine); read after settle() and averaged over two rounds, 10 such runs
// stayed between 6.4 KiB below and 3.5 KiB above. A leak of 16 bytes per session (of 1,100)
// grows both rounds by more than the slack (one of 8 bytes a secured session, injected, failed
// it at 24 KiB a round); the one this test found (the server's queue of sessions nobody took,
// about 50 bytes per session) three times over.
constexpr qint64 kHeapSlackBytes = 16 * 1024;

// Delivers what is still queued (deferred deletes of the round's objects among it), so the heap
// is measured with nothing in flight.
void settle() {
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
    }
}

int envInt(const char *name, int fallback) {
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

} // namespace

class tst_Soak : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    void thousandSessions() {
        const int honest = envInt("SWS_SOAK_SESSIONS", 1000);
        const int hostile = honest / 10;
        const int seconds = envInt("SWS_SOAK_SECONDS", 15);
        QVERIFY2(raiseFileLimit(rlim_t(2 * (honest + hostile) + 512)),
                 "cannot raise RLIMIT_NOFILE enough for the sessions of this test");

        ServerConfig cfg = serverConfig();
        cfg.maxPendingHandshakes = 2 * (honest + hostile);     // all may handshake at once
        cfg.maxHandshakesPerSource = cfg.maxPendingHandshakes; // all come from 127.0.0.1
        auto server = std::make_unique<SecureWebSocketServer>(std::move(cfg));
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));

        // Warm-up, short and a fifth larger than the round measured: tables that grow with the
        // number of open sockets (and never shrink) reach their size here.
        {
            Round warm;
            runRound(*server, warm, honest * 6 / 5, hostile * 6 / 5, 1);
            QCOMPARE(warm.childExit, 0);
        }
        settle();
        const qint64 heapBefore = heapInUse();
        const int fdsBefore = openFileDescriptors();

        auto round = std::make_unique<Round>();
        QElapsedTimer wall;
        wall.start();
        runRound(*server, *round, honest, hostile, seconds);
        if (QTest::currentTestFailed())
            return;
        const Round &r = *round;
        const int peakSecured = r.peakSecured;
        QVERIFY2(r.childExit == 0, r.childErr.constData());

        // The clients' view.
        int honestLines = 0, cleanHonest = 0;
        QStringList unclean; // "honest ID SENT ECHOED ERRORS" of the first few that failed
        qint64 messages = 0, bytesEachWay = 0;
        std::map<QByteArray, std::pair<int, int>> hostileByKind; // kind: (as expected, all)
        int peakClient = 0;
        qint64 trafficMs = -1;
        for (const QByteArray &line : r.childOut.split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.at(0) == "peak") {
                peakClient = f.at(1).toInt();
            } else if (f.at(0) == "traffic-ms") {
                trafficMs = f.at(1).toLongLong();
            } else if (f.at(0) == "honest" && f.size() == 5) {
                ++honestLines;
                const quint32 id = f.at(1).toUInt();
                const qint64 sent = f.at(2).toLongLong();
                QVERIFY(id < quint32(honest));
                // Sent = echoed = what the server received from this session, no errors.
                if (sent > 0 && sent == f.at(3).toLongLong() && f.at(4) == "0" &&
                    r.receivedById[id] == sent && r.sessionsById[id] == 1)
                    ++cleanHonest;
                else if (unclean.size() < 5)
                    unclean << QStringLiteral("%1 (server: %2 received, %3 sessions)")
                                   .arg(QString::fromLatin1(line))
                                   .arg(r.receivedById[id])
                                   .arg(r.sessionsById[id]);
                messages += sent;
                for (quint32 seq = 0; seq < quint32(sent); ++seq)
                    bytesEachWay += sizeOf(id, seq);
            } else if (f.at(0) == "hostile" && f.size() == 4) {
                auto &k = hostileByKind[f.at(1)];
                k.first += f.at(2) == f.at(3);
                ++k.second;
            }
        }
        QCOMPARE(honestLines, honest);
        QVERIFY2(cleanHonest == honest, qPrintable(unclean.join(QStringLiteral("; "))));
        QCOMPARE(r.outOfOrder, 0);
        QCOMPARE(r.honestClosedBadly, 0);
        QCOMPARE(r.foreignNotHostile, 0);
        QVERIFY2(peakClient >= honest, qPrintable(QString::number(peakClient)));
        QVERIFY2(r.peakSecured >= honest, qPrintable(QString::number(r.peakSecured)));
        int hostileSeen = 0;
        for (const auto &[kind, counts] : hostileByKind) {
            QVERIFY2(counts.first == counts.second,
                     qPrintable(QStringLiteral("%1: %2 of %3 closed with the expected code")
                                    .arg(QString::fromLatin1(kind))
                                    .arg(counts.first)
                                    .arg(counts.second)));
            hostileSeen += counts.second;
        }
        QCOMPARE(hostileSeen, hostile);
        // The server's view of the hostile ones: each failure counted once, with its error.
        std::map<SessionError, int> expectedHandshake, expectedData;
        for (int i = 0; i < hostile; ++i) {
            const Hostile h = Hostile(i % kHostileKinds);
            (hostileAfterHandshake(h) ? expectedData : expectedHandshake)[hostileError(h)]++;
        }
        QVERIFY(r.handshakeFailures == expectedHandshake);
        QVERIFY(r.dataFailures == expectedData);

        // Everything is released: descriptors exactly, heap within the slack.
        round.reset();
        const int fdsAfter = openFileDescriptors();
        settle();
        const qint64 heapAfter = heapInUse();
        qInfo("soak: %d honest + %d hostile sessions, peak %d secured at once, %lld messages "
              "(%.1f MiB each way) in %lld ms of traffic, %.1f s in all; heap %lld -> %lld bytes, "
              "descriptors %d -> %d",
              honest, hostile, peakSecured, messages, double(bytesEachWay) / (1024 * 1024),
              trafficMs, double(wall.elapsed()) / 1000, heapBefore, heapAfter, fdsBefore, fdsAfter);
        QCOMPARE(fdsAfter, fdsBefore);

        // The second round, as large and short: what a leak leaves grows it as much again.
        {
            Round again;
            runRound(*server, again, honest, hostile, 1);
            QCOMPARE(again.childExit, 0);
        }
        settle();
        const qint64 heapAgain = heapInUse();
        const qint64 perRound = (heapAgain - heapBefore) / 2;
        qInfo("soak: heap after a second round %lld bytes: %lld then %lld, %lld per round",
              heapAgain, heapAfter - heapBefore, heapAgain - heapAfter, perRound);
        QCOMPARE(openFileDescriptors(), fdsBefore);
        QVERIFY2(perRound <= kHeapSlackBytes,
                 qPrintable(QStringLiteral("heap grew by %1 bytes a round").arg(perRound)));
    }
};

int main(int argc, char **argv) {
    // mallinfo2() counts the chunks glibc parks in its per-thread caches (tcache) as in use: up
    // to some 240 KiB that come and go with the allocation pattern, which would drown what this
    // test measures. Run once more without them.
    if (!qEnvironmentVariableIsSet("SWS_SOAK_NO_TCACHE")) {
        qputenv("SWS_SOAK_NO_TCACHE", "1");
        const QByteArray tunables = qgetenv("GLIBC_TUNABLES");
        qputenv("GLIBC_TUNABLES", (tunables.isEmpty() ? QByteArray() : tunables + ':') +
                                      "glibc.malloc.tcache_count=0");
        ::execv("/proc/self/exe", argv);
        std::perror("tst_soak: re-exec without tcache failed; heap figures will be noisy");
    }
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 1 && args.at(1) == QLatin1String("--soak-clients"))
        return runClients(args.mid(1));
    tst_Soak test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_soak.moc"
