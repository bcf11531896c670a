// Runs the real `sws` binary with --json: one JSON document on stdout, with the field names the
// README documents, and never a secret key.
#include "cert/keyfiles.h"
#include "crypto/crypto.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace testutil;

class tst_CliJson : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_profile;
    QProcessEnvironment m_env;
    QStringList m_outputs; // every JSON output, for the secret check at the end

    QString path(const QString &name) const { return m_dir.filePath(name); }

    Run sws(const QStringList &args) {
        const Run r = runSws(args, m_env, {}, m_dir.path());
        m_outputs << r.out << r.err;
        return r;
    }

    // The one JSON document a run printed on stdout (one line); null on any other output.
    static QJsonDocument parse(const Run &r) {
        if (!r.out.endsWith(QLatin1Char('\n')) || r.out.count(QLatin1Char('\n')) != 1)
            return {};
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        return error.error == QJsonParseError::NoError ? doc : QJsonDocument();
    }

    static QStringList sorted(QStringList keys) {
        keys.sort();
        return keys;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_profile = path(s("profile"));
        m_env = cleanEnvironment(m_dir.path());
        QCOMPARE(sws({s("keygen")}).code, 0);
        QCOMPARE(
            sws({s("cert"), s("genca"), s("--name"), s("json-ca"), s("--days"), s("400")}).code, 0);
        QCOMPARE(sws({s("cert"), s("gencert"), s("--ca"), s("json-ca-ca-key.json"),
                      s("--publickey"), s("box-kp.json"), s("--names"), s("a.test,b.test"),
                      s("--ips"), s("127.0.0.1"), s("--days"), s("7"), s("--out"), s("leaf.json")})
                     .code,
                 0);
    }

    void keygen() {
        const Run r = sws({s("keygen"), s("--json"), s("-o"), s("json-kp.json")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parse(r).object();
        QCOMPARE(o.keys(), sorted({s("file"), s("publicKey"), s("fingerprint")}));
        const auto kp = keyfiles::readBoxKeyPair(path(s("json-kp.json")));
        QVERIFY(kp);
        QCOMPARE(o.value(s("file")).toString(), s("json-kp.json"));
        QCOMPARE(o.value(s("publicKey")).toString(), toHex(kp->publicKey));
        QCOMPARE(o.value(s("fingerprint")).toString(), fingerprint(kp->publicKey));
        QVERIFY(findSecret(r.out.toUtf8() + r.err.toUtf8(), kp->secretKey.copyOut()).isEmpty());
    }

    // The commands that make a CA, a certificate or an identity describe what they made.
    void made() {
        const Run ca = sws(
            {s("cert"), s("genca"), s("--name"), s("made-ca"), s("--days"), s("400"), s("--json")});
        QCOMPARE(ca.code, 0);
        const QJsonObject c = parse(ca).object();
        QCOMPARE(c.keys(), sorted({s("caName"), s("certFile"), s("keyFile"), s("expires"),
                                   s("fingerprint")}));
        const auto caCert = keyfiles::readCertificate(path(c.value(s("certFile")).toString()));
        QVERIFY(caCert);
        QCOMPARE(c.value(s("fingerprint")).toString(), caCert->fingerprint());
        QCOMPARE(c.value(s("keyFile")).toString(), s("made-ca-ca-key.json"));

        const Run leaf =
            sws({s("cert"), s("gencert"), s("--ca"), s("made-ca-ca-key.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("m.test"), s("--days"), s("1"), s("--json")});
        QCOMPARE(leaf.code, 0);
        const QJsonObject l = parse(leaf).object();
        QCOMPARE(l.keys(), sorted({s("file"), s("caName"), s("names"), s("ips"), s("macs"),
                                   s("keyFingerprint"), s("expires"), s("fingerprint")}));
        const auto leafCert = keyfiles::readCertificate(path(l.value(s("file")).toString()));
        QVERIFY(leafCert);
        QCOMPARE(l.value(s("fingerprint")).toString(), leafCert->fingerprint());
        QCOMPARE(l.value(s("names")).toArray(), QJsonArray({s("m.test")}));

        const QStringList idFields = sorted({s("name"), s("publicKey"), s("fingerprint"),
                                             s("protected"), s("keyFile"), s("certificate")});
        const Run made =
            sws({s("identity"), s("new"), s("carol"), s("--json"), s("-p"), m_profile});
        QCOMPARE(made.code, 0);
        QCOMPARE(parse(made).object().keys(), idFields);
        const Run imported = sws({s("identity"), s("import"), s("dave"), path(s("box-kp.json")),
                                  s("--json"), s("-p"), m_profile});
        QCOMPARE(imported.code, 0);
        const QJsonObject dave = parse(imported).object();
        QCOMPARE(dave.keys(), idFields);
        QCOMPARE(dave.value(s("publicKey")).toString(),
                 toHex(keyfiles::readBoxPublicKey(path(s("box-kp.json"))).value()));
    }

    void certShow() {
        const auto leaf = keyfiles::readCertificate(path(s("leaf.json")));
        QVERIFY(leaf);
        const Run r = sws({s("cert"), s("show"), s("leaf.json"), s("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parse(r).object();
        QCOMPARE(o.keys(),
                 sorted({s("file"), s("type"), s("selfSigned"), s("caName"), s("version"),
                         s("publicKey"), s("keyFingerprint"), s("names"), s("ips"), s("macs"),
                         s("signed"), s("expires"), s("expired"), s("gid"), s("fingerprint")}));
        QCOMPARE(o.value(s("type")).toString(), s("ca"));
        QCOMPARE(o.value(s("selfSigned")).toBool(true), false);
        QCOMPARE(o.value(s("caName")).toString(), s("json-ca"));
        QCOMPARE(o.value(s("names")).toArray(), QJsonArray({s("a.test"), s("b.test")}));
        QCOMPARE(o.value(s("ips")).toArray(), QJsonArray({s("127.0.0.1")}));
        QCOMPARE(o.value(s("macs")).toArray(), QJsonArray());
        QCOMPARE(o.value(s("publicKey")).toString(), toHex(leaf->publicKey()));
        QCOMPARE(o.value(s("fingerprint")).toString(), leaf->fingerprint());
        QCOMPARE(o.value(s("gid")).toString(), leaf->gid());
        QCOMPARE(o.value(s("expired")).toBool(true), false);
        QVERIFY(o.value(s("expires")).toString().endsWith(QLatin1Char('Z')));
        QVERIFY(o.value(s("signed")).isString());

        const Run ca = sws({s("cert"), s("show"), s("json-ca-ca-cert.json"), s("--json")});
        QCOMPARE(ca.code, 0);
        QCOMPARE(parse(ca).object().value(s("selfSigned")).toBool(false), true);
    }

    // Valid and invalid alike: one document on stdout, the verdict in the exit status too.
    void certValidate() {
        const QStringList fields{s("file"), s("valid"), s("failedRule"), s("message"), s("rules")};
        const Run ok = sws({s("cert"), s("validate"), s("leaf.json"), s("--ca"),
                            s("json-ca-ca-cert.json"), s("--json")});
        QCOMPARE(ok.code, 0);
        QVERIFY(ok.err.isEmpty());
        const QJsonObject v = parse(ok).object();
        QCOMPARE(v.keys(), sorted(fields));
        QCOMPARE(v.value(s("valid")).toBool(false), true);
        QVERIFY(v.value(s("failedRule")).isNull() && v.value(s("message")).isNull());
        const QJsonArray rules = v.value(s("rules")).toArray();
        QVERIFY(rules.size() >= 5);
        for (const QJsonValue &rule : rules) {
            QCOMPARE(rule.toObject().keys(), sorted({s("rule"), s("passed"), s("detail")}));
            QVERIFY(rule.toObject().value(s("passed")).toBool(false));
        }

        const Run bad = sws({s("cert"), s("validate"), s("leaf.json"), s("--ca"),
                             s("json-ca-ca-cert.json"), s("--host"), s("c.test"), s("--json")});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.isEmpty());
        const QJsonObject w = parse(bad).object();
        QCOMPARE(w.keys(), sorted(fields));
        QCOMPARE(w.value(s("valid")).toBool(true), false);
        QCOMPARE(w.value(s("failedRule")).toString(), s("EndpointBinding"));
        QVERIFY(w.value(s("message")).toString().contains(s("c.test")));
    }

    void identities() {
        QCOMPARE(sws({s("identity"), s("new"), s("alice"), s("-p"), m_profile}).code, 0);
        const Run empty = sws({s("identity"), s("list"), s("--json"), s("-p"), path(s("none"))});
        QCOMPARE(empty.code, 0);
        QCOMPARE(parse(empty).array(), QJsonArray());

        const Run list = sws({s("identity"), s("list"), s("--json"), s("-p"), m_profile});
        QCOMPARE(list.code, 0);
        const QJsonArray ids = parse(list).array();
        QCOMPARE(ids.size(), 3); // alice, and carol and dave made above
        QJsonObject alice;
        for (const QJsonValue &v : ids) {
            if (v.toObject().value(s("name")).toString() == s("alice"))
                alice = v.toObject();
        }
        QCOMPARE(alice.keys(), sorted({s("name"), s("publicKey"), s("fingerprint"), s("protected"),
                                       s("certificate")}));
        QCOMPARE(alice.value(s("name")).toString(), s("alice"));
        QCOMPARE(alice.value(s("protected")).toBool(true), false);
        QVERIFY(alice.value(s("certificate")).isNull());

        const Run show =
            sws({s("identity"), s("show"), s("alice"), s("--json"), s("-p"), m_profile});
        QCOMPARE(show.code, 0);
        const QJsonObject o = parse(show).object();
        QCOMPARE(o.keys(), sorted({s("name"), s("publicKey"), s("fingerprint"), s("protected"),
                                   s("keyFile"), s("certificate")}));
        QCOMPARE(o.value(s("publicKey")), alice.value(s("publicKey")));
        const auto kp = keyfiles::readBoxKeyPair(o.value(s("keyFile")).toString());
        QVERIFY(kp);
        QCOMPARE(o.value(s("publicKey")).toString(), toHex(kp->publicKey));
        const QByteArray secret = kp->secretKey.copyOut();
        for (const Run &r : {list, show})
            QVERIFY(findSecret(r.out.toUtf8() + r.err.toUtf8(), secret).isEmpty());
    }

    void trustAndPins() {
        const Run before = sws({s("trust"), s("list"), s("--json"), s("-p"), m_profile});
        QCOMPARE(before.code, 0);
        const QJsonArray builtIn = parse(before).array();
        QCOMPARE(builtIn.size(), 1); // the reference root, disabled
        const QStringList caFields = sorted({s("id"), s("enabled"), s("builtIn"), s("caName"),
                                             s("expires"), s("status"), s("fingerprint")});
        QCOMPARE(builtIn.first().toObject().keys(), caFields);
        QCOMPARE(builtIn.first().toObject().value(s("builtIn")).toBool(false), true);
        QCOMPARE(builtIn.first().toObject().value(s("enabled")).toBool(true), false);

        const Run add = sws({s("trust"), s("add"), s("json-ca-ca-cert.json"), s("-p"), m_profile});
        QCOMPARE(add.code, 0);
        const QJsonArray cas =
            parse(sws({s("trust"), s("list"), s("--json"), s("-p"), m_profile})).array();
        QCOMPARE(cas.size(), 2);
        bool found = false;
        for (const QJsonValue &v : cas) {
            const QJsonObject ca = v.toObject();
            QCOMPARE(ca.keys(), caFields);
            if (ca.value(s("id")).toString() != add.out.trimmed())
                continue;
            found = true;
            QCOMPARE(ca.value(s("caName")).toString(), s("json-ca"));
            QCOMPARE(ca.value(s("enabled")).toBool(false), true);
            QCOMPARE(ca.value(s("status")).toString(), s("valid"));
        }
        QVERIFY(found);

        const QString key = QString(64, QLatin1Char('b'));
        QCOMPARE(sws({s("pin"), s("add"), s("ws://127.0.0.1:9/x"), key, s("-p"), m_profile}).code,
                 0);
        const Run pins = sws({s("pin"), s("list"), s("--json"), s("-p"), m_profile});
        QCOMPARE(pins.code, 0);
        const QJsonArray list = parse(pins).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject pin = list.first().toObject();
        QCOMPARE(pin.keys(), sorted({s("endpoint"), s("publicKey"), s("fingerprint"), s("verified"),
                                     s("pinned")}));
        QCOMPARE(pin.value(s("endpoint")).toString(), s("127.0.0.1:9/x"));
        QCOMPARE(pin.value(s("publicKey")).toString(), key);
        QCOMPARE(pin.value(s("verified")).toBool(true), false);
        QVERIFY(pin.value(s("pinned")).toString().endsWith(QLatin1Char('Z')));
    }

    void noSecretsInAnyOutput() {
        QList<QByteArray> secrets;
        for (const char *file : {"box-kp.json", "json-kp.json"}) {
            const auto kp = keyfiles::readBoxKeyPair(path(s(file)));
            QVERIFY(kp);
            secrets << kp->secretKey.copyOut();
        }
        for (const char *file : {"json-ca-ca-key.json", "made-ca-ca-key.json"}) {
            const auto ca = keyfiles::readCaKey(path(s(file)));
            QVERIFY(ca);
            secrets << ca->secretKey.copyOut() << ca->secretKey.copyOut().left(32);
        }
        QVERIFY(m_outputs.size() > 20);
        for (const QString &output : std::as_const(m_outputs)) {
            for (const QByteArray &secret : std::as_const(secrets))
                QVERIFY2(findSecret(output.toUtf8(), secret).isEmpty(), "a secret key was printed");
        }
    }
};

QTEST_GUILESS_MAIN(tst_CliJson)
#include "tst_clijson.moc"
