// `sws identity`, `sws trust` and `sws pin` through the real binary: exit codes, files, modes,
// and never a secret in any output.
#include "../protocol/trusttestutil.h"
#include "cert/keyfiles.h"
#include "profile/profile.h"
#include "testutil.h"
#include "trust/truststore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace sws;
using namespace trusttest;
using namespace testutil;

class tst_ProfileCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_profile;
    QProcessEnvironment m_env;
    QStringList m_outputs;
    QList<QByteArray> m_secrets;

    QString path(const QString &name) const { return m_tmp.filePath(name); }

    Run sws(QStringList args, const QProcessEnvironment &env = {}, const QByteArray &input = {}) {
        const Run r = runSws(args, env.isEmpty() ? m_env : env, input);
        m_outputs << r.out << r.err;
        return r;
    }
    // With --profile DIR appended.
    Run swsp(QStringList args, const QProcessEnvironment &env = {}) {
        return sws(args << s("--profile") << m_profile, env);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QFile::exists(QStringLiteral(SWS_CLI_PATH)));
        m_profile = path(s("profile"));
        m_env = cleanEnvironment(m_tmp.path());
        QVERIFY(writeAll(path(s("pass.txt")), "correct horse battery\n"));
    }

    void help_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("start");
        for (const char *group : {"identity", "trust", "pin"}) {
            QTest::addRow("%s", group) << QStringList{s(group), s("--help")}
                                       << s("usage: sws %1 SUBCOMMAND").arg(s(group));
        }
        const QList<QStringList> subs = {{s("identity"), s("list")},   {s("identity"), s("new")},
                                         {s("identity"), s("show")},   {s("identity"), s("import")},
                                         {s("identity"), s("export")}, {s("identity"), s("remove")},
                                         {s("trust"), s("list")},      {s("trust"), s("add")},
                                         {s("trust"), s("remove")},    {s("trust"), s("enable")},
                                         {s("trust"), s("disable")},   {s("pin"), s("list")},
                                         {s("pin"), s("add")},         {s("pin"), s("remove")},
                                         {s("pin"), s("verify")}};
        for (const QStringList &sub : subs) {
            QTest::addRow("%s %s", qPrintable(sub.at(0)), qPrintable(sub.at(1)))
                << (QStringList(sub) << s("--help"))
                << s("usage: sws ") + sub.join(QLatin1Char(' '));
        }
    }
    void help() {
        QFETCH(QStringList, args);
        QFETCH(QString, start);
        const Run r = sws(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(start), qPrintable(r.out));
        QVERIFY(r.out.contains(s("--profile")) || r.out.contains(s("SUBCOMMAND")));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no subcommand") << QStringList{s("identity")};
        QTest::newRow("unknown subcommand") << QStringList{s("trust"), s("frobnicate")};
        QTest::newRow("missing name") << QStringList{s("identity"), s("new")};
        QTest::newRow("bad name") << QStringList{s("identity"), s("new"), s("../x")};
        QTest::newRow("extra argument") << QStringList{s("pin"), s("list"), s("x")};
        QTest::newRow("bad endpoint")
            << QStringList{s("pin"), s("add"), s("http://x/"), QString(64, QLatin1Char('a'))};
        QTest::newRow("bad key") << QStringList{s("pin"), s("add"), s("h:1/"), s("abcd")};
        QTest::newRow("verify without terminal") << QStringList{s("pin"), s("verify"), s("h:1/")};
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        if (args.size() == 3 && args.at(1) == s("verify")) // needs a pin to get that far
            QCOMPARE(swsp({s("pin"), s("add"), s("h:1/"), QString(64, QLatin1Char('b'))}).code, 0);
        const Run r = swsp(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(s("--help")), qPrintable(r.err));
    }

    void identities() {
        QCOMPARE(swsp({s("identity"), s("new"), s("plain")}).code, 0);
        QCOMPARE(swsp({s("identity"), s("new"), s("locked"), s("--passphrase"),
                       s("--passphrase-file"), path(s("pass.txt"))})
                     .code,
                 0);
        QProcessEnvironment env = m_env;
        env.insert(s("SWS_PASSPHRASE"), s("another good passphrase"));
        QCOMPARE(swsp({s("identity"), s("new"), s("fromenv"), s("--passphrase")}, env).code, 0);
        // No terminal, no file, no variable: refused, nothing written.
        const Run noTty = swsp({s("identity"), s("new"), s("nopass"), s("--passphrase")});
        QCOMPARE(noTty.code, 1);
        QVERIFY2(noTty.err.contains(s("--passphrase-file")), qPrintable(noTty.err));
        QCOMPARE(swsp({s("identity"), s("new"), s("plain")}).code, 1); // exists

        const Run list = swsp({s("identity"), s("list")});
        QCOMPARE(list.code, 0);
        const QStringList lines = list.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(0).startsWith(s("fromenv")) && lines.at(0).contains(s(" protected")));
        QVERIFY(lines.at(1).startsWith(s("locked")) && lines.at(1).contains(s(" protected")));
        QVERIFY(lines.at(2).startsWith(s("plain")) && lines.at(2).contains(s("unprotected")));
        // The same profile through $SWS_PROFILE and the global option.
        QProcessEnvironment viaEnv = m_env;
        viaEnv.insert(s("SWS_PROFILE"), m_profile);
        QCOMPARE(sws({s("identity"), s("list")}, viaEnv).out, list.out);
        QCOMPARE(sws({s("--profile"), m_profile, s("identity"), s("list")}).out, list.out);
        QCOMPARE(sws({s("identity"), s("--profile"), m_profile, s("list")}).out, list.out);

        // Export: the protected key needs its passphrase; the file is the reference format.
        QCOMPARE(swsp({s("identity"), s("export"), s("locked"), path(s("x.json"))}).code, 1);
        QVERIFY(!QFile::exists(path(s("x.json"))));
        QVERIFY(writeAll(path(s("wrong.txt")), "wrong passphrase\n"));
        const Run wrong = swsp({s("identity"), s("export"), s("locked"), path(s("x.json")),
                                s("--passphrase-file"), path(s("wrong.txt"))});
        QCOMPARE(wrong.code, 1);
        QVERIFY2(wrong.err.contains(s("wrong passphrase")), qPrintable(wrong.err));
        QCOMPARE(swsp({s("identity"), s("export"), s("locked"), path(s("locked-kp.json")),
                       s("--passphrase-file"), path(s("pass.txt"))})
                     .code,
                 0);
        QCOMPARE(modeOf(path(s("locked-kp.json"))), 0600);
        auto kp = keyfiles::readBoxKeyPair(path(s("locked-kp.json")));
        QVERIFY(kp);
        m_secrets << kp->secretKey.copyOut();
        const Profile profile(m_profile);
        const QString lockedFile = profile.identity(s("locked"))->keyPath;
        QCOMPARE(modeOf(lockedFile), 0600);
        QVERIFY(findSecret(readAll(lockedFile), kp->secretKey.copyOut()).isEmpty());
        QCOMPARE(profile.identity(s("locked"))->publicKey, kp->publicKey);

        const Run show = swsp({s("identity"), s("show"), s("locked")});
        QCOMPARE(show.code, 0);
        QVERIFY(show.out.contains(toHex(kp->publicKey)));
        QVERIFY(show.out.contains(s("yes (passphrase)")));

        // Import what `sws keygen` wrote; export the public key only.
        QCOMPARE(sws({s("keygen"), s("--out"), path(s("k.json"))}).code, 0);
        m_secrets << keyfiles::readBoxKeyPair(path(s("k.json")))->secretKey.copyOut();
        QCOMPARE(swsp({s("identity"), s("import"), s("imported"), path(s("k.json"))}).code, 0);
        QCOMPARE(swsp({s("identity"), s("export"), s("imported"), path(s("k2.json"))}).code, 0);
        QCOMPARE(readAll(path(s("k2.json"))), readAll(path(s("k.json"))));
        QCOMPARE(swsp({s("identity"), s("export"), s("imported"), path(s("k2.json"))}).code, 1);
        QCOMPARE(
            swsp({s("identity"), s("export"), s("imported"), path(s("pub.json")), s("--public")})
                .code,
            0);
        QVERIFY(!readAll(path(s("pub.json"))).contains("secret"));

        QCOMPARE(swsp({s("identity"), s("remove"), s("imported")}).code, 0);
        QCOMPARE(swsp({s("identity"), s("show"), s("imported")}).code, 1);
    }

    void trust() {
        QCOMPARE(sws({s("cert"), s("genca"), s("--name"), s("acme.test"), s("--days"), s("400"),
                      s("--out-dir"), m_tmp.path()})
                     .code,
                 0);
        QCOMPARE(sws({s("cert"), s("genca"), s("--name"), s("soon.test"), s("--days"), s("10"),
                      s("--out-dir"), m_tmp.path()})
                     .code,
                 0);
        const Run before = swsp({s("trust"), s("list")});
        QCOMPARE(before.code, 0);
        QCOMPARE(before.out.trimmed().split(QLatin1Char('\n')).size(), 1);
        QVERIFY(before.out.contains(s("disabled")) && before.out.contains(s("iwebpp.com")) &&
                before.out.contains(s("built-in")));
        const Run add = swsp({s("trust"), s("add"), path(s("acme.test-ca-cert.json"))});
        QCOMPARE(add.code, 0);
        const QString id = add.out.trimmed();
        QCOMPARE(id.size(), 16);
        const Run soon = swsp({s("trust"), s("add"), path(s("soon.test-ca-cert.json"))});
        QCOMPARE(soon.code, 0);
        QVERIFY2(soon.err.contains(s("warning")), qPrintable(soon.err));
        QCOMPARE(swsp({s("trust"), s("add"), path(s("acme.test-ca-cert.json"))}).code, 1);
        QCOMPARE(swsp({s("trust"), s("add"), path(s("acme.test-ca-key.json"))}).code, 1);
        QCOMPARE(modeOf(Profile(m_profile).trustStorePath()), 0600);

        Run list = swsp({s("trust"), s("list")});
        QVERIFY(list.out.contains(id + s("  enabled ")));
        QVERIFY2(list.out.contains(s("[EXPIRES SOON]")), qPrintable(list.out));
        QCOMPARE(swsp({s("trust"), s("disable"), id.left(6)}).code, 0);
        QVERIFY(swsp({s("trust"), s("list")}).out.contains(id + s("  disabled")));
        QCOMPARE(swsp({s("trust"), s("enable"), s("iwebpp.com")}).code, 0);
        QCOMPARE(swsp({s("trust"), s("remove"), s("iwebpp.com")}).code, 1); // built in
        QCOMPARE(swsp({s("trust"), s("remove"), id}).code, 0);
        QCOMPARE(swsp({s("trust"), s("remove"), id}).code, 1);
        list = swsp({s("trust"), s("list")});
        QVERIFY(!list.out.contains(id));
        QVERIFY2(list.out.contains(s("enabled   iwebpp.com")), qPrintable(list.out));
    }

    void pins() {
        const QString key = toHex(BoxKeyPair::generate().publicKey);
        const QString other = toHex(BoxKeyPair::generate().publicKey);
        QCOMPARE(swsp({s("pin"), s("add"), s("ws://Chat.Test:8080/room"), key}).code, 0);
        Run list = swsp({s("pin"), s("list")});
        const auto line = [this] {
            for (const QString &l : swsp({s("pin"), s("list")}).out.split(QLatin1Char('\n'))) {
                if (l.startsWith(s("chat.test:8080/room ")))
                    return l;
            }
            return QString();
        };
        QVERIFY2(line().contains(s("unverified")), qPrintable(list.out));
        const QString fp = fingerprint(QByteArray::fromHex(key.toLatin1()));
        QVERIFY(list.out.contains(fp));
        const Run bad = swsp({s("pin"), s("verify"), s("chat.test:8080/room"), s("--fingerprint"),
                              fingerprint(QByteArray::fromHex(other.toLatin1()))});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains(s("differ")));
        QVERIFY(line().contains(s("unverified")));
        QCOMPARE(swsp({s("pin"), s("verify"), s("ws://chat.test:8080/room"), s("--fingerprint"),
                       fp.toUpper().remove(QLatin1Char(' '))})
                     .code,
                 0);
        QVERIFY2(line().contains(s(" verified  ")), qPrintable(line()));
        // Another key for the endpoint: the verified mark goes.
        const Run replaced = swsp({s("pin"), s("add"), s("chat.test:8080/room"), other});
        QCOMPARE(replaced.code, 0);
        QVERIFY(replaced.err.contains(s("replaced")));
        QVERIFY(line().contains(s("unverified")));
        QCOMPARE(swsp({s("pin"), s("remove"), s("chat.test:8080/room")}).code, 0);
        QCOMPARE(swsp({s("pin"), s("remove"), s("chat.test:8080/room")}).code, 1);
        QVERIFY(line().isEmpty());
    }

    // `wss://host/` is the server on port 443, `ws://host/` the one on 80: two pins.
    void wssPinsArePort443() {
        const QString key = toHex(BoxKeyPair::generate().publicKey);
        const QString other = toHex(BoxKeyPair::generate().publicKey);
        const Run tls = swsp({s("pin"), s("add"), s("wss://secure.test/"), key});
        QCOMPARE(tls.code, 0);
        QVERIFY2(tls.out.startsWith(s("secure.test:443/ ")), qPrintable(tls.out));
        const Run plain = swsp({s("pin"), s("add"), s("ws://secure.test/"), other});
        QCOMPARE(plain.code, 0);
        QVERIFY2(!plain.err.contains(s("replaced")), qPrintable(plain.err));
        const QString listed = swsp({s("pin"), s("list")}).out;
        QVERIFY2(listed.contains(s("secure.test:443/")) && listed.contains(s("secure.test:80/")),
                 qPrintable(listed));
        QCOMPARE(swsp({s("pin"), s("remove"), s("wss://secure.test")}).code, 0);
        QVERIFY(swsp({s("pin"), s("list")}).out.contains(s("secure.test:80/")));
        QCOMPARE(swsp({s("pin"), s("remove"), s("ws://secure.test")}).code, 0);
    }

    // Twelve `sws pin add` at once on one profile: every pin is kept (each writes under the
    // store's lock, on the file as the others left it).
    void concurrentWritersLoseNothing() {
        const QString profile = path(s("concurrent-profile"));
        QCOMPARE(sws({s("pin"), s("list"), s("--profile"), profile}).code, 0);
        std::vector<std::unique_ptr<QProcess>> procs;
        for (int i = 0; i < 12; ++i) {
            auto p = std::make_unique<QProcess>();
            p->setProcessEnvironment(m_env);
            p->start(QStringLiteral(SWS_CLI_PATH),
                     {s("pin"), s("add"), s("host%1:80/").arg(i),
                      toHex(BoxKeyPair::generate().publicKey), s("--profile"), profile});
            procs.push_back(std::move(p));
        }
        for (auto &p : procs) {
            QVERIFY(p->waitForFinished(30000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        auto store = TrustStore::load(Profile(profile).trustStorePath());
        QVERIFY(store);
        QCOMPARE(store->pins().size(), 12);
    }

    void noSecretsInAnyOutput() {
        QVERIFY(!m_secrets.isEmpty());
        for (const QByteArray &secret : std::as_const(m_secrets)) {
            for (const QString &o : std::as_const(m_outputs))
                QVERIFY(findSecret(o.toUtf8(), secret).isEmpty());
        }
        for (const QString &o : std::as_const(m_outputs))
            QVERIFY(!o.contains(s("correct horse")));
    }
};

QTEST_GUILESS_MAIN(tst_ProfileCli)
#include "tst_profilecli.moc"
