#pragma once

#include "profile/profile.h"
#include "trust/pinningverifier.h"
#include "trust/trustservice.h"
#include "trust/truststore.h"

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

// Each takes the program's TrustService (made by main, owned above the window) for the profile
// and the trust store.
NewIdentityDialog *openNewIdentityDialog(TrustService &trust, QWidget *parent);
CreateCaDialog *openCreateCaDialog(TrustService &trust, QWidget *parent);
IssueCertDialog *openIssueCertDialog(TrustService &trust, QWidget *parent);
CertInspectDialog *openCertInspectDialog(TrustService &trust, QWidget *parent);
ImportDialog *openImportDialog(TrustService &trust, QWidget *parent);
ExportDialog *openExportDialog(TrustService &trust, QWidget *parent);
TrustManagerDialog *openTrustManager(TrustService &trust, QWidget *parent);

// Adds a "Keys" menu with every dialog to window's menu bar (before a Help menu if there is
// one), and shows on the status bar when trust.json is unreadable or cannot be written.
// trust must outlive the window. Returns the menu.
QMenu *installTrustMenus(QMainWindow *window, TrustService &trust);

// For a client session about to be opened: pins checked against the trust store with policy
// Ask, and for version 2 without CAs of its own, the store's enabled CAs. Returns the verifier
// to pass to watchPeerTrust().
std::shared_ptr<PinningVerifier> applyPeerTrust(TrustService &trust, SessionConfig &config,
                                                PinPolicy policy = PinPolicy::Ask);
// Answers the socket's peerApprovalRequired with a PeerKeyDialog (Trust pins the key and lets
// the session go on at once, the file is written behind; Cancel refuses it) and explains a
// refused changed key with one.
void watchPeerTrust(SecureWebSocket *socket, std::shared_ptr<PinningVerifier> verifier,
                    QWidget *parent);

} // namespace sws::ui
