#pragma once

#include "trust/invitation.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace sws::ui {

// Invite…: a hosted room's invitation link, as text to copy and as a QR code, with the key
// fingerprint the joiner will see. Read-only; the link is all the other person needs.
class InviteDialog : public QDialog {
    Q_OBJECT
public:
    explicit InviteDialog(const Invitation &invitation, QWidget *parent = nullptr);
    QString link() const { return m_link; }
    QLineEdit *linkEdit() const { return m_edit; }
    QLabel *qrLabel() const { return m_qr; }
    QPushButton *copyButton() const { return m_copy; }

private:
    QString m_link;
    QLineEdit *m_edit;
    QLabel *m_qr;
    QPushButton *m_copy;
};

} // namespace sws::ui
