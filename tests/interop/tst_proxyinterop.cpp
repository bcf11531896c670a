// The reference client (node-sws) → `sws proxy` → the reference server: every message arrives
// intact both ways and the proxy prints each one, in order, version 1 and version 2 (a server
// that requires a client certificate, a client that trusts the proxy's inspection CA).
#include "nodepeer.h"
#include "testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace testutil;

namespace {

// The messages the client sends, as ref-client.js takes them (hex; "" is an empty message).
const QStringList kMessages{s("68656c6c6f"),        // "hello"
                            s("00ff80fe"),          // not UTF-8: printed as base64
                            s(""),                  // empty
                            s("c3a9745c6e227b7d")}; // UTF-8 with characters JSON escapes

struct Proxy {
    QProcess proc;
    QByteArray buf;
    QList<QByteArray> lines;
    ~Proxy() {
        if (proc.state() != QProcess::NotRunning) {
            proc.kill();
            proc.waitForFinished(5000);
        }
    }
    void pull() {
        buf += proc.readAllStandardOutput();
        int nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
            lines << buf.left(nl);
            buf.remove(0, nl + 1);
        }
    }
    // Waits for a line holding `what`.
    bool waitFor(const QByteArray &what) {
        return QTest::qWaitFor(
                   [&] {
                       pull();
                       for (const QByteArray &l : std::as_const(lines))
                           if (l.contains(what))
                               return true;
                       return proc.state() == QProcess::NotRunning;
                   },
                   20000) &&
               proc.state() == QProcess::Running;
    }
    QString start(const QStringList &args, const QProcessEnvironment &env) {
        proc.setProcessEnvironment(env);
        proc.start(QStringLiteral(SWS_CLI_PATH),
                   QStringList{s("proxy"), s("--listen"), s("127.0.0.1:0")} + args);
        if (!waitFor("listening "))
            return {};
        return QString::fromUtf8(lines.first().mid(10).trimmed());
    }
    QList<QJsonObject> messages() {
        pull();
        QList<QJsonObject> out;
        for (const QByteArray &l : std::as_const(lines)) {
            const QJsonObject o = QJsonDocument::fromJson(l).object();
            if (o.value(s("event")).toString() == s("message"))
                out << o;
        }
        return out;
    }
};

} // namespace

class tst_ProxyInterop : public QObject {
    Q_OBJECT

    QString m_node;
    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;

    QString pki(const char *name) const { return m_tmp.filePath(QString::fromUtf8(name)); }

    // Runs ref-client.js through the proxy and checks what arrived and what the proxy printed.
    void relay(const QString &url, Proxy &proxy, const QStringList &clientArgs) {
        QProcess client;
        client.setWorkingDirectory(interop::kInteropDir);
        client.start(m_node, QStringList{s("ref-client.js"), url, s("--timeout"), s("20")} +
                                 clientArgs + QStringList{s("--")} + kMessages);
        QVERIFY(client.waitForFinished(60000));
        QVERIFY2(client.exitCode() == 0, client.readAllStandardError().constData());
        QCOMPARE(QString::fromUtf8(client.readAllStandardOutput()),
                 kMessages.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        QVERIFY(proxy.waitFor("\"dir\":\"s2c\",\"seq\":4"));
        const QList<QJsonObject> msgs = proxy.messages();
        QCOMPARE(msgs.size(), 8);
        int n[2] = {0, 0};
        for (const QJsonObject &m : msgs) {
            const int dir = m.value(s("dir")).toString() == s("c2s") ? 0 : 1;
            const QByteArray want = QByteArray::fromHex(kMessages.at(n[dir]).toLatin1());
            QCOMPARE(m.value(s("seq")).toInt(), n[dir] + 1);
            QCOMPARE(m.value(s("size")).toInt(), want.size());
            const QByteArray got =
                m.contains(s("base64"))
                    ? QByteArray::fromBase64(m.value(s("base64")).toString().toLatin1())
                    : m.value(s("text")).toString().toUtf8();
            QCOMPARE(got, want);
            QCOMPARE(m.contains(s("base64")), n[dir] == 1);
            ++n[dir];
        }
        QCOMPARE(n[0], 4);
        QCOMPARE(n[1], 4);
        QVERIFY(proxy.waitFor("\"event\":\"close\",\"session\":1,\"side\":\"upstream\""));
    }

private Q_SLOTS:
    void initTestCase() {
        SWS_REQUIRE_REFERENCE_NODE(m_node);
        QVERIFY(m_tmp.isValid());
        QByteArray errors;
        QVERIFY2(interop::makeReferencePki(m_tmp.path(), &errors), errors.constData());
        m_env = cleanEnvironment(m_tmp.path());
        m_env.insert(s("SWS_PROFILE"), m_tmp.filePath(s("profile")));
    }

    void version1() {
        interop::NodeServer server;
        QVERIFY(server.start(m_node, {s("--ignore-stdin")}));
        Proxy proxy;
        const QString url = proxy.start({s("--upstream"), server.url.toString()}, m_env);
        QVERIFY(!url.isEmpty());
        relay(url, proxy, {});
    }

    void version2RequireCert() {
        interop::NodeServer server;
        QVERIFY(
            server.start(m_node, {s("--ignore-stdin"), s("--version"), s("2"), s("--key"),
                                  pki("server-kp.json"), s("--cert"), pki("server-cert.json"),
                                  s("--ca"), pki("interop-ca-ca-cert.json"), s("--require-cert")}));
        Proxy proxy;
        const QString url = proxy.start({s("--upstream"), server.url.toString(), s("--ca"),
                                         pki("interop-ca-ca-cert.json"), s("--cert"),
                                         pki("client-cert.json"), s("--key"), pki("client-kp.json"),
                                         s("--export-ca"), pki("inspection-ca.json")},
                                        m_env);
        QVERIFY(!url.isEmpty());
        relay(url, proxy, {s("--version"), s("2"), s("--ca"), pki("inspection-ca.json")});
        QVERIFY(proxy.waitFor("\"side\":\"upstream\",\"stage\":\"peer certificate valid\""));
    }
};

QTEST_GUILESS_MAIN(tst_ProxyInterop)
#include "tst_proxyinterop.moc"
