// A real `sws serve` process under hostile clients over real sockets: thousands of slowloris
// connections (TCP open and nothing more, half an HTTP upgrade, or a finished upgrade and no
// ClientHello) from one address, more from the honest clients' own address, and a client that
// opens and closes in a loop. Honest clients are still served, and afterwards the server's
// descriptors and memory come back down and it still serves. The figures are printed.
#include "session/securewebsocket.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sys/resource.h>
#include <vector>

using namespace sws;
using namespace testutil;

// Built with AddressSanitizer (GCC defines the first, clang answers the second).
#if defined(__SANITIZE_ADDRESS__)
#define SWS_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SWS_UNDER_ASAN 1
#endif
#endif

namespace {

struct Proc {
    qint64 rssKiB = 0;
    int fds = 0;
};

Proc procOf(qint64 pid) {
    Proc p;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmRSS:"))
                p.rssKiB = line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    p.fds = static_cast<int>(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                                 .entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)
                                 .size());
    return p;
}

// The descriptor count once it has not changed for `quietMs` (or after timeoutMs).
Proc settled(qint64 pid, int quietMs = 1000, int timeoutMs = 30000) {
    Proc p = procOf(pid);
    QElapsedTimer total;
    total.start();
    QElapsedTimer quiet;
    quiet.start();
    while (quiet.elapsed() < quietMs && total.elapsed() < timeoutMs) {
        QTest::qWait(50);
        const Proc now = procOf(pid);
        if (now.fds != p.fds)
            quiet.restart();
        p = now;
    }
    return p;
}

qint64 raiseFileLimit() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
        (void)getrlimit(RLIMIT_NOFILE, &rl);
    }
    return static_cast<qint64>(rl.rlim_cur);
}

// How a slowloris connection stops: right after TCP connect, in the middle of its HTTP
// upgrade request, or after a complete upgrade without ever sending the ClientHello.
enum class Stall { Tcp, HalfUpgrade, NoHello };

QByteArray upgradeRequest(quint16 port) {
    return QByteArrayLiteral("GET / HTTP/1.1\r\nHost: 127.0.0.1:") + QByteArray::number(port) +
           QByteArrayLiteral("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n\r\n");
}

// Opens `count` stalled connections from `source`, without waiting for them.
void openSlowloris(std::vector<std::unique_ptr<QTcpSocket>> &out, const QHostAddress &source,
                   quint16 port, int count) {
    const QByteArray upgrade = upgradeRequest(port);
    for (int i = 0; i < count; ++i) {
        auto s = std::make_unique<QTcpSocket>();
        if (!s->bind(source, 0))
            continue;
        const Stall stall = static_cast<Stall>(i % 3);
        QTcpSocket *raw = s.get();
        QObject::connect(raw, &QTcpSocket::connected, raw, [raw, stall, upgrade] {
            if (stall == Stall::HalfUpgrade)
                raw->write(upgrade.left(upgrade.size() / 2));
            else if (stall == Stall::NoHello)
                raw->write(upgrade);
        });
        s->connectToHost(QHostAddress::LocalHost, port);
        out.push_back(std::move(s));
    }
}

// Connects from `source` and closes as soon as it is connected, again and again, `parallel`
// at a time, until *stop; counts the rounds.
class Churn : public QObject {
public:
    Churn(const QHostAddress &source, quint16 port, int parallel)
        : m_source(source)
        , m_port(port) {
        for (int i = 0; i < parallel; ++i)
            next();
    }
    int rounds() const { return m_rounds; }
    void stop() { m_stop = true; }

private:
    void next() {
        if (m_stop)
            return;
        auto *s = new QTcpSocket(this);
        if (!s->bind(m_source, 0)) {
            s->deleteLater();
            return;
        }
        connect(s, &QTcpSocket::connected, s, [this, s] {
            ++m_rounds;
            if (m_rounds % 2)
                s->write("GET / HTTP/1.1\r\n"); // half the time a few bytes first
            s->abort();
            s->deleteLater();
            next();
        });
        connect(s, &QTcpSocket::errorOccurred, s, [this, s] {
            s->deleteLater();
            next();
        });
        s->connectToHost(QHostAddress::LocalHost, m_port);
    }
    QHostAddress m_source;
    quint16 m_port;
    bool m_stop = false;
    int m_rounds = 0;
};

} // namespace

class tst_ServeHostile : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;

    // `sws serve` on a free port (a key of its own for the run); its port from the line it
    // prints, 0 if it did not start.
    quint16 startServe(QProcess &p, const QStringList &more = {}) {
        p.setProcessEnvironment(m_env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QStringLiteral(SWS_CLI_PATH),
                QStringList{s("serve"), s("--listen"), s("127.0.0.1:0")} + more);
        if (!QTest::qWaitFor([&] { return p.canReadLine() || p.state() == QProcess::NotRunning; },
                             20000))
            return 0;
        const QByteArray line = p.readLine().trimmed();
        if (!line.startsWith("listening "))
            return 0;
        return static_cast<quint16>(QUrl(QString::fromUtf8(line.mid(10))).port());
    }

    // An honest client: opens a session, sends one message, waits for its echo. Returns how
    // long it took in milliseconds, or -1.
    static qint64 honestEcho(quint16 port, int timeoutMs, QString *why) {
        SessionConfig cfg;
        cfg.version = 1;
        cfg.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cfg));
        QSignalSpy echoes(&client, &SecureWebSocket::binaryMessageReceived);
        QElapsedTimer t;
        t.start();
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        client.sendBinaryMessage(QByteArrayLiteral("honest")); // queued until secure
        const bool ok = QTest::qWaitFor(
            [&] { return !echoes.isEmpty() || client.state() == SecureWebSocket::State::Closed; },
            timeoutMs);
        const qint64 ms = t.elapsed();
        if (!ok || echoes.isEmpty() ||
            echoes.first().first().toByteArray() != QByteArrayLiteral("honest")) {
            *why =
                QStringLiteral("state %1, %2").arg(int(client.state())).arg(client.errorString());
            return -1;
        }
        client.close();
        (void)QTest::qWaitFor([&] { return client.state() == SecureWebSocket::State::Closed; },
                              5000);
        return ms;
    }

    struct Round {
        Proc peak;
        Proc after;
        int churned = 0;
        qint64 otherMs = -1; // honest echo from another address, during the attack
        qint64 sameMs = -1;  // from the flooded address
    };

    // One attack: slowloris from 127.0.0.2 and churn, an honest client from 127.0.0.1; then
    // slowloris from 127.0.0.1 as well and an honest client from there; then all gone.
    void attack(quint16 port, qint64 pid, const Proc &before, Round *r) {
        constexpr int kFlood = 2000;     // from 127.0.0.2
        constexpr int kSameSource = 300; // from 127.0.0.1, the honest clients' address
        QString why;
        std::vector<std::unique_ptr<QTcpSocket>> flood;
        openSlowloris(flood, QHostAddress(s("127.0.0.2")), port, kFlood);
        QCOMPARE(int(flood.size()), kFlood); // 127.0.0.2 can be bound (Linux: all of 127/8)
        Churn churn(QHostAddress(s("127.0.0.2")), port, 4);
        // The server has taken most of them (the rest it refused: 4051 past 1,024 parked).
        QTRY_VERIFY_WITH_TIMEOUT(procOf(pid).fds > before.fds + 1000, 30000);
        r->otherMs = honestEcho(port, 30000, &why);
        QVERIFY2(r->otherMs >= 0,
                 qPrintable(QStringLiteral("honest client from another address: ") + why));

        // More than its share (64 handshakes) from the honest clients' own address: they wait
        // behind the stalled ones until those time out, and are then served.
        openSlowloris(flood, QHostAddress::LocalHost, port, kSameSource);
        QTRY_VERIFY_WITH_TIMEOUT(procOf(pid).fds > before.fds + 1000 + kSameSource / 2, 30000);
        r->peak = procOf(pid);
        r->sameMs = honestEcho(port, 60000, &why);
        QVERIFY2(r->sameMs >= 0,
                 qPrintable(QStringLiteral("honest client from the flooded address: ") + why));
        QVERIFY2(churn.rounds() > 0, "the churning client never connected");

        // The attackers go away: every descriptor comes back.
        churn.stop();
        r->churned = churn.rounds();
        flood.clear();
        QTRY_VERIFY_WITH_TIMEOUT(procOf(pid).fds <= before.fds + 2, 60000);
        // Memory comes back: at most a quarter of what the attack added stays, or 4 MiB
        // (allocator caches, tables sized for the peak). Before sws serve handed freed heap
        // pages back, all of it stayed (and grew with every attack).
#ifdef SWS_UNDER_ASAN
        // AddressSanitizer's allocator keeps freed blocks in quarantine and ignores
        // malloc_trim(), so the bound only means something with the real allocator; the
        // sanitizer pass checks the rest of this test (descriptors, serving, no crash).
        qInfo("RSS %lld KiB before, %lld at the peak, %lld now (not bounded under ASan)",
              static_cast<long long>(before.rssKiB), static_cast<long long>(r->peak.rssKiB),
              static_cast<long long>(procOf(pid).rssKiB));
#else
        const qint64 allowed = std::max<qint64>(4096, (r->peak.rssKiB - before.rssKiB) / 4);
        QTRY_VERIFY2_WITH_TIMEOUT(procOf(pid).rssKiB - before.rssKiB <= allowed,
                                  qPrintable(QStringLiteral("RSS %1 KiB before, %2 at the peak, "
                                                            "%3 now (allowed +%4)")
                                                 .arg(before.rssKiB)
                                                 .arg(r->peak.rssKiB)
                                                 .arg(procOf(pid).rssKiB)
                                                 .arg(allowed)),
                                  15000);
#endif
        r->after = settled(pid);
        qInfo("attack: %d slowloris connections from 127.0.0.2, %d from 127.0.0.1, %d "
              "open-and-close rounds: RSS %lld KiB before, %lld at the peak, %lld after; "
              "descriptors %d, %d, %d; honest echo from another address %lld ms, from the "
              "flooded address %lld ms",
              kFlood, kSameSource, r->churned, before.rssKiB, r->peak.rssKiB, r->after.rssKiB,
              before.fds, r->peak.fds, r->after.fds, r->otherMs, r->sameMs);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_env = cleanEnvironment(m_tmp.path());
    }

    // The attack of the file's header comment, twice, with the figures printed.
    void slowlorisAndChurn() {
        // Test and server each hold one descriptor per connection, plus the honest ones.
        if (raiseFileLimit() < 3000)
            QSKIP("the descriptor limit is too low for this test (ulimit -Hn)");
        QProcess server;
        const quint16 port = startServe(server);
        QVERIFY2(port != 0, "sws serve did not start");
        const qint64 pid = server.processId();
        QString why;

        // Baseline: after one honest session, so that what the server allocates once is in.
        QVERIFY2(honestEcho(port, 20000, &why) >= 0, qPrintable(why));
        const Proc before = settled(pid);

        Round first;
        attack(port, pid, before, &first);
        if (QTest::currentTestFailed())
            return;
        Round second;
        attack(port, pid, before, &second);
        if (QTest::currentTestFailed())
            return;
        const qint64 again = honestEcho(port, 20000, &why);
        QVERIFY2(again >= 0, qPrintable(QStringLiteral("honest client afterwards: ") + why));
        QCOMPARE(server.state(), QProcess::Running);
        qInfo("afterwards: honest echo %lld ms", again);

        QVERIFY2(first.peak.rssKiB > before.rssKiB, "the attack did not reach the server");
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    }

    // --max-members N: the room keeps N member keys; a session with a further key, while all N
    // are connected, is closed with 4050 (server busy).
    void maxMembers() {
        QProcess server;
        const quint16 port = startServe(server, {s("--max-members"), s("2")});
        QVERIFY2(port != 0, "sws serve did not start");
        std::vector<std::unique_ptr<SecureWebSocket>> members;
        for (int i = 0; i < 3; ++i) {
            SessionConfig cfg;
            cfg.version = 1;
            cfg.keyPair = BoxKeyPair::generate();
            members.push_back(std::make_unique<SecureWebSocket>(std::move(cfg)));
            members.back()->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
            QTRY_VERIFY_WITH_TIMEOUT(members.back()->state() == SecureWebSocket::State::Secured ||
                                         members.back()->state() == SecureWebSocket::State::Closed,
                                     20000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(members[2]->state(), SecureWebSocket::State::Closed, 20000);
        QCOMPARE(members[2]->closeCode(), quint16(4050));
        QCOMPARE(members[0]->state(), SecureWebSocket::State::Secured);
        QCOMPARE(members[1]->state(), SecureWebSocket::State::Secured);
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(tst_ServeHostile)
#include "tst_servehostile.moc"
