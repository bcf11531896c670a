// SecureWebSocket when the connection itself fails or ends badly: refused, dropped without a
// close frame, cancelled while connecting, or made to a server that is not an SWS server.
#include "securewebsocketfixture.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace swstest;

namespace {

// A TCP relay in front of a server whose connections a test can cut without any close frame.
class CuttableProxy {
public:
    explicit CuttableProxy(quint16 target)
        : m_target(target) {
        QObject::connect(&m_listener, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *in = m_listener.nextPendingConnection()) {
                auto *out = new QTcpSocket(in);
                m_pairs.append(qMakePair(in, out));
                QObject::connect(in, &QTcpSocket::readyRead, out, [in, out] {
                    if (out->state() == QAbstractSocket::ConnectedState)
                        out->write(in->readAll());
                });
                QObject::connect(out, &QTcpSocket::connected, in,
                                 [in, out] { out->write(in->readAll()); });
                QObject::connect(out, &QTcpSocket::readyRead, in,
                                 [in, out] { in->write(out->readAll()); });
                out->connectToHost(QHostAddress::LocalHost, m_target);
            }
        });
    }
    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_listener.serverPort()));
    }
    // Drops both TCP connections at once: neither side gets a close frame.
    void cutAll() {
        for (const auto &[in, out] : m_pairs) {
            out->abort();
            in->abort();
        }
    }

private:
    QTcpServer m_listener;
    quint16 m_target;
    QList<QPair<QTcpSocket *, QTcpSocket *>> m_pairs;
};

} // namespace

class tst_SecureWebSocketConnection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    void connectionRefused() {
        QTcpServer probe; // find a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        SecureWebSocket client(clientConfig(1));
        QSignalSpy errors(&client, &SecureWebSocket::errorOccurred);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(client.error(), SessionError::ConnectionFailed);
        QVERIFY(errors.count() >= 1);
    }

    // A TCP connection that drops without a close frame is an abnormal closure (1006) on both
    // sides, not a normal close (1000).
    void tcpDropIsAbnormalClosure() {
        SecureWebSocketServer server(serverConfig(1));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QPointer<SecureWebSocket> atServer;
        quint16 serverSawCode = 0;
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [&](SecureWebSocket *s) { atServer = s; });
        connect(&server, &SecureWebSocketServer::sessionClosed, this,
                [&](SecureWebSocket *s) { serverSawCode = s->closeCode(); });
        CuttableProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        SecureWebSocket client(clientConfig(1));
        QSignalSpy secured(&client, &SecureWebSocket::secured);
        QSignalSpy down(&client, &SecureWebSocket::disconnected);
        client.open(proxy.url());
        QTRY_COMPARE(secured.count(), 1);
        QTRY_VERIFY(atServer);
        proxy.cutAll();
        QTRY_COMPARE(down.count(), 1);
        QCOMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(int(client.closeCode()), 1006);
        QVERIFY(client.closeReason().isEmpty());
        QTRY_COMPARE(int(serverSawCode), 1006);
    }

    // close() while the connection is still being made is a cancel: no failure is reported.
    void closeWhileConnectingIsACancel() {
        QTcpServer silent; // accepts TCP, never answers the HTTP upgrade
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QSignalSpy accepted(&silent, &QTcpServer::newConnection);
        SecureWebSocket client(clientConfig(1));
        QSignalSpy errors(&client, &SecureWebSocket::errorOccurred);
        QSignalSpy states(&client, &SecureWebSocket::stateChanged);
        QSignalSpy down(&client, &SecureWebSocket::disconnected);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort())));
        QTRY_COMPARE(accepted.count(), 1);
        QCOMPARE(client.state(), SecureWebSocket::State::Connecting);
        client.close();
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(down.count(), 1);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(client.error(), SessionError::Cancelled);
        QCOMPARE(client.errorString(), QStringLiteral("cancelled by the user"));
        QCOMPARE(states.last().at(0).value<SecureWebSocket::State>(),
                 SecureWebSocket::State::Closed);
    }

    // An HTTP server that answers the upgrade with 200 is named for what it is.
    void notAWebSocketServer() {
        QTcpServer http;
        QVERIFY(http.listen(QHostAddress::LocalHost, 0));
        connect(&http, &QTcpServer::newConnection, this, [&http] {
            QTcpSocket *s = http.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s] {
                if (!s->readAll().contains("\r\n\r\n"))
                    return;
                s->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n"
                         "Connection: close\r\n\r\n<html></html>");
                s->disconnectFromHost();
            });
        });
        SecureWebSocket client(clientConfig(1));
        QSignalSpy errors(&client, &SecureWebSocket::errorOccurred);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(http.serverPort())));
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(client.error(), SessionError::NotWebSocketServer);
        QCOMPARE(client.errorString(), QStringLiteral("not a WebSocket server (HTTP 200)"));
        QCOMPARE(int(client.closeCode()), 1006);
        QCOMPARE(errors.count(), 1);
    }

    // A WebSocket server that does not speak SWS: it echoes, greets, or sends binary.
    void notAnSwsServer_data() {
        QTest::addColumn<QString>("behaviour");
        QTest::newRow("echo") << QStringLiteral("echo");
        QTest::newRow("greeting") << QStringLiteral("hello");
        QTest::newRow("JSON without opc") << QStringLiteral("json");
        QTest::newRow("binary") << QStringLiteral("binary");
    }

    void notAnSwsServer() {
        QFETCH(QString, behaviour);
        QWebSocketServer raw(QStringLiteral("raw"), QWebSocketServer::NonSecureMode);
        QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
        connect(&raw, &QWebSocketServer::newConnection, this, [&raw, behaviour] {
            QWebSocket *ws = raw.nextPendingConnection();
            ws->setParent(&raw);
            if (behaviour == QStringLiteral("hello"))
                ws->sendTextMessage(QStringLiteral("hello"));
            else if (behaviour == QStringLiteral("json"))
                ws->sendTextMessage(QStringLiteral(R"({"type":"welcome"})"));
            else if (behaviour == QStringLiteral("binary"))
                ws->sendBinaryMessage(QByteArray("\x00\x01", 2));
            else
                connect(ws, &QWebSocket::textMessageReceived, ws,
                        [ws](const QString &m) { ws->sendTextMessage(m); });
        });
        SecureWebSocket client(clientConfig(1));
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(raw.serverPort())));
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(client.error(), SessionError::NotSwsServer);
        QVERIFY2(client.errorString().startsWith(
                     QStringLiteral("a WebSocket server that does not speak SWS")),
                 qPrintable(client.errorString()));
        QCOMPARE(int(client.closeCode()), 1002);
    }
};

QTEST_GUILESS_MAIN(tst_SecureWebSocketConnection)
#include "tst_securewebsocketconnection.moc"
