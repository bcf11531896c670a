#pragma once

#include "session/securewebsocket.h"

namespace sws::cli {

// With --verbose: each handshake stage, the certificate verdict and every failure of a
// session, one line each on stderr, prefixed with `who`. Never key bytes.
void logSession(SecureWebSocket *session, const QString &who);

// Always (not only with --verbose): a warning on stderr when a client's ClientHello has the
// Java reference client's shape, whose nonces and share keys are predictable.
void warnJavaReferenceClient(SecureWebSocket *session, const QString &command);

// Loads --key (or, without it, keeps a key pair already in cfg or makes an ephemeral one),
// --cert and --ca for serve/connect. Prints a
// one-line error and returns false when a file is unusable.
struct IdentityOptions {
    QString keyPath, certPath, caPath;
};
bool loadIdentity(const QString &command, const IdentityOptions &opts, SessionConfig &cfg,
                  int *exitCode);

} // namespace sws::cli
