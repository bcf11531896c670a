#pragma once

// Internals shared by profile.cpp and profile_cas.cpp.
#include "profile/passphrase.h"
#include "profile/profile.h"

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
// Reads a locked-key file and opens it with the provider's passphrase, retrying when it can.
Expected<SecretBuffer, QString> openLocked(const QString &path, const QString &kind,
                                           const QString &subject, PassphraseProvider *provider,
                                           QByteArray *publicKey);
// Asks the provider for a new passphrase and seals the secret with it.
Expected<QByteArray, QString> sealWith(PassphraseProvider *provider, const QString &subject,
                                       const QString &kind, const QByteArray &publicKey,
                                       const SecretBuffer &secret, lockedkey::Strength strength);
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
