#include "dialogs/joininvitationdialog.h"

#include "crypto/crypto.h"
#include "window/theme.h"

#include <QFormLayout>
#include <QLineEdit>

namespace sws::ui {

JoinInvitationDialog::JoinInvitationDialog(QWidget *parent)
    : DialogBase(tr("Join by invitation"), parent)
    , m_link(new QLineEdit(this)) {
    setObjectName(QStringLiteral("joinInvitationDialog"));
    m_link->setObjectName(QStringLiteral("joinLink"));
    m_link->setPlaceholderText(tr("sws-invite:1/…"));
    m_link->setMinimumWidth(420);
    form()->addRow(tr("Invitation link"), m_link);
    watch(m_link, &QLineEdit::textChanged);
    revalidate();
}

void JoinInvitationDialog::setLink(const QString &link) {
    m_link->setText(link);
}

bool JoinInvitationDialog::validate(QString *error) const {
    if (m_link->text().trimmed().isEmpty()) {
        *error = tr("Paste the link you were sent.");
        return false;
    }
    const auto inv = decode(m_link->text());
    if (!inv) {
        const QString s = invitationErrorString(inv.error());
        *error = s.left(1).toUpper() + s.mid(1) + QLatin1Char('.');
        return false;
    }
    return true;
}

QString JoinInvitationDialog::readyText() const {
    const auto inv = decode(m_link->text());
    if (!inv)
        return {};
    return tr("%1 at %2 (version %3). Only the room key %4 will be accepted.")
        .arg(inv->title.isEmpty() ? tr("A room") : tr("“%1”").arg(theme::escape(inv->title)),
             theme::escape(inv->url.toDisplayString()))
        .arg(inv->version)
        .arg(fingerprint(inv->serverKey));
}

bool JoinInvitationDialog::apply(QString *error) {
    auto inv = decode(m_link->text());
    if (!inv) {
        *error = invitationErrorString(inv.error());
        return false;
    }
    m_invitation = std::move(*inv);
    return true;
}

} // namespace sws::ui
