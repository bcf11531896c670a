#include "profile/lockedkey.h"

#include "cert/naclcert.h"
#include "crypto/crypto.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

namespace sws::lockedkey {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

Unexpected<Error> fail(Error::Code code, const QString &message) {
    return unexpected(Error{code, message});
}

constexpr int kSaltBytes = crypto_pwhash_SALTBYTES;
constexpr int kKeyBytes = crypto_secretbox_KEYBYTES;
constexpr int kBoxNonceBytes = crypto_secretbox_NONCEBYTES;
constexpr int kMaxSecretBytes = 64;
// Limits a file may ask for: a crafted file must not make us spend minutes or gigabytes.
constexpr quint64 kMaxOps = 10;
constexpr quint64 kMaxMem = crypto_pwhash_MEMLIMIT_SENSITIVE; // 1 GiB

QString b64(const QByteArray &bytes) {
    return QString::fromLatin1(bytes.toBase64());
}

std::optional<QByteArray> unb64(const QJsonValue &v, int expectedLength) {
    if (!v.isString())
        return std::nullopt;
    const auto r = QByteArray::fromBase64Encoding(v.toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!r || (expectedLength >= 0 && r.decoded.size() != expectedLength))
        return std::nullopt;
    return r.decoded;
}

// The secretbox key from the passphrase; crypto_pwhash fails only for lack of memory or
// limits out of range.
Expected<SecretBuffer, Error> deriveKey(const SecretBuffer &passphrase, const QByteArray &salt,
                                        quint64 ops, quint64 mem) {
    SecretBuffer key(kKeyBytes);
    if (crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char *>(passphrase.data()),
                      passphrase.size(), reinterpret_cast<const unsigned char *>(salt.constData()),
                      ops, static_cast<size_t>(mem), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return fail(Error::Code::Resources,
                    str("key derivation failed (not enough memory for %1 MiB?)").arg(mem >> 20));
    return key;
}

struct Parsed {
    Header header;
    QByteArray salt, nonce, ciphertext;
};

Expected<Parsed, Error> parse(const QByteArray &bytes) {
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return fail(Error::Code::Format, str("not a JSON object"));
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("format")).toString() != QLatin1String(kFormatName))
        return fail(Error::Code::Format, str("not a %1 document").arg(str(kFormatName)));
    if (o.value(QLatin1String("version")).toInt(-1) != 1)
        return fail(Error::Code::Format, str("unsupported version (this program reads 1)"));
    Parsed p;
    p.header.kind = o.value(QLatin1String("kind")).toString();
    p.header.publicKey =
        QByteArray::fromHex(o.value(QLatin1String("publickey")).toString().toLatin1());
    if (p.header.kind.isEmpty() || p.header.publicKey.size() != 32)
        return fail(Error::Code::Format, str("kind or publickey missing or malformed"));
    const QJsonObject kdf = o.value(QLatin1String("kdf")).toObject();
    const QJsonObject box = o.value(QLatin1String("box")).toObject();
    if (kdf.value(QLatin1String("alg")).toString() != QLatin1String("argon2id13") ||
        box.value(QLatin1String("alg")).toString() != QLatin1String("xsalsa20poly1305"))
        return fail(Error::Code::Format, str("unknown algorithm (expected argon2id13 and "
                                             "xsalsa20poly1305)"));
    const double ops = kdf.value(QLatin1String("opslimit")).toDouble(-1);
    const double mem = kdf.value(QLatin1String("memlimit")).toDouble(-1);
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > kMaxOps || mem < crypto_pwhash_MEMLIMIT_MIN ||
        mem > static_cast<double>(kMaxMem) || ops != static_cast<double>(quint64(ops)) ||
        mem != static_cast<double>(quint64(mem)))
        return fail(Error::Code::Format, str("key derivation limits out of range"));
    p.header.opsLimit = static_cast<quint64>(ops);
    p.header.memLimit = static_cast<quint64>(mem);
    const auto salt = unb64(kdf.value(QLatin1String("salt")), kSaltBytes);
    const auto nonce = unb64(box.value(QLatin1String("nonce")), kBoxNonceBytes);
    const auto cipher = unb64(box.value(QLatin1String("ciphertext")), -1);
    if (!salt || !nonce || !cipher || cipher->size() <= crypto_secretbox_MACBYTES ||
        cipher->size() > crypto_secretbox_MACBYTES + kMaxSecretBytes)
        return fail(Error::Code::Format, str("salt, nonce or ciphertext malformed"));
    p.salt = *salt;
    p.nonce = *nonce;
    p.ciphertext = *cipher;
    return p;
}

} // namespace

Expected<QByteArray, Error> seal(const QString &kind, const QByteArray &publicKey,
                                 const SecretBuffer &secret, const SecretBuffer &passphrase,
                                 Strength strength) {
    ensureSodium();
    if (passphraseLength(passphrase) < kMinPassphraseChars)
        return fail(Error::Code::BadPassphrase,
                    str("a passphrase needs at least %1 characters").arg(kMinPassphraseChars));
    if (secret.isEmpty() || secret.size() > kMaxSecretBytes || publicKey.size() != 32)
        return fail(Error::Code::Format, str("unexpected key size"));
    const bool moderate = strength == Strength::Moderate;
    const quint64 ops =
        moderate ? crypto_pwhash_OPSLIMIT_MODERATE : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const quint64 mem =
        moderate ? crypto_pwhash_MEMLIMIT_MODERATE : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    const QByteArray salt = randomBytes(kSaltBytes);
    const QByteArray nonce = randomBytes(kBoxNonceBytes);
    auto key = deriveKey(passphrase, salt, ops, mem);
    if (!key)
        return unexpected(key.error());
    QByteArray cipher(static_cast<qsizetype>(secret.size() + crypto_secretbox_MACBYTES), '\0');
    if (crypto_secretbox_easy(reinterpret_cast<unsigned char *>(cipher.data()), secret.data(),
                              secret.size(), reinterpret_cast<const unsigned char *>(nonce.data()),
                              key->data()) != 0)
        return fail(Error::Code::Resources, str("encryption failed"));

    QJsonObject kdf{{str("alg"), str("argon2id13")},
                    {str("opslimit"), static_cast<double>(ops)},
                    {str("memlimit"), static_cast<double>(mem)},
                    {str("salt"), b64(salt)}};
    QJsonObject box{{str("alg"), str("xsalsa20poly1305")},
                    {str("nonce"), b64(nonce)},
                    {str("ciphertext"), b64(cipher)}};
    QJsonObject doc{{str("format"), str(kFormatName)},    {str("version"), 1}, {str("kind"), kind},
                    {str("publickey"), toHex(publicKey)}, {str("kdf"), kdf},   {str("box"), box}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

bool isLockedKey(const QByteArray &bytes) {
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    return doc.isObject() &&
           doc.object().value(QLatin1String("format")).toString() == QLatin1String(kFormatName);
}

Expected<Header, Error> readHeader(const QByteArray &bytes) {
    auto p = parse(bytes);
    if (!p)
        return unexpected(p.error());
    return p->header;
}

Expected<SecretBuffer, Error> open(const QByteArray &bytes, const SecretBuffer &passphrase,
                                   const QString &expectedKind) {
    ensureSodium();
    auto p = parse(bytes);
    if (!p)
        return unexpected(p.error());
    if (p->header.kind != expectedKind)
        return fail(
            Error::Code::Format,
            str("holds a %1, not a %2").arg(cert::displayText(p->header.kind, 16), expectedKind));
    auto key = deriveKey(passphrase, p->salt, p->header.opsLimit, p->header.memLimit);
    if (!key)
        return unexpected(key.error());
    SecretBuffer secret(static_cast<size_t>(p->ciphertext.size() - crypto_secretbox_MACBYTES));
    if (crypto_secretbox_open_easy(
            secret.data(), reinterpret_cast<const unsigned char *>(p->ciphertext.constData()),
            static_cast<unsigned long long>(p->ciphertext.size()),
            reinterpret_cast<const unsigned char *>(p->nonce.constData()), key->data()) != 0)
        return fail(Error::Code::WrongPassphrase,
                    str("wrong passphrase (or the file was altered)"));
    return secret;
}

} // namespace sws::lockedkey
