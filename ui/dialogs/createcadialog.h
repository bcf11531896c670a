#pragma once

#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "profile/profile.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sws {
class TrustService;
}

namespace sws::ui {

// "until 2026-11-26 01:52 UTC" for a validity of days from now.
QString validUntilText(int days);

// Makes a certificate authority (self-signed nacl-cert CA and its Ed25519 key) in the profile,
// optionally passphrase-protected, and optionally trusts it at once.
class CreateCaDialog : public DialogBase {
    Q_OBJECT
public:
    // service may be null: then the "trust it" choice is not offered. Trusting waits for the
    // write, to report its error in the dialog.
    CreateCaDialog(const Profile &profile, TrustService *service, QWidget *parent = nullptr);
    QLineEdit *nameEdit() const { return m_name; }
    QSpinBox *daysSpin() const { return m_days; }
    QLabel *untilLabel() const { return m_until; }
    QLineEdit *passphraseEdit() const { return m_pass.first; }
    QLineEdit *repeatEdit() const { return m_pass.repeat; }
    QCheckBox *trustCheck() const { return m_trust; }
    const std::optional<Profile::Ca> &created() const { return m_created; }

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    Profile m_profile;
    TrustService *m_service; // the CA is trusted through it (may be null)
    QLineEdit *m_name;
    QSpinBox *m_days;
    QLabel *m_until;
    PassphraseFields m_pass;
    QCheckBox *m_trust;
    std::optional<Profile::Ca> m_created;
};

} // namespace sws::ui
