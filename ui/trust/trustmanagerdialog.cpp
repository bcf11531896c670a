#include "trust/trustmanagerdialog.h"

#include "cert/keyfiles.h"
#include "trust/trustmodels.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace sws::ui {

namespace {

QTableView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent) {
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QPushButton *button(const QString &text, const QString &name, QWidget *parent) {
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAutoDefault(false);
    return b;
}

} // namespace

TrustManagerDialog::TrustManagerDialog(TrustService &trust, QWidget *parent)
    : DialogBase(tr("Trust"), parent)
    , m_service(trust)
    // The copy starts from the file as it is now (the CLI may have changed it).
    , m_before((trust.refresh(), *trust.snapshot()))
    , m_work(m_before)
    , m_caModel(new TrustedCaModel(&m_work, this))
    , m_pinModel(new PinModel(&m_work, this))
    , m_caView(makeTable(m_caModel, QStringLiteral("caView"), this))
    , m_pinView(makeTable(m_pinModel, QStringLiteral("pinView"), this)) {
    m_caView->setAccessibleName(tr("Trusted certificate authorities"));
    m_pinView->setAccessibleName(tr("Pinned server keys"));
    setObjectName(QStringLiteral("trustManagerDialog"));
    auto *caTitle = new QLabel(tr("<b>Certificate authorities</b> — the enabled ones may sign "
                                  "the certificates of servers (version 2)"),
                               this);
    auto *pinTitle = new QLabel(tr("<b>Pinned server keys</b> — a server whose key differs from "
                                   "its pin is refused"),
                                this);
    auto *addCa = button(tr("Add CA…"), QStringLiteral("addCa"), this);
    auto *removeCa = button(tr("Remove CA"), QStringLiteral("removeCa"), this);
    auto *verify = button(tr("Mark verified…"), QStringLiteral("verifyPin"), this);
    auto *removePin = button(tr("Remove pin"), QStringLiteral("removePin"), this);
    auto *caButtons = new QHBoxLayout;
    caButtons->addWidget(addCa);
    caButtons->addWidget(removeCa);
    caButtons->addStretch();
    auto *pinButtons = new QHBoxLayout;
    pinButtons->addWidget(verify);
    pinButtons->addWidget(removePin);
    pinButtons->addStretch();
    body()->addWidget(caTitle);
    body()->addWidget(m_caView, 1);
    body()->addLayout(caButtons);
    body()->addWidget(pinTitle);
    body()->addWidget(m_pinView, 1);
    body()->addLayout(pinButtons);
    m_caView->resizeColumnsToContents();
    m_pinView->resizeColumnsToContents();

    connect(m_caModel, &QAbstractItemModel::dataChanged, this, &TrustManagerDialog::changed);
    connect(addCa, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Trust a CA certificate"), QString(), tr("CA certificates (*.json)"));
        QString error;
        if (!path.isEmpty() && !addCaFile(path, &error))
            setStatus(error, true);
    });
    const auto run = [this](bool (TrustManagerDialog::*action)(QString *)) {
        QString error;
        if (!(this->*action)(&error))
            setStatus(error, true);
    };
    connect(removeCa, &QPushButton::clicked, this,
            [run] { run(&TrustManagerDialog::removeSelectedCa); });
    connect(removePin, &QPushButton::clicked, this,
            [run] { run(&TrustManagerDialog::removeSelectedPin); });
    connect(verify, &QPushButton::clicked, this, [this] { confirmVerifySelectedPin(); });
    resize(820, 560);
    revalidate();
}

int TrustManagerDialog::selectedRow(QTableView *view) const {
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void TrustManagerDialog::changed() {
    m_dirty = true;
    revalidate();
}

bool TrustManagerDialog::addCaFile(const QString &path, QString *error) {
    auto ca = keyfiles::readCertificate(path);
    if (!ca) {
        *error = ca.error().message;
        return false;
    }
    auto id = m_work.addCa(*ca, true, QDateTime::currentMSecsSinceEpoch());
    if (!id) {
        *error = id.error();
        return false;
    }
    m_caModel->refresh();
    changed();
    return true;
}

bool TrustManagerDialog::removeSelectedCa(QString *error) {
    const int row = selectedRow(m_caView);
    if (row < 0) {
        *error = tr("Select a CA first.");
        return false;
    }
    auto removed = m_work.removeCa(m_work.cas().at(row).id);
    if (!removed) {
        *error = removed.error();
        return false;
    }
    m_caModel->refresh();
    changed();
    return true;
}

bool TrustManagerDialog::removeSelectedPin(QString *error) {
    const int row = selectedRow(m_pinView);
    if (row < 0) {
        *error = tr("Select a pinned key first.");
        return false;
    }
    m_work.removePin(m_work.pins().at(row).endpoint);
    m_pinModel->refresh();
    changed();
    return true;
}

QMessageBox *TrustManagerDialog::confirmVerifySelectedPin() {
    const int row = selectedRow(m_pinView);
    if (row < 0) {
        setStatus(tr("Select a pinned key first."), true);
        return nullptr;
    }
    const TrustStore::Pin pin = m_work.pins().at(row);
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Verify a server key"),
        tr("Compare this fingerprint with the one the owner of %1 gave you — in person or by "
           "phone, not over this connection:\n\n%2\n\nDo they match exactly?")
            .arg(pin.endpoint, fingerprint(pin.publicKey)),
        QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("verifyPinBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::No);
    connect(box, &QMessageBox::finished, this, [this, box, pin] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        // Only if the pin still holds the key the person compared.
        const TrustStore::Pin *now = m_work.pin(pin.endpoint);
        if (now && now->publicKey == pin.publicKey) {
            m_work.setVerified(pin.endpoint, true);
            m_pinModel->refresh();
            changed();
        }
    });
    box->open();
    return box;
}

bool TrustManagerDialog::validate(QString *) const {
    return true;
}

QString TrustManagerDialog::readyText() const {
    int enabled = 0;
    int expiring = 0;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const TrustStore::TrustedCa &ca : m_work.cas()) {
        enabled += ca.enabled ? 1 : 0;
        expiring += ca.enabled && expiryStatus(ca.cert, now) != ExpiryStatus::Valid ? 1 : 0;
    }
    QString text = tr("%1 of %2 CAs trusted, %3 pinned keys.")
                       .arg(enabled)
                       .arg(m_work.cas().size())
                       .arg(m_work.pins().size());
    if (expiring)
        text += tr(" %1 trusted CAs expire within 30 days or have expired.").arg(expiring);
    if (m_dirty)
        text += tr(" OK saves the changes.");
    return text;
}

// Saves what was changed here, and only that, into the file as other programs may have left it
// meanwhile (TrustStore::update): CAs added, removed, enabled or disabled; pins removed or
// marked verified (only while the pin still holds the key that was shown).
bool TrustManagerDialog::apply(QString *error) {
    if (!m_dirty)
        return true;
    const TrustStore before = m_before;
    const TrustStore edited = m_work;
    const auto caIn = [](const TrustStore &t, const QString &id) -> const TrustStore::TrustedCa * {
        for (const TrustStore::TrustedCa &ca : t.cas())
            if (ca.id == id)
                return &ca;
        return nullptr;
    };
    auto saved = m_service.writeAndWait([before, edited, caIn](TrustStore &now) {
        for (const TrustStore::TrustedCa &ca : before.cas())
            if (!caIn(edited, ca.id))
                (void)now.removeCa(ca.id);
        for (const TrustStore::TrustedCa &ca : edited.cas()) {
            const TrustStore::TrustedCa *old = caIn(before, ca.id);
            if (!old)
                (void)now.addCa(ca.cert, ca.enabled, ca.addedMs);
            else if (old->enabled != ca.enabled)
                (void)now.setCaEnabled(ca.id, ca.enabled);
        }
        for (const TrustStore::Pin &pin : before.pins()) {
            const TrustStore::Pin *current = now.pin(pin.endpoint);
            if (!current || current->publicKey != pin.publicKey)
                continue; // changed by another program: theirs stands
            const TrustStore::Pin *mine = edited.pin(pin.endpoint);
            if (!mine)
                now.removePin(pin.endpoint);
            else if (mine->verified != pin.verified)
                now.setVerified(pin.endpoint, mine->verified);
        }
    });
    if (!saved) {
        *error = saved.error();
        return false;
    }
    m_before = *m_service.snapshot();
    m_work = m_before;
    return true;
}

} // namespace sws::ui
