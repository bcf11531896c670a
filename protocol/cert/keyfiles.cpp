#include "cert/keyfiles.h"

#include "json/json.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sodium.h>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace sws::keyfiles {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

Unexpected<Error> fail(Error::Code code, const QString &path, const QString &what) {
    return unexpected(Error{code, QDir::toNativeSeparators(path) + str(": ") + what});
}

void wipe(QByteArray &bytes) {
    if (!bytes.isEmpty())
        sodium_memzero(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

// Reads and parses a file that may hold secret key bytes: the raw text is wiped afterwards.
Expected<json::Value, Error> readJsonObject(const QString &path, const QStringList &allowedKeys) {
    auto bytes = readFile(path);
    if (!bytes)
        return unexpected(bytes.error());
    json::ParseLimits limits;
    limits.maxBytes = kMaxFileBytes;
    limits.maxDepth = 16;
    auto doc = json::parse(*bytes, limits);
    wipe(*bytes);
    if (!doc) {
        return fail(
            Error::Code::Syntax, path,
            str("not valid JSON at byte %1: %2").arg(doc.error().offset).arg(doc.error().message));
    }
    if (!doc->isObject())
        return fail(Error::Code::Format, path, str("not a JSON object"));
    for (const json::Member &m : doc->members()) {
        if (!allowedKeys.contains(m.key)) {
            return fail(Error::Code::Format, path,
                        str("unexpected member %1 (expected %2)")
                            .arg(cert::displayText(m.key, 32), allowedKeys.join(str(", "))));
        }
    }
    return std::move(doc).value();
}

// A byte-array member as a secret: the plain copy is wiped once it is in a SecretBuffer.
Expected<SecretBuffer, Error> secretMember(const json::Value &doc, const QString &path,
                                           const QString &key, int length) {
    const json::Value *v = doc.find(key);
    if (!v)
        return fail(Error::Code::Format, path, str("\"%1\" is missing").arg(key));
    auto bytes = json::arrayToBytes(*v, length);
    if (!bytes) {
        return fail(Error::Code::Format, path,
                    str("\"%1\" must be an array of %2 integers 0..255").arg(key).arg(length));
    }
    SecretBuffer out(reinterpret_cast<const unsigned char *>(bytes->constData()),
                     static_cast<std::size_t>(bytes->size()));
    wipe(*bytes);
    return out;
}

Expected<QByteArray, Error> publicMember(const json::Value &doc, const QString &path,
                                         const QString &key, int length) {
    const json::Value *v = doc.find(key);
    if (!v)
        return fail(Error::Code::Format, path, str("\"%1\" is missing").arg(key));
    auto bytes = json::arrayToBytes(*v, length);
    if (!bytes) {
        return fail(Error::Code::Format, path,
                    str("\"%1\" must be an array of %2 integers 0..255").arg(key).arg(length));
    }
    return *bytes;
}

json::Value secretArray(const SecretBuffer &secret) {
    QByteArray plain = secret.copyOut();
    json::Value array = json::bytesToArray(plain);
    wipe(plain);
    return array;
}

// Serializes a document holding a secret, writes it and wipes the serialized text.
Expected<QString, Error> writeSecretDocument(const QString &path, const json::Value &doc,
                                             bool overwrite) {
    QByteArray bytes = json::serialize(doc);
    auto written = writeFile(path, bytes, true, overwrite);
    wipe(bytes);
    return written;
}

} // namespace

QString boxKeyPairFileName() {
    return str("box-kp.json");
}
QString caCertFileName(const QString &name) {
    return name + str("-ca-cert.json");
}
QString caKeyFileName(const QString &name) {
    return name + str("-ca-key.json");
}
QString certFileName(const QString &name) {
    return name + str("-cert.json");
}

Expected<QByteArray, Error> readFile(const QString &path, qint64 maxBytes) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(Error::Code::Io, path, str("cannot open: ") + f.errorString());
    if (f.size() > maxBytes)
        return fail(Error::Code::TooLarge, path, str("larger than %1 bytes").arg(maxBytes));
    // size() can be 0 for special files: read one byte past the limit to notice.
    QByteArray data = f.read(maxBytes + 1);
    if (f.error() != QFileDevice::NoError) {
        wipe(data);
        return fail(Error::Code::Io, path, str("cannot read: ") + f.errorString());
    }
    if (data.size() > maxBytes) {
        wipe(data);
        return fail(Error::Code::TooLarge, path, str("larger than %1 bytes").arg(maxBytes));
    }
    return data;
}

Expected<QString, Error> writeFile(const QString &path, const QByteArray &bytes, bool secret,
                                   bool overwrite) {
    const QFileInfo info(path);
    const QString target = info.absoluteFilePath();
    // A dangling symlink does not "exist" for QFileInfo, but would be followed: refuse it too.
    if (!overwrite && (info.exists() || info.isSymLink()))
        return fail(Error::Code::Exists, path, str("already exists"));
    if (info.isDir())
        return fail(Error::Code::Io, path, str("is a directory"));

    // The bytes go to a new file beside the target, created with its final mode (0600 for
    // secrets: never readable by others, not even empty), then moved into place, so no
    // reader ever sees a partial file.
    const QFileDevice::Permissions perms = secret
                                               ? (QFileDevice::ReadOwner | QFileDevice::WriteOwner)
                                               : (QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const QString tmp = target + str(".tmp-") + toHex(randomBytes(6));
    QFile f(tmp);
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, perms))
        return fail(Error::Code::Io, path, str("cannot create: ") + f.errorString());
    bool ok = true;
    if (secret)
        ok = f.setPermissions(perms); // exactly 0600 whatever the umask
    ok = ok && f.write(bytes) == bytes.size() && f.flush();
#ifdef Q_OS_UNIX
    ok = ok && ::fsync(f.handle()) == 0;
#endif
    const QString writeError = f.errorString();
    f.close();
    if (!ok || f.error() != QFileDevice::NoError) {
        QFile::remove(tmp);
        return fail(Error::Code::Io, path, str("cannot write: ") + writeError);
    }

    if (overwrite) {
        // rename(2) replaces the target atomically.
        if (std::rename(QFile::encodeName(tmp).constData(),
                        QFile::encodeName(target).constData()) != 0) {
            QFile::remove(tmp);
            return fail(Error::Code::Io, path, str("cannot replace the file"));
        }
    } else {
        // QFile::rename never replaces an existing file (renameat2 RENAME_NOREPLACE or link).
        QFile moved(tmp);
        if (!moved.rename(target)) {
            QFile::remove(tmp);
            const bool exists = QFileInfo(target).exists() || QFileInfo(target).isSymLink();
            return fail(exists ? Error::Code::Exists : Error::Code::Io, path,
                        exists ? str("already exists")
                               : str("cannot create: ") + moved.errorString());
        }
    }
    return target;
}

Expected<BoxKeyPair, Error> readBoxKeyPair(const QString &path) {
    auto doc = readJsonObject(path, {str("secretkey"), str("publickey")});
    if (!doc)
        return unexpected(doc.error());
    auto publicKey = publicMember(*doc, path, str("publickey"), kBoxPublicKeyBytes);
    if (!publicKey)
        return unexpected(publicKey.error());
    auto secretKey = secretMember(*doc, path, str("secretkey"), kBoxSecretKeyBytes);
    if (!secretKey)
        return unexpected(secretKey.error());
    auto kp = BoxKeyPair::fromKeys(*publicKey, std::move(secretKey).value());
    if (!kp) {
        return fail(Error::Code::KeyMismatch, path,
                    str("unusable key pair: ") + cryptoErrorString(kp.error()));
    }
    return std::move(kp).value();
}

Expected<QByteArray, Error> readBoxPublicKey(const QString &path) {
    auto doc = readJsonObject(path, {str("secretkey"), str("publickey")});
    if (!doc)
        return unexpected(doc.error());
    return publicMember(*doc, path, str("publickey"), kBoxPublicKeyBytes);
}

Expected<cert::Certificate, Error> readCertificate(const QString &path) {
    auto doc = readJsonObject(path, {str("desc"), str("sign")});
    if (!doc)
        return unexpected(doc.error());
    auto cert = cert::Certificate::fromJson(*doc);
    if (!cert)
        return fail(Error::Code::Format, path, str("not a certificate: ") + cert.error());
    return std::move(cert).value();
}

Expected<cert::CaKey, Error> readCaKey(const QString &path) {
    auto doc = readJsonObject(path, {str("cert"), str("secretkey")});
    if (!doc)
        return unexpected(doc.error());
    const json::Value *certDoc = doc->find(str("cert"));
    if (!certDoc)
        return fail(Error::Code::Format, path, str("\"cert\" is missing"));
    auto cert = cert::Certificate::fromJson(*certDoc);
    if (!cert)
        return fail(Error::Code::Format, path,
                    str("\"cert\" is not a certificate: ") + cert.error());
    if (!cert->isSelfSigned())
        return fail(Error::Code::Format, path, str("\"cert\" is not a self-signed CA certificate"));
    auto secretKey = secretMember(*doc, path, str("secretkey"), kSignSecretKeyBytes);
    if (!secretKey)
        return unexpected(secretKey.error());
    auto kp = SignKeyPair::fromSecretKey(std::move(secretKey).value());
    if (!kp) {
        return fail(Error::Code::KeyMismatch, path,
                    str("unusable signing key: ") + cryptoErrorString(kp.error()));
    }
    if (kp->publicKey != cert->publicKey()) {
        return fail(Error::Code::KeyMismatch, path,
                    str("the secret key does not belong to the CA certificate"));
    }
    return cert::CaKey{std::move(cert).value(), std::move(kp->secretKey)};
}

Expected<QString, Error> writeBoxKeyPair(const QString &path, const BoxKeyPair &kp,
                                         bool overwrite) {
    // Member order as the reference CLI writes it.
    const json::Value doc = json::Value::object({
        {str("secretkey"), secretArray(kp.secretKey)},
        {str("publickey"), json::bytesToArray(kp.publicKey)},
    });
    return writeSecretDocument(path, doc, overwrite);
}

Expected<QString, Error> writeCertificate(const QString &path, const cert::Certificate &cert,
                                          bool overwrite) {
    return writeFile(path, cert.toBytes(), false, overwrite);
}

Expected<QString, Error> writeCaKey(const QString &path, const cert::CaKey &ca, bool overwrite) {
    const json::Value doc = json::Value::object({
        {str("cert"), ca.cert.raw()},
        {str("secretkey"), secretArray(ca.secretKey)},
    });
    return writeSecretDocument(path, doc, overwrite);
}

} // namespace sws::keyfiles
