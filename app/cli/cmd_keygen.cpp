// sws keygen: a box key pair in the reference's box-kp.json format.
#include "cert/keyfiles.h"
#include "cli.h"
#include "crypto/crypto.h"
#include "json/json.h"

#include <sodium.h>

#include <unistd.h>

namespace sws::cli {

namespace {

// The key pair document as the reference CLI writes it, on stdout; the copies of the secret
// key made on the way are wiped.
bool writeKeyPairToStdout(const BoxKeyPair &kp) {
    QByteArray secret = kp.secretKey.copyOut();
    const json::Value doc = json::Value::object({
        {QStringLiteral("secretkey"), json::bytesToArray(secret)},
        {QStringLiteral("publickey"), json::bytesToArray(kp.publicKey)},
    });
    sodium_memzero(secret.data(), static_cast<size_t>(secret.size()));
    QByteArray bytes = json::serialize(doc);
    const bool ok = outBytes(bytes + '\n');
    sodium_memzero(bytes.data(), static_cast<size_t>(bytes.size()));
    return ok;
}

} // namespace

int cmdKeygen(const QStringList &args) {
    const QString command = QStringLiteral("keygen");
    const CommandSpec spec{
        command,
        QStringLiteral("[--out FILE|-] [--force] [--json]"),
        QStringLiteral("Makes an X25519 key pair for crypto_box and writes it as the reference "
                       "CLI does:\n{\"secretkey\":[32 bytes],\"publickey\":[32 bytes]}."),
        {{QStringLiteral("out"), QStringLiteral("FILE"),
          QStringLiteral("where to write (default box-kp.json); - for stdout")},
         {QStringLiteral("force"), {}, QStringLiteral("replace FILE if it exists")},
         jsonOption()},
        {},
        QStringLiteral(
            "The file holds the secret key: it is created with mode 0600 and never\n"
            "replaced without --force. On stdout: the public key and its fingerprint\n"
            "(\"public key:  HEX\", \"fingerprint: FP\"; with --json {\"file\",\"publicKey\",\n"
            "\"fingerprint\"}); \"wrote FILE\" goes to stderr. The secret key is never printed,\n"
            "except with --out -: then stdout is the box-kp.json document itself (and the\n"
            "command refuses to write it to a terminal)."),
    };
    Args a;
    if (const auto exit = parse(spec, args, &a))
        return *exit;
    const QString path = a.has(QStringLiteral("out")) ? a.value(QStringLiteral("out"))
                                                      : keyfiles::boxKeyPairFileName();
    if (path.isEmpty())
        return usageError(command, QStringLiteral("--out is empty"));
    const bool toStdout = path == QLatin1String("-");
    if (toStdout && a.has(QStringLiteral("json")))
        return usageError(command, QStringLiteral("--out - and --json both write to stdout"));
    if (toStdout && a.has(QStringLiteral("force")))
        return usageError(command, QStringLiteral("--force has no file to replace with --out -"));
    // As ssh-keygen: a secret key is not put on a screen (or into a terminal's scrollback).
    if (toStdout && ::isatty(STDOUT_FILENO))
        return failure(command, QStringLiteral("refusing to write a secret key to a terminal; "
                                               "redirect stdout or give --out FILE"));

    const BoxKeyPair kp = BoxKeyPair::generate();
    if (toStdout) {
        if (!writeKeyPairToStdout(kp))
            return kExitFailure; // main() says why
        err(QStringLiteral("sws keygen: public key %1, fingerprint %2")
                .arg(toHex(kp.publicKey), fingerprint(kp.publicKey)));
        return kExitOk;
    }
    const auto written = keyfiles::writeBoxKeyPair(path, kp, a.has(QStringLiteral("force")));
    if (!written) {
        QString message = written.error().message;
        if (written.error().code == keyfiles::Error::Code::Exists)
            message += QStringLiteral("; use --force to replace it");
        return failure(command, message);
    }
    err(QStringLiteral("sws keygen: wrote %1 (secret key, mode 0600)").arg(path));
    if (a.has(QStringLiteral("json"))) {
        outJson(QJsonObject{{QStringLiteral("file"), path},
                            {QStringLiteral("publicKey"), toHex(kp.publicKey)},
                            {QStringLiteral("fingerprint"), fingerprint(kp.publicKey)}});
        return kExitOk;
    }
    out(QStringLiteral("public key:  %1").arg(toHex(kp.publicKey)));
    out(QStringLiteral("fingerprint: %1").arg(fingerprint(kp.publicKey)));
    return kExitOk;
}

} // namespace sws::cli
