#include "dialogs/newidentitydialog.h"

#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLineEdit>

namespace sws::ui {

NewIdentityDialog::NewIdentityDialog(const Profile &profile, QWidget *parent)
    : DialogBase(tr("New identity"), parent)
    , m_profile(profile)
    , m_name(new QLineEdit(this)) {
    setObjectName(QStringLiteral("newIdentityDialog"));
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("e.g. laptop"));
    m_name->setToolTip(Profile::nameRule());
    form()->addRow(tr("Name:"), m_name);
    m_pass.addTo(form(), this, tr("Passphrase (optional):"));
    watch(m_name, &QLineEdit::textChanged);
    watch(m_pass.first, &QLineEdit::textChanged);
    watch(m_pass.repeat, &QLineEdit::textChanged);
    revalidate();
}

bool NewIdentityDialog::validate(QString *error) const {
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        *error = tr("Give the identity a name.");
        return false;
    }
    if (!Profile::isValidName(name)) {
        *error = tr("The name may hold %1.").arg(Profile::nameRule());
        return false;
    }
    if (QFileInfo::exists(m_profile.identityDirectory(name))) {
        *error = tr("An identity named %1 exists already.").arg(name);
        return false;
    }
    return m_pass.check(error);
}

QString NewIdentityDialog::readyText() const {
    return m_pass.isSet()
               ? tr("A new key pair will be stored in %1, encrypted with the passphrase.")
                     .arg(QDir::toNativeSeparators(m_profile.directory()))
               : tr("A new key pair will be stored in %1 without a passphrase (readable by "
                    "anyone who can read your files).")
                     .arg(QDir::toNativeSeparators(m_profile.directory()));
}

bool NewIdentityDialog::apply(QString *error) {
    std::unique_ptr<FixedPassphrase> pass;
    if (m_pass.isSet())
        pass = std::make_unique<FixedPassphrase>(m_pass.text());
    auto id = m_profile.addIdentity(m_name->text().trimmed(), BoxKeyPair::generate(), pass.get());
    if (!id) {
        *error = id.error();
        return false;
    }
    m_created = std::move(id).value();
    return true;
}

} // namespace sws::ui
