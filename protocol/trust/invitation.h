#pragma once

#include "cert/naclcert.h"
#include "crypto/expected.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

// Invitation links: a room's address and the key that proves it, in one line that is safe to
// paste anywhere (docs/invitation.md). Whoever joins by the link accepts exactly that key.
namespace sws {

inline const QString kInvitationScheme = QStringLiteral("sws-invite");
inline constexpr int kInvitationFormat = 1;   // the "1/" after the scheme, and the first byte
inline constexpr int kInvitationCaBytes = 10; // cert::Certificate::fingerprint(), as bytes

struct Invitation {
    QUrl url;                 // ws://HOST:PORT/PATH
    int version = 1;          // protocol version, 1 or 2
    QByteArray serverKey;     // 32-byte X25519 public key of the server
    QByteArray caFingerprint; // version 2: 10 bytes of the CA's fingerprint, or empty
    QString title;            // the room's name as the inviter calls it; may be empty
};

enum class InvitationError {
    NotAnInvitation,  // does not start with "sws-invite:"
    UnknownFormat,    // "sws-invite:N/" or a first byte this code does not know
    BadCharacters,    // not base64url
    Truncated,        // shorter than its own length field says
    ChecksumMismatch, // a character changed
    TrailingData,     // longer than its length field says, or bytes after the fields
    UnknownVersion,   // protocol version other than 1 or 2
    BadKeyLength,     // server key not 32 bytes
    BadCaFingerprint, // CA fingerprint not 10 bytes, or one given for version 1
    BadUrl,           // not ws://HOST[:PORT][/PATH]
    BadTitle,         // not UTF-8, or control characters
    TooLong,          // encode(): URL or title over 255 bytes
};
QString invitationErrorString(InvitationError e); // one readable sentence

// Checks the fields encode() would write (true when it can).
[[nodiscard]] Expected<bool, InvitationError> validate(const Invitation &inv);
// "sws-invite:1/<base64url>"; inv must pass validate() (an invalid one gives an empty string).
QString encode(const Invitation &inv);
// Parses a pasted link: white space anywhere (line wraps), enclosing <>, and punctuation or
// quotes around it are ignored; the scheme is case-insensitive.
[[nodiscard]] Expected<Invitation, InvitationError> decode(const QString &link);
// 10 bytes of the CA certificate's fingerprint, as Invitation::caFingerprint holds them.
QByteArray caFingerprintBytes(const cert::Certificate &ca);
// url with a wildcard host (0.0.0.0, ::) replaced by one of this machine's non-loopback
// addresses (IPv4 first), so that the link names an address another machine can reach.
QUrl reachableUrl(QUrl url);
// The invitation a server hands out: its key and version, for version 2 the CA among
// trustedCas that signed its certificate, at reachableUrl(url).
Invitation serverInvitation(const QUrl &url, int version, const QByteArray &serverKey,
                            const std::optional<cert::Certificate> &certificate,
                            const QList<cert::Certificate> &trustedCas, const QString &title);
// Whether text looks like an invitation (starts with the scheme), to tell it from a URL.
bool isInvitationLink(const QString &text);

} // namespace sws
