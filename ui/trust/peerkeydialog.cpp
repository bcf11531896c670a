#include "trust/peerkeydialog.h"

#include "window/theme.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sws::ui {

namespace {

QString fingerprintBlock(const QString &label, const QByteArray &key) {
    return QStringLiteral("<p>%1<br><span style=\"font-family: monospace; font-size: large;\">"
                          "%2</span></p>")
        .arg(theme::escape(label), fingerprint(key));
}

} // namespace

PeerKeyDialog::PeerKeyDialog(const PinningVerifier::Outcome &o, const PeerIdentity &peer,
                             QWidget *parent)
    : QDialog(parent)
    , m_mode(o.error == SessionError::PeerKeyChanged ? Mode::ChangedKey : Mode::NewKey)
    , m_text(new QLabel(this)) {
    setObjectName(QStringLiteral("peerKeyDialog"));
    m_text->setObjectName(QStringLiteral("explanation"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QString endpoint = theme::escape(theme::sanitize(o.endpoint, 120));
    auto *buttons = new QDialogButtonBox(this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    QString html;
    if (m_mode == Mode::ChangedKey) {
        setWindowTitle(tr("Server key changed"));
        html = tr("<p><b>The server at %1 presented a different key than the one pinned for "
                  "it.</b> The connection was refused and nothing was sent.</p>")
                   .arg(endpoint) +
               fingerprintBlock(o.pinnedVerified ? tr("Pinned key (you had verified it):")
                                                 : tr("Pinned key:"),
                                o.pinnedKey) +
               fingerprintBlock(tr("Key presented now:"), o.presentedKey) +
               tr("<p>Either the server's key was replaced, or someone is intercepting the "
                  "connection. Ask the owner of the server whether the key changed and compare "
                  "the new fingerprint. Only then forget the old key and connect again; you "
                  "will be asked about the new one.</p>");
        m_forget = buttons->addButton(tr("Forget the old key"), QDialogButtonBox::DestructiveRole);
        m_forget->setObjectName(QStringLiteral("forget"));
        buttons->addButton(QDialogButtonBox::Close);
        connect(m_forget, &QPushButton::clicked, this, [this, o] {
            Q_EMIT forgetPinRequested(o.endpoint);
            accept();
        });
    } else {
        setWindowTitle(tr("New server key"));
        html = tr("<p><b>First connection to %1 with this key.</b> Nothing has been sent "
                  "yet.</p>")
                   .arg(endpoint) +
               fingerprintBlock(tr("Key fingerprint:"), o.presentedKey);
        if (peer.verdict)
            html += peer.verdict->valid
                        ? tr("<p>Its certificate is valid (CA %1).</p>")
                              .arg(theme::escape(theme::sanitize(
                                  peer.certificate ? peer.certificate->caName() : QString(), 60)))
                        : tr("<p>Its certificate did not validate: %1</p>")
                              .arg(theme::escape(theme::sanitize(peer.verdict->message, 200)));
        html += tr("<p>Compare the fingerprint with the one the server's owner gave you (in "
                   "person or by phone). If you trust it, its key is pinned: a different key "
                   "for this server will be refused.</p>");
        m_verified = new QCheckBox(tr("I compared the fingerprint and it matches"), this);
        m_verified->setObjectName(QStringLiteral("verified"));
        layout->addWidget(m_verified);
        m_trust = buttons->addButton(tr("Trust and connect"), QDialogButtonBox::AcceptRole);
        m_trust->setObjectName(QStringLiteral("trust"));
        buttons->addButton(QDialogButtonBox::Cancel);
        buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    }
    m_text->setText(html);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(480);
}

QString PeerKeyDialog::text() const {
    return m_text->text();
}

bool PeerKeyDialog::markVerified() const {
    return m_verified && m_verified->isChecked();
}

} // namespace sws::ui
