// The SWS handshake (docs/protocol.md, Handshake messages), both roles, v1 and v2, without I/O:
// the public API, the configuration check and the dispatch of each message to its role's step
// (handshake_client.cpp, handshake_server.cpp).
#include "handshake/handshake_p.h"

namespace sws {

using namespace handshake_p;

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
