// What the desktop app remembers across restarts, with the real MainWindow: its rooms (same
// port, same key, from a profile identity), the servers it joined, the demo room's key, the
// settings in the profile; and the question before quitting with live rooms.
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/hostedroom.h"
#include "dialogs/connectdialog.h"
#include "dialogs/hostdialog.h"
#include "dialogs/newidentitydialog.h"
#include "session/securewebsocketserver.h"
#include "trust/endpoint.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;

namespace {

template <typename T> QList<T *> connectionsOf(MainWindow &w) {
    QList<T *> out;
    for (int row = 0; row < w.connections()->rowCount(); ++row)
        if (auto *c = qobject_cast<T *>(w.connections()->at(row)))
            out << c;
    return out;
}

QByteArray roomKey(HostedRoom *room) {
    return room->server()->config().session.keyPair.publicKey;
}

} // namespace

class tst_MainWindowSaved : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    // No --settings: the settings live in the profile.
    StartOptions options(const QString &name, StartOptions::Demo demo) {
        StartOptions o;
        o.profileDir = m_dir.filePath(name + QStringLiteral("-profile")); // never the user's
        o.demo = demo;
        return o;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QApplication::setQuitOnLastWindowClosed(false); // the quit test closes windows
    }

    // A room hosted with a profile identity and a joined server come back after a restart:
    // the room on the same port with the same key, the server joined again.
    void roomsAndServersComeBack() {
        const StartOptions o = options(QStringLiteral("restart"), StartOptions::Demo::Off);
        ServerConfig serverConfig;
        serverConfig.session.keyPair = BoxKeyPair::generate();
        const QByteArray serverKey = serverConfig.session.keyPair.publicKey;
        SecureWebSocketServer server(std::move(serverConfig));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);
        quint16 port = 0;
        QByteArray key;
        {
            TrustService trust(Profile(o.profileDir));
            QVERIFY(trust.profile().ensure());
            // The server's key is pinned: joining it again at start asks nobody.
            QVERIFY(trust.writeAndWait([url = server.serverUrl(), serverKey](TrustStore &s) {
                s.setPin(endpointKey(url), serverKey, true, 1);
            }));
            MainWindow w(trust, o);
            w.start();
            QCOMPARE(w.connections()->rowCount(), 0);
            QVERIFY(trust.profile().addIdentity(QStringLiteral("room-a"), BoxKeyPair::generate(),
                                                nullptr));
            RoomOptions ro;
            ro.title = QStringLiteral("Team room");
            ro.identity = QStringLiteral("room-a");
            ro.server.session.keyPair =
                std::move(*trust.profile().unlockIdentity(ro.identity, nullptr));
            ro.relay = Room::Mode::Echo;
            ro.remember = true;
            HostedRoom *room = w.hostRoom(std::move(ro));
            QVERIFY(room);
            port = room->server()->serverPort();
            key = roomKey(room);
            QVERIFY(w.openAtStartAction()->isEnabled());
            QVERIFY(w.openAtStartAction()->isChecked());

            ClientOptions co;
            co.url = server.serverUrl();
            co.session.keyPair = BoxKeyPair::generate();
            co.title = QStringLiteral("Their server");
            co.remember = true;
            ClientConnection *c = w.joinServer(std::move(co));
            QTRY_COMPARE(c->state(), SessionState::Secured);
            QTRY_COMPARE(secured.size(), 1);
            QCOMPARE(w.settings()->servers().size(), 1);

            // An address where nobody answers is not remembered.
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            ClientOptions nobody;
            nobody.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(probe.serverPort()));
            probe.close();
            nobody.session.keyPair = BoxKeyPair::generate();
            nobody.remember = true;
            ClientConnection *failed = w.joinServer(std::move(nobody));
            QTRY_COMPARE(failed->state(), SessionState::Failed);
            QCOMPARE(w.settings()->servers().size(), 1);
        }
        QVERIFY(QFile::exists(o.profileDir + QStringLiteral("/settings.ini")));

        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.start();
        const QList<HostedRoom *> rooms = connectionsOf<HostedRoom>(w);
        QCOMPARE(rooms.size(), 1);
        QCOMPARE(rooms.at(0)->state(), SessionState::Listening);
        QCOMPARE(rooms.at(0)->server()->serverPort(), port);
        QCOMPARE(roomKey(rooms.at(0)), key);
        QCOMPARE(rooms.at(0)->title(), QStringLiteral("Team room"));
        QCOMPARE(rooms.at(0)->room()->mode(), Room::Mode::Echo);
        const QList<ClientConnection *> clients = connectionsOf<ClientConnection>(w);
        QCOMPARE(clients.size(), 1);
        QCOMPARE(clients.at(0)->url(), server.serverUrl());
        QTRY_COMPARE(clients.at(0)->state(), SessionState::Secured);
        QTRY_COMPARE(secured.size(), 2);

        // "Open at start" off: the next start leaves the room closed.
        w.select(rooms.at(0));
        w.openAtStartAction()->trigger();
        QVERIFY(!w.openAtStartAction()->isChecked());
        QCOMPARE(w.settings()->rooms().size(), 1);
        QVERIFY(!w.settings()->rooms().at(0).openAtStart);
    }

    // Host… defaults to a new identity saved in the profile: the room is remembered with it,
    // and the dialog offers the identity the next time.
    void hostDialogSavesANewIdentity() {
        const StartOptions o = options(QStringLiteral("dialog"), StartOptions::Demo::Off);
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        w.hostAction()->trigger();
        HostDialog *dlg = nullptr;
        QTRY_VERIFY((dlg = w.findChild<HostDialog *>()) && dlg->isVisible());
        auto *title = dlg->findChild<QLineEdit *>(QStringLiteral("hostTitle"));
        QVERIFY(title);
        title->setText(QStringLiteral("Book club"));
        auto *identity = dlg->findChild<QComboBox *>(QStringLiteral("hostIdentity"));
        QVERIFY(identity);
        QVERIFY(identity->currentText().contains(QStringLiteral("saved in the profile")));
        QTest::mouseClick(dlg->okButton(), Qt::LeftButton);
        QTRY_COMPARE(connectionsOf<HostedRoom>(w).size(), 1);
        HostedRoom *room = connectionsOf<HostedRoom>(w).at(0);
        QCOMPARE(room->options().identity, QStringLiteral("book-club"));
        const auto id = trust.profile().identity(room->options().identity);
        QVERIFY(id);
        QCOMPARE(id->publicKey, roomKey(room));
        QCOMPARE(w.settings()->rooms().size(), 1);
        QCOMPARE(w.settings()->rooms().at(0).identity, id->name);
        QCOMPARE(w.settings()->rooms().at(0).port, int(room->server()->serverPort()));

        // The next time it is offered; "New identity…" makes and selects another one.
        w.hostAction()->trigger();
        QTRY_VERIFY((dlg = w.findChild<HostDialog *>()) && dlg->isVisible());
        identity = dlg->findChild<QComboBox *>(QStringLiteral("hostIdentity"));
        QVERIFY(identity->findData(id->name) >= 0);
        identity->setFocus();
        QTest::keyClick(identity, Qt::Key_Down); // "saved in the profile" → "New identity…"
        QVERIFY(identity->currentText().startsWith(QStringLiteral("New identity…")));
        NewIdentityDialog *made = nullptr;
        QTRY_VERIFY((made = dlg->findChild<NewIdentityDialog *>()) && made->isVisible());
        made->nameEdit()->setText(QStringLiteral("lounge"));
        QTest::mouseClick(made->okButton(), Qt::LeftButton);
        QTRY_COMPARE(identity->currentData().toString(), QStringLiteral("lounge"));
        QVERIFY(trust.profile().identity(QStringLiteral("lounge")));
        dlg->reject();
    }

    // A joined server that goes away is dialled again with backoff, the side list saying
    // "reconnecting in N s…"; once it is back (same key, same port) the connection is secured
    // again without anyone doing anything, and a message written meanwhile arrives.
    void reconnectsAfterServerRestart() {
        const StartOptions o = options(QStringLiteral("reconnect"), StartOptions::Demo::Off);
        BoxKeyPair key = BoxKeyPair::generate();
        auto makeServer = [&key] {
            ServerConfig cfg;
            cfg.session.keyPair = key.clone();
            return std::make_unique<SecureWebSocketServer>(std::move(cfg));
        };
        auto server = makeServer();
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        const quint16 port = server->serverPort();
        const QUrl url = server->serverUrl();
        TrustService trust(Profile(o.profileDir));
        QVERIFY(trust.profile().ensure());
        QVERIFY(trust.writeAndWait([url, pub = key.publicKey](TrustStore &s) {
            s.setPin(endpointKey(url), pub, true, 1);
        }));
        MainWindow w(trust, o);
        w.start();
        ClientOptions co;
        co.url = url;
        co.session.keyPair = BoxKeyPair::generate();
        ClientConnection *c = w.joinServer(std::move(co));
        QTRY_COMPARE(c->state(), SessionState::Secured);

        server.reset(); // the peer goes away
        QTRY_VERIFY(c->reconnecting());
        QCOMPARE(c->state(), SessionState::Connecting);
        const QModelIndex row = w.connections()->index(w.connections()->indexOf(c));
        QVERIFY2(row.data(ConnectionListModel::StateTextRole)
                     .toString()
                     .startsWith(QStringLiteral("reconnecting in ")),
                 qPrintable(row.data(ConnectionListModel::StateTextRole).toString()));
        c->sendMessage(QStringLiteral("written while away"), payload::Format::Text);
        // The first attempt finds nobody: the wait doubles.
        QTRY_COMPARE_WITH_TIMEOUT(c->reconnectDelayMs(), 2000, 10000);
        QVERIFY(c->reconnecting());

        server = makeServer();
        QVERIFY(server->listen(QHostAddress::LocalHost, port));
        QByteArray received;
        connect(server.get(), &SecureWebSocketServer::sessionSecured, this,
                [&received](SecureWebSocket *s) {
                    connect(s, &SecureWebSocket::binaryMessageReceived, s,
                            [&received](const QByteArray &m) { received += m; });
                });
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SessionState::Secured, 15000);
        QVERIFY(!c->reconnecting());
        QVERIFY(row.data(ConnectionListModel::StateTextRole)
                    .toString()
                    .startsWith(QStringLiteral("secured")));
        QTRY_VERIFY(received.contains("written while away"));
    }

    // Connect… offers the profile's identities; the server joined with one is remembered with
    // it, and at the next start joined again with the same key, also when it comes up only
    // after the app.
    void connectDialogUsesProfileIdentity() {
        const StartOptions o = options(QStringLiteral("connectid"), StartOptions::Demo::Off);
        BoxKeyPair key = BoxKeyPair::generate();
        auto makeServer = [&key] {
            ServerConfig cfg;
            cfg.session.keyPair = key.clone();
            return std::make_unique<SecureWebSocketServer>(std::move(cfg));
        };
        auto server = makeServer();
        QVERIFY(server->listen(QHostAddress::LocalHost, 0));
        const quint16 port = server->serverPort();
        const QUrl url = server->serverUrl();
        QList<QByteArray> clientKeys;
        auto watch = [&clientKeys](SecureWebSocketServer *srv) {
            connect(srv, &SecureWebSocketServer::sessionSecured, srv,
                    [&clientKeys](SecureWebSocket *s) { clientKeys << s->peerPublicKey(); });
        };
        watch(server.get());
        QByteArray mine;
        {
            TrustService trust(Profile(o.profileDir));
            QVERIFY(trust.profile().ensure());
            QVERIFY(trust.writeAndWait([url, pub = key.publicKey](TrustStore &s) {
                s.setPin(endpointKey(url), pub, true, 1);
            }));
            auto me =
                trust.profile().addIdentity(QStringLiteral("me"), BoxKeyPair::generate(), nullptr);
            QVERIFY(me);
            mine = me->publicKey;
            MainWindow w(trust, o);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.start();
            w.connectAction()->trigger();
            ConnectDialog *dlg = nullptr;
            QTRY_VERIFY((dlg = w.findChild<ConnectDialog *>()) && dlg->isVisible());
            dlg->findChild<QComboBox *>(QStringLiteral("connectUrl"))->setEditText(url.toString());
            auto *fromProfile =
                dlg->findChild<QRadioButton *>(QStringLiteral("connectKeyFromProfile"));
            QVERIFY(fromProfile->isEnabled());
            fromProfile->click();
            QCOMPARE(dlg->findChild<QComboBox *>(QStringLiteral("connectIdentity"))->currentData(),
                     QVariant(QStringLiteral("me")));
            QTest::mouseClick(dlg->okButton(), Qt::LeftButton);
            QTRY_COMPARE(connectionsOf<ClientConnection>(w).size(), 1);
            QTRY_COMPARE(connectionsOf<ClientConnection>(w).at(0)->state(), SessionState::Secured);
            QTRY_COMPARE(clientKeys, QList<QByteArray>{mine});
            QCOMPARE(w.settings()->servers().size(), 1);
            QCOMPARE(w.settings()->servers().at(0).identity, QStringLiteral("me"));
        }
        server.reset(); // down when the app starts again
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.start();
        QCOMPARE(connectionsOf<ClientConnection>(w).size(), 1);
        ClientConnection *c = connectionsOf<ClientConnection>(w).at(0);
        QTRY_VERIFY(c->reconnecting());
        server = makeServer();
        watch(server.get());
        QVERIFY(server->listen(QHostAddress::LocalHost, port));
        QTRY_COMPARE_WITH_TIMEOUT(c->state(), SessionState::Secured, 15000);
        QTRY_COMPARE(clientKeys, (QList<QByteArray>{mine, mine}));
    }

    // The demo room's key is the profile's "demo-room" identity: the same after a restart.
    void demoRoomKeepsItsKey() {
        const StartOptions o = options(QStringLiteral("demo"), StartOptions::Demo::Auto);
        QByteArray first;
        {
            TrustService trust(Profile(o.profileDir));
            MainWindow w(trust, o);
            w.start();
            QVERIFY(w.demoRoom());
            first = roomKey(w.demoRoom());
            QVERIFY(trust.profile().identity(QString::fromLatin1(MainWindow::kDemoIdentity)));
        }
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.start();
        QVERIFY(w.demoRoom());
        QCOMPARE(roomKey(w.demoRoom()), first);
        QCOMPARE(connectionsOf<HostedRoom>(w).size(), 1); // the demo room is not saved twice
    }

    // Closing the window with a live room asks first; Cancel keeps it open, Quit (with "do not
    // ask again") closes it, and the next window closes without asking.
    void quitWithLiveRoomAsks() {
        const StartOptions o = options(QStringLiteral("quit"), StartOptions::Demo::V1);
        TrustService trust(Profile(o.profileDir));
        {
            MainWindow w(trust, o);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.start();
            QVERIFY(w.demoRoom());
            QVERIFY(!w.close());
            QMessageBox *box = nullptr;
            QTRY_VERIFY((box = w.findChild<QMessageBox *>(QStringLiteral("quitQuestion"))) &&
                        box->isVisible());
            QVERIFY(w.isVisible());
            box->button(QMessageBox::Cancel)->click();
            QTRY_VERIFY(!w.findChild<QMessageBox *>(QStringLiteral("quitQuestion")));
            QVERIFY(w.isVisible());
            QCOMPARE(w.demoRoom()->state(), SessionState::Listening);

            QVERIFY(!w.close());
            QTRY_VERIFY((box = w.findChild<QMessageBox *>(QStringLiteral("quitQuestion"))) &&
                        box->isVisible());
            box->findChild<QCheckBox *>(QStringLiteral("quitQuestionDontAsk"))->setChecked(true);
            box->findChild<QPushButton *>(QStringLiteral("quitQuestionQuit"))->click();
            QTRY_VERIFY(!w.isVisible());
            QVERIFY(!w.settings()->askBeforeQuit());
        }
        MainWindow again(trust, o);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        again.start();
        QVERIFY(again.demoRoom());
        QVERIFY(again.close());
        QVERIFY(!again.findChild<QMessageBox *>(QStringLiteral("quitQuestion")));
    }
};

QTEST_MAIN(tst_MainWindowSaved)
#include "tst_mainwindowsaved.moc"
