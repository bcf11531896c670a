#include "dialogs/invitedialog.h"

#include "crypto/crypto.h"
#include "dialogs/qrimage.h"
#include "window/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sws::ui {

InviteDialog::InviteDialog(const Invitation &invitation, QWidget *parent)
    : QDialog(parent)
    , m_link(encode(invitation))
    , m_edit(new QLineEdit(m_link, this))
    , m_qr(new QLabel(this))
    , m_copy(new QPushButton(tr("&Copy link"), this)) {
    setObjectName(QStringLiteral("inviteDialog"));
    setWindowTitle(invitation.title.isEmpty() ? tr("Invite to the room")
                                              : tr("Invite to “%1”").arg(invitation.title));
    m_edit->setObjectName(QStringLiteral("inviteLink"));
    m_edit->setAccessibleName(tr("Invitation link"));
    m_edit->setReadOnly(true);
    m_edit->setCursorPosition(0);
    m_edit->setMinimumWidth(420);
    m_qr->setObjectName(QStringLiteral("inviteQr"));
    m_qr->setAlignment(Qt::AlignCenter);
    m_qr->setPixmap(QPixmap::fromImage(qrImage(m_link, 5)));
    m_copy->setObjectName(QStringLiteral("inviteCopy"));

    auto *intro = new QLabel(
        tr("Send this link to the person you invite (mail, chat, or let them scan the code). "
           "Their app opens it at the join step and accepts only this room's key, so nobody "
           "in between can pose as the room."),
        this);
    intro->setWordWrap(true);
    auto *details = new QLabel(tr("Address <code>%1</code> · version %2<br>Room key <b>%3</b>")
                                   .arg(theme::escape(invitation.url.toDisplayString()))
                                   .arg(invitation.version)
                                   .arg(fingerprint(invitation.serverKey)),
                               this);
    details->setObjectName(QStringLiteral("inviteDetails"));
    details->setTextFormat(Qt::RichText);
    details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *note = new QLabel(this);
    note->setWordWrap(true);
    const QHostAddress host(invitation.url.host());
    if (host.isLoopback())
        note->setText(tr("This room listens on a loopback address: only this machine can join. "
                         "To invite someone else, host the room on a LAN address."));
    note->setVisible(!note->text().isEmpty());

    auto *row = new QHBoxLayout;
    row->addWidget(m_edit, 1);
    row->addWidget(m_copy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(row);
    layout->addWidget(m_qr);
    layout->addWidget(details);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_link);
        m_copy->setText(tr("Copied"));
    });
}

} // namespace sws::ui
