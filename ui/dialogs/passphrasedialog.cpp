#include "dialogs/passphrasedialog.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace sws::ui {

PassphraseDialog::PassphraseDialog(const PassphraseRequest &request, QWidget *parent)
    : DialogBase(request.purpose == PassphraseRequest::Purpose::Create ? tr("New passphrase")
                                                                       : tr("Passphrase"),
                 parent)
    , m_request(request) {
    setObjectName(QStringLiteral("passphraseDialog"));
    auto *what = new QLabel(this);
    what->setWordWrap(true);
    const bool create = request.purpose == PassphraseRequest::Purpose::Create;
    what->setText(create ? tr("Choose a passphrase to protect %1.").arg(request.subject)
                         : tr("%1 is protected by a passphrase.").arg(request.subject));
    form()->addRow(what);
    if (!request.retryReason.isEmpty()) {
        auto *retry = new QLabel(request.retryReason, this);
        retry->setWordWrap(true);
        form()->addRow(retry);
    }
    if (create) {
        m_fields.addTo(form(), this, tr("Passphrase:"));
        m_fields.first->setPlaceholderText(QString());
        watch(m_fields.repeat, &QLineEdit::textChanged);
    } else {
        m_fields.first = new QLineEdit(this);
        m_fields.first->setObjectName(QStringLiteral("passphrase"));
        m_fields.first->setEchoMode(QLineEdit::Password);
        form()->addRow(tr("Passphrase:"), m_fields.first);
    }
    watch(m_fields.first, &QLineEdit::textChanged);
    revalidate();
}

bool PassphraseDialog::validate(QString *error) const {
    if (m_fields.first->text().isEmpty()) {
        *error = tr("Enter the passphrase.");
        return false;
    }
    return m_fields.repeat ? m_fields.check(error) : true;
}

bool PassphraseDialog::apply(QString *) {
    return true;
}

SecretBuffer PassphraseDialog::take() {
    QByteArray utf8 = m_fields.first->text().toUtf8();
    SecretBuffer s(reinterpret_cast<const unsigned char *>(utf8.constData()),
                   static_cast<std::size_t>(utf8.size()));
    utf8.fill('\0');
    m_fields.first->clear();
    if (m_fields.repeat)
        m_fields.repeat->clear();
    return s;
}

Expected<SecretBuffer, QString>
DialogPassphraseProvider::passphrase(const PassphraseRequest &request) {
    PassphraseDialog dlg(request, m_parent);
    if (dlg.exec() != QDialog::Accepted)
        return unexpected(QObject::tr("cancelled"));
    return dlg.take();
}

} // namespace sws::ui
