// The app's HistoryOpener with the real OS keychain: run by tests/common/with-keyring.sh (a
// private D-Bus session with gnome-keyring), never the user's own keyring.
#include "history/historykey.h"
#include "history/historystore.h"
#include "window/historyopener.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;

class tst_HistoryOpener : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "no D-Bus session: run this test through tests/common/with-keyring.sh");
    }

    // First start makes the key (in the keychain) and the database; the next start opens both.
    void opensWithKeychainKey() {
        const QString dir = m_dir.filePath(QStringLiteral("profile"));
        {
            HistoryOpener first(dir);
            QSignalSpy ready(&first, &HistoryOpener::ready);
            QSignalSpy failed(&first, &HistoryOpener::failed);
            first.start();
            QTRY_VERIFY_WITH_TIMEOUT(ready.size() + failed.size() == 1, 20000);
            QVERIFY2(failed.isEmpty(),
                     failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
            QVERIFY(first.store());
            HistoryStore::NewMessage m;
            m.text = QStringLiteral("hello");
            QVERIFY(
                first.store()->addMessage(HistoryStore::Ref::roomNamed(QStringLiteral("r")), m));
        }
        HistoryOpener second(dir);
        QSignalSpy ready(&second, &HistoryOpener::ready);
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        auto convs = second.store()->conversations();
        QVERIFY(convs && convs->size() == 1);
        QCOMPARE(convs->first().count, 1);
        historykey::OsKeychain keychain;
        auto removed = keychain.remove(historykey::keychainAccount(dir));
        QVERIFY2(removed, removed ? "" : qPrintable(removed.error()));
    }
};

QTEST_MAIN(tst_HistoryOpener)
#include "tst_historyopener.moc"
