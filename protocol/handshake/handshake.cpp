// The SWS handshake (docs/protocol.md, Handshake messages), both roles, v1 and v2, without I/O.
#include "handshake/handshake.h"

#include <QDateTime>

#include <sodium.h>

#include <array>
#include <cstring>

namespace sws {

namespace {

using Nonce24 = std::array<unsigned char, kNonceBytes>;
using Failure = std::optional<SessionFailure>;

// Handshake messages nest four levels at most (ServerHello payload → cert → desc → key).
constexpr int kMaxDepth = 16;
constexpr int kBoxHeaderBytes = kShortNonceBytes + kShareKeyBytes; // Nonce || share key

const QString kOpc = QStringLiteral("opc");
const QString kVersion = QStringLiteral("version");
const QString kClientPublicKey = QStringLiteral("client_public_key");
const QString kServerPublicKey = QStringLiteral("server_public_key");
const QString kNonce = QStringLiteral("nonce");
const QString kBox = QStringLiteral("s_blackbox_a");
const QString kCert = QStringLiteral("cert");
const QString kRequireCert = QStringLiteral("requireCert");
// Extension negotiation (HandshakeConfig::extensions): the v2 payload member, the member of
// the v1 tail object, and the marker that starts the v1 tail after nonce and share key.
const QString kExtensionsMember = QStringLiteral("sws_ext");
const QString kExtensionsList = QStringLiteral("ext");
constexpr char kExtensionsMarker[] = "SWSX";
constexpr int kExtensionsMarkerBytes = 4;

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
                        const json::Value &payload, const QByteArray &tail = {}) {
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

} // namespace

namespace {
bool sameCertificate(const std::optional<cert::Certificate> &a,
                     const std::optional<cert::Certificate> &b) {
    return a.has_value() == b.has_value() && (!a || a->toBytes() == b->toBytes());
}

bool sameCertificates(const QList<cert::Certificate> &a, const QList<cert::Certificate> &b) {
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a.at(i).toBytes() != b.at(i).toBytes())
            return false;
    return true;
}
} // namespace

#if defined(__GLIBCXX__) && defined(__x86_64__)
// A new field changes the size: compare it in operator== below, then update the size.
static_assert(sizeof(HandshakeConfig) == 552, "HandshakeConfig changed: update operator==");
#endif

bool operator==(const HandshakeConfig &a, const HandshakeConfig &b) {
    // The hooks cannot be compared, only whether they are set.
    return a.role == b.role && a.version == b.version && a.keyPair == b.keyPair &&
           sameCertificate(a.certificate, b.certificate) &&
           sameCertificates(a.trustedCas, b.trustedCas) && a.requireCert == b.requireCert &&
           a.peer.host == b.peer.host && a.peer.address == b.peer.address &&
           a.checkEndpoint == b.checkEndpoint && a.maxHandshakeBytes == b.maxHandshakeBytes &&
           bool(a.random) == bool(b.random) && bool(a.nowMs) == bool(b.nowMs) &&
           a.recordShareKeys == b.recordShareKeys && a.extensions == b.extensions;
}

struct Handshake::Private {
    HandshakeConfig cfg;
    State state = State::Idle;
    SessionFailure failure; // valid in State::Failed

    QByteArray helloNonce;       // Nc of ClientHello (client: ours, server: the peer's)
    QByteArray serverNonce;      // Ns of ServerHello
    SecretBuffer serverShareKey; // Ks
    QByteArray peerPublicKey;
    std::optional<BoxShared> box; // server: precomputed for ClientHello's key
    std::optional<SecuredSession> session;

    explicit Private(HandshakeConfig c)
        : cfg(std::move(c)) {
        ensureSodium();
        if (!cfg.random)
            cfg.random = [](unsigned char *p, std::size_t n) { randombytes_buf(p, n); };
        if (!cfg.nowMs)
            cfg.nowMs = [] { return QDateTime::currentMSecsSinceEpoch(); };
    }

    QByteArray randomNonce() {
        QByteArray n(kShortNonceBytes, Qt::Uninitialized);
        cfg.random(reinterpret_cast<unsigned char *>(n.data()), kShortNonceBytes);
        return n;
    }

    SecretBuffer randomShareKey() {
        SecretBuffer k(kShareKeyBytes);
        cfg.random(k.data(), k.size());
        return k;
    }

    void fail(Output &out, SessionFailure f, HandshakeRecord *rec = nullptr) {
        state = State::Failed;
        failure = f;
        out.send.clear();
        out.secured = false;
        if (rec)
            rec->failure = f;
        out.failure = std::move(f);
    }

    void emitMessage(Output &out, HandshakeStep step, const json::Value &msg,
                     HandshakeRecord rec = {}) {
        rec.step = step;
        rec.direction = HandshakeRecord::Direction::Sent;
        rec.rawJson = json::serialize(msg);
        rec.decoded = msg;
        out.send.push_back(rec.rawJson);
        out.records.push_back(std::move(rec));
    }

    Failure checkConfig() const;
    Failure parseMessage(const QByteArray &text, HandshakeStep expected, HandshakeRecord &rec,
                         json::Value &msg) const;
    Output start();
    void receive(HandshakeStep step, const QByteArray &text, Output &out);
    Failure onClientHello(const json::Value &msg, HandshakeRecord &rec, Output &out);
    Failure onServerHello(const json::Value &msg, HandshakeRecord &rec, Output &out);
    Failure onClientReady(const json::Value &msg, HandshakeRecord &rec, Output &out);
    Failure checkServerPayload(const QByteArray &payload, HandshakeRecord &rec, Output &out,
                               bool &requireCert);
    Failure checkClientPayload(const QByteArray &payload, HandshakeRecord &rec, Output &out,
                               std::optional<cert::Certificate> &peerCert);
    std::optional<Output> refuse(bool isStart, bool isTimeout, SessionError whenSecured);
};

Failure Handshake::Private::checkConfig() const {
    auto local = [](const QString &detail) {
        return makeFailure(SessionError::LocalConfiguration, detail);
    };
    if (cfg.version != 1 && cfg.version != 2)
        return local(QStringLiteral("protocol version %1 is not 1 or 2").arg(cfg.version));
    if (!BoxKeyPair::fromKeys(cfg.keyPair.publicKey, cfg.keyPair.secretKey().clone()))
        return local(QStringLiteral("own key pair is unusable"));
    if (cfg.maxHandshakeBytes <= 0)
        return local(QStringLiteral("handshake size limit is not positive"));
    const json::Value ownExtensions = extensionArray(cfg.extensions);
    const auto checkedExtensions = extensionNames(&ownExtensions);
    if (!checkedExtensions || checkedExtensions->size() != cfg.extensions.size())
        return local(QStringLiteral("extension names must be distinct, 1..%1 characters, at "
                                    "most %2 of them")
                         .arg(kMaxExtensionNameLength)
                         .arg(kMaxExtensions));
    if (cfg.role == Role::Server && cfg.version >= 2) {
        if (!cfg.certificate)
            return local(QStringLiteral("a version 2 server needs a certificate"));
        if (cfg.certificate->publicKey() != cfg.keyPair.publicKey)
            return local(QStringLiteral("own certificate is not for own public key"));
    }
    return std::nullopt;
}

// Refuses input once the handshake has finished (or before it started), without a state
// change for a finished handshake.
std::optional<Handshake::Output> Handshake::Private::refuse(bool isStart, bool isTimeout,
                                                            SessionError whenSecured) {
    Output out;
    switch (state) {
    case State::Failed:
        out.failure = failure;
        return out;
    case State::Secured:
        if (isTimeout)
            return out; // a late timer: nothing to do
        out.failure = makeFailure(whenSecured, whenSecured == SessionError::LocalConfiguration
                                                   ? QStringLiteral("handshake already finished")
                                                   : QString());
        return out;
    case State::Idle:
        if (isStart)
            return std::nullopt;
        fail(out, makeFailure(SessionError::LocalConfiguration,
                              QStringLiteral("input before the handshake started")));
        return out;
    case State::AwaitServerHello:
    case State::AwaitClientHello:
    case State::AwaitClientReady:
        if (!isStart)
            return std::nullopt;
        fail(out, makeFailure(SessionError::LocalConfiguration,
                              QStringLiteral("handshake started twice")));
        return out;
    }
    return std::nullopt;
}

Handshake::Output Handshake::Private::start() {
    Output out;
    if (auto f = checkConfig()) {
        fail(out, *f);
        return out;
    }
    if (cfg.role == Role::Server) {
        state = State::AwaitClientHello;
        return out;
    }
    helloNonce = randomNonce();
    emitMessage(out, HandshakeStep::ClientHello,
                message(opcodeOf(HandshakeStep::ClientHello), cfg.version,
                        {{kClientPublicKey, json::bytesToArray(cfg.keyPair.publicKey)},
                         {kNonce, json::bytesToArray(helloNonce)}}));
    state = State::AwaitServerHello;
    return out;
}

Failure Handshake::Private::parseMessage(const QByteArray &text, HandshakeStep expected,
                                         HandshakeRecord &rec, json::Value &msg) const {
    if (text.size() > cfg.maxHandshakeBytes)
        return makeFailure(SessionError::MalformedJson,
                           QStringLiteral("%1 bytes exceed the limit of %2")
                               .arg(text.size())
                               .arg(cfg.maxHandshakeBytes));
    json::ParseLimits limits;
    limits.maxBytes = cfg.maxHandshakeBytes;
    limits.maxDepth = kMaxDepth;
    auto parsed = json::parse(text, limits);
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

void Handshake::Private::receive(HandshakeStep step, const QByteArray &text, Output &out) {
    HandshakeRecord rec;
    rec.step = step;
    rec.direction = HandshakeRecord::Direction::Received;
    rec.rawJson = text.left(cfg.maxHandshakeBytes);

    json::Value msg;
    Failure f = parseMessage(text, step, rec, msg);
    if (!f) {
        switch (step) {
        case HandshakeStep::ClientHello:
            f = onClientHello(msg, rec, out);
            break;
        case HandshakeStep::ServerHello:
            f = onServerHello(msg, rec, out);
            break;
        case HandshakeStep::ClientReady:
            f = onClientReady(msg, rec, out);
            break;
        }
    }
    if (f)
        fail(out, *f, &rec);
    // The received message comes before anything sent in reply.
    out.records.insert(out.records.begin(), std::move(rec));
}

// Server: ClientHello in, ServerHello out.
Failure Handshake::Private::onClientHello(const json::Value &msg, HandshakeRecord &, Output &out) {
    auto key = bytesField(msg, kClientPublicKey, kBoxPublicKeyBytes, SessionError::BadKeyLength);
    if (!key)
        return key.error();
    auto nonce = bytesField(msg, kNonce, kShortNonceBytes, SessionError::BadNonceLength);
    if (!nonce)
        return nonce.error();
    auto shared = BoxShared::create(*key, cfg.keyPair.secretKey());
    if (!shared)
        return makeFailure(SessionError::KeyExchangeFailed,
                           QStringLiteral("client public key is of low order"));

    peerPublicKey = *key;
    helloNonce = *nonce;
    serverNonce = randomNonce();
    serverShareKey = randomShareKey();

    HandshakeRecord sent;
    sent.boxOpened = true;
    sent.boxNonce = serverNonce;
    sent.boxShareKey = recorded(serverShareKey, cfg.recordShareKeys);
    if (cfg.version >= 2)
        sent.boxPayload =
            json::Value::object({{kCert, cfg.certificate->raw()}, {kRequireCert, cfg.requireCert}});
    // The server announces its extensions; the client answers in ClientReady.
    sent.boxExtensions = cfg.extensions;
    QByteArray tail;
    if (!cfg.extensions.isEmpty() && cfg.version >= 2)
        sent.boxPayload.insert(kExtensionsMember, extensionArray(cfg.extensions));
    else if (!cfg.extensions.isEmpty())
        tail = v1ExtensionTail(cfg.extensions);
    QByteArray plain = boxPlaintext(serverNonce, serverShareKey, sent.boxPayload, tail);
    const Nonce24 n = expandNonce(helloNonce);
    const QByteArray sealed = shared->seal(plain, n.data());
    wipe(plain);
    box.emplace(std::move(*shared));

    emitMessage(out, HandshakeStep::ServerHello,
                message(opcodeOf(HandshakeStep::ServerHello), cfg.version,
                        {{kServerPublicKey, json::bytesToArray(cfg.keyPair.publicKey)},
                         {kBox, json::bytesToArray(sealed)}}),
                std::move(sent));
    state = State::AwaitClientReady;
    return std::nullopt;
}

// Client, v2: the ServerHello payload {"cert":…,"requireCert":…}.
Failure Handshake::Private::checkServerPayload(const QByteArray &payload, HandshakeRecord &rec,
                                               Output &out, bool &requireCert) {
    if (payload.isEmpty())
        return makeFailure(SessionError::CertificateMissing,
                           QStringLiteral("ServerHello carries no certificate"));
    json::ParseLimits limits;
    limits.maxBytes = cfg.maxHandshakeBytes;
    limits.maxDepth = kMaxDepth;
    auto doc = json::parse(payload, limits);
    if (!doc)
        return makeFailure(SessionError::CertificateMalformed,
                           QStringLiteral("payload is not JSON: ") + doc.error().message);
    rec.boxPayload = *doc;
    if (!doc->isObject())
        return makeFailure(SessionError::CertificateMalformed,
                           QStringLiteral("payload is not a JSON object"));
    const json::Value *require = doc->find(kRequireCert);
    if (require && !require->isBool())
        return makeFailure(SessionError::CertificateMalformed,
                           quoted(kRequireCert) + QStringLiteral(" is not a boolean"));
    requireCert = require && require->toBool();
    const json::Value *certDoc = doc->find(kCert);
    if (!certDoc || certDoc->isNull())
        return makeFailure(SessionError::CertificateMissing,
                           QStringLiteral("ServerHello carries no certificate"));
    auto peerCert = cert::Certificate::fromJson(*certDoc);
    if (!peerCert) {
        out.peerVerdict = cert::formatVerdict(peerCert.error());
        return makeFailure(SessionError::CertificateMalformed, peerCert.error(),
                           cert::Rule::Format);
    }
    cert::Verdict verdict = cert::validatePeer(*peerCert, cfg.trustedCas, peerPublicKey, cfg.peer,
                                               cfg.checkEndpoint, cfg.nowMs());
    out.peerVerdict = verdict;
    if (!verdict.valid)
        return verdictFailure(verdict);
    session->peerCertificate = std::move(*peerCert);
    session->peerVerdict = std::move(verdict);
    return std::nullopt;
}

// Client: ServerHello in, ClientReady out.
Failure Handshake::Private::onServerHello(const json::Value &msg, HandshakeRecord &rec,
                                          Output &out) {
    auto key = bytesField(msg, kServerPublicKey, kBoxPublicKeyBytes, SessionError::BadKeyLength);
    if (!key)
        return key.error();
    auto sealed = bytesField(msg, kBox, -1, SessionError::MalformedMessage);
    if (!sealed)
        return sealed.error();
    auto shared = BoxShared::create(*key, cfg.keyPair.secretKey());
    if (!shared)
        return makeFailure(SessionError::KeyExchangeFailed,
                           QStringLiteral("server public key is of low order"));
    const Nonce24 n = expandNonce(helloNonce);
    auto opened = shared->open(*sealed, n.data());
    if (!opened)
        return makeFailure(SessionError::BoxOpenFailed, QStringLiteral("ServerHello"));
    QByteArray plain = std::move(*opened);
    if (plain.size() < kBoxHeaderBytes) {
        const auto size = plain.size();
        wipe(plain);
        return makeFailure(SessionError::PlaintextTooShort,
                           QStringLiteral("ServerHello box holds %1 bytes, needs %2")
                               .arg(size)
                               .arg(kBoxHeaderBytes));
    }
    peerPublicKey = *key;
    serverNonce = plain.left(kShortNonceBytes);
    serverShareKey =
        SecretBuffer(reinterpret_cast<const unsigned char *>(plain.constData()) + kShortNonceBytes,
                     kShareKeyBytes);
    const QByteArray payload = plain.mid(kBoxHeaderBytes);
    wipe(plain);
    rec.boxOpened = true;
    rec.boxNonce = serverNonce;
    rec.boxShareKey = recorded(serverShareKey, cfg.recordShareKeys);

    session.emplace();
    session->version = cfg.version;
    session->peerPublicKey = peerPublicKey;
    bool requireCert = false;
    if (cfg.version >= 2) {
        if (Failure f = checkServerPayload(payload, rec, out, requireCert))
            return f;
        if (requireCert && !cfg.certificate)
            return makeFailure(SessionError::LocalConfiguration,
                               QStringLiteral("server requires a client certificate; none set"));
        if (requireCert && cfg.certificate->publicKey() != cfg.keyPair.publicKey)
            return makeFailure(SessionError::LocalConfiguration,
                               QStringLiteral("own certificate is not for own public key"));
    }
    // The server's announcement (none from a plain server): answer only then, and only with
    // names both sides speak, so that a plain server gets exactly what it always got.
    const std::optional<QStringList> announced =
        cfg.version >= 2 ? extensionNames(rec.boxPayload.find(kExtensionsMember))
                         : parseV1ExtensionTail(payload, cfg.maxHandshakeBytes);
    rec.boxExtensions = announced.value_or(QStringList());
    session->peerExtensions = commonExtensions(cfg.extensions, announced);

    const QByteArray myNonce = randomNonce();
    SecretBuffer myShareKey = randomShareKey();
    HandshakeRecord sent;
    sent.boxOpened = true;
    sent.boxNonce = myNonce;
    sent.boxShareKey = recorded(myShareKey, cfg.recordShareKeys);
    if (cfg.version >= 2)
        sent.boxPayload = requireCert ? cfg.certificate->raw() : json::Value::object();
    sent.boxExtensions = session->peerExtensions;
    QByteArray tail;
    if (!sent.boxExtensions.isEmpty() && cfg.version >= 2)
        sent.boxPayload.insert(kExtensionsMember, extensionArray(sent.boxExtensions));
    else if (!sent.boxExtensions.isEmpty())
        tail = v1ExtensionTail(sent.boxExtensions);
    QByteArray reply = boxPlaintext(myNonce, myShareKey, sent.boxPayload, tail);
    const Nonce24 rn = expandNonce(serverNonce);
    const QByteArray replySealed = shared->seal(reply, rn.data());
    wipe(reply);

    emitMessage(out, HandshakeStep::ClientReady,
                message(opcodeOf(HandshakeStep::ClientReady), cfg.version,
                        {{kBox, json::bytesToArray(replySealed)}}),
                std::move(sent));

    session->tx = SecretBoxChannel(std::move(myShareKey), *NonceCounter::fromBytes(myNonce));
    session->rx =
        SecretBoxChannel(std::move(serverShareKey), *NonceCounter::fromBytes(serverNonce));
    state = State::Secured;
    out.secured = true;
    return std::nullopt;
}

// Server, v2 with requireCert: the client certificate from ClientReady.
Failure Handshake::Private::checkClientPayload(const QByteArray &payload, HandshakeRecord &rec,
                                               Output &out,
                                               std::optional<cert::Certificate> &peerCert) {
    json::ParseLimits limits;
    limits.maxBytes = cfg.maxHandshakeBytes;
    limits.maxDepth = kMaxDepth;
    auto doc = json::parse(payload, limits);
    if (!cfg.requireCert) {
        // Not asked for: the reference sends {} and nobody reads it.
        if (doc)
            rec.boxPayload = *doc;
        return std::nullopt;
    }
    if (payload.isEmpty())
        return makeFailure(SessionError::CertificateMissing,
                           QStringLiteral("ClientReady carries no certificate"));
    if (!doc)
        return makeFailure(SessionError::CertificateMalformed,
                           QStringLiteral("payload is not JSON: ") + doc.error().message);
    rec.boxPayload = *doc;
    // The certificate without our extension member (the signature covers desc only).
    const json::Value certDoc =
        doc->contains(kExtensionsMember) ? withoutMember(*doc, kExtensionsMember) : std::move(*doc);
    if (certDoc.isNull() || (certDoc.isObject() && certDoc.size() == 0))
        return makeFailure(SessionError::CertificateMissing,
                           QStringLiteral("ClientReady carries no certificate"));
    auto parsed = cert::Certificate::fromJson(certDoc);
    if (!parsed) {
        out.peerVerdict = cert::formatVerdict(parsed.error());
        return makeFailure(SessionError::CertificateMalformed, parsed.error(), cert::Rule::Format);
    }
    // The client is known by its address only: no host name to bind.
    const cert::Endpoint endpoint{QString(), cfg.peer.address};
    cert::Verdict verdict = cert::validatePeer(*parsed, cfg.trustedCas, peerPublicKey, endpoint,
                                               cfg.checkEndpoint, cfg.nowMs());
    out.peerVerdict = verdict;
    if (!verdict.valid)
        return verdictFailure(verdict);
    peerCert = std::move(*parsed);
    return std::nullopt;
}

// Server: ClientReady in, secured.
Failure Handshake::Private::onClientReady(const json::Value &msg, HandshakeRecord &rec,
                                          Output &out) {
    auto sealed = bytesField(msg, kBox, -1, SessionError::MalformedMessage);
    if (!sealed)
        return sealed.error();
    const Nonce24 n = expandNonce(serverNonce);
    auto opened = box->open(*sealed, n.data());
    if (!opened)
        return makeFailure(SessionError::BoxOpenFailed, QStringLiteral("ClientReady"));
    QByteArray plain = std::move(*opened);
    if (plain.size() < kBoxHeaderBytes) {
        const auto size = plain.size();
        wipe(plain);
        return makeFailure(SessionError::PlaintextTooShort,
                           QStringLiteral("ClientReady box holds %1 bytes, needs %2")
                               .arg(size)
                               .arg(kBoxHeaderBytes));
    }
    const QByteArray clientNonce = plain.left(kShortNonceBytes);
    SecretBuffer clientShareKey(reinterpret_cast<const unsigned char *>(plain.constData()) +
                                    kShortNonceBytes,
                                kShareKeyBytes);
    const QByteArray payload = plain.mid(kBoxHeaderBytes);
    wipe(plain);
    rec.boxOpened = true;
    rec.boxNonce = clientNonce;
    rec.boxShareKey = recorded(clientShareKey, cfg.recordShareKeys);

    std::optional<cert::Certificate> peerCert;
    if (cfg.version >= 2) {
        if (Failure f = checkClientPayload(payload, rec, out, peerCert))
            return f;
    }
    // The client's answer; only names this server announced count.
    const std::optional<QStringList> answer =
        cfg.version >= 2 ? extensionNames(rec.boxPayload.find(kExtensionsMember))
                         : parseV1ExtensionTail(payload, cfg.maxHandshakeBytes);
    rec.boxExtensions = answer.value_or(QStringList());

    session.emplace();
    session->version = cfg.version;
    session->peerPublicKey = peerPublicKey;
    session->peerExtensions = commonExtensions(cfg.extensions, answer);
    session->peerCertificate = std::move(peerCert);
    if (session->peerCertificate)
        session->peerVerdict = out.peerVerdict;
    session->tx =
        SecretBoxChannel(std::move(serverShareKey), *NonceCounter::fromBytes(serverNonce));
    session->rx =
        SecretBoxChannel(std::move(clientShareKey), *NonceCounter::fromBytes(clientNonce));
    box.reset();
    state = State::Secured;
    out.secured = true;
    return std::nullopt;
}

Handshake::Handshake(HandshakeConfig config)
    : d(std::make_unique<Private>(std::move(config))) {}
Handshake::~Handshake() = default;
Handshake::Handshake(Handshake &&) noexcept = default;
Handshake &Handshake::operator=(Handshake &&) noexcept = default;

Handshake::Output Handshake::start() {
    if (auto refused = d->refuse(true, false, SessionError::LocalConfiguration))
        return std::move(*refused);
    return d->start();
}

Handshake::Output Handshake::receiveText(const QByteArray &text) {
    if (auto refused = d->refuse(false, false, SessionError::TextAfterHandshake))
        return std::move(*refused);
    Output out;
    switch (d->state) {
    case State::AwaitServerHello:
        d->receive(HandshakeStep::ServerHello, text, out);
        break;
    case State::AwaitClientHello:
        d->receive(HandshakeStep::ClientHello, text, out);
        break;
    case State::AwaitClientReady:
        d->receive(HandshakeStep::ClientReady, text, out);
        break;
    case State::Idle:
    case State::Secured:
    case State::Failed:
        break; // handled by refuse()
    }
    return out;
}

Handshake::Output Handshake::receiveBinary(const QByteArray &data) {
    if (auto refused = d->refuse(false, false, SessionError::LocalConfiguration))
        return std::move(*refused);
    Output out;
    HandshakeRecord rec;
    rec.step = d->state == State::AwaitServerHello   ? HandshakeStep::ServerHello
               : d->state == State::AwaitClientHello ? HandshakeStep::ClientHello
                                                     : HandshakeStep::ClientReady;
    rec.direction = HandshakeRecord::Direction::Received;
    rec.rawJson = data.left(d->cfg.maxHandshakeBytes);
    d->fail(out,
            makeFailure(SessionError::BinaryDuringHandshake,
                        QStringLiteral("%1 bytes while awaiting %2")
                            .arg(data.size())
                            .arg(handshakeStepName(rec.step))),
            &rec);
    out.records.push_back(std::move(rec));
    return out;
}

Handshake::Output Handshake::timeout() {
    if (auto refused = d->refuse(false, true, SessionError::None))
        return std::move(*refused);
    Output out;
    const QString awaited = d->state == State::AwaitServerHello   ? QStringLiteral("ServerHello")
                            : d->state == State::AwaitClientHello ? QStringLiteral("ClientHello")
                                                                  : QStringLiteral("ClientReady");
    d->fail(out, makeFailure(SessionError::HandshakeTimeout,
                             QStringLiteral("no %1 in time").arg(awaited)));
    return out;
}

Handshake::State Handshake::state() const {
    return d->state;
}
Role Handshake::role() const {
    return d->cfg.role;
}
int Handshake::version() const {
    return d->cfg.version;
}
void Handshake::setRecordShareKeys(bool record) {
    d->cfg.recordShareKeys = record;
}

SecuredSession Handshake::takeSession() {
    if (d->state != State::Secured || !d->session) {
        SecuredSession empty;
        empty.version = d->cfg.version;
        return empty;
    }
    SecuredSession s = std::move(*d->session);
    d->session.reset();
    return s;
}

} // namespace sws
