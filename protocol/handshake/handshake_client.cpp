// The client's side of the handshake: ServerHello in (v2: the server's certificate),
// ClientReady out.
#include "handshake/handshake_p.h"

namespace sws {

using namespace handshake_p;

// Client, v2: the ServerHello payload {"cert":…,"requireCert":…}.
Failure Handshake::Private::checkServerPayload(const QByteArray &payload, HandshakeRecord &rec,
                                               Output &out, bool &requireCert) {
    if (payload.isEmpty())
        return makeFailure(SessionError::CertificateMissing,
                           QStringLiteral("ServerHello carries no certificate"));
    auto doc = parseLimited(payload, cfg.maxHandshakeBytes);
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
    auto opened = openBox(*shared, *sealed, helloNonce, HandshakeStep::ServerHello);
    if (!opened)
        return opened.error();
    peerPublicKey = *key;
    serverNonce = opened->nonce;
    serverShareKey = std::move(opened->shareKey);
    const QByteArray payload = opened->payload;
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
    const QByteArray replySealed =
        sealBox(*shared, serverNonce, myNonce, myShareKey, cfg.version, sent);

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

} // namespace sws
