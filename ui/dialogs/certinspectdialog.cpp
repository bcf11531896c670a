#include "dialogs/certinspectdialog.h"

#include "cert/keyfiles.h"
#include "inspector/verdictmodel.h"
#include "trust/truststore.h"
#include "window/theme.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace sws::ui {

namespace {
enum CaChoice { NoCa = 0, CaFile = 1 }; // then one item per known CA
}

CertInspectDialog::CertInspectDialog(const Profile &profile, const TrustStore *store,
                                     QWidget *parent)
    : DialogBase(tr("Inspect a certificate"), parent)
    , m_cert(new PathField(PathField::Mode::Open, tr("NAME-cert.json"), this))
    , m_caChoice(new QComboBox(this))
    , m_caFile(new PathField(PathField::Mode::Open, tr("NAME-ca-cert.json"), this))
    , m_host(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_view(new QTableView(this))
    , m_model(new VerdictModel(this)) {
    setObjectName(QStringLiteral("certInspectDialog"));
    m_cert->setObjectName(QStringLiteral("certFile"));
    m_caChoice->setObjectName(QStringLiteral("ca"));
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setPlaceholderText(tr("optional: a host name or IP address it must be valid for"));
    m_summary->setObjectName(QStringLiteral("summary"));
    m_view->setAccessibleName(tr("Validation rules"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caChoice->addItem(tr("None (self-signed certificates)"));
    m_caChoice->addItem(tr("CA certificate file…"));
    if (store) {
        for (const TrustStore::TrustedCa &ca : store->cas()) {
            m_caChoice->addItem(
                tr("Trusted: %1 (%2)").arg(theme::sanitize(ca.cert.caName(), 40), ca.id));
            m_knownCas << ca.cert;
        }
    }
    for (const Profile::Ca &ca : profile.cas()) {
        m_caChoice->addItem(tr("Profile: %1").arg(ca.name));
        m_knownCas << ca.cert;
    }
    form()->addRow(tr("Certificate:"), m_cert);
    form()->addRow(tr("Check against:"), m_caChoice);
    form()->addRow(QString(), m_caFile);
    form()->addRow(tr("Valid for:"), m_host);
    form()->addRow(m_summary);
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    body()->addWidget(m_view);
    buttons()->setStandardButtons(QDialogButtonBox::Close); // writes nothing: no OK
    // recheck() first, then the base's revalidate() reads its verdict.
    for (auto *w : {m_cert, m_caFile})
        connect(w, &PathField::pathChanged, this, &CertInspectDialog::recheck);
    connect(m_caChoice, &QComboBox::currentIndexChanged, this, &CertInspectDialog::recheck);
    connect(m_host, &QLineEdit::textChanged, this, &CertInspectDialog::recheck);
    watch(m_cert, &PathField::pathChanged);
    watch(m_caFile, &PathField::pathChanged);
    watch(m_caChoice, &QComboBox::currentIndexChanged);
    watch(m_host, &QLineEdit::textChanged);
    resize(720, 520);
    recheck();
    revalidate();
}

std::optional<cert::Certificate> CertInspectDialog::chosenCa(QString *error) const {
    const int i = m_caChoice->currentIndex();
    if (i == NoCa)
        return std::nullopt;
    if (i == CaFile) {
        if (m_caFile->path().isEmpty()) {
            *error = tr("Choose the CA certificate file.");
            return std::nullopt;
        }
        auto ca = keyfiles::readCertificate(m_caFile->path());
        if (!ca) {
            *error = ca.error().message;
            return std::nullopt;
        }
        return std::move(ca).value();
    }
    return m_knownCas.value(i - 2);
}

void CertInspectDialog::recheck() {
    m_caFile->setEnabled(m_caChoice->currentIndex() == CaFile);
    m_verdict.reset();
    m_loadError.clear();
    m_summary->clear();
    if (m_cert->path().isEmpty()) {
        m_loadError = tr("Choose a certificate file.");
    } else if (auto c = keyfiles::readCertificate(m_cert->path()); !c) {
        m_loadError = c.error().message;
    } else {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_summary->setText(tr("Type %1, CA %2, names %3, IPs %4; %5. Fingerprint %6.")
                               .arg(c->type(), theme::sanitize(c->caName(), 40),
                                    theme::sanitize(c->names().join(QStringLiteral(", ")), 120),
                                    c->ips().join(QStringLiteral(", ")), expiryText(*c, now),
                                    c->fingerprint()));
        QString caError;
        const auto ca = chosenCa(&caError);
        if (!caError.isEmpty()) {
            m_loadError = caError;
        } else {
            cert::Verdict v = cert::validate(*c, ca ? &*ca : nullptr, now);
            const QString host = m_host->text().trimmed();
            if (!host.isEmpty()) {
                const auto ip = cert::parseIpStrict(host);
                const bool match = ip ? cert::matchIp(*c, *ip) : cert::matchDomain(*c, host);
                v.rules.push_back({cert::Rule::EndpointBinding, match,
                                   match ? tr("%1 is among the names or IPs").arg(host)
                                         : tr("%1 is not among the names or IPs").arg(host)});
                if (!match && v.valid) {
                    v.valid = false;
                    v.failedRule = cert::Rule::EndpointBinding;
                    v.message = tr("not issued for %1").arg(host);
                }
            }
            m_verdict = v;
        }
    }
    m_model->setVerdict(m_verdict);
    m_view->resizeColumnsToContents();
}

bool CertInspectDialog::validate(QString *error) const {
    if (!m_loadError.isEmpty()) {
        *error = m_loadError;
        return false;
    }
    if (!m_verdict->valid) {
        *error = tr("Not valid: %1").arg(theme::sanitize(m_verdict->message, 200));
        return false;
    }
    return true;
}

QString CertInspectDialog::readyText() const {
    return tr("Valid: every rule passed.");
}

bool CertInspectDialog::apply(QString *) {
    return true;
}

} // namespace sws::ui
