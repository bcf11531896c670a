// SessionCore against SecureWebSocket: the same client script run over real loopback sockets
// (SecureWebSocket against an echoing SecureWebSocketServer) and in memory (two SessionCores,
// the server core echoing) gives the same client events in the same order. The safety net for
// moving SecureWebSocket onto SessionCore.
#include "chat/room.h"
#include "sessioncorewire.h"

#include <QSignalSpy>
#include <QTest>

using namespace sws;
using namespace sessioncoretest;

namespace {

enum class Verify { None, AskApprove, AskRefuse };

QString stateName(SecureWebSocket::State s) {
    return sessionStateName(SessionCore::State(int(s)));
}

} // namespace

class tst_SessionCoreParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    void clientEvents_data() {
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("verify");
        QTest::newRow("v1") << 1 << int(Verify::None);
        QTest::newRow("v2") << 2 << int(Verify::None);
        QTest::newRow("v1, approval asked and given") << 1 << int(Verify::AskApprove);
        QTest::newRow("v2, approval asked and refused") << 2 << int(Verify::AskRefuse);
    }
    // Two messages queued before open(), echoed back; then close(1000, "bye") — or the refusal.
    void clientEvents() {
        QFETCH(int, version);
        QFETCH(int, verify);
        const auto mode = Verify(verify);
        Configs cfg = configs(version);
        cfg.server.firstFrameGraceMs = 60;
        if (mode != Verify::None)
            cfg.client.verifier = std::make_shared<Fixed>(PeerVerifier::Decision::Ask);
        const QList<QByteArray> messages{"first", QByteArray(3000, 'b')};

        // In memory.
        Wire w(cfg.client, cfg.server);
        for (const QByteArray &m : messages)
            QCOMPARE(w.send(Wire::kClient, m), qint64(m.size()));
        w.connect();
        auto echo = [&w] {
            int echoed = 0;
            while (w.step()) {
                while (echoed < w.side[Wire::kServer].received.size())
                    w.send(Wire::kServer, w.side[Wire::kServer].received.at(echoed++));
            }
        };
        echo();
        if (mode != Verify::None)
            w.call(Wire::kClient, w.client().approvePeer(mode == Verify::AskApprove));
        echo();
        if (mode != Verify::AskRefuse) {
            QCOMPARE(w.side[Wire::kClient].received, messages);
            w.call(Wire::kClient, w.client().close(1000, QStringLiteral("bye")));
            echo();
        }
        QCOMPARE(w.client().state(), SessionCore::State::Closed);
        const QStringList expected = w.side[Wire::kClient].events();

        // Over sockets.
        ServerConfig serverCfg;
        serverCfg.session = cfg.server;
        SecureWebSocketServer server(std::move(serverCfg));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SecureWebSocket client(cfg.client);
        QStringList got;
        connect(&client, &SecureWebSocket::stateChanged, this, [&got](SecureWebSocket::State s) {
            got << QStringLiteral("StateChanged(%1)").arg(stateName(s));
        });
        connect(&client, &SecureWebSocket::handshakeMessage, this,
                [&got](const HandshakeRecord &r) {
                    got << (r.direction == HandshakeRecord::Direction::Sent
                                ? QStringLiteral("Sent ")
                                : QStringLiteral("Received ")) +
                               handshakeStepName(r.step);
                });
        connect(&client, &SecureWebSocket::peerCertificateChecked, this,
                [&got] { got << QStringLiteral("PeerCertificateChecked"); });
        connect(&client, &SecureWebSocket::peerApprovalRequired, this,
                [&got] { got << QStringLiteral("PeerApprovalRequired"); });
        connect(&client, &SecureWebSocket::secured, this,
                [&got] { got << QStringLiteral("Secured"); });
        QList<QByteArray> received;
        connect(&client, &SecureWebSocket::binaryMessageReceived, this, [&](const QByteArray &m) {
            got << QStringLiteral("MessageReceived");
            received << m;
        });
        connect(&client, &SecureWebSocket::errorOccurred, this, [&got](SessionError e) {
            got << QStringLiteral("Error(%1)").arg(sessionErrorName(e));
        });
        connect(&client, &SecureWebSocket::disconnected, this,
                [&got, &client] { got << QStringLiteral("Closed(%1)").arg(client.closeCode()); });
        for (const QByteArray &m : messages)
            QCOMPARE(client.sendBinaryMessage(m), qint64(m.size()));
        client.open(server.serverUrl());
        if (mode != Verify::None) {
            QTRY_COMPARE(client.state(), SecureWebSocket::State::Verifying);
            client.approvePeer(mode == Verify::AskApprove);
        }
        if (mode != Verify::AskRefuse) {
            QTRY_COMPARE(received, messages);
            client.close(1000, QStringLiteral("bye"));
        }
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(got, expected);
        QCOMPARE(client.closeReason(), w.client().closeReason());
    }
};

QTEST_GUILESS_MAIN(tst_SessionCoreParity)
#include "tst_sessioncoreparity.moc"
