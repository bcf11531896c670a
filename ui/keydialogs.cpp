#include "keydialogs.h"

#include "certinspectdialog.h"
#include "createcadialog.h"
#include "exportdialog.h"
#include "importdialog.h"
#include "issuecertdialog.h"
#include "newidentitydialog.h"
#include "passphrasedialog.h"
#include "peerkeydialog.h"
#include "securewebsocket.h"
#include "trustmanagerdialog.h"

#include <QAction>
#include <QDateTime>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QStatusBar>

namespace sws::ui {

namespace {

template <typename D> D *show(D *dlg) {
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->open();
    return dlg;
}

// Protected keys asked for while a dialog applies: a passphrase dialog over that dialog. The
// provider is owned by the dialog through a small QObject holder.
class ProviderHolder : public QObject {
public:
    DialogPassphraseProvider provider{nullptr};
};

template <typename D, typename Make> D *withPassphrases(Make make) {
    auto *holder = new ProviderHolder;
    D *dlg = make(&holder->provider);
    holder->setParent(dlg);
    holder->provider.setParentWidget(dlg);
    return show(dlg);
}

} // namespace

KeyContext::KeyContext()
    : m_profile(Profile::resolveDirectory()) {
    setProfileDirectory({});
}

KeyContext &KeyContext::instance() {
    static KeyContext context;
    return context;
}

void KeyContext::setProfileDirectory(const QString &overrideDir) {
    m_profile = Profile(Profile::resolveDirectory(overrideDir));
    auto store = TrustStore::load(m_profile.trustStorePath());
    m_loadError = store ? QString() : store.error();
    m_store = store ? std::move(store).value() : TrustStore();
}

NewIdentityDialog *openNewIdentityDialog(QWidget *parent) {
    return show(new NewIdentityDialog(KeyContext::instance().profile(), parent));
}

CreateCaDialog *openCreateCaDialog(QWidget *parent) {
    KeyContext &k = KeyContext::instance();
    return show(new CreateCaDialog(k.profile(), &k.trustStore(), parent));
}

IssueCertDialog *openIssueCertDialog(QWidget *parent) {
    return withPassphrases<IssueCertDialog>([parent](PassphraseProvider *p) {
        return new IssueCertDialog(KeyContext::instance().profile(), p, parent);
    });
}

CertInspectDialog *openCertInspectDialog(QWidget *parent) {
    KeyContext &k = KeyContext::instance();
    return show(new CertInspectDialog(k.profile(), &k.trustStore(), parent));
}

ImportDialog *openImportDialog(QWidget *parent) {
    KeyContext &k = KeyContext::instance();
    return show(new ImportDialog(k.profile(), &k.trustStore(), parent));
}

ExportDialog *openExportDialog(QWidget *parent) {
    return withPassphrases<ExportDialog>([parent](PassphraseProvider *p) {
        return new ExportDialog(KeyContext::instance().profile(), p, parent);
    });
}

TrustManagerDialog *openTrustManager(QWidget *parent) {
    return show(new TrustManagerDialog(KeyContext::instance().trustStore(), parent));
}

QMenu *installTrustMenus(QMainWindow *window, const QString &profileDir) {
    KeyContext &context = KeyContext::instance();
    context.setProfileDirectory(profileDir);
    if (!context.loadError().isEmpty())
        window->statusBar()->showMessage(
            QObject::tr("Trust store unreadable, pins are not saved: %1").arg(context.loadError()));
    auto *menu = new QMenu(QObject::tr("&Keys"), window);
    menu->setObjectName(QStringLiteral("keysMenu"));
    const auto add = [menu, window](const QString &text, auto open) {
        QAction *a = menu->addAction(text, window, [window, open] { open(window); });
        return a;
    };
    add(QObject::tr("&New identity…"), openNewIdentityDialog);
    add(QObject::tr("&Import…"), openImportDialog);
    add(QObject::tr("&Export…"), openExportDialog);
    menu->addSeparator();
    add(QObject::tr("Create a &CA…"), openCreateCaDialog);
    add(QObject::tr("Issue a &certificate…"), openIssueCertDialog);
    add(QObject::tr("Inspect a certificate &file…"), openCertInspectDialog);
    menu->addSeparator();
    add(QObject::tr("&Trust and pinned keys…"), openTrustManager);
    // Before Help, as menus usually go.
    QMenuBar *bar = window->menuBar();
    QAction *before = nullptr;
    for (QAction *a : bar->actions()) {
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QObject::tr("Help"))
            before = a;
    }
    bar->insertMenu(before, menu);
    return menu;
}

std::shared_ptr<PinningVerifier> applyPeerTrust(SessionConfig &config, PinPolicy policy) {
    TrustStore &store = KeyContext::instance().trustStore();
    (void)store.reload(); // the CLI or another window may have changed it
    if (config.version == 2 && config.trustedCas.isEmpty())
        config.trustedCas = store.enabledCas(QDateTime::currentMSecsSinceEpoch());
    auto verifier = std::make_shared<PinningVerifier>(store, policy);
    config.verifier = verifier;
    return verifier;
}

void watchPeerTrust(SecureWebSocket *socket, std::shared_ptr<PinningVerifier> verifier,
                    QWidget *parent) {
    QPointer<SecureWebSocket> guard(socket);
    QObject::connect(
        socket, &SecureWebSocket::peerApprovalRequired, socket,
        [guard, verifier, parent](const PeerIdentity &peer) {
            auto *dlg = new PeerKeyDialog(verifier->lastOutcome(), peer, parent);
            dlg->setAttribute(Qt::WA_DeleteOnClose);
            QObject::connect(guard, &SecureWebSocket::disconnected, dlg, &QDialog::reject);
            QObject::connect(dlg, &QDialog::finished, dlg, [guard, verifier, peer, dlg](int r) {
                if (!guard)
                    return;
                if (r != QDialog::Accepted) {
                    guard->approvePeer(false, QObject::tr("key refused by the user"));
                    return;
                }
                if (auto saved = verifier->pinAccepted(peer, dlg->markVerified()); !saved)
                    QMessageBox::warning(dlg->parentWidget(), QObject::tr("Pinned keys"),
                                         QObject::tr("The key is trusted for this session, but "
                                                     "could not be saved: %1")
                                             .arg(saved.error()));
                guard->approvePeer(true);
            });
            dlg->open();
        });
    QObject::connect(
        socket, &SecureWebSocket::errorOccurred, socket, [verifier, parent](SessionError e) {
            if (e != SessionError::PeerKeyChanged)
                return;
            auto *dlg = new PeerKeyDialog(verifier->lastOutcome(), {}, parent);
            dlg->setAttribute(Qt::WA_DeleteOnClose);
            QObject::connect(dlg, &PeerKeyDialog::forgetPinRequested, dlg,
                             [verifier](const QString &endpoint) {
                                 (void)verifier->store().update(
                                     [&endpoint](TrustStore &s) { (void)s.removePin(endpoint); });
                             });
            dlg->open();
        });
}

} // namespace sws::ui
