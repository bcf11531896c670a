// sws pin: server keys pinned per endpoint (host:port/path).
#include "cli.h"
#include "cliprofile.h"
#include "crypto/crypto.h"

#include <QDateTime>

#include <cstdio>
#include <unistd.h>

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

const QString kEndpointHelp =
    QStringLiteral("ENDPOINT is HOST:PORT/PATH as 'sws pin list' shows it, or a ws:// or wss://\n"
                   "URL (port 80 for ws, 443 for wss, and path / when absent).");

// The stored endpoint a command names: exactly as listed, or normalized.
std::optional<QString> endpointArg(const TrustStore &store, const QString &text) {
    if (store.pin(text))
        return text;
    return TrustStore::normalizeEndpoint(text);
}

QString compact(const QString &fp) {
    QString s = fp.toLower();
    s.remove(QLatin1Char(' '));
    s.remove(QLatin1Char(':'));
    return s;
}

int list(const QStringList &args) {
    const CommandSpec spec{str("pin list"),
                           str("[--profile DIR] [--json]"),
                           str("Lists the pinned server keys: endpoint, fingerprint, verified."),
                           {profileOption(), jsonOption()},
                           {},
                           str("--json: [{\"endpoint\",\"publicKey\",\"fingerprint\",\"verified\","
                               "\"pinned\"}]")};
    Args a;
    int code = kExitOk;
    const auto store = parseAndLoadTrustStore(spec, args, &a, &code);
    if (!store)
        return code;
    if (a.has(str("json"))) {
        QJsonArray list;
        for (const TrustStore::Pin &p : store->pins()) {
            list.append(QJsonObject{{str("endpoint"), p.endpoint},
                                    {str("publicKey"), toHex(p.publicKey)},
                                    {str("fingerprint"), fingerprint(p.publicKey)},
                                    {str("verified"), p.verified},
                                    {str("pinned"), isoUtc(p.addedMs)}});
        }
        outJson(list);
        return kExitOk;
    }
    for (const TrustStore::Pin &p : store->pins()) {
        out(str("%1  %2  %3  pinned %4")
                .arg(p.endpoint.leftJustified(24), fingerprint(p.publicKey),
                     p.verified ? str("verified  ") : str("unverified"),
                     QDateTime::fromMSecsSinceEpoch(p.addedMs, Qt::UTC).toString(Qt::ISODate)));
    }
    return kExitOk;
}

int add(const QStringList &args) {
    const CommandSpec spec{
        str("pin add"),
        str("ENDPOINT KEYHEX [--verified] [--profile DIR]"),
        str("Pins a server's box public key (64 hex digits) for ENDPOINT, "
            "replacing another."),
        {{str("verified"), {}, str("you compared the fingerprint already")}, profileOption()},
        {str("ENDPOINT"), str("KEYHEX")},
        kEndpointHelp};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const auto endpoint = TrustStore::normalizeEndpoint(a.positionals().first());
    if (!endpoint)
        return usageError(spec.command,
                          str("ENDPOINT must be HOST:PORT/PATH or a ws:// or wss:// URL"));
    const QString hex = a.positionals().at(1).trimmed();
    const QByteArray key = QByteArray::fromHex(hex.toLatin1());
    if (key.size() != kBoxPublicKeyBytes || toHex(key) != hex.toLower())
        return usageError(spec.command, str("KEYHEX must be 64 hex digits (a box public key)"));
    int code = kExitOk;
    auto store = loadTrustStore(spec.command, openProfile(a), &code);
    if (!store)
        return code;
    const TrustStore::Pin *old = store->pin(*endpoint);
    if (old && old->publicKey != key)
        err(str("sws pin add: replaced the key pinned for %1 (was %2)")
                .arg(*endpoint, fingerprint(old->publicKey)));
    const bool verified = a.has(str("verified"));
    if (updateTrustStore(spec.command, *store, [&](TrustStore &s) {
            s.setPin(*endpoint, key, verified, nowMs());
        }) != kExitOk)
        return kExitFailure;
    out(str("%1  %2").arg(*endpoint, fingerprint(key)));
    return kExitOk;
}

int remove(const QStringList &args) {
    const CommandSpec spec{str("pin remove"),
                           str("ENDPOINT [--profile DIR]"),
                           str("Forgets the key pinned for ENDPOINT: the next connection is "
                               "treated as a first one."),
                           {profileOption()},
                           {str("ENDPOINT")},
                           kEndpointHelp};
    Args a;
    int code = kExitOk;
    auto store = parseAndLoadTrustStore(spec, args, &a, &code);
    if (!store)
        return code;
    const auto endpoint = endpointArg(*store, a.positionals().first());
    if (!endpoint || !store->removePin(*endpoint))
        return failure(
            spec.command,
            str("no key is pinned for %1").arg(cert::displayText(a.positionals().first(), 64)));
    if (updateTrustStore(spec.command, *store,
                         [&](TrustStore &s) { (void)s.removePin(*endpoint); }) != kExitOk)
        return kExitFailure;
    err(str("sws pin remove: removed the pin of %1").arg(*endpoint));
    return kExitOk;
}

bool askYes(const QString &question) {
    err(question + str(" [y/N] "));
    char line[16] = {};
    if (!std::fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

int verify(const QStringList &args) {
    const CommandSpec spec{
        str("pin verify"),
        str("ENDPOINT [--fingerprint FP] [--profile DIR]"),
        str("Marks a pinned key as verified once you have compared its fingerprint with the one\n"
            "the server's owner gave you (in person, by phone: not over the same connection)."),
        {{str("fingerprint"), str("FP"),
          str("the fingerprint you were given (spaces optional); without it, asks on a terminal")},
         profileOption()},
        {str("ENDPOINT")},
        kEndpointHelp + str("\nExit status 1 when the fingerprints differ (nothing is changed).")};
    Args a;
    int code = kExitOk;
    auto store = parseAndLoadTrustStore(spec, args, &a, &code);
    if (!store)
        return code;
    const auto endpoint = endpointArg(*store, a.positionals().first());
    const TrustStore::Pin *pin = endpoint ? store->pin(*endpoint) : nullptr;
    if (!pin)
        return failure(
            spec.command,
            str("no key is pinned for %1").arg(cert::displayText(a.positionals().first(), 64)));
    if (!a.has(str("fingerprint")) && !::isatty(STDIN_FILENO))
        return usageError(spec.command, str("give --fingerprint FP (no terminal to ask)"));
    const QString fp = fingerprint(pin->publicKey);
    out(str("%1  %2").arg(*endpoint, fp));
    if (a.has(str("fingerprint"))) {
        const QString given = compact(a.value(str("fingerprint")));
        if (given != compact(fp) && given != toHex(pin->publicKey))
            return failure(spec.command,
                           str("the fingerprints differ: pinned %1, given %2. Do not trust this "
                               "key until you know why.")
                               .arg(fp, cert::displayText(a.value(str("fingerprint")), 80)));
    } else if (!askYes(str("Is this exactly the fingerprint the server's owner gave you?"))) {
        return failure(spec.command, str("not marked as verified"));
    }
    // Only the key whose fingerprint was compared: not one pinned since by another program.
    const QByteArray compared = pin->publicKey;
    bool stillPinned = false;
    if (updateTrustStore(spec.command, *store, [&](TrustStore &s) {
            const TrustStore::Pin *now = s.pin(*endpoint);
            stillPinned = now && now->publicKey == compared;
            if (stillPinned)
                s.setVerified(*endpoint, true);
        }) != kExitOk)
        return kExitFailure;
    if (!stillPinned)
        return failure(spec.command,
                       str("the key pinned for %1 changed meanwhile; nothing marked as verified")
                           .arg(*endpoint));
    err(str("sws pin verify: %1 is verified").arg(*endpoint));
    return kExitOk;
}

} // namespace

int cmdPin(const QStringList &args) {
    return runGroup(
        str("pin"),
        str("Pinned server keys, one per endpoint (HOST:PORT/PATH). 'sws connect' refuses a\n"
            "server whose key differs from its pin; --pin-policy decides about new ones."),
        {{"list", list, "list the pinned keys"},
         {"add", add, "pin a key for an endpoint"},
         {"remove", remove, "forget a pin"},
         {"verify", verify, "mark a pin verified after comparing fingerprints"}},
        args);
}

} // namespace sws::cli
