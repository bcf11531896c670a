// The desktop app driven through its real widgets: the first-start demo room joined with one
// click, chat by typing and Enter (relayed and echoed), the handshake inspector, a failed v2
// handshake shown at its step with its close code, and a transcript exported and re-opened.
#include "chat/chatmodel.h"
#include "chat/chatview.h"
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "dialogs/connectdialog.h"
#include "dialogs/hostdialog.h"
#include "inspector/handshakemodel.h"
#include "inspector/handshakeview.h"
#include "inspector/peerpanel.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficmodel.h"
#include "inspector/trafficview.h"
#include "inspector/transcriptconnection.h"
#include "inspector/verdictmodel.h"
#include "proxy/interceptmodel.h"
#include "proxy/interceptwindow.h"
#include "proxy/proxy.h"
#include "session/securewebsocketserver.h"
#include "testpki.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"
#include "window/startoptions.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace sws;
using namespace sws::ui;
using Step = HandshakeModel::Step;

namespace {

void clickRow(QAbstractItemView *view, int row) {
    const QModelIndex i = view->model()->index(row, 0);
    QVERIFY(i.isValid());
    view->scrollTo(i);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(i).center());
}

void clickTab(QTabWidget *tabs, int tab) {
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(tab).center());
    QCOMPARE(tabs->currentIndex(), tab);
}

void typeLine(QLineEdit *edit, const QString &text) {
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// Rows of a chat view whose text is `text`.
QList<QModelIndex> chatRows(QListView *list, const QString &text) {
    QList<QModelIndex> out;
    for (int r = 0; r < list->model()->rowCount(); ++r)
        if (list->model()->index(r, 0).data(ChatModel::TextRole).toString() == text)
            out << list->model()->index(r, 0);
    return out;
}

template <typename T> T *waitForChild(QWidget *parent) {
    T *found = nullptr;
    [&] { QTRY_VERIFY((found = parent->findChild<T *>()) && found->isVisible()); }();
    return found;
}

} // namespace

class tst_MainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    StartOptions options(const QString &name, StartOptions::Demo demo = StartOptions::Demo::Auto) {
        StartOptions o;
        o.settingsFile = m_dir.filePath(name + QStringLiteral(".ini"));
        o.profileDir = m_dir.filePath(name + QStringLiteral("-profile")); // never the user's
        o.demo = demo;
        return o;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // "Join this room" knows the room's key: a server with another key on the joined address
    // is refused with PeerKeyChanged (4040) before any data, and nothing is pinned.
    void joiningOwnRoomChecksItsKey() {
        const StartOptions startOptions = options(QStringLiteral("ownkey"));
        TrustService trust(Profile(startOptions.profileDir));
        MainWindow w(trust, startOptions);
        w.start();
        HostedRoom *room = w.demoRoom();
        QVERIFY(room);
        ServerConfig cfg;
        cfg.session.keyPair = BoxKeyPair::generate();
        SecureWebSocketServer impostor(std::move(cfg));
        QVERIFY(impostor.listen(QHostAddress::LocalHost, 0));
        int received = 0;
        connect(&impostor, &SecureWebSocketServer::sessionSecured, this,
                [&received](SecureWebSocket *s) {
                    connect(s, &SecureWebSocket::binaryMessageReceived, s,
                            [&received] { ++received; });
                });
        ClientOptions o = room->joinOptions();
        o.url = impostor.serverUrl();
        ClientConnection *c = w.connectTo(std::move(o));
        QTRY_COMPARE(c->state(), SessionState::Failed);
        QCOMPARE(c->socket()->error(), SessionError::PeerKeyChanged);
        QCOMPARE(int(c->socket()->closeCode()), 4040);
        QVERIFY(c->socket()->errorString().contains(
            fingerprint(room->server()->config().session.keyPair.publicKey)));
        QCOMPARE(received, 0);
        // The real room is joined as before.
        ClientConnection *ok = w.joinRoom(room);
        QTRY_COMPARE(ok->state(), SessionState::Secured);
    }

    // --intercept: the demo room joined through a paused Intercept window; the message saying
    // "Hi!" goes on edited, the others stay held.
    void interceptStartOption() {
        StartOptions parsed;
        QString error;
        QVERIFY(parseStartOptions({QStringLiteral("sws-desktop"), QStringLiteral("--intercept")},
                                  &parsed, &error));
        QVERIFY(parsed.intercept);
        StartOptions o = options(QStringLiteral("intercept"), StartOptions::Demo::V1);
        o.intercept = true;
        o.say = {QStringLiteral("Hi! there"), QStringLiteral("second")};
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.start();
        auto *iw = w.findChild<InterceptWindow *>();
        QVERIFY(iw);
        QVERIFY(iw->proxy());
        QVERIFY(iw->proxy()->isPaused());
        InterceptModel *m = iw->model();
        const auto rowWith = [m](const QString &text) {
            for (int r = 0; r < m->rowCount(); ++r)
                if (InterceptModel::preview(m->row(r).bytes).contains(text))
                    return r;
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rowWith(QStringLiteral("second")) >= 0, 10000);
        const int edited = rowWith(QStringLiteral("Hi! (edited by the proxy) there"));
        QVERIFY(edited >= 0);
        QCOMPARE(m->row(edited).status, InterceptModel::Status::Forwarded);
        QVERIFY(m->row(edited).edited);
        QCOMPARE(m->row(rowWith(QStringLiteral("second"))).status, InterceptModel::Status::Held);
    }

    void firstStartJoinChatAndInspect() {
        const StartOptions startOptions = options(QStringLiteral("first"));
        TrustService trust(Profile(startOptions.profileDir));
        MainWindow w(trust, startOptions);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();

        // Nothing configured: a v1 chat room on 127.0.0.1 and the one-click banner.
        HostedRoom *room = w.demoRoom();
        QVERIFY(room);
        QCOMPARE(room->state(), SessionState::Listening);
        QCOMPARE(room->options().server.session.version, 1);
        QCOMPARE(room->options().relay, Room::Mode::Chat);
        QCOMPARE(room->server()->serverAddress(), QHostAddress(QHostAddress::LocalHost));
        QVERIFY(room->server()->serverPort() != 0);
        QVERIFY(w.welcomeBanner()->isVisible());
        auto *join = w.findChild<QPushButton *>(QStringLiteral("joinDemoButton"));
        QVERIFY(join && join->isVisible());

        QTest::mouseClick(join, Qt::LeftButton);
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QTRY_COMPARE(client->state(), SessionState::Secured);
        QVERIFY(!w.welcomeBanner()->isVisible());
        QCOMPARE(w.connections()->rowCount(), 2);
        QTRY_COMPARE(room->memberCount(), 1);
        QTRY_VERIFY(w.connections()
                        ->index(0)
                        .data(ConnectionListModel::StateTextRole)
                        .toString()
                        .contains(QStringLiteral("1 member")));
        QTRY_VERIFY(w.statusLabel()->text().contains(QStringLiteral("secured")));
        QCOMPARE(w.view()->tabs()->currentIndex(), int(ConnectionView::ChatTab));

        // The room greets its new member: a received, decrypted message.
        QListView *list = w.view()->chat()->list();
        QTRY_COMPARE(list->model()->rowCount(), 1);
        QCOMPARE(
            list->model()->index(0, 0).data(ChatModel::StateRole).value<ChatModel::MessageState>(),
            ChatModel::MessageState::Received);

        // Type a message, Enter sends it.
        QLineEdit *input = w.view()->chat()->input();
        QVERIFY(input->isEnabled());
        typeLine(input, QStringLiteral("hello room"));
        QTest::keyClick(input, Qt::Key_Return);
        QCOMPARE(input->text(), QString());
        QTRY_COMPARE(chatRows(list, QStringLiteral("hello room")).size(), 1);
        const QModelIndex sent = chatRows(list, QStringLiteral("hello room")).first();
        QVERIFY(sent.data(ChatModel::OutgoingRole).toBool());
        // The room acknowledges it inside the encrypted channel (chat-ack/1).
        QTRY_COMPARE(sent.data(ChatModel::StateRole).value<ChatModel::MessageState>(),
                     ChatModel::MessageState::Delivered);

        // The room relayed it: the host's chat shows it from the member's short fingerprint.
        clickRow(w.connectionList(), 0);
        QCOMPARE(w.current(), room);
        QTRY_COMPARE(chatRows(list, QStringLiteral("hello room")).size(), 1);
        const QModelIndex relayed = chatRows(list, QStringLiteral("hello room")).first();
        QCOMPARE(relayed.data(ChatModel::SenderRole).toString(),
                 theme::shortFingerprint(client->socket()->localPublicKey()));
        QCOMPARE(relayed.data(ChatModel::StateRole).value<ChatModel::MessageState>(),
                 ChatModel::MessageState::Received);

        // The inspector: every step done; a step's message decoded, its share key masked.
        clickRow(w.connectionList(), 1);
        QCOMPARE(w.current(), client);
        clickTab(w.view()->tabs(), ConnectionView::HandshakeTab);
        QTreeView *timeline = w.view()->handshake()->timeline();
        QCOMPARE(timeline->model()->rowCount(), 6);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(timeline->model()
                         ->index(i, 0)
                         .data(HandshakeModel::StatusRole)
                         .value<HandshakeModel::Status>(),
                     HandshakeModel::Status::Done);
        clickRow(timeline, int(Step::ClientHello));
        QCOMPARE(w.view()->handshake()->currentStep(), int(Step::ClientHello));
        QTextBrowser *details = w.view()->handshake()->details();
        QVERIFY(details->toPlainText().contains(QStringLiteral("client_public_key")));
        QVERIFY(details->toPlainText().contains(fingerprint(client->socket()->localPublicKey())));

        clickRow(timeline, int(Step::ClientVerifies));
        const QByteArray shareKey = client->tracker()
                                        ->handshake()
                                        ->step(Step::ClientVerifies)
                                        .record->boxShareKey->copyOut();
        QCOMPARE(shareKey.size(), kShareKeyBytes);
        QVERIFY(details->toPlainText().contains(QStringLiteral("masked")));
        QVERIFY(!details->toPlainText().contains(QString::fromLatin1(shareKey.toHex())));
        QCheckBox *reveal = w.view()->handshake()->revealToggle();
        QTest::mouseClick(reveal, Qt::LeftButton, {}, QPoint(8, reveal->height() / 2));
        QVERIFY(reveal->isChecked());
        QVERIFY(details->toPlainText().contains(QString::fromLatin1(shareKey.toHex())));

        // Peer panel: the server's key and fingerprint.
        clickTab(w.view()->tabs(), ConnectionView::PeerTab);
        auto *fp = w.view()->peer()->findChild<QLabel *>(QStringLiteral("peerFingerprint"));
        QCOMPARE(fp->text(), fingerprint(room->options().server.session.keyPair.publicKey));

        // Traffic: every frame, the extension's envelopes named; the message searchable.
        clickTab(w.view()->tabs(), ConnectionView::TrafficTab);
        QTableView *table = w.view()->traffic()->table();
        QTRY_VERIFY(table->model()->rowCount() >= 5); // RESUME ×2, greeting, message, its ACK
        auto *search = w.view()->traffic()->findChild<QLineEdit *>(QStringLiteral("trafficSearch"));
        typeLine(search, QStringLiteral("hello room"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, int(TrafficModel::Column::Plaintext)).data().toString(),
                 QStringLiteral("⟨DATA 1⟩ hello room"));
        search->setText(QStringLiteral("⟨ACK 1⟩")); // QTest types Latin-1 only
        QTRY_VERIFY(table->model()->rowCount() >= 1);
    }

    void hostedEchoRoomEchoes() {
        const StartOptions startOptions = options(QStringLiteral("echo"), StartOptions::Demo::Off);
        TrustService trust(Profile(startOptions.profileDir));
        MainWindow w(trust, startOptions);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        QCOMPARE(w.connections()->rowCount(), 0);

        w.hostAction()->trigger();
        auto *dlg = waitForChild<HostDialog>(&w);
        QVERIFY(dlg);
        auto *relay = dlg->findChild<QComboBox *>(QStringLiteral("hostRelay"));
        relay->setFocus();
        QTest::keyClick(relay, Qt::Key_Down); // Chat → Echo
        QCOMPARE(relay->currentData().toInt(), int(Room::Mode::Echo));
        QTest::mouseClick(dlg->okButton(), Qt::LeftButton);
        QTRY_COMPARE(w.connections()->rowCount(), 1);
        auto *room = qobject_cast<HostedRoom *>(w.current());
        QVERIFY(room);
        QCOMPARE(room->state(), SessionState::Listening);
        QCOMPARE(w.settings()->recent().size(), 1);
        QCOMPARE(w.settings()->recent().first().kind, RecentEntry::Kind::Host);

        QVERIFY(w.joinAction()->isEnabled());
        w.joinAction()->trigger();
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QTRY_COMPARE(client->state(), SessionState::Secured);
        QLineEdit *input = w.view()->chat()->input();
        typeLine(input, QStringLiteral("ping"));
        QTest::keyClick(input, Qt::Key_Enter);
        QListView *list = w.view()->chat()->list();
        QTRY_COMPARE(chatRows(list, QStringLiteral("ping")).size(), 2); // sent, then echoed
        const auto rows = chatRows(list, QStringLiteral("ping"));
        QVERIFY(rows.at(0).data(ChatModel::OutgoingRole).toBool());
        QVERIFY(!rows.at(1).data(ChatModel::OutgoingRole).toBool());
        QCOMPARE(rows.at(1).data(ChatModel::SenderRole).toString(),
                 theme::shortFingerprint(room->options().server.session.keyPair.publicKey));
    }

    void failedV2HandshakeShownAtItsStep() {
        const TestPki pki = TestPki::make();
        const QString dir = m_dir.filePath(QStringLiteral("pki"));
        QVERIFY(QDir().mkpath(dir));
        pki.write(dir);
        if (QTest::currentTestFailed())
            return;
        const StartOptions startOptions = options(QStringLiteral("v2"), StartOptions::Demo::Off);
        TrustService trust(Profile(startOptions.profileDir));
        MainWindow w(trust, startOptions);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();

        // Host a v2 room from nacl-cert files.
        w.hostAction()->trigger();
        auto *host = waitForChild<HostDialog>(&w);
        QVERIFY(host);
        auto *version = host->findChild<QComboBox *>(QStringLiteral("hostVersion"));
        version->setFocus();
        QTest::keyClick(version, Qt::Key_Down);
        QCOMPARE(version->currentData().toInt(), 2);
        QTest::mouseClick(host->okButton(), Qt::LeftButton); // no certificate yet: refused
        QVERIFY(host->isVisible());
        QVERIFY(host->statusLine()->text().contains(QStringLiteral("key pair")));
        typeLine(host->findChild<QLineEdit *>(QStringLiteral("hostKey")),
                 dir + QStringLiteral("/server-kp.json"));
        typeLine(host->findChild<QLineEdit *>(QStringLiteral("hostCert")),
                 dir + QStringLiteral("/server-cert.json"));
        typeLine(host->findChild<QLineEdit *>(QStringLiteral("hostCa")),
                 dir + QStringLiteral("/test-ca-cert.json"));
        QTest::mouseClick(host->okButton(), Qt::LeftButton);
        QTRY_COMPARE(w.connections()->rowCount(), 1);
        auto *room = qobject_cast<HostedRoom *>(w.current());
        QVERIFY(room);
        QCOMPARE(room->state(), SessionState::Listening);
        QCOMPARE(room->options().server.session.version, 2);

        // Connect with a CA that did not sign the room's certificate.
        w.connectAction()->trigger();
        auto *conn = waitForChild<ConnectDialog>(&w);
        QVERIFY(conn);
        auto *url = conn->findChild<QComboBox *>(QStringLiteral("connectUrl"));
        typeLine(url->lineEdit(), QStringLiteral("not a url"));
        QTest::mouseClick(conn->okButton(), Qt::LeftButton);
        QVERIFY(conn->isVisible()); // refused with a reason on the status line
        QVERIFY(conn->statusLine()->text().contains(QStringLiteral("ws://")));
        typeLine(url->lineEdit(), room->url().toString());
        auto *cversion = conn->findChild<QComboBox *>(QStringLiteral("connectVersion"));
        cversion->setFocus();
        QTest::keyClick(cversion, Qt::Key_Down);
        typeLine(conn->findChild<QLineEdit *>(QStringLiteral("connectCa")),
                 dir + QStringLiteral("/other-ca-cert.json"));
        QTest::mouseClick(conn->okButton(), Qt::LeftButton);
        QTRY_COMPARE(w.connections()->rowCount(), 2);
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QTRY_COMPARE(client->state(), SessionState::Failed);
        QCOMPARE(w.settings()->recent().size(), 2);

        // The inspector shows the failure at step 4, with its error and close code.
        clickTab(w.view()->tabs(), ConnectionView::HandshakeTab);
        HandshakeView *hv = w.view()->handshake();
        QTRY_COMPARE(hv->currentStep(), int(Step::ClientVerifies));
        QCOMPARE(hv->timeline()
                     ->model()
                     ->index(3, 0)
                     .data(HandshakeModel::StatusRole)
                     .value<HandshakeModel::Status>(),
                 HandshakeModel::Status::Failed);
        const QString summary = hv->timeline()
                                    ->model()
                                    ->index(3, int(HandshakeModel::Column::Summary))
                                    .data()
                                    .toString();
        QVERIFY2(summary.contains(QStringLiteral("4013")), qPrintable(summary));
        const QString text = hv->details()->toPlainText();
        QVERIFY(text.contains(QStringLiteral("CertificateRefused")));
        QVERIFY(text.contains(QStringLiteral("4013")));
        QVERIFY(text.contains(QStringLiteral("CaTrusted")));
        QCOMPARE(hv->timeline()
                     ->model()
                     ->index(5, 0)
                     .data(HandshakeModel::StatusRole)
                     .value<HandshakeModel::Status>(),
                 HandshakeModel::Status::Skipped);
        QTRY_VERIFY(w.statusLabel()->text().contains(QStringLiteral("CertificateRefused")));

        // The peer panel lists the rule that failed.
        clickTab(w.view()->tabs(), ConnectionView::PeerTab);
        VerdictModel *verdict = w.view()->peer()->verdictModel();
        QVERIFY(verdict->rowCount() > 0);
        bool caFailed = false;
        for (int r = 0; r < verdict->rowCount(); ++r)
            if (!verdict->index(r, 0).data(VerdictModel::PassedRole).toBool())
                caFailed = verdict->index(r, 0)
                               .data(Qt::ToolTipRole)
                               .toString()
                               .startsWith(cert::ruleName(cert::Rule::CaTrusted));
        QVERIFY(caFailed);
    }

    void exportAndReopenTranscript() {
        const StartOptions startOptions = options(QStringLiteral("export"));
        TrustService trust(Profile(startOptions.profileDir));
        MainWindow w(trust, startOptions);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("joinDemoButton")),
                          Qt::LeftButton);
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QTRY_COMPARE(client->state(), SessionState::Secured);
        QLineEdit *input = w.view()->chat()->input();
        typeLine(input, QStringLiteral("for the record"));
        QTest::keyClick(input, Qt::Key_Return);
        // Quiet once both sides acknowledged: the message delivered, the room's greeting too.
        QListView *list = w.view()->chat()->list();
        QTRY_COMPARE(list->model()->rowCount(), 2);
        QTRY_COMPARE(chatRows(list, QStringLiteral("for the record"))
                         .first()
                         .data(ChatModel::StateRole)
                         .value<ChatModel::MessageState>(),
                     ChatModel::MessageState::Delivered);
        const ChatModel *roomChat = w.demoRoom()->chat();
        QTRY_VERIFY(roomChat->rowCount() >= 2); // "… joined", the greeting, the message
        QVERIFY(roomChat->message(1).outgoing);
        QTRY_COMPARE(roomChat->message(1).state, ChatModel::MessageState::Delivered);
        QCoreApplication::processEvents(); // the traffic model inserts at the end of a pass
        const int frames = client->traffic()->rowCount();
        QVERIFY(frames >= 6);

        const QString path = m_dir.filePath(QStringLiteral("session.json"));
        w.exportAction()->trigger();
        auto *save = w.findChild<QFileDialog *>(QStringLiteral("exportDialog"));
        QVERIFY(save);
        save->selectFile(path);
        static_cast<QDialog *>(save)->accept(); // public in QDialog, virtual
        QTRY_VERIFY(QFile::exists(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const HandshakeModel &m = *client->tracker()->handshake();
        QVERIFY(
            !bytes.contains(m.step(Step::ClientVerifies).record->boxShareKey->copyOut().toHex()));
        QVERIFY(!bytes.contains(m.step(Step::ServerHello).record->boxShareKey->copyOut().toHex()));
        QVERIFY(bytes.contains("for the record"));

        w.openAction()->trigger();
        auto *open = w.findChild<QFileDialog *>(QStringLiteral("openDialog"));
        QVERIFY(open);
        open->selectFile(path);
        static_cast<QDialog *>(open)->accept();
        QTRY_COMPARE(w.connections()->rowCount(), 3);
        auto *t = qobject_cast<TranscriptConnection *>(w.current());
        QVERIFY(t);
        QCOMPARE(w.view()->tabs()->currentIndex(), int(ConnectionView::HandshakeTab));
        QTreeView *timeline = w.view()->handshake()->timeline();
        for (int i = 0; i < 6; ++i)
            QCOMPARE(timeline->model()
                         ->index(i, 0)
                         .data(HandshakeModel::StatusRole)
                         .value<HandshakeModel::Status>(),
                     HandshakeModel::Status::Done);
        clickRow(timeline, int(Step::ServerHello));
        QVERIFY(w.view()->handshake()->details()->toPlainText().contains(
            QStringLiteral("server_public_key")));
        QCOMPARE(w.view()->traffic()->table()->model()->rowCount(), frames);
        // Its chat holds the messages, not the acknowledgements.
        QCOMPARE(t->chat()->rowCount(), 2);
        QCOMPARE(chatRows(w.view()->chat()->list(), QStringLiteral("for the record")).size(), 1);
        QVERIFY(!w.view()->chat()->input()->isEnabled()); // read-only
        QVERIFY(w.statusLabel()->text().contains(QStringLiteral("transcript")));
    }

    void configuredStartHostsNothing() {
        const StartOptions o = options(QStringLiteral("configured"));
        {
            AppSettings s(o.settingsFile);
            RecentEntry e;
            e.url = QStringLiteral("ws://127.0.0.1:9/");
            s.addRecent(e);
        }
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        QVERIFY(!w.demoRoom());
        QCOMPARE(w.connections()->rowCount(), 0);
        QVERIFY(!w.welcomeBanner()->isVisible());
        QVERIFY(w.statusLabel()->text().contains(QStringLiteral("Host a room")));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
