// sws cert: nacl-cert CAs and certificates, in the files the reference CLI reads and writes.
#include "cert/keyfiles.h"
#include "cert/naclcert.h"
#include "cli.h"
#include "crypto/crypto.h"

#include <QDir>
#include <QFileInfo>

#include <cmath>

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

constexpr double kMsPerDay = 24.0 * 3600.0 * 1000.0;

QString existsHint(const keyfiles::Error &e) {
    return e.code == keyfiles::Error::Code::Exists ? e.message + str("; use --force to replace it")
                                                   : e.message;
}

QString quotedList(const QStringList &items) {
    QStringList shown;
    for (const QString &s : items)
        shown << cert::displayText(s);
    return shown.isEmpty() ? str("(none)") : shown.join(str(", "));
}

const Option kForce{str("force"), {}, str("replace existing files"), false};

int genca(const QStringList &args) {
    const QString command = str("cert genca");
    const CommandSpec spec{
        command,
        str("--name NAME --days N [--out-dir DIR] [--force] [--json]"),
        str("Makes a self-signed CA certificate (nacl-cert type \"self\") and writes\n"
            "NAME-ca-cert.json (the certificate) and NAME-ca-key.json (certificate and secret "
            "key)."),
        {{str("name"), str("NAME"), str("the CA name, carried in every certificate it signs"),
          true},
         {str("days"), str("N"), str("days until the CA expires"), true},
         {str("out-dir"), str("DIR"), str("directory to write to (default: the current one)")},
         kForce,
         jsonOption()},
        {},
        str("NAME-ca-key.json holds the CA's Ed25519 secret key: it is created with mode 0600,\n"
            "never replaced without --force and never printed. --json: {\"caName\",\"certFile\",\n"
            "\"keyFile\",\"expires\",\"fingerprint\"}."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QString name = a.value(str("name"));
    if (!isSafeFileStem(name) || name.contains(QLatin1Char(',')))
        return usageError(command, str("--name must be usable in a file name (no '/', ',' or "
                                       "control characters)"));
    const auto days = parseDays(a.value(str("days")));
    if (!days)
        return usageError(command, str("--days must be a positive number up to 100000"));
    const bool force = a.has(str("force"));
    const QString dirName = a.has(str("out-dir")) ? a.value(str("out-dir")) : str(".");
    if (dirName.isEmpty())
        return usageError(command, str("--out-dir is empty"));
    if (!QDir().mkpath(dirName))
        return failure(command, str("cannot create the directory %1").arg(dirName));
    const QDir dir(dirName);
    const QString certPath = QDir::cleanPath(dir.filePath(keyfiles::caCertFileName(name)));
    const QString keyPath = QDir::cleanPath(dir.filePath(keyfiles::caKeyFileName(name)));
    // Check both before writing either, so a refusal leaves no half-made CA behind.
    if (!force) {
        for (const QString &p : {certPath, keyPath}) {
            if (QFileInfo(p).exists() || QFileInfo(p).isSymLink())
                return failure(command, str("%1 already exists; use --force to replace it").arg(p));
        }
    }

    const qint64 now = nowMs();
    const qint64 tte = now + std::llround(*days * kMsPerDay);
    const cert::CaKey ca = cert::generateCa(name, tte, now);
    if (const auto k = keyfiles::writeCaKey(keyPath, ca, force); !k)
        return failure(command, existsHint(k.error()));
    if (const auto c = keyfiles::writeCertificate(certPath, ca.cert, force); !c)
        return failure(command, existsHint(c.error()));
    err(str("sws cert genca: wrote %1 (CA certificate)").arg(certPath));
    err(str("sws cert genca: wrote %1 (CA secret key, mode 0600)").arg(keyPath));
    if (a.has(str("json"))) {
        outJson(QJsonObject{{str("caName"), name},
                            {str("certFile"), certPath},
                            {str("keyFile"), keyPath},
                            {str("expires"), isoUtc(tte)},
                            {str("fingerprint"), ca.cert.fingerprint()}});
        return kExitOk;
    }
    out(str("CA:          %1").arg(cert::displayText(name)));
    out(str("expires:     %1").arg(isoUtc(tte)));
    out(str("fingerprint: %1").arg(ca.cert.fingerprint()));
    return kExitOk;
}

int gencert(const QStringList &args) {
    const QString command = str("cert gencert");
    const CommandSpec spec{
        command,
        str("--ca NAME-ca-key.json --publickey box-kp.json --names a,b [--ips x,y] "
            "[--macs m,n] --days N [--out FILE|-] [--force] [--json]"),
        str("Signs a box public key with a CA (nacl-cert type \"ca\") for the given names,\n"
            "IP addresses and MAC addresses."),
        {{str("ca"), str("FILE"), str("the CA's NAME-ca-key.json"), true},
         {str("publickey"), str("FILE"),
          str("box-kp.json, or a file holding only {\"publickey\":[...]}"), true},
         {str("names"), str("LIST"), str("host names, comma-separated"), true},
         {str("ips"), str("LIST"), str("IP addresses, comma-separated")},
         {str("macs"), str("LIST"), str("MAC addresses, comma-separated")},
         {str("days"), str("N"), str("days until the certificate expires"), true},
         {str("out"), str("FILE"),
          str("where to write (default: FIRSTNAME-cert.json); - for stdout")},
         kForce,
         jsonOption()},
        {},
        str("The certificate may not outlive its CA. Only the public key is read from\n"
            "--publickey; a secret key beside it is left alone. Prints a summary of the\n"
            "certificate on stdout (\"wrote FILE\" goes to stderr); with --out - stdout is the\n"
            "certificate itself and the summary goes to stderr. --json: {\"file\",\"caName\",\n"
            "\"names\",\"ips\",\"macs\",\"keyFingerprint\",\"expires\",\"fingerprint\"}."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QStringList names = splitList(a.value(str("names")));
    if (names.contains(QString()))
        return usageError(command, str("--names has an empty entry"));
    QStringList ips, macs;
    if (a.has(str("ips"))) {
        ips = splitList(a.value(str("ips")));
        for (const QString &ip : ips) {
            if (!cert::parseIpStrict(ip))
                return usageError(command,
                                  str("--ips: %1 is not an IP address").arg(cert::displayText(ip)));
        }
    }
    if (a.has(str("macs"))) {
        macs = splitList(a.value(str("macs")));
        for (const QString &mac : macs) {
            if (!cert::normalizeMac(mac))
                return usageError(
                    command, str("--macs: %1 is not a MAC address").arg(cert::displayText(mac)));
        }
    }
    const auto days = parseDays(a.value(str("days")));
    if (!days)
        return usageError(command, str("--days must be a positive number up to 100000"));
    QString outPath = a.value(str("out"));
    if (!a.has(str("out"))) {
        if (!isSafeFileStem(names.first()))
            return usageError(command, str("the first name cannot be a file name; give --out"));
        outPath = keyfiles::certFileName(names.first());
    } else if (outPath.isEmpty()) {
        return usageError(command, str("--out is empty"));
    } else if (outPath == str("-") && a.has(str("json"))) {
        return usageError(command, str("--out - and --json both write to stdout"));
    }

    warnIfSecretFileExposed(command, a.value(str("ca")));
    const auto ca = keyfiles::readCaKey(a.value(str("ca")));
    if (!ca)
        return failure(command, ca.error().message);
    const auto publicKey = keyfiles::readBoxPublicKey(a.value(str("publickey")));
    if (!publicKey)
        return failure(command, publicKey.error().message);
    const qint64 now = nowMs();
    cert::CertRequest req;
    req.publicKey = *publicKey;
    req.names = names;
    req.ips = ips;
    req.macs = macs;
    req.tteMs = now + std::llround(*days * kMsPerDay);
    const auto signedCert = cert::sign(req, *ca, now);
    if (!signedCert)
        return failure(command, str("cannot sign: ") + signedCert.error());
    if (const QString w =
            cert::javaSlashWarning(names + ips + macs + QStringList{ca->cert.caName()});
        !w.isEmpty())
        err(str("sws %1: warning: %2").arg(command, w));
    const bool toStdout = outPath == str("-");
    if (toStdout) {
        if (!outBytes(signedCert->toBytes() + '\n'))
            return kExitFailure; // main() says why
    } else {
        const auto written = keyfiles::writeCertificate(outPath, *signedCert, a.has(str("force")));
        if (!written)
            return failure(command, existsHint(written.error()));
        err(str("sws cert gencert: wrote %1 (certificate)").arg(outPath));
    }
    if (a.has(str("json"))) {
        outJson(QJsonObject{{str("file"), outPath},
                            {str("caName"), signedCert->caName()},
                            {str("names"), QJsonArray::fromStringList(names)},
                            {str("ips"), QJsonArray::fromStringList(ips)},
                            {str("macs"), QJsonArray::fromStringList(macs)},
                            {str("keyFingerprint"), fingerprint(*publicKey)},
                            {str("expires"), isoUtc(req.tteMs)},
                            {str("fingerprint"), signedCert->fingerprint()}});
        return kExitOk;
    }
    // The summary is the result unless the certificate itself went to stdout.
    const auto summary = [toStdout](const QString &line) {
        if (toStdout)
            err(str("sws cert gencert: ") + line.simplified());
        else
            out(line);
    };
    summary(str("CA:          %1").arg(cert::displayText(signedCert->caName())));
    summary(str("names:       %1").arg(quotedList(names)));
    summary(str("ips:         %1").arg(quotedList(ips)));
    summary(str("key:         %1").arg(fingerprint(*publicKey)));
    summary(str("expires:     %1").arg(isoUtc(req.tteMs)));
    summary(str("fingerprint: %1").arg(signedCert->fingerprint()));
    return kExitOk;
}

QJsonArray rulesJson(const cert::Verdict &v) {
    QJsonArray rules;
    for (const cert::RuleResult &r : v.rules) {
        rules.append(QJsonObject{{str("rule"), cert::ruleName(r.rule)},
                                 {str("passed"), r.passed},
                                 {str("detail"), r.detail}});
    }
    return rules;
}

// As openssl verify: "FILE: OK" on stdout when valid; "FILE: invalid (Rule): reason" on
// stderr when not. With verbose, every rule checked on stderr first. With json, one document
// on stdout either way.
int reportVerdict(const QString &file, const cert::Verdict &v, bool verbose, bool json) {
    if (json) {
        QJsonObject doc{{str("file"), file},
                        {str("valid"), v.valid},
                        {str("failedRule"),
                         v.failedRule ? QJsonValue(cert::ruleName(*v.failedRule)) : QJsonValue()},
                        {str("message"), v.valid ? QJsonValue() : QJsonValue(v.message)},
                        {str("rules"), rulesJson(v)}};
        outJson(doc);
        return v.valid ? kExitOk : kExitFailure;
    }
    if (verbose) {
        for (const cert::RuleResult &r : v.rules) {
            err(str("  %1 %2 %3")
                    .arg(r.passed ? str("ok  ") : str("FAIL"),
                         cert::ruleName(r.rule).leftJustified(15), r.detail));
        }
    }
    const QString name = cert::displayText(file, 200) == QLatin1Char('"') + file + QLatin1Char('"')
                             ? file
                             : cert::displayText(file, 200);
    if (v.valid) {
        out(str("%1: OK").arg(name));
        return kExitOk;
    }
    err(str("%1: invalid (%2): %3").arg(name, cert::ruleName(*v.failedRule), v.message));
    return kExitFailure;
}

int validateCmd(const QStringList &args) {
    const QString command = str("cert validate");
    const CommandSpec spec{
        command,
        str("CERT.json [--ca CA-CERT.json] [--host HOST] [--ip ADDRESS] [--verbose] [--json]"),
        str("Checks a certificate by nacl-cert's rules (expiry, version, type, CA, signature)."),
        {{str("ca"), str("FILE"), str("the CA certificate (needed for a CA-signed certificate)")},
         {str("host"), str("HOST"), str("also require HOST among the names (or a subdomain)")},
         {str("ip"), str("ADDRESS"), str("also require ADDRESS among the ips")},
         {str("verbose"), {}, str("print every rule checked (on stderr)")},
         jsonOption()},
        {str("CERT.json")},
        str("As openssl verify: a valid certificate prints \"CERT.json: OK\" on stdout and exits\n"
            "0; an invalid one prints \"CERT.json: invalid (RULE): REASON\" on stderr and exits\n"
            "1. With --json, one document on stdout in both cases (exit 0 or 1):\n"
            "{\"file\",\"valid\",\"failedRule\",\"message\",\"rules\":[{\"rule\",\"passed\","
            "\"detail\"}]}.\n"
            "With both --host and --ip, either may match, as a client checks a server."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    std::optional<QHostAddress> address;
    if (a.has(str("ip"))) {
        address = cert::parseIpStrict(a.value(str("ip")));
        if (!address)
            return usageError(
                command,
                str("--ip: %1 is not an IP address").arg(cert::displayText(a.value(str("ip")))));
    }
    const bool verbose = a.has(str("verbose"));
    const bool json = a.has(str("json"));
    const QString file = a.positionals().first();

    const auto cert = keyfiles::readCertificate(file);
    if (!cert) {
        const auto code = cert.error().code;
        if (code != keyfiles::Error::Code::Format && code != keyfiles::Error::Code::Syntax)
            return failure(command, cert.error().message);
        return reportVerdict(file, cert::formatVerdict(cert.error().message), verbose, json);
    }
    std::optional<cert::Certificate> ca;
    if (a.has(str("ca"))) {
        auto loaded = keyfiles::readCertificate(a.value(str("ca")));
        if (!loaded)
            return failure(command, str("CA certificate: ") + loaded.error().message);
        ca = std::move(loaded).value();
    } else if (!cert->isSelfSigned()) {
        return usageError(command, str("a CA-signed certificate needs --ca CA-CERT.json"));
    }

    cert::Verdict verdict = cert::validate(*cert, ca ? &*ca : nullptr, nowMs());
    if (verdict.valid && (a.has(str("host")) || address)) {
        const QString host = a.value(str("host"));
        const bool ok = (a.has(str("host")) && cert::matchDomain(*cert, host)) ||
                        (address && cert::matchIp(*cert, *address));
        QStringList wanted;
        if (a.has(str("host")))
            wanted << str("host ") + cert::displayText(host);
        if (address)
            wanted << str("address ") + address->toString();
        const QString where = wanted.join(str(" or "));
        verdict.rules.push_back({cert::Rule::EndpointBinding, ok,
                                 (ok ? str("issued for ") : str("not issued for ")) + where});
        if (!ok) {
            verdict.valid = false;
            verdict.failedRule = cert::Rule::EndpointBinding;
            verdict.message = str("not issued for ") + where;
        }
    }
    return reportVerdict(file, verdict, verbose, json);
}

int show(const QStringList &args) {
    const QString command = str("cert show");
    const CommandSpec spec{
        command,
        str("CERT.json [--json]"),
        str("Prints a certificate's fields, its fingerprint and its expiry (UTC)."),
        {jsonOption()},
        {str("CERT.json")},
        str("--json: {\"file\",\"type\",\"selfSigned\",\"caName\",\"version\",\"publicKey\",\n"
            "\"keyFingerprint\",\"names\",\"ips\",\"macs\",\"signed\",\"expires\",\"expired\","
            "\"gid\",\n"
            "\"fingerprint\"}; times are ISO 8601 UTC, \"signed\" and \"gid\" null when absent."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const auto loaded = keyfiles::readCertificate(a.positionals().first());
    if (!loaded)
        return failure(command, loaded.error().message);
    const cert::Certificate &c = *loaded;
    const bool self = c.isSelfSigned();
    const qint64 now = nowMs();
    const bool expired = !(c.tteExact() > static_cast<double>(now));
    if (a.has(str("json"))) {
        outJson(QJsonObject{
            {str("file"), a.positionals().first()},
            {str("type"), c.type()},
            {str("selfSigned"), self},
            {str("caName"), c.caName()},
            {str("version"), c.version()},
            {str("publicKey"), toHex(c.publicKey())},
            {str("keyFingerprint"), fingerprint(c.publicKey())},
            {str("names"), QJsonArray::fromStringList(c.names())},
            {str("ips"), QJsonArray::fromStringList(c.ips())},
            {str("macs"), QJsonArray::fromStringList(c.macs())},
            {str("signed"), c.signTimeMs() ? QJsonValue(isoUtc(*c.signTimeMs())) : QJsonValue()},
            {str("expires"), isoUtc(c.tteMs())},
            {str("expired"), expired},
            {str("gid"), c.gid().isEmpty() ? QJsonValue() : QJsonValue(c.gid())},
            {str("fingerprint"), c.fingerprint()}});
        return kExitOk;
    }
    out(str("type:        %1 (%2)")
            .arg(cert::displayText(c.type(), 16),
                 self ? str("self-signed, a CA") : str("signed by a CA")));
    out(str("ca:          %1").arg(cert::displayText(c.caName())));
    out(str("version:     %1").arg(cert::displayText(c.version(), 16)));
    out(str("public key:  %1 (%2)")
            .arg(toHex(c.publicKey()), self ? str("Ed25519 signing key") : str("box key")));
    out(str("key print:   %1").arg(fingerprint(c.publicKey())));
    if (!self || !c.names().isEmpty())
        out(str("names:       %1").arg(quotedList(c.names())));
    if (!self || !c.ips().isEmpty())
        out(str("ips:         %1").arg(quotedList(c.ips())));
    if (!c.macs().isEmpty())
        out(str("macs:        %1").arg(quotedList(c.macs())));
    if (c.signTimeMs())
        out(str("signed:      %1").arg(isoUtc(*c.signTimeMs())));
    out(str("expires:     %1%2").arg(isoUtc(c.tteMs()), expired ? str(" (expired)") : QString()));
    if (!c.gid().isEmpty())
        out(str("gid:         %1").arg(cert::displayText(c.gid())));
    out(str("fingerprint: %1").arg(c.fingerprint()));
    return kExitOk;
}

struct Subcommand {
    const char *name;
    int (*run)(const QStringList &args);
    const char *summary;
};

constexpr Subcommand kSubcommands[] = {
    {"genca", genca, "make a self-signed CA (NAME-ca-cert.json, NAME-ca-key.json)"},
    {"gencert", gencert, "sign a box public key with a CA (NAME-cert.json)"},
    {"validate", validateCmd, "check a certificate; exit 0 when valid"},
    {"show", show, "print a certificate's fields"},
};

void printCertHelp() {
    QStringList lines{str("usage: sws cert SUBCOMMAND [ARGS...]"), QString(),
                      str("nacl-cert certificates, in the files of the reference CLI."), QString(),
                      str("subcommands:")};
    for (const Subcommand &s : kSubcommands)
        lines << str("  %1%2").arg(str(s.name).leftJustified(10), str(s.summary));
    lines << QString() << str("'sws cert SUBCOMMAND --help' describes a subcommand.");
    out(lines.join(QLatin1Char('\n')));
}

} // namespace

int cmdCert(const QStringList &args) {
    if (args.isEmpty())
        return usageError(str("cert"), str("missing subcommand (genca, gencert, validate, show)"));
    const QString sub = args.first();
    if (sub == str("--help") || sub == str("-h") || sub == str("help")) {
        printCertHelp();
        return kExitOk;
    }
    for (const Subcommand &s : kSubcommands) {
        if (sub == QLatin1String(s.name))
            return s.run(args.mid(1));
    }
    return usageError(str("cert"), str("unknown subcommand %1").arg(cert::displayText(sub, 32)));
}

} // namespace sws::cli
