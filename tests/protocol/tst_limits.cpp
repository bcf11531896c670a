// A limit on every input (SECURITY.md, "Limits on every input"): each limit is exercised at its
// value (accepted) and one past it (refused with the documented close code or return value),
// over real loopback sockets with the default configuration wherever that is affordable.
#include "chat/chatchannel.h"
#include "chat/chathost.h"
#include "chat/room.h"
#include "testpeers.h"
#include "testutil.h"
#include "trusttestutil.h"

#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocketServer>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <memory>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace sws;
using namespace testpeers;

namespace {

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;

int code(SessionError e) {
    return int(closeCodeFor(e));
}

// A well-formed ClientHello padded with trailing whitespace (allowed by JSON) to `size` bytes.
QByteArray paddedClientHello(int size) {
    const QByteArray key = json::serialize(json::bytesToArray(BoxKeyPair::generate().publicKey));
    QByteArray m =
        R"({"opc":0,"version":1,"client_public_key":)" + key + R"(,"nonce":[1,2,3,4,5,6,7,8]})";
    return m + QByteArray(size - m.size(), ' ');
}

// A ServerHello whose box cannot open, padded to `size` bytes.
QByteArray paddedServerHello(int size) {
    const QByteArray key = "[" + QByteArray("7,").repeated(31) + "7]";
    QByteArray m = R"({"opc":1,"version":1,"server_public_key":)" + key +
                   R"(,"s_blackbox_a":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18]})";
    return m + QByteArray(size - m.size(), ' ');
}

} // namespace

class tst_Limits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    // The numbers of the SECURITY.md table are the defaults of the code.
    void defaultsAreTheDocumentedOnes() {
        const SessionConfig s;
        QCOMPARE(s.maxHandshakeBytes, 64 * KiB);
        QCOMPARE(s.maxMessageBytes, 16 * MiB);
        QCOMPARE(s.handshakeTimeoutMs, 5000);
        QCOMPARE(s.maxQueuedBytes, 4 * MiB);
        QCOMPARE(s.maxUnsentBytes, 64 * MiB);
        QCOMPARE(s.closeTimeoutMs, 2000);
        QCOMPARE(ServerConfig().maxPendingHandshakes, 256);
        QCOMPARE(ServerConfig().maxHandshakesPerSource, 64);
        QCOMPARE(ServerConfig().maxParkedPerSource, 1024);
        QCOMPARE(ServerConfig().maxParkedMs, 30000);
        QCOMPARE(HandshakeConfig().maxHandshakeBytes, 64 * KiB);
    }

    // Handshake message, client to server: 64 KiB accepted, one byte more closes with 1009,
    // whether it comes in one frame or in fragments.
    void handshakeMessageToServer_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("fragment");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("64 KiB, one frame") << int(64 * KiB) << 0 << true;
        QTest::newRow("64 KiB + 1, one frame") << int(64 * KiB + 1) << 0 << false;
        QTest::newRow("64 KiB, 4 KiB fragments") << int(64 * KiB) << int(4 * KiB) << true;
        QTest::newRow("64 KiB + 1, 4 KiB fragments") << int(64 * KiB + 1) << int(4 * KiB) << false;
    }
    void handshakeMessageToServer() {
        QFETCH(int, size);
        QFETCH(int, fragment);
        QFETCH(bool, accepted);
        SecureWebSocketServer server(serverConfig());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy failed(&server, &SecureWebSocketServer::handshakeFailed);
        QWebSocket raw;
        if (fragment)
            raw.setOutgoingFrameSize(quint64(fragment));
        QSignalSpy up(&raw, &QWebSocket::connected);
        QSignalSpy down(&raw, &QWebSocket::disconnected);
        QSignalSpy answer(&raw, &QWebSocket::textMessageReceived);
        raw.open(server.serverUrl());
        QTRY_COMPARE(up.count(), 1);
        const QByteArray hello = paddedClientHello(size);
        QCOMPARE(hello.size(), size);
        raw.sendTextMessage(QString::fromUtf8(hello));
        if (accepted) {
            QTRY_COMPARE(answer.count(), 1); // the ServerHello
            QVERIFY(answer.at(0).at(0).toString().startsWith(QStringLiteral(R"({"opc":1,)")));
            QCOMPARE(down.count(), 0);
            QCOMPARE(server.handshakesInProgress(), 1);
            return;
        }
        QTRY_COMPARE(down.count(), 1);
        QCOMPARE(int(raw.closeCode()), code(SessionError::MessageTooBig));
        QCOMPARE(answer.count(), 0);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).value<SessionError>(), SessionError::MessageTooBig);
    }

    // Handshake message, server to client: the same limit on the client.
    void handshakeMessageToClient_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("error");
        QTest::newRow("64 KiB: read (and its box refused)")
            << int(64 * KiB) << int(SessionError::BoxOpenFailed);
        QTest::newRow("64 KiB + 1: refused unread")
            << int(64 * KiB + 1) << int(SessionError::MessageTooBig);
    }
    void handshakeMessageToClient() {
        QFETCH(int, size);
        QFETCH(int, error);
        QWebSocketServer raw(QStringLiteral("raw"), QWebSocketServer::NonSecureMode);
        QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
        connect(&raw, &QWebSocketServer::newConnection, this, [&raw, size] {
            QWebSocket *ws = raw.nextPendingConnection();
            ws->setParent(&raw);
            connect(ws, &QWebSocket::textMessageReceived, ws, [ws, size](const QString &) {
                ws->sendTextMessage(QString::fromUtf8(paddedServerHello(size)));
            });
        });
        SecureWebSocket client(clientConfig());
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(raw.serverPort())));
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(int(client.error()), error);
        QCOMPARE(int(client.closeCode()), code(SessionError(error)));
    }

    // The state machine on its own (no socket in front of it) refuses the same sizes: there the
    // limit is reported as MalformedJson (4001), "too large".
    void handshakeMessageStateMachine_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("64 KiB") << int(64 * KiB) << true;
        QTest::newRow("64 KiB + 1") << int(64 * KiB + 1) << false;
    }
    void handshakeMessageStateMachine() {
        QFETCH(int, size);
        QFETCH(bool, accepted);
        HandshakeConfig c;
        c.role = Role::Server;
        c.keyPair = BoxKeyPair::generate();
        Handshake hs(std::move(c));
        QVERIFY(!hs.start().failure);
        const auto out = hs.receiveText(paddedClientHello(size));
        QCOMPARE(!out.failure, accepted);
        if (accepted) {
            QCOMPARE(out.send.size(), size_t(1));
            return;
        }
        QCOMPARE(out.failure->error, SessionError::MalformedJson);
        QVERIFY(out.failure->reason.contains(QStringLiteral("exceed the limit")));
    }

    // Data message (plaintext), received: the limit, then one byte more closes with 1009. The
    // second pair of rows configures a limit below the handshake limit, which the socket's own
    // frame limit (set to the larger of the two) does not enforce.
    void messageReceived_data() {
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("16 MiB (default)") << qint64(0) << 16 * MiB << true;
        QTest::newRow("16 MiB + 1 (default)") << qint64(0) << 16 * MiB + 1 << false;
        QTest::newRow("1000 B configured") << qint64(1000) << qint64(1000) << true;
        QTest::newRow("1001 B, 1000 configured") << qint64(1000) << qint64(1001) << false;
    }
    void messageReceived() {
        QFETCH(qint64, limit);
        QFETCH(qint64, size);
        QFETCH(bool, accepted);
        ServerConfig cfg = serverConfig();
        if (limit)
            cfg.session.maxMessageBytes = limit;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<qint64> sizes;
        QPointer<SecureWebSocket> session;
        int sessionError = -1; // as the server's session saw it when it closed
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
            session = s;
            connect(s, &SecureWebSocket::binaryMessageReceived, this,
                    [&sizes](const QByteArray &m) { sizes << m.size(); });
            connect(s, &SecureWebSocket::disconnected, this,
                    [&sessionError, s] { sessionError = int(s->error()); });
        });
        ManualClient m;
        m.connectTo(server.serverUrl());
        QTRY_VERIFY(m.session && session);
        m.sendSealed(QByteArray(size, 'm'));
        if (accepted) {
            QTRY_COMPARE_WITH_TIMEOUT(sizes.size(), 1, 20000);
            QCOMPARE(sizes.at(0), size);
            QVERIFY(!m.closed);
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(m.closed, 20000);
        QCOMPARE(int(m.ws.closeCode()), code(SessionError::MessageTooBig));
        QCOMPARE(sizes.size(), 0);
        QTRY_COMPARE(sessionError, int(SessionError::MessageTooBig));
    }

    // Data message, sent: sendBinaryMessage takes the limit and refuses one byte more (-1),
    // sending nothing.
    void messageSent() {
        SecureWebSocketServer server(serverConfig());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<qint64> sizes;
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
            connect(s, &SecureWebSocket::binaryMessageReceived, this,
                    [&sizes](const QByteArray &m) { sizes << m.size(); });
        });
        SecureWebSocket client(clientConfig());
        client.open(server.serverUrl());
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Secured);
        QCOMPARE(client.sendBinaryMessage(QByteArray(16 * MiB + 1, 's')), qint64(-1));
        QCOMPARE(client.sendBinaryMessage(QByteArray(16 * MiB, 's')), 16 * MiB);
        QCOMPARE(client.sendBinaryMessage(QByteArray("after")), qint64(5));
        QTRY_COMPARE_WITH_TIMEOUT(sizes.size(), 2, 20000);
        QCOMPARE(sizes, (QList<qint64>{16 * MiB, 5}));
        QCOMPARE(client.state(), SecureWebSocket::State::Secured);
    }

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

    // Handshake time (server): a ClientReady inside the limit secures the session, one after it
    // (or none) finds the session closed with 4015 — never before the limit.
    void handshakeTime_data() {
        QTest::addColumn<int>("readyAtPercent"); // of the limit; 0: never sent
        QTest::addColumn<bool>("accepted");
        QTest::newRow("ClientReady at 60%") << 60 << true;
        QTest::newRow("ClientReady at 140%") << 140 << false;
        QTest::newRow("no ClientReady") << 0 << false;
    }
    void handshakeTime() {
        QFETCH(int, readyAtPercent);
        QFETCH(bool, accepted);
        const int limitMs = 1000;
        ServerConfig cfg = serverConfig();
        cfg.session.handshakeTimeoutMs = limitMs;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);
        QSignalSpy failed(&server, &SecureWebSocketServer::handshakeFailed);
        ManualClient m;
        m.holdReadyMs = readyAtPercent ? limitMs * readyAtPercent / 100 : 3600 * 1000;
        // Started before the server's handshake timer, so that a slow event loop cannot make the
        // close look early.
        QElapsedTimer sinceOpen;
        sinceOpen.start();
        m.connectTo(server.serverUrl());
        if (accepted) {
            QTRY_COMPARE_WITH_TIMEOUT(secured.count(), 1, 10000);
            QVERIFY(!m.closed);
            QCOMPARE(failed.count(), 0);
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(m.closed, 10000);
        const qint64 at = sinceOpen.elapsed();
        QCOMPARE(int(m.ws.closeCode()), code(SessionError::HandshakeTimeout));
        QVERIFY2(at >= limitMs * 9 / 10, qPrintable(QStringLiteral("closed after %1 ms").arg(at)));
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).value<SessionError>(), SessionError::HandshakeTimeout);
        QCOMPARE(secured.count(), 0);
    }

    // Handshake time (client): a server that never answers is left with 4015 once the limit
    // has passed.
    void handshakeTimeClient() {
        const int limitMs = 500;
        QWebSocketServer silent(QStringLiteral("silent"), QWebSocketServer::NonSecureMode);
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QElapsedTimer clock;
        connect(&silent, &QWebSocketServer::newConnection, this, [&silent, &clock] {
            silent.nextPendingConnection()->setParent(&silent);
            clock.start();
        });
        SessionConfig cfg = clientConfig();
        cfg.handshakeTimeoutMs = limitMs;
        SecureWebSocket client(std::move(cfg));
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort())));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), SecureWebSocket::State::Closed, 10000);
        QCOMPARE(client.error(), SessionError::HandshakeTimeout);
        QCOMPARE(client.closeCode(), closeCodeFor(SessionError::HandshakeTimeout));
        QVERIFY(clock.isValid() && clock.elapsed() >= limitMs * 9 / 10);
    }

    // The WebSocket opening handshake (HTTP upgrade), before any SWS message: a request that
    // completes in time is upgraded, one that stalls is dropped once httpHandshakeTimeoutMs (5 s
    // by default) has passed.
    void httpUpgradeTime_data() {
        QTest::addColumn<bool>("completes");
        QTest::newRow("request complete: upgraded") << true;
        QTest::newRow("request stalls: dropped") << false;
    }
    void httpUpgradeTime() {
        QFETCH(bool, completes);
        const int limitMs = 500;
        ServerConfig cfg = serverConfig();
        QCOMPARE(cfg.httpHandshakeTimeoutMs, 5000);
        cfg.httpHandshakeTimeoutMs = limitMs;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        if (completes) {
            RawWsClient raw;
            raw.connectTo(server.serverPort());
            QTRY_VERIFY(raw.upgraded);
            QTRY_COMPARE(server.handshakesInProgress(), 1);
            return;
        }
        QTcpSocket stalled;
        QSignalSpy down(&stalled, &QTcpSocket::disconnected);
        // Started before the server accepts (and starts its timer): QTRY_COMPARE below may run
        // the event loop for a while after the accept before it sees the socket connected.
        QElapsedTimer clock;
        clock.start();
        stalled.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QTRY_COMPARE(stalled.state(), QAbstractSocket::ConnectedState);
        stalled.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // and never the rest
        QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, limitMs + 10000);
        QVERIFY2(clock.elapsed() >= limitMs * 9 / 10,
                 qPrintable(QStringLiteral("dropped after %1 ms").arg(clock.elapsed())));
        QCOMPARE(server.handshakesInProgress(), 0); // never counted as an SWS handshake
    }

    // Bytes waiting for a peer that stopped reading (server side; frames counted with their
    // WebSocket headers): a backlog of exactly 64 MiB is kept, and all of it arrives once the
    // peer reads again; a message that would take it one byte past closes the session with
    // 4021, sending nothing of that message, while the server goes on serving others.
    void unsentBacklog_data() {
        QTest::addColumn<bool>("onePast");
        QTest::newRow("64 MiB waiting") << false;
        QTest::newRow("64 MiB + 1 waiting") << true;
    }
    void unsentBacklog() {
        QFETCH(bool, onePast);
        SecureWebSocketServer server(serverConfig());
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const qint64 limit = server.config().session.maxUnsentBytes;
        QPointer<SecureWebSocket> session;
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
            if (!session)
                session = s;
        });
        int closed = 0;
        connect(&server, &SecureWebSocketServer::sessionClosed, this, [&closed] { ++closed; });
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient m;
        m.connectTo(proxy.url());
        QTRY_VERIFY(m.session && session);
        m.sendSealed("first"); // echoed; ends the server's first-frame hold
        QTRY_COMPARE(m.received.size(), 1);
        proxy.stallDownstream();
        QSignalSpy errors(session.data(), &SecureWebSocket::errorOccurred);

        // Server frames are unmasked: 2 + 8 header bytes above 64 KiB, and a 16-byte tag.
        constexpr qint64 overhead = 2 + 8 + 16;
        constexpr qint64 chunk = 16 * MiB;
        QList<qint64> sizes{5};
        // The kernel takes what its socket buffers hold (a few MiB); the rest waits.
        while (limit - session->bytesToWrite() > chunk + overhead) {
            QCOMPARE(session->sendBinaryMessage(QByteArray(chunk, 'b')), chunk);
            sizes << chunk;
        }
        const qint64 waiting = session->bytesToWrite();
        QVERIFY2(waiting > 0, "the kernel took everything: the peer is not stalled");
        const qint64 last = limit - waiting - overhead + (onePast ? 1 : 0);
        QVERIFY(last > 64 * KiB);
        const qint64 result = session->sendBinaryMessage(QByteArray(last, 'c'));
        if (!onePast) {
            QCOMPARE(result, last);
            QCOMPARE(errors.count(), 0);
            QVERIFY(session->bytesToWrite() <= limit);
            sizes << last;
            proxy.resumeDownstream();
            QTRY_COMPARE_WITH_TIMEOUT(m.received.size(), sizes.size(), 60000);
            QList<qint64> opened;
            for (int i = 0; i < m.received.size(); ++i) {
                const auto plain = m.session->rx.open(m.received.at(i));
                QVERIFY(plain);
                opened << plain->size();
            }
            QCOMPARE(opened, sizes);
            QCOMPARE(session->state(), SecureWebSocket::State::Secured);
            QCOMPARE(closed, 0);
            return;
        }
        QCOMPARE(result, qint64(-1));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(session->error(), SessionError::PeerNotReading);
        QCOMPARE(int(session->closeCode()), 4021);
        QVERIFY2(session->errorString().contains(QString::number(limit)),
                 qPrintable(session->errorString()));
        // Cut off after the close timeout (the close frame waits behind the backlog) ...
        QTRY_COMPARE_WITH_TIMEOUT(closed, 1, 10000);
        // ... and the server carries on.
        SecureWebSocket other(clientConfig());
        QSignalSpy echoed(&other, &SecureWebSocket::binaryMessageReceived);
        other.open(server.serverUrl());
        QTRY_COMPARE(other.state(), SecureWebSocket::State::Secured);
        QCOMPARE(other.sendBinaryMessage("still here"), qint64(10));
        QTRY_COMPARE(echoed.count(), 1);
        QCOMPARE(echoed.at(0).at(0).toByteArray(), QByteArray("still here"));
    }

    // A chat room member that stops reading is closed with 4021 once its backlog passes the
    // limit (1 MiB here); the members that read get every message, in order, before and after.
    void silentChatMember() {
        ServerConfig cfg = serverConfig();
        cfg.session.maxUnsentBytes = MiB;
        SecureWebSocketServer server(std::move(cfg));
        Room room(&server, Room::Mode::Chat);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<SecureWebSocket *> members;
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [&](SecureWebSocket *s) { members << s; });
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient silent;
        silent.connectTo(proxy.url());
        QTRY_VERIFY(silent.session && members.size() == 1);
        QPointer<SecureWebSocket> silentSession = members.front();
        SecureWebSocket writer(clientConfig()), reader(clientConfig());
        writer.open(server.serverUrl());
        reader.open(server.serverUrl());
        QTRY_VERIFY(writer.state() == SecureWebSocket::State::Secured &&
                    reader.state() == SecureWebSocket::State::Secured && members.size() == 3);
        proxy.stallDownstream();

        // The writer keeps eight 64 KiB messages in flight to the reader until the silent
        // member is gone and ten more have passed.
        constexpr int kMax = 4000; // 250 MiB: far more than the kernel's buffers hold
        int sent = 0;
        int afterSilentGone = -1;
        int silentClosedWith = -1;
        QList<QByteArray> got;
        auto message = [](int i) { return QByteArray::number(i).leftJustified(64 * KiB, '.'); };
        connect(silentSession.data(), &SecureWebSocket::errorOccurred, this, [&](SessionError e) {
            silentClosedWith = int(closeCodeFor(e));
            afterSilentGone = 0;
        });
        auto sendNext = [&] {
            if (sent < kMax && afterSilentGone < 10) {
                QCOMPARE(writer.sendBinaryMessage(message(sent)), 64 * KiB);
                ++sent;
                if (afterSilentGone >= 0)
                    ++afterSilentGone;
            }
        };
        connect(&reader, &SecureWebSocket::binaryMessageReceived, this, [&](const QByteArray &m) {
            got << m;
            sendNext();
        });
        for (int i = 0; i < 8; ++i)
            sendNext();
        QTRY_VERIFY_WITH_TIMEOUT(afterSilentGone == 10 && got.size() == sent, 60000);
        QVERIFY(sent < kMax);
        QCOMPARE(silentClosedWith, 4021);
        QTRY_VERIFY(!silentSession); // closed and gone
        for (int i = 0; i < got.size(); ++i)
            QCOMPARE(got.at(i), message(i));
        QCOMPARE(writer.state(), SecureWebSocket::State::Secured);
        QCOMPARE(reader.state(), SecureWebSocket::State::Secured);
    }

    // The same through a chat channel to a plain peer that stopped reading: the message whose
    // send the session refused is reported Failed, never Sent (a plain peer cannot get it again).
    void silentPlainChatPeer() {
        ServerConfig cfg = serverConfig();
        cfg.session.maxUnsentBytes = MiB;
        SecureWebSocketServer server(std::move(cfg));
        ChatHost host(&server);
        QPointer<ChatChannel> channel;
        QMap<quint64, QList<chat::MessageState>> states;
        connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
            channel = ch;
            connect(ch, &ChatChannel::messageStateChanged, this,
                    [&states](quint64 id, chat::MessageState st) { states[id] << st; });
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient plain; // offers no extension: a plain link
        plain.connectTo(proxy.url());
        QTRY_VERIFY(plain.session && channel && channel->link() == chat::Link::Plain);
        const QPointer<SecureWebSocket> session = channel->session();
        QSignalSpy greeted(channel.data(), &ChatChannel::messageReceived);
        plain.sendSealed("hello"); // ends the server's first-frame hold
        QTRY_COMPARE(greeted.count(), 1);
        proxy.stallDownstream();
        const QByteArray chunk(64 * KiB, 'p');
        quint64 last = 0;
        for (int i = 0; i < 400 && channel && channel->link() == chat::Link::Plain; ++i) {
            last = channel->sendMessage(chunk);
            QTRY_VERIFY(states.value(last).size() == 2 || !channel ||
                        channel->link() != chat::Link::Plain);
            if (states.value(last).size() == 2 &&
                states.value(last).at(1) != chat::MessageState::Sent)
                break;
        }
        QCOMPARE(states.value(last), (QList<chat::MessageState>{chat::MessageState::Queued,
                                                                chat::MessageState::Failed}));
        QVERIFY(session);
        QCOMPARE(session->error(), SessionError::PeerNotReading);
    }

    // Close handshake (server): a peer that reads gets everything we sent and our close frame;
    // one that has stopped reading (our data piles up behind the close frame) is cut off once
    // the close timeout (2 s by default) has passed.
    void closeHandshake_data() {
        QTest::addColumn<bool>("peerReads");
        QTest::newRow("peer reads: closed cleanly") << true;
        QTest::newRow("peer stopped reading: aborted after 2 s") << false;
    }
    void closeHandshake() {
        QFETCH(bool, peerReads);
        SecureWebSocketServer server(serverConfig());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const int limitMs = server.config().session.closeTimeoutMs;
        QPointer<SecureWebSocket> session;
        int received = 0;
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
            session = s;
            connect(s, &SecureWebSocket::binaryMessageReceived, this, [&received] { ++received; });
        });
        QElapsedTimer sinceClose;
        qint64 closedAfter = -1;
        connect(&server, &SecureWebSocketServer::sessionClosed, this,
                [&] { closedAfter = sinceClose.elapsed(); });
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient m;
        m.connectTo(proxy.url());
        QTRY_VERIFY(m.session && session);
        m.sendSealed("first"); // ends the server's first-frame hold: what it sends goes out now
        QTRY_COMPARE(received, 1);
        if (!peerReads)
            proxy.stallDownstream();
        // More than the kernel's socket buffers hold, so that the rest waits in the server.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(session->sendBinaryMessage(QByteArray(16 * MiB, 'd')), 16 * MiB);
        sinceClose.start();
        session->close(1000, QStringLiteral("bye"));
        if (peerReads) {
            QTRY_VERIFY_WITH_TIMEOUT(m.closed, 20000);
            QCOMPARE(m.received.size(), 2);
            QCOMPARE(int(m.ws.closeCode()), 1000);
            QTRY_VERIFY(closedAfter >= 0);
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(closedAfter >= 0, limitMs + 10000);
        QVERIFY2(closedAfter >= limitMs * 9 / 10,
                 qPrintable(QStringLiteral("cut off after %1 ms").arg(closedAfter)));
        QVERIFY(m.received.size() < 2);
        QVERIFY(!m.closed || int(m.ws.closeCode()) != 1000);
    }
};

QTEST_GUILESS_MAIN(tst_Limits)
#include "tst_limits.moc"
