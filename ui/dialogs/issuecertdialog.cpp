#include "dialogs/issuecertdialog.h"

#include "cert/keyfiles.h"
#include "dialogs/createcadialog.h"
#include "trust/truststore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>

namespace sws::ui {

namespace {

constexpr qint64 kDayMs = 24 * 3600 * 1000LL;

QStringList splitItems(const QString &text) {
    QStringList items;
    for (const QString &item : text.split(QLatin1Char(','))) {
        if (!item.trimmed().isEmpty())
            items << item.trimmed();
    }
    return items;
}

} // namespace

IssueCertDialog::IssueCertDialog(const Profile &profile, PassphraseProvider *passphrases,
                                 QWidget *parent)
    : DialogBase(tr("Issue a certificate"), parent)
    , m_profile(profile)
    , m_passphrases(passphrases)
    , m_ca(new QComboBox(this))
    , m_forIdentity(new QRadioButton(tr("Identity:"), this))
    , m_forFile(new QRadioButton(tr("Public key file:"), this))
    , m_identity(new QComboBox(this))
    , m_keyFile(
          new PathField(PathField::Mode::Open, tr("box-kp.json or {\"publickey\":[…]}"), this))
    , m_names(new QLineEdit(this))
    , m_ips(new QLineEdit(this))
    , m_macs(new QLineEdit(this))
    , m_days(new QSpinBox(this))
    , m_until(new QLabel(this))
    , m_replace(new QCheckBox(tr("Replace the identity's current certificate"), this))
    , m_out(new PathField(PathField::Mode::Save, tr("NAME-cert.json"), this)) {
    setObjectName(QStringLiteral("issueCertDialog"));
    m_ca->setObjectName(QStringLiteral("ca"));
    m_identity->setObjectName(QStringLiteral("identity"));
    m_identity->setAccessibleName(tr("Identity"));
    m_keyFile->setObjectName(QStringLiteral("keyFile"));
    m_names->setObjectName(QStringLiteral("names"));
    m_ips->setObjectName(QStringLiteral("ips"));
    m_macs->setObjectName(QStringLiteral("macs"));
    m_days->setObjectName(QStringLiteral("days"));
    m_replace->setObjectName(QStringLiteral("replace"));
    m_out->setObjectName(QStringLiteral("out"));
    for (const Profile::Ca &ca : m_profile.cas()) {
        if (ca.hasKey)
            m_ca->addItem(ca.locked ? tr("%1 (protected)").arg(ca.name) : ca.name, ca.name);
    }
    for (const Profile::Identity &id : m_profile.identities())
        m_identity->addItem(id.name, id.name);
    m_names->setPlaceholderText(tr("host names, comma-separated: chat.example.org, localhost"));
    m_ips->setPlaceholderText(tr("IP addresses, comma-separated: 127.0.0.1, ::1"));
    m_macs->setPlaceholderText(tr("MAC addresses, comma-separated (optional)"));
    m_days->setRange(1, 36500);
    m_days->setValue(90);
    m_days->setSuffix(tr(" days"));
    form()->addRow(tr("Signing CA:"), m_ca);
    form()->addRow(m_forIdentity, m_identity);
    form()->addRow(QString(), m_replace);
    form()->addRow(m_forFile, m_keyFile);
    form()->addRow(tr("Save to:"), m_out);
    form()->addRow(tr("Names:"), m_names);
    form()->addRow(tr("IPs:"), m_ips);
    form()->addRow(tr("MACs:"), m_macs);
    form()->addRow(tr("Valid for:"), m_days);
    form()->addRow(QString(), m_until);
    (m_identity->count() > 0 ? m_forIdentity : m_forFile)->setChecked(true);
    watch(m_ca, &QComboBox::currentIndexChanged);
    watch(m_identity, &QComboBox::currentIndexChanged);
    watch(m_forIdentity, &QRadioButton::toggled);
    watch(m_keyFile, &PathField::pathChanged);
    watch(m_out, &PathField::pathChanged);
    watch(m_names, &QLineEdit::textChanged);
    watch(m_ips, &QLineEdit::textChanged);
    watch(m_macs, &QLineEdit::textChanged);
    watch(m_days, &QSpinBox::valueChanged);
    watch(m_replace, &QCheckBox::toggled);
    connect(m_forIdentity, &QRadioButton::toggled, this, &IssueCertDialog::updateSubject);
    connect(m_days, &QSpinBox::valueChanged, this,
            [this](int days) { m_until->setText(validUntilText(days)); });
    m_until->setText(validUntilText(m_days->value()));
    updateSubject();
    revalidate();
}

void IssueCertDialog::updateSubject() {
    const bool identity = m_forIdentity->isChecked();
    m_identity->setEnabled(identity);
    m_replace->setEnabled(identity);
    m_keyFile->setEnabled(!identity);
    m_out->setEnabled(!identity);
}

std::optional<Profile::Ca> IssueCertDialog::selectedCa() const {
    if (m_ca->currentIndex() < 0)
        return std::nullopt;
    auto ca = m_profile.ca(m_ca->currentData().toString());
    if (!ca)
        return std::nullopt;
    return std::move(ca).value();
}

bool IssueCertDialog::checkLists(QStringList *names, QStringList *ips, QStringList *macs,
                                 QString *error) const {
    *names = splitItems(m_names->text());
    *ips = splitItems(m_ips->text());
    *macs = splitItems(m_macs->text());
    if (names->isEmpty() && ips->isEmpty()) {
        *error = tr("Give at least one host name or IP address the certificate is for.");
        return false;
    }
    for (const QString &n : std::as_const(*names)) {
        if (n.contains(QLatin1Char(' ')) || n.startsWith(QLatin1Char('.'))) {
            *error = tr("%1 is not a host name.").arg(cert::displayText(n, 40));
            return false;
        }
    }
    for (const QString &ip : std::as_const(*ips)) {
        if (!cert::parseIpStrict(ip)) {
            *error = tr("%1 is not an IP address.").arg(cert::displayText(ip, 40));
            return false;
        }
    }
    for (const QString &mac : std::as_const(*macs)) {
        if (!cert::normalizeMac(mac)) {
            *error = tr("%1 is not a MAC address.").arg(cert::displayText(mac, 40));
            return false;
        }
    }
    return true;
}

bool IssueCertDialog::validate(QString *error) const {
    const auto ca = selectedCa();
    if (!ca) {
        *error = tr("No CA with a secret key in the profile: create one first.");
        return false;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (expiryStatus(ca->cert, now) == ExpiryStatus::Expired) {
        *error = tr("CA %1 has expired.").arg(ca->name);
        return false;
    }
    if (m_forIdentity->isChecked()) {
        auto id = m_profile.identity(m_identity->currentData().toString());
        if (!id) {
            *error = m_identity->count() ? id.error() : tr("The profile has no identity yet.");
            return false;
        }
        if (id->certificate && !m_replace->isChecked()) {
            *error = tr("Identity %1 has a certificate already (%2): tick Replace to replace it.")
                         .arg(id->name, expiryText(*id->certificate, now));
            return false;
        }
    } else {
        if (m_keyFile->path().isEmpty()) {
            *error = tr("Choose the file with the public key.");
            return false;
        }
        if (auto key = keyfiles::readBoxPublicKey(m_keyFile->path()); !key) {
            *error = key.error().message;
            return false;
        }
        const QFileInfo out(m_out->path());
        if (m_out->path().isEmpty() || out.exists() || !out.absoluteDir().exists()) {
            *error = m_out->path().isEmpty() ? tr("Choose where to save the certificate.")
                     : out.exists()          ? tr("%1 exists already.").arg(m_out->path())
                                    : tr("The folder of %1 does not exist.").arg(m_out->path());
            return false;
        }
    }
    QStringList names, ips, macs;
    if (!checkLists(&names, &ips, &macs, error))
        return false;
    const qint64 tte = now + m_days->value() * kDayMs;
    if (tte > ca->cert.tteMs()) {
        *error = tr("The certificate may not outlive its CA (%1): at most %2 days.")
                     .arg(expiryText(ca->cert, now))
                     .arg(std::max<qint64>(0, (ca->cert.tteMs() - now) / kDayMs));
        return false;
    }
    return true;
}

QString IssueCertDialog::readyText() const {
    QString text = tr("The certificate will be valid %1.").arg(validUntilText(m_days->value()));
    QStringList names, ips, macs;
    QString unused;
    if (checkLists(&names, &ips, &macs, &unused)) {
        // Valid for nacl-cert and sws, but not for the Java reference: say so before signing.
        const QString warning = cert::javaSlashWarning(names + ips + macs);
        if (!warning.isEmpty())
            text += QLatin1Char(' ') + tr("Warning: %1.").arg(warning);
    }
    return text;
}

bool IssueCertDialog::apply(QString *error) {
    const auto ca = selectedCa();
    auto key = m_profile.unlockCa(ca->name, m_passphrases);
    if (!key) {
        *error = key.error();
        return false;
    }
    QByteArray publicKey;
    if (m_forIdentity->isChecked()) {
        publicKey = m_profile.identity(m_identity->currentData().toString())->publicKey;
    } else {
        auto k = keyfiles::readBoxPublicKey(m_keyFile->path());
        if (!k) {
            *error = k.error().message;
            return false;
        }
        publicKey = *k;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    cert::CertRequest req;
    req.publicKey = publicKey;
    (void)checkLists(&req.names, &req.ips, &req.macs, error);
    req.tteMs = now + m_days->value() * kDayMs;
    auto c = cert::sign(req, *key, now);
    if (!c) {
        *error = c.error();
        return false;
    }
    auto written = m_forIdentity->isChecked()
                       ? m_profile.setIdentityCertificate(m_identity->currentData().toString(), *c,
                                                          m_replace->isChecked())
                       : [&]() -> Expected<QString, QString> {
        auto w = keyfiles::writeCertificate(m_out->path(), *c, false);
        if (!w)
            return unexpected(w.error().message);
        return std::move(w).value();
    }();
    if (!written) {
        *error = written.error();
        return false;
    }
    m_written = *written;
    return true;
}

} // namespace sws::ui
