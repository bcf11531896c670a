#pragma once

#include "crypto/expected.h"
#include "crypto/secretbuffer.h"
#include "profile/passphrase.h"

#include <QByteArray>
#include <QString>

// Passphrase-protected secret keys: this project's own file format (docs/profile.md).
//
//   {"format":"sws-locked-key","version":1,"kind":"box-kp"|"ca-key",
//    "publickey":"<hex>",
//    "kdf":{"alg":"argon2id13","opslimit":N,"memlimit":N,"salt":"<base64, 16 bytes>"},
//    "box":{"alg":"xsalsa20poly1305","nonce":"<base64, 24 bytes>","ciphertext":"<base64>"}}
//
// crypto_pwhash (Argon2id) turns the passphrase and a random salt into a 32-byte secretbox
// key; the secret key is sealed with it under a random nonce. The secret never appears in the
// file in any encoding; the public key is kept in clear so keys can be listed without the
// passphrase, and is checked against the secret after opening.
namespace sws::lockedkey {

enum class Strength {
    Interactive, // crypto_pwhash_*_INTERACTIVE: 2 passes, 64 MiB
    Moderate     // crypto_pwhash_*_MODERATE: 3 passes, 256 MiB
};

struct Error {
    enum class Code {
        Format,          // not a locked-key document, or an unknown algorithm or size
        WrongPassphrase, // the box did not open (or the file was altered)
        Resources,       // key derivation failed (out of memory)
        BadPassphrase,   // shorter than kMinPassphraseChars (sealing)
    };
    Code code;
    QString message; // readable; never holds key or passphrase bytes
};

struct Header {
    QString kind; // "box-kp" or "ca-key"
    QByteArray publicKey;
    quint64 opsLimit = 0;
    quint64 memLimit = 0;
};

inline constexpr char kFormatName[] = "sws-locked-key";

// Seals secret under passphrase. kind and publicKey go into the header in clear.
[[nodiscard]] Expected<QByteArray, Error> seal(const QString &kind, const QByteArray &publicKey,
                                               const SecretBuffer &secret,
                                               const SecretBuffer &passphrase,
                                               Strength strength = Strength::Interactive);
// True when the bytes look like a locked-key document (whatever its validity).
bool isLockedKey(const QByteArray &bytes);
// Reads the clear header without the passphrase.
[[nodiscard]] Expected<Header, Error> readHeader(const QByteArray &bytes);
// Opens the document; expectedKind guards against a CA key read as an identity.
[[nodiscard]] Expected<SecretBuffer, Error>
open(const QByteArray &bytes, const SecretBuffer &passphrase, const QString &expectedKind);

} // namespace sws::lockedkey
