// The handshake's message codec, shared by both roles: byte fields, the boxes' plaintext,
// extension lists and the envelope {"opc","version"} of every message.
#include "handshake/handshake_p.h"

namespace sws {

namespace handshake_p {

// The handshake's 8-byte nonces are used as sent: N || N || N.
Nonce24 expandNonce(const QByteArray &eightBytes) {
    Nonce24 n{};
    for (int i = 0; i < kNonceBytes; ++i)
        n[static_cast<std::size_t>(i)] =
            static_cast<unsigned char>(eightBytes[i % kShortNonceBytes]);
    return n;
}

void wipe(QByteArray &b) {
    if (!b.isEmpty())
        sodium_memzero(b.data(), static_cast<std::size_t>(b.size()));
    b.clear();
}

// A share key for a record: only when an inspector asked for them, and then in wiped memory.
std::shared_ptr<const SecretBuffer> recorded(const SecretBuffer &s, bool wanted) {
    return wanted ? std::make_shared<const SecretBuffer>(s.clone()) : nullptr;
}

int opcodeOf(HandshakeStep s) {
    return static_cast<int>(s);
} // ClientHello 0, … ClientReady 2

QString quoted(const QString &field) {
    return QLatin1Char('"') + field + QLatin1Char('"');
}

// A byte-string field: an array of integers 0..255, of expectedLength unless that is < 0.
Expected<QByteArray, SessionFailure> bytesField(const json::Value &msg, const QString &key,
                                                int expectedLength, SessionError lengthError) {
    const json::Value *v = msg.find(key);
    if (!v)
        return unexpected(
            makeFailure(SessionError::MalformedMessage, QStringLiteral("missing ") + quoted(key)));
    auto bytes = json::arrayToBytes(*v);
    if (!bytes) {
        if (bytes.error() == json::BytesError::NotArray)
            return unexpected(makeFailure(SessionError::MalformedMessage,
                                          quoted(key) + QStringLiteral(" is not an array")));
        return unexpected(makeFailure(SessionError::BadByteArray, quoted(key)));
    }
    if (expectedLength >= 0 && bytes->size() != expectedLength)
        return unexpected(makeFailure(lengthError, QStringLiteral("%1 has %2 bytes, expected %3")
                                                       .arg(quoted(key))
                                                       .arg(bytes->size())
                                                       .arg(expectedLength)));
    return std::move(*bytes);
}

SessionFailure verdictFailure(const cert::Verdict &v) {
    const cert::Rule rule = v.failedRule.value_or(cert::Rule::Format);
    SessionError e = SessionError::CertificateRefused;
    if (rule == cert::Rule::EndpointBinding)
        e = SessionError::EndpointMismatch;
    else if (rule == cert::Rule::Format)
        e = SessionError::CertificateMalformed;
    return makeFailure(e, v.message, rule);
}

// Nonce || share key [|| payload JSON] [|| tail], in one allocation so that no stray copy of
// the key is left behind by a reallocation; the caller wipes it.
QByteArray boxPlaintext(const QByteArray &nonce, const SecretBuffer &shareKey,
                        const json::Value &payload, const QByteArray &tail) {
    const QByteArray json = payload.isNull() ? QByteArray() : json::serialize(payload);
    QByteArray plain;
    plain.reserve(nonce.size() + static_cast<qsizetype>(shareKey.size()) + json.size() +
                  tail.size());
    plain.append(nonce);
    plain.append(reinterpret_cast<const char *>(shareKey.data()),
                 static_cast<qsizetype>(shareKey.size()));
    plain.append(json);
    plain.append(tail);
    return plain;
}

// Extension names as a peer listed them; nullopt when the value is not a usable list (the
// extension data is then ignored: a peer that garbles it simply negotiates nothing).
std::optional<QStringList> extensionNames(const json::Value *v) {
    if (!v || !v->isArray() || v->size() > kMaxExtensions)
        return std::nullopt;
    QStringList names;
    for (const json::Value &e : v->items()) {
        if (!e.isString() || e.toString().isEmpty() ||
            e.toString().size() > kMaxExtensionNameLength)
            return std::nullopt;
        if (!names.contains(e.toString()))
            names << e.toString();
    }
    return names;
}

json::Value extensionArray(const QStringList &names) {
    std::vector<json::Value> items;
    for (const QString &n : names)
        items.emplace_back(n);
    return json::Value::array(std::move(items));
}

// v1: "SWSX" || {"ext":[…]} after nonce and share key.
QByteArray v1ExtensionTail(const QStringList &names) {
    return QByteArray(kExtensionsMarker, kExtensionsMarkerBytes) +
           json::serialize(json::Value::object({{kExtensionsList, extensionArray(names)}}));
}

std::optional<QStringList> parseV1ExtensionTail(const QByteArray &tail, qsizetype maxBytes) {
    if (!tail.startsWith(QByteArray(kExtensionsMarker, kExtensionsMarkerBytes)))
        return std::nullopt; // the reference sends nothing here; anything else is ignored
    json::ParseLimits limits;
    limits.maxBytes = maxBytes;
    limits.maxDepth = 4;
    auto doc = json::parse(tail.mid(kExtensionsMarkerBytes), limits);
    if (!doc || !doc->isObject())
        return std::nullopt;
    return extensionNames(doc->find(kExtensionsList));
}

// The names of `mine` that `theirs` lists too, in the order of `mine`.
QStringList commonExtensions(const QStringList &mine, const std::optional<QStringList> &theirs) {
    QStringList out;
    if (theirs)
        for (const QString &n : mine)
            if (theirs->contains(n))
                out << n;
    return out;
}

// An object without one member; our certificate parser refuses members it does not know.
json::Value withoutMember(const json::Value &object, const QString &key) {
    std::vector<json::Member> members;
    for (const json::Member &m : object.members())
        if (m.key != key)
            members.push_back(m);
    return json::Value::object(std::move(members));
}

json::Value message(int opc, int version, std::vector<json::Member> fields) {
    std::vector<json::Member> members{{kOpc, opc}, {kVersion, version}};
    for (auto &m : fields)
        members.push_back(std::move(m));
    return json::Value::object(std::move(members));
}

Expected<json::Value, json::ParseError> parseLimited(const QByteArray &text, qsizetype maxBytes) {
    json::ParseLimits limits;
    limits.maxBytes = maxBytes;
    limits.maxDepth = kMaxDepth;
    return json::parse(text, limits);
}

Expected<OpenedBox, SessionFailure> openBox(const BoxShared &shared, const QByteArray &sealed,
                                            const QByteArray &nonce8, HandshakeStep step) {
    const Nonce24 n = expandNonce(nonce8);
    auto opened = shared.open(sealed, n.data());
    if (!opened)
        return unexpected(makeFailure(SessionError::BoxOpenFailed, handshakeStepName(step)));
    QByteArray plain = std::move(*opened);
    if (plain.size() < kBoxHeaderBytes) {
        const auto size = plain.size();
        wipe(plain);
        return unexpected(makeFailure(SessionError::PlaintextTooShort,
                                      QStringLiteral("%1 box holds %2 bytes, needs %3")
                                          .arg(handshakeStepName(step))
                                          .arg(size)
                                          .arg(kBoxHeaderBytes)));
    }
    OpenedBox box;
    box.nonce = plain.left(kShortNonceBytes);
    box.shareKey =
        SecretBuffer(reinterpret_cast<const unsigned char *>(plain.constData()) + kShortNonceBytes,
                     kShareKeyBytes);
    box.payload = plain.mid(kBoxHeaderBytes);
    wipe(plain);
    return box;
}

QByteArray sealBox(const BoxShared &shared, const QByteArray &sealNonce, const QByteArray &nonce,
                   const SecretBuffer &shareKey, int version, HandshakeRecord &rec) {
    QByteArray tail;
    if (!rec.boxExtensions.isEmpty() && version >= 2)
        rec.boxPayload.insert(kExtensionsMember, extensionArray(rec.boxExtensions));
    else if (!rec.boxExtensions.isEmpty())
        tail = v1ExtensionTail(rec.boxExtensions);
    QByteArray plain = boxPlaintext(nonce, shareKey, rec.boxPayload, tail);
    const Nonce24 n = expandNonce(sealNonce);
    const QByteArray sealed = shared.seal(plain, n.data());
    wipe(plain);
    return sealed;
}

} // namespace handshake_p

using namespace handshake_p;

Failure Handshake::Private::parseMessage(const QByteArray &text, HandshakeStep expected,
                                         HandshakeRecord &rec, json::Value &msg) const {
    if (text.size() > cfg.maxHandshakeBytes)
        return makeFailure(SessionError::MalformedJson,
                           QStringLiteral("%1 bytes exceed the limit of %2")
                               .arg(text.size())
                               .arg(cfg.maxHandshakeBytes));
    auto parsed = parseLimited(text, cfg.maxHandshakeBytes);
    if (!parsed)
        return makeFailure(SessionError::MalformedJson,
                           parsed.error().message +
                               QStringLiteral(" at offset %1").arg(parsed.error().offset));
    rec.decoded = *parsed;
    if (!parsed->isObject())
        return makeFailure(SessionError::MalformedJson, QStringLiteral("not a JSON object"));

    const json::Value *opc = parsed->find(kOpc);
    const json::Value *version = parsed->find(kVersion);
    for (const auto &[key, v] : {std::pair{kOpc, opc}, std::pair{kVersion, version}}) {
        if (!v)
            return makeFailure(SessionError::MalformedMessage,
                               QStringLiteral("missing ") + quoted(key));
        if (!v->isNumber())
            return makeFailure(SessionError::MalformedMessage,
                               quoted(key) + QStringLiteral(" is not a number"));
    }
    if (opc->toNumber() != opcodeOf(expected))
        return makeFailure(SessionError::UnexpectedOpcode,
                           QStringLiteral("expected %1 (opc %2), got opc %3")
                               .arg(handshakeStepName(expected))
                               .arg(opcodeOf(expected))
                               .arg(json::numberToString(opc->toNumber())));
    if (version->toNumber() != cfg.version)
        return makeFailure(SessionError::VersionMismatch,
                           QStringLiteral("peer speaks version %1, we speak %2")
                               .arg(json::numberToString(version->toNumber()))
                               .arg(cfg.version));
    msg = std::move(*parsed);
    return std::nullopt;
}

} // namespace sws
