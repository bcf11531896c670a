// `sws proxy` as a process between `sws connect` and `sws serve`: what it forwards and prints,
// how it refuses when the upstream cannot be reached, is not SWS or shows an invalid
// certificate, and that it keeps serving afterwards.
#include "testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace testutil;

namespace {

// Reads lines from a running process's stdout as they come.
class Lines {
public:
    explicit Lines(QProcess *p)
        : m_p(p) {}
    // Waits until a line containing `what` arrived; returns it (empty on timeout).
    QByteArray waitFor(const QByteArray &what, int ms = 15000) {
        QByteArray found;
        (void)QTest::qWaitFor(
            [&] {
                pull();
                for (const QByteArray &l : std::as_const(m_lines))
                    if (l.contains(what)) {
                        found = l;
                        return true;
                    }
                return m_p->state() == QProcess::NotRunning;
            },
            ms);
        return found;
    }
    QList<QJsonObject> events() {
        pull();
        QList<QJsonObject> out;
        for (const QByteArray &l : std::as_const(m_lines))
            if (l.startsWith('{'))
                out << QJsonDocument::fromJson(l).object();
        return out;
    }

private:
    void pull() {
        m_buf += m_p->readAllStandardOutput();
        int nl;
        while ((nl = m_buf.indexOf('\n')) >= 0) {
            m_lines << m_buf.left(nl);
            m_buf.remove(0, nl + 1);
        }
    }
    QProcess *m_p;
    QByteArray m_buf;
    QList<QByteArray> m_lines;
};

void reap(QProcess &p) {
    if (p.state() == QProcess::NotRunning)
        return;
    p.kill();
    p.waitForFinished(5000);
}

// A free port on 127.0.0.1 that nothing listens on (the kernel just handed it out).
quint16 freePort() {
    QTcpServer t;
    if (!t.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = t.serverPort();
    t.close();
    return port;
}

QList<QJsonObject> ofKind(const QList<QJsonObject> &events, const QString &kind) {
    QList<QJsonObject> r;
    for (const QJsonObject &e : events)
        if (e.value(QStringLiteral("event")).toString() == kind)
            r << e;
    return r;
}

} // namespace

class tst_Proxy : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;

    void start(QProcess &p, const QStringList &args) {
        p.setProcessEnvironment(m_env);
        p.setWorkingDirectory(m_tmp.path());
        p.start(QStringLiteral(SWS_CLI_PATH), args);
    }
    // Starts `sws serve` or `sws proxy` and returns the URL of its "listening" line.
    QString startListening(QProcess &p, Lines &lines, const QStringList &args) {
        start(p, args);
        const QByteArray l = lines.waitFor("listening ");
        if (!l.startsWith("listening "))
            return {};
        return QString::fromUtf8(l.mid(10).trimmed());
    }
    Run runConnect(const QString &url, const QByteArray &input, const QStringList &more = {}) {
        return runSws(QStringList{s("connect"), url} + more, m_env, input, m_tmp.path());
    }
    QString path(const char *name) const { return m_tmp.filePath(QString::fromUtf8(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_env = cleanEnvironment(m_tmp.path());
        m_env.insert(s("SWS_PROFILE"), m_tmp.filePath(s("profile")));
        // A CA, the server's and the client's certificates (for 127.0.0.1), and a rogue CA.
        const QString d = m_tmp.path();
        QCOMPARE(runSws({s("cert"), s("genca"), s("--name"), s("demo"), s("--days"), s("30"),
                         s("--out-dir"), d},
                        m_env)
                     .code,
                 0);
        QCOMPARE(runSws({s("cert"), s("genca"), s("--name"), s("rogue"), s("--days"), s("30"),
                         s("--out-dir"), d},
                        m_env)
                     .code,
                 0);
        for (const char *who : {"server", "client"}) {
            const QString kp = path(who) + s("-kp.json");
            QCOMPARE(runSws({s("keygen"), s("--out"), kp}, m_env).code, 0);
            QCOMPARE(runSws({s("cert"), s("gencert"), s("--ca"), path("demo-ca-key.json"),
                             s("--publickey"), kp, s("--names"), QString::fromUtf8(who), s("--ips"),
                             s("127.0.0.1"), s("--days"), s("10"), s("--out"),
                             path(who) + s("-cert.json")},
                            m_env)
                         .code,
                     0);
        }
    }

    // Version 1: every message both ways arrives intact and is printed, in order, as JSON.
    void v1ForwardsAndReports() {
        QProcess serve, proxy;
        Lines serveOut(&serve), proxyOut(&proxy);
        const QString upstream =
            startListening(serve, serveOut, {s("serve"), s("--listen"), s("127.0.0.1:0")});
        QVERIFY(!upstream.isEmpty());
        const QString url = startListening(
            proxy, proxyOut,
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), upstream});
        QVERIFY(url.startsWith(s("ws://127.0.0.1:")));
        const Run r = runConnect(url, "one\ntwo \xc3\xa9\nthree\n", {s("--expect"), s("3")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QString::fromUtf8("one\ntwo \xc3\xa9\nthree\n"));
        QVERIFY(!proxyOut.waitFor("\"side\":\"upstream\",\"code\":1000").isEmpty());
        const QList<QJsonObject> events = proxyOut.events();
        const QList<QJsonObject> msgs = ofKind(events, s("message"));
        QCOMPARE(msgs.size(), 6);
        const QStringList texts{s("one"), QString::fromUtf8("two \xc3\xa9"), s("three")};
        int c2s = 0, s2c = 0;
        for (const QJsonObject &m : msgs) {
            QCOMPARE(m.value(s("session")).toInt(), 1);
            int &n = m.value(s("dir")).toString() == s("c2s") ? c2s : s2c;
            QCOMPARE(m.value(s("seq")).toInt(), n + 1);
            QCOMPARE(m.value(s("text")).toString(), texts.at(n));
            QCOMPARE(m.value(s("size")).toInt(), texts.at(n).toUtf8().size());
            QVERIFY(m.value(s("time")).toString().endsWith(QLatin1Char('Z')));
            ++n;
        }
        QCOMPARE(c2s, 3);
        QCOMPARE(s2c, 3);
        QVERIFY(!ofKind(events, s("handshake")).isEmpty());
        const QList<QJsonObject> closes = ofKind(events, s("close"));
        QCOMPARE(closes.size(), 2);
        for (const QJsonObject &c : closes)
            QCOMPARE(c.value(s("code")).toInt(), 1000);
        reap(proxy);
        reap(serve);
    }

    // Version 2 with a server that requires a client certificate: the proxy shows --cert to the
    // upstream, and clients that trust the exported inspection CA (only those) get through.
    void v2InspectionCa() {
        QProcess serve, proxy;
        Lines serveOut(&serve), proxyOut(&proxy);
        const QString upstream =
            startListening(serve, serveOut,
                           {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--key"),
                            path("server-kp.json"), s("--cert"), path("server-cert.json"),
                            s("--ca"), path("demo-ca-cert.json"), s("--require-cert")});
        QVERIFY(!upstream.isEmpty());
        const QString url = startListening(
            proxy, proxyOut,
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), upstream, s("--ca"),
             path("demo-ca-cert.json"), s("--cert"), path("client-cert.json"), s("--key"),
             path("client-kp.json"), s("--export-ca"), path("inspection-ca.json")});
        QVERIFY(!url.isEmpty());
        QVERIFY(QFile::exists(path("inspection-ca.json")));
        const Run ok = runConnect(url, "over v2\n",
                                  {s("--ca"), path("inspection-ca.json"), s("--expect"), s("1")});
        QCOMPARE(ok.code, 0);
        QCOMPARE(ok.out, s("over v2\n"));
        QVERIFY(!proxyOut.waitFor("\"dir\":\"s2c\",\"seq\":1").isEmpty());
        // A client that trusts only the real CA refuses the proxy's certificate.
        const Run refused = runConnect(url, "x\n", {s("--ca"), path("demo-ca-cert.json")});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(s("4013")), qPrintable(refused.err));
        reap(proxy);
        reap(serve);
    }

    // An upstream certificate that --ca does not vouch for: the client is closed with 4062 and
    // nothing is forwarded.
    void upstreamCertificateInvalid() {
        QProcess serve, proxy;
        Lines serveOut(&serve), proxyOut(&proxy);
        const QString upstream = startListening(
            serve, serveOut,
            {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--key"), path("server-kp.json"),
             s("--cert"), path("server-cert.json"), s("--ca"), path("demo-ca-cert.json")});
        const QString url = startListening(
            proxy, proxyOut,
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), upstream, s("--ca"),
             path("rogue-ca-cert.json"), s("--export-ca"), path("inspection-ca2.json")});
        QVERIFY(!url.isEmpty());
        const Run r = runConnect(url, "secret\n",
                                 {s("--ca"), path("inspection-ca2.json"), s("--expect"), s("1"),
                                  s("--timeout"), s("10000")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("4062")), qPrintable(r.err));
        QVERIFY(!proxyOut.waitFor("\"side\":\"client\",\"code\":4062").isEmpty());
        QVERIFY(ofKind(proxyOut.events(), s("message")).size() <= 1); // never s2c
        for (const QJsonObject &m : ofKind(proxyOut.events(), s("message")))
            QCOMPARE(m.value(s("dir")).toString(), s("c2s"));
        reap(proxy);
        reap(serve);
    }

    // Nothing listens upstream: 4060; the proxy stays up, and once the server runs the next
    // client gets through.
    void upstreamUnreachableThenServes() {
        const quint16 port = freePort();
        QVERIFY(port != 0);
        const QString upstream = s("ws://127.0.0.1:%1/").arg(port);
        QProcess proxy;
        Lines proxyOut(&proxy);
        const QString url = startListening(
            proxy, proxyOut,
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), upstream});
        QVERIFY(!url.isEmpty());
        const Run r = runConnect(url, "x\n", {s("--expect"), s("1"), s("--timeout"), s("10000")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("4060")), qPrintable(r.err));
        QVERIFY(!proxyOut.waitFor("\"code\":4060").isEmpty());

        QProcess serve;
        Lines serveOut(&serve);
        QVERIFY(!startListening(serve, serveOut,
                                {s("serve"), s("--listen"), s("127.0.0.1:%1").arg(port)})
                     .isEmpty());
        const Run ok = runConnect(url, "back\n", {s("--expect"), s("1")});
        QCOMPARE(ok.code, 0);
        QCOMPARE(ok.out, s("back\n"));
        QVERIFY(!proxyOut.waitFor("\"session\":2,\"dir\":\"s2c\"").isEmpty());
        reap(proxy);
        reap(serve);
    }

    // An HTTP server that is not a WebSocket server: 4061, and the proxy serves the next client
    // the same way.
    void upstreamNotSws() {
        QTcpServer http;
        QVERIFY(http.listen(QHostAddress::LocalHost, 0));
        connect(&http, &QTcpServer::newConnection, this, [&http] {
            while (QTcpSocket *c = http.nextPendingConnection()) {
                connect(c, &QTcpSocket::readyRead, c, [c] {
                    c->readAll();
                    c->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
                    c->disconnectFromHost();
                });
            }
        });
        QProcess proxy;
        Lines proxyOut(&proxy);
        const QString url =
            startListening(proxy, proxyOut,
                           {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"),
                            s("ws://127.0.0.1:%1/").arg(http.serverPort())});
        QVERIFY(!url.isEmpty());
        for (int i = 1; i <= 2; ++i) {
            // This process hosts the HTTP server, so the client runs without blocking it.
            QProcess client;
            start(client, {s("connect"), url, s("--expect"), s("1"), s("--timeout"), s("10000")});
            QVERIFY(client.waitForStarted(10000));
            client.write("x\n");
            client.closeWriteChannel();
            QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 20000);
            QCOMPARE(client.exitCode(), 1);
            const QString err = QString::fromUtf8(client.readAllStandardError());
            QVERIFY2(err.contains(s("4061")), qPrintable(err));
        }
        reap(proxy);
    }

    // A client that opens a connection and never speaks does not hold up the next one.
    void silentClientDoesNotBlock() {
        QProcess serve, proxy;
        Lines serveOut(&serve), proxyOut(&proxy);
        const QString upstream =
            startListening(serve, serveOut, {s("serve"), s("--listen"), s("127.0.0.1:0")});
        const QString url = startListening(
            proxy, proxyOut,
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), upstream});
        QVERIFY(!url.isEmpty());
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, QUrl(url).port());
        QVERIFY(silent.waitForConnected(5000));
        silent.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n");
        QVERIFY(silent.waitForBytesWritten(5000));
        QVERIFY(silent.waitForReadyRead(5000)); // 101 and the ServerHello; we never answer
        const Run ok = runConnect(url, "while one waits\n", {s("--expect"), s("1")});
        QCOMPARE(ok.code, 0);
        QCOMPARE(ok.out, s("while one waits\n"));
        QCOMPARE(silent.state(), QAbstractSocket::ConnectedState);
        reap(proxy);
        reap(serve);
    }

    // The upstream goes away: the client hears the server's close code (1001 from sws serve).
    void upstreamCloseReachesClient() {
        QProcess serve, proxy, client;
        Lines serveOut(&serve), proxyOut(&proxy);
        const QString upstream =
            startListening(serve, serveOut, {s("serve"), s("--listen"), s("127.0.0.1:0")});
        const QString url = startListening(
            proxy, proxyOut,
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), upstream});
        QVERIFY(!url.isEmpty());
        start(client, {s("connect"), url, s("--expect"), s("5"), s("--timeout"), s("20000")});
        QVERIFY(client.waitForStarted(10000));
        client.write("first\n");
        QVERIFY(!proxyOut.waitFor("\"dir\":\"s2c\",\"seq\":1").isEmpty());
        serve.terminate();
        QVERIFY(!proxyOut.waitFor("\"side\":\"client\",\"code\":1001").isEmpty());
        client.closeWriteChannel();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 20000);
        const QString err = QString::fromUtf8(client.readAllStandardError());
        QVERIFY2(err.contains(s("1001")), qPrintable(err));
        reap(proxy);
        reap(serve);
    }

    // SIGTERM: every client is closed with 1001, its upstream session the same way, then the
    // proxy exits 143.
    void signalClosesBothSides() {
        QProcess serve, proxy, client;
        Lines serveOut(&serve), proxyOut(&proxy);
        const QString upstream =
            startListening(serve, serveOut, {s("serve"), s("--listen"), s("127.0.0.1:0")});
        const QString url = startListening(
            proxy, proxyOut,
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), upstream});
        QVERIFY(!url.isEmpty());
        start(client, {s("connect"), url, s("--expect"), s("5"), s("--timeout"), s("20000")});
        QVERIFY(client.waitForStarted(10000));
        client.write("first\n");
        QVERIFY(!proxyOut.waitFor("\"dir\":\"s2c\",\"seq\":1").isEmpty());
        proxy.terminate();
        QTRY_COMPARE_WITH_TIMEOUT(proxy.state(), QProcess::NotRunning, 10000);
        QCOMPARE(proxy.exitCode(), 143);
        QList<QJsonObject> closes = ofKind(proxyOut.events(), s("close"));
        QCOMPARE(closes.size(), 2);
        for (const QJsonObject &c : closes)
            QCOMPARE(c.value(s("code")).toInt(), 1001);
        client.closeWriteChannel();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 20000);
        const QString err = QString::fromUtf8(client.readAllStandardError());
        QVERIFY2(err.contains(s("1001")), qPrintable(err));
        reap(serve);
    }

    // Output that cannot be written: exit 1 saying so, as every command does.
    void unwritableOutput() {
        const Run r = runSws(
            {s("proxy"), s("--listen"), s("127.0.0.1:0"), s("--upstream"), s("ws://127.0.0.1:1/")},
            m_env, {}, m_tmp.path(), s("/dev/full"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("cannot write to standard output")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(tst_Proxy)
#include "tst_proxy.moc"
