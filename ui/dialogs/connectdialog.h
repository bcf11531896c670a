#pragma once

#include "connections/clientconnection.h"
#include "dialogs/dialogbase.h"
#include "profile/profile.h"
#include "window/appsettings.h"

class QComboBox;
class QRadioButton;
class QCheckBox;

namespace sws::ui {

class PathField;

// Connect…: a ws:// URL, the protocol version, our identity (a fresh key pair, an identity of
// the profile with its certificate, or a box-kp.json, with a certificate for servers that
// require one) and the CA we trust (a file, or the trust store's CAs when none is picked). A
// server joined without files is remembered (ClientOptions::remember) and joined at start.
class ConnectDialog : public DialogBase {
    Q_OBJECT
public:
    // profile: its identities are offered; trustedCas: how many CAs the trust store has (then a
    // version 2 connection needs no CA file).
    explicit ConnectDialog(const QList<RecentEntry> &recent, QWidget *parent = nullptr,
                           const Profile *profile = nullptr, int trustedCas = 0);
    void load(const RecentEntry &e);
    ClientOptions takeOptions() { return std::move(m_options); }
    RecentEntry entry() const;

protected:
    // Nothing to check before OK: apply() checks the inputs and loads the files they name,
    // keeping the dialog open with the reason when one is unusable.
    bool validate(QString *) const override { return true; }
    bool apply(QString *error) override;

private:
    void updateEnabled();

    QList<RecentEntry> m_recent;
    QComboBox *m_url;
    QComboBox *m_version;
    QRadioButton *m_fresh;
    QRadioButton *m_fromFile;
    QRadioButton *m_fromProfile;
    QComboBox *m_identity; // the profile's identities
    std::optional<Profile> m_profile;
    int m_trustedCas = 0;
    PathField *m_key;
    PathField *m_cert;
    PathField *m_ca;
    QCheckBox *m_checkEndpoint;
    ClientOptions m_options;
};

} // namespace sws::ui
