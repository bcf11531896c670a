// Live interop with the reference implementation (npm node-sws 1.2.1): our client against
// its server and its client against our server, v1 and v2 (with and without client
// certificates), certificates made by either side's tools, every message echoed byte-exact.
// Needs node and tests/interop/node_modules (scripts/deps.sh); under CI a missing peer fails.
#include "cert/keyfiles.h"
#include "chat/room.h"
#include "nodepeer.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace sws;
using namespace interop;

namespace {

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

QList<QByteArray> payloads() {
    QList<QByteArray> out;
    for (int n : {0, 1, 125, 126, 127, 65536, 1024 * 1024}) {
        QByteArray b(n, Qt::Uninitialized);
        for (int i = 0; i < n; ++i)
            b[i] = static_cast<char>((i * 7 + n) & 0xff);
        out << b;
    }
    out << QByteArray("h\xc3\xa9llo \xe4\xb8\xad");
    return out;
}

} // namespace

class tst_Interop : public QObject {
    Q_OBJECT

    QString m_node;
    QTemporaryDir m_refPki; // made by the reference CLI (make-pki.sh)
    QTemporaryDir m_ourPki; // made by our code (keyfiles + naclcert)

    QString ref(const QString &f) const { return m_refPki.filePath(f); }
    QString ours(const QString &f) const { return m_ourPki.filePath(f); }

    // Runs ref-client.js to the end; returns its exit code and stdout lines.
    int runNodeClient(const QUrl &url, const QStringList &args, const QList<QByteArray> &messages,
                      QList<QByteArray> *replies, QByteArray *stderrOut = nullptr) {
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("messages.txt")));
        if (!f.open(QIODevice::WriteOnly))
            return -1;
        for (const QByteArray &m : messages)
            f.write(m.toHex() + '\n');
        f.close();
        QProcess p;
        p.setWorkingDirectory(kInteropDir);
        p.start(m_node, QStringList{QStringLiteral("ref-client.js"), url.toString(),
                                    QStringLiteral("--messages-file"), f.fileName()} +
                            args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return -2;
        }
        for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
            if (!line.isEmpty() || replies->size() < messages.size())
                replies->append(QByteArray::fromHex(line));
        while (!replies->isEmpty() && replies->size() > messages.size() &&
               replies->last().isEmpty())
            replies->removeLast(); // the split's trailing empty piece
        if (stderrOut)
            *stderrOut = p.readAllStandardError();
        return p.exitCode();
    }

    // Our client: open, send every payload, expect each echoed byte-exact.
    void cppClientEcho(const QUrl &url, SessionConfig cfg, const QList<QByteArray> &sent,
                       const QByteArray &greeting = {}) {
        SecureWebSocket client(std::move(cfg));
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        client.open(url);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), SecureWebSocket::State::Secured, 10000);
        const int offset = greeting.isEmpty() ? 0 : 1;
        if (offset) {
            QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, 10000);
            QCOMPARE(received.at(0).at(0).toByteArray(), greeting);
        }
        for (const QByteArray &m : sent)
            QCOMPARE(client.sendBinaryMessage(m), qint64(m.size()));
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), sent.size() + offset, 30000);
        for (int i = 0; i < sent.size(); ++i)
            QCOMPARE(received.at(i + offset).at(0).toByteArray(), sent.at(i));
        QCOMPARE(client.error(), SessionError::None);
        client.close();
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
    }

    SessionConfig configFrom(const QString &key, const QString &cert, const QString &ca,
                             int version) {
        SessionConfig c;
        c.version = version;
        c.keyPair = std::move(*keyfiles::readBoxKeyPair(key));
        if (!cert.isEmpty())
            c.certificate = *keyfiles::readCertificate(cert);
        if (!ca.isEmpty())
            c.trustedCas = {*keyfiles::readCertificate(ca)};
        c.handshakeTimeoutMs = 10000;
        return c;
    }

    // Row columns shared by both directions.
    void addPkiRows() {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("requireCert");
        QTest::addColumn<QString>("pki"); // "ref" or "ours"
        QTest::newRow("v1") << 1 << false << QString();
        QTest::newRow("v2-reference-certs") << 2 << false << QStringLiteral("ref");
        QTest::newRow("v2-our-certs") << 2 << false << QStringLiteral("ours");
        QTest::newRow("v2-requireCert-reference-certs") << 2 << true << QStringLiteral("ref");
        QTest::newRow("v2-requireCert-our-certs") << 2 << true << QStringLiteral("ours");
    }
    QString pkiFile(const QString &pki, const QString &name) {
        return pki == QLatin1String("ours") ? ours(name) : ref(name);
    }

private Q_SLOTS:
    void initTestCase() {
        SWS_REQUIRE_REFERENCE_NODE(m_node);
        QVERIFY(m_refPki.isValid() && m_ourPki.isValid());
        QByteArray errors;
        QVERIFY2(makeReferencePki(m_refPki.path(), &errors), errors.constData());

        // The same layout made by our own code.
        const qint64 now = nowMs();
        const cert::CaKey ca =
            cert::generateCa(QStringLiteral("our-ca"), now + 10 * 86400000LL, now);
        QVERIFY(keyfiles::writeCertificate(ours(QStringLiteral("interop-ca-ca-cert.json")), ca.cert,
                                           false));
        for (const QString &who : {QStringLiteral("server"), QStringLiteral("client")}) {
            const BoxKeyPair kp = BoxKeyPair::generate();
            QVERIFY(keyfiles::writeBoxKeyPair(ours(who + QStringLiteral("-kp.json")), kp, false));
            cert::CertRequest req;
            req.publicKey = kp.publicKey;
            req.names = who == QLatin1String("server") ? QStringList{QStringLiteral("localhost")}
                                                       : QStringList{QStringLiteral("client")};
            req.ips = QStringList{QStringLiteral("127.0.0.1")};
            req.tteMs = now + 86400000LL;
            auto c = cert::sign(req, ca, now);
            QVERIFY(c);
            QVERIFY(
                keyfiles::writeCertificate(ours(who + QStringLiteral("-cert.json")), *c, false));
        }
    }

    // C++ client -> node-sws server.
    void cppClientToNodeServer_data() { addPkiRows(); }
    void cppClientToNodeServer() {
        QFETCH(int, version);
        QFETCH(bool, requireCert);
        QFETCH(QString, pki);
        QStringList args{QStringLiteral("--version"), QString::number(version)};
        if (version == 2) {
            args << QStringLiteral("--key") << pkiFile(pki, QStringLiteral("server-kp.json"))
                 << QStringLiteral("--cert") << pkiFile(pki, QStringLiteral("server-cert.json"))
                 << QStringLiteral("--ca")
                 << pkiFile(pki, QStringLiteral("interop-ca-ca-cert.json"));
            if (requireCert)
                args << QStringLiteral("--require-cert");
        }
        NodeServer server;
        QVERIFY(server.start(m_node, args));
        SessionConfig cfg;
        if (version == 2)
            cfg = configFrom(pkiFile(pki, QStringLiteral("client-kp.json")),
                             pkiFile(pki, QStringLiteral("client-cert.json")),
                             pkiFile(pki, QStringLiteral("interop-ca-ca-cert.json")), 2);
        else
            cfg.keyPair = BoxKeyPair::generate();
        cppClientEcho(server.url, std::move(cfg), payloads());
    }

    // node-sws client -> C++ server.
    void nodeClientToCppServer_data() { addPkiRows(); }
    void nodeClientToCppServer() {
        QFETCH(int, version);
        QFETCH(bool, requireCert);
        QFETCH(QString, pki);
        ServerConfig cfg;
        QStringList clientArgs{QStringLiteral("--version"), QString::number(version),
                               QStringLiteral("--timeout"), QStringLiteral("30")};
        if (version == 2) {
            cfg.session = configFrom(pkiFile(pki, QStringLiteral("server-kp.json")),
                                     pkiFile(pki, QStringLiteral("server-cert.json")),
                                     pkiFile(pki, QStringLiteral("interop-ca-ca-cert.json")), 2);
            cfg.session.requireCert = requireCert;
            clientArgs << QStringLiteral("--key") << pkiFile(pki, QStringLiteral("client-kp.json"))
                       << QStringLiteral("--cert")
                       << pkiFile(pki, QStringLiteral("client-cert.json")) << QStringLiteral("--ca")
                       << pkiFile(pki, QStringLiteral("interop-ca-ca-cert.json"));
        } else {
            cfg.session.keyPair = BoxKeyPair::generate();
        }
        SecureWebSocketServer server(std::move(cfg));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);
        bool peerHadCertificate = false; // read while the session lives
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [&peerHadCertificate](SecureWebSocket *s) {
                    peerHadCertificate = s->peerCertificate().has_value();
                });

        // The client process runs while our event loop serves it.
        QList<QByteArray> replies;
        QByteArray errText;
        const QList<QByteArray> sent = payloads();
        int exitCode = -1;
        QProcess p;
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("m.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (const QByteArray &m : sent)
            f.write(m.toHex() + '\n');
        f.close();
        p.setWorkingDirectory(kInteropDir);
        p.start(m_node, QStringList{QStringLiteral("ref-client.js"), server.serverUrl().toString(),
                                    QStringLiteral("--messages-file"), f.fileName()} +
                            clientArgs);
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 60000);
        exitCode = p.exitCode();
        errText = p.readAllStandardError();
        QVERIFY2(exitCode == 0, errText.constData());
        const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
        for (int i = 0; i < sent.size(); ++i)
            replies << QByteArray::fromHex(lines.value(i));
        QCOMPARE(replies.size(), sent.size());
        for (int i = 0; i < sent.size(); ++i)
            QCOMPARE(replies.at(i), sent.at(i));
        QCOMPARE(secured.count(), 1);
        QCOMPARE(peerHadCertificate, version == 2 && requireCert);
    }

    // The reference server sends the moment the session opens: nothing may be lost.
    void nodeServerSendsFirst() {
        NodeServer server;
        QVERIFY(server.start(m_node, {QStringLiteral("--mode"), QStringLiteral("greet")}));
        SessionConfig cfg;
        cfg.keyPair = BoxKeyPair::generate();
        cppClientEcho(server.url, std::move(cfg), {QByteArray("after the greeting")},
                      QByteArray("hello-from-node"));
    }

    // Our server sends the moment the session is secure: the reference client, which drops
    // frames in the 20 ms after its ClientReady, must still get it (the server holds it).
    void cppServerSendsFirst() {
        ServerConfig cfg;
        cfg.session.keyPair = BoxKeyPair::generate();
        SecureWebSocketServer server(std::move(cfg));
        Room relay(&server, Room::Mode::Echo);
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [](SecureWebSocket *s) { s->sendBinaryMessage("hello-from-cpp"); });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QProcess p;
        p.setWorkingDirectory(kInteropDir);
        p.start(m_node,
                {QStringLiteral("ref-client.js"), server.serverUrl().toString(),
                 QStringLiteral("--extra"), QStringLiteral("1"), QStringLiteral("6563686f")});
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 30000);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
        QVERIFY(lines.size() >= 2);
        QVERIFY(lines.contains(QByteArray("hello-from-cpp").toHex()));
        QVERIFY(lines.contains(QByteArray("echo").toHex()));
    }

    // A server certificate from a CA the client does not trust is refused, before any data.
    void cppClientRefusesUntrustedNodeServer() {
        NodeServer server;
        QVERIFY(server.start(
            m_node, {QStringLiteral("--version"), QStringLiteral("2"), QStringLiteral("--key"),
                     ref(QStringLiteral("server-kp.json")), QStringLiteral("--cert"),
                     ref(QStringLiteral("other-ca-server-cert.json")), QStringLiteral("--ca"),
                     ref(QStringLiteral("other-ca-ca-cert.json"))}));
        SecureWebSocket client(configFrom(ref(QStringLiteral("client-kp.json")), {},
                                          ref(QStringLiteral("interop-ca-ca-cert.json")), 2));
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        client.open(server.url);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), SecureWebSocket::State::Closed, 10000);
        QCOMPARE(client.error(), SessionError::CertificateRefused);
        QCOMPARE(received.count(), 0);
    }

    // A reference client whose certificate does not cover its IP is refused by our server.
    void cppServerRefusesNodeClientWithWrongIp() {
        ServerConfig cfg;
        cfg.session = configFrom(ref(QStringLiteral("server-kp.json")),
                                 ref(QStringLiteral("server-cert.json")),
                                 ref(QStringLiteral("interop-ca-ca-cert.json")), 2);
        cfg.session.requireCert = true;
        SecureWebSocketServer server(std::move(cfg));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy failed(&server, &SecureWebSocketServer::handshakeFailed);
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);
        QProcess p;
        p.setWorkingDirectory(kInteropDir);
        p.start(m_node, {QStringLiteral("ref-client.js"), server.serverUrl().toString(),
                         QStringLiteral("--version"), QStringLiteral("2"), QStringLiteral("--key"),
                         ref(QStringLiteral("client-kp.json")), QStringLiteral("--cert"),
                         ref(QStringLiteral("client-wrongip-cert.json")), QStringLiteral("--ca"),
                         ref(QStringLiteral("interop-ca-ca-cert.json")), QStringLiteral("00")});
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 30000);
        QVERIFY(p.exitCode() != 0);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).value<SessionError>(), SessionError::EndpointMismatch);
        QCOMPARE(secured.count(), 0);
    }

    // The command line against the reference: `sws connect` to node-sws (v2), and a node
    // client against `sws serve`.
    void swsConnectToNodeServer() {
        NodeServer server;
        QVERIFY(server.start(
            m_node,
            {QStringLiteral("--version"), QStringLiteral("2"), QStringLiteral("--key"),
             ref(QStringLiteral("server-kp.json")), QStringLiteral("--cert"),
             ref(QStringLiteral("server-cert.json")), QStringLiteral("--ca"),
             ref(QStringLiteral("interop-ca-ca-cert.json")), QStringLiteral("--require-cert")}));
        QProcess c;
        c.start(QStringLiteral(SWS_CLI_PATH),
                {QStringLiteral("connect"), server.url.toString(), QStringLiteral("--key"),
                 ref(QStringLiteral("client-kp.json")), QStringLiteral("--cert"),
                 ref(QStringLiteral("client-cert.json")), QStringLiteral("--ca"),
                 ref(QStringLiteral("interop-ca-ca-cert.json")), QStringLiteral("--expect"),
                 QStringLiteral("2"), QStringLiteral("--verbose")});
        QVERIFY(c.waitForStarted());
        c.write("first line\nsecond \xc3\xa9\n");
        c.closeWriteChannel();
        QTRY_VERIFY_WITH_TIMEOUT(c.state() == QProcess::NotRunning, 30000);
        const QByteArray errText = c.readAllStandardError();
        QVERIFY2(c.exitCode() == 0, errText.constData());
        QCOMPARE(c.readAllStandardOutput(), QByteArray("first line\nsecond \xc3\xa9\n"));
        // sws connect offers chat-ack/1; node-sws does not speak it: plain messages, and no
        // claim of delivery.
        QVERIFY2(errText.contains("plain server"), errText.constData());
        QVERIFY2(!errText.contains("delivered"), errText.constData());
    }

    void nodeClientToSwsServe() {
        QProcess s;
        s.start(QStringLiteral(SWS_CLI_PATH),
                {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--key"), ours(QStringLiteral("server-kp.json")),
                 QStringLiteral("--cert"), ours(QStringLiteral("server-cert.json")),
                 QStringLiteral("--ca"), ours(QStringLiteral("interop-ca-ca-cert.json")),
                 QStringLiteral("--require-cert")});
        QVERIFY(s.waitForStarted());
        QByteArray line;
        (void)QTest::qWaitFor(
            [&] {
                if (s.canReadLine())
                    line = s.readLine();
                return line.startsWith("listening ") || s.state() == QProcess::NotRunning;
            },
            10000);
        QVERIFY2(line.startsWith("listening "), s.readAllStandardError().constData());
        const QUrl url(QString::fromUtf8(line.mid(10).trimmed()));
        QList<QByteArray> replies;
        QByteArray errText;
        const int code = runNodeClient(
            url,
            {QStringLiteral("--version"), QStringLiteral("2"), QStringLiteral("--key"),
             ours(QStringLiteral("client-kp.json")), QStringLiteral("--cert"),
             ours(QStringLiteral("client-cert.json")), QStringLiteral("--ca"),
             ours(QStringLiteral("interop-ca-ca-cert.json"))},
            {QByteArray("one"), QByteArray(), QByteArray(70000, 'x')}, &replies, &errText);
        s.terminate();
        QVERIFY(s.waitForFinished(5000));
        QVERIFY2(code == 0, errText.constData());
        QCOMPARE(replies,
                 (QList<QByteArray>{QByteArray("one"), QByteArray(), QByteArray(70000, 'x')}));
    }

    // 300 reference clients at the same moment against `sws serve --mode echo`, all from one
    // address, with 30 hostile raw TCP clients mixed in (silent ones, garbage senders, and ones
    // that upgrade and then never send a ClientHello): every reference client is served (its
    // message echoed), none refused, and the hostile ones are closed by the server's timeouts.
    void nodeCrowdToSwsServe() {
        const int crowd = 300, hostileEach = 10;
        QProcess s;
        s.start(QStringLiteral(SWS_CLI_PATH),
                {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--mode"), QStringLiteral("echo")});
        QVERIFY(s.waitForStarted());
        QByteArray line;
        (void)QTest::qWaitFor(
            [&] {
                if (s.canReadLine())
                    line = s.readLine();
                return line.startsWith("listening ") || s.state() == QProcess::NotRunning;
            },
            10000);
        QVERIFY2(line.startsWith("listening "), s.readAllStandardError().constData());
        const QUrl url(QString::fromUtf8(line.mid(10).trimmed()));

        std::vector<std::unique_ptr<QTcpSocket>> hostile;
        int hostileDown = 0;
        const QByteArray upgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                   "Connection: Upgrade\r\nSec-WebSocket-Key: "
                                   "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        for (const QByteArray &send :
             {QByteArray(), QByteArray("GARBAGE / NOT-HTTP\r\n\r\n"), upgrade}) {
            for (int i = 0; i < hostileEach; ++i) {
                hostile.push_back(std::make_unique<QTcpSocket>());
                QTcpSocket *t = hostile.back().get();
                connect(t, &QTcpSocket::disconnected, this, [&hostileDown] { ++hostileDown; });
                if (!send.isEmpty())
                    connect(t, &QTcpSocket::connected, this, [t, send] { t->write(send); });
                t->connectToHost(QHostAddress::LocalHost, quint16(url.port()));
            }
        }

        QProcess c;
        c.setWorkingDirectory(kInteropDir);
        c.start(m_node,
                {QStringLiteral("crowd-client.js"), url.toString(), QStringLiteral("--clients"),
                 QString::number(crowd), QStringLiteral("--timeout"), QStringLiteral("120")});
        QVERIFY(c.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(c.state() == QProcess::NotRunning, 150000);
        const QByteArray err = c.readAllStandardError();
        const QByteArray out = c.readAllStandardOutput();
        const QJsonObject summary = QJsonDocument::fromJson(out).object();
        qInfo("crowd: %s", out.trimmed().constData());
        QVERIFY2(!summary.isEmpty(), (out + err.right(2000)).constData());
        QCOMPARE(summary.value(QStringLiteral("clients")).toInt(), crowd);
        QVERIFY2(summary.value(QStringLiteral("served")).toInt() == crowd, out.constData());
        QCOMPARE(c.exitCode(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(hostileDown, 3 * hostileEach, 30000);
        s.terminate();
        QVERIFY(s.waitForFinished(5000));
    }
};

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_interop.moc"
