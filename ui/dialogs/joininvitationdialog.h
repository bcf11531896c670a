#pragma once

#include "dialogs/dialogbase.h"
#include "trust/invitation.h"

class QLineEdit;

namespace sws::ui {

// Join by invitation…: a pasted sws-invite: link, checked while typing (a truncated or
// mistyped link says so); OK joins the room it names, accepting only its key.
class JoinInvitationDialog : public DialogBase {
    Q_OBJECT
public:
    explicit JoinInvitationDialog(QWidget *parent = nullptr);
    void setLink(const QString &link);
    QLineEdit *linkEdit() const { return m_link; }
    // Valid after accept().
    Invitation invitation() const { return m_invitation; }

protected:
    bool validate(QString *error) const override;
    bool apply(QString *error) override;
    QString readyText() const override;

private:
    QLineEdit *m_link;
    Invitation m_invitation;
};

} // namespace sws::ui
