#pragma once

#include "cli.h"
#include "session/securewebsocket.h"
#include "trust/pinningverifier.h"
#include "trust/trustservice.h"

#include <memory>
#include <optional>

// `sws connect` and the profile: --profile, --identity, --pin-policy, --v2.
namespace sws::cli {

std::vector<Option> connectTrustOptions();

struct ConnectTrust {
    // The command's profile and trust store: must outlive the verifier (declare before the
    // session); destroying it waits for a pin still being written.
    std::unique_ptr<TrustService> trust;
    std::shared_ptr<PinningVerifier> verifier;
    QString profileHint; // " --profile DIR" when given, for the commands the messages suggest
};

// After loadIdentity(): the identity's key pair (and certificate) from the profile with
// --identity, the trust store's enabled CAs for --v2 without --ca, and the pin verifier.
// Prints the reason and returns false when it cannot.
bool setupConnectTrust(const QString &command, const Args &a, SessionConfig &cfg,
                       ConnectTrust &trust, int *exitCode);

// Refuses Ask (no one to ask on a command line) and prints the pin decision in plain words on
// stderr: a changed or unknown key before the summary line, a key pinned on first use (and a
// warning when it could not be saved).
void watchPinning(SecureWebSocket *session, const ConnectTrust &trust, const QUrl &url);

} // namespace sws::cli
