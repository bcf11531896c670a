#include "crypto/crypto.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace sws {

namespace {
const unsigned char *u8(const QByteArray &b) {
    return reinterpret_cast<const unsigned char *>(b.constData());
}
unsigned char *u8(QByteArray &b) {
    return reinterpret_cast<unsigned char *>(b.data());
}
} // namespace

void ensureSodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) {
            std::fputs("sws: libsodium failed to initialise\n", stderr);
            std::abort();
        }
    });
}

QString cryptoErrorString(CryptoError e) {
    switch (e) {
    case CryptoError::BadKeyLength:
        return QStringLiteral("key has the wrong length");
    case CryptoError::BadNonceLength:
        return QStringLiteral("nonce has the wrong length");
    case CryptoError::KeyExchangeFailed:
        return QStringLiteral("key exchange failed (unusable public key)");
    case CryptoError::KeyMismatch:
        return QStringLiteral("public key does not match secret key");
    case CryptoError::TooShort:
        return QStringLiteral("ciphertext is too short");
    case CryptoError::OpenFailed:
        return QStringLiteral("authentication failed");
    }
    return QStringLiteral("unknown crypto error");
}

QByteArray randomBytes(int n) {
    ensureSodium();
    QByteArray out(n, Qt::Uninitialized);
    randombytes_buf(out.data(), static_cast<size_t>(n));
    return out;
}

SecretBuffer randomSecret(int n) {
    SecretBuffer out(static_cast<std::size_t>(n));
    randombytes_buf(out.data(), out.size());
    return out;
}

QString toHex(const QByteArray &bytes) {
    return QString::fromLatin1(bytes.toHex());
}

QString fingerprint(const QByteArray &publicKey) {
    ensureSodium();
    unsigned char h[10];
    crypto_generichash(h, sizeof h, u8(publicKey),
                       static_cast<unsigned long long>(publicKey.size()), nullptr, 0);
    const QString hex =
        QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(h), sizeof h).toHex());
    QString out;
    for (int i = 0; i < hex.size(); i += 4) {
        if (i)
            out += QLatin1Char(' ');
        out += hex.mid(i, 4);
    }
    return out;
}

BoxKeyPair BoxKeyPair::generate() {
    ensureSodium();
    BoxKeyPair kp;
    kp.publicKey = QByteArray(kBoxPublicKeyBytes, Qt::Uninitialized);
    kp.secretKey = SecretBuffer(kBoxSecretKeyBytes);
    if (crypto_box_keypair(u8(kp.publicKey), kp.secretKey.data()) != 0) {
        std::fputs("sws: crypto_box_keypair failed\n", stderr);
        std::abort();
    }
    return kp;
}

Expected<BoxKeyPair, CryptoError> BoxKeyPair::fromKeys(const QByteArray &publicKey,
                                                       SecretBuffer secretKey) {
    ensureSodium();
    if (publicKey.size() != kBoxPublicKeyBytes || secretKey.size() != kBoxSecretKeyBytes)
        return unexpected(CryptoError::BadKeyLength);
    unsigned char derived[kBoxPublicKeyBytes];
    if (crypto_scalarmult_base(derived, secretKey.data()) != 0)
        return unexpected(CryptoError::KeyExchangeFailed);
    const bool same = sodium_memcmp(derived, u8(publicKey), kBoxPublicKeyBytes) == 0;
    sodium_memzero(derived, sizeof derived);
    if (!same)
        return unexpected(CryptoError::KeyMismatch);
    return BoxKeyPair{publicKey, std::move(secretKey)};
}

const SecretBuffer &KeyMaterial::secretKey() const {
    static const SecretBuffer none;
    return m_secret ? *m_secret : none;
}

bool KeyMaterial::operator==(const KeyMaterial &other) const {
    if (publicKey != other.publicKey)
        return false;
    return m_secret == other.m_secret || secretKey().equals(other.secretKey());
}

Expected<BoxShared, CryptoError> BoxShared::create(const QByteArray &theirPublicKey,
                                                   const SecretBuffer &mySecretKey) {
    ensureSodium();
    if (theirPublicKey.size() != kBoxPublicKeyBytes || mySecretKey.size() != kBoxSecretKeyBytes)
        return unexpected(CryptoError::BadKeyLength);
    SecretBuffer k(crypto_box_BEFORENMBYTES);
    if (crypto_box_beforenm(k.data(), u8(theirPublicKey), mySecretKey.data()) != 0)
        return unexpected(CryptoError::KeyExchangeFailed);
    return BoxShared(std::move(k));
}

QByteArray BoxShared::seal(const QByteArray &plain, const unsigned char *nonce24) const {
    QByteArray out(plain.size() + kMacBytes, Qt::Uninitialized);
    if (crypto_box_easy_afternm(u8(out), u8(plain), static_cast<unsigned long long>(plain.size()),
                                nonce24, m_key.data()) != 0) {
        std::fputs("sws: crypto_box_easy_afternm failed\n", stderr);
        std::abort();
    }
    return out;
}

Expected<QByteArray, CryptoError> BoxShared::open(const QByteArray &cipher,
                                                  const unsigned char *nonce24) const {
    if (cipher.size() < kMacBytes)
        return unexpected(CryptoError::TooShort);
    QByteArray out(cipher.size() - kMacBytes, Qt::Uninitialized);
    if (crypto_box_open_easy_afternm(u8(out), u8(cipher),
                                     static_cast<unsigned long long>(cipher.size()), nonce24,
                                     m_key.data()) != 0) {
        sodium_memzero(out.data(), static_cast<size_t>(out.size()));
        return unexpected(CryptoError::OpenFailed);
    }
    return out;
}

std::optional<NonceCounter> NonceCounter::fromBytes(const QByteArray &eightBytes) {
    if (eightBytes.size() != kShortNonceBytes)
        return std::nullopt;
    std::uint64_t v = 0;
    for (int i = kShortNonceBytes - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(eightBytes[i]);
    return NonceCounter(v);
}

QByteArray NonceCounter::bytes() const {
    QByteArray out(kShortNonceBytes, Qt::Uninitialized);
    for (int i = 0; i < kShortNonceBytes; ++i)
        out[i] = static_cast<char>((m_value >> (8 * i)) & 0xff);
    return out;
}

void NonceCounter::expand(unsigned char *out24) const {
    for (int i = 0; i < kShortNonceBytes; ++i)
        out24[i] = static_cast<unsigned char>((m_value >> (8 * i)) & 0xff);
    std::memcpy(out24 + 8, out24, 8);
    std::memcpy(out24 + 16, out24, 8);
}

QByteArray secretboxSeal(const QByteArray &plain, const unsigned char *nonce24,
                         const SecretBuffer &key) {
    ensureSodium();
    if (key.size() != kShareKeyBytes) {
        std::fputs("sws: secretbox key of wrong length\n", stderr);
        std::abort();
    }
    QByteArray out(plain.size() + kMacBytes, Qt::Uninitialized);
    if (crypto_secretbox_easy(u8(out), u8(plain), static_cast<unsigned long long>(plain.size()),
                              nonce24, key.data()) != 0) {
        std::fputs("sws: crypto_secretbox_easy failed\n", stderr);
        std::abort();
    }
    return out;
}

Expected<QByteArray, CryptoError>
secretboxOpen(const QByteArray &cipher, const unsigned char *nonce24, const SecretBuffer &key) {
    ensureSodium();
    if (key.size() != kShareKeyBytes)
        return unexpected(CryptoError::BadKeyLength);
    if (cipher.size() < kMacBytes)
        return unexpected(CryptoError::TooShort);
    QByteArray out(cipher.size() - kMacBytes, Qt::Uninitialized);
    if (crypto_secretbox_open_easy(u8(out), u8(cipher),
                                   static_cast<unsigned long long>(cipher.size()), nonce24,
                                   key.data()) != 0)
        return unexpected(CryptoError::OpenFailed);
    return out;
}

QByteArray SecretBoxChannel::seal(const QByteArray &plain) {
    unsigned char nonce[kNonceBytes];
    m_counter.expand(nonce);
    QByteArray out = secretboxSeal(plain, nonce, m_key);
    m_counter.increment();
    return out;
}

Expected<QByteArray, CryptoError> SecretBoxChannel::open(const QByteArray &cipher) {
    unsigned char nonce[kNonceBytes];
    m_counter.expand(nonce);
    auto plain = secretboxOpen(cipher, nonce, m_key);
    if (plain)
        m_counter.increment();
    return plain;
}

SignKeyPair SignKeyPair::generate() {
    ensureSodium();
    SignKeyPair kp;
    kp.publicKey = QByteArray(kSignPublicKeyBytes, Qt::Uninitialized);
    kp.secretKey = SecretBuffer(kSignSecretKeyBytes);
    if (crypto_sign_keypair(u8(kp.publicKey), kp.secretKey.data()) != 0) {
        std::fputs("sws: crypto_sign_keypair failed\n", stderr);
        std::abort();
    }
    return kp;
}

Expected<SignKeyPair, CryptoError> SignKeyPair::fromSecretKey(SecretBuffer secretKey) {
    ensureSodium();
    if (secretKey.size() != kSignSecretKeyBytes)
        return unexpected(CryptoError::BadKeyLength);
    // The stored public half must be the one the seed derives.
    unsigned char seed[crypto_sign_SEEDBYTES];
    unsigned char pk[kSignPublicKeyBytes];
    SecretBuffer check(kSignSecretKeyBytes);
    const bool ok = crypto_sign_ed25519_sk_to_seed(seed, secretKey.data()) == 0 &&
                    crypto_sign_seed_keypair(pk, check.data(), seed) == 0;
    sodium_memzero(seed, sizeof seed);
    if (!ok)
        return unexpected(CryptoError::KeyMismatch);
    if (!check.equals(secretKey))
        return unexpected(CryptoError::KeyMismatch);
    return SignKeyPair{QByteArray(reinterpret_cast<const char *>(pk), kSignPublicKeyBytes),
                       std::move(secretKey)};
}

QByteArray signDetached(const QByteArray &message, const SecretBuffer &secretKey) {
    ensureSodium();
    if (secretKey.size() != kSignSecretKeyBytes) {
        std::fputs("sws: signing key of wrong length\n", stderr);
        std::abort();
    }
    QByteArray sig(kSignatureBytes, Qt::Uninitialized);
    if (crypto_sign_detached(u8(sig), nullptr, u8(message),
                             static_cast<unsigned long long>(message.size()),
                             secretKey.data()) != 0) {
        std::fputs("sws: crypto_sign_detached failed\n", stderr);
        std::abort();
    }
    return sig;
}

bool verifyDetached(const QByteArray &signature, const QByteArray &message,
                    const QByteArray &publicKey) {
    ensureSodium();
    if (signature.size() != kSignatureBytes || publicKey.size() != kSignPublicKeyBytes)
        return false;
    return crypto_sign_verify_detached(u8(signature), u8(message),
                                       static_cast<unsigned long long>(message.size()),
                                       u8(publicKey)) == 0;
}

} // namespace sws
