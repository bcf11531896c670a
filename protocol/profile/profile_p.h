#pragma once

// Internals shared by profile.cpp and profile_cas.cpp.
#include "profile/passphrase.h"
#include "profile/profile.h"

#include <functional>
#include <optional>

namespace sws::profile_p {

inline constexpr char kBoxPlain[] = "box-kp.json";
inline constexpr char kBoxLocked[] = "box-kp.locked.json";
inline constexpr char kCert[] = "cert.json";
inline constexpr char kCaCert[] = "ca-cert.json";
inline constexpr char kCaKey[] = "ca-key.json";
inline constexpr char kCaKeyLocked[] = "ca-key.locked.json";
inline constexpr char kKindBox[] = "box-kp";
inline constexpr char kKindCa[] = "ca-key";

QString str(const char *latin1);
// mkdir with mode 0700 (parents as the umask says); true when it exists already.
bool makePrivateDir(const QString &path, QString *error);
// Makes a new entry's directory (as makePrivateDir) and writes its files with write(); when
// that fails, removes the directory again. The error text ("DIR: cannot write WHAT"), or empty.
QString writeEntry(const QString &dir, const QString &what, const std::function<bool()> &write);
// Removes an entry's directory: the directory, or "DIR: cannot remove".
Expected<QString, QString> removeEntry(const QString &dir);
// Reads a locked-key file and opens it with the provider's passphrase, retrying when it can.
Expected<SecretBuffer, QString> openLocked(const QString &path, const QString &kind,
                                           const QString &subject, PassphraseProvider *provider,
                                           QByteArray *publicKey);
// Asks the provider for a new passphrase and seals the secret with it.
Expected<QByteArray, QString> sealWith(PassphraseProvider *provider, const QString &subject,
                                       const QString &kind, const QByteArray &publicKey,
                                       const SecretBuffer &secret, lockedkey::Strength strength);
// "PATH: the secret key does not belong to OWNER", for a locked key that opens to another key.
QString keyMismatch(const QString &path, const QString &owner);

// A key that the profile keeps plain or locked. Plain: readPlain(keyPath). Locked: the file
// opened with the provider's passphrase, then fromSecret(public key of the file, secret), which
// gives nullopt when the secret does not belong to `owner`.
template <typename Key, typename ReadPlain, typename FromSecret>
Expected<Key, QString> unlockKey(const QString &keyPath, bool locked, const QString &kind,
                                 const QString &subject, const QString &owner,
                                 PassphraseProvider *provider, ReadPlain readPlain,
                                 FromSecret fromSecret) {
    if (!locked) {
        auto key = readPlain(keyPath);
        if (!key)
            return unexpected(key.error().message);
        return std::move(key).value();
    }
    QByteArray publicKey;
    auto secret = openLocked(keyPath, kind, subject, provider, &publicKey);
    if (!secret)
        return unexpected(secret.error());
    std::optional<Key> key = fromSecret(publicKey, std::move(secret).value());
    if (!key)
        return unexpected(keyMismatch(keyPath, owner));
    return std::move(*key);
}

// The valid names among a directory's subdirectories, sorted.
QStringList subdirectories(const QString &path);
// "NAME is not a valid name (the rule)" for a name Profile::isValidName() refuses, else empty.
QString nameError(const QString &name);

// Loads every entry under dir with load(name) -> Expected<T, QString>: the loaded ones, and the
// errors of the others in *problems when given.
template <typename T, typename Load>
QList<T> loadEach(const QString &dir, QStringList *problems, Load load) {
    QList<T> list;
    for (const QString &name : subdirectories(dir)) {
        auto item = load(name);
        if (item)
            list << std::move(item).value();
        else if (problems)
            *problems << item.error();
    }
    return list;
}

} // namespace sws::profile_p
