#pragma once

#include "cli.h"
#include "profile/passphrase.h"
#include "profile/profile.h"
#include "session/securewebsocket.h"
#include "trust/truststore.h"

#include <memory>
#include <optional>

// What the profile commands (identity, trust, pin) and `sws connect` share: the profile
// directory, passphrases from a terminal, a file or the environment, and subcommand groups.
namespace sws::cli {

Option profileOption();        // --profile DIR
Option passphraseFileOption(); // --passphrase-file FILE

// --profile DIR, else $SWS_PROFILE, else the GUI's application data directory.
Profile openProfile(const Args &a);
// " --profile DIR" when it was given on the command line (for hints), else empty.
QString profileHint(const Args &a);

// Where a command's passphrase comes from, first that applies: --passphrase-file FILE (its
// first line), $SWS_PASSPHRASE, the terminal (/dev/tty, echo off; asks twice for a new one).
std::unique_ptr<PassphraseProvider> passphraseProvider(const Args &a);

// --identity NAME: unlocks the profile's identity (asking passphraseProvider(a)) into
// cfg.keyPair and returns its record (certificate included); nullopt with *exitCode set and the
// reason printed when it cannot.
std::optional<Profile::Identity> unlockProfileIdentity(const QString &command, const Args &a,
                                                       SessionConfig &cfg, int *exitCode);
// Parses args for spec into *a, then reads the profile's trust store: nullopt with *exitCode
// set (usage, help or a read error, already printed) when either fails.
std::optional<TrustStore> parseAndLoadTrustStore(const CommandSpec &spec, const QStringList &args,
                                                 Args *a, int *exitCode);
// The profile's trust store; prints the error and sets *exitCode when it cannot be read.
std::optional<TrustStore> loadTrustStore(const QString &command, const Profile &profile,
                                         int *exitCode);
// Saves change into the profile's trust store under its lock (TrustStore::update): store is
// what the command read and checked; change is applied again to the file as it is now, so a
// concurrent writer's changes stay. Prints the error and returns kExitFailure when it cannot.
int updateTrustStore(const QString &command, TrustStore &store,
                     const std::function<void(TrustStore &)> &change);

// --json: "valid", "expires-soon" or "expired".
QString expiryStatusName(ExpiryStatus status);
// --json: a certificate's summary {"caName","names","ips","expires","status","fingerprint"}.
QJsonObject certificateSummaryJson(const cert::Certificate &c, qint64 nowMs);

// "identity new", "pin add", ...: a group of subcommands with its own help.
struct Subcommand {
    const char *name;
    int (*run)(const QStringList &args);
    const char *summary;
};
int runGroup(const QString &group, const QString &description,
             const std::vector<Subcommand> &subcommands, const QStringList &args);

} // namespace sws::cli
