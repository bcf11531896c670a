// SecureWebSocket and SecureWebSocketServer over real loopback sockets: honest sessions in
// both versions, their configuration, output from slots, peer identity, relayed chat, the trust
// layer's verdict and the handshake cap. Hostile peers: tst_securewebsockethostile; connections
// that fail or drop: tst_securewebsocketconnection.
#include "chat/room.h"
#include "securewebsocketfixture.h"

#include <QPointer>
#include <QWebSocket>

using namespace swstest;

class tst_SecureWebSocket : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    void echo_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("requireCert");
        QTest::newRow("v1") << 1 << false;
        QTest::newRow("v2") << 2 << false;
        QTest::newRow("v2-requireCert") << 2 << true;
    }

    void echo() {
        QFETCH(int, version);
        QFETCH(bool, requireCert);
        const Pki pki = makePki();
        const Pki *p = version == 2 ? &pki : nullptr;
        SecureWebSocketServer server(serverConfig(version, p, requireCert));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);
        echoRoundTrip(server, clientConfig(version, p), payloadSet());
        QCOMPARE(secured.count(), 1);
    }

    // One configuration, passed on whole: a SessionConfig with every field away from its
    // default reaches each accepted session (and a client's) unchanged, its key pair shared,
    // not copied. operator== compares every field — each reset to its default below must make
    // a difference — and the size guards next to it fail to compile when a field is added.
    void configRoundTrips() {
        const Pki pki = makePki();
        struct Accept : PeerVerifier {
            Result verify(const PeerIdentity &) override { return {}; }
        };
        ServerConfig scfg;
        SessionConfig &c = scfg.session;
        c.role = Role::Server; // the session sets role and peer for its handshake
        c.version = 2;
        c.keyPair = pki.serverKeys.clone();
        c.certificate = pki.serverCert;
        c.trustedCas = {pki.ca.cert};
        c.requireCert = true;
        c.peer.host = QStringLiteral("unused.test");
        c.peer.address = QHostAddress(QStringLiteral("192.0.2.1"));
        c.checkEndpoint = false;
        c.maxHandshakeBytes = 32 * 1024;
        int draws = 0;
        c.random = [&draws](unsigned char *p, std::size_t n) {
            ++draws;
            const QByteArray r = randomBytes(static_cast<int>(n));
            std::memcpy(p, r.constData(), n);
        };
        c.nowMs = [] { return QDateTime::currentMSecsSinceEpoch(); };
        c.recordShareKeys = true;
        c.extensions = {QStringLiteral("x-roundtrip/1")};
        c.handshakeTimeoutMs = 4000;
        c.maxMessageBytes = 1 << 20;
        c.maxQueuedBytes = 1 << 19;
        c.maxUnsentBytes = 1 << 22;
        c.closeTimeoutMs = 1500;
        c.firstFrameGraceMs = 30;
        c.verifier = std::make_shared<Accept>();

        const SessionConfig defaults;
        const std::vector<std::function<void(SessionConfig &)>> resets = {
            [&](SessionConfig &x) { x.role = defaults.role; },
            [&](SessionConfig &x) { x.version = defaults.version; },
            [&](SessionConfig &x) { x.keyPair = BoxKeyPair::generate(); },
            [&](SessionConfig &x) { x.certificate = defaults.certificate; },
            [&](SessionConfig &x) { x.trustedCas = defaults.trustedCas; },
            [&](SessionConfig &x) { x.requireCert = defaults.requireCert; },
            [&](SessionConfig &x) { x.peer.host = defaults.peer.host; },
            [&](SessionConfig &x) { x.peer.address = defaults.peer.address; },
            [&](SessionConfig &x) { x.checkEndpoint = defaults.checkEndpoint; },
            [&](SessionConfig &x) { x.maxHandshakeBytes = defaults.maxHandshakeBytes; },
            [&](SessionConfig &x) { x.random = defaults.random; },
            [&](SessionConfig &x) { x.nowMs = defaults.nowMs; },
            [&](SessionConfig &x) { x.recordShareKeys = defaults.recordShareKeys; },
            [&](SessionConfig &x) { x.extensions = defaults.extensions; },
            [&](SessionConfig &x) { x.handshakeTimeoutMs = defaults.handshakeTimeoutMs; },
            [&](SessionConfig &x) { x.maxMessageBytes = defaults.maxMessageBytes; },
            [&](SessionConfig &x) { x.maxQueuedBytes = defaults.maxQueuedBytes; },
            [&](SessionConfig &x) { x.maxUnsentBytes = defaults.maxUnsentBytes; },
            [&](SessionConfig &x) { x.closeTimeoutMs = defaults.closeTimeoutMs; },
            [&](SessionConfig &x) { x.firstFrameGraceMs = defaults.firstFrameGraceMs; },
            [&](SessionConfig &x) { x.verifier = defaults.verifier; },
        };
        for (std::size_t i = 0; i < resets.size(); ++i) {
            SessionConfig x = c;
            QVERIFY(x == c);
            resets[i](x);
            if (x == c)
                QFAIL(qPrintable(QStringLiteral("field %1 is not compared").arg(i)));
        }

        const SessionConfig expected = c;
        SecureWebSocketServer server(std::move(scfg));
        QVERIFY(server.config().session == expected);
        QVERIFY(server.config().session.keyPair.sharesSecretWith(expected.keyPair));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int shareKeys = 0;
        connect(&server, &SecureWebSocketServer::handshakeStarted, this, [&](SecureWebSocket *s) {
            connect(s, &SecureWebSocket::handshakeMessage, this,
                    [&](const HandshakeRecord &r) { shareKeys += r.boxShareKey ? 1 : 0; });
        });
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);

        SessionConfig ccfg = clientConfig(2, &pki);
        ccfg.extensions = {QStringLiteral("x-roundtrip/1")};
        ccfg.maxMessageBytes = 12345;
        for (int i = 0; i < 2; ++i) {
            SecureWebSocket client(ccfg);
            QVERIFY(client.config() == ccfg);
            client.open(server.serverUrl());
            QTRY_COMPARE(client.state(), SecureWebSocket::State::Secured);
            QTRY_COMPARE(secured.count(), i + 1);
            auto *s = secured.at(i).at(0).value<SecureWebSocket *>();
            QVERIFY(s->config() == expected);
            QVERIFY(s->config().keyPair.sharesSecretWith(expected.keyPair));
            // And the handshake saw them: the extension, the share keys, the random source.
            QCOMPARE(s->peerExtensions(), expected.extensions);
            QCOMPARE(s->version(), 2);
            QVERIFY(s->peerCertificate());
        }
        QCOMPARE(shareKeys, 4); // ClientHello has no box; ServerHello and ClientReady do
        QCOMPARE(draws, 4);     // Ns and Ks, per session
    }

    // A slot that sends while the session is still performing earlier output (here: the
    // frame() report of the first queued message, with the second not written yet) has its
    // frame written after those: frames are sealed in order, and one written early would fail
    // to open at the peer.
    void sendFromSlotKeepsFrameOrder() {
        SecureWebSocketServer server(serverConfig(1));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SecureWebSocket client(clientConfig(1));
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        QSignalSpy errors(&client, &SecureWebSocket::errorOccurred);
        bool sentFromSlot = false;
        connect(&client, &SecureWebSocket::frame, this, [&](const FrameEvent &f) {
            if (f.direction != FrameEvent::Direction::Sent || sentFromSlot)
                return;
            sentFromSlot = true;
            QCOMPARE(client.sendBinaryMessage("third"), qint64(5));
        });
        client.open(server.serverUrl());
        client.sendBinaryMessage("first");
        client.sendBinaryMessage("second");
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 3, 5000);
        QCOMPARE(received.at(0).at(0).toByteArray(), QByteArray("first"));
        QCOMPARE(received.at(1).at(0).toByteArray(), QByteArray("second"));
        QCOMPARE(received.at(2).at(0).toByteArray(), QByteArray("third"));
        QCOMPARE(errors.count(), 0);
        QCOMPARE(client.state(), SecureWebSocket::State::Secured);
    }

    // A slot may delete the session while it still has output to perform (the queued messages
    // after secured(), on approvePeer()): the rest is dropped, nothing touches the deleted
    // object.
    void deleteFromSlotStopsOutput() {
        struct Ask : PeerVerifier {
            Result verify(const PeerIdentity &) override { return {Decision::Ask, {}, {}}; }
        };
        SecureWebSocketServer server(serverConfig(1));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        // Guarded from the moment it is reported: the server deletes it once the client is gone,
        // possibly before the test looks at it.
        QPointer<SecureWebSocket> serverSession;
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [&](SecureWebSocket *s) { serverSession = s; });
        QSignalSpy serverSide(&server, &SecureWebSocketServer::sessionSecured);
        SessionConfig cfg = clientConfig(1);
        cfg.verifier = std::make_shared<Ask>();
        QPointer<SecureWebSocket> client = new SecureWebSocket(std::move(cfg));
        int secured = 0;
        connect(client, &SecureWebSocket::secured, this, [&] {
            ++secured;
            delete client;
        });
        client->open(server.serverUrl());
        client->sendBinaryMessage("first");
        client->sendBinaryMessage("second");
        QTRY_COMPARE(client->state(), SecureWebSocket::State::Verifying);
        QCOMPARE(client->queuedMessages(), 2);
        client->approvePeer(true);
        QVERIFY(client.isNull());
        QCOMPARE(secured, 1);
        // The server saw the connection go.
        QTRY_COMPARE(serverSide.count(), 1);
        QTRY_VERIFY(serverSession.isNull() ||
                    serverSession->state() == SecureWebSocket::State::Closed);
    }

    void peerIdentityAfterSecure() {
        const Pki pki = makePki();
        SecureWebSocketServer server(serverConfig(2, &pki, true));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy serverSide(&server, &SecureWebSocketServer::sessionSecured);
        SecureWebSocket client(clientConfig(2, &pki));
        QSignalSpy steps(&client, &SecureWebSocket::handshakeMessage);
        QSignalSpy checked(&client, &SecureWebSocket::peerCertificateChecked);
        client.open(server.serverUrl());
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Secured);
        QCOMPARE(client.peerPublicKey(), pki.serverKeys.publicKey);
        QVERIFY(client.peerCertificate());
        QVERIFY(client.peerVerdict() && client.peerVerdict()->valid);
        QCOMPARE(checked.count(), 1);
        QCOMPARE(steps.count(), 3); // ClientHello sent, ServerHello received, ClientReady sent
        QTRY_COMPARE(serverSide.count(), 1);
        auto *s = serverSide.at(0).at(0).value<SecureWebSocket *>();
        QCOMPARE(s->peerPublicKey(), pki.clientKeys.publicKey);
        QVERIFY(s->peerCertificate());
    }

    // A session's handshake records hold no share key unless an inspector opts in.
    void shareKeysInRecordsOnlyWhenAsked_data() {
        QTest::addColumn<bool>("record");
        QTest::newRow("default") << false;
        QTest::newRow("setRecordShareKeys(true)") << true;
    }

    void shareKeysInRecordsOnlyWhenAsked() {
        QFETCH(bool, record);
        SecureWebSocketServer server(serverConfig(1));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int serverKeys = 0;
        int serverBoxes = 0;
        connect(&server, &SecureWebSocketServer::handshakeStarted, this, [&](SecureWebSocket *s) {
            if (record)
                s->setRecordShareKeys(true);
            connect(s, &SecureWebSocket::handshakeMessage, this, [&](const HandshakeRecord &r) {
                serverBoxes += r.boxOpened ? 1 : 0;
                serverKeys += r.boxShareKey ? 1 : 0;
            });
        });
        SecureWebSocket client(clientConfig(1));
        if (record)
            client.setRecordShareKeys(true);
        int clientKeys = 0;
        int clientBoxes = 0;
        connect(&client, &SecureWebSocket::handshakeMessage, this, [&](const HandshakeRecord &r) {
            clientBoxes += r.boxOpened ? 1 : 0;
            if (r.boxShareKey) {
                ++clientKeys;
                QCOMPARE(int(r.boxShareKey->size()), kShareKeyBytes);
            }
        });
        QSignalSpy secured(&client, &SecureWebSocket::secured);
        client.open(server.serverUrl());
        QTRY_COMPARE(secured.count(), 1);
        QTRY_COMPARE(serverBoxes, 2);
        QCOMPARE(clientBoxes, 2);
        QCOMPARE(clientKeys, record ? 2 : 0);
        QCOMPARE(serverKeys, record ? 2 : 0);
    }

    void chatRelay() {
        SecureWebSocketServer server(serverConfig(1));
        Room relay(&server, Room::Mode::Chat);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SecureWebSocket a(clientConfig(1)), b(clientConfig(1)), c(clientConfig(1));
        QSignalSpy ra(&a, &SecureWebSocket::binaryMessageReceived);
        QSignalSpy rb(&b, &SecureWebSocket::binaryMessageReceived);
        QSignalSpy rc(&c, &SecureWebSocket::binaryMessageReceived);
        for (auto *s : {&a, &b, &c})
            s->open(server.serverUrl());
        QTRY_COMPARE(server.sessions().size(), 3);
        QTRY_VERIFY(a.state() == SecureWebSocket::State::Secured &&
                    b.state() == SecureWebSocket::State::Secured &&
                    c.state() == SecureWebSocket::State::Secured);
        a.sendBinaryMessage("from a");
        QTRY_COMPARE(rb.count(), 1);
        QTRY_COMPARE(rc.count(), 1);
        QCOMPARE(rb.at(0).at(0).toByteArray(), QByteArray("from a"));
        QCOMPARE(ra.count(), 0); // the sender does not get its own message back
    }

    // The trust layer's verdict comes between the handshake and the first data.
    void peerVerifier_data() {
        QTest::addColumn<int>("decision");
        QTest::newRow("accept") << int(PeerVerifier::Decision::Accept);
        QTest::newRow("reject") << int(PeerVerifier::Decision::Reject);
        QTest::newRow("ask-then-accept") << int(PeerVerifier::Decision::Ask);
        QTest::newRow("ask-then-refuse") << -1;
    }

    void peerVerifier() {
        QFETCH(int, decision);
        struct Fixed : PeerVerifier {
            Result r;
            PeerIdentity seen;
            Result verify(const PeerIdentity &p) override {
                seen = p;
                return r;
            }
        };
        auto verifier = std::make_shared<Fixed>();
        verifier->r.decision =
            decision < 0 ? PeerVerifier::Decision::Ask : PeerVerifier::Decision(decision);
        verifier->r.error = SessionError::PeerKeyChanged;
        verifier->r.reason = QStringLiteral("the server's key changed");

        ServerConfig scfg = serverConfig(1);
        const QByteArray serverKey = scfg.session.keyPair.publicKey;
        SecureWebSocketServer server(std::move(scfg));
        // The server speaks first: nothing of it may reach the client before approval.
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [](SecureWebSocket *s) { s->sendBinaryMessage("greeting"); });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SessionConfig ccfg = clientConfig(1);
        ccfg.verifier = verifier;
        SecureWebSocket client(std::move(ccfg));
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        QSignalSpy ask(&client, &SecureWebSocket::peerApprovalRequired);
        client.open(server.serverUrl());
        const auto d = verifier->r.decision;
        if (d == PeerVerifier::Decision::Accept) {
            QTRY_COMPARE(received.count(), 1);
            QCOMPARE(verifier->seen.publicKey, serverKey);
            QCOMPARE(verifier->seen.endpoint,
                     QStringLiteral("127.0.0.1:%1/").arg(server.serverPort()));
            return;
        }
        if (d == PeerVerifier::Decision::Reject) {
            QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
            QCOMPARE(client.error(), SessionError::PeerKeyChanged);
            QCOMPARE(client.closeCode(), closeCodeFor(SessionError::PeerKeyChanged));
            QVERIFY(client.closeReason().contains(QStringLiteral("changed")));
            QCOMPARE(received.count(), 0);
            return;
        }
        QTRY_COMPARE(ask.count(), 1);
        QCOMPARE(client.state(), SecureWebSocket::State::Verifying);
        QCOMPARE(client.sendBinaryMessage("queued"), qint64(6)); // held, not sent
        // The server's greeting arrives while we wait; it is held, not delivered.
        QTRY_COMPARE(client.heldIncomingMessages(), 1);
        QCOMPARE(received.count(), 0);
        if (decision < 0) {
            client.approvePeer(false, QStringLiteral("not trusted"));
            QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
            QCOMPARE(client.error(), SessionError::PeerKeyNotTrusted);
            QCOMPARE(received.count(), 0);
        } else {
            client.approvePeer(true);
            QCOMPARE(client.state(), SecureWebSocket::State::Secured);
            QTRY_COMPARE(received.count(), 1);
            QCOMPARE(received.at(0).at(0).toByteArray(), QByteArray("greeting"));
        }
    }

    // At the cap a further client is not turned away: it waits until the slot frees.
    void handshakeCap() {
        ServerConfig cfg = serverConfig(1);
        cfg.maxPendingHandshakes = 1;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QWebSocket first, second;
        QSignalSpy firstUp(&first, &QWebSocket::connected);
        first.open(server.serverUrl());
        QTRY_COMPARE(firstUp.count(), 1);
        QTRY_COMPARE(server.handshakesInProgress(), 1);
        QSignalSpy secondUp(&second, &QWebSocket::connected);
        QSignalSpy secondDown(&second, &QWebSocket::disconnected);
        second.open(server.serverUrl());
        QCOMPARE(server.handshakesInProgress(), 1);
        first.abort();
        QTRY_COMPARE(secondUp.count(), 1);
        QTRY_COMPARE(server.handshakesInProgress(), 1);
        QCOMPARE(secondDown.count(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_SecureWebSocket)
#include "tst_securewebsocket.moc"
