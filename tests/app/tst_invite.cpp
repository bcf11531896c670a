// Invitation links on the command line: `sws invite` prints one that decodes, `sws serve` prints
// its own, and `sws connect LINK` accepts exactly the link's key whatever the pin policy (a
// server with another key at the link's address is refused with 4040 before any data, and
// nothing is pinned), pinning it as verified on success.
#include "../protocol/trusttestutil.h"
#include "cert/keyfiles.h"
#include "profile/profile.h"
#include "session/securewebsocketserver.h"
#include "testutil.h"
#include "trust/endpoint.h"
#include "trust/invitation.h"
#include "trust/truststore.h"

#include <QDir>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace trusttest;
using namespace testutil;

namespace {

// `sws serve` in a process, with both of its stdout lines read.
struct ServeProcess {
    QProcess proc;
    QUrl url;
    QString link;
    ~ServeProcess() {
        if (proc.state() != QProcess::NotRunning) {
            proc.terminate();
            if (!proc.waitForFinished(5000))
                proc.kill();
            proc.waitForFinished(5000);
        }
    }
    bool start(const QStringList &args) {
        proc.start(QStringLiteral(SWS_CLI_PATH),
                   QStringList{s("serve"), s("--listen"), s("127.0.0.1:0")} + args);
        QByteArray listening, invite;
        (void)QTest::qWaitFor(
            [&] {
                while (proc.canReadLine()) {
                    const QByteArray line = proc.readLine().trimmed();
                    if (line.startsWith("listening "))
                        listening = line;
                    else if (line.startsWith("invite: "))
                        invite = line;
                }
                return !invite.isEmpty() || proc.state() == QProcess::NotRunning;
            },
            15000);
        url = QUrl(QString::fromUtf8(listening.mid(10)));
        link = QString::fromUtf8(invite.mid(8));
        return url.isValid() && !link.isEmpty();
    }
};

// Runs `sws` while this process's event loop keeps turning (an in-process server answers).
Run runSwsLive(const QStringList &args, const QProcessEnvironment &env, const QByteArray &input) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SWS_CLI_PATH), args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class tst_Invite : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;
    QString m_keyA, m_keyB;
    QByteArray m_pubA, m_pubB;
    int m_case = 0;

    QString path(const QString &name) const { return m_tmp.filePath(name); }
    QString freshProfile() { return path(QStringLiteral("profile%1").arg(++m_case)); }
    QList<TrustStore::Pin> pins(const QString &profile) {
        const auto store = TrustStore::load(Profile(profile).trustStorePath());
        return store ? store->pins() : QList<TrustStore::Pin>{};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_env = cleanEnvironment(m_tmp.path());
        m_keyA = path(s("a.json"));
        m_keyB = path(s("b.json"));
        const BoxKeyPair a = BoxKeyPair::generate();
        const BoxKeyPair b = BoxKeyPair::generate();
        QVERIFY(keyfiles::writeBoxKeyPair(m_keyA, a, false));
        QVERIFY(keyfiles::writeBoxKeyPair(m_keyB, b, false));
        m_pubA = a.publicKey;
        m_pubB = b.publicKey;
    }

    void inviteOutputDecodes() {
        const Run r = runSws({s("invite"), s("--key"), m_keyA, s("ws://192.168.7.3:8080/chat"),
                              s("--title"), s("Kitchen")},
                             m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        const auto inv = decode(lines.first());
        QVERIFY(inv);
        QCOMPARE(inv->url, QUrl(s("ws://192.168.7.3:8080/chat")));
        QCOMPARE(inv->serverKey, m_pubA);
        QCOMPARE(inv->version, 1);
        QCOMPARE(inv->title, s("Kitchen"));
        QVERIFY(inv->caFingerprint.isEmpty());
    }

    // A wildcard host reaches nobody: the link names one of this machine's LAN addresses.
    void inviteWildcardHostNamesALanAddress() {
        const Run r = runSws({s("invite"), s("--key"), m_keyA, s("ws://0.0.0.0:8080/")}, m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto inv = decode(r.out.trimmed());
        QVERIFY(inv);
        QCOMPARE(inv->url.port(), 8080);
        QList<QHostAddress> lan;
        for (const QHostAddress &a : QNetworkInterface::allAddresses())
            if (!a.isLoopback() && !a.isLinkLocal() &&
                a.protocol() == QAbstractSocket::IPv4Protocol)
                lan << a;
        if (lan.isEmpty())
            QSKIP("this machine has no LAN address");
        QVERIFY2(lan.contains(QHostAddress(inv->url.host())), qPrintable(inv->url.host()));
    }

    void inviteIdentityV2Qr() {
        const QString profile = freshProfile();
        QCOMPARE(runSws({s("identity"), s("new"), s("srv"), s("--profile"), profile}, m_env).code,
                 0);
        const QByteArray key = Profile(profile).identity(s("srv"))->publicKey;
        const QString dir = path(s("pki-invite"));
        QVERIFY(QDir().mkpath(dir));
        QCOMPARE(runSws({s("cert"), s("genca"), s("--name"), s("invca"), s("--days"), s("30"),
                         s("--out-dir"), dir},
                        m_env)
                     .code,
                 0);
        const QString caPath = dir + s("/invca-ca-cert.json");
        const Run r = runSws({s("invite"), s("--identity"), s("srv"), s("--profile"), profile,
                              s("--v2"), s("--ca"), caPath, s("ws://localhost:9/"), s("--qr")},
                             m_env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 10);
        const auto inv = decode(lines.first());
        QVERIFY(inv);
        QCOMPARE(inv->serverKey, key);
        QCOMPARE(inv->version, 2);
        const auto ca = keyfiles::readCertificate(caPath);
        QVERIFY(ca);
        QCOMPARE(inv->caFingerprint.toHex(), ca->fingerprint().remove(QLatin1Char(' ')).toLatin1());
        // The QR code: a square of half blocks, all rows as wide, with a light quiet zone.
        const int width = lines.at(1).size();
        QVERIFY(width > 20);
        for (int i = 1; i < lines.size(); ++i) {
            QCOMPARE(lines.at(i).size(), width);
            for (QChar c : lines.at(i))
                QVERIFY(QStringLiteral(" \u2580\u2584\u2588").contains(c));
        }
        QCOMPARE(lines.at(1), QString(width, QChar(0x2588)));
        QCOMPARE(lines.last(), QString(width, QChar(0x2588)));
    }

    void inviteUsage() {
        QCOMPARE(runSws({s("invite"), s("ws://127.0.0.1:9/")}, m_env).code, 2);
        QCOMPARE(runSws({s("invite"), s("--key"), m_keyA, s("http://127.0.0.1:9/")}, m_env).code,
                 2);
        QCOMPARE(runSws({s("invite"), s("--key"), m_keyA, s("--ca"), m_keyA, s("ws://h:1/")}, m_env)
                     .code,
                 2);
        QCOMPARE(
            runSws({s("invite"), s("--key"), path(s("missing.json")), s("ws://h:1/")}, m_env).code,
            1);
    }

    // `sws serve` prints its link; `sws connect LINK` under strict, with no pin, gets through
    // and leaves the key pinned and verified.
    void serveLinkConnectStrict() {
        ServeProcess serve;
        QVERIFY(serve.start({s("--key"), m_keyA}));
        const auto inv = decode(serve.link);
        QVERIFY(inv);
        QCOMPARE(inv->url, serve.url);
        QCOMPARE(inv->serverKey, m_pubA);
        const QString profile = freshProfile();
        const Run r = runSws({s("connect"), serve.link, s("--expect"), s("1"), s("--pin-policy"),
                              s("strict"), s("--profile"), profile},
                             m_env, "hello by invitation\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("hello by invitation\n"));
        QVERIFY2(r.err.contains(s("pinned")), qPrintable(r.err));
        const QList<TrustStore::Pin> p = pins(profile);
        QCOMPARE(p.size(), 1);
        QCOMPARE(p.first().endpoint, endpointKey(serve.url));
        QCOMPARE(p.first().publicKey, m_pubA);
        QVERIFY(p.first().verified);
    }

    // The link wins over an older pin for the same address (the inviter vouches for the key).
    void linkReplacesOlderPin() {
        ServeProcess serve;
        QVERIFY(serve.start({s("--key"), m_keyA}));
        const QString profile = freshProfile();
        const QString endpoint = endpointKey(serve.url);
        QCOMPARE(runSws({s("pin"), s("add"), endpoint, QString::fromLatin1(m_pubB.toHex()),
                         s("--profile"), profile},
                        m_env)
                     .code,
                 0);
        const Run r =
            runSws({s("connect"), serve.link, s("--expect"), s("1"), s("--profile"), profile},
                   m_env, "x\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(s("replacing")), qPrintable(r.err));
        QCOMPARE(pins(profile).first().publicKey, m_pubA);
        QVERIFY(pins(profile).first().verified);
    }

    // A server with ANOTHER key at the link's address: refused with 4040 before any data, both
    // fingerprints shown, nothing pinned, the server never sees a message. Under every policy.
    void otherKeyRefused_data() {
        QTest::addColumn<QString>("policy");
        for (const char *p : {"strict", "ask", "accept-new", "off"})
            QTest::newRow(p) << s(p);
    }
    void otherKeyRefused() {
        QFETCH(QString, policy);
        ServerConfig cfg;
        cfg.session.keyPair = *keyfiles::readBoxKeyPair(m_keyB);
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int received = 0;
        connect(&server, &SecureWebSocketServer::handshakeStarted, this,
                [&received](SecureWebSocket *session) {
                    connect(session, &SecureWebSocket::binaryMessageReceived, session,
                            [&received] { ++received; });
                });
        Invitation inv;
        inv.url = server.serverUrl();
        inv.serverKey = m_pubA;
        const QString profile = freshProfile();
        const Run r = runSwsLive(
            {s("connect"), encode(inv), s("--pin-policy"), policy, s("--profile"), profile}, m_env,
            "must not be sent\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("4040")), qPrintable(r.err));
        QVERIFY2(r.err.contains(fingerprint(m_pubA)) && r.err.contains(fingerprint(m_pubB)),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(received, 0);
        QVERIFY(pins(profile).isEmpty());
    }

    void badLinks_data() {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("message");
        Invitation inv;
        inv.url = QUrl(s("ws://127.0.0.1:9/"));
        inv.serverKey = QByteArray(32, 'k');
        const QString good = encode(inv);
        QString typo = good;
        typo[20] = typo[20] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QTest::newRow("truncated") << good.left(good.size() - 5) << s("incomplete");
        QTest::newRow("wrong checksum") << typo << s("checksum");
        QTest::newRow("unknown version") << s("sws-invite:9/AAAA") << s("newer format");
    }
    void badLinks() {
        QFETCH(QString, link);
        QFETCH(QString, message);
        const QString profile = freshProfile();
        const Run r = runSws({s("connect"), link, s("--profile"), profile}, m_env, "x\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(pins(profile).isEmpty());
    }

    void unreachableHost() {
        QTcpServer probe; // a port that was free a moment ago, closed again
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        Invitation inv;
        inv.url = QUrl(s("ws://127.0.0.1:%1/").arg(port));
        inv.serverKey = m_pubA;
        const QString profile = freshProfile();
        const Run r = runSws({s("connect"), encode(inv), s("--profile"), profile}, m_env, "x\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("cannot reach 127.0.0.1:%1").arg(port)), qPrintable(r.err));
        QVERIFY(pins(profile).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Invite)
#include "tst_invite.moc"
