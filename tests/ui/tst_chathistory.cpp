// ChatHistory and the window's history hook: chats written to a real HistoryStore as they are
// shown, with their states, and shown again by a new window (a restart) on the same store.
#include "chat/chathistory.h"
#include "chat/chatlistview.h"
#include "chat/chatmodel.h"
#include "chat/chatview.h"
#include "connections/clientconnection.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "crypto/crypto.h"
#include "history/historykey.h"
#include "history/historystore.h"
#include "trust/endpoint.h"
#include "trust/pinningverifier.h"
#include "trust/trustservice.h"
#include "window/historyopener.h"
#include "window/mainwindow.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace sws;
using namespace sws::ui;
using State = ChatModel::MessageState;

namespace {

QString s(const char *utf8) {
    return QString::fromUtf8(utf8);
}

// Every message of the conversation ref (oldest first); empty when there is none.
QList<HistoryStore::Message> stored(HistoryStore &store, const HistoryStore::Ref &ref) {
    auto conv = store.conversation(ref);
    if (!conv)
        return {};
    auto all = store.messages(*conv, 0, 100000);
    return all ? *all : QList<HistoryStore::Message>();
}

QList<int> rowsWithText(const ChatModel *chat, const QString &text) {
    QList<int> rows;
    for (int r = 0; r < chat->rowCount(); ++r)
        if (chat->message(r).text == text)
            rows << r;
    return rows;
}

// The conversation of a room this app hosts with that key (as the window keeps it).
HistoryStore::Ref hostedRef(const BoxKeyPair &key) {
    return HistoryStore::Ref::roomNamed(QStringLiteral("hosted room ") + toHex(key.publicKey));
}

quint16 freePort() {
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

RoomOptions roomWith(const BoxKeyPair &key) {
    RoomOptions o;
    o.title = QStringLiteral("paged room");
    o.port = freePort();
    o.server.session.keyPair = key.clone();
    return o;
}

// n messages "old 0" … "old n-1", one a second, oldest first.
bool fill(HistoryStore &store, const HistoryStore::Ref &ref, int n) {
    QList<HistoryStore::NewMessage> list;
    list.reserve(n);
    for (int i = 0; i < n; ++i) {
        HistoryStore::NewMessage m;
        m.sender = QStringLiteral("peer");
        m.timeMs = 1000000 + qint64(i) * 1000;
        m.text = QStringLiteral("old %1").arg(i);
        list << m;
    }
    return bool(store.addMessages(ref, list));
}

// The chat's messages (not notices) are oldest first, without repeats.
bool inOrder(const ChatModel *chat) {
    qint64 last = -1;
    for (int r = 0; r < chat->rowCount(); ++r) {
        const auto &m = chat->message(r);
        if (m.notice)
            continue;
        if (m.timeMs <= last)
            return false;
        last = m.timeMs;
    }
    return true;
}

} // namespace

class tst_ChatHistory : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    std::unique_ptr<HistoryStore> newStore() {
        auto st = HistoryStore::open(m_dir.filePath(s("store%1").arg(++m_n)), randomSecret(32));
        return st ? std::move(st).value() : nullptr;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The app's opener never writes a history it has no key for: without a keychain (a D-Bus
    // address where nothing listens, never the user's session) it reports why, in time.
    // Without a keychain, and with a passphrase-wrapped key, the opener asks: tst_historyunlock
    // drives those dialogs.

    void recordsAndRestores() {
        auto store = newStore();
        QVERIFY(store);
        const auto ref = HistoryStore::Ref::roomNamed(s("wss://example.org/"));
        {
            ChatModel chat;
            ChatHistory h(store.get(), ref, &chat);
            QCOMPARE(h.restoredCount(), 0);
            const quint64 out = chat.addOutgoing(s("you"), "first", State::Queued, 1000);
            chat.addIncoming(s("bob"), "second", 2000);
            chat.addNotice(s("bob joined"), 2500);
            QVERIFY(h.flush());
            QCOMPARE(stored(*store, ref).size(), 2);
            QCOMPARE(stored(*store, ref).at(0).state, HistoryStore::State::Queued);
            // A state change after the write reaches the store at once.
            QVERIFY(chat.setState(out, State::Sent));
            QVERIFY(chat.setState(out, State::Delivered));
            QCOMPARE(stored(*store, ref).at(0).state, HistoryStore::State::Delivered);
            // One that changes before the write is written with its last state.
            const quint64 late = chat.addOutgoing(s("you"), "third", State::Queued, 3000);
            QVERIFY(chat.setState(late, State::Failed));
        } // the destructor writes what waits
        const auto kept = stored(*store, ref);
        QCOMPARE(kept.size(), 3);
        QCOMPARE(kept.at(0).text, s("first"));
        QCOMPARE(kept.at(0).direction, HistoryStore::Direction::Outgoing);
        QCOMPARE(kept.at(0).sender, s("you"));
        QCOMPARE(kept.at(0).timeMs, 1000);
        QCOMPARE(kept.at(1).text, s("second"));
        QCOMPARE(kept.at(1).state, HistoryStore::State::Received);
        QCOMPARE(kept.at(2).state, HistoryStore::State::Failed);

        ChatModel again;
        ChatHistory h2(store.get(), ref, &again);
        QCOMPARE(h2.restoredCount(), 3);
        QCOMPARE(again.rowCount(), 4); // and a notice saying where they come from
        QCOMPARE(again.message(0).text, s("first"));
        QVERIFY(again.message(0).outgoing);
        QCOMPARE(again.message(0).state, State::Delivered);
        QCOMPARE(again.message(2).state, State::Failed);
        QVERIFY(again.message(3).notice);
        // New messages are added once, by the timer, without anything else asking.
        again.addIncoming(s("bob"), "fourth");
        QTRY_COMPARE(stored(*store, ref).size(), 4);
        QCOMPARE(stored(*store, ref).at(3).text, s("fourth"));
    }

    // What a burst costs the GUI thread: 10,000 messages shown, then written in one flush.
    void burstIsOneTransaction() {
        auto store = newStore();
        QVERIFY(store);
        const auto ref = HistoryStore::Ref::roomNamed(s("burst"));
        ChatModel chat;
        ChatHistory h(store.get(), ref, &chat);
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 10000; ++i)
            chat.addIncoming(s("peer"), QByteArray("burst message ") + QByteArray::number(i));
        const qint64 showMs = t.restart();
        QVERIFY(h.flush());
        qInfo("history: 10,000 chat messages, recorded while shown in %lld ms, written in %lld ms",
              showMs, t.elapsed());
        const auto kept = stored(*store, ref);
        QCOMPARE(kept.size(), 10000);
        QCOMPARE(kept.last().text, s("burst message 9999"));
    }

    // A burst left to the timer is written in slices with the event loop running between
    // them (the window is not held up for the whole burst), in order, with each message's last
    // state, whether it changed before or after its slice was written.
    void burstIsWrittenInSlices() {
        auto store = newStore();
        QVERIFY(store);
        const auto ref = HistoryStore::Ref::roomNamed(s("slices"));
        ChatModel chat;
        ChatHistory h(store.get(), ref, &chat);
        constexpr int kBurst = 8000; // below the chat's own bound
        QList<quint64> ids;
        for (int i = 0; i < kBurst; ++i)
            ids << chat.addOutgoing(s("you"), QByteArray("slice ") + QByteArray::number(i),
                                    State::Queued, 1000 + i);
        // Counted on every pass of the event loop (the conversation's count is one query).
        QList<qint64> seen;
        auto storedCount = [&]() -> qint64 {
            auto all = store->conversations();
            return all && !all->isEmpty() ? all->first().count : 0;
        };
        QTimer probe;
        probe.setInterval(0);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 n = storedCount();
            if (seen.isEmpty() || seen.last() != n)
                seen << n;
            // The first message was written by now: its change goes to the store at once; the
            // last one's waits with it.
            if (n > 0 && n < kBurst && chat.message(0).state == State::Queued) {
                QVERIFY(chat.setState(ids.first(), State::Sent));
                QVERIFY(chat.setState(ids.last(), State::Failed));
            }
        });
        probe.start();
        QTRY_COMPARE_WITH_TIMEOUT(storedCount(), qint64(kBurst), 60000);
        probe.stop();
        // Between the first slice and the last, the loop ran and saw the store part written.
        QVERIFY(
            std::any_of(seen.cbegin(), seen.cend(), [](qint64 n) { return n > 0 && n < kBurst; }));
        QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
        const auto conv = store->conversation(ref);
        QVERIFY(conv);
        const auto first = store->messages(*conv, 0, kBurst);
        QVERIFY(first);
        QCOMPARE(first->size(), kBurst);
        for (int i = 0; i < kBurst; ++i)
            QCOMPARE(first->at(i).text, QStringLiteral("slice %1").arg(i));
        QCOMPARE(first->first().state, HistoryStore::State::Sent);
        QCOMPARE(first->last().state, HistoryStore::State::Failed);
        QCOMPARE(first->at(1).state, HistoryStore::State::Queued);
    }

    void demoIsNotKept() {
        auto store = newStore();
        QVERIFY(store);
        StartOptions so;
        so.settingsFile = m_dir.filePath(s("demo.ini"));
        so.profileDir = m_dir.filePath(s("demo-profile"));
        TrustService trust(Profile(so.profileDir));
        MainWindow w(trust, so);
        w.start();
        QVERIFY(w.demoRoom());
        w.setHistory(store.get()); // as in the app: the store is ready after start()
        w.joinDemoRoom();
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QTRY_COMPARE(client->state(), SessionState::Secured);
        client->sendMessage(s("demo message"), payload::Format::Text);
        QTRY_COMPARE(rowsWithText(w.demoRoom()->chat(), s("demo message")).size(), 1);
        QVERIFY(w.findChildren<ChatHistory *>().isEmpty());
        auto convs = store->conversations();
        QVERIFY(convs && convs->isEmpty());
    }

    // The app: a hosted room with a fixed key and port, joined from the window; a second window
    // on the same store (a restart) shows both chats again with their states.
    void windowKeepsChatsAcrossRestart() {
        auto store = newStore();
        QVERIFY(store);
        const BoxKeyPair roomKey = BoxKeyPair::generate();
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const auto roomOptions = [&] {
            RoomOptions o;
            o.title = s("kept room");
            o.port = port;
            o.server.session.keyPair = roomKey.clone();
            return o;
        };
        StartOptions so;
        so.settingsFile = m_dir.filePath(s("w.ini"));
        so.profileDir = m_dir.filePath(s("w-profile"));
        so.demo = StartOptions::Demo::Off;
        TrustService trust(Profile(so.profileDir));
        const QString text = s("kept across a restart");
        QString url;
        {
            MainWindow w(trust, so);
            w.setHistory(store.get());
            HostedRoom *room = w.hostRoom(roomOptions());
            QVERIFY(room);
            ClientConnection *client = w.joinRoom(room);
            QVERIFY(client);
            url = client->url().toString();
            QTRY_COMPARE(client->state(), SessionState::Secured);
            QTRY_COMPARE(client->channel()->link(), chat::Link::Reliable);
            client->sendMessage(text, payload::Format::Text);
            QTRY_COMPARE(rowsWithText(client->chat(), text).size(), 1);
            const int row = rowsWithText(client->chat(), text).first();
            QTRY_COMPARE(client->chat()->message(row).state, State::Delivered);
            QTRY_COMPARE(rowsWithText(room->chat(), text).size(), 1);
        }
        // A joined server's chat is the conversation with its key, not its URL.
        QVERIFY(stored(*store, HistoryStore::Ref::roomNamed(url)).isEmpty());
        const auto clientRef = HistoryStore::Ref::contact(roomKey.publicKey);
        auto kept = stored(*store, clientRef);
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().text, text);
        QCOMPARE(kept.first().state, HistoryStore::State::Delivered);
        // The server met is a contact: its key, its endpoint (and the room noted its member,
        // this app's client, as one too).
        auto contacts = store->contacts();
        QVERIFY(contacts && contacts->size() == 2);
        const auto server =
            std::find_if(contacts->cbegin(), contacts->cend(), [&](const HistoryStore::Contact &c) {
                return c.peerKey == roomKey.publicKey;
            });
        QVERIFY(server != contacts->cend());
        QCOMPARE(server->endpoints, QStringList{endpointKey(QUrl(url))});

        MainWindow w2(trust, so);
        w2.setHistory(store.get());
        HostedRoom *room = w2.hostRoom(roomOptions());
        QVERIFY(room);
        QCOMPARE(rowsWithText(room->chat(), text).size(), 1); // the room's side, restored
        ClientConnection *client = w2.joinRoom(room);
        QVERIFY(client);
        QCOMPARE(client->url().toString(), url);
        const auto rows = rowsWithText(client->chat(), text);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(client->chat()->message(rows.first()).state, State::Delivered);
        QVERIFY(client->chat()->message(rows.first()).outgoing);
    }

    // Scrolling the chat to the top pages older messages in, 100 at a time, before the first
    // row, while the message the user read stays where it was; then the start is marked.
    void scrollingToTopPagesOlderIn() {
        auto store = newStore();
        QVERIFY(store);
        const BoxKeyPair key = BoxKeyPair::generate();
        QVERIFY(fill(*store, hostedRef(key), 450));
        StartOptions so;
        so.settingsFile = m_dir.filePath(s("paging.ini"));
        so.profileDir = m_dir.filePath(s("paging-profile"));
        so.demo = StartOptions::Demo::Off;
        TrustService trust(Profile(so.profileDir));
        MainWindow w(trust, so);
        w.setHistory(store.get());
        w.resize(900, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        HostedRoom *room = w.hostRoom(roomWith(key));
        QVERIFY(room);
        ChatModel *chat = room->chat();
        QCOMPARE(rowsWithText(chat, s("old 250")).size(), 1); // the newest 200
        QCOMPARE(rowsWithText(chat, s("old 249")).size(), 0);
        ChatListView *list = w.view()->chat()->list();
        QScrollBar *bar = list->verticalScrollBar();
        QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 0, 20000);
        const int rowsBefore = chat->rowCount();

        // Scrolls to the top; the list's rows may first be only the newest (chatlistview.h),
        // so scroll until the chat model itself grew.
        const auto scrollUntilGrown = [&](int rows) {
            QElapsedTimer t;
            t.start();
            while (chat->rowCount() < rows && t.elapsed() < 20000) {
                if (bar->value() != bar->minimum())
                    bar->setValue(bar->minimum());
                QTest::qWait(20);
            }
            return chat->rowCount() >= rows;
        };
        QVERIFY(scrollUntilGrown(rowsBefore + 100));
        QCOMPARE(chat->rowCount(), rowsBefore + 100);
        QCOMPARE(chat->message(0).text, s("old 150"));
        QVERIFY(inOrder(chat));
        // What was at the top before ("old 250") is still in view, near the top.
        const int read = list->listRow(rowsWithText(chat, s("old 250")).first());
        QVERIFY(read >= 0);
        const QRect r = list->visualRect(list->model()->index(read, 0));
        QVERIFY2(list->viewport()->rect().contains(r.topLeft()),
                 qPrintable(QStringLiteral("%1,%2").arg(r.x()).arg(r.y())));
        QVERIFY(r.top() < list->viewport()->height() / 2);
        QVERIFY(bar->value() > bar->minimum());

        QVERIFY(scrollUntilGrown(rowsBefore + 200));
        QCOMPARE(chat->message(0).text, s("old 50"));
        // The last 50 and the start of the conversation.
        QVERIFY(scrollUntilGrown(rowsBefore + 251));
        QCOMPARE(chat->rowCount(), rowsBefore + 251);
        QVERIFY(chat->message(0).notice);
        QCOMPARE(chat->message(0).text, s("Start of the conversation"));
        QCOMPARE(chat->message(1).text, s("old 0"));
        QVERIFY(inOrder(chat));
        ChatHistory *h = room->findChild<ChatHistory *>();
        QVERIFY(h && h->atStart() && !h->hasOlder());
        QCOMPARE(h->fetchOlder(), 0);
        QVERIFY(!w.view()->chat()->showOlder());
        QCOMPARE(chat->rowCount(), rowsBefore + 251);
        // Nothing paged in was written again; a new message still is.
        chat->addIncoming(s("peer"), "after paging");
        QVERIFY(h->flush());
        const auto kept = stored(*store, hostedRef(key));
        QCOMPARE(kept.size(), 451);
        QCOMPARE(kept.last().text, s("after paging"));
    }

    // A conversation of 100,000 messages opens with its newest at once; older pages come in
    // 100 at a time. Prints the figures (README "History"); no timing asserts.
    void opens100kAtOnce() {
        auto store = newStore();
        QVERIFY(store);
        const BoxKeyPair key = BoxKeyPair::generate();
        QVERIFY(fill(*store, hostedRef(key), 100000));
        StartOptions so;
        so.settingsFile = m_dir.filePath(s("big.ini"));
        so.profileDir = m_dir.filePath(s("big-profile"));
        so.demo = StartOptions::Demo::Off;
        TrustService trust(Profile(so.profileDir));
        MainWindow w(trust, so);
        w.setHistory(store.get());
        w.resize(900, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ChatView *view = w.view()->chat();
        QElapsedTimer t;
        t.start();
        HostedRoom *room = w.hostRoom(roomWith(key));
        QVERIFY(room);
        QCoreApplication::processEvents(); // the first layout and paint
        const qint64 openMs = t.elapsed();
        ChatModel *chat = room->chat();
        QCOMPARE(rowsWithText(chat, s("old 99999")).size(), 1);
        const int last = view->list()->model()->rowCount() - 1;
        QVERIFY(last > 0);
        // Whatever the list took in at once, the newest message is in view.
        QTRY_VERIFY_WITH_TIMEOUT(
            view->list()->viewport()->rect().intersects(
                view->list()->visualRect(view->list()->model()->index(last, 0))),
            20000);
        // Pages in (every row the list set aside first), then five pages of 100.
        while (view->list()->model()->rowCount() < chat->rowCount())
            QVERIFY(view->showOlder());
        const int rows = chat->rowCount();
        qint64 worst = 0;
        t.restart();
        ChatListView *list = view->list();
        qint64 checkMs = 0;
        for (int i = 0; i < 5; ++i) {
            // The message at the top of the viewport, and where it is on screen.
            const QModelIndex top = list->indexAt(QPoint(list->viewport()->width() / 2, 2));
            QVERIFY(top.isValid());
            const quint64 id = top.data(ChatModel::IdRole).toULongLong();
            const int y = list->visualRect(top).top();
            QElapsedTimer one;
            one.start();
            QVERIFY(view->showOlder());
            worst = std::max(worst, one.elapsed());
            QElapsedTimer check;
            check.start();
            const int row = list->listRow(chat->rowOf(id));
            QCOMPARE(row, top.row() + 100);
            QVERIFY2(std::abs(list->visualRect(list->model()->index(row, 0)).top() - y) <= 2,
                     "the message read moved on screen");
            checkMs += check.elapsed();
        }
        const qint64 pagesMs = t.elapsed() - checkMs;
        QCOMPARE(chat->rowCount(), rows + 500);
        QCOMPARE(chat->message(0).text, s("old %1").arg(100000 - 200 - 500));
        QVERIFY(inOrder(chat));
        qInfo("history: 100,000 messages, room opened with the newest 200 shown in %lld ms; "
              "a page of 100 older ones in %lld ms on average (worst %lld ms), laid out",
              openMs, pagesMs / 5, worst);
    }

    // The store comes after the window joined a server (the keychain answers late): the
    // connection waits for it before dialling, so the messages the last run left pending go
    // out first, in their own stream, then the one written meanwhile; each once.
    void lateHistoryRestoresBeforeDialling() {
        auto store = newStore();
        QVERIFY(store);
        const BoxKeyPair roomKey = BoxKeyPair::generate();
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const auto clientOptions = [&] {
            ClientOptions o;
            o.url = QUrl(s("ws://127.0.0.1:%1/").arg(port));
            o.retryFirst = true;
            o.session.keyPair = BoxKeyPair::generate();
            o.session.verifier = std::make_shared<KnownKeyVerifier>(roomKey.publicKey);
            return o;
        };
        StartOptions so;
        so.settingsFile = m_dir.filePath(s("late.ini"));
        so.profileDir = m_dir.filePath(s("late-profile"));
        so.demo = StartOptions::Demo::Off;
        TrustService trust(Profile(so.profileDir));
        {
            MainWindow w(trust, so);
            w.setHistory(store.get());
            ClientConnection *c = w.connectTo(clientOptions());
            QTRY_VERIFY_WITH_TIMEOUT(c->reconnecting(), 20000); // nobody listens yet
            c->sendMessage(s("old 1"), payload::Format::Text);
            c->sendMessage(s("old 2"), payload::Format::Text);
        } // the app quits with both pending

        MainWindow w2(trust, so);
        w2.expectHistory();
        RoomOptions ro;
        ro.title = s("late room");
        ro.port = port;
        ro.server.session.keyPair = roomKey.clone();
        HostedRoom *room = w2.hostRoom(std::move(ro));
        QVERIFY(room);
        ClientConnection *c = w2.connectTo(clientOptions());
        QVERIFY(c->held());
        QCOMPARE(c->socket()->state(), SecureWebSocket::State::Unconnected);
        c->sendMessage(s("new"), payload::Format::Text);
        w2.setHistory(store.get());
        QVERIFY(!c->held());
        QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(room->chat(), s("new")).size(), 1, 20000);
        const auto old1 = rowsWithText(room->chat(), s("old 1"));
        const auto old2 = rowsWithText(room->chat(), s("old 2"));
        QCOMPARE(old1.size(), 1);
        QCOMPARE(old2.size(), 1);
        QVERIFY(old1.first() < old2.first());
        QVERIFY(old2.first() < rowsWithText(room->chat(), s("new")).first());
        for (const QString &t : {s("old 1"), s("old 2"), s("new")}) {
            const auto rows = rowsWithText(c->chat(), t);
            QCOMPARE(rows.size(), 1);
            QTRY_COMPARE_WITH_TIMEOUT(c->chat()->message(rows.first()).state, State::Delivered,
                                      20000);
        }
        const auto kept = stored(*store, HistoryStore::Ref::contact(roomKey.publicKey));
        QCOMPARE(kept.size(), 3);
        for (const auto &m : kept)
            QCOMPARE(m.state, HistoryStore::State::Delivered);
    }
};

QTEST_MAIN(tst_ChatHistory)
#include "tst_chathistory.moc"
