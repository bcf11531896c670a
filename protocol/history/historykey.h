#pragma once

#include "crypto/expected.h"
#include "crypto/secretbuffer.h"
#include "profile/passphrase.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

// The 32-byte key of the history database (historystore.h), kept one of two ways:
//
//  - wrapped by a passphrase: PROFILE/history-key.locked.json, the same format as protected
//    identities (lockedkey.h, Argon2id + secretbox, kind "history-key"); or
//  - in the OS keychain (QtKeychain: Secret Service / KWallet, macOS Keychain, Windows
//    Credential Store), service "sws-desktop", one entry per profile directory.
//
// When neither is possible the caller gets an error: the history is never written unencrypted.
namespace sws::historykey {

inline constexpr char kKind[] = "history-key";
QString lockedKeyPath(const QString &profileDir);
// The keychain entry's name for a profile directory (its absolute path).
QString keychainAccount(const QString &profileDir);

// Where keychain entries live; OsKeychain in the programs, fakes in tests.
class SecretStore {
public:
    virtual ~SecretStore() = default;
    // nullopt when there is no entry; an error when the keychain cannot be asked.
    [[nodiscard]] virtual Expected<std::optional<SecretBuffer>, QString>
    read(const QString &account) = 0;
    [[nodiscard]] virtual Expected<bool, QString> write(const QString &account,
                                                        const SecretBuffer &secret) = 0;
    [[nodiscard]] virtual Expected<bool, QString> remove(const QString &account) = 0;
};

// QtKeychain's jobs, waited for in a local event loop (at most timeoutMs each): for the CLI.
// A GUI uses readAsync()/writeAsync() instead, on its own thread. Use the keychain from one
// thread only: on Linux libsecret stays bound to the thread that first used it, and jobs
// started from another thread never finish.
class OsKeychain : public SecretStore {
public:
    explicit OsKeychain(int timeoutMs = 15000)
        : m_timeoutMs(timeoutMs) {}
    Expected<std::optional<SecretBuffer>, QString> read(const QString &account) override;
    Expected<bool, QString> write(const QString &account, const SecretBuffer &secret) override;
    Expected<bool, QString> remove(const QString &account) override;

    // The same without waiting: done runs later from context's event loop (never when context
    // has gone), with a timeout error after timeoutMs.
    using ReadDone = std::function<void(Expected<std::optional<SecretBuffer>, QString>)>;
    using WriteDone = std::function<void(Expected<bool, QString>)>;
    void readAsync(const QString &account, QObject *context, ReadDone done) const;
    void writeAsync(const QString &account, const SecretBuffer &secret, QObject *context,
                    WriteDone done) const;

private:
    int m_timeoutMs;
};

// Why no new key may be made for profileDir (a history database exists without its key), or
// an empty string.
QString cannotCreateReason(const QString &profileDir);

enum class Protection { Passphrase, Keychain };

struct Loaded {
    SecretBuffer key;
    Protection protection = Protection::Keychain;
    bool created = false;
};

// The profile's history key: from the locked file when there is one (asking passphrase),
// else from the keychain. When there is none yet and create is true, a new random key is made
// and kept: wrapped by protectWith's passphrase when protectWith is given, else in the
// keychain. Errors are one readable line (no key bytes).
[[nodiscard]] Expected<Loaded, QString> load(const QString &profileDir,
                                             PassphraseProvider *passphrase, SecretStore *keychain,
                                             bool create,
                                             PassphraseProvider *protectWith = nullptr);

} // namespace sws::historykey
