#pragma once

#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "crypto/expected.h"

#include <QByteArray>
#include <QString>

// The files of the reference CLI (nacl-cert), read and written so that each side loads the
// other's: box-kp.json, NAME-ca-cert.json, NAME-ca-key.json and NAME-cert.json.
namespace sws::keyfiles {

inline constexpr qint64 kMaxFileBytes = 1024 * 1024;

struct Error {
    enum class Code {
        Io,          // cannot open, read or write
        Exists,      // the target exists and overwriting was not asked for
        TooLarge,    // larger than kMaxFileBytes
        Syntax,      // not strict JSON (duplicate keys included)
        Format,      // JSON of the wrong shape
        KeyMismatch, // the keys in the file do not belong together
    };
    Code code;
    QString message; // readable, names the file; never holds key bytes
};

QString boxKeyPairFileName();                // "box-kp.json"
QString caCertFileName(const QString &name); // "NAME-ca-cert.json"
QString caKeyFileName(const QString &name);  // "NAME-ca-key.json"
QString certFileName(const QString &name);   // "NAME-cert.json"

// {"secretkey":[32],"publickey":[32]}; the pair must belong together.
[[nodiscard]] Expected<BoxKeyPair, Error> readBoxKeyPair(const QString &path);
// The "publickey" member of a box-kp.json or of a file holding only {"publickey":[32]}.
// A secret key beside it is neither read nor checked.
[[nodiscard]] Expected<QByteArray, Error> readBoxPublicKey(const QString &path);
[[nodiscard]] Expected<cert::Certificate, Error> readCertificate(const QString &path);
// {"cert":{...},"secretkey":[64]}: the certificate self-signed, the secret key's public half
// equal to cert.desc.publickey.
[[nodiscard]] Expected<cert::CaKey, Error> readCaKey(const QString &path);

// Writers return the path written. Files holding secret keys are created with mode 0600 from
// the start; every writer refuses an existing file unless overwrite is true, and then replaces
// it atomically (a new file renamed over it).
[[nodiscard]] Expected<QString, Error> writeBoxKeyPair(const QString &path, const BoxKeyPair &kp,
                                                       bool overwrite);
[[nodiscard]] Expected<QString, Error>
writeCertificate(const QString &path, const cert::Certificate &cert, bool overwrite);
[[nodiscard]] Expected<QString, Error> writeCaKey(const QString &path, const cert::CaKey &ca,
                                                  bool overwrite);

// The building blocks: a size-limited read, and a write that never leaves a partial file.
[[nodiscard]] Expected<QByteArray, Error> readFile(const QString &path,
                                                   qint64 maxBytes = kMaxFileBytes);
[[nodiscard]] Expected<QString, Error> writeFile(const QString &path, const QByteArray &bytes,
                                                 bool secret, bool overwrite);

} // namespace sws::keyfiles
