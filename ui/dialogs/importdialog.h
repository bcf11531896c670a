#pragma once

#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "profile/profile.h"

class QCheckBox;
class QLineEdit;
class QRadioButton;

namespace sws {
class TrustService;
}

namespace sws::ui {

// Brings the reference CLI's files into the profile: a box-kp.json as an identity, or a CA
// certificate (with its NAME-ca-key.json, if one has it) as a CA. The secret key may be
// protected with a passphrase on the way in.
class ImportDialog : public DialogBase {
    Q_OBJECT
public:
    ImportDialog(const Profile &profile, TrustService *service, QWidget *parent = nullptr);
    QRadioButton *identityRadio() const { return m_identityKind; }
    QRadioButton *caRadio() const { return m_caKind; }
    QLineEdit *nameEdit() const { return m_name; }
    PathField *fileField() const { return m_file; }
    PathField *caKeyField() const { return m_caKey; }
    QLineEdit *passphraseEdit() const { return m_pass.first; }
    QLineEdit *repeatEdit() const { return m_pass.repeat; }
    QCheckBox *trustCheck() const { return m_trust; }

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;

private:
    void updateKind();

    Profile m_profile;
    TrustService *m_service; // the CA is trusted through it (may be null)
    QRadioButton *m_identityKind, *m_caKind;
    QLineEdit *m_name;
    PathField *m_file;
    PathField *m_caKey;
    PassphraseFields m_pass;
    QCheckBox *m_trust;
};

} // namespace sws::ui
