#pragma once

#include "pinningverifier.h"
#include "profile.h"
#include "truststore.h"

#include <memory>

class QMainWindow;
class QMenu;
class QWidget;

namespace sws {
class SecureWebSocket;
}

// The entry points of the keys-and-trust dialogs for the main window: one function per dialog
// (each opens it window-modal and deletes it on close), the Keys menu, and the pin check of
// client connections (policy ask, answered with PeerKeyDialog).
namespace sws::ui {

class CertInspectDialog;
class CreateCaDialog;
class ExportDialog;
class ImportDialog;
class IssueCertDialog;
class NewIdentityDialog;
class TrustManagerDialog;

// The GUI's profile and trust store, one per process.
class KeyContext {
public:
    static KeyContext &instance();
    // --profile DIR (empty: $SWS_PROFILE, else the default). Reloads the trust store.
    void setProfileDirectory(const QString &overrideDir);
    const Profile &profile() const { return m_profile; }
    TrustStore &trustStore() { return m_store; }
    QString loadError() const { return m_loadError; } // trust.json was unreadable

private:
    KeyContext();
    Profile m_profile;
    TrustStore m_store;
    QString m_loadError;
};

NewIdentityDialog *openNewIdentityDialog(QWidget *parent);
CreateCaDialog *openCreateCaDialog(QWidget *parent);
IssueCertDialog *openIssueCertDialog(QWidget *parent);
CertInspectDialog *openCertInspectDialog(QWidget *parent);
ImportDialog *openImportDialog(QWidget *parent);
ExportDialog *openExportDialog(QWidget *parent);
TrustManagerDialog *openTrustManager(QWidget *parent);

// Adds a "Keys" menu with every dialog to window's menu bar (before a Help menu if there is
// one) and selects the profile (profileDir as for setProfileDirectory()). Returns the menu.
QMenu *installTrustMenus(QMainWindow *window, const QString &profileDir = {});

// For a client session about to be opened: pins checked against the trust store with policy
// Ask, and for version 2 without CAs of its own, the store's enabled CAs. Returns the verifier
// to pass to watchPeerTrust().
std::shared_ptr<PinningVerifier> applyPeerTrust(SessionConfig &config,
                                                PinPolicy policy = PinPolicy::Ask);
// Answers the socket's peerApprovalRequired with a PeerKeyDialog (Trust pins the key and lets
// the session go on; Cancel refuses it) and explains a refused changed key with one.
void watchPeerTrust(SecureWebSocket *socket, std::shared_ptr<PinningVerifier> verifier,
                    QWidget *parent);

} // namespace sws::ui
