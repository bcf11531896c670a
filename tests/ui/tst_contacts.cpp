// The contact list with the real MainWindow: a joined server's chat is the conversation with its
// key (whatever URL reached it), hosted rooms stay rooms and note their members, and the list
// (names, unread counts, search, verified marks) comes back after a restart on the same profile.
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/hostedroom.h"
#include "contacts/contactfiltermodel.h"
#include "contacts/contactlistmodel.h"
#include "contacts/contactlistview.h"
#include "crypto/crypto.h"
#include "history/historyconnection.h"
#include "history/historystore.h"
#include "testutil.h"
#include "trust/endpoint.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QFont>
#include <QLineEdit>
#include <QListView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;
using testutil::s;

namespace {

constexpr int kWait = 20000; // a loaded machine: generous, the wait is real

quint16 freePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// A room hosted outside the window under test: the server its client joins.
std::unique_ptr<HostedRoom> startRoom(const BoxKeyPair &key, quint16 port = 0) {
    RoomOptions o;
    o.title = s("server");
    o.port = port;
    o.server.session.keyPair = key.clone();
    auto room = std::make_unique<HostedRoom>(std::move(o));
    if (!room->start())
        return nullptr;
    return room;
}

int rowsWithText(const ChatModel *chat, const QString &text) {
    int n = 0;
    for (int r = 0; r < chat->rowCount(); ++r)
        n += chat->message(r).text == text ? 1 : 0;
    return n;
}

int unreadOf(MainWindow &w, const QByteArray &key) {
    const int row = w.contactModel()->rowOfKey(key);
    return row < 0 ? -1 : w.contactModel()->entry(row).unread;
}

} // namespace

class tst_Contacts : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    SecretBuffer m_key = randomSecret(HistoryStore::kKeyBytes);
    int m_n = 0;

    StartOptions options(const QString &name) {
        StartOptions o;
        o.profileDir = m_dir.filePath(name + s("-profile")); // never the user's
        o.settingsFile = m_dir.filePath(name + s(".ini"));
        o.demo = StartOptions::Demo::Off;
        return o;
    }
    // The profile's history, opened again (as a restart does) with the same key.
    std::unique_ptr<HistoryStore> openStore(const StartOptions &o) {
        auto st = HistoryStore::open(o.profileDir, m_key);
        return st ? std::move(st).value() : nullptr;
    }
    static void activate(MainWindow &w) {
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QApplication::setQuitOnLastWindowClosed(false);
    }

    // The model alone on a store: incoming messages after the last read count, outgoing ones
    // never; the shown conversation is read as it grows; counting stops at 999+.
    void unreadCounts() {
        const StartOptions o = options(s("model"));
        auto store = openStore(o);
        QVERIFY(store);
        const QByteArray peer = BoxKeyPair::generate().publicKey;
        const auto ref = HistoryStore::Ref::contact(peer);
        const auto add = [&](int n, HistoryStore::Direction d) {
            QList<HistoryStore::NewMessage> batch;
            for (int i = 0; i < n; ++i) {
                HistoryStore::NewMessage m;
                m.direction = d;
                m.text = s("message %1").arg(i);
                m.timeMs = 1000 + i;
                batch << m;
            }
            return bool(store->addMessages(ref, batch));
        };
        QVERIFY(add(1, HistoryStore::Direction::Incoming)); // before counting began: read
        QVERIFY(store->noteContact(peer, s("Bob"), s("bob.example:80/"), 500));
        AppSettings settings(m_dir.filePath(s("model.ini")));
        TrustService trust(Profile(o.profileDir));
        ContactListModel model(store.get(), trust, &settings);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.entry(0).unread, 0);
        QVERIFY(add(5, HistoryStore::Direction::Incoming));
        model.refresh();
        QCOMPARE(model.entry(0).unread, 5);
        QVERIFY(add(2, HistoryStore::Direction::Incoming));
        QVERIFY(add(1, HistoryStore::Direction::Outgoing));
        model.refresh();
        QCOMPARE(model.entry(0).unread, 7);
        QCOMPARE(model.unreadTotal(), 7);
        const qint64 conv = model.entry(0).conversation;
        model.setShownConversation(conv);
        QCOMPARE(model.entry(0).unread, 0);
        QCOMPARE(settings.lastRead(conv), model.entry(0).lastMessageId);
        QVERIFY(add(1, HistoryStore::Direction::Incoming));
        model.refresh();
        QCOMPARE(model.entry(0).unread, 0);
        model.setShownConversation(0);
        QVERIFY(add(2, HistoryStore::Direction::Incoming));
        model.refresh();
        QCOMPARE(model.entry(0).unread, 2);
        QVERIFY(add(1200, HistoryStore::Direction::Incoming));
        model.refresh();
        QCOMPARE(model.entry(0).unread, 999);
        QVERIFY(model.index(0).data().toString().contains(s("999+")));
        // A second model on the same settings (a restart) counts the same.
        ContactListModel again(store.get(), trust, &settings);
        QCOMPARE(again.entry(0).unread, 999);
        QCOMPARE(again.entry(0).name, s("Bob"));

        // The history made anew (its message ids start again): the old read marks do not hide
        // its messages.
        settings.setLastRead(conv, settings.lastRead(conv) + 100000);
        auto fresh = HistoryStore::open(m_dir.filePath(s("model-new-profile")), m_key);
        QVERIFY(fresh);
        ContactListModel anew(fresh->get(), trust, &settings);
        QCOMPARE(anew.rowCount(), 0);
        QVERIFY(fresh.value()->noteContact(peer, s("Bob"), QString(), 500));
        for (int i = 0; i < 3; ++i) {
            HistoryStore::NewMessage m;
            m.text = s("again %1").arg(i);
            m.timeMs = 5000 + i;
            QVERIFY(fresh.value()->addMessage(ref, m));
        }
        anew.refresh();
        QCOMPARE(anew.rowCount(), 1);
        QCOMPARE(anew.entry(0).unread, 3);
    }

    // Two URLs (two ports of one server key) reach the same peer: one contact, one conversation,
    // both endpoints.
    void serverKeyIsTheConversation() {
        const StartOptions o = options(s("shared"));
        auto store = openStore(o);
        QVERIFY(store);
        const BoxKeyPair serverKey = BoxKeyPair::generate();
        auto one = startRoom(serverKey);
        auto two = startRoom(serverKey);
        QVERIFY(one && two);
        QVERIFY(one->url() != two->url());
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.setHistory(store.get());
        QVERIFY(w.contactModel());

        ClientConnection *a = w.connectTo(one->joinOptions());
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), SessionState::Secured, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(one->memberCount(), 1, kWait); // the room has it as a member
        one->sendMessage(s("through the first port"), payload::Format::Text);
        QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(a->chat(), s("through the first port")), 1, kWait);
        ClientConnection *b = w.connectTo(two->joinOptions());
        QTRY_COMPARE_WITH_TIMEOUT(b->state(), SessionState::Secured, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(two->memberCount(), 1, kWait);
        two->sendMessage(s("through the second port"), payload::Format::Text);
        QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(b->chat(), s("through the second port")), 1, kWait);
        w.refreshContacts(); // writes what the chats hold

        QVERIFY(w.conversationOf(a) > 0);
        QCOMPARE(w.conversationOf(a), w.conversationOf(b));
        auto contacts = store->contacts();
        QVERIFY(contacts);
        QCOMPARE(contacts->size(), 1);
        QCOMPARE(contacts->first().peerKey, serverKey.publicKey);
        QCOMPARE(
            QSet<QString>(contacts->first().endpoints.cbegin(), contacts->first().endpoints.cend()),
            (QSet<QString>{endpointKey(one->url()), endpointKey(two->url())}));
        auto convs = store->conversations();
        QVERIFY(convs);
        QCOMPARE(convs->size(), 1);
        QCOMPARE(convs->first().kind, HistoryStore::Kind::Contact);
        QCOMPARE(convs->first().peerKey, serverKey.publicKey);
        QCOMPARE(convs->first().count, 2);
        // The list shows it by its key's fingerprint, as the peer panel does.
        const int row = w.contactModel()->rowOfKey(serverKey.publicKey);
        QVERIFY(row >= 0);
        QCOMPARE(w.contactModel()->rowCount(), 1);
        QCOMPARE(w.contactModel()->index(row).data(ContactListModel::FingerprintRole).toString(),
                 fingerprint(serverKey.publicKey));
        QCOMPARE(w.contactModel()->entry(row).conversation, w.conversationOf(a));
    }

    // The app opens the history when the keychain answers, which may be after a session to a
    // saved server is secured: that session is still the conversation with the server's key.
    void historyAfterTheSession() {
        const StartOptions o = options(s("late"));
        auto store = openStore(o);
        QVERIFY(store);
        const BoxKeyPair serverKey = BoxKeyPair::generate();
        auto server = startRoom(serverKey);
        QVERIFY(server);
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        ClientConnection *c = w.connectTo(server->joinOptions());
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SessionState::Secured, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(server->memberCount(), 1, kWait);
        w.setHistory(store.get());
        QTRY_VERIFY_WITH_TIMEOUT(w.contactModel()->rowOfKey(serverKey.publicKey) >= 0, kWait);
        QVERIFY(w.conversationOf(c) > 0);
        server->sendMessage(s("after the history"), payload::Format::Text);
        QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(c->chat(), s("after the history")), 1, kWait);
        w.refreshContacts();
        auto conv = store->conversation(HistoryStore::Ref::contact(serverKey.publicKey));
        QVERIFY(conv);
        QCOMPARE(*conv, w.conversationOf(c));
        auto kept = store->messages(*conv);
        QVERIFY(kept);
        QCOMPARE(kept->size(), 1);
        QCOMPARE(kept->first().text, s("after the history"));
    }

    // Unread counts, rename, search and the verified mark; then a restart brings them back.
    void listComesBackAfterRestart() {
        const StartOptions o = options(s("restart"));
        auto store = openStore(o);
        QVERIFY(store);
        const BoxKeyPair serverKey = BoxKeyPair::generate();
        auto server = startRoom(serverKey);
        QVERIFY(server);
        const QString endpoint = endpointKey(server->url());
        TrustService trust(Profile(o.profileDir));
        qint64 conversation = 0;
        {
            MainWindow w(trust, o);
            w.setHistory(store.get());
            activate(w);
            RoomOptions ro;
            ro.title = s("my room");
            HostedRoom *mine = w.hostRoom(std::move(ro));
            QVERIFY(mine);
            ClientConnection *c = w.connectTo(server->joinOptions());
            QTRY_COMPARE_WITH_TIMEOUT(c->state(), SessionState::Secured, kWait);
            QTRY_COMPARE_WITH_TIMEOUT(server->memberCount(), 1, kWait);
            QCOMPARE(w.current(), c);
            conversation = w.conversationOf(c);
            QVERIFY(conversation > 0);

            // Shown in the active window: read as it comes.
            server->sendMessage(s("seen at once"), payload::Format::Text);
            QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(c->chat(), s("seen at once")), 1, kWait);
            w.refreshContacts();
            QCOMPARE(unreadOf(w, serverKey.publicKey), 0);

            // Another conversation shown: the server's messages wait, counted and bold.
            w.select(mine);
            server->sendMessage(s("while away 1"), payload::Format::Text);
            server->sendMessage(s("while away 2"), payload::Format::Text);
            QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(c->chat(), s("while away 2")), 1, kWait);
            QTRY_COMPARE_WITH_TIMEOUT(unreadOf(w, serverKey.publicKey), 2, kWait);
            const int row = w.contactModel()->rowOfKey(serverKey.publicKey);
            const QModelIndex index = w.contactModel()->index(row);
            QVERIFY(index.data(Qt::FontRole).value<QFont>().bold());
            QVERIFY(index.data(Qt::DisplayRole).toString().contains(s("(2)")));
            QCOMPARE(w.contactModel()->unreadTotal(), 2);

            // Named in place (the list's editor writes through setData).
            QVERIFY(w.contactModel()->setData(index, s("Alice")));
            QCOMPARE(w.contactModel()->entry(row).title(), s("Alice"));

            // Search: by name, by fingerprint (as shown, or without spaces), by endpoint.
            ContactListView *view = w.contactList();
            const auto shown = [view](const QString &text) {
                view->searchField()->setText(text);
                return view->list()->model()->rowCount();
            };
            const int all = shown(QString());
            QCOMPARE(all, 2); // the contact and the hosted room
            QCOMPARE(shown(s("alic")), 1);
            const QString fp = fingerprint(serverKey.publicKey);
            QCOMPARE(shown(fp.left(9)), 1);
            QCOMPARE(shown(QString(fp).remove(QLatin1Char(' ')).left(12)), 1);
            QCOMPARE(shown(endpoint), 1);
            QCOMPARE(shown(s("nobody-by-this-name")), 0);
            QCOMPARE(shown(QString()), all);

            // Verified follows the trust store: a verified pin of this key, then not.
            QVERIFY(!index.data(ContactListModel::VerifiedRole).toBool());
            trust.write([endpoint, key = serverKey.publicKey](TrustStore &t) {
                t.setPin(endpoint, key, true, 1);
            });
            w.refreshContacts();
            QVERIFY(w.contactModel()
                        ->index(w.contactModel()->rowOfKey(serverKey.publicKey))
                        .data(ContactListModel::VerifiedRole)
                        .toBool());
            trust.write([endpoint](TrustStore &t) { t.setVerified(endpoint, false); });
            w.refreshContacts();
            QVERIFY(!w.contactModel()
                         ->index(w.contactModel()->rowOfKey(serverKey.publicKey))
                         .data(ContactListModel::VerifiedRole)
                         .toBool());
            trust.write([endpoint](TrustStore &t) { t.setVerified(endpoint, true); });
            trust.flush();
        }

        // A restart: a new store object on the same file, a new window on the same settings.
        store = openStore(o);
        QVERIFY(store);
        {
            MainWindow w(trust, o);
            w.setHistory(store.get());
            activate(w);
            const int row = w.contactModel()->rowOfKey(serverKey.publicKey);
            QVERIFY(row >= 0);
            const ContactListModel::Entry e = w.contactModel()->entry(row);
            QCOMPARE(e.name, s("Alice"));
            QCOMPARE(e.unread, 2);
            QVERIFY(e.verified);
            QCOMPARE(e.conversation, conversation);
            QCOMPARE(e.endpoints, QStringList{endpoint});
            QVERIFY(e.firstSeenMs > 0 && e.lastSeenMs >= e.firstSeenMs);
            QCOMPARE(w.contactModel()->rowCount(), 2); // and the hosted room

            // Clicking it opens its conversation (no session open: its kept messages) and
            // reads it.
            ContactListView *view = w.contactList();
            view->selectRow(row);
            const QRect r = view->list()->visualRect(view->list()->currentIndex());
            QTest::mouseClick(view->list()->viewport(), Qt::LeftButton, {}, r.center());
            auto *kept = qobject_cast<HistoryConnection *>(w.current());
            QVERIFY(kept);
            QCOMPARE(kept->conversation(), conversation);
            QCOMPARE(rowsWithText(kept->chat(), s("while away 2")), 1);
            QVERIFY(!kept->canSend());
            QVERIFY(!w.closeAction()->isEnabled()); // nothing to close: no session
            QTRY_COMPARE_WITH_TIMEOUT(unreadOf(w, serverKey.publicKey), 0, kWait);
            QVERIFY(w.settings()->lastRead(conversation) > 0);
        }
        {
            MainWindow w(trust, o); // not shown: nothing is read by being opened
            w.setHistory(store.get());
            QCOMPARE(unreadOf(w, serverKey.publicKey), 0);
            QCOMPARE(w.contactModel()->entry(w.contactModel()->rowOfKey(serverKey.publicKey)).name,
                     s("Alice"));
        }
    }

    // Opening a contact with no open session joins the saved server met at its endpoint again,
    // showing the kept messages first; renaming in place (F2) names it, and joining again does
    // not rename it back.
    void openingJoinsTheSavedServer() {
        const StartOptions o = options(s("saved"));
        auto store = openStore(o);
        QVERIFY(store);
        const BoxKeyPair serverKey = BoxKeyPair::generate();
        auto server = startRoom(serverKey);
        QVERIFY(server);
        TrustService trust(Profile(o.profileDir));
        qint64 conversation = 0;
        {
            MainWindow w(trust, o);
            w.setHistory(store.get());
            ClientOptions join = server->joinOptions();
            join.remember = true;
            ClientConnection *c = w.connectTo(std::move(join));
            QTRY_COMPARE_WITH_TIMEOUT(c->state(), SessionState::Secured, kWait);
            QTRY_COMPARE_WITH_TIMEOUT(server->memberCount(), 1, kWait);
            QCOMPARE(w.settings()->servers().size(), 1);
            server->sendMessage(s("before the restart"), payload::Format::Text);
            QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(c->chat(), s("before the restart")), 1, kWait);
            conversation = w.conversationOf(c);
            w.refreshContacts();

            // In place: F2 on the selected contact, a name typed, Enter.
            activate(w);
            ContactListView *view = w.contactList();
            view->selectRow(w.contactModel()->rowOfKey(serverKey.publicKey));
            view->renameSelected();
            auto *editor = view->list()->findChild<QLineEdit *>();
            QVERIFY(editor);
            editor->selectAll();
            QTest::keyClicks(editor, s("Build box"));
            QTest::keyClick(editor, Qt::Key_Return);
            QTRY_COMPARE(
                w.contactModel()->entry(w.contactModel()->rowOfKey(serverKey.publicKey)).name,
                s("Build box"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server->memberCount(), 0, kWait);
        // The key as the person accepted it (joining a saved server checks the pins).
        trust.write([endpoint = endpointKey(server->url()), key = serverKey.publicKey](
                        TrustStore &t) { t.setPin(endpoint, key, false, 1); });
        MainWindow w(trust, o); // not start(): the saved server is not joined by itself
        w.setHistory(store.get());
        QCOMPARE(w.connections()->rowCount(), 0);
        const int row = w.contactModel()->rowOfKey(serverKey.publicKey);
        QVERIFY(row >= 0);
        Connection *opened = w.openConversation(w.contactModel()->entry(row));
        auto *client = qobject_cast<ClientConnection *>(opened);
        QVERIFY(client);
        QCOMPARE(w.current(), opened);
        QCOMPARE(rowsWithText(client->chat(), s("before the restart")), 1); // kept, at once
        QCOMPARE(w.conversationOf(client), conversation);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), SessionState::Secured, kWait);
        w.refreshContacts();
        QCOMPARE(w.conversationOf(client), conversation);
        QCOMPARE(w.contactModel()->entry(w.contactModel()->rowOfKey(serverKey.publicKey)).name,
                 s("Build box"));
        QCOMPARE(w.openConversation(w.contactModel()->entry(row)), opened); // not joined twice
    }

    // Hosted rooms stay room conversations and note their members; a URL-keyed conversation of
    // an earlier version stays readable as a room.
    void hostedRoomsAndOldHistory() {
        const StartOptions o = options(s("rooms"));
        auto store = openStore(o);
        QVERIFY(store);
        const quint16 port = freePort();
        QVERIFY(port);
        const QString oldUrl = s("ws://127.0.0.1:%1/").arg(port);
        HistoryStore::NewMessage old;
        old.text = s("from an earlier version");
        old.sender = s("server");
        old.timeMs = 1000;
        QVERIFY(store->addMessage(HistoryStore::Ref::roomNamed(oldUrl), old));

        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        const BoxKeyPair roomKey = BoxKeyPair::generate();
        RoomOptions ro;
        ro.title = s("hosted");
        ro.port = port;
        ro.server.session.keyPair = roomKey.clone();
        HostedRoom *room = w.hostRoom(std::move(ro));
        QVERIFY(room);
        ClientOptions join = room->joinOptions();
        const QByteArray memberKey = join.session.keyPair.publicKey;
        ClientConnection member(std::move(join)); // outside the window: a member from elsewhere
        member.open();
        QTRY_COMPARE_WITH_TIMEOUT(member.state(), SessionState::Secured, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(room->memberCount(), 1, kWait);
        // The history opens after the member joined (the keychain answers when it does).
        w.setHistory(store.get());
        QTRY_VERIFY_WITH_TIMEOUT(w.contactModel()->rowOfKey(memberKey) >= 0, kWait);
        const auto e = w.contactModel()->entry(w.contactModel()->rowOfKey(memberKey));
        QCOMPARE(e.endpoints, QStringList{s("127.0.0.1")});
        QCOMPARE(e.conversation, 0); // met, no conversation of its own: the room has it
        member.sendMessage(s("member says"), payload::Format::Text);
        QTRY_COMPARE_WITH_TIMEOUT(rowsWithText(room->chat(), s("member says")), 1, kWait);
        w.refreshContacts();
        const auto roomRef =
            HistoryStore::Ref::roomNamed(s("hosted room ") + toHex(roomKey.publicKey));
        auto roomConv = store->conversation(roomRef);
        QVERIFY(roomConv);
        QCOMPARE(w.conversationOf(room), *roomConv);
        QVERIFY(w.contactModel()->rowOfConversation(*roomConv) >= 0);

        // The old URL-keyed conversation: listed as a room and opened read-only.
        auto oldConv = store->conversation(HistoryStore::Ref::roomNamed(oldUrl));
        QVERIFY(oldConv);
        const int oldRow = w.contactModel()->rowOfConversation(*oldConv);
        QVERIFY(oldRow >= 0);
        const ContactListModel::Entry oldEntry = w.contactModel()->entry(oldRow);
        QCOMPARE(oldEntry.kind, ContactListModel::Kind::Room);
        QCOMPARE(oldEntry.title(), oldUrl);
        QCOMPARE(oldEntry.unread, 0); // from before unread counts: read
        Connection *shown = w.openConversation(oldEntry);
        QVERIFY(shown);
        QCOMPARE(w.current(), shown);
        QCOMPARE(rowsWithText(shown->chat(), s("from an earlier version")), 1);
        QCOMPARE(w.openConversation(oldEntry), shown); // not opened twice
    }
};

QTEST_MAIN(tst_Contacts)
#include "tst_contacts.moc"
