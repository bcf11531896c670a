#include "dialogs/exportdialog.h"

#include "cert/keyfiles.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>

namespace sws::ui {

ExportDialog::ExportDialog(const Profile &profile, PassphraseProvider *passphrases, QWidget *parent)
    : DialogBase(tr("Export keys"), parent)
    , m_profile(profile)
    , m_passphrases(passphrases)
    , m_what(new QComboBox(this))
    , m_source(new QComboBox(this))
    , m_out(new PathField(PathField::Mode::Save, tr("where to write"), this)) {
    setObjectName(QStringLiteral("exportDialog"));
    m_what->setObjectName(QStringLiteral("what"));
    m_source->setObjectName(QStringLiteral("source"));
    m_out->setObjectName(QStringLiteral("out"));
    m_what->addItem(tr("Identity: key pair (box-kp.json, not protected)"),
                    QVariant::fromValue(What::IdentityKeyPair));
    m_what->addItem(tr("Identity: public key only"), QVariant::fromValue(What::IdentityPublicKey));
    m_what->addItem(tr("CA: certificate (NAME-ca-cert.json)"),
                    QVariant::fromValue(What::CaCertificate));
    m_what->addItem(tr("CA: certificate and secret key (NAME-ca-key.json, not protected)"),
                    QVariant::fromValue(What::CaKey));
    form()->addRow(tr("Export:"), m_what);
    form()->addRow(tr("From:"), m_source);
    form()->addRow(tr("To file:"), m_out);
    watch(m_what, &QComboBox::currentIndexChanged);
    watch(m_source, &QComboBox::currentIndexChanged);
    watch(m_out, &PathField::pathChanged);
    connect(m_what, &QComboBox::currentIndexChanged, this, &ExportDialog::fillSources);
    fillSources();
    revalidate();
}

ExportDialog::What ExportDialog::what() const {
    return m_what->currentData().value<What>();
}

void ExportDialog::select(What w, const QString &name) {
    m_what->setCurrentIndex(m_what->findData(QVariant::fromValue(w)));
    m_source->setCurrentIndex(m_source->findData(name));
}

void ExportDialog::fillSources() {
    const QSignalBlocker block(m_source);
    m_source->clear();
    const What w = what();
    if (w == What::IdentityKeyPair || w == What::IdentityPublicKey) {
        for (const Profile::Identity &id : m_profile.identities())
            m_source->addItem(id.locked ? tr("%1 (protected)").arg(id.name) : id.name, id.name);
    } else {
        for (const Profile::Ca &ca : m_profile.cas()) {
            if (w == What::CaCertificate || ca.hasKey)
                m_source->addItem(ca.locked ? tr("%1 (protected)").arg(ca.name) : ca.name, ca.name);
        }
    }
}

bool ExportDialog::validate(QString *error) const {
    if (m_source->currentIndex() < 0) {
        *error = tr("Nothing of that kind in the profile.");
        return false;
    }
    const QFileInfo out(m_out->path());
    if (m_out->path().isEmpty()) {
        *error = tr("Choose the file to write.");
        return false;
    }
    if (out.exists() || out.isSymLink()) {
        *error = tr("%1 exists already: choose a new file.").arg(m_out->path());
        return false;
    }
    if (!out.absoluteDir().exists()) {
        *error = tr("The folder of %1 does not exist.").arg(m_out->path());
        return false;
    }
    return true;
}

QString ExportDialog::readyText() const {
    const What w = what();
    return w == What::IdentityKeyPair || w == What::CaKey
               ? tr("The file will hold the secret key without protection (mode 0600). Keep it "
                    "safe.")
               : tr("The file holds no secret.");
}

bool ExportDialog::apply(QString *error) {
    const QString name = m_source->currentData().toString();
    const QString path = m_out->path();
    Expected<QString, QString> written = QString();
    switch (what()) {
    case What::IdentityKeyPair:
    case What::IdentityPublicKey:
        written =
            m_profile.exportIdentity(name, path, what() == What::IdentityPublicKey, m_passphrases);
        break;
    case What::CaCertificate: {
        auto ca = m_profile.ca(name);
        if (!ca) {
            written = unexpected(ca.error());
            break;
        }
        auto w = keyfiles::writeCertificate(path, ca->cert, false);
        written = w ? Expected<QString, QString>(*w) : unexpected(w.error().message);
        break;
    }
    case What::CaKey: {
        auto key = m_profile.unlockCa(name, m_passphrases);
        if (!key) {
            written = unexpected(key.error());
            break;
        }
        auto w = keyfiles::writeCaKey(path, *key, false);
        written = w ? Expected<QString, QString>(*w) : unexpected(w.error().message);
        break;
    }
    }
    if (!written)
        *error = written.error();
    return bool(written);
}

} // namespace sws::ui
