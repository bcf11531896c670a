// HandshakeModel fed by real loopback sessions (through SessionTracker): all six steps on both
// sides of an honest v1 and v2 handshake, and each kind of failure at the step where it
// happened with its error name and close code.
#include "inspector/handshakemodel.h"
#include "inspector/sessiontracker.h"
#include "session/securewebsocketserver.h"
#include "testpki.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace sws;
using namespace sws::ui;
using Step = HandshakeModel::Step;
using Status = HandshakeModel::Status;

namespace {

// A server whose sessions are tracked as the desktop app tracks a room's members.
struct TrackedServer {
    SecureWebSocketServer server;
    QList<SessionTracker *> trackers;
    QObject owner;

    explicit TrackedServer(ServerConfig c)
        : server(std::move(c)) {
        QObject::connect(&server, &SecureWebSocketServer::handshakeStarted, &owner,
                         [this](SecureWebSocket *s) {
                             auto *t = new SessionTracker(&owner);
                             t->attach(s, s->peerAddress().toString());
                             trackers << t;
                         });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    }
};

ServerConfig serverConfig(int version, const TestPki *pki, bool requireCert = false) {
    ServerConfig c;
    c.session.version = version;
    c.session.keyPair = pki ? pki->serverKeys.clone() : BoxKeyPair::generate();
    c.session.handshakeTimeoutMs = 2000;
    if (pki && version == 2) {
        c.session.certificate = pki->serverCert;
        c.session.trustedCas = {pki->ca.cert};
        c.session.requireCert = requireCert;
    }
    return c;
}

} // namespace

class tst_HandshakeModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void honestHandshakeFillsAllSteps_data() {
        QTest::addColumn<int>("version");
        QTest::newRow("v1") << 1;
        QTest::newRow("v2") << 2;
    }
    void honestHandshakeFillsAllSteps() {
        QFETCH(int, version);
        const TestPki pki = TestPki::make();
        TrackedServer ts(serverConfig(version, &pki, version == 2));
        SessionConfig cc;
        cc.version = version;
        cc.keyPair = pki.clientKeys.clone();
        if (version == 2) {
            cc.trustedCas = {pki.ca.cert};
            cc.certificate = pki.clientCert;
        }
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        tracker.attach(&client, ts.server.serverUrl().toString());
        client.open(ts.server.serverUrl());
        QTRY_COMPARE(tracker.state(), SessionState::Secured);
        QTRY_COMPARE(ts.trackers.size(), 1);
        SessionTracker &server = *ts.trackers.first();
        QTRY_COMPARE(server.state(), SessionState::Secured);

        for (SessionTracker *t : {&tracker, &server}) {
            const HandshakeModel &m = *t->handshake();
            QCOMPARE(m.rowCount(), 6);
            QCOMPARE(m.failedStep(), -1);
            QVERIFY(m.isComplete());
            qint64 previous = m.startMs();
            for (int i = 0; i < HandshakeModel::kStepCount; ++i) {
                QCOMPARE(m.step(i).status, Status::Done);
                QVERIFY2(m.step(i).timeMs >= previous, qPrintable(QString::number(i)));
                previous = m.step(i).timeMs;
                QCOMPARE(m.index(i, 0).data(HandshakeModel::StatusRole).value<Status>(),
                         Status::Done);
            }
            QVERIFY(m.step(Step::ClientHello).record);
            QVERIFY(m.step(Step::ServerHello).record);
            QVERIFY(m.step(Step::ClientVerifies).record);
            QCOMPARE(m.step(Step::ClientVerifies).record->step, HandshakeStep::ClientReady);
        }
        const HandshakeModel &cm = *tracker.handshake();
        QCOMPARE(cm.role(), Role::Client);
        QCOMPARE(cm.step(Step::ClientHello).record->direction, HandshakeRecord::Direction::Sent);
        QVERIFY(cm.step(Step::ServerVerifies).implicit); // not observable from the client
        QVERIFY(!server.handshake()->step(Step::ServerVerifies).implicit);
        // The client checked the server's ServerHello box and holds its share key.
        QVERIFY(cm.step(Step::ClientVerifies).verified);
        QVERIFY(cm.step(Step::ClientVerifies).verified->boxOpened);
        QCOMPARE(int(cm.step(Step::ClientVerifies).verified->boxShareKey->size()), kShareKeyBytes);
        QCOMPARE(tracker.info().peerPublicKey, pki.serverKeys.publicKey);
        QCOMPARE(server.info().peerPublicKey, pki.clientKeys.publicKey);
        if (version == 2) {
            QVERIFY(cm.step(Step::ClientVerifies).verdict);
            QVERIFY(cm.step(Step::ClientVerifies).verdict->valid);
            QVERIFY(cm.step(Step::ClientVerifies).summary.contains(QStringLiteral("valid")));
            QVERIFY(server.handshake()->step(Step::ServerVerifies).verdict);
            QVERIFY(tracker.info().peerCertificate);
            QVERIFY(server.info().peerVerdict && server.info().peerVerdict->valid);
        } else {
            QVERIFY(!cm.step(Step::ClientVerifies).verdict);
        }
    }

    void wrongCaFailsWhereTheClientVerifies() {
        const TestPki pki = TestPki::make();
        TrackedServer ts(serverConfig(2, &pki));
        SessionConfig cc;
        cc.version = 2;
        cc.trustedCas = {pki.otherCa.cert}; // did not sign the server's certificate
        cc.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        tracker.attach(&client, ts.server.serverUrl().toString());
        client.open(ts.server.serverUrl());
        QTRY_COMPARE(tracker.state(), SessionState::Failed);
        const HandshakeModel &m = *tracker.handshake();
        QCOMPARE(m.failedStep(), static_cast<int>(Step::ClientVerifies));
        QCOMPARE(m.step(Step::ServerHello).status, Status::Done); // the message itself was fine
        const auto &f = m.step(Step::ClientVerifies).failure;
        QVERIFY(f);
        QCOMPARE(f->name, QStringLiteral("CertificateRefused"));
        QCOMPARE(f->closeCode, quint16(4013));
        QCOMPARE(f->rule, cert::ruleName(cert::Rule::CaTrusted));
        QVERIFY(m.step(Step::ClientVerifies).verdict);
        QVERIFY(!m.step(Step::ClientVerifies).verdict->valid);
        QCOMPARE(m.step(Step::ServerVerifies).status, Status::Skipped);
        QCOMPARE(m.step(Step::Secured).status, Status::Skipped);
        QCOMPARE(tracker.info().errorName, QStringLiteral("CertificateRefused"));
        QCOMPARE(tracker.info().closeCode, quint16(4013));
        QVERIFY(m.index(3, static_cast<int>(HandshakeModel::Column::Summary))
                    .data()
                    .toString()
                    .contains(QStringLiteral("4013")));
        // The server saw the client close during the handshake, with the client's code.
        QTRY_COMPARE(ts.trackers.size(), 1);
        QTRY_COMPARE(ts.trackers.first()->state(), SessionState::Failed);
        const HandshakeModel &sm = *ts.trackers.first()->handshake();
        QCOMPARE(sm.failedStep(), static_cast<int>(Step::ClientVerifies));
        QCOMPARE(sm.step(Step::ClientVerifies).failure->closeCode, quint16(4013));
        QVERIFY(sm.step(Step::ClientVerifies).failure->byPeer);
    }

    void serverRefusalIsStepFiveOnTheClient() {
        const TestPki pki = TestPki::make();
        TrackedServer ts(serverConfig(2, &pki, true));
        SessionConfig cc;
        cc.version = 2;
        cc.trustedCas = {pki.ca.cert};
        cc.keyPair = pki.clientKeys.clone();
        cc.certificate = pki.clientOtherCert; // signed by a CA the server does not trust
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        tracker.attach(&client, ts.server.serverUrl().toString());
        client.open(ts.server.serverUrl());
        QTRY_COMPARE(ts.trackers.size(), 1);
        QTRY_COMPARE(ts.trackers.first()->state(), SessionState::Failed);
        const HandshakeModel &sm = *ts.trackers.first()->handshake();
        QCOMPARE(sm.failedStep(), static_cast<int>(Step::ServerVerifies));
        QCOMPARE(sm.step(Step::ServerVerifies).failure->closeCode, quint16(4013));
        QCOMPARE(sm.step(Step::ClientVerifies).status, Status::Done);

        QTRY_COMPARE(tracker.state(), SessionState::Failed);
        const HandshakeModel &cm = *tracker.handshake();
        QCOMPARE(cm.failedStep(), static_cast<int>(Step::ServerVerifies));
        QCOMPARE(cm.step(Step::ServerVerifies).failure->closeCode, quint16(4013));
        QCOMPARE(cm.step(Step::ServerVerifies).failure->name, QStringLiteral("CertificateRefused"));
        QVERIFY(cm.step(Step::ServerVerifies).failure->byPeer);
        QCOMPARE(cm.step(Step::Secured).status, Status::Failed);
    }

    // Only codes that mean "the server refused our ClientReady" are step 5: a server that ends a
    // fresh session with another code (here 4021, PeerNotReading) closed it, and the code is
    // shown as itself.
    void otherCloseCodeIsNotAStepFiveRefusal_data() {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("name");
        QTest::newRow("4021") << 4021 << QStringLiteral("PeerNotReading");
        QTest::newRow("4050") << 4050 << QStringLiteral("server busy");
        QTest::newRow("1011") << 1011 << QStringLiteral("internal error");
    }
    void otherCloseCodeIsNotAStepFiveRefusal() {
        QFETCH(int, code);
        QFETCH(QString, name);
        SecureWebSocketServer server(serverConfig(1, nullptr));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [code](SecureWebSocket *s) { s->close(quint16(code), QStringLiteral("bye")); });
        SessionConfig cc;
        cc.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        tracker.attach(&client, server.serverUrl().toString());
        client.open(server.serverUrl());
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(tracker.state(), SessionState::Closed);
        QCOMPARE(tracker.info().closeCode, quint16(code));
        QVERIFY(tracker.info().errorName.isEmpty());
        const HandshakeModel &m = *tracker.handshake();
        QCOMPARE(m.failedStep(), -1);
        QCOMPARE(m.step(Step::Secured).status, Status::Done);
        QCOMPARE(tracker.endText(), QStringLiteral("close %1 (%2): bye").arg(code).arg(name));
    }

    // A refusal code still is step 5 (4041: the server's pin policy refused our key).
    void pinRefusalIsStepFive() {
        SecureWebSocketServer server(serverConfig(1, nullptr));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [](SecureWebSocket *s) {
            s->close(closeCodeFor(SessionError::PeerKeyNotTrusted), QStringLiteral("not pinned"));
        });
        SessionConfig cc;
        cc.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        tracker.attach(&client, server.serverUrl().toString());
        client.open(server.serverUrl());
        QTRY_COMPARE(tracker.state(), SessionState::Failed);
        const HandshakeModel &m = *tracker.handshake();
        QCOMPARE(m.failedStep(), static_cast<int>(Step::ServerVerifies));
        QCOMPARE(m.step(Step::ServerVerifies).failure->name, QStringLiteral("PeerKeyNotTrusted"));
        QVERIFY(tracker.endText().contains(QStringLiteral("4041")));
    }

    // close() while connecting is a cancel: the session shows "cancelled", not a failure.
    void closeWhileConnectingShowsCancelled() {
        QTcpServer silent; // accepts TCP, never answers the upgrade
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QSignalSpy accepted(&silent, &QTcpServer::newConnection);
        SessionConfig cc;
        cc.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        QUrl url(QStringLiteral("ws://127.0.0.1/"));
        url.setPort(silent.serverPort());
        tracker.attach(&client, url.toString());
        client.open(url);
        QTRY_COMPARE(accepted.count(), 1);
        client.close();
        QTRY_COMPARE(tracker.state(), SessionState::Cancelled);
        QCOMPARE(sessionStateName(tracker.state()), QStringLiteral("cancelled"));
        QVERIFY(tracker.info().errorName.isEmpty());
        QCOMPARE(tracker.handshake()->failedStep(), -1);
        QCOMPARE(tracker.endText(), QStringLiteral("cancelled by the user"));
    }

    void versionMismatchFailsAwaitingServerHello() {
        const TestPki pki = TestPki::make();
        TrackedServer ts(serverConfig(2, &pki));
        SessionConfig cc; // version 1 against a version 2 server
        cc.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        tracker.attach(&client, ts.server.serverUrl().toString());
        client.open(ts.server.serverUrl());
        QTRY_COMPARE(tracker.state(), SessionState::Failed);
        const HandshakeModel &m = *tracker.handshake();
        QCOMPARE(m.step(Step::ClientHello).status, Status::Done);
        QCOMPARE(m.failedStep(), static_cast<int>(Step::ServerHello));
        QTRY_COMPARE(m.step(Step::ServerHello).failure->closeCode, quint16(4004));
        QCOMPARE(m.step(Step::ServerHello).failure->name,
                 sessionErrorName(SessionError::PeerClosedDuringHandshake));
        // The server's own view: its ClientHello step failed with VersionMismatch.
        QTRY_COMPARE(ts.trackers.size(), 1);
        const HandshakeModel &sm = *ts.trackers.first()->handshake();
        QTRY_COMPARE(sm.failedStep(), static_cast<int>(Step::ClientHello));
        QCOMPARE(sm.step(Step::ClientHello).failure->name, QStringLiteral("VersionMismatch"));
    }

    void refusedConnectionFailsAtConnect() {
        QTcpServer probe; // find a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        SessionConfig cc;
        cc.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cc));
        SessionTracker tracker;
        QUrl url(QStringLiteral("ws://127.0.0.1/"));
        url.setPort(port);
        tracker.attach(&client, url.toString());
        client.open(url);
        QTRY_COMPARE(tracker.state(), SessionState::Failed);
        const HandshakeModel &m = *tracker.handshake();
        QCOMPARE(m.failedStep(), static_cast<int>(Step::Connect));
        QCOMPARE(m.step(Step::Connect).failure->name, QStringLiteral("ConnectionFailed"));
        QCOMPARE(m.step(Step::Connect).failure->closeCode, quint16(0));
        for (int i = 1; i < HandshakeModel::kStepCount; ++i)
            QCOMPARE(m.step(i).status, Status::Skipped);
    }
};

QTEST_MAIN(tst_HandshakeModel)
#include "tst_handshakemodel.moc"
