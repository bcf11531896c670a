// Room over real sessions on 127.0.0.1: members join and leave, the three relay modes, the
// room's own messages delivered only once every recipient acknowledged (plain members stop at
// Sent), relays through the members' channels, a second session with a member's key replacing
// the first, order under load, and a full room giving way to the member away longest.
#include "chat/room.h"
#include "session/securewebsocketserver.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace sws;
using chat::Link;
using chat::MessageState;

namespace {

ServerConfig serverConfig() {
    ServerConfig c;
    c.session.keyPair = BoxKeyPair::generate();
    c.session.handshakeTimeoutMs = 3000;
    c.session.closeTimeoutMs = 500;
    c.session.extensions = {chat::kExtension};
    return c;
}

SessionConfig clientConfig(bool chatExtension, const BoxKeyPair *keys = nullptr) {
    SessionConfig c;
    c.keyPair = keys ? keys->clone() : BoxKeyPair::generate();
    c.handshakeTimeoutMs = 3000;
    c.closeTimeoutMs = 500;
    if (chatExtension)
        c.extensions = {chat::kExtension};
    return c;
}

// A plain member (node-sws does the same): no extension, the bytes as they are.
struct PlainMember {
    SecureWebSocket ws;
    QList<QByteArray> got;
    explicit PlainMember(const QUrl &url, const BoxKeyPair *keys = nullptr)
        : ws(clientConfig(false, keys)) {
        QObject::connect(&ws, &SecureWebSocket::binaryMessageReceived, &ws,
                         [this](const QByteArray &m) { got << m; });
        ws.open(url);
    }
};

ChatConfig fastRedial() {
    ChatConfig c;
    c.reconnectMinMs = 5;
    c.reconnectMaxMs = 100;
    return c;
}

// A member that speaks chat-ack/1 through its own ChatChannel.
struct AckMember {
    ChatChannel ch{fastRedial()};
    QList<std::pair<quint64, QByteArray>> got;
    QMap<quint64, QList<MessageState>> states;
    explicit AckMember(const QUrl &url, const BoxKeyPair *keys = nullptr) {
        QObject::connect(&ch, &ChatChannel::messageReceived, &ch,
                         [this](quint64 id, const QByteArray &m) {
                             got.append({id, m});
                         });
        QObject::connect(&ch, &ChatChannel::messageStateChanged, &ch,
                         [this](quint64 id, MessageState s) { states[id] << s; });
        ch.connectTo(url, clientConfig(true, keys));
    }
    ~AckMember() { ch.disconnectFromPeer(); }
    QList<QByteArray> payloads() const {
        QList<QByteArray> out;
        for (const auto &[id, p] : got)
            out << p;
        return out;
    }
};

// What the room signalled about its own messages.
struct DeliveryLog {
    QMap<quint64, QList<MessageState>> states;
    QMap<quint64, Room::Delivery> last; // as seen inside the last signal
    void follow(Room *room) {
        QObject::connect(room, &Room::deliveryChanged, room,
                         [this, room](quint64 id, MessageState s) {
                             states[id] << s;
                             if (const auto d = room->delivery(id))
                                 last[id] = *d;
                         });
    }
};

} // namespace

class tst_Room : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qRegisterMetaType<sws::ChatChannel *>();
        qRegisterMetaType<sws::SecureWebSocket *>();
    }

    // memberJoined and memberLeft per member key; memberCount follows them.
    void membersJoinAndLeave() {
        SecureWebSocketServer server(serverConfig());
        Room room(&server, Room::Mode::None);
        QSignalSpy joined(&room, &Room::memberJoined);
        QSignalSpy left(&room, &Room::memberLeft);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const BoxKeyPair plainKeys = BoxKeyPair::generate();
        const BoxKeyPair ackKeys = BoxKeyPair::generate();
        auto plain = std::make_unique<PlainMember>(server.serverUrl(), &plainKeys);
        auto ack = std::make_unique<AckMember>(server.serverUrl(), &ackKeys);
        QTRY_COMPARE_WITH_TIMEOUT(joined.count(), 2, 5000);
        QCOMPARE(room.memberCount(), 2);
        ChatChannel *plainAtRoom = room.channel(plainKeys.publicKey);
        ChatChannel *ackAtRoom = room.channel(ackKeys.publicKey);
        QVERIFY(plainAtRoom && ackAtRoom && plainAtRoom != ackAtRoom);
        QTRY_COMPARE(plainAtRoom->link(), Link::Plain);
        QTRY_COMPARE(ackAtRoom->link(), Link::Reliable);
        for (const auto &args : joined) {
            QVERIFY(!args.at(2).toBool()); // nobody replaced
            auto *member = args.at(0).value<ChatChannel *>();
            QCOMPARE(args.at(1).value<SecureWebSocket *>(), member->session());
        }
        QCOMPARE(left.count(), 0);

        plain->ws.close();
        QTRY_COMPARE(left.count(), 1);
        QCOMPARE(left.at(0).at(0).value<ChatChannel *>(), plainAtRoom);
        QCOMPARE(room.memberCount(), 1);
        QCOMPARE(room.members(), QList<ChatChannel *>{ackAtRoom});
        // The conversation stays for a rejoin.
        QCOMPARE(room.conversations().size(), 2);
        ack.reset();
        QTRY_COMPARE(left.count(), 2);
        QCOMPARE(room.memberCount(), 0);
    }

    // None reports only; Echo sends back to the sender; Chat to every other member.
    void relayModes_data() {
        QTest::addColumn<int>("mode");
        QTest::newRow("none") << int(Room::Mode::None);
        QTest::newRow("echo") << int(Room::Mode::Echo);
        QTest::newRow("chat") << int(Room::Mode::Chat);
    }
    void relayModes() {
        QFETCH(int, mode);
        const auto m = Room::Mode(mode);
        SecureWebSocketServer server(serverConfig());
        Room room(&server, m);
        QCOMPARE(room.mode(), m);
        QSignalSpy received(&room, &Room::messageReceived);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        PlainMember a(server.serverUrl()), b(server.serverUrl());
        AckMember c(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), 3, 5000);
        QTRY_COMPARE(c.ch.link(), Link::Reliable);

        QVERIFY(a.ws.sendBinaryMessage("from a") > 0);
        c.ch.sendMessage("from c");
        QTRY_COMPARE(received.count(), 2);
        // Both reported, from the sender's channel; c's with its sequence number.
        QHash<QByteArray, quint64> ids;
        for (const auto &args : received) {
            ids.insert(args.at(2).toByteArray(), args.at(1).toULongLong());
            const QByteArray from = args.at(2).toByteArray() == "from a"
                                        ? a.ws.localPublicKey()
                                        : c.ch.session()->localPublicKey();
            QCOMPARE(args.at(0).value<ChatChannel *>()->peerPublicKey(), from);
        }
        QCOMPARE(ids.value("from a"), quint64(0));
        QCOMPARE(ids.value("from c"), quint64(1));
        // The room acknowledges c's message in every mode.
        QTRY_VERIFY(c.states.value(1).contains(MessageState::Delivered));

        // The relays are written before the room acknowledged c's message: by now they arrived.
        const QByteArray echoProbe = "probe";
        QVERIFY(b.ws.sendBinaryMessage(echoProbe) > 0); // echoed to b, relayed to a and c
        QTRY_COMPARE(received.count(), 3);
        switch (m) {
        case Room::Mode::None:
            QTRY_COMPARE(room.conversations().size(), 3);
            QCOMPARE(a.got, QList<QByteArray>{});
            QCOMPARE(b.got, QList<QByteArray>{});
            QCOMPARE(c.got.size(), 0);
            QCOMPARE(room.relayedMessages(), qint64(0));
            break;
        case Room::Mode::Echo:
            QTRY_COMPARE(b.got, QList<QByteArray>{echoProbe});
            QTRY_COMPARE(a.got, QList<QByteArray>{"from a"});
            QTRY_COMPARE(c.payloads(), QList<QByteArray>{"from c"});
            QCOMPARE(room.relayedMessages(), qint64(3));
            break;
        case Room::Mode::Chat:
            QTRY_COMPARE(a.got, (QList<QByteArray>{"from c", echoProbe}));
            QTRY_COMPARE(b.got.size(), 2);
            QVERIFY(b.got.contains("from a") && b.got.contains("from c"));
            QTRY_COMPARE(c.payloads().size(), 2);
            QVERIFY(c.payloads().contains("from a"));
            QCOMPARE(c.payloads().last(), echoProbe);
            QCOMPARE(room.relayedMessages(), qint64(6));
            break;
        }
    }

    // The room's own message: Delivered once every recipient acknowledged it; with a plain
    // member among them it stops at Sent; with nobody to send to it fails.
    void aggregatedDelivery() {
        SecureWebSocketServer server(serverConfig());
        Room room(&server, Room::Mode::Chat);
        DeliveryLog log;
        log.follow(&room);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        const quint64 none = room.send("to nobody");
        QCOMPARE(log.states.value(none).size(), 0); // never from inside send()
        QTRY_COMPARE(log.states.value(none), QList<MessageState>{MessageState::Failed});
        QVERIFY(!room.delivery(none));

        AckMember x(server.serverUrl()), y(server.serverUrl());
        auto plain = std::make_unique<PlainMember>(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), 3, 5000);
        QTRY_VERIFY(x.ch.link() == Link::Reliable && y.ch.link() == Link::Reliable);

        const quint64 mixed = room.send("to all three");
        QVERIFY(room.delivery(mixed));
        QCOMPARE(room.delivery(mixed)->recipients.size(), 3);
        QCOMPARE(room.delivery(mixed)->state, MessageState::Queued);
        QTRY_VERIFY(plain->got.contains("to all three"));
        QTRY_VERIFY(x.payloads().contains("to all three") && y.payloads().contains("to all three"));
        QTRY_VERIFY(!room.delivery(mixed)); // settled
        QVERIFY(log.last.value(mixed).settled);
        const QList<MessageState> &ms = log.states.value(mixed);
        QCOMPARE(ms.first(), MessageState::Queued);
        QCOMPARE(ms.last(), MessageState::Sent);
        QVERIFY(!ms.contains(MessageState::Delivered));
        const Room::Delivery &d = log.last.value(mixed);
        QCOMPARE(d.count(MessageState::Delivered, false), 2);
        QCOMPARE(d.count(MessageState::Sent, true), 1);
        QCOMPARE(d.count(MessageState::Sent, false), 0);

        // The plain member leaves: the next message goes to the two that acknowledge.
        plain.reset();
        QTRY_COMPARE(room.memberCount(), 2);
        const quint64 acked = room.send("to the two");
        QTRY_VERIFY(!room.delivery(acked));
        QCOMPARE(log.states.value(acked).last(), MessageState::Delivered);
        // Sent while one acknowledgement was outstanding, Delivered only after both.
        QCOMPARE(log.states.value(acked).count(MessageState::Delivered), 1);
        QCOMPARE(log.last.value(acked).count(MessageState::Delivered), 2);

        // One member, addressed alone.
        const quint64 one = room.sendTo(room.channel(x.ch.session()->localPublicKey()), "to x");
        QTRY_VERIFY(!room.delivery(one));
        QCOMPARE(log.states.value(one).last(), MessageState::Delivered);
        QVERIFY(x.payloads().contains("to x"));
        QVERIFY(!y.payloads().contains("to x"));
    }

    // A member's message reaches the others through their channels: enveloped and acknowledged
    // for a member that speaks chat-ack/1, plain bytes for one that does not.
    void relaysGoThroughChannels() {
        SecureWebSocketServer server(serverConfig());
        Room room(&server, Room::Mode::Chat);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const BoxKeyPair bKeys = BoxKeyPair::generate();
        AckMember a(server.serverUrl()), b(server.serverUrl(), &bKeys);
        PlainMember p(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), 3, 5000);
        QTRY_VERIFY(a.ch.link() == Link::Reliable && b.ch.link() == Link::Reliable);
        const quint64 id = a.ch.sendMessage("hello both");
        QTRY_COMPARE(p.got, QList<QByteArray>{"hello both"});
        QTRY_COMPARE(b.got.size(), 1);
        QCOMPARE(b.got.at(0), std::make_pair(quint64(1), QByteArray("hello both")));
        // b acknowledged the relay: nothing left in the room's outbox to it.
        ChatChannel *bAtRoom = room.channel(bKeys.publicKey);
        QTRY_COMPARE(bAtRoom->conversation().outboxMessages(), 0);
        QTRY_VERIFY(a.states.value(id).contains(MessageState::Delivered));
        QCOMPARE(a.got.size(), 0); // not back to its sender
    }

    // A second session with a member's key replaces the first: one member, one conversation,
    // the earlier session closed, and what the room had not got acknowledged resent on it.
    void sameKeyReplaces() {
        SecureWebSocketServer server(serverConfig());
        Room room(&server, Room::Mode::Chat);
        DeliveryLog log;
        log.follow(&room);
        QSignalSpy joined(&room, &Room::memberJoined);
        QSignalSpy left(&room, &Room::memberLeft);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const BoxKeyPair keys = BoxKeyPair::generate();
        // The first session speaks the extension but never resumes: nothing gets acknowledged.
        SecureWebSocket first(clientConfig(true, &keys));
        QSignalSpy firstDown(&first, &SecureWebSocket::disconnected);
        first.open(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(joined.count(), 1, 5000);
        ChatChannel *member = room.channel(keys.publicKey);
        QVERIFY(member);
        const quint64 id = room.send("keep this");
        QTRY_COMPARE(log.states.value(id), QList<MessageState>{MessageState::Queued});

        AckMember second(server.serverUrl(), &keys);
        QTRY_COMPARE(joined.count(), 2);
        QVERIFY(joined.at(1).at(2).toBool()); // replaced
        QCOMPARE(joined.at(1).at(0).value<ChatChannel *>(), member);
        QTRY_COMPARE(firstDown.count(), 1);
        QCOMPARE(int(first.closeCode()), 1000);
        QCOMPARE(room.memberCount(), 1);
        QCOMPARE(room.conversations().size(), 1);
        QCOMPARE(left.count(), 0);
        QTRY_COMPARE(second.payloads(), QList<QByteArray>{"keep this"});
        QTRY_VERIFY(!room.delivery(id));
        QCOMPARE(log.states.value(id).last(), MessageState::Delivered);
    }

    // Many messages from a member, interleaved with the room's own: each recipient gets each
    // exactly once, in the order the room took them.
    void messagesInOrder() {
        SecureWebSocketServer server(serverConfig());
        Room room(&server, Room::Mode::Chat);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        AckMember writer(server.serverUrl()), reader(server.serverUrl());
        PlainMember plain(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), 3, 5000);
        QTRY_VERIFY(writer.ch.link() == Link::Reliable && reader.ch.link() == Link::Reliable);
        // Every tenth member message, the room says something of its own: from inside
        // messageReceived, so before that message is relayed.
        QList<QByteArray> expected;
        int fromWriter = 0;
        connect(&room, &Room::messageReceived, this,
                [&](ChatChannel *, quint64, const QByteArray &m) {
                    if (++fromWriter % 10 == 0) {
                        const QByteArray own = "room " + QByteArray::number(fromWriter);
                        room.send(own);
                        expected << own;
                    }
                    expected << m;
                });
        constexpr int n = 500;
        for (int i = 1; i <= n; ++i)
            writer.ch.sendMessage("m " + QByteArray::number(i) + ' ' + QByteArray(i % 300, 'x'));
        QTRY_COMPARE_WITH_TIMEOUT(reader.got.size(), n + n / 10, 20000);
        QTRY_COMPARE(plain.got.size(), n + n / 10);
        QCOMPARE(reader.payloads(), expected);
        QCOMPARE(plain.got, expected);
        for (int i = 0; i < reader.got.size(); ++i)
            QCOMPARE(reader.got.at(i).first, quint64(i + 1));
        QTRY_COMPARE(writer.got.size(), n / 10); // the room's own, not its own messages back
    }

    // A full room gives way: the conversation of the member away longest is dropped (what it
    // still held fails), instead of turning every newcomer away for good.
    void fullRoomDropsTheLongestAway() {
        SecureWebSocketServer server(serverConfig());
        Room room(&server, Room::Mode::None, ChatConfig{}, 2);
        DeliveryLog log;
        log.follow(&room);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        // Two members that negotiate the extension but never resume, and leave with a message
        // of the room unacknowledged.
        QList<quint64> held;
        QList<QByteArray> keys;
        for (int i = 0; i < 2; ++i) {
            SecureWebSocket s(clientConfig(true));
            s.open(server.serverUrl());
            QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), 1, 5000);
            keys << s.localPublicKey();
            held << room.send("unacknowledged");
            QTRY_COMPARE(log.states.value(held.last()), QList<MessageState>{MessageState::Queued});
            s.close();
            QTRY_COMPARE(room.memberCount(), 0);
        }
        QCOMPARE(room.conversations().size(), 2);
        PlainMember newcomer(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), 1, 5000);
        QCOMPARE(newcomer.ws.state(), SecureWebSocket::State::Secured);
        QTRY_COMPARE(room.conversations().size(), 2);
        QVERIFY(!room.channel(keys.at(0))); // the first to leave gave way
        QVERIFY(room.channel(keys.at(1)));
        QTRY_COMPARE(log.states.value(held.at(0)).last(), MessageState::Failed);
        QCOMPARE(log.states.value(held.at(1)).last(), MessageState::Queued);
    }
};

QTEST_GUILESS_MAIN(tst_Room)
#include "tst_room.moc"
