// The server's side of the handshake: ClientHello in, ServerHello out, ClientReady in (v2 with
// requireCert: the client's certificate).
#include "handshake/handshake_p.h"

namespace sws {

using namespace handshake_p;

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
    const QByteArray sealed =
        sealBox(*shared, helloNonce, serverNonce, serverShareKey, cfg.version, sent);
    box.emplace(std::move(*shared));

    emitMessage(out, HandshakeStep::ServerHello,
                message(opcodeOf(HandshakeStep::ServerHello), cfg.version,
                        {{kServerPublicKey, json::bytesToArray(cfg.keyPair.publicKey)},
                         {kBox, json::bytesToArray(sealed)}}),
                std::move(sent));
    state = State::AwaitClientReady;
    return std::nullopt;
}

// Server, v2 with requireCert: the client certificate from ClientReady.
Failure Handshake::Private::checkClientPayload(const QByteArray &payload, HandshakeRecord &rec,
                                               Output &out,
                                               std::optional<cert::Certificate> &peerCert) {
    auto doc = parseLimited(payload, cfg.maxHandshakeBytes);
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
    auto opened = openBox(*box, *sealed, serverNonce, HandshakeStep::ClientReady);
    if (!opened)
        return opened.error();
    const QByteArray clientNonce = opened->nonce;
    SecretBuffer clientShareKey = std::move(opened->shareKey);
    const QByteArray payload = opened->payload;
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

} // namespace sws
