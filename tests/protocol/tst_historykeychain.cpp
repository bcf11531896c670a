// The history key in the real OS keychain: run by tests/common/with-keyring.sh in a private
// D-Bus session with gnome-keyring (the Secret Service), never the user's own keyring.
#include "crypto/crypto.h"
#include "history/historykey.h"
#include "history/historystore.h"
#include "testutil.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace testutil;

class tst_HistoryKeychain : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "no D-Bus session: run this test through tests/common/with-keyring.sh");
    }

    void storeReadRemove() {
        historykey::OsKeychain keychain;
        const QString account = s("tst_historykeychain %1").arg(m_tmp.path());
        const SecretBuffer secret = randomSecret(32);
        auto w = keychain.write(account, secret);
        QVERIFY2(w, w ? "" : qPrintable(w.error()));
        auto r = keychain.read(account);
        QVERIFY2(r, r ? "" : qPrintable(r.error()));
        QVERIFY(r->has_value());
        QVERIFY((*r)->equals(secret));
        QVERIFY(keychain.remove(account));
        auto gone = keychain.read(account);
        QVERIFY(gone && !gone->has_value());
    }

    void historyKeyInKeychain() {
        const QString dir = m_tmp.filePath(s("profile"));
        historykey::OsKeychain keychain;
        auto made = historykey::load(dir, nullptr, &keychain, true);
        QVERIFY2(made, made ? "" : qPrintable(made.error()));
        QVERIFY(made->created);
        QCOMPARE(made->protection, historykey::Protection::Keychain);
        {
            auto st = HistoryStore::open(dir, made->key);
            QVERIFY(st);
            HistoryStore::NewMessage m;
            m.sender = s("bob");
            m.text = s("kept with a keychain key");
            QVERIFY((*st)->addMessage(HistoryStore::Ref::roomNamed(s("r")), m));
        }
        // A second keychain client (as the CLI after the app) finds the same key.
        historykey::OsKeychain other;
        auto again = historykey::load(dir, nullptr, &other, false);
        QVERIFY2(again, again ? "" : qPrintable(again.error()));
        QVERIFY(!again->created);
        QVERIFY(again->key.equals(made->key));
        QVERIFY(HistoryStore::open(dir, again->key));
        // The CLI unlocks the same history through the keychain, without a passphrase.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(s("SWS_PASSPHRASE"));
        const Run r = runSws(
            {s("history"), s("export"), s("r"), s("--format"), s("text"), s("--profile"), dir},
            env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("1970-01-01T00:00:00.000Z  bob: kept with a keychain key\n"));

        QVERIFY(keychain.remove(historykey::keychainAccount(dir)));
        const Run gone = runSws({s("history"), s("list"), s("--profile"), dir}, env);
        QCOMPARE(gone.code, 1);
        QVERIFY2(gone.err.contains(s("no history key")), qPrintable(gone.err));
    }
};

QTEST_GUILESS_MAIN(tst_HistoryKeychain)
#include "tst_historykeychain.moc"
