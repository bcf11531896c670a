// Certificate parsing and validation (naclcert.h): Certificate::fromBytes on arbitrary bytes,
// then validate() alone and against the CAs of the vectors, validatePeer() for several
// endpoints, and the input used as the CA of a known leaf. Oracles: a parsed certificate
// re-serializes to a fixed point; every verdict is consistent (valid exactly when no rule
// failed, the failed rule listed); and whenever a verdict says "valid", the nacl-cert rules
// hold when checked independently here (expiry, version, self-signature or CA signature over
// JSON.stringify(desc), CA name and expiry, key and endpoint binding for peers).
#include "fuzzcommon.h"

using namespace sws;

namespace {

struct Fixture {
    QList<cert::Certificate> cas;
    std::optional<cert::Certificate> leaf; // signed by cas[0]

    Fixture() {
        const json::Value certs = fuzz::loadVector("certs.json");
        for (const json::Value &e : certs.items()) {
            const QString name = e.find(QStringLiteral("name"))->toString();
            auto c = cert::Certificate::fromJson(*e.find(QStringLiteral("cert")));
            FUZZ_CHECK(c.has_value());
            if (name == QLatin1String("fresh-ca"))
                cas.prepend(*c);
            else if (name == QLatin1String("ca-signed-leaf"))
                leaf = *c;
        }
        cas.append(*fuzz::loadTranscript("handshake-v2.json").ca);
        FUZZ_CHECK(cas.size() == 2 && leaf.has_value());
    }
};

const Fixture &fixture() {
    static const Fixture f;
    return f;
}

bool sameName(const QString &a, const QString &b) {
    return !a.isEmpty() && a.toLower() == b.toLower();
}

bool selfValid(const cert::Certificate &c, qint64 now) {
    return c.isSelfSigned() && c.tteExact() > static_cast<double>(now) &&
           c.version().toLower() == QLatin1String("1.0") &&
           verifyDetached(c.signature(), json::serialize(c.desc()), c.publicKey());
}

void checkConsistent(const cert::Verdict &v) {
    FUZZ_CHECK(!v.rules.empty());
    FUZZ_CHECK(v.valid == !v.failedRule.has_value());
    if (v.valid) {
        FUZZ_CHECK(v.message == QLatin1String("valid"));
        for (const cert::RuleResult &r : v.rules)
            FUZZ_CHECK(r.passed);
        return;
    }
    FUZZ_CHECK(!v.message.isEmpty());
    bool listed = false;
    for (const cert::RuleResult &r : v.rules)
        listed = listed || (r.rule == *v.failedRule && !r.passed);
    FUZZ_CHECK(listed);
}

// What "valid" must mean, stated from the rules rather than from the implementation.
void checkValidMeansValid(const cert::Certificate &c, const cert::Certificate *ca, qint64 now) {
    FUZZ_CHECK(c.tteExact() > static_cast<double>(now));
    FUZZ_CHECK(c.version().toLower() == QLatin1String("1.0"));
    if (c.isSelfSigned()) {
        FUZZ_CHECK(selfValid(c, now));
        return;
    }
    FUZZ_CHECK(c.type().toLower() == QLatin1String("ca"));
    FUZZ_CHECK(ca && selfValid(*ca, now));
    FUZZ_CHECK(sameName(c.caName(), ca->caName()));
    FUZZ_CHECK(!(c.tteExact() != 0 && c.tteExact() > ca->tteExact()));
    FUZZ_CHECK(verifyDetached(c.signature(), json::serialize(c.desc()), ca->publicKey()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const Fixture &f = fixture();
    const qint64 now = fuzz::kFixedNowMs;
    auto c = cert::Certificate::fromBytes(fuzz::bytesOf(data, size));
    if (!c) {
        FUZZ_CHECK(!c.error().isEmpty());
        checkConsistent(cert::formatVerdict(c.error()));
        return 0;
    }

    // A parsed certificate is kept exactly: it re-serializes to a fixed point.
    const QByteArray bytes = c->toBytes();
    auto again = cert::Certificate::fromBytes(bytes);
    FUZZ_CHECK(again.has_value() && again->toBytes() == bytes);
    FUZZ_CHECK(again->publicKey() == c->publicKey() && again->signature() == c->signature());
    FUZZ_CHECK(c->publicKey().size() == kBoxPublicKeyBytes);
    FUZZ_CHECK(c->signature().size() == kSignatureBytes);
    (void)c->fingerprint();
    for (const QString &s : c->names() + c->ips() + c->macs() + QStringList{c->caName(), c->gid()})
        FUZZ_CHECK(cert::displayText(s).startsWith(QLatin1Char('"')));

    // Alone and against each CA.
    std::vector<const cert::Certificate *> issuers{nullptr};
    for (const cert::Certificate &ca : f.cas)
        issuers.push_back(&ca);
    for (const cert::Certificate *ca : issuers) {
        const cert::Verdict v = cert::validate(*c, ca, now);
        checkConsistent(v);
        if (v.valid)
            checkValidMeansValid(*c, ca, now);
    }

    // As a peer's certificate.
    const cert::Endpoint endpoints[] = {
        {QStringLiteral("localhost"), QHostAddress(QHostAddress::LocalHost)},
        {QStringLiteral("chat.example.test"), QHostAddress()},
        {QString(), QHostAddress(QStringLiteral("::ffff:10.0.0.1"))},
    };
    const QByteArray otherKey(kBoxPublicKeyBytes, '\x42');
    for (const cert::Endpoint &ep : endpoints) {
        for (bool checkEndpoint : {true, false}) {
            const cert::Verdict v =
                cert::validatePeer(*c, f.cas, c->publicKey(), ep, checkEndpoint, now);
            checkConsistent(v);
            if (v.valid) {
                FUZZ_CHECK(!c->isSelfSigned()); // self-signed peers are always refused
                bool byTrusted = false;
                for (const cert::Certificate &ca : f.cas)
                    byTrusted = byTrusted || (sameName(c->caName(), ca.caName()) &&
                                              cert::validate(*c, &ca, now).valid);
                FUZZ_CHECK(byTrusted);
                if (checkEndpoint)
                    FUZZ_CHECK(cert::matchDomain(*c, ep.host) || cert::matchIp(*c, ep.address));
            }
            if (c->publicKey() != otherKey) {
                const cert::Verdict w =
                    cert::validatePeer(*c, f.cas, otherKey, ep, checkEndpoint, now);
                checkConsistent(w);
                FUZZ_CHECK(!w.valid);
            }
        }
    }

    // As the CA of a known leaf.
    const cert::Verdict asCa = cert::validate(*f.leaf, &*c, now);
    checkConsistent(asCa);
    if (asCa.valid) {
        FUZZ_CHECK(selfValid(*c, now));
        FUZZ_CHECK(
            verifyDetached(f.leaf->signature(), json::serialize(f.leaf->desc()), c->publicKey()));
    }
    return 0;
}
