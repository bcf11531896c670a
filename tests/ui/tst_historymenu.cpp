// The window's History menu on a real HistoryStore: search across conversations and open a
// match, export (JSON and text, 0600), delete a conversation, clear everything, each checked by
// opening the store again; and a damaged store gives a clear message while the window goes on.
#include "chat/chathistory.h"
#include "chat/chatlistview.h"
#include "chat/chatmodel.h"
#include "chat/chatview.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "crypto/crypto.h"
#include "dialogs/formfields.h"
#include "history/historyconnection.h"
#include "history/historyexportdialog.h"
#include "history/historysearchdialog.h"
#include "history/historystore.h"
#include "testutil.h"
#include "trust/trustservice.h"
#include "window/mainwindow.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace sws;
using namespace sws::ui;
using namespace testutil;

namespace {

HistoryStore::Ref hostedRef(const BoxKeyPair &key) {
    return HistoryStore::Ref::roomNamed(QStringLiteral("hosted room ") + toHex(key.publicKey));
}

RoomOptions roomWith(const BoxKeyPair &key) {
    RoomOptions o;
    o.title = QStringLiteral("history room");
    {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, 0))
            o.port = probe.serverPort();
    }
    o.server.session.keyPair = key.clone();
    return o;
}

// n messages PREFIX 0 … PREFIX n-1, oldest first.
bool fill(HistoryStore &store, const HistoryStore::Ref &ref, int n, const QString &prefix) {
    QList<HistoryStore::NewMessage> list;
    for (int i = 0; i < n; ++i) {
        HistoryStore::NewMessage m;
        m.sender = QStringLiteral("sender%1").arg(i % 3);
        m.timeMs = 1700000000000 + qint64(i) * 1000;
        m.text = prefix + QString::number(i);
        list << m;
    }
    return bool(store.addMessages(ref, list));
}

int rowWithText(const ChatModel *chat, const QString &text) {
    for (int r = 0; r < chat->rowCount(); ++r)
        if (chat->message(r).text == text)
            return r;
    return -1;
}

template <typename T> T *findVisible(const QString &name) {
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *t = qobject_cast<T *>(w); t && t->isVisible() && t->objectName() == name)
            return t;
    return nullptr;
}

} // namespace

class tst_HistoryMenu : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;
    QString m_storeDir;
    SecretBuffer m_key;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<TrustService> m_trust;
    std::unique_ptr<MainWindow> m_window;

    // A new store and a window on it, shown.
    bool start() {
        m_window.reset();
        m_trust.reset();
        m_store.reset();
        ++m_n;
        m_storeDir = m_dir.filePath(s("store%1").arg(m_n));
        m_key = randomSecret(32);
        auto st = HistoryStore::open(m_storeDir, m_key);
        if (!st)
            return false;
        m_store = std::move(st).value();
        StartOptions so;
        so.settingsFile = m_dir.filePath(s("w%1.ini").arg(m_n));
        so.profileDir = m_dir.filePath(s("profile%1").arg(m_n));
        so.demo = StartOptions::Demo::Off;
        m_trust = std::make_unique<TrustService>(Profile(so.profileDir));
        m_window = std::make_unique<MainWindow>(*m_trust, so);
        m_window->setHistory(m_store.get());
        m_window->resize(900, 700);
        m_window->show();
        return QTest::qWaitForWindowExposed(m_window.get());
    }
    // The store opened again from its file, as another process would.
    std::unique_ptr<HistoryStore> reopened() {
        auto st = HistoryStore::open(m_storeDir, m_key);
        return st ? std::move(st).value() : nullptr;
    }
    QMessageBox *confirm(const QString &name) {
        QMessageBox *box = nullptr;
        QElapsedTimer t;
        t.start();
        while (!(box = findVisible<QMessageBox>(name)) && t.elapsed() < 20000)
            QTest::qWait(20);
        return box;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void cleanup() {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (qobject_cast<QDialog *>(w))
                w->close();
        m_window.reset();
    }

    void menuWithShortcuts() {
        QVERIFY(start());
        QMenu *menu = m_window->menuBar()->findChild<QMenu *>(s("historyMenu"));
        QVERIFY(menu);
        for (QAction *a : {m_window->searchHistoryAction(), m_window->exportHistoryAction(),
                           m_window->deleteConversationAction(), m_window->clearHistoryAction()}) {
            QVERIFY(menu->actions().contains(a));
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->text()));
            QVERIFY(a->isEnabled());
        }
        // No history this run: nothing to do.
        StartOptions so;
        so.settingsFile = m_dir.filePath(s("none.ini"));
        so.profileDir = m_dir.filePath(s("none-profile"));
        so.demo = StartOptions::Demo::Off;
        MainWindow none(*m_trust, so);
        QVERIFY(!none.searchHistoryAction()->isEnabled());
        QVERIFY(!none.clearHistoryAction()->isEnabled());
    }

    // A match far back in a conversation no window shows: it opens read-only with the message
    // paged in, selected and in view. A match in the open room selects it there.
    void searchOpensMatchInAnotherConversation() {
        QVERIFY(start());
        const BoxKeyPair key = BoxKeyPair::generate();
        QVERIFY(fill(*m_store, hostedRef(key), 300, s("room message ")));
        const auto other = HistoryStore::Ref::roomNamed(s("wss://elsewhere.example/"));
        QList<HistoryStore::NewMessage> batch;
        for (int i = 0; i < 500; ++i) {
            HistoryStore::NewMessage m;
            m.sender = i == 10 ? s("carol") : s("dave");
            m.timeMs = 1700000000000 + qint64(i) * 1000;
            m.text = i == 10 ? s("the NEEDLE is here") : s("other message %1").arg(i);
            batch << m;
        }
        QVERIFY(m_store->addMessages(other, batch));
        HostedRoom *room = m_window->hostRoom(roomWith(key));
        QVERIFY(room);

        HistorySearchDialog *dlg = m_window->showHistorySearch();
        QVERIFY(dlg);
        QVERIFY(QTest::qWaitForWindowExposed(dlg));
        QTest::keyClicks(dlg->queryEdit(), s("needle"));
        QTest::keyClick(dlg->queryEdit(), Qt::Key_Return);
        QVERIFY(dlg->isVisible()); // Enter searched, it did not close the dialog
        QCOMPARE(dlg->results()->topLevelItemCount(), 1);
        const QTreeWidgetItem *item = dlg->results()->topLevelItem(0);
        QVERIFY2(item->text(0).contains(s("wss://elsewhere.example/")), qPrintable(item->text(0)));
        QCOMPARE(item->text(1), QDateTime::fromMSecsSinceEpoch(1700000010000)
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        QCOMPARE(item->text(2), s("carol"));
        QCOMPARE(item->text(3), s("the NEEDLE is here"));
        QVERIFY(dlg->statusLabel()->text().contains(s("1")));
        // From the keyboard: Enter on the result.
        QTest::keyClick(dlg->results(), Qt::Key_Return);

        auto *opened = qobject_cast<HistoryConnection *>(m_window->current());
        QVERIFY(opened);
        QVERIFY(opened->title().contains(s("wss://elsewhere.example/")));
        const int row = rowWithText(opened->chat(), s("the NEEDLE is here"));
        QVERIFY(row >= 0);
        QCOMPARE(rowWithText(opened->chat(), s("other message 499")),
                 opened->chat()->rowCount() - 2); // then the "from the history" notice
        ChatListView *list = m_window->view()->chat()->list();
        const QModelIndex shown = list->model()->index(list->listRow(row), 0);
        QVERIFY(list->selectionModel()->isSelected(shown));
        QTRY_VERIFY_WITH_TIMEOUT(list->viewport()->rect().intersects(list->visualRect(shown)),
                                 20000);

        // In the open room: selected there, without a new entry in the list.
        dlg->queryEdit()->setText(s("room message 42"));
        QVERIFY(dlg->search());
        QCOMPARE(dlg->results()->topLevelItemCount(), 1);
        const int entries = m_window->connections()->rowCount();
        dlg->findChild<QPushButton *>(s("openButton"))->click();
        QCOMPARE(m_window->current(), room);
        QCOMPARE(m_window->connections()->rowCount(), entries);
        const int roomRow = rowWithText(room->chat(), s("room message 42"));
        QVERIFY(roomRow >= 0);
        QVERIFY(
            list->selectionModel()->isSelected(list->model()->index(list->listRow(roomRow), 0)));
    }

    void exportWritesBothFormatsOwnerOnly() {
        QVERIFY(start());
        const BoxKeyPair key = BoxKeyPair::generate();
        QVERIFY(fill(*m_store, hostedRef(key), 3, s("exported ")));
        HostedRoom *room = m_window->hostRoom(roomWith(key));
        QVERIFY(room);
        room->chat()->addIncoming(s("erin"), "line one\nline two"); // not written yet
        for (const bool json : {true, false}) {
            HistoryExportDialog *dlg = m_window->showHistoryExport();
            QVERIFY(dlg);
            QVERIFY(dlg->findChild<QLabel *>(s("plaintextNote"))->text().contains(s("0600")));
            QVERIFY(dlg->conversationCombo()->currentText().contains(s("4 messages")));
            dlg->formatCombo()->setCurrentIndex(json ? 0 : 1);
            const QString path = m_dir.filePath(json ? s("export.json") : s("export.txt"));
            dlg->outField()->setPath(path);
            QVERIFY(dlg->okButton()->isEnabled());
            dlg->okButton()->click();
            QTRY_VERIFY(!dlg->isVisible());
            QCOMPARE(modeOf(path), 0600);
            const QByteArray bytes = readAll(path);
            if (json) {
                const QJsonArray messages =
                    QJsonDocument::fromJson(bytes).object().value(s("messages")).toArray();
                QCOMPARE(messages.size(), 4);
                QCOMPARE(messages.at(0).toObject().value(s("text")).toString(), s("exported 0"));
                QCOMPARE(messages.at(3).toObject().value(s("text")).toString(),
                         s("line one\nline two"));
            } else {
                const QList<QByteArray> lines = bytes.trimmed().split('\n');
                QCOMPARE(lines.size(), 4);
                QVERIFY(lines.at(0).endsWith("sender0: exported 0"));
                QVERIFY(lines.at(3).endsWith("erin: line one\\nline two"));
            }
        }
    }

    void deleteConversationAfterConfirming() {
        QVERIFY(start());
        const BoxKeyPair key = BoxKeyPair::generate();
        QVERIFY(fill(*m_store, hostedRef(key), 250, s("doomed ")));
        const auto kept = HistoryStore::Ref::roomNamed(s("wss://kept.example/"));
        QVERIFY(fill(*m_store, kept, 2, s("kept ")));
        HostedRoom *room = m_window->hostRoom(roomWith(key));
        QVERIFY(room);
        QVERIFY(room->chat()->rowCount() > 200);
        QCOMPARE(m_window->current(), room);
        // Cancel changes nothing.
        m_window->deleteConversationAction()->trigger();
        QMessageBox *box = confirm(s("confirmDeleteConversation"));
        QVERIFY(box);
        box->button(QMessageBox::Cancel)->click();
        QCOMPARE(reopened()->conversations()->size(), 2);
        m_window->deleteConversationAction()->trigger();
        box = confirm(s("confirmDeleteConversation"));
        QVERIFY(box);
        box->button(QMessageBox::Yes)->click();
        QCOMPARE(room->chat()->rowCount(), 0);
        {
            auto again = reopened();
            QVERIFY(again);
            auto convs = again->conversations();
            QVERIFY(convs);
            QCOMPARE(convs->size(), 1);
            QCOMPARE(convs->first().room, s("wss://kept.example/"));
        }
        // Scrolling up brings nothing back; a new message is kept, on its own.
        QVERIFY(!m_window->view()->chat()->showOlder());
        room->chat()->addIncoming(s("frank"), "after the deletion");
        QVERIFY(room->findChild<ChatHistory *>()->flush());
        auto again = reopened();
        auto conv = again->conversation(hostedRef(key));
        QVERIFY(conv);
        auto msgs = again->messages(*conv, 0, 1000);
        QVERIFY(msgs);
        QCOMPARE(msgs->size(), 1);
        QCOMPARE(msgs->first().text, s("after the deletion"));
    }

    void clearHistoryAfterConfirming() {
        QVERIFY(start());
        const BoxKeyPair key = BoxKeyPair::generate();
        QVERIFY(fill(*m_store, hostedRef(key), 5, s("gone ")));
        QVERIFY(fill(*m_store, HistoryStore::Ref::roomNamed(s("wss://x.example/")), 5, s("x ")));
        QVERIFY(m_store->noteContact(BoxKeyPair::generate().publicKey, s("gina"),
                                     s("wss://x.example/"), 1000));
        HostedRoom *room = m_window->hostRoom(roomWith(key));
        QVERIFY(room);
        m_window->clearHistoryAction()->trigger();
        QMessageBox *box = confirm(s("confirmClearHistory"));
        QVERIFY(box);
        QVERIFY(box->text().contains(s("cannot be undone")));
        box->button(QMessageBox::Yes)->click();
        QCOMPARE(room->chat()->rowCount(), 0);
        {
            auto again = reopened();
            QVERIFY(again);
            QVERIFY(again->conversations()->isEmpty());
            QVERIFY(again->contacts()->isEmpty());
        }
        room->chat()->addIncoming(s("hank"), "after clearing");
        QVERIFY(room->findChild<ChatHistory *>()->flush());
        auto again = reopened();
        auto convs = again->conversations();
        QVERIFY(convs && convs->size() == 1);
        QCOMPARE(convs->first().count, 1);
    }

    // The database damaged under the running app: every History action says why, changes
    // nothing it cannot, and the window goes on (a new message is still shown).
    void damagedStoreGivesClearMessages() {
        QVERIFY(start());
        const BoxKeyPair key = BoxKeyPair::generate();
        QVERIFY(fill(*m_store, hostedRef(key), 250, s("before ")));
        HostedRoom *room = m_window->hostRoom(roomWith(key));
        QVERIFY(room);
        const QString db = QDir(m_storeDir).filePath(HistoryStore::fileName());
        // Every page of the file, its write-ahead log and its index overwritten in place (the
        // open connection keeps its descriptors: removing or chmod-ing the file would not show).
        for (const QString &path : {db, db + s("-wal"), db + s("-shm")}) {
            QFile f(path);
            if (!f.exists())
                continue;
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.write(QByteArray(f.size(), '\xa5')) == f.size());
        }

        HistorySearchDialog *search = m_window->showHistorySearch();
        QVERIFY(search);
        search->queryEdit()->setText(s("before"));
        QVERIFY(!search->search());
        QVERIFY2(search->statusLabel()->text().contains(s("cannot be searched")),
                 qPrintable(search->statusLabel()->text()));
        QCOMPARE(search->results()->topLevelItemCount(), 0);
        search->close();

        HistoryExportDialog *exportDlg = m_window->showHistoryExport();
        QVERIFY(exportDlg);
        exportDlg->outField()->setPath(m_dir.filePath(s("never.json")));
        QVERIFY(!exportDlg->okButton()->isEnabled());
        QVERIFY2(exportDlg->statusText().contains(s("cannot be read")),
                 qPrintable(exportDlg->statusText()));
        exportDlg->close();
        QString error;
        QVERIFY(!HistoryExportDialog::write(m_store.get(), 1, HistoryStore::ExportFormat::Json,
                                            m_dir.filePath(s("never.json")), &error));
        QVERIFY2(error.contains(s("cannot be read")), qPrintable(error));
        QVERIFY(!QFile::exists(m_dir.filePath(s("never.json"))));

        // Paging up: a status line, the chat as it was.
        const int rows = room->chat()->rowCount();
        ChatListView *list = m_window->view()->chat()->list();
        while (list->model()->rowCount() < rows) // the rows the list set aside first
            QVERIFY(m_window->view()->chat()->showOlder());
        QVERIFY(!m_window->view()->chat()->showOlder());
        QCOMPARE(room->chat()->rowCount(), rows);
        QVERIFY2(
            m_window->statusBar()->currentMessage().contains(s("Older messages cannot be read")),
            qPrintable(m_window->statusBar()->currentMessage()));

        m_window->deleteConversationAction()->trigger();
        QMessageBox *box = confirm(s("confirmDeleteConversation"));
        QVERIFY(box);
        box->button(QMessageBox::Yes)->click();
        QMessageBox *err = confirm(s("historyError"));
        QVERIFY(err);
        QVERIFY2(err->text().contains(s("cannot be deleted")), qPrintable(err->text()));
        err->close();
        QCOMPARE(room->chat()->rowCount(), rows); // not emptied: nothing was deleted

        QVERIFY(!m_window->clearHistory(&error));
        QVERIFY2(error.contains(s("cannot be cleared")), qPrintable(error));

        room->chat()->addIncoming(s("ivan"), "still working");
        QCOMPARE(rowWithText(room->chat(), s("still working")), rows);
    }
};

QTEST_MAIN(tst_HistoryMenu)
#include "tst_historymenu.moc"
