#include "dialogs/connectdialog.h"

#include "cert/keyfiles.h"
#include "dialogs/formfields.h"
#include "dialogs/passphrasedialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRadioButton>

namespace sws::ui {

ConnectDialog::ConnectDialog(const QList<RecentEntry> &recent, QWidget *parent,
                             const Profile *profile, int trustedCas)
    : DialogBase(tr("Connect to a server"), parent)
    , m_url(new QComboBox(this))
    , m_version(new QComboBox(this))
    , m_fresh(new QRadioButton(tr("Fresh key pair"), this))
    , m_fromFile(new QRadioButton(tr("Key pair file"), this))
    , m_fromProfile(new QRadioButton(tr("Identity"), this))
    , m_identity(new QComboBox(this))
    , m_trustedCas(trustedCas)
    , m_key(new PathField(PathField::Mode::Open, tr("box-kp.json"), this))
    , m_cert(new PathField(PathField::Mode::Open,
                           tr("NAME-cert.json: only for servers that require one"), this))
    , m_ca(new PathField(PathField::Mode::Open,
                         tr("NAME-ca-cert.json: the CA that signed the server's certificate"),
                         this))
    , m_checkEndpoint(new QCheckBox(tr("The server certificate must name this host or IP"), this)) {
    setObjectName(QStringLiteral("connectDialog"));
    m_url->setObjectName(QStringLiteral("connectUrl"));
    m_version->setObjectName(QStringLiteral("connectVersion"));
    m_fresh->setObjectName(QStringLiteral("connectFreshKey"));
    m_fromFile->setObjectName(QStringLiteral("connectKeyFromFile"));
    m_fromProfile->setObjectName(QStringLiteral("connectKeyFromProfile"));
    m_identity->setObjectName(QStringLiteral("connectIdentity"));
    m_identity->setAccessibleName(tr("Identity of the profile"));
    if (profile) {
        m_profile = *profile;
        for (const Profile::Identity &id : m_profile->identities())
            m_identity->addItem(id.certificate ? tr("%1 (certificate)").arg(id.name) : id.name,
                                id.name);
    }
    m_fromProfile->setEnabled(m_identity->count() > 0);
    m_key->lineEdit()->setObjectName(QStringLiteral("connectKey"));
    m_cert->lineEdit()->setObjectName(QStringLiteral("connectCert"));
    m_ca->lineEdit()->setObjectName(QStringLiteral("connectCa"));

    m_url->setEditable(true);
    m_url->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_url->setMinimumContentsLength(36);
    m_url->lineEdit()->setPlaceholderText(QStringLiteral("ws://127.0.0.1:8080/"));
    for (const RecentEntry &e : recent) {
        if (e.kind != RecentEntry::Kind::Connect)
            continue;
        m_recent << e;
        m_url->addItem(e.url);
    }
    m_url->setCurrentIndex(-1);
    m_url->setEditText(QString());
    m_version->addItem(tr("1 — public keys only"), 1);
    m_version->addItem(tr("2 — keys and nacl-cert certificates"), 2);
    m_fresh->setChecked(true);
    m_checkEndpoint->setChecked(true);
    auto *group = new QButtonGroup(this);
    group->addButton(m_fresh);
    group->addButton(m_fromFile);
    group->addButton(m_fromProfile);
    auto *identity = new QHBoxLayout;
    identity->addWidget(m_fresh);
    identity->addWidget(m_fromProfile);
    identity->addWidget(m_identity, 1);
    auto *keyFile = new QHBoxLayout;
    keyFile->addWidget(m_fromFile);
    keyFile->addWidget(m_key, 1);

    form()->addRow(tr("URL"), m_url);
    form()->addRow(tr("Version"), m_version);
    form()->addRow(tr("Identity"), identity);
    form()->addRow(QString(), keyFile);
    form()->addRow(tr("Own certificate"), m_cert);
    form()->addRow(tr("Trusted CA"), m_ca);
    form()->addRow(QString(), m_checkEndpoint);
    setStatus(tr("A fresh key pair is made for every connection unless you pick a box-kp.json."),
              false);

    connect(m_version, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateEnabled);
    connect(m_fromFile, &QRadioButton::toggled, this, &ConnectDialog::updateEnabled);
    connect(m_fromProfile, &QRadioButton::toggled, this, &ConnectDialog::updateEnabled);
    connect(m_url, &QComboBox::activated, this, [this](int i) {
        if (i >= 0 && i < m_recent.size())
            load(m_recent.at(i));
    });
    updateEnabled();
}

void ConnectDialog::updateEnabled() {
    const bool v2 = m_version->currentData().toInt() == 2;
    m_key->setEnabled(m_fromFile->isChecked());
    m_identity->setEnabled(m_fromProfile->isChecked());
    m_cert->setEnabled(v2);
    m_ca->setEnabled(v2);
    m_checkEndpoint->setEnabled(v2);
}

void ConnectDialog::load(const RecentEntry &e) {
    m_url->setEditText(e.url);
    m_version->setCurrentIndex(e.version == 2 ? 1 : 0);
    (e.keyFile.isEmpty() ? m_fresh : m_fromFile)->setChecked(true);
    m_key->setPath(e.keyFile);
    m_cert->setPath(e.certFile);
    m_ca->setPath(e.caFile);
}

RecentEntry ConnectDialog::entry() const {
    RecentEntry e;
    e.kind = RecentEntry::Kind::Connect;
    e.url = m_url->currentText().trimmed();
    e.version = m_version->currentData().toInt();
    e.keyFile = m_fromFile->isChecked() ? m_key->path() : QString();
    e.certFile = m_cert->path();
    e.caFile = m_ca->path();
    return e;
}

bool ConnectDialog::apply(QString *error) {
    const QUrl url(m_url->currentText().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
        *error = tr("Enter a WebSocket URL such as ws://127.0.0.1:8080/.");
        return false;
    }
    ClientOptions o;
    o.url = url;
    o.session.version = m_version->currentData().toInt();
    o.session.checkEndpoint = m_checkEndpoint->isChecked();
    std::optional<Profile::Identity> identity;
    if (m_fromProfile->isChecked() && m_profile && m_identity->currentIndex() >= 0) {
        const QString name = m_identity->currentData().toString();
        DialogPassphraseProvider provider(this);
        auto kp = m_profile->unlockIdentity(name, &provider);
        auto id = kp ? m_profile->identity(name)
                     : Expected<Profile::Identity, QString>(unexpected(kp.error()));
        if (!id) {
            *error = id.error();
            return false;
        }
        o.session.keyPair = std::move(*kp);
        o.identity = name;
        identity = *id;
    } else if (m_fromFile->isChecked()) {
        auto kp = keyfiles::readBoxKeyPair(m_key->path());
        if (!kp) {
            *error = kp.error().message;
            return false;
        }
        o.session.keyPair = std::move(*kp);
    } else {
        o.session.keyPair = BoxKeyPair::generate();
    }
    // Opened again at start only when nothing comes from a file.
    o.remember = !m_fromFile->isChecked();
    if (o.session.version == 2) {
        if (m_ca->path().isEmpty() && m_trustedCas == 0) {
            *error = tr("Version 2 checks the server's certificate: choose the CA that signed it "
                        "(or add it to the trust store).");
            return false;
        }
        if (!m_ca->path().isEmpty()) { // else the trust store's CAs
            auto ca = keyfiles::readCertificate(m_ca->path());
            if (!ca) {
                *error = ca.error().message;
                return false;
            }
            o.session.trustedCas = {*ca};
            o.remember = false;
        }
        if (identity && identity->certificate && m_cert->path().isEmpty()) {
            o.session.certificate = identity->certificate;
        } else if (!m_cert->path().isEmpty()) {
            o.remember = false;
            auto c = keyfiles::readCertificate(m_cert->path());
            if (!c) {
                *error = c.error().message;
                return false;
            }
            if (c->publicKey() != o.session.keyPair.publicKey) {
                *error = tr("The certificate was not made for this key pair.");
                return false;
            }
            o.session.certificate = *c;
        }
    }
    m_options = std::move(o);
    return true;
}

} // namespace sws::ui
