#include "dialogs/createcadialog.h"

#include "trust/trustservice.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace sws::ui {

QString validUntilText(int days) {
    const QDateTime until = QDateTime::currentDateTimeUtc().addDays(days);
    return QObject::tr("until %1 UTC").arg(until.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
}

CreateCaDialog::CreateCaDialog(const Profile &profile, TrustService *service, QWidget *parent)
    : DialogBase(tr("Create a certificate authority"), parent)
    , m_profile(profile)
    , m_service(service)
    , m_name(new QLineEdit(this))
    , m_days(new QSpinBox(this))
    , m_until(new QLabel(this))
    , m_trust(new QCheckBox(tr("Trust this CA for connections (version 2)"), this)) {
    setObjectName(QStringLiteral("createCaDialog"));
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("e.g. home.lan"));
    m_name->setToolTip(
        tr("Carried in every certificate the CA signs. %1").arg(Profile::nameRule()));
    m_days->setObjectName(QStringLiteral("days"));
    m_days->setRange(1, 36500);
    m_days->setValue(365);
    m_days->setSuffix(tr(" days"));
    m_until->setObjectName(QStringLiteral("until"));
    m_trust->setObjectName(QStringLiteral("trust"));
    m_trust->setChecked(service != nullptr);
    m_trust->setVisible(service != nullptr);
    form()->addRow(tr("Name:"), m_name);
    form()->addRow(tr("Valid for:"), m_days);
    form()->addRow(QString(), m_until);
    m_pass.addTo(form(), this, tr("Passphrase for the CA key:"));
    form()->addRow(QString(), m_trust);
    watch(m_name, &QLineEdit::textChanged);
    watch(m_days, &QSpinBox::valueChanged);
    watch(m_pass.first, &QLineEdit::textChanged);
    watch(m_pass.repeat, &QLineEdit::textChanged);
    connect(m_days, &QSpinBox::valueChanged, this,
            [this](int days) { m_until->setText(validUntilText(days)); });
    m_until->setText(validUntilText(m_days->value()));
    revalidate();
}

bool CreateCaDialog::validate(QString *error) const {
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        *error = tr("Give the CA a name.");
        return false;
    }
    if (!Profile::isValidName(name)) {
        *error = tr("The name may hold %1.").arg(Profile::nameRule());
        return false;
    }
    if (QFileInfo::exists(m_profile.caDirectory(name))) {
        *error = tr("A CA named %1 exists already.").arg(name);
        return false;
    }
    return m_pass.check(error);
}

QString CreateCaDialog::readyText() const {
    return tr("The CA will be valid %1; its secret key %2.")
        .arg(validUntilText(m_days->value()), m_pass.isSet() ? tr("encrypted with the passphrase")
                                                             : tr("stored without a passphrase"));
}

bool CreateCaDialog::apply(QString *error) {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 tte = now + qint64(m_days->value()) * 24 * 3600 * 1000;
    const QString name = m_name->text().trimmed();
    cert::CaKey ca = cert::generateCa(name, tte, now);
    std::unique_ptr<FixedPassphrase> pass;
    if (m_pass.isSet())
        pass = std::make_unique<FixedPassphrase>(m_pass.text());
    auto added = m_profile.addCa(name, ca.cert, &ca.secretKey, pass.get());
    if (!added) {
        *error = added.error();
        return false;
    }
    m_created = std::move(added).value();
    if (m_service && m_trust->isChecked()) {
        QString trustError;
        auto saved = m_service->writeAndWait([&](TrustStore &s) {
            if (auto id = s.trustCa(ca.cert, now); !id)
                trustError = id.error();
        });
        if (saved && !trustError.isEmpty())
            saved = unexpected(trustError);
        if (!saved) {
            *error = tr("The CA was created, but could not be trusted: %1").arg(saved.error());
            return false;
        }
    }
    return true;
}

} // namespace sws::ui
