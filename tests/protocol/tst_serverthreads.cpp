// SecureWebSocketServer with ServerConfig::threads > 1: sessions spread over worker threads, the
// limits stay global, close() joins the threads; a Room whose members live on different threads.
// Real sockets on 127.0.0.1. Four threads on any machine (more than the cores of a small one).
#include "chat/chatchannel.h"
#include "chat/room.h"
#include "testpeers.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <memory>
#include <mutex>
#include <vector>

using namespace sws;
using namespace testpeers;

namespace {

constexpr int kThreads = 4;

ServerConfig threadedConfig() {
    ServerConfig c = serverConfig();
    c.threads = kThreads;
    c.session.handshakeTimeoutMs = 60000; // a loaded machine must not fail honest clients
    c.session.closeTimeoutMs = 2000;
    c.session.extensions = {chat::kExtension};
    return c;
}

// Echoes every message of every session, on the session's own thread (connected as soon as the
// session exists, so no message can come before it). Records the threads the sessions live on.
struct ThreadEcho {
    std::mutex mutex; // not QMutex: ThreadSanitizer sees this one
    QSet<QThread *> threads;
    void attach(SecureWebSocketServer *server) {
        QObject::connect(
            server, &SecureWebSocketServer::handshakeStarted, server,
            [this](SecureWebSocket *s) {
                {
                    const std::lock_guard lock(mutex);
                    threads.insert(QThread::currentThread());
                }
                QObject::connect(s, &SecureWebSocket::binaryMessageReceived, s,
                                 [s](const QByteArray &m) { s->sendBinaryMessage(m); });
            },
            Qt::DirectConnection);
    }
    QSet<QThread *> seen() {
        const std::lock_guard lock(mutex);
        return threads;
    }
};

SessionConfig memberConfig(bool chatExtension) {
    SessionConfig c = clientConfig();
    c.handshakeTimeoutMs = 60000;
    if (chatExtension)
        c.extensions = {chat::kExtension};
    return c;
}

// A room member: even ones speak chat-ack/1 through a ChatChannel, odd ones are plain sessions.
struct Member {
    int index;
    std::unique_ptr<ChatChannel> ch;
    std::unique_ptr<SecureWebSocket> ws;
    QList<QByteArray> got;
    bool secured = false;

    Member(int i, const QUrl &url)
        : index(i) {
        if (i % 2 == 0) {
            ChatConfig cc;
            cc.reconnectMinMs = 5;
            cc.reconnectMaxMs = 100;
            ch = std::make_unique<ChatChannel>(cc);
            QObject::connect(ch.get(), &ChatChannel::messageReceived, ch.get(),
                             [this](quint64, const QByteArray &m) { got << m; });
            QObject::connect(ch.get(), &ChatChannel::linkChanged, ch.get(),
                             [this](chat::Link l) { secured = l == chat::Link::Reliable; });
            ch->connectTo(url, memberConfig(true));
        } else {
            ws = std::make_unique<SecureWebSocket>(memberConfig(false));
            QObject::connect(ws.get(), &SecureWebSocket::binaryMessageReceived, ws.get(),
                             [this](const QByteArray &m) { got << m; });
            QObject::connect(ws.get(), &SecureWebSocket::secured, ws.get(),
                             [this] { secured = true; });
            ws->open(url);
        }
    }
    ~Member() {
        if (ch)
            ch->disconnectFromPeer();
    }
    void send(const QByteArray &m) {
        if (ch)
            ch->sendMessage(m);
        else
            ws->sendBinaryMessage(m);
    }
    void leave() {
        if (ch)
            ch->disconnectFromPeer();
        else
            ws->close();
    }
};

QByteArray numbered(int member, int i) {
    return "m" + QByteArray::number(member) + ":" + QByteArray::number(i);
}

int senderOf(const QByteArray &m) {
    return m.mid(1, m.indexOf(':') - 1).toInt();
}

int numberOf(const QByteArray &m) {
    return m.mid(m.indexOf(':') + 1).toInt();
}

QList<QByteArray> without(const QList<QByteArray> &list, int member) {
    QList<QByteArray> out;
    for (const QByteArray &m : list)
        if (senderOf(m) != member)
            out << m;
    return out;
}

} // namespace

class tst_ServerThreads : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<sws::SessionError>(); }

    // threads = 1 keeps every session on the server's thread, with no worker threads.
    void oneThreadIsTheServersThread() {
        ServerConfig cfg = serverConfig();
        QCOMPARE(cfg.threads, 1);
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(server.threadCount(), 0);
        QCOMPARE(server.sessionsPerThread(), QList<int>());
        SecureWebSocket client(clientConfig());
        QSignalSpy secured(&server, &SecureWebSocketServer::sessionSecured);
        client.open(server.serverUrl());
        QTRY_COMPARE_WITH_TIMEOUT(secured.size(), 1, 20000);
        QCOMPARE(secured.at(0).at(0).value<SecureWebSocket *>()->thread(),
                 QThread::currentThread());
    }

    // 200 clients are served by four threads: each gets its own message back, and the sessions
    // are spread over more than one thread, none of them the server's.
    void clientsSpreadOverThreads() {
        const int clients = 200;
        SecureWebSocketServer server(threadedConfig());
        ThreadEcho echo;
        echo.attach(&server);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(server.threadCount(), kThreads);

        std::vector<std::unique_ptr<SecureWebSocket>> ws;
        int echoed = 0, wrong = 0, failed = 0;
        for (int i = 0; i < clients; ++i) {
            SessionConfig c = clientConfig();
            c.handshakeTimeoutMs = 120000;
            ws.push_back(std::make_unique<SecureWebSocket>(std::move(c)));
            SecureWebSocket *w = ws.back().get();
            const QByteArray msg = "client " + QByteArray::number(i);
            connect(w, &SecureWebSocket::binaryMessageReceived, this,
                    [&echoed, &wrong, msg](const QByteArray &m) { ++(m == msg ? echoed : wrong); });
            connect(w, &SecureWebSocket::disconnected, this, [&failed] { ++failed; });
            QCOMPARE(w->sendBinaryMessage(msg), qint64(msg.size()));
            w->open(server.serverUrl());
        }
        QTRY_COMPARE_WITH_TIMEOUT(echoed + failed, clients, 240000);
        QCOMPARE(failed, 0);
        QCOMPARE(wrong, 0);
        QCOMPARE(server.sessions().size(), clients);

        const QList<int> perThread = server.sessionsPerThread();
        QCOMPARE(perThread.size(), kThreads);
        int sum = 0, busy = 0;
        for (int n : perThread) {
            sum += n;
            busy += n > 0;
        }
        QCOMPARE(sum, clients);
        QVERIFY2(busy > 1, "every session is on one thread");
        const QSet<QThread *> threads = echo.seen();
        QCOMPARE(threads.size(), busy);
        QVERIFY(!threads.contains(QThread::currentThread()));
        for (SecureWebSocket *s : server.sessions())
            QVERIFY(threads.contains(s->thread()));

        // Clients that leave leave their thread's count.
        ws.clear();
        QTRY_COMPARE_WITH_TIMEOUT(server.sessions().size(), 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(server.sessionsPerThread(), QList<int>(kThreads, 0), 30000);
    }

    // The per-source share is counted over all threads together: a flood of never-finishing
    // handshakes from 127.0.0.2 holds only its share of slots (spread over the threads), the rest
    // is parked, while 127.0.0.1 is served; one past the parking bound is refused (4051).
    void perSourceLimitIsGlobal() {
        const int share = 12, parkBound = 20, past = 3,
                  others = 30; // others: within share + parkBound
        ServerConfig cfg = threadedConfig();
        cfg.maxHandshakesPerSource = share;
        cfg.maxParkedPerSource = parkBound;
        cfg.maxParkedMs = 120000;
        cfg.session.handshakeTimeoutMs = 120000; // the flood's handshakes never end by themselves
        SecureWebSocketServer server(std::move(cfg));
        ThreadEcho echo;
        echo.attach(&server);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));

        std::vector<std::unique_ptr<RawWsClient>> flood;
        auto count = [&](auto pred) {
            int n = 0;
            for (const auto &f : flood)
                n += pred(*f);
            return n;
        };
        for (int i = 0; i < share + parkBound; ++i) {
            flood.push_back(std::make_unique<RawWsClient>());
            flood.back()->connectTo(server.serverPort(), "/",
                                    QHostAddress(QStringLiteral("127.0.0.2")));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.parkedConnections(), parkBound, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(count([](const RawWsClient &f) { return f.upgraded; }), share,
                                  30000);
        QCOMPARE(server.handshakesInProgress(), share);
        // The held handshakes live on the workers, more than one of them.
        QTRY_VERIFY_WITH_TIMEOUT(echo.seen().size() > 1, 30000);
        int onWorkers = 0;
        for (int n : server.sessionsPerThread())
            onWorkers += n;
        QCOMPARE(onWorkers, share);

        for (int i = 0; i < past; ++i) {
            flood.push_back(std::make_unique<RawWsClient>());
            flood.back()->connectTo(server.serverPort(), "/",
                                    QHostAddress(QStringLiteral("127.0.0.2")));
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            count([](const RawWsClient &f) { return f.closeCodeReceived() == 4051; }), past, 30000);

        std::vector<std::unique_ptr<SecureWebSocket>> clients;
        int echoed = 0, failed = 0;
        for (int i = 0; i < others; ++i) {
            clients.push_back(std::make_unique<SecureWebSocket>(clientConfig()));
            SecureWebSocket *w = clients.back().get();
            connect(w, &SecureWebSocket::binaryMessageReceived, this, [&echoed] { ++echoed; });
            connect(w, &SecureWebSocket::disconnected, this, [&failed] { ++failed; });
            w->sendBinaryMessage("hello");
            w->open(server.serverUrl());
        }
        QTRY_COMPARE_WITH_TIMEOUT(echoed + failed, others, 60000);
        QCOMPARE(failed, 0);
        QCOMPARE(server.handshakesInProgress(), share);
        QCOMPARE(server.parkedConnections(), parkBound);

        // One held handshake ends: the oldest parked connection takes its slot (the refused ones
        // were upgraded too, to be told 4051).
        for (const auto &f : flood) {
            if (f->upgraded) {
                f->sock.abort();
                break;
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(count([](const RawWsClient &f) { return f.upgraded; }),
                                  share + past + 1, 20000);
        QCOMPARE(server.parkedConnections(), parkBound - 1);
        QTRY_COMPARE(server.handshakesInProgress(), share);
    }

    // close() with sessions on every thread: each client gets 1001, the threads are joined.
    void closeClosesEverySessionAndJoins() {
        const int clients = 24;
        SecureWebSocketServer server(threadedConfig());
        ThreadEcho echo;
        echo.attach(&server);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<SecureWebSocket>> ws;
        int secured = 0;
        QList<int> codes;
        for (int i = 0; i < clients; ++i) {
            ws.push_back(std::make_unique<SecureWebSocket>(clientConfig()));
            SecureWebSocket *w = ws.back().get();
            connect(w, &SecureWebSocket::secured, this, [&secured] { ++secured; });
            connect(w, &SecureWebSocket::disconnected, this,
                    [&codes, w] { codes.append(int(w->closeCode())); });
            w->open(server.serverUrl());
        }
        QTRY_COMPARE_WITH_TIMEOUT(secured, clients, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(server.sessions().size(), clients, 20000);
        for (int n : server.sessionsPerThread())
            QVERIFY2(n > 0, "a thread without sessions");
        QSignalSpy closed(&server, &SecureWebSocketServer::sessionClosed);
        server.close();
        QVERIFY(!server.isListening());
        QCOMPARE(server.threadCount(), 0);
        QCOMPARE(server.sessions().size(), 0);
        QCOMPARE(closed.size(), clients);
        QTRY_COMPARE_WITH_TIMEOUT(codes.size(), clients, 20000);
        QCOMPARE(codes, QList<int>(clients, 1001));
    }

private:
    // K members on different threads in a chat room; each sends M numbered messages at once.
    void joinRoom(SecureWebSocketServer &server, Room &room,
                  std::vector<std::unique_ptr<Member>> &members, int k) {
        for (int i = 0; i < k; ++i)
            members.push_back(std::make_unique<Member>(i, server.serverUrl()));
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), k, 60000);
        for (const auto &m : members)
            QTRY_VERIFY_WITH_TIMEOUT(m->secured, 20000);
        QSet<QThread *> threads;
        for (ChatChannel *c : room.members())
            threads.insert(c->thread());
        QVERIFY2(threads.size() > 1, "every member is on one thread");
        QVERIFY(!threads.contains(QThread::currentThread()));
    }

private Q_SLOTS:
    // Every member receives every other member's messages exactly once, all in the order the
    // room received them (the same order for everyone), each sender's in its send order.
    void roomRelaysInOneOrderAcrossThreads() {
        const int k = 6, m = 60;
        SecureWebSocketServer server(threadedConfig());
        Room room(&server, Room::Mode::Chat);
        QList<QByteArray> roomOrder;
        connect(&room, &Room::messageReceived, this,
                [&roomOrder](ChatChannel *, quint64, const QByteArray &p) { roomOrder << p; });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<Member>> members;
        joinRoom(server, room, members, k);
        if (QTest::currentTestFailed())
            return;

        for (int i = 0; i < m; ++i)
            for (auto &mem : members)
                mem->send(numbered(mem->index, i));
        for (const auto &mem : members)
            QTRY_COMPARE_WITH_TIMEOUT(mem->got.size(), (k - 1) * m, 60000);
        QCOMPARE(roomOrder.size(), k * m);
        QCOMPARE(room.relayedMessages(), qint64(k * m * (k - 1)));

        for (const auto &mem : members) {
            // The room's order, less its own.
            QCOMPARE(mem->got, without(roomOrder, mem->index));
            QList<int> next(k, 0);
            for (const QByteArray &msg : mem->got) {
                const int from = senderOf(msg);
                QVERIFY(from != mem->index);
                QCOMPARE(numberOf(msg), next[from]++); // once each, in its send order
            }
            for (int from = 0; from < k; ++from)
                QCOMPARE(next[from], from == mem->index ? 0 : m);
        }
    }

    // An echo room (sws serve's default) with members on different threads: each gets its own
    // messages back, in order, once; the room still hears every message.
    void echoRoomAcrossThreads() {
        const int k = 8, m = 50;
        SecureWebSocketServer server(threadedConfig());
        Room room(&server, Room::Mode::Echo);
        int heard = 0;
        connect(&room, &Room::messageReceived, this, [&heard] { ++heard; });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<Member>> members;
        joinRoom(server, room, members, k);
        if (QTest::currentTestFailed())
            return;
        for (int i = 0; i < m; ++i)
            for (auto &mem : members)
                mem->send(numbered(mem->index, i));
        for (const auto &mem : members) {
            QTRY_COMPARE_WITH_TIMEOUT(mem->got.size(), m, 60000);
            for (int i = 0; i < m; ++i)
                QCOMPARE(mem->got.at(i), numbered(mem->index, i));
        }
        QTRY_COMPARE_WITH_TIMEOUT(heard, k * m, 20000);
        QCOMPARE(room.relayedMessages(), qint64(k * m));
    }

    // A member leaving mid-stream: the others still get everything the others send, in order.
    void memberLeavingMidStream() {
        const int k = 5, m = 80, leaver = 1;
        SecureWebSocketServer server(threadedConfig());
        Room room(&server, Room::Mode::Chat);
        QSignalSpy left(&room, &Room::memberLeft);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<Member>> members;
        joinRoom(server, room, members, k);
        if (QTest::currentTestFailed())
            return;

        for (int i = 0; i < m; ++i) {
            for (auto &mem : members) {
                if (mem->index == leaver && i == m / 2)
                    mem->leave();
                if (mem->index != leaver || i < m / 2)
                    mem->send(numbered(mem->index, i));
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(left.size(), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), k - 1, 30000);
        for (const auto &mem : members) {
            if (mem->index == leaver)
                continue;
            QTRY_COMPARE_WITH_TIMEOUT(without(mem->got, leaver).size(), (k - 2) * m, 60000);
            QList<int> next(k, 0);
            for (const QByteArray &msg : mem->got)
                QCOMPARE(numberOf(msg), next[senderOf(msg)]++);
            for (int from = 0; from < k; ++from)
                if (from != leaver && from != mem->index)
                    QCOMPARE(next[from], m);
            QVERIFY(next[leaver] <= m / 2); // what the room got of it before it left
        }
    }

    // The room's own message to members on different threads: Delivered once every recipient
    // acknowledged it.
    void roomMessageDeliveredAcrossThreads() {
        const int k = 4;
        SecureWebSocketServer server(threadedConfig());
        Room room(&server, Room::Mode::Chat);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        std::vector<std::unique_ptr<Member>> members;
        for (int i = 0; i < k; ++i) // even indices: acknowledging members only
            members.push_back(std::make_unique<Member>(2 * i, server.serverUrl()));
        QTRY_COMPARE_WITH_TIMEOUT(room.memberCount(), k, 60000);
        for (const auto &mem : members)
            QTRY_VERIFY_WITH_TIMEOUT(mem->secured, 20000);
        QList<chat::MessageState> states;
        connect(&room, &Room::deliveryChanged, this,
                [&states](quint64, chat::MessageState s) { states << s; });
        const quint64 id = room.send("from the room");
        QTRY_VERIFY_WITH_TIMEOUT(
            !states.isEmpty() && states.last() == chat::MessageState::Delivered, 30000);
        QCOMPARE(states.count(chat::MessageState::Delivered), 1);
        QVERIFY(!room.delivery(id));
        for (const auto &mem : members)
            QCOMPARE(mem->got, QList<QByteArray>{"from the room"});
    }
};

QTEST_GUILESS_MAIN(tst_ServerThreads)
#include "tst_serverthreads.moc"
