// Desktop notifications (README, "Notifications") for real: run by tests/common/with-dbus.sh
// (a private session bus that starts nothing), where this test registers its own
// org.freedesktop.Notifications server and records every Notify call. The real MainWindow,
// offscreen, joins a real room on 127.0.0.1 where a second member writes.
#include "chat/chatmodel.h"
#include "chat/chatview.h"
#include "chat/room.h"
#include "connections/clientconnection.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "crypto/crypto.h"
#include "history/historystore.h"
#include "session/securewebsocketserver.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"
#include "window/notifier.h"

#include <QAction>
#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

// The notification server of the spec, as far as the app uses it: records Notify calls.
class FakeNotifications : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call {
        QString app;
        QString summary;
        QString body;
        QStringList actions;
        uint id;
    };
    QList<Call> calls;

public Q_SLOTS:
    uint Notify(const QString &app, uint, const QString &, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &, int) {
        calls.append({app, summary, body, actions, uint(calls.size() + 41)});
        return calls.last().id;
    }
    QStringList GetCapabilities() { return {QStringLiteral("actions"), QStringLiteral("body")}; }
    void CloseNotification(uint) {}
};

SessionConfig freshKeys() {
    SessionConfig c;
    c.keyPair = BoxKeyPair::generate();
    return c;
}

bool has(const ChatModel *m, const QString &text) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->message(r).text == text)
            return true;
    return false;
}

} // namespace

class tst_Notifications : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    FakeNotifications m_fake;
    QDBusConnection m_bus{QStringLiteral("unused")};
    int m_n = 0;

    // A room on 127.0.0.1 that the window joins as "Alice's room", and a second member.
    struct Setup {
        std::unique_ptr<SecureWebSocketServer> server;
        std::unique_ptr<Room> room;
        std::unique_ptr<TrustService> trust;
        std::unique_ptr<MainWindow> window;
        ClientConnection *app = nullptr;
        std::unique_ptr<ClientConnection> other;
    };

    bool setUp(Setup &s) {
        ServerConfig sc;
        sc.session.keyPair = BoxKeyPair::generate();
        s.server = std::make_unique<SecureWebSocketServer>(std::move(sc));
        s.room = std::make_unique<Room>(s.server.get(), Room::Mode::Chat);
        if (!s.server->listen(QHostAddress::LocalHost, 0))
            return false;
        StartOptions so;
        const QString n = QString::number(++m_n);
        so.settingsFile = m_dir.filePath(QStringLiteral("settings-%1.ini").arg(n));
        so.profileDir = m_dir.filePath(QStringLiteral("profile-%1").arg(n));
        so.demo = StartOptions::Demo::Off;
        s.trust = std::make_unique<TrustService>(Profile(so.profileDir));
        s.window = std::make_unique<MainWindow>(*s.trust, so);
        s.window->resize(1000, 700);
        s.window->show();
        if (!QTest::qWaitForWindowExposed(s.window.get()))
            return false;
        s.window->start();
        ClientOptions o;
        o.url = s.server->serverUrl();
        o.session = freshKeys();
        o.title = QStringLiteral("Alice's room");
        s.app = s.window->connectTo(std::move(o));
        ClientOptions p;
        p.url = s.server->serverUrl();
        p.session = freshKeys();
        s.other = std::make_unique<ClientConnection>(std::move(p));
        s.other->open();
        return QTest::qWaitFor([&] { return s.room->memberCount() == 2; }, 20000);
    }

    // The other member writes; returns once the window's chat shows it.
    static bool say(Setup &s, const QString &text) {
        s.other->sendMessage(text, payload::Format::Text);
        return QTest::qWaitFor([&] { return has(s.app->chat(), text); }, 20000);
    }

    static bool deactivate(MainWindow *w) {
        w->showMinimized();
        return QTest::qWaitFor([w] { return w->isMinimized(); }, 5000);
    }

    bool registerFake() { return m_bus.registerService(kService); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "no D-Bus session: run this test through tests/common/with-dbus.sh");
        // Its own connection, as a separate notification daemon would have.
        m_bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus,
                                              QStringLiteral("fake-notifications"));
        QVERIFY(m_bus.isConnected());
        QVERIFY(m_bus.registerObject(kPath, &m_fake, QDBusConnection::ExportAllSlots));
    }

    void init() {
        m_fake.calls.clear();
        QVERIFY(registerFake());
    }

    void cleanup() { m_bus.unregisterService(kService); }

    // Summary: the conversation's name; body: the text, escaped; a "default" action.
    void inactiveWindowNotifies() {
        Setup s;
        QVERIFY(setUp(s));
        QVERIFY(deactivate(s.window.get()));
        QVERIFY(say(s, QStringLiteral("<b>bold</b> & co")));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake.calls.size(), 1, 20000);
        const FakeNotifications::Call c = m_fake.calls.first();
        QCOMPARE(c.summary, QStringLiteral("Alice's room"));
        QCOMPARE(c.body, QStringLiteral("&lt;b&gt;bold&lt;/b&gt; &amp; co"));
        QCOMPARE(c.app, QStringLiteral("SWS Desktop"));
        QVERIFY(c.actions.contains(QStringLiteral("default")));
    }

    // Nothing while the window is active, nor for what we send ourselves: the only Notify is
    // the other member's message after those.
    void activeWindowAndOwnMessagesDoNot() {
        Setup s;
        QVERIFY(setUp(s));
        s.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(s.window.get()));
        QVERIFY(say(s, QStringLiteral("while you look")));
        QVERIFY(deactivate(s.window.get()));
        s.app->sendMessage(QStringLiteral("my own words"), payload::Format::Text);
        QTRY_VERIFY_WITH_TIMEOUT(has(s.app->chat(), QStringLiteral("my own words")), 20000);
        QVERIFY(say(s, QStringLiteral("later")));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake.calls.size(), 1, 20000);
        QCOMPARE(m_fake.calls.first().body, QStringLiteral("later"));
    }

    // Messages put back from the history when it opens are old: no notification for them.
    void historyIsNotNew() {
        // Made first, so that it goes after the window that writes to it.
        auto store = HistoryStore::open(m_dir.filePath(QStringLiteral("history")),
                                        randomSecret(HistoryStore::kKeyBytes));
        QVERIFY2(store, store ? "" : qPrintable(store.error().message));
        Setup s;
        QVERIFY(setUp(s));
        HistoryStore::NewMessage old;
        old.sender = QStringLiteral("someone");
        old.timeMs = 1000;
        old.text = QStringLiteral("from last week");
        QVERIFY((*store)->addMessage(HistoryStore::Ref::roomNamed(s.app->url().toString()), old));
        QVERIFY(deactivate(s.window.get()));
        s.window->setHistory(store->get());
        QVERIFY(has(s.app->chat(), QStringLiteral("from last week")));
        QVERIFY(say(s, QStringLiteral("today")));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake.calls.size(), 1, 20000);
        QCOMPARE(m_fake.calls.first().body, QStringLiteral("today"));
    }

    // The body the server gets: markup characters as entities, long text cut.
    void escapedBody_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("body");
        QTest::newRow("plain") << QStringLiteral("hello") << QStringLiteral("hello");
        QTest::newRow("markup") << QStringLiteral("<i>x</i>")
                                << QStringLiteral("&lt;i&gt;x&lt;/i&gt;");
        QTest::newRow("entity") << QStringLiteral("&amp;") << QStringLiteral("&amp;amp;");
        QTest::newRow("long") << QString(Notifier::kMaxBodyChars + 5, QLatin1Char('a'))
                              << QString(Notifier::kMaxBodyChars, QLatin1Char('a')) + QChar(0x2026);
    }
    void escapedBody() {
        QFETCH(QString, text);
        QFETCH(QString, body);
        QCOMPARE(Notifier::escapeBody(text), body);
    }

    // Show notifications off (View menu, kept in the settings): none; on again: one.
    void settingOffDoesNot() {
        Setup s;
        QVERIFY(setUp(s));
        QAction *show = s.window->showNotificationsAction();
        QVERIFY(show && show->isCheckable() && show->isChecked());
        show->trigger();
        QVERIFY(!s.window->settings()->showNotifications());
        QVERIFY(!s.window->showMessageTextAction()->isEnabled());
        QVERIFY(deactivate(s.window.get()));
        QVERIFY(say(s, QStringLiteral("unseen")));
        show->trigger();
        QVERIFY(s.window->settings()->showNotifications());
        QVERIFY(say(s, QStringLiteral("seen")));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake.calls.size(), 1, 20000);
        QCOMPARE(m_fake.calls.first().body, QStringLiteral("seen"));
    }

    // Show message text off: who it is from, not what it says.
    void hiddenText() {
        Setup s;
        QVERIFY(setUp(s));
        QAction *text = s.window->showMessageTextAction();
        QVERIFY(text->isChecked());
        text->trigger();
        QVERIFY(!s.window->settings()->showMessageText());
        QVERIFY(deactivate(s.window.get()));
        QVERIFY(say(s, QStringLiteral("the secret plan")));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake.calls.size(), 1, 20000);
        QCOMPARE(m_fake.calls.first().summary, QStringLiteral("Alice's room"));
        QCOMPARE(m_fake.calls.first().body, QStringLiteral("New message"));
    }

    // A click (ActionInvoked "default" from the server) shows the window on that chat.
    void clickShowsConversation() {
        Setup s;
        QVERIFY(setUp(s));
        RoomOptions ro;
        ro.title = QStringLiteral("Another room");
        ro.server.session.keyPair = BoxKeyPair::generate();
        HostedRoom *another = s.window->hostRoom(std::move(ro));
        QVERIFY(another);
        QCOMPARE(s.window->current(), another);
        s.window->view()->tabs()->setCurrentIndex(ConnectionView::TrafficTab);
        QVERIFY(deactivate(s.window.get()));
        QVERIFY(say(s, QStringLiteral("look here")));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake.calls.size(), 1, 20000);
        QDBusMessage clicked =
            QDBusMessage::createSignal(kPath, kService, QStringLiteral("ActionInvoked"));
        clicked << m_fake.calls.first().id << QStringLiteral("default");
        QVERIFY(m_bus.send(clicked));
        QTRY_VERIFY_WITH_TIMEOUT(!s.window->isMinimized(), 20000);
        QTRY_COMPARE(s.window->current(), static_cast<Connection *>(s.app));
        QCOMPARE(s.window->view()->tabs()->currentIndex(), int(ConnectionView::ChatTab));
    }

    // No notification server on the bus (and no tray offscreen): one status bar line, however
    // many messages come, and no dialog.
    void noServiceOneStatusLine() {
        m_bus.unregisterService(kService);
        Setup s;
        QVERIFY(setUp(s));
        QSignalSpy unavailable(s.window->notifier(), &Notifier::unavailable);
        QSignalSpy lines(s.window->statusBar(), &QStatusBar::messageChanged);
        QVERIFY(deactivate(s.window.get()));
        QVERIFY(say(s, QStringLiteral("one")));
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.size(), 1, 20000);
        QVERIFY(say(s, QStringLiteral("two")));
        QTRY_COMPARE_WITH_TIMEOUT(unavailable.size(), 2, 20000);
        int said = 0;
        for (const QList<QVariant> &l : lines)
            said += l.first().toString().contains(QStringLiteral("no notification service"));
        QCOMPARE(said, 1);
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(m_fake.calls.isEmpty());
    }
};

QTEST_MAIN(tst_Notifications)
#include "tst_notifications.moc"
