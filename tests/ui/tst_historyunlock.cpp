// The app's HistoryOpener with the person in the loop, its real dialogs driven offscreen: a
// passphrase-wrapped history key is asked for (a wrong passphrase says so and asks again,
// Cancel leaves the history off with the status line), and without a keychain the app offers
// to set a history passphrase or to go on without history. Run by tests/common/with-dbus.sh:
// a private session bus where no keychain answers.
#include "dialogs/passphrasedialog.h"
#include "history/historykey.h"
#include "history/historystore.h"
#include "trust/trustservice.h"
#include "window/historyopener.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <deque>
#include <functional>

using namespace sws;
using namespace sws::ui;

namespace {

const QString kPassphrase = QStringLiteral("correct horse battery");

// Answers the modal dialogs as they come, one step per dialog, and keeps what each said.
class DialogScript : public QObject {
public:
    using Step = std::function<void(QWidget *)>;
    explicit DialogScript(std::deque<Step> steps)
        : m_steps(std::move(steps)) {
        connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
        m_timer.start(20); // polls for the next dialog; each step closes its own
    }
    QStringList texts; // every label of each dialog answered, joined
    QList<QWidget *> parents;
    bool done() const { return m_steps.empty(); }

private:
    void poll() {
        QWidget *dlg = QApplication::activeModalWidget();
        if (!dlg || dlg == m_last || m_steps.empty())
            return;
        m_last = dlg;
        QStringList labels;
        for (QLabel *l : dlg->findChildren<QLabel *>())
            labels << l->text();
        texts << labels.join(QLatin1Char('\n'));
        parents << dlg->parentWidget();
        Step step = std::move(m_steps.front());
        m_steps.pop_front();
        step(dlg);
    }
    std::deque<Step> m_steps;
    QPointer<QWidget> m_last;
    QTimer m_timer;
};

DialogScript::Step enter(const QString &passphrase) {
    return [passphrase](QWidget *w) {
        auto *dlg = qobject_cast<PassphraseDialog *>(w);
        QVERIFY(dlg);
        dlg->passphraseEdit()->setText(passphrase);
        if (dlg->repeatEdit())
            dlg->repeatEdit()->setText(passphrase);
        QVERIFY(dlg->okButton()->isEnabled());
        dlg->okButton()->click();
    };
}

DialogScript::Step cancel() {
    return [](QWidget *w) {
        QVERIFY(qobject_cast<PassphraseDialog *>(w));
        qobject_cast<QDialog *>(w)->reject();
    };
}

DialogScript::Step click(const char *button) {
    return [button](QWidget *w) {
        QVERIFY(qobject_cast<QMessageBox *>(w));
        auto *b = w->findChild<QPushButton *>(QString::fromLatin1(button));
        QVERIFY(b);
        b->click();
    };
}

// A profile whose history key is wrapped by kPassphrase, with one message kept.
bool makeLocked(const QString &dir) {
    FixedPassphrase protect(kPassphrase);
    auto made = historykey::load(dir, nullptr, nullptr, true, &protect);
    if (!made || made->protection != historykey::Protection::Passphrase)
        return false;
    auto store = HistoryStore::open(dir, made->key);
    if (!store)
        return false;
    HistoryStore::NewMessage m;
    m.text = QStringLiteral("kept under a passphrase");
    return bool((*store)->addMessage(HistoryStore::Ref::roomNamed(QStringLiteral("r")), m));
}

int messagesIn(HistoryStore *store) {
    auto convs = store->conversations();
    return convs && convs->size() == 1 ? convs->first().count : -1;
}

} // namespace

class tst_HistoryUnlock : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "no D-Bus session: run this test through tests/common/with-dbus.sh");
    }

    // A wrong passphrase: the dialog comes again and says why; the right one opens the history.
    void wrongThenRightPassphrase() {
        const QString dir = m_dir.filePath(QStringLiteral("locked"));
        QVERIFY(makeLocked(dir));
        HistoryOpener opener(dir);
        QSignalSpy ready(&opener, &HistoryOpener::ready);
        QSignalSpy failed(&opener, &HistoryOpener::failed);
        DialogScript script({enter(QStringLiteral("not the passphrase")), enter(kPassphrase)});
        opener.start();
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() + failed.size() == 1, 20000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(script.done());
        QCOMPARE(script.texts.size(), 2);
        QVERIFY2(!script.texts.at(0).contains(QStringLiteral("wrong passphrase")),
                 qPrintable(script.texts.at(0)));
        QVERIFY2(script.texts.at(1).contains(QStringLiteral("wrong passphrase")),
                 qPrintable(script.texts.at(1)));
        QCOMPARE(messagesIn(opener.store()), 1);
    }

    // Cancel: no history this run, the window's status bar says so; the key file stays.
    void cancelLeavesHistoryOff() {
        const QString dir = m_dir.filePath(QStringLiteral("cancelled"));
        QVERIFY(makeLocked(dir));
        StartOptions so;
        so.settingsFile = m_dir.filePath(QStringLiteral("cancel.ini"));
        so.profileDir = m_dir.filePath(QStringLiteral("cancel-profile"));
        so.demo = StartOptions::Demo::Off;
        TrustService trust(Profile(so.profileDir));
        HistoryOpener opener(dir);
        MainWindow w(trust, so);
        opener.setDialogParent(&w);
        connect(&opener, &HistoryOpener::ready, &w, &MainWindow::setHistory);
        connect(&opener, &HistoryOpener::failed, &w, &MainWindow::historyUnavailable);
        QSignalSpy failed(&opener, &HistoryOpener::failed);
        DialogScript script({cancel()});
        opener.start();
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(script.parents, QList<QWidget *>{&w});
        QVERIFY(!opener.store());
        QVERIFY(!w.history());
        const QString line = w.statusBar()->currentMessage();
        QVERIFY2(line.contains(QStringLiteral("not kept")) &&
                     line.contains(QStringLiteral("passphrase was not given")),
                 qPrintable(line));
        QVERIFY(QFileInfo::exists(historykey::lockedKeyPath(dir)));
    }

    // No keychain, no passphrase yet: the app asks; "Set a passphrase…" wraps a new key with
    // it, and the next start asks for that passphrase.
    void noKeychainSetPassphrase() {
        const QString dir = m_dir.filePath(QStringLiteral("new-passphrase"));
        {
            HistoryOpener opener(dir);
            QSignalSpy ready(&opener, &HistoryOpener::ready);
            QSignalSpy failed(&opener, &HistoryOpener::failed);
            DialogScript script({click("setHistoryPassphrase"), enter(kPassphrase)});
            opener.start();
            QTRY_VERIFY_WITH_TIMEOUT(ready.size() + failed.size() == 1, 30000);
            QVERIFY2(failed.isEmpty(),
                     failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
            QVERIFY(script.done());
            QVERIFY2(script.texts.at(0).contains(QStringLiteral("No OS keychain")),
                     qPrintable(script.texts.at(0)));
            QVERIFY(QFileInfo::exists(historykey::lockedKeyPath(dir)));
            HistoryStore::NewMessage m;
            m.text = QStringLiteral("first");
            QVERIFY(
                opener.store()->addMessage(HistoryStore::Ref::roomNamed(QStringLiteral("r")), m));
        }
        HistoryOpener again(dir);
        QSignalSpy ready(&again, &HistoryOpener::ready);
        DialogScript script({enter(kPassphrase)});
        again.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        QCOMPARE(messagesIn(again.store()), 1);
    }

    // "Not this time": no history, nothing written to the profile, never plaintext.
    void noKeychainGoOnWithout() {
        const QString dir = m_dir.filePath(QStringLiteral("without"));
        HistoryOpener opener(dir);
        QSignalSpy ready(&opener, &HistoryOpener::ready);
        QSignalSpy failed(&opener, &HistoryOpener::failed);
        DialogScript script({click("noHistoryThisTime")});
        opener.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
        QVERIFY(script.done());
        QVERIFY(ready.isEmpty());
        QVERIFY(!opener.store());
        QVERIFY2(
            failed.first().first().toString().contains(QStringLiteral("no history passphrase")),
            qPrintable(failed.first().first().toString()));
        QVERIFY(!QFileInfo::exists(historykey::lockedKeyPath(dir)));
        QVERIFY(!QFileInfo::exists(QDir(dir).filePath(HistoryStore::fileName())));
        QVERIFY(!QApplication::activeModalWidget());
    }
};

QTEST_MAIN(tst_HistoryUnlock)
#include "tst_historyunlock.moc"
