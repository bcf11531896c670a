// Making nacl-cert certificates: new CAs, sign() and what it refuses, malleated signatures, and
// the display text.
#include "naclcertfixture.h"

#include <QRegularExpression>

using namespace naclcerttest;

class tst_NaclCertSign : public QObject, private NaclCertFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUpFixture(); }

    // ---- Making certificates ------------------------------------------------------------

    void signRoundTrip() {
        const BoxKeyPair holder = BoxKeyPair::generate();
        cert::CertRequest req;
        req.publicKey = holder.publicKey;
        req.names = QStringList{s("über-café.test"), s("q\"uote\\back/slash"), s("tab\there\u0001"),
                                s("emoji-\U0001F600.test"), s("line\u2028sep")};
        req.ips = QStringList{s("192.0.2.7")};
        req.tteMs = kNow + 10 * kDay;
        const auto c = cert::sign(req, *m_ca, kNow);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        // The Java reference's order, so that its signing text is the text as written.
        QCOMPARE(keysOf(c->desc()),
                 QStringList({s("version"), s("type"), s("tte"), s("ca"), s("publickey"),
                              s("names"), s("ips"), s("macs"), s("gid"), s("signtime")}));
        QCOMPARE(keysOf(c->desc()), cert::javaFieldOrder(false));
        QCOMPARE(c->names(), req.names);
        QCOMPARE(c->type(), s("ca"));
        QCOMPARE(c->caName(), s("example.ca"));
        QCOMPARE(c->tteMs(), req.tteMs);
        QCOMPARE(c->signTimeMs(), std::optional<qint64>(kNow));
        QCOMPARE(c->publicKey(), holder.publicKey);
        const QRegularExpression uuidV4(
            s("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QVERIFY2(uuidV4.match(c->gid()).hasMatch(), qPrintable(c->gid()));
        QVERIFY(cert::validate(*c, &m_ca->cert, kNow).valid);

        // Through bytes and back: the same bytes, still valid.
        const QByteArray bytes = c->toBytes();
        QVERIFY(bytes.contains("q\\\"uote\\\\back/slash"));
        QVERIFY(bytes.contains("tab\\there\\u0001"));
        QVERIFY(bytes.contains(s("über-café.test").toUtf8()));
        const auto again = Certificate::fromBytes(bytes);
        QVERIFY(again);
        QCOMPARE(again->toBytes(), bytes);
        QCOMPARE(again->names(), req.names);
        QCOMPARE(again->fingerprint(), c->fingerprint());
        QVERIFY(cert::validate(*again, &m_ca->cert, kNow).valid);
        QVERIFY(cert::matchDomain(*again, s("www.über-café.test")));
    }

    void generateCaFields() {
        const cert::CaKey ca = cert::generateCa(s("New CA"), kNow + kDay, kNow);
        QCOMPARE(keysOf(ca.cert.desc()), QStringList({s("version"), s("type"), s("tte"), s("ca"),
                                                      s("publickey"), s("gid"), s("signtime")}));
        QCOMPARE(keysOf(ca.cert.desc()), cert::javaFieldOrder(true));
        QCOMPARE(cert::javaSigningText(ca.cert.desc()), json::serialize(ca.cert.desc()));
        QVERIFY(ca.cert.isSelfSigned());
        QCOMPARE(ca.cert.caName(), s("New CA"));
        QCOMPARE(ca.secretKey.size(), std::size_t(kSignSecretKeyBytes));
        QVERIFY(cert::validate(ca.cert, nullptr, kNow).valid);
        QCOMPARE(cert::validate(ca.cert, nullptr, kNow + kDay).failedRule,
                 std::optional<Rule>(Rule::Expiry));
        QVERIFY(ca.cert.fingerprint() != m_ca->cert.fingerprint());
        // Two CAs never share a gid.
        QVERIFY(ca.cert.gid() != m_ca->cert.gid());
    }

    void signRefuses_data() {
        QTest::addColumn<QString>("what");
        QTest::newRow("outlives the CA") << s("tte-ca");
        QTest::newRow("already expired") << s("tte-past");
        QTest::newRow("public key of 31 bytes") << s("short-key");
        QTest::newRow("CA key of another CA") << s("wrong-secret");
        QTest::newRow("CA certificate not self-signed") << s("leaf-as-ca");
        QTest::newRow("expired CA") << s("ca-expired");
        QTest::newRow("bad ip") << s("ip");
        QTest::newRow("bad mac") << s("mac");
        QTest::newRow("empty name") << s("name");
    }
    void signRefuses() {
        QFETCH(QString, what);
        cert::CertRequest req;
        req.publicKey = m_leafKeys.publicKey;
        req.names = QStringList{s("example.test")};
        req.tteMs = kNow + kDay;
        cert::CaKey ca{m_ca->cert, m_ca->secretKey.clone()};
        qint64 now = kNow;
        if (what == s("tte-ca"))
            req.tteMs = m_ca->cert.tteMs() + 1;
        else if (what == s("tte-past"))
            req.tteMs = kNow;
        else if (what == s("short-key"))
            req.publicKey.chop(1);
        else if (what == s("wrong-secret"))
            ca.secretKey = m_otherCa->secretKey.clone();
        else if (what == s("leaf-as-ca"))
            ca.cert = *m_leaf;
        else if (what == s("ca-expired"))
            now = m_ca->cert.tteMs(), req.tteMs = now + 1;
        else if (what == s("ip"))
            req.ips = QStringList{s("127.1")};
        else if (what == s("mac"))
            req.macs = QStringList{s("00:11:22")};
        else if (what == s("name"))
            req.names << QString();
        const auto c = cert::sign(req, ca, now);
        QVERIFY(!c);
        QVERIFY(!c.error().isEmpty());
    }

    void malleableSignatureFails() {
        // libsodium refuses S >= L; tweetnacl 0.13 (the reference) does not check.
        for (const Certificate *c : {&*m_leaf, &m_ca->cert}) {
            const Certificate *ca = c->isSelfSigned() ? nullptr : &m_ca->cert;
            QVERIFY(cert::validate(*c, ca, kNow).valid);
            const QByteArray malleated = addGroupOrder(c->signature());
            QVERIFY(malleated != c->signature());
            const Certificate m = mustParse(withSignature(c->raw(), malleated));
            const cert::Verdict v = cert::validate(m, ca, kNow);
            QVERIFY(!v.valid);
            QCOMPARE(v.failedRule, std::optional<Rule>(Rule::Signature));
        }
    }

    void displayText() {
        QCOMPARE(cert::displayText(s("a\"b\\c")), s("\"a\\\"b\\\\c\""));
        QCOMPARE(cert::displayText(s("esc\x1b[31m")), s("\"esc\\u001b[31m\""));
        QCOMPARE(cert::displayText(s("über")), s("\"über\""));
        QCOMPARE(cert::displayText(s("abcdef"), 3), s("\"abc...\""));
        QCOMPARE(cert::displayText(s("smile \U0001F600")), s("\"smile \U0001F600\""));
        QCOMPARE(cert::displayText(QString(QChar(0xd800))), s("\"\\ud800\""));
        QCOMPARE(cert::displayText(s("rtl\u202eoverride")), s("\"rtl\\u202eoverride\""));
        QCOMPARE(cert::displayText(s("line\u2028sep")), s("\"line\\u2028sep\""));
    }
};

QTEST_GUILESS_MAIN(tst_NaclCertSign)
#include "tst_naclcertsign.moc"
