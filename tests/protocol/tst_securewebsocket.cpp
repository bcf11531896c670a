// SecureWebSocket and SecureWebSocketServer over real loopback sockets: honest sessions in
// both versions, and hostile peers that must each be closed with their own code while the
// server keeps serving honest clients.
#include "chat/room.h"
#include "handshake/handshake.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QDateTime>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
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

using namespace sws;

namespace {

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

struct Pki {
    cert::CaKey ca;
    BoxKeyPair serverKeys = BoxKeyPair::generate();
    BoxKeyPair clientKeys = BoxKeyPair::generate();
    cert::Certificate serverCert;
    cert::Certificate clientCert;
};

Pki makePki() {
    Pki p{cert::generateCa(QStringLiteral("loopback-ca.test"), nowMs() + 86400000LL, nowMs()),
          BoxKeyPair::generate(),
          BoxKeyPair::generate(),
          {},
          {}};
    cert::CertRequest sreq;
    sreq.publicKey = p.serverKeys.publicKey;
    sreq.names = QStringList{QStringLiteral("localhost")};
    sreq.ips = QStringList{QStringLiteral("127.0.0.1")};
    sreq.tteMs = nowMs() + 3600000LL;
    p.serverCert = *cert::sign(sreq, p.ca, nowMs());
    cert::CertRequest creq = sreq;
    creq.publicKey = p.clientKeys.publicKey;
    creq.names = QStringList{QStringLiteral("client.test")};
    p.clientCert = *cert::sign(creq, p.ca, nowMs());
    return p;
}

ServerConfig serverConfig(int version, const Pki *pki = nullptr, bool requireCert = false) {
    ServerConfig c;
    c.session.version = version;
    c.session.keyPair = pki ? pki->serverKeys.clone() : BoxKeyPair::generate();
    c.session.handshakeTimeoutMs = 1500;
    c.session.closeTimeoutMs = 1000;
    if (pki) {
        c.session.certificate = pki->serverCert;
        c.session.trustedCas = {pki->ca.cert};
        c.session.requireCert = requireCert;
    }
    return c;
}

SessionConfig clientConfig(int version, const Pki *pki = nullptr) {
    SessionConfig c;
    c.version = version;
    c.keyPair = pki ? pki->clientKeys.clone() : BoxKeyPair::generate();
    c.handshakeTimeoutMs = 1500;
    if (pki) {
        c.certificate = pki->clientCert;
        c.trustedCas = {pki->ca.cert};
    }
    return c;
}

// Drives one honest echo round trip of `payloads` through a fresh client.
void echoRoundTrip(SecureWebSocketServer &server, SessionConfig cfg,
                   const QList<QByteArray> &payloads) {
    SecureWebSocket client(std::move(cfg));
    QSignalSpy secured(&client, &SecureWebSocket::secured);
    QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
    client.open(server.serverUrl());
    for (const QByteArray &p : payloads) // queued until secure
        QCOMPARE(client.sendBinaryMessage(p), qint64(p.size()));
    QTRY_COMPARE_WITH_TIMEOUT(secured.count(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), payloads.size(), 10000);
    for (int i = 0; i < payloads.size(); ++i)
        QCOMPARE(received.at(i).at(0).toByteArray(), payloads.at(i));
    QCOMPARE(client.error(), SessionError::None);
    client.close();
    QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
}

QList<QByteArray> payloadSet() {
    QList<QByteArray> out;
    for (int n : {0, 1, 125, 126, 127, 64 * 1024, 1024 * 1024}) {
        QByteArray b(n, Qt::Uninitialized);
        for (int i = 0; i < n; ++i)
            b[i] = static_cast<char>((i * 31 + n) & 0xff);
        out << b;
    }
    return out;
}

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
        QPointer<SecureWebSocket> s = serverSide.at(0).at(0).value<SecureWebSocket *>();
        QTRY_VERIFY(s.isNull() || s->state() == SecureWebSocket::State::Closed);
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
