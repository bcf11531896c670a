// Extensions negotiated inside the handshake boxes (HandshakeConfig::extensions) against the
// real reference (npm node-sws 1.2.1): our client offering "chat-ack/1" to the reference server
// and the reference client against our server announcing it, v1 and v2 (with --require-cert),
// every message echoed byte-exact and nothing negotiated; and a ChatChannel in front of the
// reference client stays plain. Needs node and tests/interop/node_modules (scripts/deps.sh).
#include "cert/keyfiles.h"
#include "chat/chatchannel.h"
#include "chat/chathost.h"
#include "chat/room.h"
#include "nodepeer.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace interop;

namespace {

QList<QByteArray> payloads() {
    QList<QByteArray> out;
    for (int n : {0, 1, 33, 125, 65536}) {
        QByteArray b(n, Qt::Uninitialized);
        for (int i = 0; i < n; ++i)
            b[i] = static_cast<char>((i * 11 + n) & 0xff);
        out << b;
    }
    // Bytes that look like our envelopes must come back as they are.
    out << QByteArray::fromHex("010000000000000001") + "data"
        << QByteArray::fromHex("020000000000000001");
    return out;
}

} // namespace

class tst_InteropExt : public QObject {
    Q_OBJECT

    QString m_node;
    QTemporaryDir m_pki; // made by the reference CLI (make-pki.sh)

    QString pki(const char *f) const { return m_pki.filePath(QString::fromLatin1(f)); }

    SessionConfig config(int version, const char *who) {
        SessionConfig c;
        c.version = version;
        c.handshakeTimeoutMs = 10000;
        c.extensions = {chat::kExtension};
        if (version == 1) {
            c.keyPair = BoxKeyPair::generate();
            return c;
        }
        const QString w = QString::fromLatin1(who);
        c.keyPair =
            std::move(*keyfiles::readBoxKeyPair(m_pki.filePath(w + QStringLiteral("-kp.json"))));
        c.certificate =
            *keyfiles::readCertificate(m_pki.filePath(w + QStringLiteral("-cert.json")));
        c.trustedCas = {*keyfiles::readCertificate(pki("interop-ca-ca-cert.json"))};
        return c;
    }

    QStringList nodeArgs(int version, bool requireCert, const char *who) {
        QStringList args{QStringLiteral("--version"), QString::number(version)};
        if (version == 2) {
            const QString w = QString::fromLatin1(who);
            args << QStringLiteral("--key") << m_pki.filePath(w + QStringLiteral("-kp.json"))
                 << QStringLiteral("--cert") << m_pki.filePath(w + QStringLiteral("-cert.json"))
                 << QStringLiteral("--ca") << pki("interop-ca-ca-cert.json");
            if (requireCert)
                args << QStringLiteral("--require-cert");
        }
        return args;
    }

    // Runs ref-client.js against url with payloads() while our event loop serves it.
    void runNodeClient(const QUrl &url, const QStringList &args) {
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("m.txt")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QList<QByteArray> sent = payloads();
        for (const QByteArray &m : sent)
            f.write(m.toHex() + '\n');
        f.close();
        QProcess p;
        p.setWorkingDirectory(kInteropDir);
        p.start(m_node, QStringList{QStringLiteral("ref-client.js"), url.toString(),
                                    QStringLiteral("--messages-file"), f.fileName(),
                                    QStringLiteral("--timeout"), QStringLiteral("30")} +
                            args);
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 60000);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        const QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
        QVERIFY(lines.size() >= sent.size());
        for (int i = 0; i < sent.size(); ++i)
            QCOMPARE(QByteArray::fromHex(lines.at(i)).toHex(), sent.at(i).toHex());
    }

    void rows() {
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("requireCert");
        QTest::newRow("v1") << 1 << false;
        QTest::newRow("v2") << 2 << false;
        QTest::newRow("v2 requireCert") << 2 << true;
    }

private Q_SLOTS:
    void initTestCase() {
        SWS_REQUIRE_REFERENCE_NODE(m_node);
        QVERIFY(m_pki.isValid());
        QByteArray errors;
        QVERIFY2(makeReferencePki(m_pki.path(), &errors), errors.constData());
    }

    // Our client offers chat-ack/1; the reference server announces nothing: secured, echoed,
    // nothing negotiated.
    void cppClientWithExtensionsToNodeServer_data() { rows(); }
    void cppClientWithExtensionsToNodeServer() {
        QFETCH(int, version);
        QFETCH(bool, requireCert);
        NodeServer server;
        QVERIFY(server.start(m_node, nodeArgs(version, requireCert, "server")));
        SecureWebSocket client(config(version, "client"));
        QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
        client.open(server.url);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), SecureWebSocket::State::Secured, 10000);
        QVERIFY(client.peerExtensions().isEmpty());
        QCOMPARE(client.peerCertificate().has_value(), version == 2);
        const QList<QByteArray> sent = payloads();
        for (const QByteArray &m : sent)
            QCOMPARE(client.sendBinaryMessage(m), qint64(m.size()));
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), sent.size(), 30000);
        for (int i = 0; i < sent.size(); ++i)
            QCOMPARE(received.at(i).at(0).toByteArray().toHex(), sent.at(i).toHex());
        QCOMPARE(client.error(), SessionError::None);
        client.close();
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
    }

    // Our server announces chat-ack/1 inside its box (v1 tail, v2 "sws_ext" member); the
    // reference client reads past it, secures and gets every message echoed.
    void nodeClientToCppServerWithExtensions_data() { rows(); }
    void nodeClientToCppServerWithExtensions() {
        QFETCH(int, version);
        QFETCH(bool, requireCert);
        ServerConfig cfg;
        cfg.session = config(version, "server");
        cfg.session.requireCert = requireCert;
        SecureWebSocketServer server(std::move(cfg));
        Room relay(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QStringList negotiated{QStringLiteral("not seen")};
        bool hadCertificate = false;
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
            negotiated = s->peerExtensions();
            hadCertificate = s->peerCertificate().has_value();
        });
        QStringList args = nodeArgs(version, false, "client");
        runNodeClient(server.serverUrl(), args);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(negotiated, QStringList());
        QCOMPARE(hadCertificate, requireCert);
    }

    // A ChatChannel host in front of the reference client: plain bytes both ways.
    void nodeClientGetsPlainChat() {
        ServerConfig cfg;
        cfg.session = config(1, "server");
        SecureWebSocketServer server(std::move(cfg));
        ChatHost host(&server);
        QPointer<ChatChannel> hosted;
        chat::Link link = chat::Link::Detached;
        connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
            hosted = ch;
            connect(ch, &ChatChannel::linkChanged, ch, [&link](chat::Link l) {
                if (l != chat::Link::Detached)
                    link = l;
            });
            connect(ch, &ChatChannel::messageReceived, ch,
                    [ch](quint64, const QByteArray &m) { ch->sendMessage(m); });
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        runNodeClient(server.serverUrl(), {});
        if (QTest::currentTestFailed())
            return;
        QVERIFY(hosted);
        QCOMPARE(link, chat::Link::Plain);
        QCOMPARE(hosted->conversation().stats().malformed, quint64(0));
    }
};

QTEST_GUILESS_MAIN(tst_InteropExt)
#include "tst_interop_ext.moc"
