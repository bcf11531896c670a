#include "dialogs/hostdialog.h"

#include "cert/keyfiles.h"
#include "dialogs/formfields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QSpinBox>

namespace sws::ui {

HostDialog::HostDialog(QWidget *parent)
    : DialogBase(tr("Host a room"), parent)
    , m_title(new QLineEdit(tr("Room"), this))
    , m_address(new QComboBox(this))
    , m_reach(new QLabel(this))
    , m_port(new QSpinBox(this))
    , m_path(new QLineEdit(this))
    , m_version(new QComboBox(this))
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
    form()->addRow(tr("Key pair"), m_key);
    form()->addRow(QString(), m_demoCa);
    form()->addRow(tr("Certificate"), m_cert);
    form()->addRow(tr("CA certificate"), m_ca);
    form()->addRow(QString(), m_requireCert);
    form()->addRow(tr("Relay"), m_relay);
    setStatus(tr("Version 1 needs nothing else; version 2 needs the room's certificate and key "
                 "pair, or a throwaway CA."),
              false);

    connect(m_version, &QComboBox::currentIndexChanged, this, &HostDialog::updateEnabled);
    connect(m_demoCa, &QCheckBox::toggled, this, &HostDialog::updateEnabled);
    connect(m_address, &QComboBox::editTextChanged, this, &HostDialog::updateReach);
    updateEnabled();
    updateReach();
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
    m_ca->setEnabled(files);
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
    if (!demo) {
        if (m_key->path().isEmpty() && version == 1) {
            o.server.session.keyPair = BoxKeyPair::generate();
        } else if (m_key->path().isEmpty()) {
            *error = tr("Version 2 needs the key pair (box-kp.json) the certificate was made for.");
            return false;
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
        if (m_cert->path().isEmpty()) {
            *error = tr("Version 2 needs the room's certificate (NAME-cert.json).");
            return false;
        }
        auto c = keyfiles::readCertificate(m_cert->path());
        if (!c) {
            *error = c.error().message;
            return false;
        }
        if (c->publicKey() != o.server.session.keyPair.publicKey) {
            *error = tr("The certificate was not made for this key pair.");
            return false;
        }
        o.server.session.certificate = *c;
        if (!m_ca->path().isEmpty()) {
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
    m_options = std::move(o);
    return true;
}

} // namespace sws::ui
