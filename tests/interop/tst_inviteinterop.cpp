// Invitation links against the reference implementation (npm node-sws 1.2.1): `sws connect LINK`
// to a node-sws server whose key (and, for version 2, CA) the link names, pinned as verified;
// a link naming another key refused before data; and a node-sws client joining `sws serve`
// from the URL inside the link `sws serve` printed.
#include "../protocol/trusttestutil.h"
#include "cert/keyfiles.h"
#include "nodepeer.h"
#include "profile/profile.h"
#include "testutil.h"
#include "trust/invitation.h"
#include "trust/truststore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace interop;
using namespace trusttest;
using namespace testutil;

class tst_InviteInterop : public QObject {
    Q_OBJECT

    QString m_node;
    QTemporaryDir m_pki; // made by the reference CLI (make-pki.sh)
    QProcessEnvironment m_env;
    int m_case = 0;

    QString ref(const char *f) const { return m_pki.filePath(s(f)); }
    QString freshProfile() { return m_pki.filePath(QStringLiteral("profile%1").arg(++m_case)); }
    QString invite(const QUrl &url, const QStringList &more = {}) {
        const Run r = runSws(
            QStringList{s("invite"), s("--key"), ref("server-kp.json"), url.toString()} + more,
            m_env);
        return r.code == 0 ? r.out.trimmed() : QString();
    }
    QList<TrustStore::Pin> pins(const QString &profile) {
        const auto store = TrustStore::load(Profile(profile).trustStorePath());
        return store ? store->pins() : QList<TrustStore::Pin>{};
    }

private Q_SLOTS:
    void initTestCase() {
        SWS_REQUIRE_REFERENCE_NODE(m_node);
        QVERIFY(m_pki.isValid());
        QByteArray errors;
        QVERIFY2(makeReferencePki(m_pki.path(), &errors), errors.constData());
        m_env = cleanEnvironment(m_pki.path());
    }

    void swsConnectLinkToNodeServerV1() {
        NodeServer server;
        QVERIFY(server.start(m_node, {s("--version"), s("1"), s("--key"), ref("server-kp.json")}));
        const QString link = invite(server.url, {s("--title"), s("node room")});
        QVERIFY(!link.isEmpty());
        const QString profile = freshProfile();
        const Run r = runSws({s("connect"), link, s("--pin-policy"), s("strict"), s("--expect"),
                              s("1"), s("--profile"), profile},
                             m_env, "hello node\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("hello node\n"));
        const auto key = keyfiles::readBoxPublicKey(ref("server-kp.json"));
        QVERIFY(key);
        QCOMPARE(pins(profile).size(), 1);
        QCOMPARE(pins(profile).first().publicKey, *key);
        QVERIFY(pins(profile).first().verified);
    }

    // Version 2: the link names the CA; the profile trusts it ('sws trust add'), no --ca given.
    void swsConnectLinkToNodeServerV2() {
        NodeServer server;
        QVERIFY(server.start(m_node, {s("--version"), s("2"), s("--key"), ref("server-kp.json"),
                                      s("--cert"), ref("server-cert.json"), s("--ca"),
                                      ref("interop-ca-ca-cert.json")}));
        const QString link =
            invite(server.url, {s("--v2"), s("--ca"), ref("interop-ca-ca-cert.json")});
        QVERIFY(!link.isEmpty());
        const QString profile = freshProfile();
        const QStringList args{s("connect"),  link,   s("--pin-policy"), s("strict"),
                               s("--expect"), s("1"), s("--profile"),    profile};
        const Run missing = runSws(args, m_env, "x\n");
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains(s("room's CA")), qPrintable(missing.err));
        QVERIFY(pins(profile).isEmpty());
        // The other CA of the PKI does not stand in for the one the link names.
        QCOMPARE(
            runSws({s("trust"), s("add"), ref("other-ca-ca-cert.json"), s("--profile"), profile},
                   m_env)
                .code,
            0);
        const Run other = runSws(args, m_env, "x\n");
        QCOMPARE(other.code, 1);
        QVERIFY2(other.err.contains(s("room's CA")), qPrintable(other.err));
        QCOMPARE(
            runSws({s("trust"), s("add"), ref("interop-ca-ca-cert.json"), s("--profile"), profile},
                   m_env)
                .code,
            0);
        const Run r = runSws(args, m_env, "hello v2\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("hello v2\n"));
        QCOMPARE(pins(profile).size(), 1);
        QVERIFY(pins(profile).first().verified);
    }

    void linkWithAnotherKeyRefusedByNodeServer() {
        NodeServer server;
        QVERIFY(server.start(m_node, {s("--version"), s("1"), s("--key"), ref("client-kp.json")}));
        const QString link = invite(server.url); // names server-kp, node answers with client-kp
        const QString profile = freshProfile();
        const Run r = runSws({s("connect"), link, s("--profile"), profile}, m_env, "secret\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("4040")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QVERIFY(pins(profile).isEmpty());
    }

    void nodeClientJoinsFromServeLink() {
        QProcess serve;
        serve.start(QStringLiteral(SWS_CLI_PATH), {s("serve"), s("--listen"), s("127.0.0.1:0"),
                                                   s("--key"), ref("server-kp.json")});
        QByteArray invite;
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (serve.canReadLine()) {
                    const QByteArray line = serve.readLine().trimmed();
                    if (line.startsWith("invite: "))
                        invite = line.mid(8);
                }
                return !invite.isEmpty() || serve.state() == QProcess::NotRunning;
            },
            15000));
        const auto inv = decode(QString::fromUtf8(invite));
        QVERIFY(inv);
        QCOMPARE(inv->serverKey, *keyfiles::readBoxPublicKey(ref("server-kp.json")));
        QProcess p;
        p.setWorkingDirectory(kInteropDir);
        p.start(m_node, {s("ref-client.js"), inv->url.toString(), s("--version"), s("1"), s("--"),
                         QString::fromLatin1(QByteArray("from the link").toHex())});
        QVERIFY(p.waitForFinished(60000));
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        QCOMPARE(p.readAllStandardOutput().trimmed(), QByteArray("from the link").toHex());
        serve.terminate();
        QVERIFY(serve.waitForFinished(5000));
    }
};

QTEST_GUILESS_MAIN(tst_InviteInterop)
#include "tst_inviteinterop.moc"
