#pragma once

// Internals shared by the handshake's files: handshake.cpp (state machine and public API),
// handshake_codec.cpp (message fields, boxes and extension lists), handshake_client.cpp and
// handshake_server.cpp (each role's steps).
#include "handshake/handshake.h"

#include <QDateTime>

#include <sodium.h>

#include <array>

namespace sws::handshake_p {

using Nonce24 = std::array<unsigned char, kNonceBytes>;
using Failure = std::optional<SessionFailure>;

using Nonce24 = std::array<unsigned char, kNonceBytes>;
using Failure = std::optional<SessionFailure>;

// Handshake messages nest four levels at most (ServerHello payload → cert → desc → key).
inline constexpr int kMaxDepth = 16;
inline constexpr int kBoxHeaderBytes = kShortNonceBytes + kShareKeyBytes; // Nonce || share key

inline const QString kOpc = QStringLiteral("opc");
inline const QString kVersion = QStringLiteral("version");
inline const QString kClientPublicKey = QStringLiteral("client_public_key");
inline const QString kServerPublicKey = QStringLiteral("server_public_key");
inline const QString kNonce = QStringLiteral("nonce");
inline const QString kBox = QStringLiteral("s_blackbox_a");
inline const QString kCert = QStringLiteral("cert");
inline const QString kRequireCert = QStringLiteral("requireCert");
// Extension negotiation (HandshakeConfig::extensions): the v2 payload member, the member of
// the v1 tail object, and the marker that starts the v1 tail after nonce and share key.
inline const QString kExtensionsMember = QStringLiteral("sws_ext");
inline const QString kExtensionsList = QStringLiteral("ext");
inline constexpr char kExtensionsMarker[] = "SWSX";
inline constexpr int kExtensionsMarkerBytes = 4;

// The handshake's 8-byte nonces are used as sent: N || N || N.
Nonce24 expandNonce(const QByteArray &eightBytes);
void wipe(QByteArray &b);
// A share key for a record: only when an inspector asked for them, and then in wiped memory.
std::shared_ptr<const SecretBuffer> recorded(const SecretBuffer &s, bool wanted);
int opcodeOf(HandshakeStep s); // ClientHello 0, … ClientReady 2
QString quoted(const QString &field);
// A byte-string field: an array of integers 0..255, of expectedLength unless that is < 0.
Expected<QByteArray, SessionFailure> bytesField(const json::Value &msg, const QString &key,
                                                int expectedLength, SessionError lengthError);
SessionFailure verdictFailure(const cert::Verdict &v);
// Nonce || share key [|| payload JSON] [|| tail], in one allocation so that no stray copy of
// the key is left behind by a reallocation; the caller wipes it.
QByteArray boxPlaintext(const QByteArray &nonce, const SecretBuffer &shareKey,
                        const json::Value &payload, const QByteArray &tail = {});
// Extension names as a peer listed them; nullopt when the value is not a usable list (the
// extension data is then ignored: a peer that garbles it simply negotiates nothing).
std::optional<QStringList> extensionNames(const json::Value *v);
json::Value extensionArray(const QStringList &names);
// v1: "SWSX" || {"ext":[…]} after nonce and share key.
QByteArray v1ExtensionTail(const QStringList &names);
std::optional<QStringList> parseV1ExtensionTail(const QByteArray &tail, qsizetype maxBytes);
// The names of `mine` that `theirs` lists too, in the order of `mine`.
QStringList commonExtensions(const QStringList &mine, const std::optional<QStringList> &theirs);
// An object without one member; our certificate parser refuses members it does not know.
json::Value withoutMember(const json::Value &object, const QString &key);
// JSON of a handshake message or box payload, within the size limit and kMaxDepth.
Expected<json::Value, json::ParseError> parseLimited(const QByteArray &text, qsizetype maxBytes);

// The plaintext of a handshake box, taken apart.
struct OpenedBox {
    QByteArray nonce;      // the sender's 8-byte data nonce
    SecretBuffer shareKey; // the sender's share key
    QByteArray payload;    // what follows: v2 payload JSON, v1 extension tail, or nothing
};
// Opens s_blackbox_a of `step` with the 8-byte nonce expanded, and takes it apart; the whole
// plaintext is wiped.
Expected<OpenedBox, SessionFailure> openBox(const BoxShared &shared, const QByteArray &sealed,
                                            const QByteArray &nonce8, HandshakeStep step);
// Seals s_blackbox_a with the 8-byte nonce `sealNonce` expanded: nonce, share key and
// rec.boxPayload, with rec.boxExtensions added to the payload (v2) or as the tail (v1); the
// plaintext is wiped.
QByteArray sealBox(const BoxShared &shared, const QByteArray &sealNonce, const QByteArray &nonce,
                   const SecretBuffer &shareKey, int version, HandshakeRecord &rec);
// {"opc":opc,"version":version, fields…}
json::Value message(int opc, int version, std::vector<json::Member> fields);

} // namespace sws::handshake_p

namespace sws {

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

    handshake_p::Failure checkConfig() const;
    handshake_p::Failure parseMessage(const QByteArray &text, HandshakeStep expected,
                                      HandshakeRecord &rec, json::Value &msg) const;
    Output start();
    void receive(HandshakeStep step, const QByteArray &text, Output &out);
    handshake_p::Failure onClientHello(const json::Value &msg, HandshakeRecord &rec, Output &out);
    handshake_p::Failure onServerHello(const json::Value &msg, HandshakeRecord &rec, Output &out);
    handshake_p::Failure onClientReady(const json::Value &msg, HandshakeRecord &rec, Output &out);
    handshake_p::Failure checkServerPayload(const QByteArray &payload, HandshakeRecord &rec,
                                            Output &out, bool &requireCert);
    handshake_p::Failure checkClientPayload(const QByteArray &payload, HandshakeRecord &rec,
                                            Output &out,
                                            std::optional<cert::Certificate> &peerCert);
    std::optional<Output> refuse(bool isStart, bool isTimeout, SessionError whenSecured);
};

} // namespace sws
