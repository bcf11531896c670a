#pragma once

#include "dialogs/dialogbase.h"
#include "trust/trustservice.h"
#include "trust/truststore.h"

class QTableView;
class QMessageBox;

namespace sws::ui {

class PinModel;
class TrustedCaModel;

// Manages the trust store: CAs (enable with the checkbox, add from a file, remove; the
// reference's built-in root is listed and can only be disabled) and pinned server keys
// (fingerprint, verified flag, remove, mark verified after comparing). Works on a copy of the
// service's snapshot; OK saves the differences and waits for the write, to report its error.
class TrustManagerDialog : public DialogBase {
    Q_OBJECT
public:
    explicit TrustManagerDialog(TrustService &trust, QWidget *parent = nullptr);
    QTableView *caView() const { return m_caView; }
    QTableView *pinView() const { return m_pinView; }
    TrustedCaModel *caModel() const { return m_caModel; }
    PinModel *pinModel() const { return m_pinModel; }
    const TrustStore &working() const { return m_work; }

    // The buttons' actions, on the selected row.
    bool addCaFile(const QString &path, QString *error);
    bool removeSelectedCa(QString *error);
    bool removeSelectedPin(QString *error);
    // Asks (a message box showing the fingerprint) and marks the pin verified on Yes.
    QMessageBox *confirmVerifySelectedPin();

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    void changed();
    int selectedRow(QTableView *view) const;

    TrustService &m_service;
    TrustStore m_before; // as the dialog showed it first (or after the last OK)
    TrustStore m_work;
    TrustedCaModel *m_caModel;
    PinModel *m_pinModel;
    QTableView *m_caView;
    QTableView *m_pinView;
    bool m_dirty = false;
};

} // namespace sws::ui
