#include "trust/keydialogs.h"

#include "dialogs/certinspectdialog.h"
#include "dialogs/createcadialog.h"
#include "dialogs/exportdialog.h"
#include "dialogs/importdialog.h"
#include "dialogs/issuecertdialog.h"
#include "dialogs/newidentitydialog.h"
#include "dialogs/passphrasedialog.h"
#include "session/securewebsocket.h"
#include "trust/peerkeydialog.h"
#include "trust/trustmanagerdialog.h"

#include <QAction>
#include <QDateTime>
#include <QMainWindow>
#include <QMenuBar>
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

NewIdentityDialog *openNewIdentityDialog(TrustService &trust, QWidget *parent) {
    return show(new NewIdentityDialog(trust.profile(), parent));
}

CreateCaDialog *openCreateCaDialog(TrustService &trust, QWidget *parent) {
    return show(new CreateCaDialog(trust.profile(), &trust, parent));
}

IssueCertDialog *openIssueCertDialog(TrustService &trust, QWidget *parent) {
    return withPassphrases<IssueCertDialog>([&trust, parent](PassphraseProvider *p) {
        return new IssueCertDialog(trust.profile(), p, parent);
    });
}

CertInspectDialog *openCertInspectDialog(TrustService &trust, QWidget *parent) {
    trust.refresh();
    const std::shared_ptr<const TrustStore> store = trust.snapshot();
    return show(new CertInspectDialog(trust.profile(), store.get(), parent));
}

ImportDialog *openImportDialog(TrustService &trust, QWidget *parent) {
    return show(new ImportDialog(trust.profile(), &trust, parent));
}

ExportDialog *openExportDialog(TrustService &trust, QWidget *parent) {
    return withPassphrases<ExportDialog>([&trust, parent](PassphraseProvider *p) {
        return new ExportDialog(trust.profile(), p, parent);
    });
}

TrustManagerDialog *openTrustManager(TrustService &trust, QWidget *parent) {
    return show(new TrustManagerDialog(trust, parent));
}

QMenu *installTrustMenus(QMainWindow *window, TrustService &trust) {
    if (!trust.loadError().isEmpty())
        window->statusBar()->showMessage(
            QObject::tr("Trust store unreadable, pins are not saved: %1").arg(trust.loadError()));
    // Queued: emitted by the service's writer thread.
    QObject::connect(&trust, &TrustService::writeFailed, window, [window](const QString &error) {
        window->statusBar()->showMessage(
            QObject::tr("The trust store could not be saved: %1").arg(error));
    });
    auto *menu = new QMenu(QObject::tr("&Keys"), window);
    menu->setObjectName(QStringLiteral("keysMenu"));
    TrustService *service = &trust;
    const auto add = [menu, window, service](const QString &text, auto open) {
        QAction *a =
            menu->addAction(text, window, [window, service, open] { open(*service, window); });
        return a;
    };
    add(QObject::tr("&New identity…"), openNewIdentityDialog);
    add(QObject::tr("&Import…"), openImportDialog);
    add(QObject::tr("&Export…"), openExportDialog);
    menu->addSeparator();
    add(QObject::tr("Create a &CA…"), openCreateCaDialog);
    add(QObject::tr("I&ssue a certificate…"), openIssueCertDialog);
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

std::shared_ptr<PinningVerifier> applyPeerTrust(TrustService &trust, SessionConfig &config,
                                                PinPolicy policy) {
    trust.refresh(); // the CLI may have changed it (a plain read: no waiting for its lock)
    if (config.version == 2 && config.trustedCas.isEmpty())
        config.trustedCas = trust.snapshot()->enabledCas(QDateTime::currentMSecsSinceEpoch());
    auto verifier = std::make_shared<PinningVerifier>(trust, policy);
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
                verifier->pinAccepted(peer, dlg->markVerified());
                guard->approvePeer(true);
            });
            dlg->open();
        });
    QObject::connect(socket, &SecureWebSocket::errorOccurred, socket,
                     [verifier, parent](SessionError e) {
                         if (e != SessionError::PeerKeyChanged)
                             return;
                         auto *dlg = new PeerKeyDialog(verifier->lastOutcome(), {}, parent);
                         dlg->setAttribute(Qt::WA_DeleteOnClose);
                         QObject::connect(dlg, &PeerKeyDialog::forgetPinRequested, dlg,
                                          [verifier](const QString &endpoint) {
                                              verifier->trust().write([endpoint](TrustStore &s) {
                                                  (void)s.removePin(endpoint);
                                              });
                                          });
                         dlg->open();
                     });
}

} // namespace sws::ui
