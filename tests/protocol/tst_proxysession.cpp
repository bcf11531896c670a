// sws::Proxy in one process over loopback: a client SecureWebSocket → the Proxy → an echoing
// SecureWebSocketServer. What it forwards and reports, and how a close or a dropped connection
// on one side reaches the other.
#include "proxy/inspectionca.h"
#include "proxy/proxy.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QDateTime>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace sws;

namespace {

ServerConfig v1Server() {
    ServerConfig c;
    c.session.keyPair = BoxKeyPair::generate();
    return c;
}

SessionConfig v1Client() {
    SessionConfig c;
    c.keyPair = BoxKeyPair::generate();
    return c;
}

// The close code and reason of a session the server deletes once it has disconnected.
struct CloseSeen {
    bool seen = false;
    quint16 code = 0;
    QString reason;
    void watch(SecureWebSocket *s) {
        QObject::connect(s, &SecureWebSocket::disconnected, s, [this, s] {
            seen = true;
            code = s->closeCode();
            reason = s->closeReason();
        });
    }
};

struct Reported {
    int id;
    Proxy::Direction dir;
    qint64 seq;
    QByteArray bytes;
};

} // namespace

class tst_ProxySession : public QObject {
    Q_OBJECT

    // The upstream: echoes every message; its sessions are kept for the tests to act on.
    std::unique_ptr<SecureWebSocketServer> m_upstream;
    QList<QPointer<SecureWebSocket>> m_upstreamSessions;
    std::unique_ptr<Proxy> m_proxy;

    void startBoth() {
        m_upstreamSessions.clear();
        m_upstream = std::make_unique<SecureWebSocketServer>(v1Server());
        connect(m_upstream.get(), &SecureWebSocketServer::sessionSecured, this,
                [this](SecureWebSocket *s) {
                    m_upstreamSessions << s;
                    connect(s, &SecureWebSocket::binaryMessageReceived, s,
                            [s](const QByteArray &m) { s->sendBinaryMessage(m); });
                });
        QVERIFY(m_upstream->listen(QHostAddress::LocalHost, 0));
        ProxyConfig cfg;
        cfg.listen = v1Server();
        cfg.upstream = m_upstream->serverUrl();
        cfg.upstreamSession = v1Client();
        m_proxy = std::make_unique<Proxy>(std::move(cfg));
        QVERIFY(m_proxy->listen(QHostAddress::LocalHost, 0));
    }

private Q_SLOTS:
    void cleanup() {
        m_proxy.reset();
        m_upstream.reset();
    }

    // Messages sent at once (before either session is secure) arrive intact, in order, both
    // ways, and each is reported once with its number.
    void forwardsInOrderBothWays() {
        startBoth();
        QList<Reported> reported;
        connect(m_proxy.get(), &Proxy::message, this,
                [&](int id, Proxy::Direction d, qint64 seq, const QByteArray &b) {
                    reported.append({id, d, seq, b});
                });
        SecureWebSocket client(v1Client());
        QList<QByteArray> got;
        connect(&client, &SecureWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &m) { got << m; });
        client.open(m_proxy->serverUrl());
        QList<QByteArray> sent;
        for (int i = 0; i < 50; ++i) {
            sent << QByteArray(i * 37, char(i)) + QByteArray::number(i);
            QVERIFY(client.sendBinaryMessage(sent.last()) >= 0);
        }
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 50, 15000);
        QCOMPARE(got, sent);
        QCOMPARE(reported.size(), 100);
        qint64 n[2] = {0, 0};
        for (const Reported &r : std::as_const(reported)) {
            QCOMPARE(r.id, 1);
            const int d = r.dir == Proxy::Direction::ClientToServer ? 0 : 1;
            QCOMPARE(r.seq, n[d] + 1);
            QCOMPARE(r.bytes, sent.at(int(n[d])));
            ++n[d];
        }
    }

    // Codes and reasons go through unchanged, in both directions.
    void closeCodeForwarded() {
        startBoth();
        SecureWebSocket client(v1Client());
        client.open(m_proxy->serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(m_upstreamSessions.size(), 1, 10000);
        CloseSeen up;
        up.watch(m_upstreamSessions.first());
        client.close(3333, QStringLiteral("bye"));
        QTRY_VERIFY_WITH_TIMEOUT(up.seen, 10000);
        QCOMPARE(up.code, quint16(3333));
        QCOMPARE(up.reason, QStringLiteral("bye"));

        SecureWebSocket client2(v1Client());
        QSignalSpy closed2(&client2, &SecureWebSocket::disconnected);
        client2.open(m_proxy->serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(m_upstreamSessions.size(), 2, 10000);
        QVERIFY(m_upstreamSessions.at(1));
        m_upstreamSessions.at(1)->close(3444, QStringLiteral("later"));
        QTRY_COMPARE_WITH_TIMEOUT(closed2.size(), 1, 10000);
        QCOMPARE(client2.closeCode(), quint16(3444));
        QCOMPARE(client2.closeReason(), QStringLiteral("later"));
    }

    // The upstream's TCP connection drops (1006, which no close frame may carry): the client is
    // closed with 1001 and told why.
    void upstreamDropClosesClientWith1001() {
        startBoth();
        SecureWebSocket client(v1Client());
        QSignalSpy closed(&client, &SecureWebSocket::disconnected);
        QSignalSpy reports(m_proxy.get(), &Proxy::closed);
        client.open(m_proxy->serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(m_upstreamSessions.size(), 1, 10000);
        auto *accepted = m_upstreamSessions.first()->findChild<QWebSocket *>();
        QVERIFY(accepted);
        auto *tcp =
            qobject_cast<QTcpSocket *>(accepted->property(kTcpSocketProperty).value<QObject *>());
        QVERIFY(tcp);
        tcp->abort();
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QCOMPARE(client.closeCode(), quint16(1001));
        QCOMPARE(client.closeReason(), QStringLiteral("upstream dropped the connection (1006)"));
        QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 2, 10000);
        QCOMPARE(reports.at(0).at(1).value<Proxy::Side>(), Proxy::Side::Upstream);
        QCOMPARE(reports.at(0).at(2).value<quint16>(), quint16(1006));
    }

    // The client's connection drops: the upstream is closed with 1001, saying so.
    void clientDropClosesUpstreamWith1001() {
        startBoth();
        SecureWebSocket client(v1Client());
        client.open(m_proxy->serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(m_upstreamSessions.size(), 1, 10000);
        CloseSeen up;
        up.watch(m_upstreamSessions.first());
        auto *ws = client.findChild<QWebSocket *>();
        QVERIFY(ws);
        ws->abort();
        QTRY_VERIFY_WITH_TIMEOUT(up.seen, 10000);
        QCOMPARE(up.code, quint16(1001));
        QCOMPARE(up.reason, QStringLiteral("client dropped the connection (1006)"));
    }

    // Each client gets its own upstream session; a refused upstream leaves the proxy serving.
    void ownUpstreamPerClientAndRefusal() {
        startBoth();
        SecureWebSocket a(v1Client()), b(v1Client());
        QSignalSpy opened(m_proxy.get(), &Proxy::sessionOpened);
        a.open(m_proxy->serverUrl());
        b.open(m_proxy->serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(m_upstreamSessions.size(), 2, 10000);
        QCOMPARE(opened.size(), 2);
        QVERIFY(m_upstreamSessions.at(0) != m_upstreamSessions.at(1));
        QVERIFY(m_upstreamSessions.at(0)->peerPort() != m_upstreamSessions.at(1)->peerPort());

        const quint16 port = m_upstream->serverPort();
        m_upstream->close(); // nothing listens upstream any more
        SecureWebSocket c(v1Client());
        QSignalSpy closed(&c, &SecureWebSocket::disconnected);
        c.open(m_proxy->serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QCOMPARE(c.closeCode(), kCloseUpstreamUnreachable);
        QVERIFY2(c.closeReason().startsWith(QStringLiteral("upstream unreachable")),
                 qPrintable(c.closeReason()));
        QVERIFY(m_upstream->listen(QHostAddress::LocalHost, port));
        SecureWebSocket d(v1Client());
        QSignalSpy echoed(&d, &SecureWebSocket::binaryMessageReceived);
        d.open(m_proxy->serverUrl());
        d.sendBinaryMessage("again");
        QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, 10000);
        QCOMPARE(echoed.at(0).at(0).toByteArray(), QByteArray("again"));
    }

    // An upstream that accepts TCP and never answers: what the client sends waits, up to the
    // upstream session's maxQueuedBytes; past that the client is closed with 1011, not buffered
    // without bound.
    void heldMessagesAreBounded() {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ProxyConfig cfg;
        cfg.listen = v1Server();
        cfg.upstream = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort()));
        cfg.upstreamSession = v1Client();
        cfg.upstreamSession.maxQueuedBytes = 1000;
        m_proxy = std::make_unique<Proxy>(std::move(cfg));
        QVERIFY(m_proxy->listen(QHostAddress::LocalHost, 0));
        SecureWebSocket client(v1Client());
        QSignalSpy closed(&client, &SecureWebSocket::disconnected);
        QSignalSpy reported(m_proxy.get(), &Proxy::message);
        client.open(m_proxy->serverUrl());
        QVERIFY(client.sendBinaryMessage(QByteArray(600, 'a')) >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(reported.size(), 1, 10000);
        QCOMPARE(closed.size(), 0); // the first one waits
        QVERIFY(client.sendBinaryMessage(QByteArray(600, 'b')) >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QCOMPARE(client.closeCode(), quint16(1011));
        QCOMPARE(client.closeReason(), QStringLiteral("proxy: too much waits for the upstream"));
    }

    // Paused, messages are held: edited, dropped, released one by one, the rest forwarded in
    // order on unpause; inject() sends new messages, or an earlier one again, either way.
    void interceptHoldEditDropInject() {
        startBoth();
        QSignalSpy reported(m_proxy.get(), &Proxy::message);
        SecureWebSocket client(v1Client());
        QList<QByteArray> got;
        connect(&client, &SecureWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &m) { got << m; });
        client.open(m_proxy->serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(m_upstreamSessions.size(), 1, 10000);
        m_proxy->setPaused(true);
        QVERIFY(m_proxy->isPaused());
        int upstreamGot = 0;
        connect(m_upstreamSessions.first(), &SecureWebSocket::binaryMessageReceived, this,
                [&] { ++upstreamGot; });
        for (const char *m : {"a", "b", "c", "d"})
            client.sendBinaryMessage(QByteArray(m));
        QTRY_COMPARE_WITH_TIMEOUT(int(m_proxy->heldMessages().size()), 4, 10000);
        QCOMPARE(reported.size(), 4); // reported as they arrive, even while held
        const auto c2s = Proxy::Direction::ClientToServer;
        QCOMPARE(m_proxy->heldMessages().at(1).bytes, QByteArray("b"));
        QVERIFY(m_proxy->editHeld(1, c2s, 2, "B"));
        QVERIFY(m_proxy->dropHeld(1, c2s, 3));
        QVERIFY(!m_proxy->dropHeld(1, c2s, 3));
        QVERIFY(m_proxy->releaseHeld(1, c2s, 4)); // out of order, on purpose
        QTRY_COMPARE_WITH_TIMEOUT(int(m_proxy->heldMessages().size()), 3, 10000); // echo of d
        QCOMPARE(upstreamGot, 1);
        QCOMPARE(got.size(), 0);
        m_proxy->setPaused(false);
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 3, 10000);
        QCOMPARE(got, (QList<QByteArray>{"d", "a", "B"}));
        QCOMPARE(upstreamGot, 3);
        QVERIFY(m_proxy->heldMessages().empty());

        QVERIFY(m_proxy->inject(1, Proxy::Direction::ServerToClient, "from the proxy"));
        QVERIFY(m_proxy->inject(1, c2s, "a")); // replay: the upstream echoes it again
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 5, 10000);
        QCOMPARE(got.at(3), QByteArray("from the proxy"));
        QCOMPARE(got.at(4), QByteArray("a"));
        QVERIFY(!m_proxy->inject(99, c2s, "nobody"));
    }

    // The inspection CA is made once per profile and reused; what it issues names the upstream's
    // host and the listen address (never a wildcard) and validates for a client that trusts it.
    void inspectionIdentity() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Profile profile(dir.path());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto first = issueInspectionIdentity(profile, QUrl(QStringLiteral("ws://localhost:8080/x")),
                                             QHostAddress(QStringLiteral("127.0.0.1")), now);
        QVERIFY2(first, first ? "" : qPrintable(first.error()));
        QCOMPARE(first->names, QStringList{QStringLiteral("localhost")});
        QCOMPARE(first->ips, QStringList{QStringLiteral("127.0.0.1")});
        QVERIFY(QFile::exists(first->caCertPath));
        const cert::Verdict v = cert::validatePeer(
            first->certificate, {first->caCert}, first->keyPair.publicKey,
            {QStringLiteral("localhost"), QHostAddress(QStringLiteral("127.0.0.1"))}, true, now);
        QVERIFY2(v.valid, qPrintable(v.message));

        auto second = issueInspectionIdentity(profile, QUrl(QStringLiteral("ws://10.0.0.7:9/")),
                                              QHostAddress(QHostAddress::AnyIPv4), now);
        QVERIFY2(second, second ? "" : qPrintable(second.error()));
        QCOMPARE(second->caCert.fingerprint(), first->caCert.fingerprint()); // the same CA
        QVERIFY(second->keyPair.publicKey != first->keyPair.publicKey);
        QCOMPARE(second->ips, QStringList{QStringLiteral("10.0.0.7")});
        QCOMPARE(second->names, QStringList{QStringLiteral("10.0.0.7")});
        QCOMPARE(profile.cas().size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ProxySession)
#include "tst_proxysession.moc"
