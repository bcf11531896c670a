// Profile: the CAs (cas/NAME/).
#include "cert/keyfiles.h"
#include "profile/profile.h"
#include "profile/profile_p.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace sws {

using namespace profile_p;

QList<Profile::Ca> Profile::cas(QStringList *problems) const {
    return loadEach<Ca>(m_dir + str("/cas"), problems,
                        [this](const QString &name) { return ca(name); });
}

Expected<Profile::Ca, QString> Profile::ca(const QString &name) const {
    if (const QString e = nameError(name); !e.isEmpty())
        return unexpected(e);
    const QString dir = caDirectory(name);
    const QString certPath = dir + str("/") + str(kCaCert);
    if (!QFileInfo::exists(certPath))
        return unexpected(str("no CA named %1 in %2").arg(name, QDir::toNativeSeparators(m_dir)));
    auto c = keyfiles::readCertificate(certPath);
    if (!c)
        return unexpected(c.error().message);
    Ca ca{name, std::move(c).value(), false, false, certPath, {}};
    const QString locked = dir + str("/") + str(kCaKeyLocked);
    const QString plain = dir + str("/") + str(kCaKey);
    if (QFileInfo::exists(locked)) {
        ca.hasKey = ca.locked = true;
        ca.keyPath = locked;
    } else if (QFileInfo::exists(plain)) {
        ca.hasKey = true;
        ca.keyPath = plain;
    }
    return ca;
}

Expected<Profile::Ca, QString> Profile::addCa(const QString &name, const cert::Certificate &cert,
                                              const SecretBuffer *secretKey,
                                              PassphraseProvider *protectWith) const {
    if (const QString e = nameError(name); !e.isEmpty())
        return unexpected(e);
    const cert::Verdict v = cert::validate(cert, nullptr, QDateTime::currentMSecsSinceEpoch());
    if (!cert.isSelfSigned() || !v.valid)
        return unexpected(str("not a valid CA certificate: %1")
                              .arg(cert.isSelfSigned() ? v.message : str("not self-signed")));
    if (secretKey) {
        auto kp = SignKeyPair::fromSecretKey(secretKey->clone());
        if (!kp || kp->publicKey != cert.publicKey())
            return unexpected(str("the secret key does not belong to the CA certificate"));
    }
    const QString dir = caDirectory(name);
    if (QFileInfo::exists(dir))
        return unexpected(str("a CA named %1 already exists").arg(name));
    if (auto ok = ensure(); !ok)
        return unexpected(ok.error());
    QByteArray sealed;
    if (secretKey && protectWith) {
        auto s = sealWith(protectWith, str("CA %1").arg(name), str(kKindCa), cert.publicKey(),
                          *secretKey, lockedkey::Strength::Interactive);
        if (!s)
            return unexpected(s.error());
        sealed = std::move(s).value();
    }
    const QString error = writeEntry(dir, str("the CA files"), [&] {
        if (!keyfiles::writeCertificate(dir + str("/") + str(kCaCert), cert, false))
            return false;
        if (secretKey && protectWith)
            return bool(
                keyfiles::writeFile(dir + str("/") + str(kCaKeyLocked), sealed, true, false));
        if (secretKey)
            return bool(keyfiles::writeCaKey(dir + str("/") + str(kCaKey),
                                             cert::CaKey{cert, secretKey->clone()}, false));
        return true;
    });
    if (!error.isEmpty())
        return unexpected(error);
    return ca(name);
}

Expected<cert::CaKey, QString> Profile::unlockCa(const QString &name,
                                                 PassphraseProvider *provider) const {
    auto c = ca(name);
    if (!c)
        return unexpected(c.error());
    if (!c->hasKey)
        return unexpected(str("CA %1 has no secret key in this profile: it can be trusted, not "
                              "used to sign")
                              .arg(name));
    return unlockKey<cert::CaKey>(
        c->keyPath, c->locked, str(kKindCa), str("CA %1").arg(name), str("the CA certificate"),
        provider, keyfiles::readCaKey,
        [&c](const QByteArray &publicKey, SecretBuffer secret) -> std::optional<cert::CaKey> {
            auto kp = SignKeyPair::fromSecretKey(secret.clone());
            if (!kp || kp->publicKey != c->cert.publicKey() || publicKey != c->cert.publicKey())
                return std::nullopt;
            return cert::CaKey{c->cert, std::move(secret)};
        });
}

Expected<QString, QString> Profile::removeCa(const QString &name) const {
    auto c = ca(name);
    if (!c)
        return unexpected(c.error());
    return removeEntry(caDirectory(name));
}

} // namespace sws
