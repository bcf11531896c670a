#include "cert/naclcert.h"

#include <QDateTime>
#include <QUuid>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace sws::cert {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

// Milliseconds as an integer; values beyond qint64 are clamped (a cast would be undefined).
qint64 clampMs(double ms) {
    constexpr double kLimit = 9.0e18;
    if (ms >= kLimit)
        return std::numeric_limits<qint64>::max();
    if (ms <= -kLimit)
        return std::numeric_limits<qint64>::min();
    return static_cast<qint64>(ms);
}

QString isoUtc(qint64 ms) {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return t.isValid() ? t.toString(Qt::ISODateWithMs) : QString::number(ms) + str(" ms");
}

QString uuidV4() {
    QByteArray b = randomBytes(16);
    b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0f) | 0x40);
    b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3f) | 0x80);
    return QUuid::fromRfc4122(b).toString(QUuid::WithoutBraces);
}

json::Value stringArray(const QStringList &list) {
    json::Value a = json::Value::array();
    for (const QString &s : list)
        a.append(json::Value(s));
    return a;
}

// Wraps a signature around desc; desc is built here, so a parse failure is a programming error.
Certificate signDesc(const json::Value &desc, const SecretBuffer &secretKey) {
    const QByteArray sig = signDetached(json::serialize(desc), secretKey);
    const json::Value doc = json::Value::object(
        {{str("desc"), desc},
         {str("sign"), json::Value::object({{str("signature"), json::bytesToArray(sig)}})}});
    auto cert = Certificate::fromJson(doc);
    if (!cert) {
        std::fprintf(stderr, "sws: freshly signed certificate does not parse: %s\n",
                     qPrintable(cert.error()));
        std::abort();
    }
    return std::move(cert).value();
}

bool isAsciiDigit(QChar c) {
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}
bool isHexDigit(QChar c) {
    return isAsciiDigit(c) || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
}

// Dotted quad, four decimal parts 0..255 without leading zeros.
std::optional<quint32> strictIpv4(QStringView text) {
    const auto parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return std::nullopt;
    quint32 v = 0;
    for (QStringView p : parts) {
        if (p.isEmpty() || p.size() > 3 || (p.size() > 1 && p.front() == QLatin1Char('0')))
            return std::nullopt;
        uint n = 0;
        for (QChar c : p) {
            if (!isAsciiDigit(c))
                return std::nullopt;
            n = n * 10 + static_cast<uint>(c.unicode() - '0');
        }
        if (n > 255)
            return std::nullopt;
        v = (v << 8) | n;
    }
    return v;
}

// A DNS name as compared: lower case, one trailing dot dropped; empty when unusable.
QString normalizedName(const QString &name) {
    QString n = name.toLower();
    if (n.endsWith(QLatin1Char('.')))
        n.chop(1);
    if (n.isEmpty() || n.split(QLatin1Char('.')).contains(QString()))
        return {};
    return n;
}

// Records rules as they are checked and stops at the first failure, like nacl-cert.
class Checker {
public:
    Checker() { m_v.rules.push_back({Rule::Format, true, str("well-formed")}); }
    explicit Checker(Verdict v)
        : m_v(std::move(v)) {}

    bool check(Rule rule, bool ok, const QString &passed, const QString &failed) {
        m_v.rules.push_back({rule, ok, ok ? passed : failed});
        if (!ok && !m_v.failedRule) {
            m_v.failedRule = rule;
            m_v.message = failed;
        }
        return ok;
    }
    Verdict finish() {
        m_v.valid = !m_v.failedRule.has_value();
        if (m_v.valid)
            m_v.message = str("valid");
        return std::move(m_v);
    }

private:
    Verdict m_v;
};

QStringList keysOf(const json::Value &object) {
    QStringList keys;
    for (const json::Member &m : object.members())
        keys << m.key;
    return keys;
}

bool isSelfSignedDesc(const json::Value &desc) {
    const json::Value *type = desc.find(str("type"));
    return type && type->isString() && type->toString().toLower() == str("self");
}

// desc with the listed keys first, in that order, then any others as written.
QByteArray serializeInOrder(const json::Value &desc, const QStringList &order) {
    json::Value out = json::Value::object();
    for (const QString &key : order) {
        if (const json::Value *v = desc.find(key))
            out.insert(key, *v);
    }
    for (const json::Member &m : desc.members()) {
        if (!order.contains(m.key))
            out.insert(m.key, m.value);
    }
    return json::serialize(out);
}

// Why a signature that does not verify over desc as written may still be genuine: the other
// reference's serialisation verifies. Empty when neither does.
QString explainSignatureFailure(const Certificate &cert, const QByteArray &key) {
    const json::Value &desc = cert.desc();
    const QByteArray asWritten = json::serialize(desc);
    const QByteArray java = javaSigningText(desc);
    if (java != asWritten && verifyDetached(cert.signature(), java, key)) {
        const bool self = isSelfSignedDesc(desc);
        if (keysOf(desc) == javaFieldOrder(self))
            return str("signed over the Java reference's text, which writes '/' as '\\/'");
        return str("signed over the Java reference's field order, not the order as written");
    }
    // A Java peer sends every certificate re-serialised in its order (and adds empty macs).
    std::vector<QByteArray> candidates{
        serializeInOrder(desc, naclCertFieldOrder(isSelfSignedDesc(desc)))};
    const json::Value *macs = desc.find(str("macs"));
    if (macs && macs->isArray() && macs->size() == 0) {
        json::Value withoutMacs = json::Value::object();
        for (const json::Member &m : desc.members()) {
            if (m.key != str("macs"))
                withoutMacs.insert(m.key, m.value);
        }
        candidates.push_back(
            serializeInOrder(withoutMacs, naclCertFieldOrder(isSelfSignedDesc(desc))));
    }
    for (const QByteArray &text : candidates) {
        if (text != asWritten && verifyDetached(cert.signature(), text, key))
            return str("re-ordered after signing, as a Java peer does when it sends a "
                       "certificate");
    }
    return {};
}

// The failure text of the Signature rule: the explanation first, so that a close reason
// clipped to 123 bytes still carries it.
QString signatureFailure(const Certificate &cert, const QByteArray &key, const QString &plain) {
    const QString why = explainSignatureFailure(cert, key);
    return why.isEmpty() ? plain : why + str("; ") + plain;
}

Verdict validateCaSigned(const Certificate &cert, const Certificate *ca, qint64 nowMs, Checker &c) {
    // The issuer must be a self-signed certificate that is itself valid.
    if (!ca) {
        c.check(Rule::CaSelfSigned, false, {},
                str("a CA-signed certificate needs its CA certificate"));
        return c.finish();
    }
    const bool self = ca->isSelfSigned();
    const Verdict caVerdict = self ? validate(*ca, nullptr, nowMs) : Verdict{};
    if (!c.check(Rule::CaSelfSigned, caVerdict.valid,
                 str("CA %1 is self-signed and valid").arg(displayText(ca->caName())),
                 self ? str("the CA certificate is invalid: ") + caVerdict.message
                      : str("the CA certificate is not self-signed (type %1)")
                            .arg(displayText(ca->type(), 16))))
        return c.finish();

    const bool sameName = !cert.caName().isEmpty() && !ca->caName().isEmpty() &&
                          cert.caName().toLower() == ca->caName().toLower();
    if (!c.check(Rule::CaName, sameName, str("issued by %1").arg(displayText(ca->caName())),
                 str("issued by %1, not by the CA %2")
                     .arg(displayText(cert.caName()), displayText(ca->caName()))))
        return c.finish();

    // JS: `cert.desc.tte && cert.desc.tte > cacert.desc.tte` fails.
    const bool withinCa = !(cert.tteExact() != 0 && cert.tteExact() > ca->tteExact());
    if (!c.check(
            Rule::CaExpiry, withinCa, str("expires no later than its CA"),
            str("expires after its CA (%1 > %2)").arg(isoUtc(cert.tteMs()), isoUtc(ca->tteMs()))))
        return c.finish();

    const bool verified =
        verifyDetached(cert.signature(), json::serialize(cert.desc()), ca->publicKey());
    c.check(Rule::Signature, verified, str("signed by the CA key"),
            verified ? QString()
                     : signatureFailure(cert, ca->publicKey(),
                                        str("the signature does not verify with the CA key")));
    return c.finish();
}

} // namespace

QString ruleName(Rule r) {
    switch (r) {
    case Rule::Format:
        return str("Format");
    case Rule::Version:
        return str("Version");
    case Rule::Type:
        return str("Type");
    case Rule::Expiry:
        return str("Expiry");
    case Rule::Signature:
        return str("Signature");
    case Rule::CaSelfSigned:
        return str("CaSelfSigned");
    case Rule::CaName:
        return str("CaName");
    case Rule::CaExpiry:
        return str("CaExpiry");
    case Rule::CaTrusted:
        return str("CaTrusted");
    case Rule::KeyBinding:
        return str("KeyBinding");
    case Rule::EndpointBinding:
        return str("EndpointBinding");
    }
    return str("Unknown");
}

QString displayText(const QString &text, int maxChars) {
    QString out = QStringLiteral("\"");
    int shown = 0;
    for (qsizetype i = 0; i < text.size(); ++i, ++shown) {
        if (shown >= maxChars) {
            out += QStringLiteral("...");
            break;
        }
        const QChar c = text.at(i);
        // A surrogate pair is one character (shown as is); a lone surrogate is escaped.
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const char32_t cp = QChar::surrogateToUcs4(c, text.at(i + 1));
            const auto cat = QChar::category(cp);
            if (cat == QChar::Other_Format || cat == QChar::Other_NotAssigned) {
                out += QStringLiteral("\\u%1\\u%2")
                           .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                           .arg(text.at(i + 1).unicode(), 4, 16, QLatin1Char('0'));
            } else {
                out += c;
                out += text.at(i + 1);
            }
            ++i;
            continue;
        }
        const auto cat = c.category();
        if (c == QLatin1Char('"') || c == QLatin1Char('\\')) {
            out += QLatin1Char('\\');
            out += c;
        } else if (cat == QChar::Other_Control || cat == QChar::Other_Format ||
                   cat == QChar::Other_Surrogate || cat == QChar::Separator_Line ||
                   cat == QChar::Separator_Paragraph) {
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

// ---- Certificate ------------------------------------------------------------------------

Expected<Certificate, QString> Certificate::fromJson(const json::Value &doc) {
    using R = Expected<Certificate, QString>;
    if (!doc.isObject())
        return R(unexpected(str("a certificate is a JSON object")));
    for (const json::Member &m : doc.members()) {
        if (m.key != str("desc") && m.key != str("sign"))
            return R(unexpected(str("unexpected member beside \"desc\" and \"sign\"")));
    }
    const json::Value *desc = doc.find(str("desc"));
    const json::Value *sign = doc.find(str("sign"));
    if (!desc || !desc->isObject())
        return R(unexpected(str("\"desc\" is missing or not an object")));
    if (!sign || !sign->isObject())
        return R(unexpected(str("\"sign\" is missing or not an object")));
    if (sign->size() != 1 || !sign->contains(str("signature")))
        return R(unexpected(str("\"sign\" must hold exactly \"signature\"")));
    auto signature = json::arrayToBytes(*sign->find(str("signature")), kSignatureBytes);
    if (!signature)
        return R(unexpected(str("sign.signature must be an array of 64 integers 0..255")));

    Certificate c;
    c.m_raw = doc;
    c.m_signature = *signature;

    auto stringField = [&](const char *key, bool required, QString *out) -> std::optional<QString> {
        const json::Value *v = desc->find(str(key));
        if (!v)
            return required ? std::optional<QString>(str("desc.%1 is missing").arg(str(key)))
                            : std::nullopt;
        if (!v->isString())
            return str("desc.%1 must be a string").arg(str(key));
        *out = v->toString();
        return std::nullopt;
    };
    auto numberField = [&](const char *key, bool required,
                           std::optional<double> *out) -> std::optional<QString> {
        const json::Value *v = desc->find(str(key));
        if (!v)
            return required ? std::optional<QString>(str("desc.%1 is missing").arg(str(key)))
                            : std::nullopt;
        if (!v->isNumber() || !std::isfinite(v->toNumber()))
            return str("desc.%1 must be a finite number").arg(str(key));
        *out = v->toNumber();
        return std::nullopt;
    };
    auto listField = [&](const char *key, bool required,
                         QStringList *out) -> std::optional<QString> {
        const json::Value *v = desc->find(str(key));
        if (!v)
            return required ? std::optional<QString>(str("desc.%1 is missing").arg(str(key)))
                            : std::nullopt;
        if (!v->isArray())
            return str("desc.%1 must be an array of strings").arg(str(key));
        for (const json::Value &item : v->items()) {
            if (!item.isString())
                return str("desc.%1 must be an array of strings").arg(str(key));
            out->append(item.toString());
        }
        return std::nullopt;
    };

    if (auto e = stringField("version", true, &c.m_version))
        return R(unexpected(*e));
    if (auto e = stringField("type", true, &c.m_type))
        return R(unexpected(*e));
    const QString type = c.m_type.toLower();
    if (type != str("self") && type != str("ca"))
        return R(unexpected(str("desc.type must be \"self\" or \"ca\"")));
    if (auto e = stringField("ca", true, &c.m_ca))
        return R(unexpected(*e));
    std::optional<double> tte, signTime;
    if (auto e = numberField("tte", true, &tte))
        return R(unexpected(*e));
    c.m_tteExact = *tte;
    c.m_tte = clampMs(*tte);
    const json::Value *pk = desc->find(str("publickey"));
    if (!pk)
        return R(unexpected(str("desc.publickey is missing")));
    auto publicKey = json::arrayToBytes(*pk, kBoxPublicKeyBytes);
    if (!publicKey)
        return R(unexpected(str("desc.publickey must be an array of 32 integers 0..255")));
    c.m_publicKey = *publicKey;
    // The reference writes names and ips for every CA-signed certificate; its CLI never
    // writes macs, so macs stay optional.
    const bool caSigned = type == str("ca");
    if (auto e = listField("names", caSigned, &c.m_names))
        return R(unexpected(*e));
    if (auto e = listField("ips", caSigned, &c.m_ips))
        return R(unexpected(*e));
    if (auto e = listField("macs", false, &c.m_macs))
        return R(unexpected(*e));
    if (auto e = numberField("signtime", false, &signTime))
        return R(unexpected(*e));
    if (signTime)
        c.m_signTime = clampMs(*signTime);
    if (auto e = stringField("gid", false, &c.m_gid))
        return R(unexpected(*e));
    return c;
}

Expected<Certificate, QString> Certificate::fromBytes(const QByteArray &utf8) {
    auto doc = json::parse(utf8);
    if (!doc) {
        return unexpected(
            str("not valid JSON at byte %1: %2").arg(doc.error().offset).arg(doc.error().message));
    }
    return fromJson(*doc);
}

const json::Value &Certificate::desc() const {
    static const json::Value null;
    const json::Value *d = m_raw.find(str("desc"));
    return d ? *d : null;
}

bool Certificate::isSelfSigned() const {
    return m_type.toLower() == str("self");
}

QString Certificate::fingerprint() const {
    return sws::fingerprint(toBytes());
}

// ---- Making certificates ----------------------------------------------------------------

CaKey generateCa(const QString &name, qint64 tteMs, qint64 nowMs) {
    // About half of the keys with bit 7 of the last byte set are rejected by the Java
    // reference whatever they sign; keys with it clear never are. Clearing it costs one bit.
    SignKeyPair kp = SignKeyPair::generate();
    while (static_cast<unsigned char>(kp.publicKey.at(31)) & 0x80)
        kp = SignKeyPair::generate();
    // The Java reference's order (javaFieldOrder): its signing text and ours are then the same.
    const json::Value desc = json::Value::object({
        {str("version"), json::Value(str("1.0"))},
        {str("type"), json::Value(str("self"))},
        {str("tte"), json::Value(static_cast<double>(tteMs))},
        {str("ca"), json::Value(name)},
        {str("publickey"), json::bytesToArray(kp.publicKey)},
        {str("gid"), json::Value(uuidV4())},
        {str("signtime"), json::Value(static_cast<double>(nowMs))},
    });
    Certificate cert = signDesc(desc, kp.secretKey);
    return CaKey{std::move(cert), std::move(kp.secretKey)};
}

Expected<Certificate, QString> sign(const CertRequest &req, const CaKey &ca, qint64 nowMs) {
    if (req.publicKey.size() != kBoxPublicKeyBytes)
        return unexpected(str("the public key to certify must be 32 bytes"));
    for (const QString &n : req.names) {
        if (n.isEmpty())
            return unexpected(str("a name is empty"));
    }
    for (const QString &ip : req.ips) {
        if (!parseIpStrict(ip))
            return unexpected(str("%1 is not an IP address").arg(displayText(ip)));
    }
    for (const QString &mac : req.macs) {
        if (!normalizeMac(mac))
            return unexpected(str("%1 is not a MAC address").arg(displayText(mac)));
    }
    if (!ca.cert.isSelfSigned())
        return unexpected(str("the CA certificate is not self-signed"));
    auto kp = SignKeyPair::fromSecretKey(ca.secretKey.clone());
    if (!kp)
        return unexpected(str("the CA secret key is unusable: ") + cryptoErrorString(kp.error()));
    if (kp->publicKey != ca.cert.publicKey())
        return unexpected(str("the CA secret key does not belong to the CA certificate"));
    const Verdict caVerdict = validate(ca.cert, nullptr, nowMs);
    if (!caVerdict.valid)
        return unexpected(str("the CA certificate is invalid: ") + caVerdict.message);
    if (req.tteMs <= nowMs)
        return unexpected(str("the expiry time is not in the future"));
    if (static_cast<double>(req.tteMs) > ca.cert.tteExact())
        return unexpected(
            str("the certificate would expire after its CA (%1)").arg(isoUtc(ca.cert.tteMs())));

    const json::Value desc = json::Value::object({
        {str("version"), json::Value(str("1.0"))},
        {str("type"), json::Value(str("ca"))},
        {str("tte"), json::Value(static_cast<double>(req.tteMs))},
        {str("ca"), json::Value(ca.cert.caName())},
        {str("publickey"), json::bytesToArray(req.publicKey)},
        {str("names"), stringArray(req.names)},
        {str("ips"), stringArray(req.ips)},
        {str("macs"), stringArray(req.macs)},
        {str("gid"), json::Value(uuidV4())},
        {str("signtime"), json::Value(static_cast<double>(nowMs))},
    });
    return signDesc(desc, ca.secretKey);
}

// ---- The Java reference's serialisation --------------------------------------------------

QStringList javaFieldOrder(bool selfSigned) {
    if (selfSigned)
        return {str("version"),   str("type"), str("tte"),     str("ca"),
                str("publickey"), str("gid"),  str("signtime")};
    return {str("version"), str("type"), str("tte"),  str("ca"),  str("publickey"),
            str("names"),   str("ips"),  str("macs"), str("gid"), str("signtime")};
}

QStringList naclCertFieldOrder(bool selfSigned) {
    if (selfSigned)
        return {str("version"),   str("type"),     str("ca"), str("tte"),
                str("publickey"), str("signtime"), str("gid")};
    return {str("version"), str("type"), str("tte"), str("publickey"), str("names"),
            str("ips"),     str("macs"), str("ca"),  str("signtime"),  str("gid")};
}

QByteArray javaSigningText(const json::Value &desc) {
    const bool self = isSelfSignedDesc(desc);
    const QStringList lists = {str("names"), str("ips"), str("macs")};
    QByteArray out("{");
    for (const QString &key : javaFieldOrder(self)) {
        const json::Value *v = desc.find(key);
        json::Value value;
        if (v)
            value = *v;
        else if (!self && lists.contains(key))
            value = json::Value::array(); // it always writes the three lists
        else
            continue; // org.json leaves out a member whose value is null
        if (out.size() > 1)
            out += ',';
        // Android's org.json escapes as JSON.stringify does, and '/' as well; '/' occurs
        // only inside strings, so escaping it in the serialised text is exact.
        out += json::serialize(json::Value(key)) + ':' +
               json::serialize(value).replace('/', QByteArrayLiteral("\\/"));
    }
    out += '}';
    return out;
}

QString javaSlashWarning(const QStringList &strings) {
    for (const QString &s : strings) {
        if (s.contains(QLatin1Char('/')))
            return str("%1 holds '/': the Java reference signs it as '\\/' and will not "
                       "validate this certificate")
                .arg(displayText(s));
    }
    return {};
}

// ---- Validation -------------------------------------------------------------------------

Verdict formatVerdict(const QString &message) {
    Verdict v;
    v.failedRule = Rule::Format;
    v.message = str("malformed certificate: ") + message;
    v.rules.push_back({Rule::Format, false, message});
    return v;
}

Verdict validate(const Certificate &cert, const Certificate *ca, qint64 nowMs) {
    // The rules in nacl-cert's order: expiry, version, type, then the signature checks.
    Checker c;
    if (!c.check(Rule::Expiry, cert.tteExact() > static_cast<double>(nowMs),
                 str("expires %1").arg(isoUtc(cert.tteMs())),
                 str("expired at %1").arg(isoUtc(cert.tteMs()))))
        return c.finish();
    if (!c.check(Rule::Version, cert.version().toLower() == str("1.0"), str("version 1.0"),
                 str("version %1 is not 1.0").arg(displayText(cert.version(), 16))))
        return c.finish();
    const QString type = cert.type().toLower();
    if (!c.check(Rule::Type, type == str("self") || type == str("ca"), str("type ") + type,
                 str("type %1 is neither \"self\" nor \"ca\"").arg(displayText(cert.type(), 16))))
        return c.finish();

    if (type == str("ca"))
        return validateCaSigned(cert, ca, nowMs, c);
    const bool verified =
        verifyDetached(cert.signature(), json::serialize(cert.desc()), cert.publicKey());
    c.check(Rule::Signature, verified, str("self-signature verifies"),
            verified ? QString()
                     : signatureFailure(cert, cert.publicKey(),
                                        str("the self-signature does not verify")));
    return c.finish();
}

Verdict validatePeer(const Certificate &cert, const QList<Certificate> &trustedCas,
                     const QByteArray &expectedPublicKey, const Endpoint &endpoint,
                     bool checkEndpoint, qint64 nowMs) {
    if (cert.isSelfSigned()) {
        // Anyone can make a self-signed certificate for any key and name.
        Checker c;
        c.check(
            Rule::CaTrusted, false, {},
            str("self-signed peer certificates are refused; it must be signed by a trusted CA"));
        return c.finish();
    }

    // Several trusted CAs may share a name (a renewed CA): any of them may have signed.
    std::optional<Verdict> firstFailure;
    const Certificate *issuer = nullptr;
    Verdict verdict;
    for (const Certificate &ca : trustedCas) {
        if (cert.caName().isEmpty() || ca.caName().toLower() != cert.caName().toLower())
            continue;
        Verdict attempt = validate(cert, &ca, nowMs);
        if (attempt.valid) {
            verdict = std::move(attempt);
            issuer = &ca;
            break;
        }
        if (!firstFailure)
            firstFailure = std::move(attempt);
    }
    if (!issuer) {
        if (firstFailure)
            return *firstFailure;
        Checker c;
        c.check(Rule::CaTrusted, false, {},
                str("issuer %1 is not a trusted CA").arg(displayText(cert.caName())));
        return c.finish();
    }

    verdict.valid = false;
    verdict.message.clear();
    Checker c(std::move(verdict));
    c.check(Rule::CaTrusted, true,
            str("signed by trusted CA %1 (%2)")
                .arg(displayText(issuer->caName()), issuer->fingerprint()),
            {});
    if (!c.check(Rule::KeyBinding,
                 expectedPublicKey.size() == kBoxPublicKeyBytes &&
                     cert.publicKey() == expectedPublicKey,
                 str("issued for the key the peer uses"),
                 str("issued for another key than the one the peer uses")))
        return c.finish();
    if (checkEndpoint) {
        const bool byName = matchDomain(cert, endpoint.host);
        const bool byIp = matchIp(cert, endpoint.address);
        const QString where =
            str("host %1, address %2")
                .arg(displayText(endpoint.host),
                     endpoint.address.isNull() ? str("none") : endpoint.address.toString());
        c.check(Rule::EndpointBinding, byName || byIp,
                (byName ? str("issued for ") : str("issued for the address of ")) + where,
                str("not issued for ") + where);
    }
    return c.finish();
}

// ---- Endpoint matching ------------------------------------------------------------------

bool matchDomain(const Certificate &cert, const QString &host) {
    const QString h = normalizedName(host);
    if (h.isEmpty())
        return false;
    const auto hostIp = parseIpStrict(h);
    for (const QString &name : cert.names()) {
        const QString n = normalizedName(name);
        if (n.isEmpty())
            continue;
        // An IP literal among the names matches only itself: it has no subdomains.
        if (const auto nameIp = parseIpStrict(n)) {
            if (hostIp && hostIp->isEqual(*nameIp, QHostAddress::ConvertV4MappedToIPv4))
                return true;
            continue;
        }
        if (h == n || (h.size() > n.size() && h.endsWith(n) &&
                       h.at(h.size() - n.size() - 1) == QLatin1Char('.')))
            return true;
    }
    return false;
}

bool matchIp(const Certificate &cert, const QHostAddress &address) {
    if (address.isNull())
        return false;
    for (const QString &ip : cert.ips()) {
        const auto a = parseIpStrict(ip);
        if (a && a->isEqual(address, QHostAddress::ConvertV4MappedToIPv4))
            return true;
    }
    return false;
}

bool matchMac(const Certificate &cert, const QString &mac) {
    const auto wanted = normalizeMac(mac);
    if (!wanted)
        return false;
    for (const QString &m : cert.macs()) {
        if (normalizeMac(m) == wanted)
            return true;
    }
    return false;
}

std::optional<QHostAddress> parseIpStrict(const QString &text) {
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    if (!text.contains(QLatin1Char(':'))) {
        const auto v4 = strictIpv4(text);
        return v4 ? std::optional<QHostAddress>(QHostAddress(*v4)) : std::nullopt;
    }
    // IPv6, optionally with a trailing dotted quad and a %scope.
    const qsizetype percent = text.indexOf(QLatin1Char('%'));
    const QStringView address = QStringView(text).left(percent < 0 ? text.size() : percent);
    for (QChar ch : address) {
        if (!isHexDigit(ch) && ch != QLatin1Char(':') && ch != QLatin1Char('.'))
            return std::nullopt;
    }
    if (percent >= 0) {
        const QStringView scope = QStringView(text).mid(percent + 1);
        if (scope.isEmpty())
            return std::nullopt;
        for (QChar ch : scope) {
            if (!ch.isLetterOrNumber() && ch != QLatin1Char('_') && ch != QLatin1Char('-') &&
                ch != QLatin1Char('.'))
                return std::nullopt;
        }
    }
    const qsizetype lastColon = address.lastIndexOf(QLatin1Char(':'));
    const QStringView tail = address.mid(lastColon + 1);
    if (tail.contains(QLatin1Char('.')) && !strictIpv4(tail))
        return std::nullopt;
    QHostAddress a;
    if (!a.setAddress(text) || a.protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    return a;
}

std::optional<QString> normalizeMac(const QString &text) {
    // A separator after every `group` hex digits (none when group is 0).
    auto collect = [&](QChar sep, int group) -> std::optional<QString> {
        QString hex;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const bool sepPos = group > 0 && (i + 1) % (group + 1) == 0;
            if (sepPos != (text.at(i) == sep))
                return std::nullopt;
            if (sepPos)
                continue;
            if (!isHexDigit(text.at(i)))
                return std::nullopt;
            hex += text.at(i).toLower();
        }
        return hex.size() == 12 ? std::optional<QString>(hex) : std::nullopt;
    };
    switch (text.size()) {
    case 17:
        // ':' or '-', the same throughout.
        if (text.at(2) != QLatin1Char(':') && text.at(2) != QLatin1Char('-'))
            return std::nullopt;
        return collect(text.at(2), 2);
    case 14:
        return collect(QLatin1Char('.'), 4);
    case 12:
        return collect(QChar(), 0);
    default:
        return std::nullopt;
    }
}

Certificate referenceRootCa() {
    // nacl-cert 1.0.4 rootCACert, verbatim. Public data; its secret key is held by a third
    // party, so nothing trusts it unless a person adds it explicitly.
    static const QByteArray kRootCa = QByteArrayLiteral(
        R"({"desc":{"version":"1.0","type":"self","ca":"iwebpp.com","tte":4570381246341,"publickey":[237,135,86,100,145,128,37,184,250,64,66,132,116,123,207,51,182,199,59,95,17,186,93,249,220,212,109,77,200,222,157,67],"signtime":1416781246454,"gid":"d2f971fc-98ad-4dea-ada2-74ebc129ed99"},"sign":{"signature":[214,154,215,247,146,167,144,7,25,170,129,182,224,231,13,239,250,159,139,23,184,249,151,12,153,188,61,76,32,215,218,31,185,251,224,222,15,3,17,53,121,125,166,143,167,52,148,146,85,94,234,202,196,157,211,142,134,74,109,78,7,123,177,2]}})");
    auto cert = Certificate::fromBytes(kRootCa);
    if (!cert) {
        std::fputs("sws: built-in reference root CA does not parse\n", stderr);
        std::abort();
    }
    return std::move(cert).value();
}

} // namespace sws::cert
