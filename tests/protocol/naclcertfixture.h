#pragma once
// The fixture shared by the tst_naclcert* tests: the reference's vectors, a CA, a second CA and
// a leaf certificate made at a fixed time, and helpers that build and take apart certificates.
#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "json/json.h"
#include "testutil.h"

#include <QFile>
#include <QTest>

#include <map>
#include <optional>
#include <vector>

Q_DECLARE_METATYPE(std::optional<sws::cert::Rule>)

namespace naclcerttest {

using namespace sws;
using namespace testutil;
using cert::Certificate;
using cert::Rule;

// A fixed clock just after the vectors were made (their signtime is 1795628341228), so the
// verdicts never depend on the day the tests run.
constexpr qint64 kNow = 1795628400000;
constexpr qint64 kDay = 24LL * 3600 * 1000;

inline json::Value loadVectors() {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/certs.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto doc = json::parse(f.readAll());
    return doc ? *doc : json::Value();
}

inline json::Value loadJavaVectors() {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/java-certs.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto doc = json::parse(f.readAll());
    return doc ? *doc : json::Value();
}

inline QStringList stringsOf(const json::Value &array) {
    QStringList out;
    for (const json::Value &v : array.items())
        out << v.toString();
    return out;
}

// A member's string value as bytes ("" when absent or null).
inline QByteArray textOf(const json::Value &object, const char *key) {
    const json::Value *v = object.find(QString::fromLatin1(key));
    return v && v->isString() ? v->toString().toUtf8() : QByteArray();
}

inline bool flagOf(const json::Value &object, const char *key) {
    const json::Value *v = object.find(QString::fromLatin1(key));
    return v && v->isBool() && v->toBool();
}

inline Certificate mustParse(const json::Value &doc) {
    auto c = Certificate::fromJson(doc);
    if (!c)
        qFatal("certificate does not parse: %s", qPrintable(c.error()));
    return *c;
}

// Signs an arbitrary desc, for certificates sign() would refuse to make.
inline Certificate signManually(const json::Value &desc, const SecretBuffer &secretKey) {
    const QByteArray sig = signDetached(json::serialize(desc), secretKey);
    return mustParse(json::Value::object(
        {{s("desc"), desc},
         {s("sign"), json::Value::object({{s("signature"), json::bytesToArray(sig)}})}}));
}

inline json::Value withDesc(const json::Value &doc, const json::Value &desc) {
    json::Value out = doc;
    out.insert(s("desc"), desc);
    return out;
}

inline json::Value withSignature(const json::Value &doc, const QByteArray &sig) {
    json::Value out = doc;
    out.insert(s("sign"), json::Value::object({{s("signature"), json::bytesToArray(sig)}}));
    return out;
}

inline QStringList keysOf(const json::Value &object) {
    QStringList keys;
    for (const json::Member &m : object.members())
        keys << m.key;
    return keys;
}

// Adds the group order L to the scalar S (upper 32 bytes of the signature, little-endian):
// the same signature in a malleated encoding that lax verifiers accept.
inline QByteArray addGroupOrder(QByteArray sig) {
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

// The members every tst_naclcert* test reads; setUpFixture() from initTestCase().
class NaclCertFixture {
protected:
    std::map<QString, json::Value> m_cases; // by vector name
    std::vector<QString> m_order;
    std::optional<cert::CaKey> m_ca;      // "example.ca", made here
    std::optional<cert::CaKey> m_otherCa; // another CA
    std::optional<Certificate> m_leaf;    // signed by m_ca
    BoxKeyPair m_leafKeys;

    const json::Value &vector(const char *name) { return m_cases[QString::fromLatin1(name)]; }
    Certificate vectorCert(const char *name) { return mustParse(*vector(name).find(s("cert"))); }
    Certificate vectorCa(const char *name) { return mustParse(*vector(name).find(s("ca"))); }

    void setUpFixture() {
        const json::Value all = loadVectors();
        QVERIFY2(all.isArray() && all.size() == 8, "tests/vectors/certs.json missing or changed");
        for (const json::Value &c : all.items()) {
            m_order.push_back(c.find(s("name"))->toString());
            m_cases[m_order.back()] = c;
        }
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
};

} // namespace naclcerttest
