// Limits on accepting connections (SECURITY.md, "Limits on every input"): concurrent
// handshakes, per-source limits and parking, bursts, descriptors running out, sessions held
// before they are secure, over real loopback sockets.
#include "chat/room.h"
#include "limitsfixture.h"

#include <QProcess>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

class tst_LimitsAccept : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    // Concurrent handshakes: 256 in progress at once; the 257th is not turned away but waits in
    // the listen queue, and is taken up once a slot frees.
    void concurrentHandshakes() {
        ServerConfig cfg = serverConfig();
        cfg.session.handshakeTimeoutMs = 120000; // none may end by itself during the test
        cfg.maxHandshakesPerSource = 1024;       // every client comes from 127.0.0.1
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const int limit = server.config().maxPendingHandshakes;
        QCOMPARE(limit, 256);
        std::vector<std::unique_ptr<QWebSocket>> socks;
        int disconnects = 0; // before any slot frees
        int maxInProgress = 0;
        connect(&server, &SecureWebSocketServer::handshakeStarted, this,
                [&] { maxInProgress = std::max(maxInProgress, server.handshakesInProgress()); });
        auto openOne = [&] {
            socks.push_back(std::make_unique<QWebSocket>());
            QWebSocket *w = socks.back().get();
            connect(w, &QWebSocket::disconnected, this, [&disconnects] { ++disconnects; });
            w->open(server.serverUrl());
            return w;
        };
        for (int i = 0; i < limit; ++i)
            openOne();
        QTRY_COMPARE_WITH_TIMEOUT(server.handshakesInProgress(), limit, 60000);
        QCOMPARE(disconnects, 0);

        // Past the cap: its TCP connection is made (the kernel queues it) but the server does
        // not take it up while every slot is held.
        RawWsClient extra;
        bool slotFreed = false, upgradedAfterSlotFreed = false;
        QObject::connect(&extra.sock, &QTcpSocket::readyRead, this,
                         [&] { upgradedAfterSlotFreed = slotFreed; });
        extra.connectTo(server.serverPort());
        QTRY_COMPARE(extra.sock.state(), QAbstractSocket::ConnectedState);
        QWebSocket *queued = openOne();
        QCOMPARE(server.handshakesInProgress(), limit);
        QVERIFY(!extra.upgraded);

        slotFreed = true;
        socks.front()->abort(); // one handshake ends: the first queued client takes its slot
        QTRY_VERIFY_WITH_TIMEOUT(extra.upgraded, 20000);
        QVERIFY(upgradedAfterSlotFreed);
        QCOMPARE(server.handshakesInProgress(), limit);
        QCOMPARE(queued->state(), QAbstractSocket::ConnectingState); // still waiting

        socks.at(1)->abort(); // and the next one
        QTRY_COMPARE_WITH_TIMEOUT(queued->state(), QAbstractSocket::ConnectedState, 20000);
        QTRY_COMPARE(server.handshakesInProgress(), limit);
        for (std::size_t i = 2; i < socks.size(); ++i) // only the two aborted ones went away
            QCOMPARE(socks[i]->state(), QAbstractSocket::ConnectedState);
        QVERIFY(extra.closeCodeReceived() == -1 && !extra.disconnected);
        QCOMPARE(maxInProgress, limit);
    }

    // A connection holds its slot from the TCP accept, through the HTTP upgrade: silent ones fill
    // the cap, and the client queued behind them is taken up once the upgrade timeout drops them.
    void httpUpgradeHoldsSlot() {
        const int cap = 2, upgradeMs = 1500;
        ServerConfig cfg = serverConfig();
        cfg.maxPendingHandshakes = cap;
        cfg.httpHandshakeTimeoutMs = upgradeMs;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QElapsedTimer clock;
        clock.start();
        QTcpSocket silent[cap];
        int silentDown = 0;
        for (QTcpSocket &t : silent) {
            connect(&t, &QTcpSocket::disconnected, this, [&silentDown] { ++silentDown; });
            t.connectToHost(QHostAddress::LocalHost, server.serverPort());
        }
        QTRY_COMPARE(server.handshakesInProgress(), cap);
        RawWsClient queued;
        queued.connectTo(server.serverPort());
        QTRY_VERIFY_WITH_TIMEOUT(queued.upgraded, upgradeMs + 20000);
        QVERIFY2(clock.elapsed() >= upgradeMs * 9 / 10,
                 qPrintable(QStringLiteral("upgraded after %1 ms").arg(clock.elapsed())));
        QTRY_COMPARE(silentDown, cap);
        QTRY_COMPARE(server.handshakesInProgress(), 1);
    }

    // A burst of 1,000 honest clients at once from one address, with silent and garbage-sending
    // ones mixed in, under the default limits: the address holds its share (64) of the slots and
    // the rest of its clients are parked, not refused, so every honest client is secured and
    // echoed, and the hostile ones are closed by the HTTP handshake timeout.
    void burstIsQueued() {
        const int honest = 1000, silent = 50, garbage = 20;
        ServerConfig cfg = serverConfig();
        const int share = cfg.maxHandshakesPerSource;
        QCOMPARE(share, 64);
        cfg.httpHandshakeTimeoutMs = 3000;
        cfg.session.handshakeTimeoutMs = 60000; // a busy machine must not fail honest clients
        SecureWebSocketServer server(std::move(cfg));
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int maxInProgress = 0, maxParked = 0;
        connect(&server, &SecureWebSocketServer::handshakeStarted, this, [&] {
            maxInProgress = std::max(maxInProgress, server.handshakesInProgress());
            maxParked = std::max(maxParked, server.parkedConnections());
        });

        std::vector<std::unique_ptr<QTcpSocket>> hostile;
        int hostileDown = 0;
        auto openHostile = [&](const QByteArray &send) {
            hostile.push_back(std::make_unique<QTcpSocket>());
            QTcpSocket *t = hostile.back().get();
            connect(t, &QTcpSocket::disconnected, this, [&hostileDown] { ++hostileDown; });
            if (!send.isEmpty())
                connect(t, &QTcpSocket::connected, this, [t, send] { t->write(send); });
            t->connectToHost(QHostAddress::LocalHost, server.serverPort());
        };
        // The silent ones first, so they hold most slots while the burst arrives.
        for (int i = 0; i < silent; ++i)
            openHostile({});

        std::vector<std::unique_ptr<SecureWebSocket>> clients;
        int echoed = 0, wrongEcho = 0, failed = 0;
        QList<int> failCodes;
        for (int i = 0; i < honest; ++i) {
            SessionConfig c = clientConfig();
            c.handshakeTimeoutMs = 120000; // queued clients wait; the test bounds the time
            clients.push_back(std::make_unique<SecureWebSocket>(std::move(c)));
            SecureWebSocket *w = clients.back().get();
            const QByteArray msg = "client " + QByteArray::number(i);
            connect(w, &SecureWebSocket::binaryMessageReceived, this,
                    [&echoed, &wrongEcho, msg](const QByteArray &m) {
                        ++(m == msg ? echoed : wrongEcho);
                    });
            connect(w, &SecureWebSocket::disconnected, this, [&failed, &failCodes, w] {
                ++failed;
                failCodes.append(int(w->closeCode()));
            });
            QCOMPARE(w->sendBinaryMessage(msg), qint64(msg.size())); // sent once secure
            w->open(server.serverUrl());
            if (i % 50 == 25)
                openHostile("GARBAGE / NOT-HTTP\r\n\r\n");
        }
        QCOMPARE(int(hostile.size()), silent + garbage);

        QTRY_COMPARE_WITH_TIMEOUT(echoed + failed, honest, 240000);
        QCOMPARE(failCodes, QList<int>());
        QCOMPARE(echoed, honest);
        QCOMPARE(wrongEcho, 0);
        QCOMPARE(server.sessions().size(), honest);
        QTRY_COMPARE_WITH_TIMEOUT(hostileDown, silent + garbage, 30000);
        QVERIFY2(maxInProgress <= share, qPrintable(QString::number(maxInProgress)));
        QVERIFY2(maxParked > 0, "the burst never exceeded the address's share");
        QTRY_COMPARE(server.handshakesInProgress(), 0);
        QCOMPARE(server.parkedConnections(), 0);
    }

    // A flood of never-finishing handshakes from one address (127.0.0.2: upgraded, and never a
    // ClientHello) holds only that address's share of the slots; the rest of the flood is parked,
    // not upgraded and not refused, while another address (127.0.0.1) is served all the while.
    // As one of the held handshakes ends, the oldest parked connection takes its slot.
    void perSourceLimit() {
        const int share = 24, parkedFlood = 40, others = 60;
        ServerConfig cfg = serverConfig();
        QCOMPARE(cfg.maxHandshakesPerSource, 64);
        cfg.maxHandshakesPerSource = share;
        cfg.session.handshakeTimeoutMs = 120000; // the flood's handshakes never end by themselves
        cfg.maxParkedMs = 120000;
        SecureWebSocketServer server(std::move(cfg));
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        std::vector<std::unique_ptr<RawWsClient>> flood;
        for (int i = 0; i < share + parkedFlood; ++i) {
            flood.push_back(std::make_unique<RawWsClient>());
            flood.back()->connectTo(server.serverPort(), "/",
                                    QHostAddress(QStringLiteral("127.0.0.2")));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.parkedConnections(), parkedFlood, 30000);
        auto count = [&](auto pred) {
            int n = 0;
            for (const auto &f : flood)
                n += pred(*f);
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(count([](const RawWsClient &f) { return f.upgraded; }), share,
                                  30000);
        QCOMPARE(server.handshakesInProgress(), share);

        // 127.0.0.1 is served all the while: more clients than the flood's share.
        std::vector<std::unique_ptr<SecureWebSocket>> clients;
        int echoed = 0, failed = 0;
        for (int i = 0; i < others; ++i) {
            clients.push_back(std::make_unique<SecureWebSocket>(clientConfig()));
            SecureWebSocket *w = clients.back().get();
            connect(w, &SecureWebSocket::binaryMessageReceived, this, [&echoed] { ++echoed; });
            connect(w, &SecureWebSocket::disconnected, this, [&failed] { ++failed; });
            w->sendBinaryMessage("hello");
            w->open(server.serverUrl());
        }
        QTRY_COMPARE_WITH_TIMEOUT(echoed + failed, others, 60000);
        QCOMPARE(failed, 0);
        QCOMPARE(echoed, others);

        // The flood still holds just its share, nothing of it was refused or dropped.
        QCOMPARE(server.handshakesInProgress(), share);
        QCOMPARE(server.parkedConnections(), parkedFlood);
        QCOMPARE(count([](const RawWsClient &f) { return f.upgraded; }), share);
        QCOMPARE(count([](const RawWsClient &f) { return f.disconnected; }), 0);
        QCOMPARE(count([](const RawWsClient &f) { return f.closeCodeReceived() != -1; }), 0);

        // One held handshake ends: a parked connection takes its slot.
        for (const auto &f : flood) {
            if (f->upgraded) {
                f->sock.abort();
                break;
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(count([](const RawWsClient &f) { return f.upgraded; }), share + 1,
                                  20000);
        QCOMPARE(server.parkedConnections(), parkedFlood - 1);
        QTRY_COMPARE(server.handshakesInProgress(), share);
    }

    // Past its parking bound an address's further connections are refused with 4051 and a
    // readable reason, while other addresses are still served.
    void perSourceParkingBound() {
        const int share = 8, parkBound = 16, past = 6, others = 20;
        ServerConfig cfg = serverConfig();
        cfg.maxHandshakesPerSource = share;
        cfg.maxParkedPerSource = parkBound;
        cfg.session.handshakeTimeoutMs = 120000;
        cfg.maxParkedMs = 120000;
        SecureWebSocketServer server(std::move(cfg));
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<RawWsClient>> flood;
        for (int i = 0; i < share + parkBound + past; ++i) {
            flood.push_back(std::make_unique<RawWsClient>());
            flood.back()->connectTo(server.serverPort(), "/",
                                    QHostAddress(QStringLiteral("127.0.0.2")));
        }
        auto refused = [&] {
            int n = 0;
            for (const auto &f : flood)
                n += f->closeCodeReceived() == kCloseTooManyFromSource;
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(refused(), past, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(server.handshakesInProgress(), share, 30000);
        QCOMPARE(server.parkedConnections(), parkBound);
        for (const auto &f : flood) {
            if (f->closeCodeReceived() == kCloseTooManyFromSource)
                QVERIFY(f->in.contains("too many connections from your address"));
        }

        std::vector<std::unique_ptr<SecureWebSocket>> clients;
        int echoed = 0, failed = 0;
        for (int i = 0; i < others; ++i) {
            clients.push_back(std::make_unique<SecureWebSocket>(clientConfig()));
            SecureWebSocket *w = clients.back().get();
            connect(w, &SecureWebSocket::binaryMessageReceived, this, [&echoed] { ++echoed; });
            connect(w, &SecureWebSocket::disconnected, this, [&failed] { ++failed; });
            w->sendBinaryMessage("hello");
            w->open(server.serverUrl());
        }
        QTRY_COMPARE_WITH_TIMEOUT(echoed + failed, others, 60000);
        QCOMPARE(failed, 0);
        QCOMPARE(echoed, others);
        QCOMPARE(refused(), past);
        QCOMPARE(server.parkedConnections(), parkBound);
    }

    // A connection parked longer than maxParkedMs is closed (it never reaches the upgrade).
    void parkedTimeout() {
        const int parkMs = 1000;
        ServerConfig cfg = serverConfig();
        cfg.maxHandshakesPerSource = 1;
        cfg.maxParkedMs = parkMs;
        cfg.session.handshakeTimeoutMs = 120000;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RawWsClient held, waiting;
        held.connectTo(server.serverPort());
        QTRY_VERIFY(held.upgraded);
        QElapsedTimer clock;
        clock.start();
        waiting.connectTo(server.serverPort());
        QTRY_COMPARE(server.parkedConnections(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(waiting.disconnected, parkMs + 10000);
        QVERIFY2(clock.elapsed() >= parkMs * 9 / 10,
                 qPrintable(QStringLiteral("closed after %1 ms").arg(clock.elapsed())));
        QVERIFY(!waiting.upgraded);
        QCOMPARE(server.parkedConnections(), 0);
        QVERIFY(!held.disconnected);
        QCOMPARE(server.handshakesInProgress(), 1);
    }

    // The HTTP upgrade timeout of a parked connection counts from when it is taken up, not from
    // its accept: a silent one outlasts the timeout while parked, and is dropped once that much
    // time has passed after it got its slot.
    void parkedUpgradeTimeoutFromUnpark() {
        const int upgradeMs = 800;
        ServerConfig cfg = serverConfig();
        cfg.maxHandshakesPerSource = 1;
        cfg.httpHandshakeTimeoutMs = upgradeMs;
        cfg.session.handshakeTimeoutMs = 120000;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        RawWsClient held;
        held.connectTo(server.serverPort());
        QTRY_VERIFY(held.upgraded); // now in the SWS handshake, which does not end by itself
        QTcpSocket silent;
        QSignalSpy down(&silent, &QTcpSocket::disconnected);
        silent.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QTRY_COMPARE(server.parkedConnections(), 1);
        // Parked for three upgrade timeouts: still there.
        QVERIFY(!QTest::qWaitFor([&] { return down.count() > 0; }, 3 * upgradeMs));
        QCOMPARE(server.parkedConnections(), 1);
        QElapsedTimer sinceSlot;
        sinceSlot.start();
        held.sock.abort();
        QTRY_COMPARE(server.parkedConnections(), 0);
        QCOMPARE(down.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, upgradeMs + 10000);
        QVERIFY2(
            sinceSlot.elapsed() >= upgradeMs * 9 / 10,
            qPrintable(QStringLiteral("dropped %1 ms after its slot").arg(sinceSlot.elapsed())));
        QTRY_COMPARE(server.handshakesInProgress(), 0);
    }

    // A flood from one address past its share and its parking bound (the defaults: 64 held,
    // 1,024 parked, the rest refused or dropped), from plain sockets that never send a byte, so
    // that the heap measured is the server's: parking costs little per connection, and once the
    // flood ends the heap and the descriptors come back to where they were.
    void floodMemoryReleased() {
        ServerConfig cfg = serverConfig();
        cfg.httpHandshakeTimeoutMs = 120000; // the held ones never end by themselves
        cfg.maxParkedMs = 120000;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const int share = server.config().maxHandshakesPerSource;
        const int parkBound = server.config().maxParkedPerSource;
        const int past = 40, total = share + parkBound + past;

        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(server.serverPort());
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sockaddr_in from{};
        from.sin_family = AF_INET;
        from.sin_addr.s_addr = htonl(0x7f000002); // 127.0.0.2
        auto runFlood = [&](bool measure, qint64 *perParked) {
            const qint64 heapBefore = heapInUse();
            std::vector<int> fds;
            for (int i = 0; i < total; ++i) {
                const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
                QVERIFY(fd >= 0);
                fds.push_back(fd);
                QCOMPARE(::bind(fd, reinterpret_cast<const sockaddr *>(&from), sizeof from), 0);
                const int rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&to), sizeof to);
                QVERIFY(rc == 0 || errno == EINPROGRESS);
                if (i % 64 == 63)
                    QCoreApplication::processEvents();
            }
            QTRY_COMPARE_WITH_TIMEOUT(server.parkedConnections(), parkBound, 60000);
            QTRY_COMPARE_WITH_TIMEOUT(server.handshakesInProgress(), share, 60000);
            if (measure) {
                // The held ones cost more (their upgrade has begun): count them apart.
                *perParked = (heapInUse() - heapBefore) / (parkBound + share);
            }
            for (int fd : fds)
                ::close(fd);
            QTRY_COMPARE_WITH_TIMEOUT(server.handshakesInProgress() + server.parkedConnections(), 0,
                                      60000);
        };
        qint64 perParked = 0;
        runFlood(false, nullptr); // warms up what the heap keeps once grown (hash tables, ...)
        if (QTest::currentTestFailed())
            return;
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const qint64 heapBefore = heapInUse();
        const int fdsBefore = openFileDescriptors();
        runFlood(true, &perParked);
        if (QTest::currentTestFailed())
            return;
        QTRY_COMPARE_WITH_TIMEOUT(openFileDescriptors(), fdsBefore, 20000);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const qint64 heapAfter = heapInUse();
        qInfo("flood of %d from one address: %lld heap bytes per parked connection; heap %lld -> "
              "%lld bytes after it",
              total, perParked, heapBefore, heapAfter);
        QVERIFY2(perParked < 8 * 1024, qPrintable(QString::number(perParked)));
        QVERIFY2(heapAfter - heapBefore <= 256 * 1024,
                 qPrintable(QStringLiteral("heap grew by %1 bytes").arg(heapAfter - heapBefore)));
    }

    // Parked connections hold descriptors: a flood may exhaust the process's, and accepting
    // fails. Once the flood's parked connections leave, the server accepts again, although no
    // handshake ended (the flood's held ones never do).
    void acceptResumesAfterDescriptorsRunOut() {
        const int share = 4, flood = 60;
        ServerConfig cfg = serverConfig();
        cfg.maxHandshakesPerSource = share;
        cfg.httpHandshakeTimeoutMs = 120000; // the held ones never end by themselves
        cfg.maxParkedMs = 120000;
        SecureWebSocketServer server(std::move(cfg));
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        rlimit saved{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
        struct Restore {
            rlimit r;
            ~Restore() { (void)::setrlimit(RLIMIT_NOFILE, &r); }
        } restore{saved};
        // Room for the flood's own sockets and about half of the server's side of them.
        rlimit low = saved;
        low.rlim_cur = rlim_t(openFileDescriptors() + flood + flood / 2);
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &low), 0);

        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(server.serverPort());
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sockaddr_in from{};
        from.sin_family = AF_INET;
        from.sin_addr.s_addr = htonl(0x7f000002); // 127.0.0.2
        std::vector<int> fds; // all made first: what is left of the limit is the server's
        for (int i = 0; i < flood; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            QVERIFY(fd >= 0);
            fds.push_back(fd);
            QCOMPARE(::bind(fd, reinterpret_cast<const sockaddr *>(&from), sizeof from), 0);
        }
        bool outOfDescriptors = false;
        for (int i = 0; i < flood; ++i) {
            const int rc = ::connect(fds[i], reinterpret_cast<const sockaddr *>(&to), sizeof to);
            QVERIFY(rc == 0 || errno == EINPROGRESS);
            // One at a time, so that the held ones are the first few; until accepting fails.
            if (!outOfDescriptors)
                outOfDescriptors = !QTest::qWaitFor(
                    [&] { return server.handshakesInProgress() + server.parkedConnections() > i; },
                    3000);
        }
        QVERIFY(outOfDescriptors);
        QTRY_COMPARE(server.handshakesInProgress(), share);
        QVERIFY2(server.parkedConnections() < flood - share,
                 qPrintable(QStringLiteral("%1 parked: descriptors did not run out")
                                .arg(server.parkedConnections())));
        // The flood leaves, but for the held ones; descriptors are free again.
        for (std::size_t i = share; i < fds.size(); ++i)
            ::close(fds[i]);
        fds.resize(share);
        QTRY_COMPARE_WITH_TIMEOUT(server.parkedConnections(), 0, 20000);
        QCOMPARE(server.handshakesInProgress(), share);

        SecureWebSocket client(clientConfig());
        QSignalSpy echoed(&client, &SecureWebSocket::binaryMessageReceived);
        client.sendBinaryMessage("hello");
        client.open(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(echoed.count(), 1, 20000);
        for (int fd : fds)
            ::close(fd);
        QTRY_COMPARE(server.handshakesInProgress(), 0);
    }

    // `sws serve --max-per-source N --max-parked-per-source M` sets the per-address share and
    // parking bound of the server it runs.
    void servePerSourceOption() {
        trusttest::LiveServer server;
        QVERIFY(server.start({}, 0,
                             {QStringLiteral("--max-per-source"), QStringLiteral("2"),
                              QStringLiteral("--max-parked-per-source"), QStringLiteral("1"),
                              QStringLiteral("--handshake-timeout"), QStringLiteral("120000")}));
        RawWsClient held[2], parked, refused;
        for (RawWsClient &c : held) {
            c.connectTo(server.port());
            QTRY_VERIFY_WITH_TIMEOUT(c.upgraded, 10000);
        }
        parked.connectTo(server.port());
        QTRY_COMPARE_WITH_TIMEOUT(parked.sock.state(), QAbstractSocket::ConnectedState, 10000);
        refused.connectTo(server.port());
        QTRY_COMPARE_WITH_TIMEOUT(refused.closeCodeReceived(), kCloseTooManyFromSource, 10000);
        QVERIFY(!parked.upgraded);
        held[0].sock.abort(); // the parked one takes its place
        QTRY_VERIFY_WITH_TIMEOUT(parked.upgraded, 10000);
        QCOMPARE(parked.closeCodeReceived(), -1);
        QCOMPARE(held[1].closeCodeReceived(), -1);
    }

    // `sws serve` raises its soft limit of open files to the hard limit: each parked connection
    // holds a descriptor, and 1,024 (a usual soft limit) would run out under one busy address.
    void serveRaisesOpenFileLimit() {
        rlimit r{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &r), 0);
        if (r.rlim_max <= 256)
            QSKIP("the hard limit of open files leaves nothing to raise");
        QProcess serve;
        serve.setChildProcessModifier([] {
            rlimit low{};
            if (::getrlimit(RLIMIT_NOFILE, &low) == 0) {
                low.rlim_cur = 256;
                (void)::setrlimit(RLIMIT_NOFILE, &low);
            }
        });
        serve.start(
            QStringLiteral(SWS_CLI_PATH),
            {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        QVERIFY(serve.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine(), 15000);
        QVERIFY(serve.readLine().startsWith("listening "));
        const QByteArray limits =
            testutil::readAll(QStringLiteral("/proc/%1/limits").arg(serve.processId()));
        serve.terminate();
        QVERIFY(serve.waitForFinished(5000));
        QByteArray line;
        for (const QByteArray &l : limits.split('\n'))
            if (l.startsWith("Max open files"))
                line = l.simplified();
        const QList<QByteArray> f = line.split(' '); // Max open files SOFT HARD files
        QCOMPARE(f.size(), 6);
        const QByteArray hard = r.rlim_max == RLIM_INFINITY
                                    ? QByteArray("unlimited")
                                    : QByteArray::number(quint64(r.rlim_max));
        QCOMPARE(f.at(4), hard);
        QCOMPARE(f.at(3), hard);
    }

    // Messages queued before the session is secure: 4 MiB in all are taken (and delivered once
    // secure), one byte more is refused with -1.
    void queuedBeforeSecure() {
        SecureWebSocketServer server(serverConfig());
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SecureWebSocket client(clientConfig());
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(client.sendBinaryMessage(QByteArray(MiB, char('a' + i))), MiB);
        QCOMPARE(client.sendBinaryMessage(QByteArray(1, 'x')), qint64(-1));
        QCOMPARE(client.queuedMessages(), 4);
        client.open(server.serverUrl());
        QCOMPARE(client.sendBinaryMessage(QByteArray(1, 'x')), qint64(-1)); // still queued: full
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 4, 20000);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(received.at(i).at(0).toByteArray(), QByteArray(MiB, char('a' + i)));
        QCOMPARE(client.queuedMessages(), 0);
    }

    // Frames held while the peer awaits approval: 4 MiB of frames are held (and delivered on
    // approval), one more frame closes with 1009. The limit counts frames as received
    // (ciphertext: plaintext + 16 bytes each).
    void heldDuringApproval_data() {
        QTest::addColumn<bool>("onePast");
        QTest::newRow("4 MiB held") << false;
        QTest::newRow("4 MiB + one 1-byte frame") << true;
    }
    void heldDuringApproval() {
        QFETCH(bool, onePast);
        struct Ask : PeerVerifier {
            Result verify(const PeerIdentity &) override { return {Decision::Ask, {}, {}}; }
        };
        SecureWebSocketServer server(serverConfig());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [onePast](SecureWebSocket *s) {
                    for (int i = 0; i < 4; ++i)
                        s->sendBinaryMessage(QByteArray(MiB - kMacBytes, char('a' + i)));
                    if (onePast)
                        s->sendBinaryMessage(QByteArray(1, 'z'));
                });
        SessionConfig cfg = clientConfig();
        cfg.verifier = std::make_shared<Ask>();
        SecureWebSocket client(std::move(cfg));
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        client.open(server.serverUrl());
        if (onePast) {
            QTRY_COMPARE_WITH_TIMEOUT(client.state(), SecureWebSocket::State::Closed, 20000);
            QCOMPARE(client.error(), SessionError::MessageTooBig);
            QCOMPARE(client.closeCode(), closeCodeFor(SessionError::MessageTooBig));
            QCOMPARE(received.count(), 0);
            return;
        }
        QTRY_COMPARE_WITH_TIMEOUT(client.heldIncomingMessages(), 4, 20000);
        QCOMPARE(client.state(), SecureWebSocket::State::Verifying);
        client.approvePeer(true);
        QCOMPARE(received.count(), 4);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(received.at(i).at(0).toByteArray(),
                     QByteArray(MiB - kMacBytes, char('a' + i)));
    }
};

QTEST_GUILESS_MAIN(tst_LimitsAccept)
#include "tst_limitsaccept.moc"
