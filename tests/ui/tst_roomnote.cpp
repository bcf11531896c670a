// The chat of a joined server and of a hosted room says who else reads it (README, "Who can
// read what"): the real MainWindow, offscreen, hosting a room on 127.0.0.1 and joining it.
#include "chat/chatview.h"
#include "connections/clientconnection.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "trust/trustservice.h"
#include "window/mainwindow.h"
#include "window/theme.h"

#include <QLabel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;

class tst_RoomNote : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void hostedRoomAndJoinedServerSaySo() {
        StartOptions so;
        so.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        so.profileDir = m_dir.filePath(QStringLiteral("profile"));
        so.demo = StartOptions::Demo::Off;
        TrustService trust(Profile(so.profileDir));
        MainWindow w(trust, so);
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        QLabel *note = w.view()->chat()->readersNote();
        QVERIFY(note);
        w.view()->tabs()->setCurrentIndex(ConnectionView::ChatTab);

        RoomOptions ro;
        ro.title = QStringLiteral("Room");
        ro.server.session.keyPair = BoxKeyPair::generate();
        HostedRoom *room = w.hostRoom(std::move(ro));
        QVERIFY(room);
        QCOMPARE(w.current(), room);
        QTRY_VERIFY(note->isVisible());
        QCOMPARE(note->text(),
                 QStringLiteral("You host this room: members' messages pass through this app."));

        ClientConnection *member = w.joinRoom(room);
        QVERIFY(member);
        QCOMPARE(w.current(), static_cast<Connection *>(member));
        QTRY_COMPARE_WITH_TIMEOUT(member->state(), SessionState::Secured, 20000);
        QVERIFY(note->isVisible());
        QCOMPARE(note->text(), QStringLiteral("The host of this room can read every message."));
        // Colours from the palette, not fixed ones.
        QVERIFY(note->styleSheet().contains(theme::muted(QGuiApplication::palette()).name()));
    }
};

QTEST_MAIN(tst_RoomNote)
#include "tst_roomnote.moc"
