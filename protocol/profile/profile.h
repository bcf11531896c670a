#pragma once

#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "crypto/expected.h"
#include "profile/lockedkey.h"
#include "profile/passphrase.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sws {

// The user's profile directory: identities, CAs and the trust store, shared by the GUI and
// the CLI. Layout (docs/profile.md); directories are created 0700, files holding secrets 0600:
//
//   PROFILE/
//     identities/NAME/box-kp.json          key pair, reference format (unprotected), or
//     identities/NAME/box-kp.locked.json   the same key protected by a passphrase (lockedkey.h)
//     identities/NAME/cert.json            optional certificate for this identity (version 2)
//     cas/NAME/ca-cert.json                CA certificate (reference NAME-ca-cert.json)
//     cas/NAME/ca-key.json                 optional CA key, reference NAME-ca-key.json, or
//     cas/NAME/ca-key.locked.json          the CA's Ed25519 secret key, passphrase-protected
//     trust.json                           trusted CAs and pinned keys (truststore.h)
//
// Every method reports failures as one readable line naming the file; none holds key bytes.
class Profile {
public:
    explicit Profile(const QString &directory);

    // QStandardPaths::AppDataLocation of the application "sws-desktop", whichever program
    // (sws or sws-desktop) asks.
    static QString defaultDirectory();
    // overrideDir when not empty (--profile), else $SWS_PROFILE when set, else the default.
    static QString resolveDirectory(const QString &overrideDir = {});

    QString directory() const { return m_dir; }
    QString trustStorePath() const;
    QString identityDirectory(const QString &name) const;
    QString caDirectory(const QString &name) const;

    // Creates the directory and its subdirectories (0700) if missing.
    [[nodiscard]] Expected<QString, QString> ensure() const;

    // Names of identities and CAs are also directory names: 1 to 64 of A-Z a-z 0-9 . _ -,
    // not starting with '.' or '-'.
    static bool isValidName(const QString &name);
    static QString nameRule();

    struct Identity {
        QString name;
        QByteArray publicKey;
        bool locked = false; // passphrase-protected
        QString keyPath;
        QString certPath; // empty when there is no certificate
        std::optional<cert::Certificate> certificate;
    };
    // Sorted by name; unreadable entries are skipped and described in *problems.
    QList<Identity> identities(QStringList *problems = nullptr) const;
    [[nodiscard]] Expected<Identity, QString> identity(const QString &name) const;
    // Stores a key pair under a new name, protected when protectWith is given (it is asked for
    // a new passphrase). Refuses an existing name.
    [[nodiscard]] Expected<Identity, QString>
    addIdentity(const QString &name, const BoxKeyPair &keyPair, PassphraseProvider *protectWith,
                lockedkey::Strength strength = lockedkey::Strength::Interactive) const;
    // The key pair; a protected one asks provider for the passphrase (retrying a few times
    // when the provider can).
    [[nodiscard]] Expected<BoxKeyPair, QString> unlockIdentity(const QString &name,
                                                               PassphraseProvider *provider) const;
    [[nodiscard]] Expected<QString, QString> setIdentityCertificate(const QString &name,
                                                                    const cert::Certificate &cert,
                                                                    bool overwrite) const;
    [[nodiscard]] Expected<QString, QString> removeIdentity(const QString &name) const;

    // Import from / export to the reference CLI's plain box-kp.json (byte-compatible).
    [[nodiscard]] Expected<Identity, QString> importIdentity(const QString &name,
                                                             const QString &boxKpPath,
                                                             PassphraseProvider *protectWith) const;
    // publicOnly writes {"publickey":[...]} (readable by keyfiles::readBoxPublicKey).
    [[nodiscard]] Expected<QString, QString> exportIdentity(const QString &name,
                                                            const QString &path, bool publicOnly,
                                                            PassphraseProvider *provider) const;

    struct Ca {
        QString name;
        cert::Certificate cert;
        bool hasKey = false;
        bool locked = false;
        QString certPath;
        QString keyPath; // empty without a key
    };
    QList<Ca> cas(QStringList *problems = nullptr) const;
    [[nodiscard]] Expected<Ca, QString> ca(const QString &name) const;
    // Stores a CA certificate (self-signed and valid) and, when given, its secret key
    // (protected when protectWith is given).
    [[nodiscard]] Expected<Ca, QString> addCa(const QString &name, const cert::Certificate &cert,
                                              const SecretBuffer *secretKey,
                                              PassphraseProvider *protectWith) const;
    [[nodiscard]] Expected<cert::CaKey, QString> unlockCa(const QString &name,
                                                          PassphraseProvider *provider) const;
    [[nodiscard]] Expected<QString, QString> removeCa(const QString &name) const;

private:
    QString m_dir;
};

} // namespace sws
