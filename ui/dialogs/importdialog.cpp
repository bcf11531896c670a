#include "dialogs/importdialog.h"

#include "cert/keyfiles.h"
#include "trust/trustservice.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTime>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRadioButton>

namespace sws::ui {

ImportDialog::ImportDialog(const Profile &profile, TrustService *service, QWidget *parent)
    : DialogBase(tr("Import keys"), parent)
    , m_profile(profile)
    , m_service(service)
    , m_identityKind(new QRadioButton(tr("Identity (box-kp.json)"), this))
    , m_caKind(new QRadioButton(tr("CA (NAME-ca-cert.json)"), this))
    , m_name(new QLineEdit(this))
    , m_file(new PathField(PathField::Mode::Open, tr("box-kp.json"), this))
    , m_caKey(new PathField(PathField::Mode::Open, tr("optional: NAME-ca-key.json"), this))
    , m_trust(new QCheckBox(tr("Trust this CA for connections (version 2)"), this)) {
    setObjectName(QStringLiteral("importDialog"));
    m_name->setObjectName(QStringLiteral("name"));
    m_file->setObjectName(QStringLiteral("file"));
    m_caKey->setObjectName(QStringLiteral("caKey"));
    m_trust->setObjectName(QStringLiteral("trust"));
    m_trust->setVisible(service != nullptr);
    auto *kinds = new QWidget(this);
    auto *row = new QHBoxLayout(kinds);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_identityKind);
    row->addWidget(m_caKind);
    auto *group = new QButtonGroup(this);
    group->addButton(m_identityKind);
    group->addButton(m_caKind);
    m_identityKind->setChecked(true);
    form()->addRow(tr("Import:"), kinds);
    form()->addRow(tr("File:"), m_file);
    form()->addRow(tr("CA key:"), m_caKey);
    form()->addRow(tr("Name in the profile:"), m_name);
    m_pass.addTo(form(), this, tr("Passphrase (optional):"));
    form()->addRow(QString(), m_trust);
    watch(m_identityKind, &QRadioButton::toggled);
    watch(m_name, &QLineEdit::textChanged);
    watch(m_file, &PathField::pathChanged);
    watch(m_caKey, &PathField::pathChanged);
    watch(m_pass.first, &QLineEdit::textChanged);
    watch(m_pass.repeat, &QLineEdit::textChanged);
    connect(m_identityKind, &QRadioButton::toggled, this, &ImportDialog::updateKind);
    updateKind();
    revalidate();
}

void ImportDialog::updateKind() {
    const bool ca = m_caKind->isChecked();
    m_caKey->setEnabled(ca);
    m_trust->setEnabled(ca);
    m_file->lineEdit()->setPlaceholderText(ca ? tr("NAME-ca-cert.json") : tr("box-kp.json"));
}

bool ImportDialog::validate(QString *error) const {
    const bool ca = m_caKind->isChecked();
    if (m_file->path().isEmpty()) {
        *error = ca ? tr("Choose the CA certificate file.") : tr("Choose the box-kp.json file.");
        return false;
    }
    if (ca) {
        auto c = keyfiles::readCertificate(m_file->path());
        if (!c) {
            *error = c.error().message;
            return false;
        }
        const cert::Verdict v = cert::validate(*c, nullptr, QDateTime::currentMSecsSinceEpoch());
        if (!c->isSelfSigned() || !v.valid) {
            *error = tr("Not a valid CA certificate: %1")
                         .arg(c->isSelfSigned() ? v.message : tr("not self-signed"));
            return false;
        }
        if (!m_caKey->path().isEmpty()) {
            auto key = keyfiles::readCaKey(m_caKey->path());
            if (!key) {
                *error = key.error().message;
                return false;
            }
            if (key->cert.publicKey() != c->publicKey()) {
                *error = tr("The CA key belongs to another CA certificate.");
                return false;
            }
        }
    } else if (auto kp = keyfiles::readBoxKeyPair(m_file->path()); !kp) {
        *error = kp.error().message;
        return false;
    }
    const QString name = m_name->text().trimmed();
    if (name.isEmpty() || !Profile::isValidName(name)) {
        *error = name.isEmpty() ? tr("Give it a name in the profile.")
                                : tr("The name may hold %1.").arg(Profile::nameRule());
        return false;
    }
    const QString dir = ca ? m_profile.caDirectory(name) : m_profile.identityDirectory(name);
    if (QFileInfo::exists(dir)) {
        *error = tr("%1 exists already in the profile.").arg(name);
        return false;
    }
    if (m_pass.isSet() && ca && m_caKey->path().isEmpty()) {
        *error = tr("A passphrase protects a secret key: choose the CA key file, or leave the "
                    "passphrase empty.");
        return false;
    }
    return m_pass.check(error);
}

bool ImportDialog::apply(QString *error) {
    std::unique_ptr<FixedPassphrase> pass;
    if (m_pass.isSet())
        pass = std::make_unique<FixedPassphrase>(m_pass.text());
    const QString name = m_name->text().trimmed();
    if (m_identityKind->isChecked()) {
        auto id = m_profile.importIdentity(name, m_file->path(), pass.get());
        if (!id)
            *error = id.error();
        return bool(id);
    }
    auto c = keyfiles::readCertificate(m_file->path());
    std::optional<cert::CaKey> key;
    if (!m_caKey->path().isEmpty()) {
        auto k = keyfiles::readCaKey(m_caKey->path());
        if (!k) {
            *error = k.error().message;
            return false;
        }
        key = std::move(k).value();
    }
    if (!c) {
        *error = c.error().message;
        return false;
    }
    auto added = m_profile.addCa(name, *c, key ? &key->secretKey : nullptr, pass.get());
    if (!added) {
        *error = added.error();
        return false;
    }
    if (m_service && m_trust->isChecked()) {
        QString trustError;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto saved = m_service->writeAndWait([&](TrustStore &s) {
            if (auto id = s.trustCa(*c, now); !id)
                trustError = id.error();
        });
        if (saved && !trustError.isEmpty())
            saved = unexpected(trustError);
        if (!saved) {
            *error = tr("The CA was imported, but could not be trusted: %1").arg(saved.error());
            return false;
        }
    }
    return true;
}

} // namespace sws::ui
