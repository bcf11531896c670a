#include "dialogs/hostdialog.h"

#include "cert/keyfiles.h"
#include "dialogs/formfields.h"
#include "dialogs/newidentitydialog.h"
#include "dialogs/passphrasedialog.h"
#include "window/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QSpinBox>

namespace sws::ui {

HostDialog::HostDialog(QWidget *parent, const Profile *profile)
    : DialogBase(tr("Host a room"), parent)
    , m_title(new QLineEdit(tr("Room"), this))
    , m_address(new QComboBox(this))
    , m_reach(new QLabel(this))
    , m_port(new QSpinBox(this))
    , m_path(new QLineEdit(this))
    , m_version(new QComboBox(this))
    , m_identity(new QComboBox(this))
    , m_caChoice(new QComboBox(this))
    , m_openAtStart(new QCheckBox(tr("Open this room when the app starts"), this))
    , m_demoCa(new QCheckBox(tr("Make a throwaway CA and certificates in memory"), this))
    , m_cert(
          new PathField(PathField::Mode::Open, tr("NAME-cert.json: the room's certificate"), this))
    , m_key(new PathField(PathField::Mode::Open,
                          tr("box-kp.json: the room's key pair (empty: a fresh one)"), this))
    , m_ca(new PathField(PathField::Mode::Open,
                         tr("NAME-ca-cert.json: the CA that signs client certificates"), this))
    , m_requireCert(new QCheckBox(tr("Require a client certificate"), this))
    , m_relay(new QComboBox(this)) {
    setObjectName(QStringLiteral("hostDialog"));
    if (profile)
        m_profile = *profile;
    m_title->setObjectName(QStringLiteral("hostTitle"));
    m_identity->setObjectName(QStringLiteral("hostIdentity"));
    m_caChoice->setObjectName(QStringLiteral("hostCaChoice"));
    m_openAtStart->setObjectName(QStringLiteral("hostOpenAtStart"));
    m_openAtStart->setChecked(true);
    fillIdentities();
    m_caChoice->addItem(tr("CA file below (or none)"), QString());
    if (m_profile)
        for (const Profile::Ca &ca : m_profile->cas())
            m_caChoice->addItem(tr("%1 (profile)").arg(ca.name), ca.name);
    m_address->setEditable(true);
    m_address->setInsertPolicy(QComboBox::NoInsert);
    m_address->lineEdit()->setObjectName(QStringLiteral("hostAddress"));
    m_address->setObjectName(QStringLiteral("hostAddressChoice"));
    for (const auto &[address, description] : localAddresses())
        m_address->addItem(address.toString(), description);
    m_address->setCurrentIndex(0);
    m_reach->setObjectName(QStringLiteral("hostReach"));
    m_reach->setWordWrap(true);
    m_port->setObjectName(QStringLiteral("hostPort"));
    m_path->setObjectName(QStringLiteral("hostPath"));
    m_version->setObjectName(QStringLiteral("hostVersion"));
    m_demoCa->setObjectName(QStringLiteral("hostDemoCa"));
    m_cert->lineEdit()->setObjectName(QStringLiteral("hostCert"));
    m_key->lineEdit()->setObjectName(QStringLiteral("hostKey"));
    m_ca->lineEdit()->setObjectName(QStringLiteral("hostCa"));
    m_requireCert->setObjectName(QStringLiteral("hostRequireCert"));
    m_relay->setObjectName(QStringLiteral("hostRelay"));

    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_path->setPlaceholderText(tr("any path (e.g. /chat)"));
    m_version->addItem(tr("1 — public keys only"), 1);
    m_version->addItem(tr("2 — keys and nacl-cert certificates"), 2);
    m_relay->addItem(tr("Chat — every message goes to every other member"),
                     static_cast<int>(Room::Mode::Chat));
    m_relay->addItem(tr("Echo — every message goes back to its sender"),
                     static_cast<int>(Room::Mode::Echo));
    m_relay->addItem(tr("None — messages are only shown here"), static_cast<int>(Room::Mode::None));

    form()->addRow(tr("Room name"), m_title);
    form()->addRow(tr("Address"), m_address);
    form()->addRow(QString(), m_reach);
    form()->addRow(tr("Port"), m_port);
    form()->addRow(tr("Path"), m_path);
    form()->addRow(tr("Version"), m_version);
    form()->addRow(tr("Key"), m_identity);
    form()->addRow(tr("Key pair file"), m_key);
    form()->addRow(QString(), m_demoCa);
    form()->addRow(tr("Certificate"), m_cert);
    form()->addRow(tr("Client CA"), m_caChoice);
    form()->addRow(tr("CA certificate"), m_ca);
    form()->addRow(QString(), m_requireCert);
    form()->addRow(tr("Relay"), m_relay);
    form()->addRow(QString(), m_openAtStart);
    setStatus(tr("Version 1 needs nothing else; version 2 needs the room's certificate and key "
                 "pair, or a throwaway CA."),
              false);

    connect(m_version, &QComboBox::currentIndexChanged, this, &HostDialog::updateEnabled);
    connect(m_demoCa, &QCheckBox::toggled, this, &HostDialog::updateEnabled);
    connect(m_identity, &QComboBox::activated, this, &HostDialog::onIdentityChosen);
    connect(m_caChoice, &QComboBox::currentIndexChanged, this, &HostDialog::updateEnabled);
    connect(m_address, &QComboBox::editTextChanged, this, &HostDialog::updateReach);
    updateEnabled();
    updateReach();
}

// The profile's identities first (with whether each has a certificate), then "a new identity,
// saved" (the default: the room keeps its key across restarts), "New identity…" (a name and an
// optional passphrase) and a fresh key for this run.
void HostDialog::fillIdentities(const QString &select) {
    m_identity->clear();
    const int role = Qt::UserRole + 1;
    auto add = [&](const QString &text, const QString &name, KeySource source) {
        m_identity->addItem(text, name);
        m_identity->setItemData(m_identity->count() - 1, static_cast<int>(source), role);
    };
    int selected = -1;
    if (m_profile) {
        for (const Profile::Identity &id : m_profile->identities()) {
            if (id.name == select)
                selected = m_identity->count();
            add(tr("%1 (%2%3%4)")
                    .arg(id.name, theme::shortFingerprint(id.publicKey),
                         id.locked ? tr(", passphrase") : QString(),
                         id.certificate ? tr(", certificate") : QString()),
                id.name, KeySource::Identity);
        }
        add(tr("New identity, saved in the profile"), QString(), KeySource::NewSaved);
        if (selected < 0)
            selected = m_identity->count() - 1;
        add(tr("New identity…"), QString(), KeySource::NewWithDialog);
    }
    add(tr("Fresh key pair for this run (not remembered)"), QString(), KeySource::Fresh);
    m_identity->setCurrentIndex(selected < 0 ? 0 : selected);
    m_lastIdentity = m_identity->currentIndex();
}

void HostDialog::onIdentityChosen() {
    const auto source = static_cast<KeySource>(m_identity->currentData(Qt::UserRole + 1).toInt());
    if (source != KeySource::NewWithDialog || !m_profile) {
        m_lastIdentity = m_identity->currentIndex();
        updateEnabled();
        return;
    }
    auto *dlg = new NewIdentityDialog(*m_profile, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::finished, this, [this, dlg](int result) {
        if (result == QDialog::Accepted && dlg->created())
            fillIdentities(dlg->created()->name);
        else
            m_identity->setCurrentIndex(m_lastIdentity);
        updateEnabled();
    });
    dlg->open();
}

QString HostDialog::unusedIdentityName() const {
    QString base;
    for (const QChar c : m_title->text().trimmed().toLower())
        base += c.isLetterOrNumber() && c.unicode() < 128 ? c : QLatin1Char('-');
    base = base.left(40);
    while (base.startsWith(QLatin1Char('-')))
        base.remove(0, 1);
    if (base.isEmpty())
        base = QStringLiteral("room");
    QString name = base;
    for (int n = 2; m_profile && m_profile->identity(name); ++n)
        name = QStringLiteral("%1-%2").arg(base).arg(n);
    return name;
}

QList<QPair<QHostAddress, QString>> HostDialog::localAddresses() {
    QList<QPair<QHostAddress, QString>> out{
        {QHostAddress(QHostAddress::LocalHost), tr("this machine only")}};
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
        if (!(i.flags() & QNetworkInterface::IsUp) || (i.flags() & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &e : i.addressEntries()) {
            const QHostAddress a = e.ip();
            if (a.protocol() == QAbstractSocket::IPv4Protocol || !a.isLinkLocal())
                out.append({a, tr("the network on %1").arg(i.humanReadableName())});
        }
    }
    out.append({QHostAddress(QHostAddress::AnyIPv4),
                tr("every IPv4 interface (invitations name the first LAN address)")});
    return out;
}

void HostDialog::updateReach() {
    const QHostAddress a(m_address->currentText().trimmed());
    QString who;
    for (int i = 0; i < m_address->count(); ++i)
        if (QHostAddress(m_address->itemText(i)) == a)
            who = m_address->itemData(i).toString();
    if (a.isNull())
        who = tr("not an IP address");
    else if (who.isEmpty())
        who = a.isLoopback() ? tr("this machine only") : tr("an address of your choosing");
    m_reach->setText(tr("Reachable from: %1. Invitations to the room name this address.").arg(who));
}

void HostDialog::updateEnabled() {
    const bool v2 = m_version->currentData().toInt() == 2;
    const bool files = v2 && !m_demoCa->isChecked();
    m_demoCa->setEnabled(v2);
    m_cert->setEnabled(files);
    m_caChoice->setEnabled(files);
    m_ca->setEnabled(files && m_caChoice->currentData().toString().isEmpty());
    m_key->setEnabled(!v2 || files);
    m_requireCert->setEnabled(v2);
}

void HostDialog::load(const RecentEntry &e) {
    m_address->setEditText(e.address);
    m_port->setValue(e.port);
    m_path->setText(e.path);
    m_version->setCurrentIndex(e.version == 2 ? 1 : 0);
    m_key->setPath(e.keyFile);
    m_cert->setPath(e.certFile);
    m_ca->setPath(e.caFile);
    m_requireCert->setChecked(e.requireCert);
    const int relay = e.relay == QLatin1String("echo")   ? 1
                      : e.relay == QLatin1String("none") ? 2
                                                         : 0;
    m_relay->setCurrentIndex(relay);
}

RecentEntry HostDialog::entry() const {
    RecentEntry e;
    e.kind = RecentEntry::Kind::Host;
    e.address = m_address->currentText().trimmed();
    e.port = m_port->value();
    e.path = m_path->text().trimmed();
    e.version = m_version->currentData().toInt();
    e.keyFile = m_key->path();
    e.certFile = m_cert->path();
    e.caFile = m_ca->path();
    e.requireCert = m_requireCert->isChecked();
    static const char *relays[] = {"chat", "echo", "none"};
    e.relay = QString::fromLatin1(relays[m_relay->currentIndex()]);
    return e;
}

bool HostDialog::apply(QString *error) {
    const QHostAddress address(m_address->currentText().trimmed());
    if (address.isNull()) {
        *error = tr("The address is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1).");
        return false;
    }
    const QString path = m_path->text().trimmed();
    if (!path.isEmpty() && !path.startsWith(QLatin1Char('/'))) {
        *error = tr("The path must start with '/'.");
        return false;
    }
    const int version = m_version->currentData().toInt();
    const bool demo = version == 2 && m_demoCa->isChecked();
    RoomOptions o = demo ? demoRoomOptions(2) : RoomOptions{};
    o.title = m_title->text().trimmed();
    o.address = address;
    o.port = static_cast<quint16>(m_port->value());
    o.server.path = path;
    o.server.session.version = version;
    o.relay = static_cast<Room::Mode>(m_relay->currentData().toInt());
    o.server.session.requireCert = version == 2 && m_requireCert->isChecked();
    o.openAtStart = m_openAtStart->isChecked();
    const auto source = static_cast<KeySource>(m_identity->currentData(Qt::UserRole + 1).toInt());
    std::optional<Profile::Identity> identity;
    if (!demo) {
        if (m_key->path().isEmpty() && source == KeySource::Identity && m_profile) {
            const QString name = m_identity->currentData().toString();
            DialogPassphraseProvider provider(this);
            auto kp = m_profile->unlockIdentity(name, &provider);
            auto id = kp ? m_profile->identity(name)
                         : Expected<Profile::Identity, QString>(unexpected(kp.error()));
            if (!id) {
                *error = id.error();
                return false;
            }
            o.server.session.keyPair = std::move(*kp);
            o.identity = name;
            identity = *id;
        } else if (m_key->path().isEmpty() && version == 2 && source != KeySource::Identity) {
            *error = tr("Version 2 needs the key pair (box-kp.json) the certificate was made "
                        "for, or an identity of the profile with a certificate.");
            return false;
        } else if (m_key->path().isEmpty() && source == KeySource::NewSaved && m_profile) {
            // Saved before the room listens: its key survives restarts from the start.
            BoxKeyPair kp = BoxKeyPair::generate();
            auto added = m_profile->addIdentity(unusedIdentityName(), kp, nullptr);
            if (!added) {
                *error = added.error();
                return false;
            }
            o.server.session.keyPair = std::move(kp);
            o.identity = added->name;
        } else if (m_key->path().isEmpty()) {
            o.server.session.keyPair = BoxKeyPair::generate();
        } else {
            auto kp = keyfiles::readBoxKeyPair(m_key->path());
            if (!kp) {
                *error = kp.error().message;
                return false;
            }
            o.server.session.keyPair = std::move(*kp);
        }
    }
    if (version == 2 && !demo) {
        const bool ownCert = identity && identity->certificate && m_cert->path().isEmpty();
        if (ownCert) {
            o.server.session.certificate = identity->certificate;
        } else if (m_cert->path().isEmpty()) {
            *error = tr("Version 2 needs the room's certificate (NAME-cert.json), or an identity "
                        "with one.");
            return false;
        } else {
            auto c = keyfiles::readCertificate(m_cert->path());
            if (!c) {
                *error = c.error().message;
                return false;
            }
            o.server.session.certificate = *c;
            o.identity.clear(); // a file's certificate is not opened again at start
        }
        if (o.server.session.certificate->publicKey() != o.server.session.keyPair.publicKey) {
            *error = tr("The certificate was not made for this key pair.");
            return false;
        }
        if (const QString caName = m_caChoice->currentData().toString();
            !caName.isEmpty() && m_profile) {
            auto ca = m_profile->ca(caName);
            if (!ca) {
                *error = ca.error();
                return false;
            }
            o.server.session.trustedCas = {ca->cert};
            o.caNames = {caName};
        } else if (!m_ca->path().isEmpty()) {
            o.identity.clear(); // a CA file is not opened again at start
            auto ca = keyfiles::readCertificate(m_ca->path());
            if (!ca) {
                *error = ca.error().message;
                return false;
            }
            o.server.session.trustedCas = {*ca};
        } else if (o.server.session.requireCert) {
            *error = tr("Requiring client certificates needs the CA that signs them.");
            return false;
        }
    }
    o.remember = !o.identity.isEmpty();
    m_options = std::move(o);
    return true;
}

} // namespace sws::ui
