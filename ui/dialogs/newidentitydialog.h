#pragma once

#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "profile/profile.h"

class QLineEdit;

namespace sws::ui {

// Makes a new identity (box key pair) in the profile, optionally passphrase-protected.
class NewIdentityDialog : public DialogBase {
    Q_OBJECT
public:
    explicit NewIdentityDialog(const Profile &profile, QWidget *parent = nullptr);
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *passphraseEdit() const { return m_pass.first; }
    QLineEdit *repeatEdit() const { return m_pass.repeat; }
    const std::optional<Profile::Identity> &created() const { return m_created; }

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    Profile m_profile;
    QLineEdit *m_name;
    PassphraseFields m_pass;
    std::optional<Profile::Identity> m_created;
};

} // namespace sws::ui
