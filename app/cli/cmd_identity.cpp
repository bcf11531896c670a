// sws identity: the key pairs of the profile (identities/NAME).
#include "cli.h"
#include "cliprofile.h"
#include "crypto/crypto.h"

#include <QDir>

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

const QString kGroup = QStringLiteral("identity");

Option protectOption() {
    return {str("passphrase"), {}, str("protect the secret key with a passphrase")};
}

QString certLine(const Profile::Identity &id) {
    if (!id.certificate)
        return QString();
    const ExpiryStatus s = expiryStatus(*id.certificate, nowMs());
    return str("  certificate from CA %1, %2%3")
        .arg(cert::displayText(id.certificate->caName(), 64), expiryText(*id.certificate, nowMs()),
             s == ExpiryStatus::Valid ? QString() : str(" [!]"));
}

// --json: never the secret key; the files only for show.
QJsonObject identityJson(const Profile::Identity &id, bool files) {
    QJsonObject o{{str("name"), id.name},
                  {str("publicKey"), toHex(id.publicKey)},
                  {str("fingerprint"), fingerprint(id.publicKey)},
                  {str("protected"), id.locked}};
    QJsonValue certificate;
    if (id.certificate) {
        QJsonObject c = certificateSummaryJson(*id.certificate, nowMs());
        if (files)
            c.insert(str("file"), QDir::toNativeSeparators(id.certPath));
        certificate = c;
    }
    if (files)
        o.insert(str("keyFile"), QDir::toNativeSeparators(id.keyPath));
    o.insert(str("certificate"), certificate);
    return o;
}

int list(const QStringList &args) {
    const CommandSpec spec{str("identity list"),
                           str("[--profile DIR] [--json]"),
                           str("Lists the identities (box key pairs) of the profile."),
                           {profileOption(), jsonOption()},
                           {},
                           str("--json: [{\"name\",\"publicKey\",\"fingerprint\",\"protected\",\n"
                               "\"certificate\":null or {\"caName\",\"names\",\"ips\",\"expires\","
                               "\"status\",\"fingerprint\"}}]")};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const Profile profile = openProfile(a);
    QStringList problems;
    const QList<Profile::Identity> ids = profile.identities(&problems);
    for (const QString &p : problems)
        err(str("sws identity list: skipped: ") + p);
    if (ids.isEmpty())
        err(str("sws identity list: no identities in %1")
                .arg(QDir::toNativeSeparators(profile.directory())));
    if (a.has(str("json"))) {
        QJsonArray list;
        for (const Profile::Identity &id : ids)
            list.append(identityJson(id, false));
        outJson(list);
        return kExitOk;
    }
    for (const Profile::Identity &id : ids) {
        out(str("%1  %2%3%4")
                .arg(id.name.leftJustified(16), fingerprint(id.publicKey),
                     id.locked ? str("  protected") : str("  unprotected"), certLine(id)));
    }
    return kExitOk;
}

int create(const QStringList &args) {
    const CommandSpec spec{
        str("identity new"),
        str("NAME [--passphrase [--passphrase-file FILE]] [--profile DIR] [--json]"),
        str("Makes a new box key pair and keeps it in the profile under NAME."),
        {protectOption(), passphraseFileOption(), profileOption(), jsonOption()},
        {str("NAME")},
        str("With --passphrase the secret key is stored encrypted (Argon2id + secretbox); the\n"
            "passphrase is asked twice on the terminal unless --passphrase-file or\n"
            "SWS_PASSPHRASE gives it. Prints \"NAME  FINGERPRINT\"; --json prints the identity\n"
            "as 'sws identity show --json' does.")};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QString name = a.positionals().first();
    if (!Profile::isValidName(name))
        return usageError(spec.command, str("NAME must be %1").arg(Profile::nameRule()));
    auto provider = a.has(str("passphrase")) ? passphraseProvider(a) : nullptr;
    auto id = openProfile(a).addIdentity(name, BoxKeyPair::generate(), provider.get());
    if (!id)
        return failure(spec.command, id.error());
    if (a.has(str("json")))
        outJson(identityJson(*id, true));
    else
        out(str("%1  %2").arg(id->name, fingerprint(id->publicKey)));
    err(str("sws identity new: wrote %1 (%2)")
            .arg(QDir::toNativeSeparators(id->keyPath),
                 id->locked ? str("protected by a passphrase") : str("not protected")));
    return kExitOk;
}

int show(const QStringList &args) {
    const CommandSpec spec{str("identity show"),
                           str("NAME [--profile DIR] [--json]"),
                           str("Prints an identity: public key, fingerprint, protection and its "
                               "certificate. Never the secret key."),
                           {profileOption(), jsonOption()},
                           {str("NAME")},
                           str("--json: {\"name\",\"publicKey\",\"fingerprint\",\"protected\","
                               "\"keyFile\",\n\"certificate\":null or {\"caName\",\"names\","
                               "\"ips\",\"expires\",\"status\",\"fingerprint\",\"file\"}}")};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    auto id = openProfile(a).identity(a.positionals().first());
    if (!id)
        return failure(spec.command, id.error());
    if (a.has(str("json"))) {
        outJson(identityJson(*id, true));
        return kExitOk;
    }
    QStringList lines{str("name:        %1").arg(id->name),
                      str("public key:  %1").arg(toHex(id->publicKey)),
                      str("fingerprint: %1").arg(fingerprint(id->publicKey)),
                      str("protected:   %1").arg(id->locked ? str("yes (passphrase)") : str("no")),
                      str("key file:    %1").arg(QDir::toNativeSeparators(id->keyPath))};
    if (id->certificate) {
        const cert::Certificate &c = *id->certificate;
        lines << str("certificate: %1").arg(QDir::toNativeSeparators(id->certPath))
              << str("  CA:        %1").arg(cert::displayText(c.caName(), 64))
              << str("  names:     %1").arg(c.names().join(str(", ")))
              << str("  ips:       %1").arg(c.ips().join(str(", ")))
              << str("  expiry:    %1").arg(expiryText(c, nowMs()));
    } else {
        lines << str("certificate: none");
    }
    out(lines.join(QLatin1Char('\n')));
    return kExitOk;
}

int import(const QStringList &args) {
    const CommandSpec spec{
        str("identity import"),
        str("NAME box-kp.json [--passphrase [--passphrase-file FILE]] [--profile DIR] [--json]"),
        str("Copies a reference box-kp.json key pair into the profile under NAME."),
        {protectOption(), passphraseFileOption(), profileOption(), jsonOption()},
        {str("NAME"), str("FILE")},
        str("Prints \"NAME  FINGERPRINT\"; --json prints the identity as 'sws identity show "
            "--json'\ndoes.")};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QString name = a.positionals().first();
    if (!Profile::isValidName(name))
        return usageError(spec.command, str("NAME must be %1").arg(Profile::nameRule()));
    warnIfSecretFileExposed(spec.command, a.positionals().at(1));
    auto provider = a.has(str("passphrase")) ? passphraseProvider(a) : nullptr;
    auto id = openProfile(a).importIdentity(name, a.positionals().at(1), provider.get());
    if (!id)
        return failure(spec.command, id.error());
    if (a.has(str("json")))
        outJson(identityJson(*id, true));
    else
        out(str("%1  %2").arg(id->name, fingerprint(id->publicKey)));
    return kExitOk;
}

int exportCmd(const QStringList &args) {
    const CommandSpec spec{
        str("identity export"),
        str("NAME FILE [--public] [--passphrase-file FILE] [--profile DIR]"),
        str("Writes an identity as a reference box-kp.json (mode 0600), or with --public only\n"
            "its public key ({\"publickey\":[...]}, for 'sws cert gencert --publickey')."),
        {{str("public"), {}, str("write only the public key")},
         passphraseFileOption(),
         profileOption()},
        {str("NAME"), str("FILE")},
        str("The file must not exist yet. A protected identity asks for its passphrase; the\n"
            "file written is not protected (it is what the reference CLI reads).")};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    auto provider = passphraseProvider(a);
    auto written = openProfile(a).exportIdentity(a.positionals().first(), a.positionals().at(1),
                                                 a.has(str("public")), provider.get());
    if (!written)
        return failure(spec.command, written.error());
    err(str("sws identity export: wrote %1").arg(QDir::toNativeSeparators(*written)));
    return kExitOk;
}

int remove(const QStringList &args) {
    const CommandSpec spec{str("identity remove"),
                           str("NAME [--profile DIR]"),
                           str("Deletes an identity (its key pair and certificate) from the "
                               "profile. Export it first to keep a copy."),
                           {profileOption()},
                           {str("NAME")},
                           {}};
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    auto removed = openProfile(a).removeIdentity(a.positionals().first());
    if (!removed)
        return failure(spec.command, removed.error());
    err(str("sws identity remove: removed %1").arg(QDir::toNativeSeparators(*removed)));
    return kExitOk;
}

} // namespace

int cmdIdentity(const QStringList &args) {
    return runGroup(kGroup,
                    str("Identities: named box key pairs kept in the profile directory, "
                        "optionally\nprotected by a passphrase."),
                    {{"list", list, "list the identities"},
                     {"new", create, "make a new key pair"},
                     {"show", show, "print an identity (never its secret key)"},
                     {"import", import, "copy a box-kp.json into the profile"},
                     {"export", exportCmd, "write an identity as box-kp.json"},
                     {"remove", remove, "delete an identity"}},
                    args);
}

} // namespace sws::cli
