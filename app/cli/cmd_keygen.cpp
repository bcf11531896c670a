// sws keygen: a box key pair in the reference's box-kp.json format.
#include "cert/keyfiles.h"
#include "cli.h"
#include "crypto/crypto.h"

namespace sws::cli {

int cmdKeygen(const QStringList &args) {
    const QString command = QStringLiteral("keygen");
    const CommandSpec spec{
        command,
        QStringLiteral("[--out FILE] [--force]"),
        QStringLiteral("Makes an X25519 key pair for crypto_box and writes it as the reference "
                       "CLI does:\n{\"secretkey\":[32 bytes],\"publickey\":[32 bytes]}."),
        {{QStringLiteral("out"), QStringLiteral("FILE"),
          QStringLiteral("where to write (default box-kp.json)")},
         {QStringLiteral("force"), {}, QStringLiteral("replace FILE if it exists")}},
        {},
        QStringLiteral("The file holds the secret key: it is created with mode 0600 and never\n"
                       "replaced without --force. Only the public key is printed."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QString path = a.has(QStringLiteral("out")) ? a.value(QStringLiteral("out"))
                                                      : keyfiles::boxKeyPairFileName();
    if (path.isEmpty())
        return usageError(command, QStringLiteral("--out is empty"));

    const BoxKeyPair kp = BoxKeyPair::generate();
    const auto written = keyfiles::writeBoxKeyPair(path, kp, a.has(QStringLiteral("force")));
    if (!written) {
        QString message = written.error().message;
        if (written.error().code == keyfiles::Error::Code::Exists)
            message += QStringLiteral("; use --force to replace it");
        return failure(command, message);
    }
    out(QStringLiteral("wrote %1 (secret key, mode 0600)").arg(path));
    out(QStringLiteral("public key:  %1").arg(toHex(kp.publicKey)));
    out(QStringLiteral("fingerprint: %1").arg(fingerprint(kp.publicKey)));
    return kExitOk;
}

} // namespace sws::cli
