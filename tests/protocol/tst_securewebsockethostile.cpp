// SecureWebSocketServer and SecureWebSocket against hostile peers over real loopback sockets:
// each must be closed with its own code while the server keeps serving honest clients.
#include "chat/room.h"
#include "securewebsocketfixture.h"

#include <QWebSocket>
#include <QWebSocketServer>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace swstest;

namespace {

// A client that speaks the handshake through the sans-I/O state machine over a raw
// QWebSocket, so a test can send exactly the frames it wants.
struct ManualClient {
    QWebSocket ws;
    std::optional<Handshake> hs;
    std::optional<SecuredSession> session;
    QList<QByteArray> received;
    bool closed = false;

    void connectTo(const QUrl &url, int version = 1) {
        QObject::connect(&ws, &QWebSocket::disconnected, [this] { closed = true; });
        QObject::connect(&ws, &QWebSocket::binaryMessageReceived,
                         [this](const QByteArray &m) { received << m; });
        QObject::connect(&ws, &QWebSocket::textMessageReceived, [this](const QString &t) {
            if (!hs)
                return;
            auto out = hs->receiveText(t.toUtf8());
            for (const auto &s : out.send)
                ws.sendTextMessage(QString::fromUtf8(s));
            if (out.secured)
                session.emplace(hs->takeSession());
        });
        QObject::connect(&ws, &QWebSocket::connected, [this, version] {
            HandshakeConfig c;
            c.role = Role::Client;
            c.version = version;
            c.keyPair = BoxKeyPair::generate();
            hs.emplace(std::move(c));
            for (const auto &s : hs->start().send)
                ws.sendTextMessage(QString::fromUtf8(s));
        });
        ws.open(url);
    }
};

// What a peer that keeps writing an oversized frame sees, from its own thread with blocking
// POSIX calls: whether a write or read failed with a reset, and the close frame it read.
struct WriterOutcome {
    bool upgraded = false;
    int writeErrno = 0; // errno of a failed send(), 0 when the whole frame went out
    int readErrno = 0;  // errno of a failed recv(), 0 when it ended with EOF
    QByteArray received;
};

WriterOutcome writeOversizedFrame(quint16 port, qint64 payloadBytes) {
    WriterOutcome out;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0)
        return out;
    const QByteArray request =
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n";
    (void)::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL);
    QByteArray response;
    char buf[65536];
    while (!response.contains("\r\n\r\n")) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        response.append(buf, n);
    }
    out.upgraded = response.startsWith("HTTP/1.1 101");
    // A masked text frame (mask 0: the payload is sent as is) of nested brackets.
    QByteArray frame("\x81\xff", 2);
    for (int i = 7; i >= 0; --i)
        frame += char((quint64(payloadBytes) >> (8 * i)) & 0xff);
    frame += QByteArray(4, '\0');
    frame += QByteArray(payloadBytes, '[');
    for (qsizetype sent = 0; out.upgraded && sent < frame.size();) {
        const ssize_t n =
            ::send(fd, frame.constData() + sent, size_t(frame.size() - sent), MSG_NOSIGNAL);
        if (n < 0) {
            out.writeErrno = errno;
            break;
        }
        sent += n;
    }
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0)
            out.readErrno = errno;
        if (n <= 0)
            break;
        out.received.append(buf, n);
    }
    ::close(fd);
    return out;
}

} // namespace

class tst_SecureWebSocketHostile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    void untrustedServerCertificateRefused() {
        const Pki pki = makePki();
        const Pki other = makePki(); // a CA the client does not trust
        SecureWebSocketServer server(serverConfig(2, &pki));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SecureWebSocket client(clientConfig(2, &other));
        QSignalSpy errors(&client, &SecureWebSocket::errorOccurred);
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        client.open(server.serverUrl());
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(client.error(), SessionError::CertificateRefused);
        QCOMPARE(client.closeCode(), closeCodeFor(SessionError::CertificateRefused));
        QVERIFY(!client.errorString().isEmpty());
        QCOMPARE(received.count(), 0);
    }

    void hostileHandshake_data() {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<int>("closeCode");
        const auto code = [](SessionError e) { return int(closeCodeFor(e)); };
        const QByteArray key = "[" + QByteArray("9,").repeated(31) + "9]";
        QTest::newRow("not-json") << QByteArray("hello") << false
                                  << code(SessionError::MalformedJson);
        QTest::newRow("array") << QByteArray("[1,2]") << false << code(SessionError::MalformedJson);
        QTest::newRow("wrong-opcode") << QByteArray(R"({"opc":2,"version":1,"s_blackbox_a":[1]})")
                                      << false << code(SessionError::UnexpectedOpcode);
        QTest::newRow("version-mismatch")
            << QByteArray(R"({"opc":0,"version":2,"client_public_key":)" + key +
                          R"(,"nonce":[1,2,3,4,5,6,7,8]})")
            << false << code(SessionError::VersionMismatch);
        QTest::newRow("short-nonce") << QByteArray(R"({"opc":0,"version":1,"client_public_key":)" +
                                                   key + R"(,"nonce":[1,2,3,4,5,6,7]})")
                                     << false << code(SessionError::BadNonceLength);
        QTest::newRow("binary-during-handshake")
            << QByteArray("\x01\x02", 2) << true << code(SessionError::BinaryDuringHandshake);
        // Over the handshake limit, and more than the socket reads in one go: the close frame
        // must still reach the client, not a reset.
        QTest::newRow("200 KB of nested brackets")
            << QByteArray(200 * 1024, '[') << false << code(SessionError::MessageTooBig);
        QTest::newRow("1 MB of nested brackets")
            << QByteArray(1024 * 1024, '[') << false << code(SessionError::MessageTooBig);
    }

    void hostileHandshake() {
        QFETCH(QByteArray, message);
        QFETCH(bool, binary);
        QFETCH(int, closeCode);
        SecureWebSocketServer server(serverConfig(1));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy failed(&server, &SecureWebSocketServer::handshakeFailed);

        QWebSocket raw;
        QSignalSpy connected(&raw, &QWebSocket::connected);
        QSignalSpy disconnected(&raw, &QWebSocket::disconnected);
        raw.open(server.serverUrl());
        QTRY_COMPARE(connected.count(), 1);
        if (binary)
            raw.sendBinaryMessage(message);
        else
            raw.sendTextMessage(QString::fromUtf8(message));
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(int(raw.closeCode()), closeCode);
        QVERIFY(!raw.closeReason().isEmpty());
        QVERIFY(raw.closeReason().toUtf8().size() <= 123);
        QTRY_COMPARE(failed.count(), 1);

        // The server carries on with the next honest client.
        echoRoundTrip(server, clientConfig(1), {QByteArray("still serving")});
    }

    void silentClientTimesOut() {
        ServerConfig cfg = serverConfig(1);
        cfg.session.handshakeTimeoutMs = 200;
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QWebSocket raw;
        QSignalSpy disconnected(&raw, &QWebSocket::disconnected);
        raw.open(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
        QCOMPARE(int(raw.closeCode()), int(closeCodeFor(SessionError::HandshakeTimeout)));
        QTRY_COMPARE(server.handshakesInProgress(), 0);
    }

    void hostileDataFrames_data() {
        QTest::addColumn<QString>("attack");
        QTest::newRow("tampered") << QStringLiteral("tampered");
        QTest::newRow("replayed") << QStringLiteral("replayed");
        QTest::newRow("reordered") << QStringLiteral("reordered");
        QTest::newRow("truncated") << QStringLiteral("truncated");
        QTest::newRow("text-after-handshake") << QStringLiteral("text");
    }

    void hostileDataFrames() {
        QFETCH(QString, attack);
        SecureWebSocketServer server(serverConfig(1));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);
        QSignalSpy closedSessions(&server, &SecureWebSocketServer::sessionClosed);

        ManualClient m;
        m.connectTo(server.serverUrl());
        QTRY_VERIFY(m.session.has_value());
        QTRY_COMPARE(secured.count(), 1);
        // One honest frame first: it must be echoed.
        m.ws.sendBinaryMessage(m.session->tx.seal("ok"));
        QTRY_COMPARE(m.received.size(), 1);
        QCOMPARE(*m.session->rx.open(m.received.at(0)), QByteArray("ok"));

        SessionError expected = SessionError::DecryptFailed;
        if (attack == QLatin1String("tampered")) {
            QByteArray c = m.session->tx.seal("payload");
            c[c.size() - 1] = static_cast<char>(c[c.size() - 1] ^ 1);
            m.ws.sendBinaryMessage(c);
        } else if (attack == QLatin1String("replayed")) {
            const QByteArray c = m.session->tx.seal("once");
            m.ws.sendBinaryMessage(c);
            m.ws.sendBinaryMessage(c);
        } else if (attack == QLatin1String("reordered")) {
            const QByteArray a = m.session->tx.seal("first");
            const QByteArray b = m.session->tx.seal("second");
            m.ws.sendBinaryMessage(b);
            m.ws.sendBinaryMessage(a);
        } else if (attack == QLatin1String("truncated")) {
            m.ws.sendBinaryMessage(m.session->tx.seal("payload").left(10));
        } else {
            m.ws.sendTextMessage(QStringLiteral("plain text"));
            expected = SessionError::TextAfterHandshake;
        }
        QTRY_VERIFY(m.closed);
        QCOMPARE(int(m.ws.closeCode()), int(closeCodeFor(expected)));
        QTRY_COMPARE(closedSessions.count(), 1);
        auto *s = secured.at(0).at(0).value<SecureWebSocket *>();
        Q_UNUSED(s); // deleted later by the server; its code reached the peer above
        if (attack == QLatin1String("replayed"))
            QCOMPARE(m.received.size(), 2); // the first copy was echoed, the replay was not
        echoRoundTrip(server, clientConfig(1), {QByteArray("next client")});
    }

    void hostileServer() {
        // A server that answers ClientHello with a ServerHello whose box is garbage.
        QWebSocketServer raw(QStringLiteral("raw"), QWebSocketServer::NonSecureMode);
        QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
        connect(&raw, &QWebSocketServer::newConnection, this, [&raw] {
            QWebSocket *ws = raw.nextPendingConnection();
            ws->setParent(&raw); // nextPendingConnection hands over ownership
            connect(ws, &QWebSocket::textMessageReceived, ws, [ws](const QString &) {
                const QByteArray key = "[" + QByteArray("7,").repeated(31) + "7]";
                ws->sendTextMessage(QString::fromUtf8(
                    R"({"opc":1,"version":1,"server_public_key":)" + key +
                    R"(,"s_blackbox_a":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18]})"));
            });
        });
        SecureWebSocket client(clientConfig(1));
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(raw.serverPort())));
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(client.error(), SessionError::BoxOpenFailed);
        QCOMPARE(client.closeCode(), closeCodeFor(SessionError::BoxOpenFailed));
    }

    // A peer that is still writing an oversized handshake frame when the server refuses it (as
    // the reference client does) gets the close frame and no reset: the server reads and drops
    // the rest instead of closing on unread data.
    void oversizedHandshakeClosesWithoutReset() {
        ServerConfig cfg = serverConfig(1);
        // The drain ends when the writer closes; the close timeout only bounds it, and must not
        // cut it short on a loaded machine.
        cfg.session.closeTimeoutMs = 20000;
        SecureWebSocketServer server(std::move(cfg));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy failed(&server, &SecureWebSocketServer::handshakeFailed);
        std::atomic<bool> done{false};
        WriterOutcome out;
        std::thread writer([&] {
            out = writeOversizedFrame(server.serverPort(), 16 * 1024 * 1024);
            done = true;
        });
        const bool finished = QTest::qWaitFor([&] { return done.load(); }, 20000);
        writer.join();
        QVERIFY(finished);
        QVERIFY(out.upgraded);
        QCOMPARE(out.writeErrno, 0);
        QCOMPARE(out.readErrno, 0);
        // 0x88: close frame; its first two payload bytes are the code.
        const qsizetype at = out.received.indexOf("\x88");
        QVERIFY(at >= 0 && out.received.size() >= at + 4);
        QCOMPARE((quint8(out.received[at + 2]) << 8) | quint8(out.received[at + 3]),
                 int(closeCodeFor(SessionError::MessageTooBig)));
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).value<SessionError>(), SessionError::MessageTooBig);
        echoRoundTrip(server, clientConfig(1), {QByteArray("still serving")});
    }
};

QTEST_GUILESS_MAIN(tst_SecureWebSocketHostile)
#include "tst_securewebsockethostile.moc"
