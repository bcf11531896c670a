#pragma once

#include "crypto/expected.h"
#include "crypto/secretbuffer.h"

#include <QString>

// How protocol/ gets a passphrase without prompting anybody itself (XCA's PwDialogCore
// pattern): the CLI answers from a terminal prompt, a file or the environment, the GUI with a
// dialog, tests with a fixed value.
namespace sws {

// Passphrases shorter than this are refused when a key is protected.
inline constexpr int kMinPassphraseChars = 8;

struct PassphraseRequest {
    enum class Purpose {
        Unlock, // open an existing protected key
        Create  // protect a key: the provider confirms the passphrase (asks twice) itself
    };
    Purpose purpose = Purpose::Unlock;
    QString subject;     // what it is for, e.g. "identity alice" or "CA acme"
    QString retryReason; // empty on the first attempt, e.g. "wrong passphrase" after that
};

class PassphraseProvider {
public:
    virtual ~PassphraseProvider() = default;
    // The passphrase as UTF-8 bytes, or a readable reason why there is none (cancelled, no
    // terminal). The bytes are wiped when the buffer goes.
    [[nodiscard]] virtual Expected<SecretBuffer, QString>
    passphrase(const PassphraseRequest &request) = 0;
    // False when asking again would give the same answer (files, environment, fixed values):
    // a wrong passphrase then fails at once instead of being retried.
    virtual bool canRetry() const { return true; }
};

// Always the same passphrase: --passphrase-file, SWS_PASSPHRASE, a dialog's field, tests.
class FixedPassphrase : public PassphraseProvider {
public:
    explicit FixedPassphrase(const QString &passphrase);
    explicit FixedPassphrase(SecretBuffer utf8)
        : m_utf8(std::move(utf8)) {}
    Expected<SecretBuffer, QString> passphrase(const PassphraseRequest &) override {
        return m_utf8.clone();
    }
    bool canRetry() const override { return false; }

private:
    SecretBuffer m_utf8;
};

// Counts characters (code points) of a UTF-8 passphrase, for the minimum length rule.
int passphraseLength(const SecretBuffer &utf8);

} // namespace sws
