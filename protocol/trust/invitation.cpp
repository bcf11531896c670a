#include "trust/invitation.h"

#include "crypto/crypto.h"

#include <QDateTime>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QStringDecoder>

#include <sodium.h>

namespace sws {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

constexpr int kChecksumBytes = 4;
constexpr int kHeaderBytes = 3; // format byte, total length (big endian)
constexpr int kMaxField = 255;

// First 4 bytes of BLAKE2b-128 over data: catches typos, not forgery (the link's integrity
// rests on the channel it was sent over).
std::optional<QByteArray> checksum(const QByteArray &data) {
    ensureSodium();
    unsigned char h[crypto_generichash_BYTES_MIN];
    if (crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char *>(data.constData()),
                           static_cast<unsigned long long>(data.size()), nullptr, 0) != 0)
        return std::nullopt;
    return QByteArray(reinterpret_cast<const char *>(h), kChecksumBytes);
}

bool hasControl(const QString &s) {
    for (QChar c : s)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Format ||
            c.category() == QChar::Separator_Line || c.category() == QChar::Separator_Paragraph)
            return true;
    return false;
}

bool validUrl(const QUrl &url) {
    return url.isValid() && url.scheme() == QLatin1String("ws") && !url.host().isEmpty() &&
           url.userInfo().isEmpty() && !url.hasFragment();
}

// The URL without "ws://": the scheme is implied.
QByteArray urlField(const QUrl &url) {
    return url.toString(QUrl::RemoveScheme | QUrl::FullyEncoded).mid(2).toUtf8();
}

bool isBase64Url(const QString &s) {
    for (QChar c : s) {
        const ushort u = c.unicode();
        if (!((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
              u == '-' || u == '_'))
            return false;
    }
    return true;
}

} // namespace

QString invitationErrorString(InvitationError e) {
    switch (e) {
    case InvitationError::NotAnInvitation:
        return str("not an invitation link (it should start with sws-invite:)");
    case InvitationError::UnknownFormat:
        return str("the invitation link is of a newer format than this program knows (update it)");
    case InvitationError::BadCharacters:
        return str("the invitation link contains characters that no link has (copy it again)");
    case InvitationError::Truncated:
        return str("the invitation link is incomplete: part of it is missing (copy all of it)");
    case InvitationError::ChecksumMismatch:
        return str("the invitation link is damaged: its checksum does not match (a character "
                   "was changed; copy it again)");
    case InvitationError::TrailingData:
        return str("the invitation link is longer than it should be (copy it again, alone)");
    case InvitationError::UnknownVersion:
        return str("the invitation is for a protocol version this program does not speak");
    case InvitationError::BadKeyLength:
        return str("the invitation's server key is not 32 bytes long");
    case InvitationError::BadCaFingerprint:
        return str("the invitation's CA fingerprint is malformed");
    case InvitationError::BadUrl:
        return str("the invitation's address is not a ws:// URL with a host");
    case InvitationError::BadTitle:
        return str("the invitation's title is not readable text");
    case InvitationError::TooLong:
        return str("the address or title is too long for an invitation (255 bytes at most)");
    }
    return {};
}

Expected<bool, InvitationError> validate(const Invitation &inv) {
    if (inv.version != 1 && inv.version != 2)
        return unexpected(InvitationError::UnknownVersion);
    if (inv.serverKey.size() != kBoxPublicKeyBytes)
        return unexpected(InvitationError::BadKeyLength);
    if (!inv.caFingerprint.isEmpty() &&
        (inv.version != 2 || inv.caFingerprint.size() != kInvitationCaBytes))
        return unexpected(InvitationError::BadCaFingerprint);
    if (!validUrl(inv.url))
        return unexpected(InvitationError::BadUrl);
    if (hasControl(inv.title))
        return unexpected(InvitationError::BadTitle);
    if (urlField(inv.url).size() > kMaxField || inv.title.toUtf8().size() > kMaxField)
        return unexpected(InvitationError::TooLong);
    return true;
}

QString encode(const Invitation &inv) {
    if (!validate(inv))
        return {};
    const QByteArray url = urlField(inv.url);
    const QByteArray title = inv.title.toUtf8();
    QByteArray body;
    body.append(char(inv.version));
    body.append(char(inv.serverKey.size())).append(inv.serverKey);
    body.append(char(inv.caFingerprint.size())).append(inv.caFingerprint);
    body.append(char(url.size())).append(url);
    body.append(char(title.size())).append(title);
    const int total = kHeaderBytes + body.size() + kChecksumBytes;
    QByteArray payload;
    payload.append(char(kInvitationFormat));
    payload.append(char((total >> 8) & 0xff)).append(char(total & 0xff));
    payload.append(body);
    const auto sum = checksum(payload);
    if (!sum)
        return {};
    payload.append(*sum);
    return kInvitationScheme + str(":%1/").arg(kInvitationFormat) +
           QString::fromLatin1(
               payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray caFingerprintBytes(const cert::Certificate &ca) {
    return QByteArray::fromHex(ca.fingerprint().remove(QLatin1Char(' ')).toLatin1());
}

QUrl reachableUrl(QUrl url) {
    const QHostAddress host(url.host());
    if (host != QHostAddress::AnyIPv4 && host != QHostAddress::AnyIPv6 && host != QHostAddress::Any)
        return url;
    const QList<QHostAddress> all = QNetworkInterface::allAddresses();
    for (const auto protocol : {QAbstractSocket::IPv4Protocol, QAbstractSocket::IPv6Protocol}) {
        for (const QHostAddress &a : all) {
            if (!a.isLoopback() && !a.isLinkLocal() && a.protocol() == protocol &&
                (protocol == QAbstractSocket::IPv4Protocol || host != QHostAddress::AnyIPv4)) {
                url.setHost(a.toString());
                return url;
            }
        }
    }
    return url; // no network but loopback: the wildcard stays, decode() still reads it
}

Invitation serverInvitation(const QUrl &url, int version, const QByteArray &serverKey,
                            const std::optional<cert::Certificate> &certificate,
                            const QList<cert::Certificate> &trustedCas, const QString &title) {
    Invitation inv;
    inv.url = reachableUrl(url);
    inv.version = version;
    inv.serverKey = serverKey;
    inv.title = title;
    if (version == 2 && certificate) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const cert::Certificate &ca : trustedCas) {
            if (cert::validate(*certificate, &ca, now).valid) {
                inv.caFingerprint = caFingerprintBytes(ca);
                break;
            }
        }
    }
    return inv;
}

bool isInvitationLink(const QString &text) {
    return text.trimmed().startsWith(kInvitationScheme + QLatin1Char(':'), Qt::CaseInsensitive) ||
           text.trimmed().startsWith(QLatin1Char('<') + kInvitationScheme + QLatin1Char(':'),
                                     Qt::CaseInsensitive);
}

Expected<Invitation, InvitationError> decode(const QString &link) {
    QString s = link;
    s.remove(QRegularExpression(str("\\s")));
    if (s.startsWith(QLatin1Char('<')) && s.endsWith(QLatin1Char('>')))
        s = s.mid(1, s.size() - 2);
    // Sentence punctuation and quotes copied along with the link: none of them is base64url.
    static const QString around = QStringLiteral(".,;!?()[]\"'\u00ab\u00bb\u201c\u201d");
    while (!s.isEmpty() && around.contains(s.back()))
        s.chop(1);
    while (!s.isEmpty() && around.contains(s.front()))
        s.remove(0, 1);
    const QString prefix = kInvitationScheme + QLatin1Char(':');
    if (!s.startsWith(prefix, Qt::CaseInsensitive))
        return unexpected(InvitationError::NotAnInvitation);
    s = s.mid(prefix.size());
    const int slash = s.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return unexpected(InvitationError::Truncated);
    bool ok = false;
    const int format = s.left(slash).toInt(&ok);
    if (!ok)
        return unexpected(InvitationError::BadCharacters);
    if (format != kInvitationFormat)
        return unexpected(InvitationError::UnknownFormat);
    const QString text = s.mid(slash + 1);
    if (!isBase64Url(text))
        return unexpected(InvitationError::BadCharacters);
    const auto decoded = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return unexpected(InvitationError::BadCharacters);
    const QByteArray p = *decoded;
    if (p.size() < kHeaderBytes)
        return unexpected(InvitationError::Truncated);
    if (quint8(p[0]) != kInvitationFormat)
        return unexpected(InvitationError::UnknownFormat);
    const int total = (quint8(p[1]) << 8) | quint8(p[2]);
    if (p.size() < total || p.size() < kHeaderBytes + kChecksumBytes)
        return unexpected(InvitationError::Truncated);
    if (p.size() > total)
        return unexpected(InvitationError::TrailingData);
    const QByteArray signedPart = p.left(p.size() - kChecksumBytes);
    const auto sum = checksum(signedPart);
    if (!sum || *sum != p.right(kChecksumBytes))
        return unexpected(InvitationError::ChecksumMismatch);

    // The checksum matched, so what follows was written by an encoder: a malformed field is an
    // encoder's fault (or a crafted link), not a typo.
    int pos = kHeaderBytes;
    const int end = signedPart.size();
    const auto take = [&](QByteArray *out) {
        if (pos >= end)
            return false;
        const int n = quint8(signedPart[pos++]);
        if (pos + n > end)
            return false;
        *out = signedPart.mid(pos, n);
        pos += n;
        return true;
    };
    Invitation inv;
    if (pos >= end)
        return unexpected(InvitationError::Truncated);
    inv.version = quint8(signedPart[pos++]);
    QByteArray url, title;
    if (!take(&inv.serverKey) || !take(&inv.caFingerprint) || !take(&url) || !take(&title))
        return unexpected(InvitationError::Truncated);
    if (pos != end)
        return unexpected(InvitationError::TrailingData);
    if (inv.version != 1 && inv.version != 2)
        return unexpected(InvitationError::UnknownVersion);
    if (inv.serverKey.size() != kBoxPublicKeyBytes)
        return unexpected(InvitationError::BadKeyLength);
    if (!inv.caFingerprint.isEmpty() &&
        (inv.version != 2 || inv.caFingerprint.size() != kInvitationCaBytes))
        return unexpected(InvitationError::BadCaFingerprint);
    inv.url = QUrl(str("ws://") + QString::fromUtf8(url), QUrl::StrictMode);
    if (!validUrl(inv.url))
        return unexpected(InvitationError::BadUrl);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    inv.title = utf8.decode(title);
    if (utf8.hasError() || hasControl(inv.title))
        return unexpected(InvitationError::BadTitle);
    return inv;
}

} // namespace sws
