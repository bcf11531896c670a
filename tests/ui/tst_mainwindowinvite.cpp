// Invitation links in the desktop app, through the real MainWindow: Invite… shows a link (and a
// QR code) that decodes to the room's own key; Join by invitation… and `sws-desktop LINK` join
// the room it names, accept only its key (another key at that address is refused with 4040
// before any data, both fingerprints shown, nothing pinned) and pin it as verified.
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/hostedroom.h"
#include "crypto/crypto.h"
#include "dialogs/hostdialog.h"
#include "dialogs/invitedialog.h"
#include "dialogs/joininvitationdialog.h"
#include "dialogs/qrimage.h"
#include "profile/profile.h"
#include "session/securewebsocketserver.h"
#include "trust/endpoint.h"
#include "trust/invitation.h"
#include "trust/keydialogs.h"
#include "trust/trustservice.h"
#include "trust/truststore.h"
#include "window/mainwindow.h"
#include "window/startoptions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace sws::ui;

namespace {

QString s(const char *utf8) {
    return QString::fromUtf8(utf8);
}

template <typename T> T *waitForChild(QWidget *parent) {
    T *found = nullptr;
    [&] { QTRY_VERIFY((found = parent->findChild<T *>()) && found->isVisible()); }();
    return found;
}

QList<TrustStore::Pin> pinsOnDisk(const QString &profileDir) {
    const auto store = TrustStore::load(Profile(profileDir).trustStorePath());
    return store ? store->pins() : QList<TrustStore::Pin>{};
}

} // namespace

class tst_MainWindowInvite : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    StartOptions options(const QString &name) {
        StartOptions o;
        o.settingsFile = m_dir.filePath(name + s(".ini"));
        o.profileDir = m_dir.filePath(name + s("-profile")); // never the user's
        o.demo = StartOptions::Demo::V1;
        return o;
    }
    static QByteArray roomKey(HostedRoom *room) {
        return room->server()->config().session.keyPair.publicKey;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void inviteDialogShowsTheRoomsLink() {
        TrustService trust(Profile((options(s("invite"))).profileDir));
        MainWindow w(trust, options(s("invite")));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        HostedRoom *room = w.demoRoom();
        QVERIFY(room);
        w.select(room);
        QVERIFY(w.inviteAction()->isEnabled());
        w.inviteAction()->trigger();
        auto *dlg = waitForChild<InviteDialog>(&w);
        QVERIFY(dlg);
        const QString link = dlg->findChild<QLineEdit *>(s("inviteLink"))->text();
        QCOMPARE(link, dlg->link());
        const auto inv = decode(link);
        QVERIFY2(inv, qPrintable(link));
        QCOMPARE(inv->serverKey, roomKey(room));
        QCOMPARE(inv->url, room->url());
        QCOMPARE(inv->version, 1);
        QCOMPARE(inv->title, room->title());
        // The QR code: square, the size the link's code has (modules + quiet zone, 5 px each).
        const QPixmap qr = dlg->findChild<QLabel *>(s("inviteQr"))->pixmap();
        QVERIFY(!qr.isNull());
        QCOMPARE(qr.width(), qr.height());
        QCOMPARE(qr.size(), qrImage(link, 5).size());
        QVERIFY(qr.width() % 5 == 0);
        QTest::mouseClick(dlg->findChild<QPushButton *>(s("inviteCopy")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), link);
        dlg->close();
        // A client connection has nothing to invite to.
        w.select(w.joinRoom(room));
        QVERIFY(!w.inviteAction()->isEnabled());
    }

    // A version 2 room's link names the CA that signed the room's certificate.
    void inviteV2NamesTheCa() {
        StartOptions o = options(s("invite-v2"));
        o.demo = StartOptions::Demo::V2;
        TrustService trust(Profile((o).profileDir));
        MainWindow w(trust, o);
        w.start();
        HostedRoom *room = w.demoRoom();
        QVERIFY(room && room->options().issuingCa);
        w.select(room);
        w.inviteAction()->trigger();
        auto *dlg = waitForChild<InviteDialog>(&w);
        QVERIFY(dlg);
        const auto inv = decode(dlg->link());
        QVERIFY(inv);
        QCOMPARE(inv->version, 2);
        QCOMPARE(inv->caFingerprint, caFingerprintBytes(room->options().issuingCa->cert));
        QCOMPARE(inv->serverKey, roomKey(room));
        // That CA is only in the room's memory, not in this profile: joining says so and
        // opens nothing.
        const int before = w.connections()->rowCount();
        QString error;
        QVERIFY(!w.joinInvitation(dlg->link(), &error));
        QVERIFY2(error.contains(QString::fromLatin1(inv->caFingerprint.toHex())),
                 qPrintable(error));
        QCOMPARE(w.connections()->rowCount(), before);
        // Trusted in the profile, a CA vouches for a room it signed: joining a v2 room (one
        // that asks for no client certificate) by its link is secured and pinned.
        RoomOptions ro = demoRoomOptions(2);
        ro.server.session.requireCert = false;
        const cert::Certificate ca = ro.issuingCa->cert;
        HostedRoom *open = w.hostRoom(std::move(ro));
        QVERIFY(open);
        const QString link = encode(serverInvitation(
            open->url(), 2, roomKey(open), open->options().server.session.certificate,
            open->options().server.session.trustedCas, open->title()));
        QVERIFY(!w.joinInvitation(link, &error));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(trust.writeAndWait([ca, now](TrustStore &st) { (void)st.trustCa(ca, now); }));
        ClientConnection *c = w.joinInvitation(link, &error);
        QVERIFY2(c, qPrintable(error));
        QTRY_VERIFY2(c->state() == SessionState::Secured, qPrintable(c->socket()->errorString()));
        QCOMPARE(c->socket()->version(), 2);
        QTRY_COMPARE(pinsOnDisk(o.profileDir).size(), 1);
        QCOMPARE(pinsOnDisk(o.profileDir).first().publicKey, roomKey(open));
        QVERIFY(pinsOnDisk(o.profileDir).first().verified);
    }

    void joinByInvitationMenu() {
        const StartOptions o = options(s("join"));
        TrustService trust(Profile((o).profileDir));
        MainWindow w(trust, o);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        HostedRoom *room = w.demoRoom();
        QVERIFY(room);
        const QString link =
            encode(serverInvitation(room->url(), 1, roomKey(room), {}, {}, s("Demo")));
        w.joinInvitationAction()->trigger();
        auto *dlg = waitForChild<JoinInvitationDialog>(&w);
        QVERIFY(dlg);
        QLineEdit *edit = dlg->findChild<QLineEdit *>(s("joinLink"));
        // A mistyped link: OK stays disabled and the status line says what is wrong.
        edit->setFocus();
        QTest::keyClicks(edit, link.left(link.size() - 3));
        QVERIFY(!dlg->okButton()->isEnabled());
        QVERIFY2(dlg->statusText().contains(s("incomplete")), qPrintable(dlg->statusText()));
        QTest::keyClicks(edit, link.right(3));
        QVERIFY(dlg->okButton()->isEnabled());
        QVERIFY(dlg->statusText().contains(fingerprint(roomKey(room))));
        QTest::mouseClick(dlg->okButton(), Qt::LeftButton);
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QCOMPARE(client->url(), room->url());
        QTRY_COMPARE(client->state(), SessionState::Secured);
        QCOMPARE(client->socket()->peerPublicKey(), roomKey(room));
        const QString endpoint = endpointKey(room->url());
        QTRY_COMPARE(pinsOnDisk(o.profileDir).size(), 1);
        QCOMPARE(pinsOnDisk(o.profileDir).first().endpoint, endpoint);
        QCOMPARE(pinsOnDisk(o.profileDir).first().publicKey, roomKey(room));
        QVERIFY(pinsOnDisk(o.profileDir).first().verified);
    }

    void otherKeyAtTheAddressIsRefused() {
        const StartOptions o = options(s("impostor"));
        TrustService trust(Profile((o).profileDir));
        MainWindow w(trust, o);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        HostedRoom *room = w.demoRoom();
        QVERIFY(room);
        ServerConfig cfg;
        cfg.session.keyPair = BoxKeyPair::generate();
        const QByteArray otherKey = cfg.session.keyPair.publicKey;
        SecureWebSocketServer impostor(std::move(cfg));
        QVERIFY(impostor.listen(QHostAddress::LocalHost, 0));
        int received = 0;
        connect(&impostor, &SecureWebSocketServer::handshakeStarted, this,
                [&received](SecureWebSocket *session) {
                    connect(session, &SecureWebSocket::binaryMessageReceived, session,
                            [&received] { ++received; });
                });
        Invitation inv;
        inv.url = impostor.serverUrl();
        inv.serverKey = roomKey(room);
        ClientConnection *c = w.joinInvitation(encode(inv));
        QVERIFY(c);
        c->sendMessage(s("must not leave"), payload::Format::Text); // queued until secured
        QTRY_COMPARE(c->state(), SessionState::Failed);
        QCOMPARE(c->socket()->error(), SessionError::PeerKeyChanged);
        QCOMPARE(int(c->socket()->closeCode()), 4040);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = w.findChild<QMessageBox *>(s("inviteRefused"))));
        QVERIFY(box->text().contains(fingerprint(roomKey(room))));
        QVERIFY(box->text().contains(fingerprint(otherKey)));
        QCOMPARE(received, 0);
        QVERIFY(pinsOnDisk(o.profileDir).isEmpty());
        QVERIFY(trust.snapshot()->pins().isEmpty());
    }

    void badLinksAreRefused() {
        TrustService trust(Profile((options(s("bad"))).profileDir));
        MainWindow w(trust, options(s("bad")));
        w.start();
        const int before = w.connections()->rowCount();
        QString error;
        Invitation inv;
        inv.url = QUrl(s("ws://127.0.0.1:9/"));
        inv.serverKey = QByteArray(32, 'k');
        QString typo = encode(inv);
        typo[typo.size() - 2] =
            typo[typo.size() - 2] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QVERIFY(!w.joinInvitation(typo, &error));
        QVERIFY2(error.contains(s("checksum")), qPrintable(error));
        QVERIFY(!w.joinInvitation(encode(inv).chopped(4), &error));
        QVERIFY2(error.contains(s("incomplete")), qPrintable(error));
        QVERIFY(!w.joinInvitation(s("sws-invite:5/AQAAAA"), &error));
        QVERIFY2(error.contains(s("newer format")), qPrintable(error));
        QCOMPARE(w.connections()->rowCount(), before);
    }

    void unreachableAddress() {
        const StartOptions o = options(s("unreachable"));
        TrustService trust(Profile((o).profileDir));
        MainWindow w(trust, o);
        w.start();
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        Invitation inv;
        inv.url = QUrl(s("ws://127.0.0.1:%1/").arg(port));
        inv.serverKey = BoxKeyPair::generate().publicKey;
        ClientConnection *c = w.joinInvitation(encode(inv));
        QVERIFY(c);
        QTRY_COMPARE(c->state(), SessionState::Failed);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = w.findChild<QMessageBox *>(s("inviteRefused"))));
        QVERIFY2(box->text().contains(s("Cannot reach 127.0.0.1:%1").arg(port)),
                 qPrintable(box->text()));
        QVERIFY(pinsOnDisk(o.profileDir).isEmpty());
    }

    // `sws-desktop LINK` (and a clicked sws-invite: link, through the desktop file's %u) opens
    // the join step with the link filled in.
    void startWithLink() {
        StartOptions parsed;
        QString error;
        // A room of the test's own, so that the link exists before the window starts.
        RoomOptions ro = demoRoomOptions(1);
        const QByteArray key = ro.server.session.keyPair.publicKey;
        HostedRoom room(std::move(ro));
        QVERIFY(room.start());
        const QString link = encode(serverInvitation(room.url(), 1, key, {}, {}, s("Shared")));
        QVERIFY(parseStartOptions({s("sws-desktop"), link}, &parsed, &error));
        QCOMPARE(parsed.invitation, link);
        QVERIFY(parsed.transcript.isEmpty());
        QVERIFY(parseStartOptions({s("sws-desktop"), s("file:///tmp/t.json")}, &parsed, &error));
        QCOMPARE(parsed.transcript, s("/tmp/t.json"));

        StartOptions o = options(s("startlink"));
        o.demo = StartOptions::Demo::Off;
        o.invitation = link;
        TrustService trust(Profile((o).profileDir));
        MainWindow w(trust, o);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        auto *dlg = waitForChild<JoinInvitationDialog>(&w);
        QVERIFY(dlg);
        QCOMPARE(dlg->findChild<QLineEdit *>(s("joinLink"))->text(), link);
        QVERIFY(dlg->statusText().contains(s("Shared")));
        QTest::mouseClick(dlg->okButton(), Qt::LeftButton);
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QTRY_COMPARE(client->state(), SessionState::Secured);
        QTRY_COMPARE(pinsOnDisk(o.profileDir).size(), 1);
        QVERIFY(pinsOnDisk(o.profileDir).first().verified);
    }

    // The Host dialog offers this machine's addresses, loopback first; the room listens on the
    // one chosen and its invitation names it.
    void hostDialogOffersAddresses() {
        TrustService trust(Profile((options(s("host"))).profileDir));
        MainWindow w(trust, options(s("host")));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.hostAction()->trigger();
        auto *dlg = waitForChild<HostDialog>(&w);
        QVERIFY(dlg);
        auto *choice = dlg->findChild<QComboBox *>(s("hostAddressChoice"));
        QVERIFY(choice);
        QVERIFY(choice->count() >= 2);
        QCOMPARE(choice->itemText(0), s("127.0.0.1"));
        QCOMPARE(choice->itemText(choice->count() - 1), s("0.0.0.0"));
        QVERIFY(dlg->findChild<QLabel *>(s("hostReach"))->text().contains(s("this machine")));
        const auto local = HostDialog::localAddresses();
        QCOMPARE(local.size(), choice->count());
        // Pick the last LAN address if there is one, else loopback.
        const int pick = choice->count() > 2 ? choice->count() - 2 : 0;
        choice->setCurrentIndex(pick);
        QTest::mouseClick(dlg->okButton(), Qt::LeftButton);
        HostedRoom *room = nullptr;
        QTRY_VERIFY((room = qobject_cast<HostedRoom *>(w.current())));
        QCOMPARE(room->state(), SessionState::Listening);
        QCOMPARE(QHostAddress(room->url().host()), local.at(pick).first);
        w.inviteAction()->trigger();
        auto *inviteDlg = waitForChild<InviteDialog>(&w);
        QCOMPARE(QHostAddress(decode(inviteDlg->link())->url.host()), local.at(pick).first);
    }
};

QTEST_MAIN(tst_MainWindowInvite)
#include "tst_mainwindowinvite.moc"
