#pragma once

#include "crypto/expected.h"
#include "crypto/secretbuffer.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>

namespace sws {

inline constexpr int kBoxPublicKeyBytes = 32;
inline constexpr int kBoxSecretKeyBytes = 32;
inline constexpr int kShareKeyBytes = 32; // secretbox key
inline constexpr int kShortNonceBytes = 8;
inline constexpr int kNonceBytes = 24;
inline constexpr int kMacBytes = 16;
inline constexpr int kSignPublicKeyBytes = 32;
inline constexpr int kSignSecretKeyBytes = 64;
inline constexpr int kSignatureBytes = 64;

// Initialises libsodium once; aborts the process if it cannot (nothing is safe without it).
void ensureSodium();

enum class CryptoError {
    BadKeyLength,
    BadNonceLength,
    KeyExchangeFailed, // low-order or otherwise unusable public key
    KeyMismatch,       // public and secret key do not belong together
    TooShort,          // ciphertext shorter than the MAC
    OpenFailed,        // authentication failed
};
QString cryptoErrorString(CryptoError e);

[[nodiscard]] QByteArray randomBytes(int n);
[[nodiscard]] SecretBuffer randomSecret(int n);

QString toHex(const QByteArray &bytes);
// Short fingerprint of a public key for people to compare aloud: 20 hex digits of its
// BLAKE2b hash in groups of four ("3f2a 9c01 77b0 12ef 00aa").
QString fingerprint(const QByteArray &publicKey);

// X25519 key pair for crypto_box.
struct BoxKeyPair {
    QByteArray publicKey;
    SecretBuffer secretKey;

    [[nodiscard]] static BoxKeyPair generate();
    // Checks lengths and that the public key is the secret key's.
    [[nodiscard]] static Expected<BoxKeyPair, CryptoError> fromKeys(const QByteArray &publicKey,
                                                                    SecretBuffer secretKey);
    [[nodiscard]] BoxKeyPair clone() const { return {publicKey, secretKey.clone()}; }
};

// A box key pair as configurations hold it: its secret is immutable and shared by every copy
// (wiped when the last one goes), so a configuration is a plain copyable value. Assign a
// BoxKeyPair to set both keys.
class KeyMaterial {
public:
    KeyMaterial() = default;
    KeyMaterial(BoxKeyPair pair) // NOLINT(google-explicit-constructor): cfg.keyPair = pair
        : publicKey(std::move(pair.publicKey))
        , m_secret(std::make_shared<const SecretBuffer>(std::move(pair.secretKey))) {}

    QByteArray publicKey;
    // Empty when no pair was set.
    const SecretBuffer &secretKey() const;
    // Whether both are copies of one pair (the secret is shared, not duplicated).
    bool sharesSecretWith(const KeyMaterial &other) const { return m_secret == other.m_secret; }
    // The same keys (copies of one pair, or equal keys).
    bool operator==(const KeyMaterial &other) const;
    bool operator!=(const KeyMaterial &other) const { return !(*this == other); }

private:
    std::shared_ptr<const SecretBuffer> m_secret;
};

// crypto_box with the shared key precomputed (crypto_box_beforenm). Layout as tweetnacl's
// nacl.box.after / libsodium's _easy: 16-byte tag, then ciphertext.
class BoxShared {
public:
    // Fails for wrong lengths and for low-order public keys (libsodium refuses them).
    [[nodiscard]] static Expected<BoxShared, CryptoError> create(const QByteArray &theirPublicKey,
                                                                 const SecretBuffer &mySecretKey);
    [[nodiscard]] QByteArray seal(const QByteArray &plain, const unsigned char *nonce24) const;
    [[nodiscard]] Expected<QByteArray, CryptoError> open(const QByteArray &cipher,
                                                         const unsigned char *nonce24) const;

private:
    explicit BoxShared(SecretBuffer k)
        : m_key(std::move(k)) {}
    SecretBuffer m_key;
};

// The nonce (docs/protocol.md, Nonces and keys): 8-byte little-endian counter N, as N||N||N.
class NonceCounter {
public:
    NonceCounter() = default;
    explicit NonceCounter(std::uint64_t v)
        : m_value(v) {}
    [[nodiscard]] static std::optional<NonceCounter> fromBytes(const QByteArray &eightBytes);

    std::uint64_t value() const { return m_value; }
    QByteArray bytes() const;                // the 8 bytes, little-endian
    void expand(unsigned char *out24) const; // N || N || N
    void increment() { ++m_value; }          // wraps modulo 2^64, as the reference's carry does

private:
    std::uint64_t m_value = 0;
};

// One direction of the data phase: a secretbox key and its frame counter.
class SecretBoxChannel {
public:
    SecretBoxChannel() = default;
    SecretBoxChannel(SecretBuffer key, NonceCounter start)
        : m_key(std::move(key))
        , m_counter(start) {}
    bool isValid() const { return m_key.size() == kShareKeyBytes; }

    // Seals one frame and advances the counter.
    [[nodiscard]] QByteArray seal(const QByteArray &plain);
    // Opens one frame; the counter advances only when the frame authenticates.
    [[nodiscard]] Expected<QByteArray, CryptoError> open(const QByteArray &cipher);

    const NonceCounter &counter() const { return m_counter; }
    const SecretBuffer &key() const { return m_key; }

private:
    SecretBuffer m_key;
    NonceCounter m_counter;
};

// One-shot secretbox with an explicit 24-byte nonce (known-answer tests, key files).
[[nodiscard]] QByteArray secretboxSeal(const QByteArray &plain, const unsigned char *nonce24,
                                       const SecretBuffer &key);
[[nodiscard]] Expected<QByteArray, CryptoError>
secretboxOpen(const QByteArray &cipher, const unsigned char *nonce24, const SecretBuffer &key);

// Ed25519.
struct SignKeyPair {
    QByteArray publicKey;   // 32 bytes
    SecretBuffer secretKey; // 64 bytes (seed || public key), the layout nacl-cert stores

    [[nodiscard]] static SignKeyPair generate();
    [[nodiscard]] static Expected<SignKeyPair, CryptoError> fromSecretKey(SecretBuffer secretKey);
};
[[nodiscard]] QByteArray signDetached(const QByteArray &message, const SecretBuffer &secretKey);
// False for wrong lengths, bad or non-canonical (malleable) signatures, small-order keys.
[[nodiscard]] bool verifyDetached(const QByteArray &signature, const QByteArray &message,
                                  const QByteArray &publicKey);

} // namespace sws
