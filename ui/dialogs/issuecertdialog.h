#pragma once

#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "profile/profile.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace sws::ui {

// Issues a certificate with one of the profile's CAs for an identity of the profile (saved as
// its certificate) or for the public key in a file (saved to a new file).
class IssueCertDialog : public DialogBase {
    Q_OBJECT
public:
    // passphrases unlocks a protected CA key when OK is pressed.
    IssueCertDialog(const Profile &profile, PassphraseProvider *passphrases,
                    QWidget *parent = nullptr);
    QComboBox *caCombo() const { return m_ca; }
    QRadioButton *identityRadio() const { return m_forIdentity; }
    QRadioButton *fileRadio() const { return m_forFile; }
    QComboBox *identityCombo() const { return m_identity; }
    PathField *keyFileField() const { return m_keyFile; }
    QLineEdit *namesEdit() const { return m_names; }
    QLineEdit *ipsEdit() const { return m_ips; }
    QLineEdit *macsEdit() const { return m_macs; }
    QSpinBox *daysSpin() const { return m_days; }
    QLabel *untilLabel() const { return m_until; }
    QCheckBox *replaceCheck() const { return m_replace; }
    PathField *outField() const { return m_out; }
    QString writtenPath() const { return m_written; }

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    bool checkLists(QStringList *names, QStringList *ips, QStringList *macs, QString *error) const;
    std::optional<Profile::Ca> selectedCa() const;
    void updateSubject();

    Profile m_profile;
    PassphraseProvider *m_passphrases;
    QComboBox *m_ca;
    QRadioButton *m_forIdentity, *m_forFile;
    QComboBox *m_identity;
    PathField *m_keyFile;
    QLineEdit *m_names, *m_ips, *m_macs;
    QSpinBox *m_days;
    QLabel *m_until;
    QCheckBox *m_replace;
    PathField *m_out;
    QString m_written;
};

} // namespace sws::ui
