#pragma once

#include "connections/hostedroom.h"
#include "dialogs/dialogbase.h"
#include "profile/profile.h"
#include "window/appsettings.h"

#include <optional>

class QLineEdit;
class QSpinBox;
class QComboBox;
class QCheckBox;
class QLabel;

namespace sws::ui {

class PathField;

// Host…: address (this machine's loopback and LAN addresses offered, so that an invitation
// names one the other person can reach), port (0 = any), path, version, the room's key (an
// identity of the profile, a new one saved there, or a box-kp.json), its certificate and CA
// (version 2: the identity's certificate and the profile's CAs, nacl-cert files, or a
// throwaway CA made in memory), requireCert, relay mode. A room whose key and CA come from the
// profile is remembered (RoomOptions::remember) and opened again at start.
class HostDialog : public DialogBase {
    Q_OBJECT
public:
    // profile: where identities and CAs are offered and new identities saved; null: files only.
    explicit HostDialog(QWidget *parent = nullptr, const Profile *profile = nullptr);
    void load(const RecentEntry &e);
    // Valid after accept(): moves the loaded keys out.
    RoomOptions takeOptions() { return std::move(m_options); }
    RecentEntry entry() const;
    // Loopback first, then this machine's LAN addresses, then 0.0.0.0; each with who can reach
    // it.
    static QList<QPair<QHostAddress, QString>> localAddresses();

protected:
    // Nothing to check before OK: apply() checks the inputs and loads the files they name,
    // keeping the dialog open with the reason when one is unusable.
    bool validate(QString *) const override { return true; }
    bool apply(QString *error) override;

private:
    // What the identity choice holds in Qt::UserRole + 1.
    enum class KeySource { Identity, NewSaved, NewWithDialog, Fresh };
    void fillIdentities(const QString &select = {});
    void onIdentityChosen();
    QString unusedIdentityName() const;
    void updateEnabled();
    void updateReach();

    QLineEdit *m_title;
    QComboBox *m_address; // editable; lists this machine's addresses
    QLabel *m_reach;      // who can reach the chosen address
    QSpinBox *m_port;
    QLineEdit *m_path;
    QComboBox *m_version;
    QComboBox *m_identity; // the profile's identities, "new, saved", "New identity…", fresh
    QComboBox *m_caChoice; // the profile's CAs, then "file below"
    QCheckBox *m_openAtStart;
    std::optional<Profile> m_profile;
    int m_lastIdentity = 0;
    QCheckBox *m_demoCa;
    PathField *m_cert;
    PathField *m_key;
    PathField *m_ca;
    QCheckBox *m_requireCert;
    QComboBox *m_relay;
    RoomOptions m_options;
};

} // namespace sws::ui
