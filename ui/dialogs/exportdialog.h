#pragma once

#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "profile/profile.h"

class QComboBox;

namespace sws::ui {

// Writes an identity or a CA of the profile in the reference CLI's files: box-kp.json (or
// only the public key), NAME-ca-cert.json or NAME-ca-key.json. Files with secret keys are
// written 0600 and never replace an existing file.
class ExportDialog : public DialogBase {
    Q_OBJECT
public:
    enum class What { IdentityKeyPair, IdentityPublicKey, CaCertificate, CaKey };
    Q_ENUM(What)

    // passphrases unlocks protected keys when OK is pressed.
    ExportDialog(const Profile &profile, PassphraseProvider *passphrases,
                 QWidget *parent = nullptr);
    QComboBox *whatCombo() const { return m_what; }
    QComboBox *sourceCombo() const { return m_source; }
    PathField *outField() const { return m_out; }
    void select(What what, const QString &name);

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    What what() const;
    void fillSources();

    Profile m_profile;
    PassphraseProvider *m_passphrases;
    QComboBox *m_what;
    QComboBox *m_source;
    PathField *m_out;
};

} // namespace sws::ui
