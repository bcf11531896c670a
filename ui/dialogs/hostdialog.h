#pragma once

#include "connections/hostedroom.h"
#include "dialogs/dialogbase.h"
#include "window/appsettings.h"

class QLineEdit;
class QSpinBox;
class QComboBox;
class QCheckBox;
class QLabel;

namespace sws::ui {

class PathField;

// Host…: address (this machine's loopback and LAN addresses offered, so that an invitation
// names one the other person can reach), port (0 = any), path, version, the room's certificate, key
// pair and CA (version 2, nacl-cert files or a throwaway CA made in memory), requireCert, relay
// mode.
class HostDialog : public DialogBase {
    Q_OBJECT
public:
    explicit HostDialog(QWidget *parent = nullptr);
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
    void updateEnabled();
    void updateReach();

    QLineEdit *m_title;
    QComboBox *m_address; // editable; lists this machine's addresses
    QLabel *m_reach;      // who can reach the chosen address
    QSpinBox *m_port;
    QLineEdit *m_path;
    QComboBox *m_version;
    QCheckBox *m_demoCa;
    PathField *m_cert;
    PathField *m_key;
    PathField *m_ca;
    QCheckBox *m_requireCert;
    QComboBox *m_relay;
    RoomOptions m_options;
};

} // namespace sws::ui
