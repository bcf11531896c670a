// nacl-cert certificates: the reference's vectors, validate() rule by rule, peer validation and
// strict parsing. Endpoint matching: tst_naclcertmatch; the Java reference: tst_naclcertjava;
// making certificates: tst_naclcertsign.
#include "naclcertfixture.h"

using namespace naclcerttest;

class tst_NaclCert : public QObject, private NaclCertFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUpFixture(); }

    // ---- Vectors made by the reference --------------------------------------------------

    void vectors_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<std::optional<Rule>>("failedRule");
        const std::map<QString, Rule> expectedFailure{
            {s("root-ca-renamed"), Rule::Signature},
            {s("leaf-tampered-names"), Rule::Signature},
            {s("leaf-wrong-ca-key"), Rule::Signature},
        };
        for (const QString &name : m_order) {
            if (!m_cases[name].contains(s("valid")))
                continue; // the expiring leaf has its own test with its own clock
            const auto it = expectedFailure.find(name);
            QTest::newRow(qPrintable(name))
                << name << (it == expectedFailure.end() ? std::optional<Rule>() : it->second);
        }
    }
    void vectors() {
        QFETCH(QString, name);
        QFETCH(std::optional<Rule>, failedRule);
        const json::Value &c = m_cases[name];
        auto parsed = Certificate::fromJson(*c.find(s("cert")));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
        // Re-serializing reproduces the bytes the reference signed.
        QCOMPARE(parsed->toBytes(), json::serialize(*c.find(s("cert"))));
        std::optional<Certificate> ca;
        if (!c.find(s("ca"))->isNull())
            ca = mustParse(*c.find(s("ca")));
        const cert::Verdict v = cert::validate(*parsed, ca ? &*ca : nullptr, kNow);
        QCOMPARE(v.valid, c.find(s("valid"))->toBool());
        QCOMPARE(v.failedRule, failedRule);
        QCOMPARE(v.message.isEmpty(), false);
        QVERIFY(!v.rules.empty());
        QCOMPARE(v.rules.back().passed, v.valid);
    }

    void everyVectorIsCovered() {
        // 7 cases carry the reference's verdict, the expiring one its expiry instant.
        int withVerdict = 0, withExpiry = 0;
        for (const auto &[name, c] : m_cases) {
            withVerdict += c.contains(s("valid"));
            withExpiry += c.contains(s("valid_until_ms"));
        }
        QCOMPARE(withVerdict, 7);
        QCOMPARE(withExpiry, 1);
    }

    void expiringLeaf() {
        const json::Value &c = vector("leaf-expires-within-seconds");
        const Certificate leaf = vectorCert("leaf-expires-within-seconds");
        const Certificate ca = vectorCa("leaf-expires-within-seconds");
        const auto until = static_cast<qint64>(c.find(s("valid_until_ms"))->toNumber());
        QCOMPARE(leaf.tteMs(), until);

        QVERIFY(cert::validate(leaf, &ca, until - 1).valid);
        for (qint64 now : {until, until + 1, kNow}) {
            const cert::Verdict v = cert::validate(leaf, &ca, now);
            QVERIFY(!v.valid);
            QCOMPARE(v.failedRule, std::optional<Rule>(Rule::Expiry));
        }
    }

    void referenceRootCa() {
        const Certificate root = cert::referenceRootCa();
        QCOMPARE(root.toBytes(), json::serialize(*vector("reference-root-ca").find(s("cert"))));
        QCOMPARE(root.caName(), s("iwebpp.com"));
        QVERIFY(root.isSelfSigned());
        // It verifies, yet nothing trusts it implicitly: its secret key belongs to a third party
        // (the nacl-cert author), who could sign a certificate for any host and key. Only a CA
        // the user chose goes into a trust list.
        QVERIFY(cert::validate(root, nullptr, kNow).valid);
        cert::CertRequest req;
        req.publicKey = m_leafKeys.publicKey;
        req.names = QStringList{s("example.test")};
        req.tteMs = kNow + kDay;
        const auto leaf = cert::sign(req, *m_ca, kNow);
        QVERIFY(leaf);
        const cert::Verdict v =
            cert::validatePeer(*leaf, {}, m_leafKeys.publicKey, {}, false, kNow);
        QCOMPARE(v.failedRule, std::optional<Rule>(Rule::CaTrusted));
    }

    void checkDomainVectors_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("expected");
        const json::Value *table = vector("ca-signed-leaf").find(s("checkDomain"));
        QVERIFY(table && table->size() == 5);
        for (const json::Member &m : table->members())
            QTest::newRow(qPrintable(m.key)) << m.key << m.value.toBool();
    }
    void checkDomainVectors() {
        QFETCH(QString, host);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchDomain(vectorCert("ca-signed-leaf"), host), expected);
    }

    void checkIpVectors_data() {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<bool>("expected");
        const json::Value *table = vector("ca-signed-leaf").find(s("checkIP"));
        QVERIFY(table && table->size() == 2);
        for (const json::Member &m : table->members())
            QTest::newRow(qPrintable(m.key)) << m.key << m.value.toBool();
    }
    void checkIpVectors() {
        QFETCH(QString, ip);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchIp(vectorCert("ca-signed-leaf"), QHostAddress(ip)), expected);
    }

    // ---- validate() rule by rule --------------------------------------------------------

    void validRulesInOrder() {
        const cert::Verdict v = cert::validate(*m_leaf, &m_ca->cert, kNow);
        QVERIFY(v.valid);
        QCOMPARE(v.failedRule, std::nullopt);
        QCOMPARE(v.message, s("valid"));
        std::vector<Rule> rules;
        for (const auto &r : v.rules) {
            rules.push_back(r.rule);
            QVERIFY(r.passed);
        }
        const std::vector<Rule> expected{Rule::Format,   Rule::Expiry,       Rule::Version,
                                         Rule::Type,     Rule::CaSelfSigned, Rule::CaName,
                                         Rule::CaExpiry, Rule::Signature};
        QVERIFY(rules == expected);
    }

    void validateFailures_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value"); // JSON text of the new value
        QTest::addColumn<int>("failedRule");
        QTest::newRow("version 2.0") << s("version") << s("\"2.0\"") << int(Rule::Version);
        QTest::newRow("ca name differs") << s("ca") << s("\"other.ca\"") << int(Rule::CaName);
        QTest::newRow("ca name empty") << s("ca") << s("\"\"") << int(Rule::CaName);
        QTest::newRow("outlives the CA")
            << s("tte") << QString::number(kNow + 400 * kDay) << int(Rule::CaExpiry);
        QTest::newRow("expired") << s("tte") << QString::number(kNow) << int(Rule::Expiry);
        QTest::newRow("ca name other case") << s("ca") << s("\"EXAMPLE.CA\"") << -1;
        QTest::newRow("type upper case") << s("type") << s("\"CA\"") << -1;
    }
    void validateFailures() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(int, failedRule);
        json::Value desc = m_leaf->desc();
        desc.insert(field, *json::parse(value.toUtf8()));
        const Certificate c = signManually(desc, m_ca->secretKey);
        const cert::Verdict v = cert::validate(c, &m_ca->cert, kNow);
        if (failedRule < 0) {
            QVERIFY2(v.valid, qPrintable(v.message)); // the reference lower-cases these
        } else {
            QVERIFY(!v.valid);
            QCOMPARE(v.failedRule, std::optional<Rule>(static_cast<Rule>(failedRule)));
            QVERIFY(!v.rules.back().passed);
            QCOMPARE(v.rules.back().rule, static_cast<Rule>(failedRule));
        }
    }

    void caMustBeSelfSignedAndValid() {
        QCOMPARE(cert::validate(*m_leaf, nullptr, kNow).failedRule,
                 std::optional<Rule>(Rule::CaSelfSigned));
        // A CA-signed certificate cannot act as a CA.
        QCOMPARE(cert::validate(*m_leaf, &*m_leaf, kNow).failedRule,
                 std::optional<Rule>(Rule::CaSelfSigned));
        // An expired CA fails, even though the leaf itself has not expired yet.
        json::Value caDesc = m_ca->cert.desc();
        caDesc.insert(s("tte"), json::Value(static_cast<double>(kNow + 40 * kDay)));
        const Certificate shortCa = signManually(caDesc, m_ca->secretKey);
        QVERIFY(cert::validate(*m_leaf, &shortCa, kNow).valid);
        const cert::Verdict v = cert::validate(*m_leaf, &shortCa, kNow + 35 * kDay);
        QVERIFY(v.valid == false && v.failedRule == Rule::Expiry);
        const cert::Verdict w = cert::validate(*m_leaf, &shortCa, kNow + 29 * kDay);
        QVERIFY(w.valid);
        caDesc.insert(s("tte"), json::Value(static_cast<double>(kNow + 10 * kDay)));
        const Certificate expiringCa = signManually(caDesc, m_ca->secretKey);
        const cert::Verdict x = cert::validate(*m_leaf, &expiringCa, kNow + 20 * kDay);
        QCOMPARE(x.failedRule, std::optional<Rule>(Rule::CaSelfSigned));
        // The CA's own self-signature must verify.
        const Certificate badCa =
            mustParse(withSignature(m_ca->cert.raw(), addGroupOrder(m_ca->cert.signature())));
        QCOMPARE(cert::validate(*m_leaf, &badCa, kNow).failedRule,
                 std::optional<Rule>(Rule::CaSelfSigned));
    }

    void unknownDescFieldsAreSignedAndKept() {
        json::Value desc = m_leaf->desc();
        desc.insert(s("note"), json::Value(s("extra, signed")));
        const Certificate c = signManually(desc, m_ca->secretKey);
        QVERIFY(cert::validate(c, &m_ca->cert, kNow).valid);
        auto reparsed = Certificate::fromBytes(c.toBytes());
        QVERIFY(reparsed);
        QVERIFY(reparsed->toBytes().contains("\"note\":\"extra, signed\""));
        QVERIFY(cert::validate(*reparsed, &m_ca->cert, kNow).valid);
        // Removing it breaks the signature.
        const Certificate stripped = mustParse(withDesc(reparsed->raw(), m_leaf->desc()));
        QCOMPARE(cert::validate(stripped, &m_ca->cert, kNow).failedRule,
                 std::optional<Rule>(Rule::Signature));
    }

    // ---- Peers --------------------------------------------------------------------------

    void validatePeer() {
        const QList<Certificate> trusted{m_otherCa->cert, m_ca->cert};
        const cert::Endpoint byName{s("chat.example.test"), {}};
        cert::Verdict v =
            cert::validatePeer(*m_leaf, trusted, m_leafKeys.publicKey, byName, true, kNow);
        QVERIFY2(v.valid, qPrintable(v.message));
        std::vector<Rule> tail;
        for (size_t i = v.rules.size() - 3; i < v.rules.size(); ++i)
            tail.push_back(v.rules[i].rule);
        QVERIFY(
            (tail == std::vector<Rule>{Rule::CaTrusted, Rule::KeyBinding, Rule::EndpointBinding}));

        const cert::Endpoint byIp{QString(), QHostAddress(s("::ffff:127.0.0.1"))};
        QVERIFY(cert::validatePeer(*m_leaf, trusted, m_leafKeys.publicKey, byIp, true, kNow).valid);
        // Without the endpoint check (a server checking a client by key only).
        const cert::Endpoint nowhere{s("elsewhere.test"), QHostAddress(s("192.0.2.1"))};
        QVERIFY(
            cert::validatePeer(*m_leaf, trusted, m_leafKeys.publicKey, nowhere, false, kNow).valid);
    }

    void validatePeerRefuses_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("failedRule");
        QTest::newRow("self-signed peer certificate") << s("self") << int(Rule::CaTrusted);
        QTest::newRow("wrong key") << s("key") << int(Rule::KeyBinding);
        QTest::newRow("empty key") << s("nokey") << int(Rule::KeyBinding);
        QTest::newRow("wrong endpoint") << s("endpoint") << int(Rule::EndpointBinding);
        QTest::newRow("no endpoint at all") << s("noendpoint") << int(Rule::EndpointBinding);
        QTest::newRow("untrusted CA") << s("untrusted") << int(Rule::CaTrusted);
        QTest::newRow("no trusted CA") << s("none") << int(Rule::CaTrusted);
        QTest::newRow("CA name mismatch") << s("caname") << int(Rule::CaTrusted);
        QTest::newRow("same CA name, other key") << s("impostor") << int(Rule::Signature);
        QTest::newRow("expired") << s("expired") << int(Rule::Expiry);
    }
    void validatePeerRefuses() {
        QFETCH(QString, what);
        QFETCH(int, failedRule);
        Certificate peer = *m_leaf;
        QList<Certificate> trusted{m_ca->cert};
        QByteArray key = m_leafKeys.publicKey;
        cert::Endpoint endpoint{s("example.test"), QHostAddress(s("127.0.0.1"))};
        qint64 now = kNow;
        if (what == s("self")) {
            // A self-signed certificate for the peer's own key would validate by itself.
            peer = m_ca->cert;
            key = m_ca->cert.publicKey();
            QVERIFY(cert::validate(peer, nullptr, now).valid);
        } else if (what == s("key")) {
            key = BoxKeyPair::generate().publicKey;
        } else if (what == s("nokey")) {
            key.clear();
        } else if (what == s("endpoint")) {
            endpoint = {s("badexample.test"), QHostAddress(s("127.0.0.2"))};
        } else if (what == s("noendpoint")) {
            endpoint = {};
        } else if (what == s("untrusted")) {
            trusted = {m_otherCa->cert};
        } else if (what == s("none")) {
            trusted.clear();
        } else if (what == s("caname")) {
            // Same key as the real CA, another name: the name is what the trust list indexes.
            json::Value desc = m_ca->cert.desc();
            desc.insert(s("ca"), json::Value(s("renamed.ca")));
            trusted = {signManually(desc, m_ca->secretKey)};
            QCOMPARE(cert::validate(peer, &trusted.first(), now).failedRule,
                     std::optional<Rule>(Rule::CaName));
        } else if (what == s("impostor")) {
            trusted = {cert::generateCa(s("example.ca"), kNow + 365 * kDay, kNow).cert};
        } else if (what == s("expired")) {
            now = m_leaf->tteMs();
        }
        const cert::Verdict v = cert::validatePeer(peer, trusted, key, endpoint, true, now);
        QVERIFY(!v.valid);
        QCOMPARE(v.failedRule, std::optional<Rule>(static_cast<Rule>(failedRule)));
        QVERIFY(!v.message.isEmpty());
    }

    // ---- Parsing ------------------------------------------------------------------------

    void strictParsing_data() {
        QTest::addColumn<QByteArray>("document");
        const QByteArray good = m_leaf->toBytes();
        QVERIFY(Certificate::fromBytes(good));
        const json::Value doc = m_leaf->raw();
        const json::Value desc = m_leaf->desc();
        auto descWith = [&](const char *key, const char *jsonValue) {
            json::Value d = desc;
            d.insert(s(key), *json::parse(QByteArray(jsonValue)));
            return json::serialize(withDesc(doc, d));
        };
        auto descWithout = [&](const char *key) {
            json::Value d = json::Value::object();
            for (const json::Member &m : desc.members()) {
                if (m.key != s(key))
                    d.insert(m.key, m.value);
            }
            return json::serialize(withDesc(doc, d));
        };
        QByteArray pk31 = json::serialize(json::bytesToArray(m_leafKeys.publicKey.left(31)));
        QByteArray pk33 = json::serialize(json::bytesToArray(m_leafKeys.publicKey + 'x'));

        QByteArray duplicate = good;
        duplicate.replace("{\"version\":\"1.0\"", "{\"version\":\"1.0\",\"version\":\"1.0\"");
        QTest::newRow("duplicate key") << duplicate;
        QTest::newRow("not JSON") << QByteArray("{\"desc\":");
        QTest::newRow("trailing garbage") << good + "x";
        QTest::newRow("array document") << QByteArray("[]");
        QTest::newRow("publickey of 31 bytes") << descWith("publickey", pk31.constData());
        QTest::newRow("publickey of 33 bytes") << descWith("publickey", pk33.constData());
        QTest::newRow("publickey element 256") << descWith(
            "publickey", "[256,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]");
        QTest::newRow("publickey element 1.5") << descWith(
            "publickey", "[1.5,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]");
        QTest::newRow("publickey element -1") << descWith(
            "publickey", "[-1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]");
        QTest::newRow("publickey element string") << descWith(
            "publickey", "[\"1\",1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]");
        QTest::newRow("publickey as hex string") << descWith("publickey", "\"00ff\"");
        QTest::newRow("publickey missing") << descWithout("publickey");
        QTest::newRow("tte as string") << descWith("tte", "\"2110988341144\"");
        QTest::newRow("tte null") << descWith("tte", "null");
        QTest::newRow("tte missing") << descWithout("tte");
        QTest::newRow("version as number") << descWith("version", "1.0");
        QTest::newRow("version missing") << descWithout("version");
        QTest::newRow("type unknown") << descWith("type", "\"other\"");
        QTest::newRow("type missing") << descWithout("type");
        QTest::newRow("ca as number") << descWith("ca", "1");
        QTest::newRow("ca missing") << descWithout("ca");
        QTest::newRow("gid as number") << descWith("gid", "1");
        QTest::newRow("signtime as string") << descWith("signtime", "\"1\"");
        QTest::newRow("names not array") << descWith("names", "\"example.test\"");
        QTest::newRow("names element number") << descWith("names", "[1]");
        QTest::newRow("names missing (type ca)") << descWithout("names");
        QTest::newRow("ips element null") << descWith("ips", "[null]");
        QTest::newRow("ips missing (type ca)") << descWithout("ips");
        QTest::newRow("macs object") << descWith("macs", "{}");
        QTest::newRow("desc not object") << QByteArray("{\"desc\":[],\"sign\":{\"signature\":[]}}");
        json::Value noSign = json::Value::object({{s("desc"), desc}});
        QTest::newRow("sign missing") << json::serialize(noSign);
        QTest::newRow("signature of 63 bytes")
            << json::serialize(withSignature(doc, m_leaf->signature().left(63)));
        json::Value badElement = doc;
        std::vector<json::Value> sigItems = json::bytesToArray(m_leaf->signature()).items();
        sigItems[0] = json::Value(256);
        badElement.insert(s("sign"),
                          json::Value::object({{s("signature"), json::Value::array(sigItems)}}));
        QTest::newRow("signature element 256") << json::serialize(badElement);
        json::Value extraSign = doc;
        extraSign.insert(s("sign"), json::Value::object(
                                        {{s("signature"), json::bytesToArray(m_leaf->signature())},
                                         {s("alg"), json::Value(s("ed25519"))}}));
        QTest::newRow("sign with an extra member") << json::serialize(extraSign);
        json::Value extraTop = doc;
        extraTop.insert(s("unsigned"), json::Value(true));
        QTest::newRow("unsigned top-level member") << json::serialize(extraTop);
    }
    void strictParsing() {
        QFETCH(QByteArray, document);
        const auto parsed = Certificate::fromBytes(document);
        QVERIFY(!parsed);
        QVERIFY(!parsed.error().isEmpty());
        const cert::Verdict v = cert::formatVerdict(parsed.error());
        QCOMPARE(v.failedRule, std::optional<Rule>(Rule::Format));
        QVERIFY(!v.valid);
    }

    void parsingKeepsRawBytes() {
        // Self certificates need no names/ips/macs (the reference's CA certificates have none).
        const Certificate ca = vectorCert("fresh-ca");
        QVERIFY(ca.names().isEmpty() && ca.ips().isEmpty() && ca.macs().isEmpty());
        QCOMPARE(ca.caName(), s("example-ca.test"));
        QVERIFY(ca.signTimeMs().has_value());
        // Certificates made by the reference CLI have no macs: still well-formed.
        json::Value desc = json::Value::object();
        for (const json::Member &m : m_leaf->desc().members()) {
            if (m.key != s("macs"))
                desc.insert(m.key, m.value);
        }
        const Certificate noMacs = signManually(desc, m_ca->secretKey);
        QVERIFY(noMacs.macs().isEmpty());
        QVERIFY(cert::validate(noMacs, &m_ca->cert, kNow).valid);
    }
};

QTEST_GUILESS_MAIN(tst_NaclCert)
#include "tst_naclcert.moc"
