// PeerPanel on a hosted room's session: the warning about a Java reference client, whose
// nonces and share keys are predictable, from a real ClientHello over a loopback socket.
#include "crypto/crypto.h"
#include "inspector/peerpanel.h"
#include "inspector/sessiontracker.h"
#include "json/json.h"
#include "session/securewebsocketserver.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace sws;
using namespace sws::ui;

class tst_PeerPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void warnsAboutJavaReferenceClient_data() {
        QTest::addColumn<bool>("javaShape");
        QTest::newRow("Java reference shape") << true;
        QTest::newRow("node-sws shape") << false;
    }
    void warnsAboutJavaReferenceClient() {
        QFETCH(bool, javaShape);
        ServerConfig cfg;
        cfg.session.version = 1;
        cfg.session.keyPair = BoxKeyPair::generate();
        SecureWebSocketServer server(std::move(cfg));
        SessionTracker tracker;
        PeerPanel panel;
        panel.setTracker(&tracker);
        connect(&server, &SecureWebSocketServer::handshakeStarted, &tracker,
                [&](SecureWebSocket *s) { tracker.attach(s, s->peerAddress().toString()); });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        const QByteArray key =
            json::serialize(json::bytesToArray(BoxKeyPair::generate().publicKey));
        const QByteArray nonce = json::serialize(json::bytesToArray(randomBytes(8)));
        const QByteArray hello = javaShape
                                     ? "{\"opc\":0,\"version\":1,\"nonce\":" + nonce +
                                           ",\"client_public_key\":" + key + "}"
                                     : "{\"opc\":0,\"version\":1,\"client_public_key\":" + key +
                                           ",\"nonce\":" + nonce + "}";
        QWebSocket client;
        QSignalSpy reply(&client, &QWebSocket::textMessageReceived);
        connect(&client, &QWebSocket::connected, &client,
                [&] { client.sendTextMessage(QString::fromUtf8(hello)); });
        client.open(server.serverUrl());
        // The ServerHello arrives after the server handled (and recorded) the ClientHello.
        QTRY_COMPARE_WITH_TIMEOUT(reply.size(), 1, 10000);
        QVERIFY(!tracker.info().peerPublicKey.isEmpty());
        QCOMPARE(tracker.info().javaReferenceClient, javaShape);
        QCOMPARE(panel.javaClientWarning()->isVisibleTo(&panel), javaShape);
        QVERIFY(panel.javaClientWarning()->text().contains(QStringLiteral("java.util.Random")));
        QVERIFY(panel.javaClientWarning()->text().contains(
            QStringLiteral("Anyone who saw this handshake can read the session")));
        client.close();
    }
};

QTEST_MAIN(tst_PeerPanel)
#include "tst_peerpanel.moc"
