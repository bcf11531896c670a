#pragma once

#include "crypto/crypto.h"
#include "crypto/expected.h"
#include "json/json.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace sws::cert {

// One rule of nacl-cert validation (docs/protocol.md, Certificates), plus the stricter ones of this
// implementation. The UI shows every rule of a verdict as passed or failed.
enum class Rule {
    Format,         // document shape: {"desc":{...},"sign":{"signature":[64]}}, field types
    Version,        // desc.version is "1.0"
    Type,           // desc.type is "self" or "ca"
    Expiry,         // desc.tte later than now
    Signature,      // Ed25519 over JSON.stringify(desc) verifies
    CaSelfSigned,   // the CA certificate is type "self" and valid itself
    CaName,         // desc.ca equals the CA's desc.ca (case-insensitive)
    CaExpiry,       // desc.tte not later than the CA's
    CaTrusted,      // peer certificates: CA-signed by one of the CAs the caller trusts
    KeyBinding,     // desc.publickey equals the key the peer uses
    EndpointBinding // host name (labels) or IP address of the peer is in names/ips
};
QString ruleName(Rule r);

// Quotes text from a certificate or a peer for messages and terminals: control, format and
// line-separator characters escaped as \uXXXX, long text cut after maxChars characters.
QString displayText(const QString &text, int maxChars = 64);

struct RuleResult {
    Rule rule;
    bool passed;
    QString detail; // readable; never holds secret bytes
};

struct Verdict {
    bool valid = false;
    std::optional<Rule> failedRule; // the first rule that failed
    QString message;                // readable reason for the failure, or "valid"
    std::vector<RuleResult> rules;  // every rule checked, in order
};

// A parsed certificate. raw() keeps the document exactly (member order included) so that
// re-serializing it reproduces the bytes the signature covers.
class Certificate {
public:
    // Strict: any missing field, wrong type, wrong length or unknown type is an error
    // (Rule::Format), never a half-read certificate. Duplicate keys are refused by the parser.
    [[nodiscard]] static Expected<Certificate, QString> fromJson(const json::Value &doc);
    [[nodiscard]] static Expected<Certificate, QString> fromBytes(const QByteArray &utf8);

    const json::Value &raw() const { return m_raw; }
    const json::Value &desc() const;
    QByteArray toBytes() const { return json::serialize(m_raw); }

    QString version() const { return m_version; }
    QString type() const { return m_type; } // "self" or "ca" (as written)
    bool isSelfSigned() const;
    QString caName() const { return m_ca; }
    qint64 tteMs() const { return m_tte; }
    double tteExact() const { return m_tteExact; } // as written; the rules compare this, as JS does
    QByteArray publicKey() const { return m_publicKey; } // Ed25519 for self, box key for ca
    QStringList names() const { return m_names; }
    QStringList ips() const { return m_ips; }
    QStringList macs() const { return m_macs; }
    std::optional<qint64> signTimeMs() const { return m_signTime; }
    QString gid() const { return m_gid; }
    QByteArray signature() const { return m_signature; }
    // Fingerprint of the whole signed document (BLAKE2b of its bytes), grouped hex.
    QString fingerprint() const;

private:
    json::Value m_raw;
    QString m_version, m_type, m_ca, m_gid;
    qint64 m_tte = 0;
    std::optional<qint64> m_signTime;
    QByteArray m_publicKey, m_signature;
    QStringList m_names, m_ips, m_macs;
    double m_tteExact = 0;
};

// A CA: its self-signed certificate and Ed25519 secret key (NAME-ca-key.json).
struct CaKey {
    Certificate cert;
    SecretBuffer secretKey; // 64 bytes
};

// Makes a self-signed CA certificate, valid until tteMs. desc is written in the Java
// reference's order (javaFieldOrder), so both references sign and check the same bytes. The
// signing key is drawn again until bit 7 of its last public-key byte is clear, so that the
// Java reference's Ed25519 defect (quirks::javaReferenceAcceptsKey) cannot reject what it
// signs; that costs one bit of the 256-bit key.
[[nodiscard]] CaKey generateCa(const QString &name, qint64 tteMs, qint64 nowMs);

struct CertRequest {
    QByteArray publicKey; // the holder's box public key
    QStringList names, ips, macs;
    qint64 tteMs = 0;
};
// Signs a request with the CA, as nacl-cert's generate() does (type "ca"), with desc in the
// Java reference's order version,type,tte,ca,publickey,names,ips,macs,gid,signtime (nacl-cert
// signs the order as written, so it accepts this too). Fails if tte is past the CA's.
[[nodiscard]] Expected<Certificate, QString> sign(const CertRequest &req, const CaKey &ca,
                                                  qint64 nowMs);

// The Java reference (node-android NaclCert) signs and verifies desc re-serialised in a fixed
// order, whatever order the certificate arrived in; nacl-cert signs JSON.stringify(desc) in the
// order as written. The Java order of desc's keys for a self-signed or a CA-signed certificate:
QStringList javaFieldOrder(bool selfSigned);
// nacl-cert's own order (its generate()/generateCA()), which sws used to write.
QStringList naclCertFieldOrder(bool selfSigned);
// The exact bytes the Java reference signs and verifies for this desc: its fields only, in
// javaFieldOrder, names/ips/macs always present for type "ca", '/' written as '\/' (Android's
// org.json). Members it does not know are left out, as it leaves them out.
QByteArray javaSigningText(const json::Value &desc);
// A warning when one of these strings holds '/': the Java reference signs it as '\/', which
// JSON.stringify does not write, so one of the two references rejects such a certificate.
// Empty when no string holds '/'.
QString javaSlashWarning(const QStringList &strings);

// A verdict for a document that did not parse (Rule::Format), for callers that report both alike.
Verdict formatVerdict(const QString &message);

// Validates a certificate as nacl-cert's validate() does (every rule, reporting the first
// that fails). For type "ca" the CA certificate is required.
Verdict validate(const Certificate &cert, const Certificate *ca, qint64 nowMs);

// What a peer is reached at, for the endpoint binding.
struct Endpoint {
    QString host;         // URL host (may be empty)
    QHostAddress address; // connected address (may be null)
};

// Validates a certificate presented by a peer: stricter than the reference. It must be
// CA-signed ("ca"; a self-signed peer certificate is refused) by one of trustedCas, valid,
// bound to expectedPublicKey, and bound to the endpoint (checkEndpoint = false skips that).
Verdict validatePeer(const Certificate &cert, const QList<Certificate> &trustedCas,
                     const QByteArray &expectedPublicKey, const Endpoint &endpoint,
                     bool checkEndpoint, qint64 nowMs);

// Host name match on DNS labels: the name itself or a subdomain of it, case-insensitive,
// no regular expressions. A trailing dot is ignored.
bool matchDomain(const Certificate &cert, const QString &host);
// IP match on parsed addresses (::ffff:127.0.0.1 equals 127.0.0.1).
bool matchIp(const Certificate &cert, const QHostAddress &address);
// MAC match, case- and separator-insensitive (00:11:22:33:44:55 == 00-11-22-33-44-55).
bool matchMac(const Certificate &cert, const QString &mac);

// Strict IP literal: dotted-quad IPv4 without leading zeros, or IPv6 (QHostAddress alone also
// reads "127.1", "0x7f.0.0.1" and "017.0.0.1", which must not silently match in a certificate).
std::optional<QHostAddress> parseIpStrict(const QString &text);
// "00:11:22:33:44:55", "00-11-22-33-44-55", "0011.2233.4455" or "001122334455" as 12 lower-case
// hex digits; nullopt for anything else.
std::optional<QString> normalizeMac(const QString &text);

// The reference's built-in root CA (nacl-cert 1.0.4 rootCACert). Never trusted implicitly.
Certificate referenceRootCa();

} // namespace sws::cert
