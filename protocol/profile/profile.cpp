#include "profile/profile.h"

#include "cert/keyfiles.h"
#include "json/json.h"
#include "profile/profile_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

namespace sws {

namespace profile_p {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

bool makePrivateDir(const QString &path, QString *error) {
    if (QFileInfo(path).isDir())
        return true;
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()) ||
        !QDir().mkdir(path,
                      QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner)) {
        *error = QDir::toNativeSeparators(path) + str(": cannot create the directory");
        return false;
    }
    return true;
}

QString writeEntry(const QString &dir, const QString &what, const std::function<bool()> &write) {
    QString error;
    if (!makePrivateDir(dir, &error))
        return error;
    if (write())
        return {};
    QDir(dir).removeRecursively();
    return str("%1: cannot write %2").arg(QDir::toNativeSeparators(dir), what);
}

Expected<QString, QString> removeEntry(const QString &dir) {
    if (!QDir(dir).removeRecursively())
        return unexpected(QDir::toNativeSeparators(dir) + str(": cannot remove"));
    return dir;
}

Expected<SecretBuffer, QString> openLocked(const QString &path, const QString &kind,
                                           const QString &subject, PassphraseProvider *provider,
                                           QByteArray *publicKey) {
    auto bytes = keyfiles::readFile(path);
    if (!bytes)
        return unexpected(bytes.error().message);
    auto header = lockedkey::readHeader(*bytes);
    if (!header)
        return unexpected(QDir::toNativeSeparators(path) + str(": ") + header.error().message);
    *publicKey = header->publicKey;
    if (!provider)
        return unexpected(str("%1 is protected by a passphrase, and none was given").arg(subject));
    PassphraseRequest request{PassphraseRequest::Purpose::Unlock, subject, {}};
    const int attempts = provider->canRetry() ? 3 : 1;
    for (int i = 0; i < attempts; ++i) {
        auto pass = provider->passphrase(request);
        if (!pass)
            return unexpected(pass.error());
        auto secret = lockedkey::open(*bytes, *pass, kind);
        if (secret)
            return std::move(secret).value();
        if (secret.error().code != lockedkey::Error::Code::WrongPassphrase)
            return unexpected(QDir::toNativeSeparators(path) + str(": ") + secret.error().message);
        request.retryReason = secret.error().message;
    }
    return unexpected(str("%1: %2").arg(subject, request.retryReason));
}

QString keyMismatch(const QString &path, const QString &owner) {
    return QDir::toNativeSeparators(path) + str(": the secret key does not belong to ") + owner;
}

Expected<QByteArray, QString> sealWith(PassphraseProvider *provider, const QString &subject,
                                       const QString &kind, const QByteArray &publicKey,
                                       const SecretBuffer &secret, lockedkey::Strength strength) {
    auto pass = provider->passphrase({PassphraseRequest::Purpose::Create, subject, QString()});
    if (!pass)
        return unexpected(pass.error());
    auto sealed = lockedkey::seal(kind, publicKey, secret, *pass, strength);
    if (!sealed)
        return unexpected(sealed.error().message);
    return std::move(sealed).value();
}

QStringList subdirectories(const QString &path) {
    QStringList names = QDir(path).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    names.erase(std::remove_if(names.begin(), names.end(),
                               [](const QString &n) { return !Profile::isValidName(n); }),
                names.end());
    return names;
}

QString nameError(const QString &name) {
    if (Profile::isValidName(name))
        return {};
    return str("%1 is not a valid name (%2)").arg(cert::displayText(name, 64), Profile::nameRule());
}

} // namespace profile_p

using namespace profile_p;

Profile::Profile(const QString &directory)
    : m_dir(QDir::cleanPath(QDir(directory).absolutePath())) {}

QString Profile::defaultDirectory() {
    // AppDataLocation is derived from the running application's names: the CLI answers with
    // the GUI's names for a moment so both find the same directory on every platform.
    const QString org = QCoreApplication::organizationName();
    const QString app = QCoreApplication::applicationName();
    QCoreApplication::setOrganizationName(str("sws-desktop"));
    QCoreApplication::setApplicationName(str("sws-desktop"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCoreApplication::setOrganizationName(org);
    QCoreApplication::setApplicationName(app);
    return dir;
}

QString Profile::resolveDirectory(const QString &overrideDir) {
    if (!overrideDir.isEmpty())
        return overrideDir;
    const QString env = qEnvironmentVariable("SWS_PROFILE");
    return env.isEmpty() ? defaultDirectory() : env;
}

QString Profile::trustStorePath() const {
    return m_dir + str("/trust.json");
}
QString Profile::identityDirectory(const QString &name) const {
    return m_dir + str("/identities/") + name;
}
QString Profile::caDirectory(const QString &name) const {
    return m_dir + str("/cas/") + name;
}

Expected<QString, QString> Profile::ensure() const {
    QString error;
    for (const QString &d : {m_dir, m_dir + str("/identities"), m_dir + str("/cas")}) {
        if (!makePrivateDir(d, &error))
            return unexpected(error);
    }
    return m_dir;
}

bool Profile::isValidName(const QString &name) {
    static const QRegularExpression re(str("^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$"));
    return re.match(name).hasMatch();
}

QString Profile::nameRule() {
    // Shown by the desktop app too: translatable (the command line has no translator).
    return QCoreApplication::translate(
        "sws::Profile", "1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'");
}

QList<Profile::Identity> Profile::identities(QStringList *problems) const {
    return loadEach<Identity>(m_dir + str("/identities"), problems,
                              [this](const QString &name) { return identity(name); });
}

Expected<Profile::Identity, QString> Profile::identity(const QString &name) const {
    if (const QString e = nameError(name); !e.isEmpty())
        return unexpected(e);
    const QString dir = identityDirectory(name);
    Identity id;
    id.name = name;
    const QString locked = dir + str("/") + str(kBoxLocked);
    const QString plain = dir + str("/") + str(kBoxPlain);
    if (QFileInfo::exists(locked)) {
        auto bytes = keyfiles::readFile(locked);
        if (!bytes)
            return unexpected(bytes.error().message);
        auto header = lockedkey::readHeader(*bytes);
        if (!header || header->kind != str(kKindBox))
            return unexpected(QDir::toNativeSeparators(locked) +
                              str(": not a protected box key pair"));
        id.publicKey = header->publicKey;
        id.locked = true;
        id.keyPath = locked;
    } else if (QFileInfo::exists(plain)) {
        auto pk = keyfiles::readBoxPublicKey(plain);
        if (!pk)
            return unexpected(pk.error().message);
        id.publicKey = *pk;
        id.keyPath = plain;
    } else {
        return unexpected(
            str("no identity named %1 in %2").arg(name, QDir::toNativeSeparators(m_dir)));
    }
    const QString certPath = dir + str("/") + str(kCert);
    if (QFileInfo::exists(certPath)) {
        auto c = keyfiles::readCertificate(certPath);
        if (!c)
            return unexpected(c.error().message);
        id.certPath = certPath;
        id.certificate = std::move(c).value();
    }
    return id;
}

Expected<Profile::Identity, QString> Profile::addIdentity(const QString &name,
                                                          const BoxKeyPair &keyPair,
                                                          PassphraseProvider *protectWith,
                                                          lockedkey::Strength strength) const {
    if (const QString e = nameError(name); !e.isEmpty())
        return unexpected(e);
    const QString dir = identityDirectory(name);
    if (QFileInfo::exists(dir))
        return unexpected(str("an identity named %1 already exists").arg(name));
    if (auto ok = ensure(); !ok)
        return unexpected(ok.error());
    // Seal first: a cancelled passphrase prompt leaves nothing behind.
    QByteArray sealed;
    if (protectWith) {
        auto s = sealWith(protectWith, str("identity %1").arg(name), str(kKindBox),
                          keyPair.publicKey, keyPair.secretKey, strength);
        if (!s)
            return unexpected(s.error());
        sealed = std::move(s).value();
    }
    const QString error = writeEntry(dir, str("the key file"), [&] {
        return protectWith ? bool(keyfiles::writeFile(dir + str("/") + str(kBoxLocked), sealed,
                                                      true, false))
                           : bool(keyfiles::writeBoxKeyPair(dir + str("/") + str(kBoxPlain),
                                                            keyPair, false));
    });
    if (!error.isEmpty())
        return unexpected(error);
    return identity(name);
}

Expected<BoxKeyPair, QString> Profile::unlockIdentity(const QString &name,
                                                      PassphraseProvider *provider) const {
    auto id = identity(name);
    if (!id)
        return unexpected(id.error());
    return unlockKey<BoxKeyPair>(
        id->keyPath, id->locked, str(kKindBox), str("identity %1").arg(name), str("the public key"),
        provider, keyfiles::readBoxKeyPair,
        [](const QByteArray &publicKey, SecretBuffer secret) -> std::optional<BoxKeyPair> {
            auto kp = BoxKeyPair::fromKeys(publicKey, std::move(secret));
            if (!kp)
                return std::nullopt;
            return std::move(kp).value();
        });
}

Expected<QString, QString> Profile::setIdentityCertificate(const QString &name,
                                                           const cert::Certificate &cert,
                                                           bool overwrite) const {
    auto id = identity(name);
    if (!id)
        return unexpected(id.error());
    if (cert.publicKey() != id->publicKey)
        return unexpected(str("the certificate is not issued for identity %1 (its publickey "
                              "differs)")
                              .arg(name));
    auto written = keyfiles::writeCertificate(identityDirectory(name) + str("/") + str(kCert), cert,
                                              overwrite);
    if (!written)
        return unexpected(written.error().message);
    return std::move(written).value();
}

Expected<QString, QString> Profile::removeIdentity(const QString &name) const {
    auto id = identity(name);
    if (!id)
        return unexpected(id.error());
    return removeEntry(identityDirectory(name));
}

Expected<Profile::Identity, QString>
Profile::importIdentity(const QString &name, const QString &boxKpPath,
                        PassphraseProvider *protectWith) const {
    auto kp = keyfiles::readBoxKeyPair(boxKpPath);
    if (!kp)
        return unexpected(kp.error().message);
    return addIdentity(name, *kp, protectWith);
}

Expected<QString, QString> Profile::exportIdentity(const QString &name, const QString &path,
                                                   bool publicOnly,
                                                   PassphraseProvider *provider) const {
    if (publicOnly) {
        auto id = identity(name);
        if (!id)
            return unexpected(id.error());
        const json::Value doc =
            json::Value::object({{str("publickey"), json::bytesToArray(id->publicKey)}});
        auto written = keyfiles::writeFile(path, json::serialize(doc), false, false);
        if (!written)
            return unexpected(written.error().message);
        return std::move(written).value();
    }
    auto kp = unlockIdentity(name, provider);
    if (!kp)
        return unexpected(kp.error());
    auto written = keyfiles::writeBoxKeyPair(path, *kp, false);
    if (!written)
        return unexpected(written.error().message);
    return std::move(written).value();
}

} // namespace sws
