// Each chat message shows its state (README, "Nothing lost in chat"), over real sessions on
// 127.0.0.1: the app's own room joined from the app acknowledges what the member sends
// (Delivered, drawn as two ticks); a plain peer without the chat extension gets plain bytes and
// the state stops at Sent; a message the peer never acknowledged fails with the reason when the
// session closes; the room's own messages to a ChatChannel member are Delivered, to a plain
// member only Sent, and relaying between members goes through their channels. And a
// `sws serve --mode chat` room (the real process) acknowledges like the app's own: a
// `sws connect --verbose` member and this app's connection both reach delivered.
#include "chat/chatchannel.h"
#include "chat/chatdelegate.h"
#include "chat/chatframes.h"
#include "chat/chatmodel.h"
#include "chat/chatview.h"
#include "chat/room.h"
#include "connections/clientconnection.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "inspector/trafficmodel.h"
#include "session/securewebsocketserver.h"
#include "trust/trustservice.h"
#include "window/mainwindow.h"
#include "window/theme.h"

#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace sws;
using namespace sws::ui;
using State = ChatModel::MessageState;

namespace {

// Rows of a chat model whose text is `text`, outgoing or incoming.
QList<int> rowsOf(const ChatModel *m, const QString &text, bool outgoing) {
    QList<int> out;
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->message(r).text == text && m->message(r).outgoing == outgoing &&
            !m->message(r).notice)
            out << r;
    return out;
}

State stateOf(const ChatModel *m, const QString &text) {
    const QList<int> rows = rowsOf(m, text, true);
    return rows.isEmpty() ? State::Received : m->message(rows.first()).state;
}

// Pixels of the row's bubble drawn in a green like the "delivered" tone (the two ticks).
int greenPixels(QListView *list, int row) {
    const QModelIndex i = list->model()->index(row, 0);
    list->scrollTo(i);
    const QImage img = list->viewport()->grab(list->visualRect(i)).toImage();
    const QColor good = theme::color(theme::Tone::Good);
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor c = img.pixelColor(x, y);
            if (qAbs(c.red() - good.red()) < 40 && qAbs(c.green() - good.green()) < 40 &&
                qAbs(c.blue() - good.blue()) < 40)
                ++n;
        }
    return n;
}

// The tooltip the chat view shows over a row.
QString tooltipOver(QListView *list, int row) {
    const QModelIndex i = list->model()->index(row, 0);
    list->scrollTo(i);
    const QPoint pos = list->visualRect(i).center();
    QHelpEvent e(QEvent::ToolTip, pos, list->viewport()->mapToGlobal(pos));
    QCoreApplication::sendEvent(list->viewport(), &e);
    return QToolTip::text();
}

SessionConfig plainClientConfig() {
    SessionConfig c;
    c.keyPair = BoxKeyPair::generate();
    return c; // no extensions: what node-sws and other plain peers do
}

} // namespace

class tst_ChatDelivery : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The traffic view names the envelopes; only DATA is chat.
    void framesOfTheExtension() {
        auto frame = [](const QByteArray &plain) {
            return FrameEvent{FrameEvent::Direction::Sent, 7, QByteArray(16, 'c') + plain, plain,
                              true};
        };
        chat::Envelope data;
        data.seq = 3;
        data.payload = "hello";
        chat::Envelope ack;
        ack.type = chat::Envelope::Type::Ack;
        ack.seq = 3;
        chat::Envelope resume;
        resume.type = chat::Envelope::Type::Resume;
        resume.stream = 0x1234;
        resume.next = 1;
        const TrafficModel::Row d = chatframes::row(frame(chat::encode(data)), true);
        QCOMPARE(d.plainPreview, QStringLiteral("⟨DATA 3⟩ hello"));
        QCOMPARE(d.format, payload::Format::Text);
        QCOMPARE(chatframes::chatText(d.plainPreview), QStringLiteral("hello"));
        const TrafficModel::Row a = chatframes::row(frame(chat::encode(ack)), true);
        QVERIFY(a.plainPreview.startsWith(QStringLiteral("⟨ACK 3⟩")));
        QCOMPARE(chatframes::chatText(a.plainPreview), std::nullopt);
        const TrafficModel::Row r = chatframes::row(frame(chat::encode(resume)), true);
        QVERIFY(r.plainPreview.startsWith(QStringLiteral("⟨RESUME⟩")));
        QCOMPARE(chatframes::chatText(r.plainPreview), std::nullopt);
        // A plain session: the bytes as they are, even when they look like an envelope.
        const TrafficModel::Row p = chatframes::row(frame(chat::encode(ack)), false);
        QCOMPARE(p.format, payload::Format::Binary);
        QVERIFY(!p.plainPreview.startsWith(QStringLiteral("⟨")));
        QCOMPARE(chatframes::chatText(QStringLiteral("ping")), QStringLiteral("ping"));
    }

    // (a) The first-start room, joined with one click: the room acknowledges the message.
    void ownRoomAcknowledges() {
        StartOptions o;
        o.settingsFile = m_dir.filePath(QStringLiteral("own.ini"));
        o.profileDir = m_dir.filePath(QStringLiteral("own-profile"));
        TrustService trust(Profile(o.profileDir));
        MainWindow w(trust, o);
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        QVERIFY(w.demoRoom());
        QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("joinDemoButton")),
                          Qt::LeftButton);
        auto *client = qobject_cast<ClientConnection *>(w.current());
        QVERIFY(client);
        QTRY_COMPARE(client->state(), SessionState::Secured);
        QVERIFY(client->socket()->peerExtensions().contains(chat::kExtension));
        QTRY_COMPARE(client->channel()->link(), chat::Link::Reliable);
        QTRY_VERIFY(w.statusLabel()->text().contains(QStringLiteral("delivery receipts")));

        QSignalSpy states(client->channel(), &ChatChannel::messageStateChanged);
        QLineEdit *input = w.view()->chat()->input();
        input->setFocus();
        QTest::keyClicks(input, QStringLiteral("are you there?"));
        QTest::keyClick(input, Qt::Key_Return);
        const ChatModel *chat = client->chat();
        QTRY_COMPARE(rowsOf(chat, QStringLiteral("are you there?"), true).size(), 1);
        const int row = rowsOf(chat, QStringLiteral("are you there?"), true).first();
        QTRY_COMPARE(chat->message(row).state, State::Delivered);
        // Queued, Sent, Delivered, in that order, each shown.
        QCOMPARE(states.size(), 3);
        QCOMPARE(states.at(0).at(1).value<chat::MessageState>(), chat::MessageState::Queued);
        QCOMPARE(states.at(1).at(1).value<chat::MessageState>(), chat::MessageState::Sent);
        QCOMPARE(states.at(2).at(1).value<chat::MessageState>(), chat::MessageState::Delivered);

        const QModelIndex i = chat->index(row);
        QCOMPARE(i.data(ChatModel::StateTextRole).toString(), QStringLiteral("delivered"));
        QVERIFY(i.data(ChatModel::DetailRole).toString().contains(QStringLiteral("acknowledged")));
        QListView *list = w.view()->chat()->list();
        QVERIFY(list->isVisible());
        // The list inserts and lays out rows in batches: wait until it has drawn this one.
        QTRY_VERIFY2(greenPixels(list, row) > 4, "the delivered ticks are drawn");
        const QString tip = tooltipOver(list, row);
        QVERIFY2(tip.contains(QStringLiteral("delivered")), qPrintable(tip));

        // The room received it once, as a message (the acknowledgements are frames only).
        QTRY_COMPARE(rowsOf(w.demoRoom()->chat(), QStringLiteral("are you there?"), false).size(),
                     1);
        int acks = 0;
        for (int r = 0; r < client->traffic()->rowCount(); ++r)
            acks += client->traffic()->row(r).plainPreview.startsWith(QStringLiteral("⟨ACK"));
        QVERIFY(acks >= 1);
        QCOMPARE(rowsOf(chat, QStringLiteral("are you there?"), false).size(), 0);
    }

    // (b) A plain echo peer (no chat extension): plain bytes on the wire, the state stops at Sent.
    void plainPeerStopsAtSent() {
        ServerConfig sc;
        sc.session.keyPair = BoxKeyPair::generate();
        SecureWebSocketServer server(std::move(sc));
        Room echo(&server, Room::Mode::Echo);
        QList<QByteArray> wire; // what the server opened, exactly
        connect(&echo, &Room::messageReceived, this,
                [&wire](ChatChannel *, quint64, const QByteArray &m) { wire << m; });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        ClientOptions o;
        o.url = server.serverUrl();
        o.session = plainClientConfig();
        ClientConnection client(std::move(o));
        QSignalSpy states(client.channel(), &ChatChannel::messageStateChanged);
        client.open();
        QTRY_COMPARE(client.state(), SessionState::Secured);
        QVERIFY(client.socket()->peerExtensions().isEmpty());
        QCOMPARE(client.channel()->link(), chat::Link::Plain);
        QVERIFY(client.statusText().contains(QStringLiteral("no delivery receipts")));

        client.sendMessage(QStringLiteral("ping"), payload::Format::Text);
        const ChatModel *chat = client.chat();
        QTRY_COMPARE(rowsOf(chat, QStringLiteral("ping"), false).size(), 1); // the echo
        QCOMPARE(wire, QList<QByteArray>{QByteArray("ping")});
        // The echo came back after the message went out: a peer that could acknowledge would
        // have done so by now. Still Sent, never Delivered.
        QCOMPARE(stateOf(chat, QStringLiteral("ping")), State::Sent);
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.at(0).at(1).value<chat::MessageState>(), chat::MessageState::Queued);
        QCOMPARE(states.at(1).at(1).value<chat::MessageState>(), chat::MessageState::Sent);
        QCOMPARE(chat->rowCount(), 2); // sent once, echoed once
        const QModelIndex sent = chat->index(rowsOf(chat, QStringLiteral("ping"), true).first());
        QCOMPARE(sent.data(ChatModel::StateTextRole).toString(), QStringLiteral("sent"));
        QVERIFY(sent.data(Qt::ToolTipRole).toString().contains(QStringLiteral("cannot confirm")));

        // The traffic shows the plain frames as they are.
        QTRY_COMPARE(client.traffic()->rowCount(), 2);
        for (int r = 0; r < 2; ++r)
            QCOMPARE(client.traffic()->row(r).plainPreview, QStringLiteral("ping"));

        // Drawn with one neutral tick, not the delivered ones.
        QListView list;
        list.setModel(client.chat());
        list.setItemDelegate(new ChatDelegate(&list));
        list.resize(600, 300);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QCOMPARE(greenPixels(&list, sent.row()), 0);
    }

    // A peer that negotiated the extension but never resumes: the message waits, then fails
    // with the reason when the session closes.
    void closedBeforeAcknowledgementFails() {
        ServerConfig sc;
        sc.session.keyPair = BoxKeyPair::generate();
        sc.session.extensions = {chat::kExtension};
        SecureWebSocketServer server(std::move(sc));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        ClientOptions o;
        o.url = server.serverUrl();
        o.session = plainClientConfig();
        ClientConnection client(std::move(o));
        client.open();
        QTRY_COMPARE(client.state(), SessionState::Secured);
        QTRY_COMPARE(server.sessions().size(), 1);
        QCOMPARE(client.channel()->link(), chat::Link::Resuming);
        client.sendMessage(QStringLiteral("anyone?"), payload::Format::Text);
        const ChatModel *chat = client.chat();
        QCOMPARE(stateOf(chat, QStringLiteral("anyone?")), State::Queued);
        QCOMPARE(chat->index(0).data(ChatModel::StateTextRole).toString(),
                 QStringLiteral("sending…"));
        server.sessions().first()->close(1000, QStringLiteral("bye"));
        QTRY_COMPARE(stateOf(chat, QStringLiteral("anyone?")), State::Failed);
        QCOMPARE(chat->index(0).data(ChatModel::StateTextRole).toString(),
                 QStringLiteral("failed"));
        const QString tip = chat->index(0).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("not sent")), qPrintable(tip));
        QVERIFY(!client.canSend());
    }

    // A room of the command line (`sws serve --mode chat`, a real process) with two members:
    // `sws connect --verbose` (real process) and this app's connection, from the real window.
    // Both offer chat-ack/1, so the room acknowledges each one's message: the app shows it
    // Delivered, sws connect reports "message 1 delivered"; each gets the other's message.
    void cliRoomAcknowledgesCliAndApp() {
        QProcess serve;
        serve.start(QStringLiteral(SWS_CLI_PATH),
                    {QStringLiteral("serve"), QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:0"), QStringLiteral("--mode"),
                     QStringLiteral("chat")});
        QVERIFY(serve.waitForStarted());
        QByteArray line;
        (void)QTest::qWaitFor(
            [&] {
                if (serve.canReadLine())
                    line = serve.readLine();
                return line.startsWith("listening ") || serve.state() == QProcess::NotRunning;
            },
            10000);
        QVERIFY2(line.startsWith("listening "), serve.readAllStandardError().constData());
        const QUrl url(QString::fromUtf8(line.mid(10).trimmed()));

        StartOptions so;
        so.settingsFile = m_dir.filePath(QStringLiteral("cli-room.ini"));
        so.profileDir = m_dir.filePath(QStringLiteral("cli-room-profile"));
        so.demo = StartOptions::Demo::Off;
        TrustService trust(Profile(so.profileDir));
        MainWindow w(trust, so);
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.start();
        ClientOptions o;
        o.url = url;
        o.session = plainClientConfig(); // ClientConnection offers chat-ack/1 itself
        ClientConnection *app = w.connectTo(std::move(o));
        QVERIFY(app);
        QCOMPARE(w.current(), app);
        QTRY_COMPARE_WITH_TIMEOUT(app->state(), SessionState::Secured, 10000);
        QVERIFY(app->socket()->peerExtensions().contains(chat::kExtension));
        QTRY_COMPARE(app->channel()->link(), chat::Link::Reliable);

        QProcess cli;
        cli.start(QStringLiteral(SWS_CLI_PATH),
                  {QStringLiteral("connect"), url.toString(), QStringLiteral("--verbose"),
                   QStringLiteral("--pin-policy"), QStringLiteral("off"),
                   QStringLiteral("--expect"), QStringLiteral("1")});
        QVERIFY(cli.waitForStarted());
        QByteArray cliErr;
        connect(&cli, &QProcess::readyReadStandardError, this,
                [&] { cliErr += cli.readAllStandardError(); });
        cli.write("from the cli\nand again\n");
        // It arrives once sws connect is a member of the room: from then on the app's
        // messages reach it too.
        const ChatModel *chat = app->chat();
        QTRY_VERIFY2_WITH_TIMEOUT(rowsOf(chat, QStringLiteral("and again"), false).size() == 1,
                                  cliErr.constData(), 10000);
        QCOMPARE(rowsOf(chat, QStringLiteral("from the cli"), false).size(), 1);
        QVERIFY2(cliErr.contains("acknowledges messages"), cliErr.constData());

        QLineEdit *input = w.view()->chat()->input();
        input->setFocus();
        QTest::keyClicks(input, QStringLiteral("from the app"));
        QTest::keyClick(input, Qt::Key_Return);
        QTRY_COMPARE(rowsOf(chat, QStringLiteral("from the app"), true).size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(chat, QStringLiteral("from the app")), State::Delivered,
                                  10000);

        cli.closeWriteChannel();
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 15000);
        cliErr += cli.readAllStandardError();
        QVERIFY2(cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0,
                 cliErr.constData());
        QCOMPARE(cli.readAllStandardOutput(), QByteArray("from the app\n"));
        const qsizetype first = cliErr.indexOf("message 1 delivered");
        QVERIFY2(first >= 0 && cliErr.indexOf("message 2 delivered") > first, cliErr.constData());
        QCOMPARE(cliErr.count("delivered"), 2);

        serve.terminate();
        QVERIFY(serve.waitForFinished(5000));
    }

    // (c) The app's room with a ChatChannel member and a plain member.
    void roomAcknowledgedByChannelMember() {
        HostedRoom room(demoRoomOptions(1));
        room.setGreeting(QStringLiteral("welcome"));
        QVERIFY(room.start());
        const ChatModel *chat = room.chat();

        // A protocol-level member that speaks chat-ack/1.
        SessionConfig cfg = room.joinOptions().session;
        cfg.extensions = {chat::kExtension};
        const QByteArray memberKey = cfg.keyPair.publicKey;
        ChatChannel member;
        QList<QByteArray> got;
        connect(&member, &ChatChannel::messageReceived, this,
                [&got](quint64, const QByteArray &m) { got << m; });
        QSignalSpy memberStates(&member, &ChatChannel::messageStateChanged);
        member.connectTo(room.url(), std::move(cfg));
        QTRY_COMPARE(member.link(), chat::Link::Reliable);
        QTRY_VERIFY(got.contains("welcome"));
        QTRY_COMPARE(stateOf(chat, QStringLiteral("welcome")), State::Delivered);
        const QString fp = theme::shortFingerprint(memberKey);
        const QModelIndex greeting =
            chat->index(rowsOf(chat, QStringLiteral("welcome"), true).first());
        QVERIFY(greeting.data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("delivered to ") + fp));

        // The room's own message: Delivered once the member acknowledged it.
        room.sendMessage(QStringLiteral("from the host"), payload::Format::Text);
        QTRY_VERIFY(got.contains("from the host"));
        QTRY_COMPARE(stateOf(chat, QStringLiteral("from the host")), State::Delivered);
        QCOMPARE(chat->index(rowsOf(chat, QStringLiteral("from the host"), true).first())
                     .data(ChatModel::StateTextRole)
                     .toString(),
                 QStringLiteral("delivered"));

        // The room acknowledges the member's message and shows it once.
        const quint64 id = member.sendMessage("hi room");
        QTRY_COMPARE(rowsOf(chat, QStringLiteral("hi room"), false).size(), 1);
        QTRY_VERIFY(std::any_of(memberStates.cbegin(), memberStates.cend(), [id](const auto &a) {
            return a.at(0).toULongLong() == id &&
                   a.at(1).template value<chat::MessageState>() == chat::MessageState::Delivered;
        }));
        QCOMPARE(chat->message(rowsOf(chat, QStringLiteral("hi room"), false).first()).sender, fp);

        // A plain member joins: it gets plain bytes, and the room cannot claim delivery to it.
        SecureWebSocket plain(plainClientConfig());
        QList<QByteArray> plainGot;
        connect(&plain, &SecureWebSocket::binaryMessageReceived, this,
                [&plainGot](const QByteArray &m) { plainGot << m; });
        plain.open(room.url());
        QTRY_COMPARE(plain.state(), SecureWebSocket::State::Secured);
        QVERIFY(plain.peerExtensions().isEmpty());
        QTRY_COMPARE(plainGot, QList<QByteArray>{QByteArray("welcome")});
        QTRY_COMPARE(stateOf(chat, QStringLiteral("welcome")), State::Delivered); // first row
        const QList<int> welcomes = rowsOf(chat, QStringLiteral("welcome"), true);
        QCOMPARE(welcomes.size(), 2);
        QTRY_COMPARE(chat->message(welcomes.at(1)).state, State::Sent);
        QTRY_COMPARE(room.memberCount(), 2);

        room.sendMessage(QStringLiteral("to everyone"), payload::Format::Text);
        QTRY_VERIFY(plainGot.contains("to everyone"));
        QTRY_VERIFY(got.contains("to everyone"));
        const int all = rowsOf(chat, QStringLiteral("to everyone"), true).first();
        // Wait for the channel member's acknowledgement, then: still only Sent.
        QTRY_VERIFY2(chat->message(all).detail.contains(QStringLiteral("delivered to 1 of 2")),
                     qPrintable(chat->message(all).detail));
        QCOMPARE(chat->message(all).state, State::Sent);
        QVERIFY(chat->message(all).detail.contains(QStringLiteral("cannot confirm")));

        // Chat relay between members, through each member's channel: plain bytes to the plain one.
        member.sendMessage("relay me");
        QTRY_VERIFY(plainGot.contains("relay me"));
        QCOMPARE(plainGot.count("relay me"), 1);
        plain.sendBinaryMessage("and back");
        QTRY_VERIFY(got.contains("and back"));
        QCOMPARE(rowsOf(chat, QStringLiteral("and back"), false).size(), 1);
    }
};

QTEST_MAIN(tst_ChatDelivery)
#include "tst_chatdelivery.moc"
