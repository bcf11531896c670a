// historykey: the history key wrapped by a passphrase (a real locked-key file) or kept in a
// keychain (an in-memory one here; tst_historykeychain uses the real OS keychain).
#include "crypto/crypto.h"
#include "history/historykey.h"
#include "history/historystore.h"
#include "testutil.h"

#include <QDir>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace testutil;

namespace {

class MemoryKeychain : public historykey::SecretStore {
public:
    QMap<QString, QByteArray> entries;
    QString failure; // when set, every call fails with it
    int writes = 0;

    Expected<std::optional<SecretBuffer>, QString> read(const QString &account) override {
        if (!failure.isEmpty())
            return unexpected(failure);
        if (!entries.contains(account))
            return std::optional<SecretBuffer>();
        const QByteArray v = entries.value(account);
        return std::optional<SecretBuffer>(SecretBuffer(
            reinterpret_cast<const unsigned char *>(v.constData()), static_cast<size_t>(v.size())));
    }
    Expected<bool, QString> write(const QString &account, const SecretBuffer &secret) override {
        if (!failure.isEmpty())
            return unexpected(failure);
        ++writes;
        entries.insert(account, secret.copyOut());
        return true;
    }
    Expected<bool, QString> remove(const QString &account) override {
        entries.remove(account);
        return true;
    }
};

} // namespace

class tst_HistoryKey : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_dirs = 0;
    QString newDir() { return m_tmp.filePath(s("profile%1").arg(++m_dirs)); }

private Q_SLOTS:
    void passphraseWrapped() {
        const QString dir = newDir();
        FixedPassphrase pass(s("correct horse battery"));
        MemoryKeychain keychain;
        auto made = historykey::load(dir, nullptr, &keychain, true, &pass);
        QVERIFY2(made, made ? "" : qPrintable(made.error()));
        QVERIFY(made->created);
        QCOMPARE(made->protection, historykey::Protection::Passphrase);
        QCOMPARE(keychain.writes, 0); // the keychain is not used then
        const QString file = historykey::lockedKeyPath(dir);
        QCOMPARE(modeOf(file), 0600);
        QVERIFY(findSecret(readAll(file), made->key.copyOut()).isEmpty());

        auto again = historykey::load(dir, &pass, &keychain, true);
        QVERIFY2(again, again ? "" : qPrintable(again.error()));
        QVERIFY(!again->created);
        QVERIFY(again->key.equals(made->key));
        QVERIFY(HistoryStore::open(dir, again->key));

        FixedPassphrase wrong(s("wrong passphrase!"));
        auto refused = historykey::load(dir, &wrong, &keychain, true);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(s("wrong passphrase")), qPrintable(refused.error()));
        auto none = historykey::load(dir, nullptr, &keychain, true);
        QVERIFY(!none);
        QVERIFY2(none.error().contains(s("none was given")), qPrintable(none.error()));
        QCOMPARE(keychain.writes, 0);
    }

    void keychainKept() {
        const QString dir = newDir();
        MemoryKeychain keychain;
        auto missing = historykey::load(dir, nullptr, &keychain, false);
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(s("no history key")), qPrintable(missing.error()));
        auto made = historykey::load(dir, nullptr, &keychain, true);
        QVERIFY2(made, made ? "" : qPrintable(made.error()));
        QVERIFY(made->created);
        QCOMPARE(made->protection, historykey::Protection::Keychain);
        QCOMPARE(keychain.entries.value(historykey::keychainAccount(dir)), made->key.copyOut());
        QVERIFY(!QFileInfo::exists(historykey::lockedKeyPath(dir)));
        QVERIFY(HistoryStore::open(dir, made->key));

        auto again = historykey::load(dir, nullptr, &keychain, true);
        QVERIFY(again && !again->created);
        QVERIFY(again->key.equals(made->key));
        QCOMPARE(keychain.writes, 1);

        // The database exists; its key has gone from the keychain: no new key over it.
        keychain.entries.clear();
        auto lost = historykey::load(dir, nullptr, &keychain, true);
        QVERIFY(!lost);
        QVERIFY2(lost.error().contains(s("key is missing")), qPrintable(lost.error()));
        QCOMPARE(keychain.writes, 1);
    }

    void noPlaceIsAnError() {
        const QString dir = newDir();
        MemoryKeychain keychain;
        keychain.failure = s("no Secret Service");
        auto r = historykey::load(dir, nullptr, &keychain, true);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(s("no Secret Service")) && r.error().contains(s("passphrase")),
                 qPrintable(r.error()));
        auto none = historykey::load(dir, nullptr, nullptr, true);
        QVERIFY(!none);
        QVERIFY(!QFileInfo::exists(QDir(dir).filePath(HistoryStore::fileName())));
        QVERIFY(!QFileInfo::exists(historykey::lockedKeyPath(dir)));
    }

    void shortPassphraseRefused() {
        const QString dir = newDir();
        FixedPassphrase pass(s("short"));
        auto r = historykey::load(dir, nullptr, nullptr, true, &pass);
        QVERIFY(!r);
        QVERIFY(!QFileInfo::exists(historykey::lockedKeyPath(dir)));
    }
};

QTEST_GUILESS_MAIN(tst_HistoryKey)
#include "tst_historykey.moc"
