// Peers that stop reading (SECURITY.md, "Limits on every input"): the unsent backlog of a
// session, silent chat members and plain chat peers, and the close handshake with such a peer.
#include "chat/chatchannel.h"
#include "chat/chathost.h"
#include "chat/room.h"
#include "limitsfixture.h"

#include <QMap>

class tst_LimitsBacklog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    // Bytes waiting for a peer that stopped reading (server side; frames counted with their
    // WebSocket headers): a backlog of exactly 64 MiB is kept, and all of it arrives once the
    // peer reads again; a message that would take it one byte past closes the session with
    // 4021, sending nothing of that message, while the server goes on serving others.
    void unsentBacklog_data() {
        QTest::addColumn<bool>("onePast");
        QTest::newRow("64 MiB waiting") << false;
        QTest::newRow("64 MiB + 1 waiting") << true;
    }
    void unsentBacklog() {
        QFETCH(bool, onePast);
        SecureWebSocketServer server(serverConfig());
        Room echo(&server, Room::Mode::Echo);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const qint64 limit = server.config().session.maxUnsentBytes;
        QPointer<SecureWebSocket> session;
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
            if (!session)
                session = s;
        });
        int closed = 0;
        connect(&server, &SecureWebSocketServer::sessionClosed, this, [&closed] { ++closed; });
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient m;
        m.connectTo(proxy.url());
        QTRY_VERIFY(m.session && session);
        m.sendSealed("first"); // echoed; ends the server's first-frame hold
        QTRY_COMPARE(m.received.size(), 1);
        proxy.stallDownstream();
        QSignalSpy errors(session.data(), &SecureWebSocket::errorOccurred);

        // Server frames are unmasked: 2 + 8 header bytes above 64 KiB, and a 16-byte tag.
        constexpr qint64 overhead = 2 + 8 + 16;
        constexpr qint64 chunk = 16 * MiB;
        QList<qint64> sizes{5};
        // The kernel takes what its socket buffers hold (a few MiB); the rest waits.
        while (limit - session->bytesToWrite() > chunk + overhead) {
            QCOMPARE(session->sendBinaryMessage(QByteArray(chunk, 'b')), chunk);
            sizes << chunk;
        }
        const qint64 waiting = session->bytesToWrite();
        QVERIFY2(waiting > 0, "the kernel took everything: the peer is not stalled");
        const qint64 last = limit - waiting - overhead + (onePast ? 1 : 0);
        QVERIFY(last > 64 * KiB);
        const qint64 result = session->sendBinaryMessage(QByteArray(last, 'c'));
        if (!onePast) {
            QCOMPARE(result, last);
            QCOMPARE(errors.count(), 0);
            QVERIFY(session->bytesToWrite() <= limit);
            sizes << last;
            proxy.resumeDownstream();
            QTRY_COMPARE_WITH_TIMEOUT(m.received.size(), sizes.size(), 60000);
            QList<qint64> opened;
            for (int i = 0; i < m.received.size(); ++i) {
                const auto plain = m.session->rx.open(m.received.at(i));
                QVERIFY(plain);
                opened << plain->size();
            }
            QCOMPARE(opened, sizes);
            QCOMPARE(session->state(), SecureWebSocket::State::Secured);
            QCOMPARE(closed, 0);
            return;
        }
        QCOMPARE(result, qint64(-1));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(session->error(), SessionError::PeerNotReading);
        QCOMPARE(int(session->closeCode()), 4021);
        QVERIFY2(session->errorString().contains(QString::number(limit)),
                 qPrintable(session->errorString()));
        // Cut off after the close timeout (the close frame waits behind the backlog) ...
        QTRY_COMPARE_WITH_TIMEOUT(closed, 1, 10000);
        // ... and the server carries on.
        SecureWebSocket other(clientConfig());
        QSignalSpy echoed(&other, &SecureWebSocket::binaryMessageReceived);
        other.open(server.serverUrl());
        QTRY_COMPARE(other.state(), SecureWebSocket::State::Secured);
        QCOMPARE(other.sendBinaryMessage("still here"), qint64(10));
        QTRY_COMPARE(echoed.count(), 1);
        QCOMPARE(echoed.at(0).at(0).toByteArray(), QByteArray("still here"));
    }

    // A chat room member that stops reading is closed with 4021 once its backlog passes the
    // limit (1 MiB here); the members that read get every message, in order, before and after.
    void silentChatMember() {
        ServerConfig cfg = serverConfig();
        cfg.session.maxUnsentBytes = MiB;
        SecureWebSocketServer server(std::move(cfg));
        Room room(&server, Room::Mode::Chat);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<SecureWebSocket *> members;
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [&](SecureWebSocket *s) { members << s; });
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient silent;
        silent.connectTo(proxy.url());
        QTRY_VERIFY(silent.session && members.size() == 1);
        QPointer<SecureWebSocket> silentSession = members.front();
        SecureWebSocket writer(clientConfig()), reader(clientConfig());
        writer.open(server.serverUrl());
        reader.open(server.serverUrl());
        QTRY_VERIFY(writer.state() == SecureWebSocket::State::Secured &&
                    reader.state() == SecureWebSocket::State::Secured && members.size() == 3);
        proxy.stallDownstream();

        // The writer keeps eight 64 KiB messages in flight to the reader until the silent
        // member is gone and ten more have passed.
        constexpr int kMax = 4000; // 250 MiB: far more than the kernel's buffers hold
        int sent = 0;
        int afterSilentGone = -1;
        int silentClosedWith = -1;
        QList<QByteArray> got;
        auto message = [](int i) { return QByteArray::number(i).leftJustified(64 * KiB, '.'); };
        connect(silentSession.data(), &SecureWebSocket::errorOccurred, this, [&](SessionError e) {
            silentClosedWith = int(closeCodeFor(e));
            afterSilentGone = 0;
        });
        auto sendNext = [&] {
            if (sent < kMax && afterSilentGone < 10) {
                QCOMPARE(writer.sendBinaryMessage(message(sent)), 64 * KiB);
                ++sent;
                if (afterSilentGone >= 0)
                    ++afterSilentGone;
            }
        };
        connect(&reader, &SecureWebSocket::binaryMessageReceived, this, [&](const QByteArray &m) {
            got << m;
            sendNext();
        });
        for (int i = 0; i < 8; ++i)
            sendNext();
        QTRY_VERIFY_WITH_TIMEOUT(afterSilentGone == 10 && got.size() == sent, 60000);
        QVERIFY(sent < kMax);
        QCOMPARE(silentClosedWith, 4021);
        QTRY_VERIFY(!silentSession); // closed and gone
        for (int i = 0; i < got.size(); ++i)
            QCOMPARE(got.at(i), message(i));
        QCOMPARE(writer.state(), SecureWebSocket::State::Secured);
        QCOMPARE(reader.state(), SecureWebSocket::State::Secured);
    }

    // The same through a chat channel to a plain peer that stopped reading: the message whose
    // send the session refused is reported Failed, never Sent (a plain peer cannot get it again).
    void silentPlainChatPeer() {
        ServerConfig cfg = serverConfig();
        cfg.session.maxUnsentBytes = MiB;
        SecureWebSocketServer server(std::move(cfg));
        ChatHost host(&server);
        QPointer<ChatChannel> channel;
        QMap<quint64, QList<chat::MessageState>> states;
        connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
            channel = ch;
            connect(ch, &ChatChannel::messageStateChanged, this,
                    [&states](quint64 id, chat::MessageState st) { states[id] << st; });
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient plain; // offers no extension: a plain link
        plain.connectTo(proxy.url());
        QTRY_VERIFY(plain.session && channel && channel->link() == chat::Link::Plain);
        const QPointer<SecureWebSocket> session = channel->session();
        QSignalSpy greeted(channel.data(), &ChatChannel::messageReceived);
        plain.sendSealed("hello"); // ends the server's first-frame hold
        QTRY_COMPARE(greeted.count(), 1);
        proxy.stallDownstream();
        const QByteArray chunk(64 * KiB, 'p');
        quint64 last = 0;
        for (int i = 0; i < 400 && channel && channel->link() == chat::Link::Plain; ++i) {
            last = channel->sendMessage(chunk);
            QTRY_VERIFY(states.value(last).size() == 2 || !channel ||
                        channel->link() != chat::Link::Plain);
            if (states.value(last).size() == 2 &&
                states.value(last).at(1) != chat::MessageState::Sent)
                break;
        }
        QCOMPARE(states.value(last), (QList<chat::MessageState>{chat::MessageState::Queued,
                                                                chat::MessageState::Failed}));
        QVERIFY(session);
        QCOMPARE(session->error(), SessionError::PeerNotReading);
    }

    // Close handshake (server): a peer that reads gets everything we sent and our close frame;
    // one that has stopped reading (our data piles up behind the close frame) is cut off once
    // the close timeout (2 s by default) has passed.
    void closeHandshake_data() {
        QTest::addColumn<bool>("peerReads");
        QTest::newRow("peer reads: closed cleanly") << true;
        QTest::newRow("peer stopped reading: aborted after 2 s") << false;
    }
    void closeHandshake() {
        QFETCH(bool, peerReads);
        SecureWebSocketServer server(serverConfig());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const int limitMs = server.config().session.closeTimeoutMs;
        QPointer<SecureWebSocket> session;
        int received = 0;
        connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
            session = s;
            connect(s, &SecureWebSocket::binaryMessageReceived, this, [&received] { ++received; });
        });
        QElapsedTimer sinceClose;
        qint64 closedAfter = -1;
        connect(&server, &SecureWebSocketServer::sessionClosed, this,
                [&] { closedAfter = sinceClose.elapsed(); });
        TcpProxy proxy(server.serverPort());
        QVERIFY(proxy.listen());
        ManualClient m;
        m.connectTo(proxy.url());
        QTRY_VERIFY(m.session && session);
        m.sendSealed("first"); // ends the server's first-frame hold: what it sends goes out now
        QTRY_COMPARE(received, 1);
        if (!peerReads)
            proxy.stallDownstream();
        // More than the kernel's socket buffers hold, so that the rest waits in the server.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(session->sendBinaryMessage(QByteArray(16 * MiB, 'd')), 16 * MiB);
        sinceClose.start();
        session->close(1000, QStringLiteral("bye"));
        if (peerReads) {
            QTRY_VERIFY_WITH_TIMEOUT(m.closed, 20000);
            QCOMPARE(m.received.size(), 2);
            QCOMPARE(int(m.ws.closeCode()), 1000);
            QTRY_VERIFY(closedAfter >= 0);
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(closedAfter >= 0, limitMs + 10000);
        QVERIFY2(closedAfter >= limitMs * 9 / 10,
                 qPrintable(QStringLiteral("cut off after %1 ms").arg(closedAfter)));
        QVERIFY(m.received.size() < 2);
        QVERIFY(!m.closed || int(m.ws.closeCode()) != 1000);
    }
};

QTEST_GUILESS_MAIN(tst_LimitsBacklog)
#include "tst_limitsbacklog.moc"
