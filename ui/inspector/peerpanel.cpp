#include "inspector/peerpanel.h"

#include "crypto/crypto.h"
#include "inspector/sessiontracker.h"
#include "inspector/verdictmodel.h"
#include "window/theme.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

namespace sws::ui {

namespace {

QString dateOf(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

// The key in four groups of 16 hex digits, two lines.
QString groupedHex(const QByteArray &key) {
    const QString hex = toHex(key);
    QString out;
    for (int i = 0; i < hex.size(); i += 16) {
        if (i)
            out += i == 32 ? QStringLiteral("\n") : QStringLiteral(" ");
        out += hex.mid(i, 16);
    }
    return out;
}

QString row(const QString &k, const QString &v, bool mono = false) {
    const QString value = theme::escape(v);
    return QStringLiteral("<tr><td class='k'>%1</td><td>%2</td></tr>")
        .arg(theme::escape(k), mono ? QStringLiteral("<code>%1</code>").arg(value) : value);
}

} // namespace

PeerPanel::PeerPanel(QWidget *parent)
    : QWidget(parent)
    , m_verdict(new VerdictModel(this))
    , m_fingerprint(new QLabel(this))
    , m_key(new QLabel(this))
    , m_ownKey(new QLabel(this))
    , m_version(new QLabel(this))
    , m_endpoint(new QLabel(this))
    , m_state(new QLabel(this))
    , m_certBox(new QGroupBox(tr("Peer certificate"), this))
    , m_certSummary(new QLabel(this))
    , m_certFields(new QLabel(this))
    , m_rulesBox(new QGroupBox(tr("Certificate validation"), this))
    , m_rules(new QTableView(this))
    , m_noCert(new QLabel(this))
    , m_javaWarning(new QLabel(this)) {
    m_rules->setAccessibleName(tr("Certificate validation rules"));
    m_javaWarning->setObjectName(QStringLiteral("javaClientWarning"));
    m_javaWarning->setWordWrap(true);
    m_javaWarning->setStyleSheet(
        QStringLiteral("color: %1; font-weight: bold;").arg(theme::color(theme::Tone::Bad).name()));
    m_javaWarning->setText(
        tr("This client looks like the Java reference implementation: it draws its nonces and "
           "share keys from java.util.Random, which one nonce seen on the network predicts. "
           "Anyone who saw this handshake can read the session."));
    m_javaWarning->hide();
    m_fingerprint->setObjectName(QStringLiteral("peerFingerprint"));
    m_key->setObjectName(QStringLiteral("peerKey"));
    m_rules->setObjectName(QStringLiteral("verdictTable"));
    QFont big = theme::monospace(6);
    big.setBold(true);
    m_fingerprint->setFont(big);
    m_fingerprint->setStyleSheet(
        QStringLiteral("color: %1;").arg(theme::color(theme::Tone::Info).name()));
    for (QLabel *l : {m_key, m_ownKey})
        l->setFont(theme::monospace());
    for (QLabel *l :
         {m_fingerprint, m_key, m_ownKey, m_version, m_endpoint, m_state, m_certFields}) {
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_noCert->setWordWrap(true);
    for (QLabel *l : {m_endpoint, m_state, m_version})
        l->setWordWrap(true);
    m_noCert->setStyleSheet(theme::mutedStyle());

    auto *idBox = new QGroupBox(tr("Peer identity"), this);
    auto *hint = new QLabel(tr("Read the fingerprint to your peer over another channel (a call, "
                               "in person). If it matches theirs, nobody sits in between."),
                            idBox);
    hint->setWordWrap(true);
    hint->setStyleSheet(theme::mutedStyle());
    auto *form = new QFormLayout;
    form->addRow(tr("Public key"), m_key);
    form->addRow(tr("Protocol"), m_version);
    form->addRow(tr("Endpoint"), m_endpoint);
    form->addRow(tr("Session"), m_state);
    form->addRow(tr("Your key"), m_ownKey);
    auto *idLayout = new QVBoxLayout(idBox);
    idLayout->addWidget(m_fingerprint);
    idLayout->addWidget(hint);
    idLayout->addWidget(m_javaWarning);
    idLayout->addLayout(form);

    m_certFields->setTextFormat(Qt::RichText);
    m_certSummary->setTextFormat(Qt::RichText);
    m_rules->setModel(m_verdict);
    m_rules->verticalHeader()->hide();
    m_rules->setShowGrid(false);
    m_rules->setAlternatingRowColors(true);
    m_rules->setSelectionMode(QAbstractItemView::NoSelection);
    m_rules->setFocusPolicy(Qt::NoFocus);
    m_rules->setWordWrap(false);
    m_rules->horizontalHeader()->setStretchLastSection(true);
    m_rules->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_rules->verticalHeader()->setDefaultSectionSize(m_rules->fontMetrics().height() + 8);
    m_rules->setColumnWidth(0, 200);
    m_rules->setColumnWidth(1, 90);
    m_rules->setMinimumHeight(m_rules->verticalHeader()->defaultSectionSize() * 7);
    m_certFields->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_certFields->setWordWrap(true);
    m_noCert->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    // Identity and certificate side by side, every validation rule below at full width.
    auto *certLayout = new QVBoxLayout(m_certBox);
    certLayout->addWidget(m_certSummary);
    certLayout->addWidget(m_certFields);
    certLayout->addWidget(m_noCert);
    certLayout->addStretch();
    auto *rulesLayout = new QVBoxLayout(m_rulesBox);
    rulesLayout->addWidget(m_rules);
    auto *top = new QHBoxLayout;
    top->addWidget(idBox, 1);
    top->addWidget(m_certBox, 1);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->addLayout(top);
    layout->addWidget(m_rulesBox, 1);
    layout->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    refresh();
}

void PeerPanel::setTracker(SessionTracker *t) {
    if (m_tracker)
        m_tracker->disconnect(this);
    m_tracker = t;
    if (t)
        connect(t, &SessionTracker::changed, this, &PeerPanel::refresh);
    refresh();
}

void PeerPanel::refresh() {
    if (!m_tracker) {
        m_fingerprint->setText(tr("No session"));
        for (QLabel *l : {m_key, m_ownKey, m_version, m_endpoint, m_state})
            l->clear();
        m_certBox->hide();
        m_rulesBox->hide();
        m_verdict->setVerdict(std::nullopt);
        m_javaWarning->hide();
        return;
    }
    const SessionInfo &i = m_tracker->info();
    m_javaWarning->setVisible(i.javaReferenceClient);
    m_fingerprint->setText(i.peerPublicKey.isEmpty() ? tr("waiting for the peer's key…")
                                                     : fingerprint(i.peerPublicKey));
    m_key->setText(i.peerPublicKey.isEmpty() ? tr("—") : groupedHex(i.peerPublicKey));
    m_ownKey->setText(i.localPublicKey.isEmpty() ? tr("—") : fingerprint(i.localPublicKey));
    m_version->setText(i.version == 2 ? tr("SWS version 2 (certificates)")
                                      : tr("SWS version 1 (keys only)"));
    m_endpoint->setText(tr("%1 — we are the %2")
                            .arg(i.endpoint, i.role == Role::Client ? tr("client") : tr("server")));
    QString state = sessionStateName(i.state);
    if (const QString end = m_tracker->endText(); !end.isEmpty())
        state += QStringLiteral(" — ") + end;
    m_state->setText(state);

    const bool hasCert = i.peerCertificate || i.peerVerdict;
    m_certBox->show();
    m_certSummary->setVisible(hasCert);
    m_certFields->setVisible(hasCert);
    m_rulesBox->setVisible(hasCert);
    m_noCert->setVisible(!hasCert);
    if (i.version == 1)
        m_noCert->setText(tr("Version 1 sessions carry no certificates: the fingerprint is "
                             "the only proof of who the peer is."));
    else if (i.role == Role::Server)
        m_noCert->setText(tr("This room does not ask clients for a certificate."));
    else
        m_noCert->setText(tr("The server's certificate has not arrived yet."));
    m_verdict->setVerdict(i.peerVerdict);
    if (!hasCert)
        return;
    if (i.peerVerdict)
        m_certSummary->setText(
            i.peerVerdict->valid
                ? tr("<span style='color:#2e9d57;font-weight:bold'>✔ Certificate valid</span>"
                     " — every rule below passed")
                : tr("<span style='color:#d03c3c;font-weight:bold'>✘ Certificate refused</span>"
                     " — %1")
                      .arg(theme::escape(i.peerVerdict->message)));
    if (const auto &c = i.peerCertificate) {
        QString html = theme::htmlStyle() + QStringLiteral("<table class='f'>");
        html += row(tr("Type"), c->type());
        html += row(tr("CA"), cert::displayText(c->caName()));
        html += row(tr("Names"), cert::displayText(c->names().join(QStringLiteral(", ")), 200));
        html += row(tr("IP addresses"), c->ips().join(QStringLiteral(", ")));
        if (!c->macs().isEmpty())
            html += row(tr("MAC addresses"), c->macs().join(QStringLiteral(", ")));
        html += row(tr("Key in certificate"), fingerprint(c->publicKey()), true);
        html += row(tr("Valid until"), dateOf(c->tteMs()));
        if (c->signTimeMs())
            html += row(tr("Signed"), dateOf(*c->signTimeMs()));
        if (!c->gid().isEmpty())
            html += row(tr("gid"), c->gid(), true);
        html += row(tr("Certificate fingerprint"), c->fingerprint(), true);
        m_certFields->setText(html + QStringLiteral("</table>"));
    } else {
        m_certFields->setText(tr("The certificate could not be read."));
    }
}

} // namespace sws::ui
