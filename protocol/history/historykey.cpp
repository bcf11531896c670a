#include "history/historykey.h"

#include "cert/keyfiles.h"
#include "crypto/crypto.h"
#include "history/historystore.h"
#include "profile/profile_p.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <sodium.h>

namespace sws::historykey {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

const QString kService = QStringLiteral("sws-desktop");

// lockedkey wants a 32-byte public value in the clear header: a hash of the key (it tells
// nothing about the key, and shows that the right key came out).
Expected<QByteArray, QString> keyId(const SecretBuffer &key) {
    static const QByteArray label = QByteArrayLiteral("sws history key id");
    QByteArray id(32, '\0');
    if (crypto_generichash(reinterpret_cast<unsigned char *>(id.data()), 32,
                           reinterpret_cast<const unsigned char *>(label.constData()),
                           static_cast<unsigned long long>(label.size()), key.data(),
                           key.size()) != 0)
        return unexpected(str("hashing the history key failed"));
    return id;
}

// Runs a QtKeychain job to its end (or the timeout) in a local event loop.
bool runJob(QKeychain::Job &job, int timeoutMs) {
    job.setAutoDelete(false);
    job.setInsecureFallback(false); // never a plain-text file instead of the keychain
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    job.start();
    if (!finished)
        loop.exec();
    return finished;
}

QString keychainError(const QKeychain::Job &job, const char *what) {
    return str("the OS keychain could not %1 the history key: %2")
        .arg(str(what), job.errorString());
}

} // namespace

QString lockedKeyPath(const QString &profileDir) {
    return QDir(profileDir).filePath(str("history-key.locked.json"));
}

QString keychainAccount(const QString &profileDir) {
    return str("history-key ") + QFileInfo(profileDir).absoluteFilePath();
}

Expected<std::optional<SecretBuffer>, QString> OsKeychain::read(const QString &account) {
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(account);
    if (!runJob(job, m_timeoutMs))
        return unexpected(
            str("the OS keychain did not answer within %1 s").arg(m_timeoutMs / 1000));
    if (job.error() == QKeychain::EntryNotFound)
        return std::optional<SecretBuffer>();
    if (job.error() != QKeychain::NoError)
        return unexpected(keychainError(job, "read"));
    QByteArray data = job.binaryData();
    SecretBuffer s(reinterpret_cast<const unsigned char *>(data.constData()),
                   static_cast<size_t>(data.size()));
    sodium_memzero(data.data(), static_cast<size_t>(data.size()));
    return std::optional<SecretBuffer>(std::move(s));
}

Expected<bool, QString> OsKeychain::write(const QString &account, const SecretBuffer &secret) {
    QKeychain::WritePasswordJob job(kService);
    job.setKey(account);
    QByteArray data = secret.copyOut();
    job.setBinaryData(data);
    sodium_memzero(data.data(), static_cast<size_t>(data.size()));
    if (!runJob(job, m_timeoutMs))
        return unexpected(
            str("the OS keychain did not answer within %1 s").arg(m_timeoutMs / 1000));
    if (job.error() != QKeychain::NoError)
        return unexpected(keychainError(job, "store"));
    return true;
}

Expected<bool, QString> OsKeychain::remove(const QString &account) {
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(account);
    if (!runJob(job, m_timeoutMs))
        return unexpected(
            str("the OS keychain did not answer within %1 s").arg(m_timeoutMs / 1000));
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return unexpected(keychainError(job, "delete"));
    return true;
}

QString cannotCreateReason(const QString &profileDir) {
    // A key for a database that exists already would not open it: refuse rather than
    // leave the user with an unreadable file next to a new one.
    const QString db = QDir(profileDir).filePath(HistoryStore::fileName());
    if (!QFileInfo::exists(db))
        return {};
    return str("%1 exists but its key is missing (neither %2 nor an OS keychain entry)")
        .arg(QDir::toNativeSeparators(db), QDir::toNativeSeparators(lockedKeyPath(profileDir)));
}

namespace {

// Starts job (deleted when done) and calls finish(job) once from context's event loop, or
// finish(nullptr) after timeoutMs.
void startAsync(QKeychain::Job *job, QObject *context, int timeoutMs,
                const std::function<void(QKeychain::Job *)> &finish) {
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    auto called = std::make_shared<bool>(false);
    auto once = [called, finish](QKeychain::Job *j) {
        if (*called)
            return;
        *called = true;
        finish(j);
    };
    QObject::connect(job, &QKeychain::Job::finished, context, once);
    QTimer::singleShot(timeoutMs, context, [once] { once(nullptr); });
    job->start();
}

} // namespace

void OsKeychain::readAsync(const QString &account, QObject *context, ReadDone done) const {
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(account);
    const int timeoutMs = m_timeoutMs;
    startAsync(job, context, timeoutMs, [done, timeoutMs](QKeychain::Job *j) {
        if (!j)
            return done(unexpected(
                str("the OS keychain did not answer within %1 s").arg(timeoutMs / 1000)));
        if (j->error() == QKeychain::EntryNotFound)
            return done(std::optional<SecretBuffer>());
        if (j->error() != QKeychain::NoError)
            return done(unexpected(keychainError(*j, "read")));
        QByteArray data = static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData();
        SecretBuffer s(reinterpret_cast<const unsigned char *>(data.constData()),
                       static_cast<size_t>(data.size()));
        sodium_memzero(data.data(), static_cast<size_t>(data.size()));
        done(std::optional<SecretBuffer>(std::move(s)));
    });
}

void OsKeychain::writeAsync(const QString &account, const SecretBuffer &secret, QObject *context,
                            WriteDone done) const {
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setKey(account);
    QByteArray data = secret.copyOut();
    job->setBinaryData(data);
    sodium_memzero(data.data(), static_cast<size_t>(data.size()));
    const int timeoutMs = m_timeoutMs;
    startAsync(job, context, timeoutMs, [done, timeoutMs](QKeychain::Job *j) {
        if (!j)
            return done(unexpected(
                str("the OS keychain did not answer within %1 s").arg(timeoutMs / 1000)));
        if (j->error() != QKeychain::NoError)
            return done(unexpected(keychainError(*j, "store")));
        done(true);
    });
}

Expected<Loaded, QString> load(const QString &profileDir, PassphraseProvider *passphrase,
                               SecretStore *keychain, bool create,
                               PassphraseProvider *protectWith) {
    ensureSodium();
    const QString lockedPath = lockedKeyPath(profileDir);
    const QString subject = str("the history");
    if (QFileInfo::exists(lockedPath)) {
        QByteArray id;
        auto key = profile_p::openLocked(lockedPath, str(kKind), subject, passphrase, &id);
        if (!key)
            return unexpected(key.error());
        auto expected = keyId(*key);
        if (!expected)
            return unexpected(expected.error());
        if (key->size() != HistoryStore::kKeyBytes || *expected != id)
            return unexpected(QDir::toNativeSeparators(lockedPath) +
                              str(": the key inside does not match its header"));
        return Loaded{std::move(key).value(), Protection::Passphrase, false};
    }
    const QString account = keychainAccount(profileDir);
    if (keychain && !protectWith) {
        auto stored = keychain->read(account);
        if (!stored && !create)
            return unexpected(stored.error());
        if (stored && *stored) {
            if ((*stored)->size() != HistoryStore::kKeyBytes)
                return unexpected(str("the history key in the OS keychain has a wrong size"));
            return Loaded{std::move(**stored), Protection::Keychain, false};
        }
        if (!stored)
            return unexpected(stored.error() +
                              str("; protect the history with a passphrase instead"));
    }
    if (!create) {
        return unexpected(str("no history key in %1%2")
                              .arg(QDir::toNativeSeparators(profileDir),
                                   keychain ? str(" or in the OS keychain") : QString()));
    }
    if (const QString why = cannotCreateReason(profileDir); !why.isEmpty())
        return unexpected(why);
    SecretBuffer key = randomSecret(HistoryStore::kKeyBytes);
    if (protectWith) {
        auto id = keyId(key);
        if (!id)
            return unexpected(id.error());
        QString error;
        if (!profile_p::makePrivateDir(profileDir, &error))
            return unexpected(error);
        auto sealed = profile_p::sealWith(protectWith, subject, str(kKind), *id, key,
                                          lockedkey::Strength::Interactive);
        if (!sealed)
            return unexpected(sealed.error());
        auto written = keyfiles::writeFile(lockedPath, *sealed, true, false);
        if (!written)
            return unexpected(written.error().message);
        return Loaded{std::move(key), Protection::Passphrase, true};
    }
    if (!keychain)
        return unexpected(str("no place for the history key: set a passphrase or use the OS "
                              "keychain"));
    auto written = keychain->write(account, key);
    if (!written)
        return unexpected(written.error() + str("; protect the history with a passphrase instead"));
    return Loaded{std::move(key), Protection::Keychain, true};
}

} // namespace sws::historykey
