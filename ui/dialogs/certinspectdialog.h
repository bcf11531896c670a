#pragma once

#include "cert/naclcert.h"
#include "dialogs/dialogbase.h"
#include "dialogs/formfields.h"
#include "profile/profile.h"

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace sws {
class TrustStore;
}

namespace sws::ui {

class VerdictModel;

// Reads a certificate file and shows every validation rule as passed or failed, against a CA
// of the trust store or the profile, or a CA certificate file; optionally also checks a host
// name or IP address. Writes nothing.
class CertInspectDialog : public DialogBase {
    Q_OBJECT
public:
    CertInspectDialog(const Profile &profile, const TrustStore *store, QWidget *parent = nullptr);
    PathField *certField() const { return m_cert; }
    QComboBox *caCombo() const { return m_caChoice; }
    PathField *caFileField() const { return m_caFile; }
    QLineEdit *hostEdit() const { return m_host; }
    QLabel *summaryLabel() const { return m_summary; }
    QTableView *rulesView() const { return m_view; }
    VerdictModel *rulesModel() const { return m_model; }
    const std::optional<cert::Verdict> &verdict() const { return m_verdict; }

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    void recheck();
    std::optional<cert::Certificate> chosenCa(QString *error) const;

    QList<cert::Certificate> m_knownCas; // items of m_caChoice after the first two
    PathField *m_cert;
    QComboBox *m_caChoice;
    PathField *m_caFile;
    QLineEdit *m_host;
    QLabel *m_summary;
    QTableView *m_view;
    VerdictModel *m_model;
    std::optional<cert::Verdict> m_verdict;
    QString m_loadError;
};

} // namespace sws::ui
