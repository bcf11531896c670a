// sws invite: the invitation link (docs/invitation.md) for a server key at a URL.
#include "cert/keyfiles.h"
#include "cli.h"
#include "cliprofile.h"
#include "invitearg.h"

namespace sws::cli {

int cmdInvite(const QStringList &args) {
    const QString command = QStringLiteral("invite");
    const CommandSpec spec{
        command,
        QStringLiteral("(--identity NAME | --key FILE) URL [--title TEXT] [--v2 [--ca FILE]] "
                       "[--qr]"),
        QStringLiteral("Prints the invitation link for the server with this key at URL: whoever "
                       "joins by it\n(sws connect LINK, or the desktop app) accepts only this "
                       "key."),
        {{QStringLiteral("identity"), QStringLiteral("NAME"),
          QStringLiteral("the server's key is the profile's identity NAME (public half only)")},
         {QStringLiteral("key"), QStringLiteral("FILE"),
          QStringLiteral("the server's box-kp.json (only the public key is read)")},
         profileOption(),
         {QStringLiteral("title"), QStringLiteral("TEXT"),
          QStringLiteral("the room's name, shown to whoever joins (up to 255 bytes)")},
         {QStringLiteral("v2"), {}, QStringLiteral("the room speaks version 2 (certificates)")},
         {QStringLiteral("ca"), QStringLiteral("FILE"),
          QStringLiteral("with --v2: the CA certificate that signed the server's certificate")},
         {QStringLiteral("qr"), {}, QStringLiteral("also draw the link as a QR code")}},
        {QStringLiteral("URL")},
        QStringLiteral("Prints the link on one line on stdout (with --qr, the QR code follows)."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    if (a.has(QStringLiteral("identity")) == a.has(QStringLiteral("key")))
        return usageError(command, QStringLiteral("give either --identity NAME or --key FILE"));
    if (a.has(QStringLiteral("ca")) && !a.has(QStringLiteral("v2")))
        return usageError(command, QStringLiteral("--ca needs --v2"));
    Invitation inv;
    // A wildcard host (0.0.0.0) would reach nobody: the link names a LAN address instead.
    inv.url = reachableUrl(QUrl(a.positionals().first(), QUrl::StrictMode));
    inv.version = a.has(QStringLiteral("v2")) ? 2 : 1;
    inv.title = a.value(QStringLiteral("title"));
    if (a.has(QStringLiteral("identity"))) {
        const auto id = openProfile(a).identity(a.value(QStringLiteral("identity")));
        if (!id)
            return failure(command, id.error());
        inv.serverKey = id->publicKey;
    } else {
        const auto key = keyfiles::readBoxPublicKey(a.value(QStringLiteral("key")));
        if (!key)
            return failure(command, key.error().message);
        inv.serverKey = *key;
    }
    if (a.has(QStringLiteral("ca"))) {
        const auto ca = keyfiles::readCertificate(a.value(QStringLiteral("ca")));
        if (!ca)
            return failure(command, ca.error().message);
        inv.caFingerprint = caFingerprintBytes(*ca);
    }
    if (const auto ok = validate(inv); !ok) {
        if (ok.error() == InvitationError::BadUrl)
            return usageError(command, QStringLiteral("URL must be ws://HOST[:PORT][/PATH]"));
        return usageError(command, invitationErrorString(ok.error()));
    }
    const QString link = encode(inv);
    out(link);
    if (a.has(QStringLiteral("qr"))) {
        const QString qr = terminalQr(link);
        if (qr.isEmpty())
            return failure(command, QStringLiteral("the link is too long for a QR code"));
        out(qr);
    }
    return kExitOk;
}

} // namespace sws::cli
