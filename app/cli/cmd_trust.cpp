// sws trust: the CAs the profile trusts for version 2 sessions.
#include "cert/keyfiles.h"
#include "cli.h"
#include "cliprofile.h"

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

// A CA name as written when it is plain text, quoted and escaped otherwise.
QString caName(const cert::Certificate &c) {
    const QString quoted = cert::displayText(c.caName(), 40);
    return quoted == QLatin1Char('"') + c.caName() + QLatin1Char('"') ? c.caName() : quoted;
}

QString caLine(const TrustStore::TrustedCa &ca, qint64 now) {
    const ExpiryStatus s = expiryStatus(ca.cert, now);
    const QString flag = s == ExpiryStatus::Expired       ? str("  [EXPIRED]")
                         : s == ExpiryStatus::ExpiresSoon ? str("  [EXPIRES SOON]")
                                                          : QString();
    return str("%1  %2  %3  %4%5%6")
        .arg(ca.id, ca.enabled ? str("enabled ") : str("disabled"),
             caName(ca.cert).leftJustified(20), expiryText(ca.cert, now), flag,
             ca.builtIn ? str("  (built-in reference root)") : QString());
}

int list(const QStringList &args) {
    const CommandSpec spec{str("trust list"),
                           str("[--profile DIR] [--json]"),
                           str("Lists the trusted CAs: id, enabled, CA name, expiry."),
                           {profileOption(), jsonOption()},
                           {},
                           str("--json: [{\"id\",\"enabled\",\"builtIn\",\"caName\",\"expires\","
                               "\"status\",\"fingerprint\"}]\n(status: valid, expires-soon or "
                               "expired)")};
    Args a;
    int code = kExitOk;
    const auto store = parseAndLoadTrustStore(spec, args, &a, &code);
    if (!store)
        return code;
    const qint64 now = nowMs();
    if (a.has(str("json"))) {
        QJsonArray list;
        for (const TrustStore::TrustedCa &ca : store->cas()) {
            list.append(QJsonObject{{str("id"), ca.id},
                                    {str("enabled"), ca.enabled},
                                    {str("builtIn"), ca.builtIn},
                                    {str("caName"), ca.cert.caName()},
                                    {str("expires"), isoUtc(ca.cert.tteMs())},
                                    {str("status"), expiryStatusName(expiryStatus(ca.cert, now))},
                                    {str("fingerprint"), ca.cert.fingerprint()}});
        }
        outJson(list);
        return kExitOk;
    }
    for (const TrustStore::TrustedCa &ca : store->cas())
        out(caLine(ca, now));
    return kExitOk;
}

int add(const QStringList &args) {
    const CommandSpec spec{str("trust add"),
                           str("CA-CERT.json [--disabled] [--profile DIR]"),
                           str("Trusts a CA certificate (self-signed, valid) for version 2 "
                               "sessions. Prints its id."),
                           {{str("disabled"), {}, str("add it, but disabled")}, profileOption()},
                           {str("CA-CERT.json")},
                           {}};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    auto ca = keyfiles::readCertificate(a.positionals().first());
    if (!ca)
        return failure(spec.command, ca.error().message);
    int code = kExitOk;
    auto store = loadTrustStore(spec.command, openProfile(a), &code);
    if (!store)
        return code;
    auto id = store->addCa(*ca, !a.has(str("disabled")), nowMs());
    if (!id)
        return failure(spec.command, id.error());
    const bool enabled = !a.has(str("disabled"));
    if (updateTrustStore(spec.command, *store,
                         [&](TrustStore &s) { (void)s.addCa(*ca, enabled, nowMs()); }) != kExitOk)
        return kExitFailure;
    out(*id);
    if (expiryStatus(*ca, nowMs()) == ExpiryStatus::ExpiresSoon)
        err(str("sws trust add: warning: this CA %1").arg(expiryText(*ca, nowMs())));
    return kExitOk;
}

// remove, enable and disable: one CA by id (or unique prefix, or name).
int change(const QStringList &args, const QString &sub) {
    const QString what = sub == str("remove")   ? str("Stops trusting a CA and forgets it.")
                         : sub == str("enable") ? str("Trusts a listed CA again (the built-in "
                                                      "reference root CA included).")
                                                : str("Keeps a CA listed but stops trusting it.");
    const CommandSpec spec{str("trust ") + sub,
                           str("ID [--profile DIR]"),
                           what,
                           {profileOption()},
                           {str("ID")},
                           str("ID is the id 'sws trust list' prints, 4 or more of its first "
                               "digits, or the CA name\nwhen only one CA has it.")};
    Args a;
    int code = kExitOk;
    auto store = parseAndLoadTrustStore(spec, args, &a, &code);
    if (!store)
        return code;
    const QString key = a.positionals().first();
    auto id = sub == str("remove")   ? store->removeCa(key)
              : sub == str("enable") ? store->setCaEnabled(key, true)
                                     : store->setCaEnabled(key, false);
    if (!id)
        return failure(spec.command, id.error());
    const auto apply = [&](TrustStore &s) {
        (void)(sub == str("remove")   ? s.removeCa(*id)
               : sub == str("enable") ? s.setCaEnabled(*id, true)
                                      : s.setCaEnabled(*id, false));
    };
    if (updateTrustStore(spec.command, *store, apply) != kExitOk)
        return kExitFailure;
    err(str("sws trust %1: %2 %3")
            .arg(sub, *id,
                 sub == str("remove")   ? str("removed")
                 : sub == str("enable") ? str("enabled")
                                        : str("disabled")));
    return kExitOk;
}

int removeCmd(const QStringList &args) {
    return change(args, str("remove"));
}
int enableCmd(const QStringList &args) {
    return change(args, str("enable"));
}
int disableCmd(const QStringList &args) {
    return change(args, str("disable"));
}

} // namespace

int cmdTrust(const QStringList &args) {
    return runGroup(str("trust"),
                    str("Trusted CAs: certificates that may sign the certificates of servers "
                        "(version 2).\n'sws connect --v2' trusts the enabled ones. The "
                        "reference's built-in root CA is\nlisted, disabled until you enable it."),
                    {{"list", list, "list the trusted CAs"},
                     {"add", add, "trust a CA certificate"},
                     {"remove", removeCmd, "forget a CA"},
                     {"enable", enableCmd, "trust a listed CA"},
                     {"disable", disableCmd, "stop trusting a listed CA"}},
                    args);
}

} // namespace sws::cli
