// ChatChannel and ChatHost (README, "Nothing lost in chat") over real sessions on 127.0.0.1:
// plain peers get plain bytes, the envelopes on the wire, one conversation per client key, redial,
// and 10,000 messages each way through a proxy that keeps cutting the TCP connection, ending with
// complete, ordered transcripts without duplicates. The sequencing itself: tst_chatconversation.
#include "chat/chatchannel.h"
#include "chat/chathost.h"
#include "chat/chatjournal.h"
#include "chat/room.h"
#include "chattestutil.h"
#include "history/historystore.h"
#include "session/securewebsocketserver.h"
#include "testutil.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace sws;
using namespace testutil;
using chat::Envelope;
using chat::Link;
using chat::MessageState;
using chattest::completeTranscript;
using chattest::msg;

namespace {

ServerConfig serverConfig(bool chatExtension) {
    ServerConfig c;
    c.session.keyPair = BoxKeyPair::generate();
    c.session.handshakeTimeoutMs = 3000;
    c.session.closeTimeoutMs = 500;
    if (chatExtension)
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

ChatConfig fastRedial() {
    ChatConfig c;
    c.reconnectMinMs = 5;
    c.reconnectMaxMs = 100;
    return c;
}

// What one ChatChannel reported.
// Messages the store holds in all its conversations (-1 when it cannot tell).
qint64 storedMessages(HistoryStore &store) {
    auto convs = store.conversations();
    if (!convs)
        return -1;
    qint64 n = 0;
    for (const HistoryStore::Conversation &c : std::as_const(*convs))
        n += c.count;
    return n;
}

struct Log {
    QList<std::pair<quint64, QByteArray>> received;
    std::map<quint64, QList<MessageState>> states;
    quint64 sent = 0;
    bool idsMatch = true; // sendMessage() returned 1, 2, 3, …

    void follow(ChatChannel *ch) {
        QObject::connect(ch, &ChatChannel::messageReceived, ch,
                         [this](quint64 id, const QByteArray &p) {
                             received.append({id, p});
                         });
        QObject::connect(ch, &ChatChannel::messageStateChanged, ch,
                         [this](quint64 id, MessageState s) { states[id].append(s); });
    }
    int delivered() const {
        int n = 0;
        for (const auto &[id, list] : states)
            n += list.count(MessageState::Delivered);
        return n;
    }
};

// A TCP proxy between client and server that cuts both connections (abort) after a random
// number of forwarded bytes, mid-frame, again and again: sometimes within a few hundred bytes
// (inside the HTTP upgrade or the handshake), mostly after tens of kilobytes.
class CuttingProxy : public QObject {
public:
    CuttingProxy(quint16 upstreamPort, quint32 seed)
        : m_upstreamPort(upstreamPort)
        , m_rng(seed) {
        m_budget = nextBudget();
        connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }
    ~CuttingProxy() override {
        // Sockets still open are deleted with us: none may call back while we go.
        for (QObject *owner : {static_cast<QObject *>(this), static_cast<QObject *>(&m_server)})
            for (QTcpSocket *s : owner->findChildren<QTcpSocket *>())
                s->disconnect(this);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server.serverPort()));
    }
    int cuts = 0;
    int connections = 0;
    bool cutting = true;

private:
    struct Route {
        QPointer<QTcpSocket> down, up;
        QByteArray toUp; // client bytes before the upstream connection is up
    };
    using RoutePtr = std::shared_ptr<Route>;

    qint64 nextBudget() {
        return m_rng.bounded(5) == 0 ? 40 + m_rng.bounded(2000) : 5000 + m_rng.bounded(80000);
    }

    void accept() {
        while (QTcpSocket *down = m_server.nextPendingConnection()) {
            ++connections;
            auto r = std::make_shared<Route>();
            r->down = down;
            auto *up = new QTcpSocket(this);
            r->up = up;
            connect(up, &QTcpSocket::connected, this, [r] {
                if (r->up && !r->toUp.isEmpty())
                    r->up->write(std::exchange(r->toUp, {}));
            });
            connect(down, &QTcpSocket::readyRead, this, [this, r] { pass(r, true); });
            connect(up, &QTcpSocket::readyRead, this, [this, r] { pass(r, false); });
            connect(down, &QTcpSocket::disconnected, this, [this, r] { finish(r); });
            connect(up, &QTcpSocket::disconnected, this, [this, r] { finish(r); });
            connect(up, &QTcpSocket::errorOccurred, this, [this, r] { finish(r); });
            up->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        }
    }

    void pass(const RoutePtr &r, bool fromClient) {
        QTcpSocket *from = fromClient ? r->down : r->up;
        if (!from)
            return;
        const QByteArray data = from->readAll();
        if (cutting && data.size() >= m_budget) {
            forward(r, fromClient, data.left(m_budget)); // the first part of a frame, then cut
            m_budget = nextBudget();
            ++cuts;
            cut(r);
            return;
        }
        if (cutting)
            m_budget -= data.size();
        forward(r, fromClient, data);
    }

    void forward(const RoutePtr &r, bool fromClient, const QByteArray &data) {
        if (!fromClient) {
            if (r->down) {
                r->down->write(data);
                r->down->flush();
            }
        } else if (r->up && r->up->state() == QAbstractSocket::ConnectedState) {
            r->up->write(data);
            r->up->flush();
        } else {
            r->toUp += data;
        }
    }

    void cut(const RoutePtr &r) {
        for (QTcpSocket *s : {r->down.data(), r->up.data()}) {
            if (!s)
                continue;
            s->disconnect(this);
            s->abort();
            s->deleteLater();
        }
        r->down = nullptr;
        r->up = nullptr;
    }

    // One side closed: close the other after what it still has to write.
    void finish(const RoutePtr &r) {
        for (QTcpSocket *s : {r->down.data(), r->up.data()}) {
            if (!s)
                continue;
            s->disconnect(this);
            if (s->state() == QAbstractSocket::UnconnectedState) {
                s->deleteLater();
            } else {
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                s->disconnectFromHost();
            }
        }
        r->down = nullptr;
        r->up = nullptr;
    }

    QTcpServer m_server;
    quint16 m_upstreamPort;
    QRandomGenerator m_rng;
    qint64 m_budget = 0;
};

} // namespace

class tst_ChatChannel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SecureWebSocket *>(); }

    void plainClientGetsPlainBytes();
    void plainServerGetsPlainBytes();
    void envelopesOnTheWire();
    void detachWritesTheDueAcknowledgement();
    void hostKeepsOneConversationPerClientKey();
    void redialsUntilTheServerListens();
    void channelOutlivesItsSession();
    void cutConnectionsKeepTranscripts();
    void journalSurvivesALostProcess();
    void journalWithAPlainPeer();
    void journalKeepsABurstTogether();
    void journalTakenOverByAChannelInUse();
    void journalIsExclusivePerConversation();
};

// ---- Over real sessions --------------------------------------------------------------------

// A client without the extension: the host's channel is plain, nothing is wrapped, no RESUME.
void tst_ChatChannel::plainClientGetsPlainBytes() {
    SecureWebSocketServer server(serverConfig(true));
    ChatHost host(&server, fastRedial());
    QPointer<ChatChannel> hosted;
    Log log;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
        hosted = ch;
        log.follow(ch);
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    SecureWebSocket client(clientConfig(false));
    QSignalSpy got(&client, &SecureWebSocket::binaryMessageReceived);
    client.open(server.serverUrl());
    QTRY_VERIFY_WITH_TIMEOUT(hosted && hosted->link() == Link::Plain, 5000);
    QVERIFY(client.peerExtensions().isEmpty());
    QCOMPARE(hosted->session()->peerExtensions(), QStringList());

    QCOMPARE(client.sendBinaryMessage("hello, plain"), qint64(12));
    QTRY_COMPARE(log.received.size(), 1);
    QCOMPARE(log.received.at(0), std::make_pair(quint64(0), QByteArray("hello, plain")));
    const quint64 id = hosted->sendMessage("plain reply");
    QTRY_COMPARE(got.count(), 1);
    QCOMPARE(got.at(0).at(0).toByteArray(), QByteArray("plain reply"));
    QTRY_COMPARE(log.states[id].size(), 2);
    // Another round trip: still exactly what was sent, and never "delivered".
    QCOMPARE(client.sendBinaryMessage("second"), qint64(6));
    QTRY_COMPARE(log.received.size(), 2);
    QCOMPARE(got.count(), 1);
    QCOMPARE(log.states[id], (QList<MessageState>{MessageState::Queued, MessageState::Sent}));
    client.close();
    QTRY_COMPARE(hosted->link(), Link::Detached);
}

// A plain server (no extension): our channel sends the bytes as they are.
void tst_ChatChannel::plainServerGetsPlainBytes() {
    SecureWebSocketServer server(serverConfig(false));
    Room relay(&server, Room::Mode::Echo);
    QSignalSpy atServer(&relay, &Room::messageReceived);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ChatChannel ch(fastRedial());
    Log log;
    log.follow(&ch);
    const quint64 early = ch.sendMessage("written before connecting");
    ch.connectTo(server.serverUrl(), clientConfig(true));
    QTRY_COMPARE_WITH_TIMEOUT(ch.link(), Link::Plain, 5000);
    const quint64 later = ch.sendMessage("abc");
    QTRY_COMPARE(log.received.size(), 2);
    QCOMPARE(log.received.at(0),
             std::make_pair(quint64(0), QByteArray("written before connecting")));
    QCOMPARE(log.received.at(1), std::make_pair(quint64(0), QByteArray("abc")));
    QCOMPARE(atServer.count(), 2);
    QCOMPARE(atServer.at(0).at(2).toByteArray(), QByteArray("written before connecting"));
    QCOMPARE(atServer.at(1).at(2).toByteArray(), QByteArray("abc"));
    QCOMPARE(log.states[early], (QList<MessageState>{MessageState::Queued, MessageState::Sent}));
    QCOMPARE(log.states[later], (QList<MessageState>{MessageState::Queued, MessageState::Sent}));
    ch.disconnectFromPeer();
    QTRY_COMPARE(ch.link(), Link::Detached);
}

// Between two peers that negotiated the extension, the encrypted messages are envelopes:
// RESUME first, then DATA; an ACK makes the message delivered.
void tst_ChatChannel::envelopesOnTheWire() {
    SecureWebSocketServer server(serverConfig(true));
    QPointer<SecureWebSocket> raw;
    QList<QByteArray> rawGot;
    connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
        raw = s;
        connect(s, &SecureWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &m) { rawGot << m; });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ChatChannel ch(fastRedial());
    Log log;
    log.follow(&ch);
    ch.connectTo(server.serverUrl(), clientConfig(true));
    QTRY_COMPARE_WITH_TIMEOUT(rawGot.size(), 1, 5000);
    QCOMPARE(raw->peerExtensions(), QStringList{chat::kExtension});
    QCOMPARE(ch.session()->peerExtensions(), QStringList{chat::kExtension});
    const auto resume = chat::decode(rawGot.at(0));
    QVERIFY(resume);
    QCOMPARE(resume->type, Envelope::Type::Resume);
    QCOMPARE(rawGot.at(0).size(), chat::kResumeBytes);
    QCOMPARE(resume->stream, ch.conversation().stream());
    QCOMPARE(resume->seq, quint64(0));
    QCOMPARE(resume->peerStream, quint64(0));
    QCOMPARE(resume->next, quint64(1));

    const quint64 id = ch.sendMessage("over the wire");
    QTRY_COMPARE(log.states[id].size(), 1); // Queued: nothing flows before the peer's RESUME
    QCOMPARE(ch.link(), Link::Resuming);
    Envelope r;
    r.type = Envelope::Type::Resume;
    r.stream = 0x5157;
    r.next = 1;
    raw->sendBinaryMessage(chat::encode(r));
    QTRY_COMPARE(rawGot.size(), 2);
    QCOMPARE(ch.link(), Link::Reliable);
    QCOMPARE(rawGot.at(1).toHex(), (hex("010000000000000001") + "over the wire").toHex());
    QCOMPARE(log.states[id].last(), MessageState::Sent);
    Envelope ack;
    ack.type = Envelope::Type::Ack;
    ack.seq = 1;
    raw->sendBinaryMessage(chat::encode(ack));
    QTRY_COMPARE(log.states[id].last(), MessageState::Delivered);
    Envelope data;
    data.seq = 1;
    data.payload = "from the server";
    raw->sendBinaryMessage(chat::encode(data));
    QTRY_COMPARE(log.received.size(), 1);
    QCOMPARE(log.received.at(0), std::make_pair(quint64(1), QByteArray("from the server")));
    QTRY_COMPARE(rawGot.size(), 3); // the acknowledgement
    QCOMPARE(rawGot.at(2).toHex(), hex("020000000000000001").toHex());
    ch.disconnectFromPeer();
}

// A channel detached right after a delivery (sws connect closing at end of input) first
// writes the acknowledgement, so the peer does not keep the message for a resend.
void tst_ChatChannel::detachWritesTheDueAcknowledgement() {
    SecureWebSocketServer server(serverConfig(true));
    QPointer<SecureWebSocket> raw;
    QList<QByteArray> rawGot;
    connect(&server, &SecureWebSocketServer::sessionSecured, this, [&](SecureWebSocket *s) {
        raw = s;
        connect(s, &SecureWebSocket::binaryMessageReceived, this,
                [&](const QByteArray &m) { rawGot << m; });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ChatChannel ch(fastRedial());
    QList<QByteArray> got;
    connect(&ch, &ChatChannel::messageReceived, this, [&](quint64, const QByteArray &m) {
        got << m;
        ch.detach(); // before the channel's own flush
    });
    ch.connectTo(server.serverUrl(), clientConfig(true));
    QTRY_COMPARE_WITH_TIMEOUT(rawGot.size(), 1, 5000); // the client's RESUME
    Envelope r;
    r.type = Envelope::Type::Resume;
    r.stream = 0x5157;
    r.next = 1;
    Envelope data;
    data.seq = 1;
    data.payload = "the last word";
    raw->sendBinaryMessage(chat::encode(r));
    raw->sendBinaryMessage(chat::encode(data));
    QTRY_COMPARE(got, QList<QByteArray>{"the last word"});
    QTRY_COMPARE(rawGot.size(), 2);
    QCOMPARE(rawGot.at(1).toHex(), hex("020000000000000001").toHex());
    QCOMPARE(ch.link(), Link::Detached);
    ch.disconnectFromPeer();
}

// The host keeps one conversation per client key, across reconnects and client restarts.
void tst_ChatChannel::hostKeepsOneConversationPerClientKey() {
    SecureWebSocketServer server(serverConfig(true));
    ChatHost host(&server, fastRedial());
    std::map<ChatChannel *, std::shared_ptr<Log>> logs;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
        logs[ch] = std::make_shared<Log>();
        logs[ch]->follow(ch);
    });
    auto logOf = [&](const BoxKeyPair &who) {
        ChatChannel *ch = host.channel(who.publicKey);
        return ch && logs.count(ch) ? logs[ch] : std::make_shared<Log>();
    };
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const BoxKeyPair alice = BoxKeyPair::generate();
    const BoxKeyPair bob = BoxKeyPair::generate();
    auto a1 = std::make_unique<ChatChannel>(fastRedial());
    ChatChannel b(fastRedial());
    a1->connectTo(server.serverUrl(), clientConfig(true, &alice));
    b.connectTo(server.serverUrl(), clientConfig(true, &bob));
    a1->sendMessage("alice 1");
    b.sendMessage("bob 1");
    QTRY_COMPARE_WITH_TIMEOUT(host.channels().size(), 2, 5000);
    QTRY_COMPARE(logOf(alice)->received.size(), 1);
    QTRY_COMPARE(logOf(bob)->received.size(), 1);
    QCOMPARE(logOf(alice)->received.at(0).second, QByteArray("alice 1"));
    ChatChannel *aliceAtHost = host.channel(alice.publicKey);
    QVERIFY(aliceAtHost && aliceAtHost != host.channel(bob.publicKey));
    QCOMPARE(aliceAtHost->peerPublicKey(), alice.publicKey);

    // Alice restarts: same key, new stream. Same conversation at the host; her ids start at 1
    // again and are not mistaken for duplicates.
    a1->disconnectFromPeer();
    QTRY_COMPARE(aliceAtHost->link(), Link::Detached);
    a1.reset();
    ChatChannel a2(fastRedial());
    a2.connectTo(server.serverUrl(), clientConfig(true, &alice));
    QCOMPARE(a2.sendMessage("alice again"), quint64(1));
    QTRY_COMPARE(logOf(alice)->received.size(), 2);
    QCOMPARE(logOf(alice)->received.at(1), std::make_pair(quint64(1), QByteArray("alice again")));
    QCOMPARE(host.channels().size(), 2);
    QCOMPARE(host.channel(alice.publicKey), aliceAtHost);
    QCOMPARE(aliceAtHost->sessionsAttached(), 2);
    // And the host's message to Alice, written while she was away, reaches her.
    QTRY_VERIFY(a2.link() == Link::Reliable);
    aliceAtHost->sendMessage("welcome back");
    QSignalSpy aliceGot(&a2, &ChatChannel::messageReceived);
    QTRY_COMPARE(aliceGot.count(), 1);
    QCOMPARE(aliceGot.at(0).at(1).toByteArray(), QByteArray("welcome back"));
}

void tst_ChatChannel::redialsUntilTheServerListens() {
    quint16 port = 0;
    {
        QTcpServer probe; // a port nobody listens on, for now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ChatChannel ch(fastRedial());
    ch.sendMessage("waiting");
    ch.connectTo(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)), clientConfig(true));
    QTRY_VERIFY_WITH_TIMEOUT(ch.connectionAttempts() >= 3, 5000);
    QCOMPARE(ch.link(), Link::Detached);
    SecureWebSocketServer server(serverConfig(true));
    ChatHost host(&server, fastRedial());
    Log log;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *c) { log.follow(c); });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(log.received.size(), 1, 5000);
    QCOMPARE(log.received.at(0), std::make_pair(quint64(1), QByteArray("waiting")));
    QCOMPARE(ch.link(), Link::Reliable);
}

// A host channel whose session is deleted with its server detaches; the conversation stays.
void tst_ChatChannel::channelOutlivesItsSession() {
    auto server = std::make_unique<SecureWebSocketServer>(serverConfig(true));
    ChatHost host(server.get(), fastRedial());
    QPointer<ChatChannel> hosted;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) { hosted = ch; });
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));
    ChatChannel client(fastRedial());
    client.connectTo(server->serverUrl(), clientConfig(true));
    QTRY_VERIFY_WITH_TIMEOUT(hosted && hosted->link() == Link::Reliable, 5000);
    const quint64 id = hosted->sendMessage("kept");
    server.reset();
    QVERIFY(hosted);
    QCOMPARE(hosted->link(), Link::Detached);
    QVERIFY(!hosted->session());
    QVERIFY(hosted->conversation().pendingState(id).has_value());
    QTRY_COMPARE(client.link(), Link::Detached);
    client.disconnectFromPeer();
}

// The client's process state is thrown away (channel and store deleted without a clean close)
// and made again from the file: its messages reach the host exactly once, in order, and what
// the host wrote meanwhile arrives once.
void tst_ChatChannel::journalSurvivesALostProcess() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const SecretBuffer key = randomSecret(32);
    const auto ref = HistoryStore::Ref::roomNamed(QStringLiteral("wss://host.example/"));
    SecureWebSocketServer server(serverConfig(true));
    ChatHost host(&server, fastRedial());
    Log hostLog;
    QPointer<ChatChannel> atHost;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *c) {
        atHost = c;
        hostLog.follow(c);
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const BoxKeyPair alice = BoxKeyPair::generate();
    QList<std::pair<quint64, QByteArray>> aliceGot;
    const auto openStore = [&] {
        auto st = HistoryStore::open(dir.path(), key);
        return st ? std::move(st).value() : nullptr;
    };

    auto store = openStore();
    QVERIFY(store);
    auto journal = std::make_unique<ChatJournal>(store.get(), ref);
    journal->keepRecords(QStringLiteral("alice"), QStringLiteral("host"));
    auto ch = std::make_unique<ChatChannel>(fastRedial());
    QVERIFY(ch->setJournal(journal.get()).isEmpty());
    Log first;
    first.follow(ch.get());
    ch->connectTo(server.serverUrl(), clientConfig(true, &alice));
    for (int i = 1; i <= 5; ++i)
        ch->sendMessage(msg("a", i));
    QTRY_COMPARE_WITH_TIMEOUT(first.delivered(), 5, 10000);
    QVERIFY(atHost);
    for (int i = 1; i <= 3; ++i)
        atHost->sendMessage(msg("h", i));
    QTRY_COMPARE_WITH_TIMEOUT(first.received.size(), 3, 10000);
    aliceGot = first.received;
    // Written, perhaps on the wire, never acknowledged: the process is gone at once.
    for (int i = 6; i <= 8; ++i)
        ch->sendMessage(msg("a", i));
    ch.reset();
    journal.reset();
    store.reset();
    QTRY_COMPARE_WITH_TIMEOUT(atHost->link(), Link::Detached, 10000);
    for (int i = 4; i <= 6; ++i)
        atHost->sendMessage(msg("h", i));

    store = openStore();
    QVERIFY(store);
    journal = std::make_unique<ChatJournal>(store.get(), ref);
    journal->keepRecords(QStringLiteral("alice"), QStringLiteral("host"));
    ch = std::make_unique<ChatChannel>(fastRedial());
    const auto restored = ch->setJournal(journal.get());
    QVERIFY(ch->journal());
    // 6..8 at most (one the host acknowledged in time is settled), each with its record.
    QVERIFY(restored.size() <= 3);
    for (const auto &[id, record] : restored) {
        QVERIFY(id >= 6 && id <= 8);
        QVERIFY(record > 0);
    }
    Log second;
    second.follow(ch.get());
    for (int i = 9; i <= 10; ++i) // written while away
        QCOMPARE(ch->sendMessage(msg("a", i)), quint64(i));
    ch->connectTo(server.serverUrl(), clientConfig(true, &alice));
    QTRY_COMPARE_WITH_TIMEOUT(hostLog.received.size(), 10, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(second.received.size(), 3, 10000);
    QByteArray why;
    QVERIFY2(completeTranscript(hostLog.received, "a", 10, &why), why.constData());
    aliceGot += second.received;
    QVERIFY2(completeTranscript(aliceGot, "h", 6, &why), why.constData());
    QTRY_COMPARE_WITH_TIMEOUT(second.delivered(), 2 + int(restored.size()), 10000);
    QCOMPARE(ch->conversation().outboxMessages(), 0);

    // On disk: the outbox is empty, every message recorded once, ours all Delivered.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto saved = store->chatState(ref);
            return saved && *saved && (*saved)->outbox.isEmpty();
        }(),
        10000);
    QTRY_COMPARE(storedMessages(*store), qint64(16)); // the last burst is written on a next pass
    auto convs = store->conversations();
    QVERIFY(convs && convs->size() == 1);
    auto all = store->messages(convs->first().id, 0, 1000);
    QVERIFY(all);
    QCOMPARE(all->size(), 16);
    int out = 0;
    int in = 0;
    for (const HistoryStore::Message &m : *all) {
        if (m.direction == HistoryStore::Direction::Outgoing) {
            ++out;
            QCOMPARE(m.state, HistoryStore::State::Delivered);
            QCOMPARE(m.sender, QStringLiteral("alice"));
        } else {
            ++in;
            QCOMPARE(m.text, QString::fromLatin1(msg("h", in)));
        }
    }
    QCOMPARE(out, 10);
    QCOMPARE(in, 6);
    ch->disconnectFromPeer();
}

// A burst the host writes at once arrives in one read or a few: its messages are kept together
// (a few transactions, not one each), each recorded once and in order, and acknowledged once
// kept.
void tst_ChatChannel::journalKeepsABurstTogether() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto ref = HistoryStore::Ref::roomNamed(QStringLiteral("burst"));
    SecureWebSocketServer server(serverConfig(true));
    ChatHost host(&server, fastRedial());
    Log hostLog;
    QPointer<ChatChannel> atHost;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *c) {
        atHost = c;
        hostLog.follow(c);
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto opened = HistoryStore::open(dir.path(), randomSecret(32));
    QVERIFY(opened);
    HistoryStore &store = **opened;
    ChatJournal journal(&store, ref);
    journal.keepRecords(QStringLiteral("alice"), QStringLiteral("host"));
    ChatChannel ch(fastRedial());
    QVERIFY(ch.setJournal(&journal).isEmpty());
    Log log;
    log.follow(&ch);
    ch.connectTo(server.serverUrl(), clientConfig(true));
    QTRY_COMPARE_WITH_TIMEOUT(ch.link(), Link::Reliable, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(atHost && atHost->link() == Link::Reliable, 10000);

    constexpr int kBurst = 200;
    const qint64 before = store.transactionsCommitted();
    for (int i = 1; i <= kBurst; ++i)
        atHost->sendMessage(msg("h", i));
    QTRY_COMPARE_WITH_TIMEOUT(log.received.size(), kBurst, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(hostLog.delivered(), kBurst, 10000);
    const qint64 writes = store.transactionsCommitted() - before;
    qInfo("%d messages received in a burst: %lld journal writes", kBurst, writes);
    QVERIFY2(writes < kBurst / 10, qPrintable(QString::number(writes)));
    QByteArray why;
    QVERIFY2(completeTranscript(log.received, "h", kBurst, &why), why.constData());

    auto convs = store.conversations();
    QVERIFY(convs && convs->size() == 1);
    auto all = store.messages(convs->first().id, 0, 1000);
    QVERIFY(all);
    QCOMPARE(all->size(), kBurst);
    for (int i = 0; i < kBurst; ++i) {
        QCOMPARE(all->at(i).direction, HistoryStore::Direction::Incoming);
        QCOMPARE(all->at(i).text, QString::fromLatin1(msg("h", i + 1)));
    }
    auto saved = store.chatState(ref);
    QVERIFY(saved && *saved);
    QCOMPARE((*saved)->state.delivered, ch.conversation().deliveredUpTo());
    ch.disconnectFromPeer();
}

// A plain peer cannot acknowledge: what was written while it was away is kept (also across a
// lost process) and sent when it is back; Sent is final and leaves the outbox.
void tst_ChatChannel::journalWithAPlainPeer() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const SecretBuffer key = randomSecret(32);
    const auto ref = HistoryStore::Ref::roomNamed(QStringLiteral("plain"));
    quint16 port = 0;
    {
        QTcpServer probe; // a port nobody listens on, for now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    {
        auto store = HistoryStore::open(dir.path(), key);
        QVERIFY(store);
        ChatJournal journal(store->get(), ref);
        ChatChannel ch(fastRedial());
        ch.setJournal(&journal);
        for (int i = 1; i <= 3; ++i)
            ch.sendMessage(msg("a", i));
        auto saved = (*store)->chatState(ref);
        QVERIFY(saved && *saved);
        QCOMPARE((*saved)->outbox.size(), 3);
    } // gone without ever reaching the peer

    SecureWebSocketServer server(serverConfig(false));
    Room relay(&server, Room::Mode::Echo);
    QSignalSpy atServer(&relay, &Room::messageReceived);
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    auto store = HistoryStore::open(dir.path(), key);
    QVERIFY(store);
    ChatJournal journal(store->get(), ref);
    journal.keepRecords(QStringLiteral("me"), QStringLiteral("server"));
    ChatChannel ch(fastRedial());
    QCOMPARE(ch.setJournal(&journal).size(), 3);
    Log log;
    log.follow(&ch);
    ch.connectTo(url, clientConfig(true));
    QTRY_COMPARE_WITH_TIMEOUT(atServer.count(), 3, 10000);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(atServer.at(i - 1).at(2).toByteArray(), msg("a", i));
    QCOMPARE(ch.link(), Link::Plain);
    for (quint64 id = 1; id <= 3; ++id)
        QCOMPARE(log.states[id], QList<MessageState>{MessageState::Sent});
    auto saved = (*store)->chatState(ref);
    QVERIFY(saved && *saved);
    QCOMPARE((*saved)->outbox.size(), 0);
    // The echoes: recorded once each, as plain messages (id 0), on the event-loop pass after
    // they arrive (a burst is kept in one write).
    QTRY_COMPARE(log.received.size(), 3);
    QTRY_COMPARE(storedMessages(**store), qint64(3));
    auto convs = (*store)->conversations();
    QVERIFY(convs && convs->size() == 1);
    auto all = (*store)->messages(convs->first().id);
    QVERIFY(all && all->size() == 3);
    for (const HistoryStore::Message &m : *all)
        QCOMPARE(m.direction, HistoryStore::Direction::Incoming);
    ch.disconnectFromPeer();
}

// The store comes only after the channel was used (the app's keychain answered late): the
// channel keeps its own stream and takes the saved outbox over after its own messages.
void tst_ChatChannel::journalTakenOverByAChannelInUse() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const SecretBuffer key = randomSecret(32);
    const auto ref = HistoryStore::Ref::roomNamed(QStringLiteral("late"));
    auto store = HistoryStore::open(dir.path(), key);
    QVERIFY(store);
    {
        ChatJournal journal(store->get(), ref);
        ChatChannel last(fastRedial());
        last.setJournal(&journal);
        last.sendMessage(msg("old", 1));
        last.sendMessage(msg("old", 2));
    }
    SecureWebSocketServer server(serverConfig(true));
    ChatHost host(&server, fastRedial());
    Log hostLog;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *c) { hostLog.follow(c); });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ChatChannel ch(fastRedial());
    ch.connectTo(server.serverUrl(), clientConfig(true));
    ch.sendMessage("new 1");
    QTRY_COMPARE_WITH_TIMEOUT(hostLog.received.size(), 1, 10000);
    const quint64 stream = ch.conversation().stream();
    ChatJournal journal(store->get(), ref);
    const auto taken = ch.setJournal(&journal);
    QCOMPARE(taken.size(), 2);
    QCOMPARE(taken.at(0).first, quint64(2));
    QCOMPARE(taken.at(1).first, quint64(3));
    QCOMPARE(ch.conversation().stream(), stream);
    QTRY_COMPARE_WITH_TIMEOUT(hostLog.received.size(), 3, 10000);
    QCOMPARE(hostLog.received.at(1), std::make_pair(quint64(2), msg("old", 1)));
    QCOMPARE(hostLog.received.at(2), std::make_pair(quint64(3), msg("old", 2)));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto saved = store->get()->chatState(ref);
            return saved && *saved && (*saved)->outbox.isEmpty() &&
                   (*saved)->state.stream == stream;
        }(),
        10000);
    ch.disconnectFromPeer();
}

void tst_ChatChannel::journalIsExclusivePerConversation() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = HistoryStore::open(dir.path(), randomSecret(32));
    QVERIFY(store);
    const auto a = HistoryStore::Ref::roomNamed(QStringLiteral("a"));
    auto first = std::make_unique<ChatJournal>(store->get(), a);
    QVERIFY(first->exclusive());
    {
        ChatJournal second(store->get(), a);
        QVERIFY(!second.exclusive());
        ChatJournal other(store->get(), HistoryStore::Ref::roomNamed(QStringLiteral("b")));
        QVERIFY(other.exclusive());
    }
    QVERIFY(!ChatJournal(store->get(), a).exclusive());
    first.reset();
    QVERIFY(ChatJournal(store->get(), a).exclusive());
}

// The required end-to-end test: 10,000 messages each way through a proxy that cuts the TCP
// connection again and again; the client redials after every cut.
void tst_ChatChannel::cutConnectionsKeepTranscripts() {
    const quint64 n = 10000;
    SecureWebSocketServer server(serverConfig(true));
    ChatHost host(&server, fastRedial());
    QPointer<ChatChannel> hosted;
    Log atServer, atClient;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
        QVERIFY(!hosted); // one client key, one conversation
        hosted = ch;
        atServer.follow(ch);
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    CuttingProxy proxy(server.serverPort(), 20240607);
    QVERIFY(proxy.listen());
    ChatChannel client(fastRedial());
    atClient.follow(&client);
    client.connectTo(proxy.url(), clientConfig(true));

    // The stream: each tick, each side writes a few more while its outbox has room.
    QTimer pump;
    pump.setInterval(1);
    auto feed = [](ChatChannel *ch, Log &log, const char *dir) {
        for (int k = 0; k < 25 && log.sent < n && ch->conversation().outboxMessages() < 1500; ++k) {
            const quint64 i = ++log.sent;
            if (ch->sendMessage(msg(dir, i)) != i)
                log.idsMatch = false;
        }
    };
    connect(&pump, &QTimer::timeout, this, [&] {
        feed(&client, atClient, "c>s");
        if (hosted)
            feed(hosted, atServer, "s>c");
    });
    pump.start();

    auto done = [&] {
        return hosted && atServer.received.size() >= qsizetype(n) &&
               atClient.received.size() >= qsizetype(n) && atClient.delivered() >= int(n) &&
               atServer.delivered() >= int(n);
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        done(),
        qPrintable(QStringLiteral("server got %1, client got %2, delivered %3/%4, "
                                  "cuts %5")
                       .arg(atServer.received.size())
                       .arg(atClient.received.size())
                       .arg(atClient.delivered())
                       .arg(atServer.delivered())
                       .arg(proxy.cuts)),
        55000);
    pump.stop();
    proxy.cutting = false;

    QByteArray why;
    QVERIFY2(completeTranscript(atServer.received, "c>s", n, &why), why.constData());
    QVERIFY2(completeTranscript(atClient.received, "s>c", n, &why), why.constData());
    QVERIFY(atClient.idsMatch && atServer.idsMatch);
    const QList<MessageState> lifecycle{MessageState::Queued, MessageState::Sent,
                                        MessageState::Delivered};
    for (const Log *log : {&atClient, &atServer}) {
        QCOMPARE(log->states.size(), std::size_t(n));
        for (const auto &[id, states] : log->states)
            QVERIFY2(states == lifecycle, qPrintable(QStringLiteral("message %1").arg(id)));
    }
    QCOMPARE(client.conversation().outboxMessages(), 0);
    QCOMPARE(hosted->conversation().outboxMessages(), 0);
    // The connection really was cut, again and again, and messages really were resent.
    qInfo("cuts %d, proxy connections %d, client sessions %d, resent %llu + %llu, "
          "duplicates dropped %llu + %llu",
          proxy.cuts, proxy.connections, client.sessionsAttached(),
          client.conversation().stats().resent, hosted->conversation().stats().resent,
          client.conversation().stats().duplicates, hosted->conversation().stats().duplicates);
    QVERIFY(proxy.cuts >= 10);
    QVERIFY(client.sessionsAttached() >= 10);
    QVERIFY(hosted->sessionsAttached() >= 10);
    QVERIFY(client.conversation().stats().resent + hosted->conversation().stats().resent > 0);
    QCOMPARE(client.conversation().stats().outOfOrder, quint64(0));
    QCOMPARE(client.conversation().stats().malformed, quint64(0));
    client.disconnectFromPeer();
}

QTEST_GUILESS_MAIN(tst_ChatChannel)
#include "tst_chatchannel.moc"
