#pragma once

#include "cli.h"
#include "connecttrust.h"
#include "session/securewebsocket.h"
#include "trust/invitation.h"

#include <optional>

// Invitation links on the command line: `sws connect LINK`, the `invite:` line of `sws serve`
// and `sws invite`.
namespace sws::cli {

// The paragraph `sws connect --help` adds about LINK.
QString inviteArgHelp();
// text is the URL argument of `sws connect`: a link (decoded into *invite) or not (nullopt).
// Prints the reason and returns false for a link that does not decode.
bool readInviteArg(const QString &command, const QString &text, std::optional<Invitation> *invite,
                   int *exitCode);

// After setupConnectTrust(): the session accepts only the link's key (whatever the pin policy),
// a version 2 session trusts only the link's CA, and the key is pinned and marked verified once
// the session is secured. Prints the reason and returns false when it cannot.
bool applyInvite(const QString &command, const Invitation &invite, const Args &a,
                 SessionConfig &cfg, ConnectTrust &trust, int *exitCode);
// Prints refusals (both fingerprints), unreachable hosts and the pin; call before open().
void watchInvite(SecureWebSocket *session, const Invitation &invite, ConnectTrust &trust);

// The link a server with this configuration, listening at url, hands out (serverInvitation()).
QString serveInvitationLink(const SessionConfig &cfg, const QUrl &url);

// The link as a QR code in the terminal: Unicode half blocks, two modules per character cell
// row, with a quiet zone. Empty when libqrencode cannot encode it.
QString terminalQr(const QString &text);

} // namespace sws::cli
