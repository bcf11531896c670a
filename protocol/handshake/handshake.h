#pragma once

#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "json/json.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace sws {

enum class Role { Client, Server };

// Every way a session can fail. Each has a WebSocket close code (handshakeCloseCode) and a
// readable text; see the README's table of close codes.
enum class SessionError {
    None,
    MalformedJson,         // 4001 handshake message is not valid JSON (or too deep/large)
    MalformedMessage,      // 4002 a field is missing or of the wrong type
    UnexpectedOpcode,      // 4003 wrong opc for the current state
    VersionMismatch,       // 4004 peer speaks another protocol version
    BadKeyLength,          // 4005 public key not 32 bytes
    BadNonceLength,        // 4006 nonce not 8 bytes
    BadByteArray,          // 4007 array element not an integer in 0..255
    KeyExchangeFailed,     // 4008 unusable (e.g. low-order) public key
    BoxOpenFailed,         // 4009 s_blackbox_a does not authenticate
    PlaintextTooShort,     // 4010 box plaintext shorter than nonce + share key
    CertificateMalformed,  // 4011 v2 certificate payload unreadable
    CertificateMissing,    // 4012 v2 certificate required but absent
    CertificateRefused,    // 4013 certificate failed a rule (the rule is reported)
    EndpointMismatch,      // 4014 certificate not issued for this host/IP
    HandshakeTimeout,      // 4015 handshake not finished in time
    BinaryDuringHandshake, // 1003 binary frame before the session is secure
    TextAfterHandshake,    // 1003 text frame after the session is secure
    DecryptFailed,         // 4020 data frame failed to authenticate (tampered/replayed/reordered)
    MessageTooBig,         // 1009 frame or message larger than allowed
    LocalConfiguration,    // 4030 our own setup is unusable (e.g. v2 server without certificate)
    PeerKeyChanged,        // 4040 pinned key differs (trust layer)
    PeerKeyNotTrusted,     // 4041 unknown key refused by pin policy (trust layer)
    PeerNotReading,        // 4021 too much sent data waits for a peer that does not read
    // Reported by the I/O layer, not the state machine:
    ConnectionFailed,          // the TCP/WebSocket connection could not be made (no close frame)
    PeerClosedDuringHandshake, // the peer closed before the handshake finished (its code kept)
    Cancelled,                 // close() before the connection was made: not a failure
    NotWebSocketServer,        // the server answered the upgrade with another HTTP status
    NotSwsServer,              // 1002 a WebSocket server whose first message is not a ServerHello
};
// Close code of a connection that ended without a close frame (RFC 6455 7.1.5); never sent.
inline constexpr quint16 kCloseAbnormal = 1006;
quint16 closeCodeFor(SessionError e);
QString sessionErrorName(SessionError e); // "BoxOpenFailed"
QString sessionErrorText(SessionError e); // "handshake box failed to authenticate"
// What a close code means, for showing it: the error name of an SWS code ("PeerNotReading" for
// 4021), else the RFC 6455 name ("abnormal closure" for 1006), else "code 4999".
QString closeCodeName(quint16 code);
// Whether a server closing with `code` right after our ClientReady refuses the handshake (its
// step 5: the box, the certificate or the pin check failed), rather than ending a session.
bool isHandshakeRefusalCode(quint16 code);

struct SessionFailure {
    SessionError error = SessionError::None;
    quint16 closeCode = 1000;
    // Close reason: at most 123 UTF-8 bytes; never key or plaintext bytes.
    QString reason;
    std::optional<cert::Rule> rule; // for CertificateRefused
};
// Builds a failure with its code and a reason clipped to 123 bytes.
SessionFailure makeFailure(SessionError e, const QString &detail = {},
                           std::optional<cert::Rule> rule = std::nullopt);

enum class HandshakeStep { ClientHello, ServerHello, ClientReady };
QString handshakeStepName(HandshakeStep s);

// One handshake message, for the inspector. Holds no long-term secret key. The share key of
// the box is kept only when an inspector asked for it (HandshakeConfig::recordShareKeys), in a
// buffer that is wiped once the last copy of the record is gone; it must never be exported.
struct HandshakeRecord {
    enum class Direction { Sent, Received };
    HandshakeStep step;
    Direction direction;
    QByteArray rawJson;     // the text frame exactly
    json::Value decoded;    // the parsed message
    bool boxOpened = false; // true where this side could open s_blackbox_a
    QByteArray boxNonce;    // 8-byte nonce from the box
    // 32-byte share key from the box (session secret); null unless recordShareKeys.
    std::shared_ptr<const SecretBuffer> boxShareKey;
    json::Value boxPayload; // v2: {"cert":…,"requireCert":…} or the client cert; else null
    // Extension names the box carried (HandshakeConfig::extensions).
    QStringList boxExtensions;
    std::optional<SessionFailure> failure; // set when this message made the handshake fail
};

// A plain copyable value (the key pair's secret is shared, KeyMaterial). SessionConfig extends
// it; compare with operator== (update it with every new field).
struct HandshakeConfig {
    Role role = Role::Client;
    int version = 1; // 1 or 2
    KeyMaterial keyPair;
    std::optional<cert::Certificate> certificate; // own certificate (v2)
    QList<cert::Certificate> trustedCas;          // CAs that may sign the peer's certificate
    bool requireCert = false;                     // server, v2: ask for the client's cert
    cert::Endpoint peer;       // client: URL host + server address; server: client address
    bool checkEndpoint = true; // bind the peer certificate to peer
    qsizetype maxHandshakeBytes = 64 * 1024;
    // Source of randomness for nonces and share keys; default libsodium. Tests replay
    // recorded transcripts by injecting the recorded values. Draw order: client Nc (8 bytes)
    // at start(), then Nc' (8) and Kc (32) on ServerHello; server Ns (8) and Ks (32) on
    // ClientHello.
    std::function<void(unsigned char *, std::size_t)> random;
    // Clock for certificate expiry, ms since 1970; default the system clock.
    std::function<qint64()> nowMs;
    // Keep both boxes' share keys in the records (HandshakeRecord::boxShareKey), for an
    // inspector that reveals them; off by default, so that no session copies them.
    bool recordShareKeys = false;
    // Extensions this side speaks (e.g. "chat-ack/1"; docs/protocol.md, Extensions and
    // chat-ack/1), negotiated inside the boxes so that a plain peer sees nothing: the server
    // announces its list in ServerHello, a client that saw it answers in ClientReady with the
    // names it speaks too, and each side keeps only names both listed (peerExtensions). v1: the
    // box plaintext gets "SWSX" + compact JSON {"ext":[…]} after nonce and share key (the
    // reference reads only the first 40 bytes); v2: the payload object gets a member
    // "sws_ext":[…] (the reference reads the payload with JSON.parse). Empty: byte-identical to
    // a peer without extensions. At most kMaxExtensions names of 1..64 characters.
    QStringList extensions;
};
bool operator==(const HandshakeConfig &a, const HandshakeConfig &b);
inline bool operator!=(const HandshakeConfig &a, const HandshakeConfig &b) {
    return !(a == b);
}
inline constexpr int kMaxExtensions = 16;
inline constexpr int kMaxExtensionNameLength = 64;

// What the session owns once the handshake has succeeded.
struct SecuredSession {
    int version = 1;
    SecretBoxChannel tx; // frames we send
    SecretBoxChannel rx; // frames we receive
    QByteArray peerPublicKey;
    std::optional<cert::Certificate> peerCertificate;
    std::optional<cert::Verdict> peerVerdict;
    // Extensions both sides speak (HandshakeConfig::extensions); empty with a plain peer.
    QStringList peerExtensions;
};

// The SWS handshake as a sans-I/O state machine: text messages in, text messages and
// events out; no sockets, no timers. The caller sends every message in Output::send in
// order and closes with Output::failure's code when it is set.
// Once finished, input is refused without a state change: after Failed every call returns
// the same failure; after Secured receiveText() fails with TextAfterHandshake, start() and
// receiveBinary() (data belongs to the session's channels) with LocalConfiguration, and a
// late timeout() does nothing. A v2 server without requireCert does not read the client's
// certificate payload, as the reference does not.
class Handshake {
public:
    enum class State {
        Idle,             // not started
        AwaitServerHello, // client: ClientHello sent
        AwaitClientHello, // server: waiting
        AwaitClientReady, // server: ServerHello sent
        Secured,
        Failed
    };

    struct Output {
        std::vector<QByteArray> send;             // text frames to send, in order
        std::vector<HandshakeRecord> records;     // one per message sent or received
        std::optional<cert::Verdict> peerVerdict; // when a peer certificate was checked
        bool secured = false;                     // handshake finished: call takeSession()
        std::optional<SessionFailure> failure;    // close the connection with this
    };

    explicit Handshake(HandshakeConfig config);
    ~Handshake();
    Handshake(Handshake &&) noexcept;
    Handshake &operator=(Handshake &&) noexcept;

    // Client: emits ClientHello. Server: starts waiting for ClientHello.
    Output start();
    Output receiveText(const QByteArray &text);
    Output receiveBinary(const QByteArray &data); // always a failure during the handshake
    Output timeout();                             // caller's timer fired

    State state() const;
    Role role() const;
    int version() const;
    // HandshakeConfig::recordShareKeys, for the messages from now on.
    void setRecordShareKeys(bool record);
    // Valid once state() == Secured; moves the channels out.
    SecuredSession takeSession();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sws
