#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "handshake/handshake.h"
#include "json/json.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"
#include "testutil.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <map>

using namespace sws;
using namespace testutil;
using cert::Certificate;
using cert::Rule;

Q_DECLARE_METATYPE(std::optional<sws::cert::Rule>)

namespace {

// A fixed clock just after the vectors were made (their signtime is 1795628341228), so the
// verdicts never depend on the day the tests run.
constexpr qint64 kNow = 1795628400000;
constexpr qint64 kDay = 24LL * 3600 * 1000;

json::Value loadVectors() {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/certs.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto doc = json::parse(f.readAll());
    return doc ? *doc : json::Value();
}

json::Value loadJavaVectors() {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/java-certs.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto doc = json::parse(f.readAll());
    return doc ? *doc : json::Value();
}

QStringList stringsOf(const json::Value &array) {
    QStringList out;
    for (const json::Value &v : array.items())
        out << v.toString();
    return out;
}

// A member's string value as bytes ("" when absent or null).
QByteArray textOf(const json::Value &object, const char *key) {
    const json::Value *v = object.find(QString::fromLatin1(key));
    return v && v->isString() ? v->toString().toUtf8() : QByteArray();
}

bool flagOf(const json::Value &object, const char *key) {
    const json::Value *v = object.find(QString::fromLatin1(key));
    return v && v->isBool() && v->toBool();
}

Certificate mustParse(const json::Value &doc) {
    auto c = Certificate::fromJson(doc);
    if (!c)
        qFatal("certificate does not parse: %s", qPrintable(c.error()));
    return *c;
}

// Signs an arbitrary desc, for certificates sign() would refuse to make.
Certificate signManually(const json::Value &desc, const SecretBuffer &secretKey) {
    const QByteArray sig = signDetached(json::serialize(desc), secretKey);
    return mustParse(json::Value::object(
        {{s("desc"), desc},
         {s("sign"), json::Value::object({{s("signature"), json::bytesToArray(sig)}})}}));
}

json::Value withDesc(const json::Value &doc, const json::Value &desc) {
    json::Value out = doc;
    out.insert(s("desc"), desc);
    return out;
}

json::Value withSignature(const json::Value &doc, const QByteArray &sig) {
    json::Value out = doc;
    out.insert(s("sign"), json::Value::object({{s("signature"), json::bytesToArray(sig)}}));
    return out;
}

QStringList keysOf(const json::Value &object) {
    QStringList keys;
    for (const json::Member &m : object.members())
        keys << m.key;
    return keys;
}

// Adds the group order L to the scalar S (upper 32 bytes of the signature, little-endian):
// the same signature in a malleated encoding that lax verifiers accept.
QByteArray addGroupOrder(QByteArray sig) {
    static const unsigned char kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                         0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                         0,    0,    0,    0,    0,    0,    0,    0,
                                         0,    0,    0,    0,    0,    0,    0,    0x10};
    unsigned carry = 0;
    for (int i = 0; i < 32; ++i) {
        const unsigned sum = static_cast<unsigned char>(sig[32 + i]) + kL[i] + carry;
        sig[32 + i] = static_cast<char>(sum & 0xff);
        carry = sum >> 8;
    }
    return sig;
}

} // namespace

class tst_NaclCert : public QObject {
    Q_OBJECT

private:
    std::map<QString, json::Value> m_cases; // by vector name
    std::vector<QString> m_order;
    std::optional<cert::CaKey> m_ca;      // "example.ca", made here
    std::optional<cert::CaKey> m_otherCa; // another CA
    std::optional<Certificate> m_leaf;    // signed by m_ca
    BoxKeyPair m_leafKeys;

    json::Value m_java; // tests/vectors/java-certs.json

    // "java_made.ca" -> m_java.java_made.ca; "slash_escaping" -> m_java.slash_escaping.
    const json::Value &javaEntry(const QString &path) {
        const json::Value *v = &m_java;
        for (const QString &part : path.split(QLatin1Char('.')))
            v = v->find(part);
        if (!v)
            qFatal("no %s in java-certs.json", qPrintable(path));
        return *v;
    }

    // Adds a row of javaVerdicts(): a certificate text, its CA's text, nacl-cert's verdict
    // and, for a signature failure, the explanation the Signature rule must give.
    static void javaRow(const QString &name, const QByteArray &certText, const QByteArray &caText,
                        bool nodeVerdict, const QString &explanation = {}) {
        QTest::newRow(qPrintable(name)) << certText << caText << nodeVerdict << explanation;
    }

    const json::Value &vector(const char *name) { return m_cases[QString::fromLatin1(name)]; }
    Certificate vectorCert(const char *name) { return mustParse(*vector(name).find(s("cert"))); }
    Certificate vectorCa(const char *name) { return mustParse(*vector(name).find(s("ca"))); }

private Q_SLOTS:
    void initTestCase() {
        const json::Value all = loadVectors();
        QVERIFY2(all.isArray() && all.size() == 8, "tests/vectors/certs.json missing or changed");
        for (const json::Value &c : all.items()) {
            m_order.push_back(c.find(s("name"))->toString());
            m_cases[m_order.back()] = c;
        }
        m_java = loadJavaVectors();
        QVERIFY2(m_java.isObject() && m_java.contains(s("about")),
                 "tests/vectors/java-certs.json missing");
        m_ca = cert::generateCa(s("example.ca"), kNow + 365 * kDay, kNow);
        m_otherCa = cert::generateCa(s("other.ca"), kNow + 365 * kDay, kNow);
        m_leafKeys = BoxKeyPair::generate();
        cert::CertRequest req;
        req.publicKey = m_leafKeys.publicKey;
        req.names = QStringList{s("example.test"), s("UPPER.test"), s("dot.test."), s("10.1.2.3")};
        req.ips = QStringList{s("127.0.0.1"), s("::1"), s("2001:db8::1"), s("::ffff:10.9.9.9")};
        req.macs = QStringList{s("00:11:22:33:44:55"), s("AA-BB-CC-DD-EE-FF")};
        req.tteMs = kNow + 30 * kDay;
        auto leaf = cert::sign(req, *m_ca, kNow);
        QVERIFY2(leaf, qPrintable(leaf ? QString() : leaf.error()));
        m_leaf = *leaf;
    }

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

    // ---- Endpoint matching --------------------------------------------------------------

    void matchDomain_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("expected");
        QTest::newRow("exact") << s("example.test") << true;
        QTest::newRow("subdomain") << s("chat.example.test") << true;
        QTest::newRow("deep subdomain") << s("a.b.example.test") << true;
        QTest::newRow("suffix without a dot") << s("badexample.test") << false;
        QTest::newRow("name as a prefix") << s("example.test.evil.org") << false;
        QTest::newRow("parent") << s("test") << false;
        QTest::newRow("host upper case") << s("EXAMPLE.Test") << true;
        QTest::newRow("name upper case") << s("www.upper.test") << true;
        QTest::newRow("host trailing dot") << s("example.test.") << true;
        QTest::newRow("name trailing dot") << s("dot.test") << true;
        QTest::newRow("name trailing dot, subdomain") << s("x.dot.test.") << true;
        QTest::newRow("two trailing dots") << s("example.test..") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("only a dot") << s(".") << false;
        QTest::newRow("leading dot") << s(".example.test") << false;
        QTest::newRow("empty label") << s("a..example.test") << false;
        QTest::newRow("regex metacharacter") << s("exampleXtest") << false;
        QTest::newRow("ip name exact") << s("10.1.2.3") << true;
        QTest::newRow("ip name is no parent") << s("5.10.1.2.3") << false;
        QTest::newRow("other") << s("example.org") << false;
    }
    void matchDomain() {
        QFETCH(QString, host);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchDomain(*m_leaf, host), expected);
    }

    void matchIp_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("expected");
        QTest::newRow("v4") << s("127.0.0.1") << true;
        QTest::newRow("v4-mapped v6") << s("::ffff:127.0.0.1") << true;
        QTest::newRow("v6 loopback") << s("::1") << true;
        QTest::newRow("v6 loopback long form") << s("0:0:0:0:0:0:0:1") << true;
        QTest::newRow("::1 is not 127.0.0.1") << s("127.0.0.2") << false;
        QTest::newRow("v6 other case and zeros") << s("2001:DB8:0::1") << true;
        QTest::newRow("mapped entry, v4 address") << s("10.9.9.9") << true;
        QTest::newRow("other v4") << s("10.0.0.1") << false;
        QTest::newRow("garbage") << s("garbage") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void matchIp() {
        QFETCH(QString, address);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchIp(*m_leaf, QHostAddress(address)), expected);
    }

    void matchIpIgnoresUnparsableEntries_data() {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("address");
        QTest::newRow("garbage") << s("bogus") << s("127.0.0.1");
        QTest::newRow("short form") << s("127.1") << s("127.0.0.1");
        QTest::newRow("hex part") << s("0x7f.0.0.1") << s("127.0.0.1");
        QTest::newRow("leading zero (octal to Qt)") << s("017.0.0.3") << s("15.0.0.3");
        QTest::newRow("leading zero (decimal)") << s("017.0.0.3") << s("17.0.0.3");
        QTest::newRow("one number") << s("2130706433") << s("127.0.0.1");
        QTest::newRow("space") << s(" 10.0.0.4") << s("10.0.0.4");
        QTest::newRow("brackets") << s("[::1]") << s("::1");
        QTest::newRow("lenient mapped tail") << s("::ffff:127.1") << s("127.0.0.1");
        QTest::newRow("empty") << QString() << s("0.0.0.0");
    }
    void matchIpIgnoresUnparsableEntries() {
        QFETCH(QString, entry);
        QFETCH(QString, address);
        QVERIFY(!cert::parseIpStrict(entry));
        cert::CertRequest req;
        req.publicKey = m_leafKeys.publicKey;
        req.tteMs = kNow + kDay;
        // sign() refuses such entries, so make the certificate by hand.
        const json::Value desc = json::Value::object({
            {s("version"), json::Value(s("1.0"))},
            {s("type"), json::Value(s("ca"))},
            {s("tte"), json::Value(static_cast<double>(kNow + kDay))},
            {s("publickey"), json::bytesToArray(m_leafKeys.publicKey)},
            {s("names"), json::Value::array()},
            {s("ips"), json::Value::array({json::Value(entry)})},
            {s("ca"), json::Value(s("example.ca"))},
        });
        const Certificate c = signManually(desc, m_ca->secretKey);
        QVERIFY(cert::validate(c, &m_ca->cert, kNow).valid);
        QVERIFY(!QHostAddress(address).isNull());
        QVERIFY(!cert::matchIp(c, QHostAddress(address)));
    }

    void matchMac_data() {
        QTest::addColumn<QString>("mac");
        QTest::addColumn<bool>("expected");
        QTest::newRow("colons") << s("00:11:22:33:44:55") << true;
        QTest::newRow("dashes") << s("00-11-22-33-44-55") << true;
        QTest::newRow("dots") << s("0011.2233.4455") << true;
        QTest::newRow("bare") << s("001122334455") << true;
        QTest::newRow("lower against upper entry") << s("aa:bb:cc:dd:ee:ff") << true;
        QTest::newRow("upper against dashed entry") << s("AA:BB:CC:DD:EE:FF") << true;
        QTest::newRow("other") << s("00:11:22:33:44:56") << false;
        QTest::newRow("mixed separators") << s("00:11-22:33:44:55") << false;
        QTest::newRow("short") << s("00:11:22:33:44") << false;
        QTest::newRow("not hex") << s("g0:11:22:33:44:55") << false;
        QTest::newRow("misplaced separators") << s("001:12:23:34:45:5") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void matchMac() {
        QFETCH(QString, mac);
        QFETCH(bool, expected);
        QCOMPARE(cert::matchMac(*m_leaf, mac), expected);
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

    // ---- The Java reference (tests/vectors/java-certs.json) -------------------------------

    void javaFieldOrders() {
        const json::Value &order = javaEntry(s("canonical_order"));
        QCOMPARE(cert::javaFieldOrder(true), stringsOf(*order.find(s("self_signed_ca"))));
        QCOMPARE(cert::javaFieldOrder(false), stringsOf(*order.find(s("ca_signed"))));
        const json::Value &js = *order.find(s("for_comparison_sws_and_nacl_cert_order"));
        QCOMPARE(cert::naclCertFieldOrder(true), stringsOf(*js.find(s("self_signed_ca"))));
        QCOMPARE(cert::naclCertFieldOrder(false), stringsOf(*js.find(s("ca_signed"))));
    }

    // The bytes the Java reference signs, for every certificate of the vectors, byte-exact.
    void javaSigningText_data() {
        QTest::addColumn<QByteArray>("certText");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<QByteArray>("javaWireText");
        const json::Value &texts = *javaEntry(s("canonical_order")).find(s("java_signing_texts"));
        QVERIFY(texts.size() >= 9);
        for (const json::Member &m : texts.members()) {
            const json::Value &entry = javaEntry(m.key);
            QByteArray wire = textOf(entry, "java_wire_text");
            if (wire.isEmpty())
                wire = textOf(entry, "wire_text");
            QTest::newRow(qPrintable(m.key))
                << textOf(entry, "file_text") << m.value.toString().toUtf8() << wire;
        }
    }
    void javaSigningText() {
        QFETCH(QByteArray, certText);
        QFETCH(QByteArray, expected);
        QFETCH(QByteArray, javaWireText);
        const auto c = Certificate::fromBytes(certText);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        QCOMPARE(cert::javaSigningText(c->desc()), expected);
        // What a Java peer sends (Cert.toJSON()): the same desc text, then sign as it was.
        if (!javaWireText.isEmpty()) {
            QCOMPARE(QByteArray("{\"desc\":") + cert::javaSigningText(c->desc()) +
                         ",\"sign\":" + json::serialize(*c->raw().find(s("sign"))) + "}",
                     javaWireText);
        }
    }

    // Our verdict on every certificate of the vectors equals nacl-cert's; a signature that
    // fails only because of the other reference's serialisation says so.
    void javaVerdicts_data() {
        QTest::addColumn<QByteArray>("certText");
        QTest::addColumn<QByteArray>("caText");
        QTest::addColumn<bool>("nodeVerdict");
        QTest::addColumn<QString>("explanation");
        const QString reordered =
            s("re-ordered after signing, as a Java peer does when it sends a certificate");
        const QString javaOrder = s("signed over the Java reference's field order");
        for (const char *name : {"ca", "server", "client", "ca_rejected_by_java"}) {
            const json::Value &e = javaEntry(s("java_made.") + QLatin1String(name));
            QVERIFY(e.find(s("node_nacl_cert_verdict"))->isBool());
            javaRow(s("java_made.%1").arg(QLatin1String(name)), textOf(e, "file_text"),
                    textOf(e, "ca_cert_text"), flagOf(e, "node_nacl_cert_verdict"));
            if (e.contains(s("wire_text")))
                javaRow(s("java_made.%1 as a Java peer sends it").arg(QLatin1String(name)),
                        textOf(e, "wire_text"), textOf(e, "ca_cert_text"),
                        flagOf(e, "node_nacl_cert_verdict"));
            // The same certificate re-ordered as nacl-cert writes: the Java order explains it.
            auto doc = json::parse(textOf(e, "file_text"));
            QVERIFY(doc);
            const json::Value &desc = *doc->find(s("desc"));
            json::Value jsDesc = json::Value::object();
            for (const QString &key :
                 cert::naclCertFieldOrder(desc.find(s("type"))->toString() == s("self")))
                jsDesc.insert(key, *desc.find(key));
            json::Value jsDoc = *doc;
            jsDoc.insert(s("desc"), jsDesc);
            javaRow(s("java_made.%1 in nacl-cert's order").arg(QLatin1String(name)),
                    json::serialize(jsDoc), textOf(e, "ca_cert_text"), false, javaOrder);
        }
        const json::Value &slash = javaEntry(s("slash_escaping"));
        javaRow(s("slash_escaping"), textOf(slash, "file_text"), textOf(slash, "ca_cert_text"),
                flagOf(slash, "node_nacl_cert_verdict"),
                s("signed over the Java reference's text, which writes '/' as '\\/'"));
        for (const char *name : {"ca", "server", "client_signed_by_java_ca", "builtin_root_ca"}) {
            const json::Value &e = javaEntry(s("reordered_on_wire.") + QLatin1String(name));
            javaRow(s("reordered_on_wire.%1 as made").arg(QLatin1String(name)),
                    textOf(e, "file_text"), textOf(e, "ca_cert_text"),
                    flagOf(e, "node_nacl_cert_verdict_on_file_text"));
            QVERIFY(!flagOf(e, "node_nacl_cert_verdict_on_java_wire_text"));
            javaRow(s("reordered_on_wire.%1 as a Java peer sends it").arg(QLatin1String(name)),
                    textOf(e, "java_wire_text"), textOf(e, "ca_cert_text"),
                    flagOf(e, "node_nacl_cert_verdict_on_java_wire_text"), reordered);
        }
    }
    void javaVerdicts() {
        QFETCH(QByteArray, certText);
        QFETCH(QByteArray, caText);
        QFETCH(bool, nodeVerdict);
        QFETCH(QString, explanation);
        const auto c = Certificate::fromBytes(certText);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        std::optional<Certificate> ca;
        if (!caText.isEmpty()) {
            auto parsed = Certificate::fromBytes(caText);
            QVERIFY(parsed);
            ca = *parsed;
        }
        const cert::Verdict v = cert::validate(*c, ca ? &*ca : nullptr, kNow);
        QCOMPARE(v.valid, nodeVerdict);
        if (nodeVerdict) {
            QVERIFY(explanation.isEmpty());
            return;
        }
        QCOMPARE(v.failedRule, std::optional<Rule>(Rule::Signature));
        QVERIFY2(v.message.startsWith(explanation), qPrintable(v.message));
        QCOMPARE(v.rules.back().rule, Rule::Signature);
        QCOMPARE(v.rules.back().detail, v.message);
        // The close reason a peer gets (clipped to 123 bytes) still carries the explanation.
        const SessionFailure f =
            makeFailure(SessionError::CertificateRefused, v.message, v.failedRule);
        QVERIFY2(f.reason.contains(explanation), qPrintable(f.reason));
        // A peer certificate takes the same path.
        if (ca && !c->isSelfSigned()) {
            const cert::Verdict peer =
                cert::validatePeer(*c, {*ca}, c->publicKey(), {}, false, kNow);
            QCOMPARE(peer.failedRule, std::optional<Rule>(Rule::Signature));
            QVERIFY2(peer.message.startsWith(explanation), qPrintable(peer.message));
        }
    }

    // A Java peer sends our certificate re-ordered: the session is refused, and the close
    // reason both sides see says why.
    void reorderedPeerCertificateOnTheWire() {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey ca = cert::generateCa(s("wire-ca"), now + kDay, now);
        const BoxKeyPair serverKeys = BoxKeyPair::generate();
        const auto made = cert::sign(
            {serverKeys.publicKey, {s("localhost")}, {s("127.0.0.1")}, {}, now + kDay / 2}, ca,
            now);
        QVERIFY(made);
        // Signed in nacl-cert's order, then re-ordered as a Java peer sends it.
        json::Value jsDesc = json::Value::object();
        for (const QString &key : cert::naclCertFieldOrder(false))
            jsDesc.insert(key, *made->desc().find(key));
        const Certificate jsMade = signManually(jsDesc, ca.secretKey);
        QVERIFY(cert::validate(jsMade, &ca.cert, now).valid);
        const auto onWire = Certificate::fromBytes(
            "{\"desc\":" + cert::javaSigningText(jsMade.desc()) +
            ",\"sign\":" + json::serialize(*jsMade.raw().find(s("sign"))) + "}");
        QVERIFY(onWire);

        ServerConfig sc;
        sc.session.version = 2;
        sc.session.keyPair = serverKeys.clone();
        sc.session.certificate = *onWire;
        sc.session.trustedCas = {ca.cert};
        SecureWebSocketServer server(std::move(sc));
        QSignalSpy failed(&server, &SecureWebSocketServer::handshakeFailed);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SessionConfig cc;
        cc.version = 2;
        cc.keyPair = BoxKeyPair::generate();
        cc.trustedCas = {ca.cert};
        SecureWebSocket client(std::move(cc));
        QSignalSpy verdicts(&client, &SecureWebSocket::peerCertificateChecked);
        client.open(server.serverUrl());
        QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
        QCOMPARE(client.error(), SessionError::CertificateRefused);
        const QString why = s("re-ordered after signing, as a Java peer does");
        QVERIFY2(client.errorString().contains(why), qPrintable(client.errorString()));
        QCOMPARE(verdicts.size(), 1);
        const auto verdict = verdicts.first().first().value<cert::Verdict>();
        QCOMPARE(verdict.failedRule, std::optional<Rule>(Rule::Signature));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(2).toString().contains(why),
                 qPrintable(failed.first().at(2).toString()));
    }

    // A plain bad signature gets no explanation.
    void unexplainedSignatureFailure() {
        const auto c =
            cert::sign({m_leafKeys.publicKey, {s("a.test")}, {}, {}, kNow + kDay}, *m_ca, kNow);
        QVERIFY(c);
        const cert::Verdict v = cert::validate(*c, &m_otherCa->cert, kNow);
        QCOMPARE(v.failedRule, std::optional<Rule>(Rule::CaName));
        QByteArray sig = c->signature();
        sig[0] = static_cast<char>(sig[0] ^ 1);
        const Certificate bad = mustParse(withSignature(c->raw(), sig));
        const cert::Verdict w = cert::validate(bad, &m_ca->cert, kNow);
        QCOMPARE(w.failedRule, std::optional<Rule>(Rule::Signature));
        QCOMPARE(w.message, s("the signature does not verify with the CA key"));
    }

    // Certificates made here: their text order is the Java order, so the Java reference's
    // signing text is the text as written, unless a string holds '/' (then a warning).
    void madeInJavaOrder() {
        const cert::CertRequest req{m_leafKeys.publicKey,
                                    {s("a.test")},
                                    {s("127.0.0.1")},
                                    {s("02:00:00:00:00:01")},
                                    kNow + kDay};
        const auto c = cert::sign(req, *m_ca, kNow);
        QVERIFY(c);
        QCOMPARE(keysOf(c->desc()), cert::javaFieldOrder(false));
        QCOMPARE(cert::javaSigningText(c->desc()), json::serialize(c->desc()));
        QCOMPARE(cert::javaSigningText(m_ca->cert.desc()), json::serialize(m_ca->cert.desc()));
        QVERIFY(cert::javaSlashWarning(req.names + req.ips + req.macs).isEmpty());

        cert::CertRequest slashed = req;
        slashed.names = QStringList{s("a.test"), s("svc.example/x")};
        const auto d = cert::sign(slashed, *m_ca, kNow);
        QVERIFY(d);
        QVERIFY(cert::validate(*d, &m_ca->cert, kNow).valid); // nacl-cert's rule
        QVERIFY(cert::javaSigningText(d->desc()) != json::serialize(d->desc()));
        QVERIFY(cert::javaSigningText(d->desc()).contains("svc.example\\/x"));
        const QString warning = cert::javaSlashWarning(slashed.names);
        QVERIFY(warning.contains(s("\"svc.example/x\"")));
        QVERIFY(warning.contains(s("Java reference")));
    }

    // New CA keys never have bit 7 of the last public-key byte set.
    void newCaKeysHaveTheTopBitClear() {
        for (int i = 0; i < 40; ++i) {
            const cert::CaKey ca = cert::generateCa(s("ca"), kNow + kDay, kNow);
            QVERIFY(static_cast<unsigned char>(ca.cert.publicKey().at(31)) < 0x80);
        }
    }

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

QTEST_GUILESS_MAIN(tst_NaclCert)
#include "tst_naclcert.moc"
