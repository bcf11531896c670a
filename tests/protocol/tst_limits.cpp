// A limit on every input (SECURITY.md, "Limits on every input"): each limit is exercised at its
// value (accepted) and one past it (refused with the documented close code or return value),
// over real loopback sockets with the default configuration wherever that is affordable.
// The limits on handshake and WebSocket messages and on their timing; accept and back-pressure
// are in tst_limitsaccept.cpp, the unsent backlog and silent peers in tst_limitsbacklog.cpp.
#include "limitsfixture.h"

#include <QWebSocketServer>

namespace {

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
};

QTEST_GUILESS_MAIN(tst_Limits)
#include "tst_limits.moc"
