// `sws connect` and the profile: each --pin-policy against a live `sws serve` whose key changes
// between two runs on the same port; --identity; --v2 with the trust store's CAs.
#include "../protocol/trusttestutil.h"
#include "cert/keyfiles.h"
#include "profile/profile.h"
#include "testutil.h"
#include "trust/truststore.h"

#include <QDir>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace trusttest;
using namespace testutil;

class tst_ConnectPins : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;
    QString m_keyA, m_keyB;
    QByteArray m_pubA, m_pubB;
    int m_case = 0;

    QString path(const QString &name) const { return m_tmp.filePath(name); }
    QString freshProfile() { return path(QStringLiteral("profile%1").arg(++m_case)); }

    // One line out, its echo expected back.
    Run connect(const QUrl &url, const QString &profile, const QStringList &more = {}) {
        return runSws(QStringList{s("connect"), url.toString(), s("--expect"), s("1"),
                                  s("--profile"), profile} +
                          more,
                      m_env, "hello pins\n");
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_env = cleanEnvironment(m_tmp.path());
        m_keyA = path(s("a.json"));
        m_keyB = path(s("b.json"));
        m_pubA = writeFreshKey(m_keyA);
        m_pubB = writeFreshKey(m_keyB);
        QVERIFY(!m_pubA.isEmpty() && !m_pubB.isEmpty());
    }

    void badPolicyIsAUsageError() {
        const Run r = connect(QUrl(s("ws://127.0.0.1:9/")), freshProfile(),
                              {s("--pin-policy"), s("sometimes")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(s("strict, ask, accept-new or off")));
        const Run both = connect(QUrl(s("ws://127.0.0.1:9/")), freshProfile(),
                                 {s("--identity"), s("x"), s("--key"), m_keyA});
        QCOMPARE(both.code, 2);
    }

    // Default policy accept-new: pins on first use, refuses the changed key with both
    // fingerprints and the command that removes the pin; after removing it, pins the new key.
    void acceptNewByDefault() {
        const QString profile = freshProfile();
        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const QUrl url = server.url();
        const QString endpoint = endpointKey(url);
        const Run first = connect(url, profile);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QCOMPARE(first.out, s("hello pins\n"));
        QVERIFY2(first.err.contains(s("Pinned the key of %1 on first use").arg(endpoint)),
                 qPrintable(first.err));
        QCOMPARE(TrustStore::load(Profile(profile).trustStorePath())->pin(endpoint)->publicKey,
                 m_pubA);

        const quint16 port = server.port();
        server.stop();
        QVERIFY(server.start(m_keyB, port));
        const Run changed = connect(url, profile);
        QCOMPARE(changed.code, 1);
        QVERIFY(changed.out.isEmpty()); // nothing echoed: nothing was sent
        QVERIFY2(changed.err.contains(s("presented a different key than the one pinned")),
                 qPrintable(changed.err));
        QVERIFY(changed.err.contains(s("pinned key:    ") + fingerprint(m_pubA)));
        QVERIFY(changed.err.contains(s("presented key: ") + fingerprint(m_pubB)));
        const QString remove = s("sws pin remove %1 --profile %2").arg(endpoint, profile);
        QVERIFY2(changed.err.contains(remove), qPrintable(changed.err));
        QVERIFY(changed.err.contains(s("PeerKeyChanged, close code 4040")));

        // Doing what the message says works.
        QCOMPARE(runSws(remove.split(QLatin1Char(' ')).mid(1), m_env).code, 0);
        const Run again = connect(url, profile);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QCOMPARE(TrustStore::load(Profile(profile).trustStorePath())->pin(endpoint)->publicKey,
                 m_pubB);
    }

    // strict refuses an unpinned server and prints the `sws pin add` command that accepts it.
    void strict() {
        const QString profile = freshProfile();
        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const QUrl url = server.url();
        const Run refused = connect(url, profile, {s("--pin-policy"), s("strict")});
        QCOMPARE(refused.code, 1);
        QVERIFY(refused.out.isEmpty());
        QVERIFY(refused.err.contains(s("PeerKeyNotTrusted, close code 4041")));
        const QString add =
            s("sws pin add %1 %2 --profile %3").arg(endpointKey(url), toHex(m_pubA), profile);
        QVERIFY2(refused.err.contains(add), qPrintable(refused.err));
        QVERIFY(TrustStore::load(Profile(profile).trustStorePath())->pins().isEmpty());
        QCOMPARE(runSws(add.split(QLatin1Char(' ')).mid(1), m_env).code, 0);
        const Run accepted = connect(url, profile, {s("--pin-policy"), s("strict")});
        QVERIFY2(accepted.code == 0, qPrintable(accepted.err));
        QCOMPARE(accepted.out, s("hello pins\n"));

        const quint16 port = server.port();
        server.stop();
        QVERIFY(server.start(m_keyB, port));
        const Run changed = connect(url, profile, {s("--pin-policy"), s("strict")});
        QCOMPARE(changed.code, 1);
        QVERIFY(changed.err.contains(fingerprint(m_pubA)) &&
                changed.err.contains(fingerprint(m_pubB)));
    }

    // ask cannot ask on a command line: refuses, explains, pins nothing; a changed key is
    // refused as by every policy.
    void ask() {
        const QString profile = freshProfile();
        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const QUrl url = server.url();
        const Run r = connect(url, profile, {s("--pin-policy"), s("ask")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(s("has a key that is not pinned yet")), qPrintable(r.err));
        QVERIFY(r.err.contains(s("sws pin add")));
        QVERIFY(r.err.contains(s("--pin-policy accept-new")));
        QVERIFY(TrustStore::load(Profile(profile).trustStorePath())->pins().isEmpty());

        QCOMPARE(connect(url, profile).code, 0); // accept-new pins A
        const quint16 port = server.port();
        server.stop();
        QVERIFY(server.start(m_keyB, port));
        const Run changed = connect(url, profile, {s("--pin-policy"), s("ask")});
        QCOMPARE(changed.code, 1);
        QVERIFY(changed.err.contains(s("presented a different key")));
    }

    // A first-use pin that cannot be saved (the profile is a file): the session goes on, and
    // the command says so before it exits.
    void unsavedPinIsReported() {
        const QString profile = path(s("profile-is-a-file"));
        QVERIFY(writeAll(profile, "not a directory"));
        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const Run r = connect(server.url(), profile);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("hello pins\n"));
        QVERIFY2(r.err.contains(s("Pinned the key of")), qPrintable(r.err));
        QVERIFY2(r.err.contains(s("warning: the pin could not be saved: ")), qPrintable(r.err));
        QCOMPARE(readAll(profile), QByteArray("not a directory"));
    }

    // off: no pins read or written.
    void off() {
        const QString profile = freshProfile();
        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const QUrl url = server.url();
        QCOMPARE(connect(url, profile).code, 0); // pins A
        const quint16 port = server.port();
        server.stop();
        QVERIFY(server.start(m_keyB, port));
        const Run r = connect(url, profile, {s("--pin-policy"), s("off")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("hello pins\n"));
        QCOMPARE(
            TrustStore::load(Profile(profile).trustStorePath())->pin(endpointKey(url))->publicKey,
            m_pubA);
    }

    void identityFromTheProfile() {
        const QString profile = freshProfile();
        QVERIFY(writeAll(path(s("pass.txt")), "correct horse battery\n"));
        QCOMPARE(runSws({s("identity"), s("new"), s("me"), s("--passphrase"),
                         s("--passphrase-file"), path(s("pass.txt")), s("--profile"), profile},
                        m_env)
                     .code,
                 0);
        LiveServer server;
        QVERIFY(server.start(m_keyA));
        const Run ok =
            connect(server.url(), profile,
                    {s("--identity"), s("me"), s("--passphrase-file"), path(s("pass.txt"))});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        QCOMPARE(ok.out, s("hello pins\n"));
        const Run locked = connect(server.url(), profile, {s("--identity"), s("me")});
        QCOMPARE(locked.code, 1); // no passphrase source and no terminal
        QVERIFY(locked.out.isEmpty());
        const Run missing = connect(server.url(), profile, {s("--identity"), s("nobody")});
        QCOMPARE(missing.code, 1);
    }

    // --v2 without --ca trusts the enabled CAs of the store.
    void v2WithTrustedCas() {
        const QString profile = freshProfile();
        const QString dir = path(s("pki"));
        QVERIFY(QDir().mkpath(dir));
        QCOMPARE(runSws({s("cert"), s("genca"), s("--name"), s("v2ca"), s("--days"), s("30"),
                         s("--out-dir"), dir},
                        m_env)
                     .code,
                 0);
        QCOMPARE(runSws({s("cert"), s("gencert"), s("--ca"), dir + s("/v2ca-ca-key.json"),
                         s("--publickey"), m_keyA, s("--names"), s("localhost"), s("--ips"),
                         s("127.0.0.1"), s("--days"), s("20"), s("--out"), dir + s("/srv.json")},
                        m_env)
                     .code,
                 0);
        QProcess serve;
        serve.start(QStringLiteral(SWS_CLI_PATH),
                    {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--key"), m_keyA, s("--cert"),
                     dir + s("/srv.json"), s("--ca"), dir + s("/v2ca-ca-cert.json")});
        QByteArray line;
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (serve.canReadLine())
                    line = serve.readLine();
                return line.startsWith("listening ");
            },
            15000));
        const QUrl url(QString::fromUtf8(line.mid(10).trimmed()));
        const Run empty = connect(url, profile, {s("--v2")});
        QCOMPARE(empty.code, 1);
        QVERIFY2(empty.err.contains(s("no enabled")), qPrintable(empty.err));
        QCOMPARE(
            runSws({s("trust"), s("add"), dir + s("/v2ca-ca-cert.json"), s("--profile"), profile},
                   m_env)
                .code,
            0);
        const Run ok = connect(url, profile, {s("--v2")});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        QCOMPARE(ok.out, s("hello pins\n"));
        QVERIFY2(ok.err.contains(s("certified by a trusted CA")), qPrintable(ok.err));
        // The CA vouches for the key: it is not pinned (the CA may replace it).
        QVERIFY(TrustStore::load(Profile(profile).trustStorePath())->pins().isEmpty());
        QCOMPARE(runSws({s("trust"), s("disable"), s("v2ca"), s("--profile"), profile}, m_env).code,
                 0);
        QCOMPARE(connect(url, profile, {s("--v2")}).code, 1);
        serve.terminate();
        QVERIFY(serve.waitForFinished(5000));
    }

    // `sws serve --identity NAME`: the server uses a (passphrase-protected) identity of its
    // profile; version 1 with it alone, version 2 with its certificate from the profile and --ca.
    void serveWithIdentity() {
        const QString serverProfile = freshProfile();
        const QString pass = path(s("serve-pass.txt"));
        QVERIFY(writeAll(pass, "server passphrase\n"));
        QCOMPARE(runSws({s("identity"), s("new"), s("srv"), s("--passphrase"),
                         s("--passphrase-file"), pass, s("--profile"), serverProfile},
                        m_env)
                     .code,
                 0);
        const QByteArray key = Profile(serverProfile).identity(s("srv"))->publicKey;
        const QStringList useIdentity{
            s("--identity"), s("srv"), s("--profile"), serverProfile, s("--passphrase-file"), pass};

        LiveServer v1;
        QVERIFY(v1.start({}, 0, useIdentity));
        const QByteArray banner = v1.errors();
        QVERIFY2(banner.contains(fingerprint(key).toUtf8()) && banner.contains("(identity srv)") &&
                     !banner.contains("new key for this run"),
                 banner.constData());
        const QString profile = freshProfile();
        const Run first = connect(v1.url(), profile);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QCOMPARE(first.out, s("hello pins\n"));
        QCOMPARE(TrustStore::load(Profile(profile).trustStorePath())
                     ->pin(endpointKey(v1.url()))
                     ->publicKey,
                 key);
        v1.stop();

        // Refusals: a wrong passphrase, --key beside --identity, --ca without any certificate.
        QVERIFY(writeAll(path(s("wrong-pass.txt")), "not it\n"));
        LiveServer refused;
        QVERIFY(!refused.start({}, 0,
                               {s("--identity"), s("srv"), s("--profile"), serverProfile,
                                s("--passphrase-file"), path(s("wrong-pass.txt"))}));
        QVERIFY(refused.errors().contains("wrong passphrase"));
        const Run both =
            runSws(QStringList{s("serve"), s("--listen"), s("127.0.0.1:0"), s("--key"), m_keyA} +
                       useIdentity,
                   m_env);
        QCOMPARE(both.code, 2);
        const QString dir = path(s("pki-identity"));
        QVERIFY(QDir().mkpath(dir));
        QCOMPARE(runSws({s("cert"), s("genca"), s("--name"), s("idca"), s("--days"), s("30"),
                         s("--out-dir"), dir},
                        m_env)
                     .code,
                 0);
        const QString caCert = dir + s("/idca-ca-cert.json");
        const Run noCert =
            runSws(QStringList{s("serve"), s("--listen"), s("127.0.0.1:0"), s("--ca"), caCert} +
                       useIdentity,
                   m_env);
        QCOMPARE(noCert.code, 2);
        QVERIFY2(noCert.err.contains(s("identity srv has no certificate")), qPrintable(noCert.err));

        // Version 2: the identity's certificate, stored in the profile, and --ca.
        QCOMPARE(runSws({s("identity"), s("export"), s("srv"), dir + s("/srv-pub.json"),
                         s("--public"), s("--profile"), serverProfile},
                        m_env)
                     .code,
                 0);
        QCOMPARE(runSws({s("cert"), s("gencert"), s("--ca"), dir + s("/idca-ca-key.json"),
                         s("--publickey"), dir + s("/srv-pub.json"), s("--names"), s("localhost"),
                         s("--ips"), s("127.0.0.1"), s("--days"), s("20"), s("--out"),
                         dir + s("/srv-cert.json")},
                        m_env)
                     .code,
                 0);
        auto cert = keyfiles::readCertificate(dir + s("/srv-cert.json"));
        QVERIFY(cert);
        QVERIFY(Profile(serverProfile).setIdentityCertificate(s("srv"), *cert, false));
        LiveServer v2;
        QVERIFY(v2.start({}, 0, useIdentity + QStringList{s("--ca"), caCert}));
        QVERIFY(v2.errors().contains("version 2"));
        const Run secured = connect(v2.url(), freshProfile(), {s("--ca"), caCert});
        QVERIFY2(secured.code == 0, qPrintable(secured.err));
        QCOMPARE(secured.out, s("hello pins\n"));
        QCOMPARE(runSws({s("cert"), s("genca"), s("--name"), s("rogue"), s("--days"), s("30"),
                         s("--out-dir"), dir},
                        m_env)
                     .code,
                 0);
        const Run untrusted =
            connect(v2.url(), freshProfile(), {s("--ca"), dir + s("/rogue-ca-cert.json")});
        QCOMPARE(untrusted.code, 1);
        QVERIFY2(untrusted.err.contains(s("CertificateRefused")), qPrintable(untrusted.err));
    }

    // `sws serve` on a fixed port without --key keeps its key in the profile: a second run on
    // the same address has the same fingerprint, and a client that pinned the first run's key
    // (accept-new) connects to the second with --pin-policy strict. Port 0 stays a key per run.
    void serveKeepsItsKeyPerAddress() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString serverProfile = freshProfile();
        const QString clientProfile = freshProfile();
        const QUrl url(s("ws://127.0.0.1:%1/").arg(port));
        QStringList fingerprints;
        for (int run = 0; run < 2; ++run) {
            QProcess serve;
            serve.setProcessEnvironment(m_env);
            serve.start(s(SWS_CLI_PATH), {s("serve"), s("--listen"), s("127.0.0.1:%1").arg(port),
                                          s("--profile"), serverProfile});
            QVERIFY(serve.waitForStarted(10000));
            QByteArray errBytes;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    errBytes += serve.readAllStandardError();
                    return serve.canReadLine() && errBytes.contains('\n');
                },
                15000));
            QVERIFY(serve.readLine().startsWith("listening "));
            const QString err = QString::fromUtf8(errBytes);
            QVERIFY2(err.contains(s("key of the profile for 127.0.0.1:%1").arg(port)),
                     qPrintable(err));
            QCOMPARE(err.contains(s("new key, saved in the profile")), run == 0);
            const auto at = err.indexOf(s("key fingerprint "));
            QVERIFY(at >= 0);
            fingerprints << err.mid(at + 16, 24);
            const Run client = connect(
                url, clientProfile, {s("--pin-policy"), run == 0 ? s("accept-new") : s("strict")});
            QVERIFY2(client.code == 0, qPrintable(client.err));
            QCOMPARE(client.out, s("hello pins\n"));
            serve.terminate();
            QVERIFY(serve.waitForFinished(10000));
        }
        QCOMPARE(fingerprints.at(1), fingerprints.at(0));
        const auto id = Profile(serverProfile).identity(s("serve-127.0.0.1-%1").arg(port));
        QVERIFY2(id, qPrintable(id ? QString() : id.error()));
        QCOMPARE(modeOf(id->keyPath), 0600);

        // Port 0: a new key for the run, nothing saved.
        QProcess any;
        any.setProcessEnvironment(m_env);
        any.start(s(SWS_CLI_PATH),
                  {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--profile"), serverProfile});
        QByteArray anyErr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                anyErr += any.readAllStandardError();
                return anyErr.contains('\n');
            },
            15000));
        QVERIFY2(anyErr.contains("new key for this run"), anyErr.constData());
        any.terminate();
        QVERIFY(any.waitForFinished(10000));
        QCOMPARE(Profile(serverProfile).identities().size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ConnectPins)
#include "tst_connectpins.moc"
