// The app's outbox against SIGKILL (README, "Nothing lost"): a real MainWindow in a child
// process (this executable with --app) joins a server that is down, takes messages from its chat
// input and is killed with SIGKILL once they are on disk; a second process on the same profile
// and history delivers them when the server is up: each exactly once, in order, and the stored
// states reach Delivered.
#include "chat/chathost.h"
#include "chat/chatmodel.h"
#include "chat/chatview.h"
#include "connections/clientconnection.h"
#include "crypto/crypto.h"
#include "history/historystore.h"
#include "session/securewebsocketserver.h"
#include "testutil.h"
#include "trust/pinningverifier.h"
#include "trust/trustservice.h"
#include "window/mainwindow.h"
#include "window/startoptions.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace sws;
using namespace sws::ui;
using namespace testutil;

namespace {

constexpr int kMessages = 20;

QByteArray hex(const QByteArray &b) {
    return b.toHex();
}
SecretBuffer secretFromHex(const QByteArray &h) {
    const QByteArray raw = QByteArray::fromHex(h);
    return SecretBuffer(reinterpret_cast<const unsigned char *>(raw.constData()),
                        static_cast<size_t>(raw.size()));
}

void say(const QByteArray &line) {
    std::fputs((line + '\n').constData(), stdout);
    std::fflush(stdout);
}

int outgoingRows(ChatModel *chat, ChatModel::MessageState state) {
    int n = 0;
    for (int r = 0; r < chat->rowCount(); ++r)
        n += chat->message(r).outgoing && chat->message(r).state == state ? 1 : 0;
    return n;
}

void typeMessages(MainWindow &w) {
    auto *view = w.findChild<ChatView *>();
    for (int i = 1; i <= kMessages; ++i) {
        view->input()->setText(QStringLiteral("message %1").arg(i));
        QTest::keyClick(view->input(), Qt::Key_Return);
    }
}

// Child: --app MODE DIR HISTORYKEY CLIENTPUB CLIENTSECRET SERVERPUB URL INCOMING.
// queue: types kMessages messages into the chat while the server is away, says "queued N" once
// they are in the outbox on disk, and waits to be killed. sendwait: once the session is up,
// says "ready", reads a line from stdin, types the messages, says "sent N" once they are written
// to the session and in the outbox on disk, and waits to be killed. deliver: says "restored N"
// (pending messages shown again), then "delivered N" once every one is Delivered in the chat and
// on disk and INCOMING messages were received, and exits.
int runApp(const QStringList &a) {
    const QString mode = a.at(0);
    const QString dir = a.at(1);
    auto store = HistoryStore::open(dir, secretFromHex(a.at(2).toLatin1()));
    if (!store) {
        say("store: " + store.error().message.toUtf8());
        return 1;
    }
    StartOptions so;
    so.settingsFile = QDir(dir).filePath(QStringLiteral("app.ini"));
    so.profileDir = QDir(dir).filePath(QStringLiteral("profile"));
    so.demo = StartOptions::Demo::Off;
    TrustService trust(Profile(so.profileDir));
    MainWindow w(trust, so);
    w.setHistory(store->get());
    w.show();
    ClientOptions o;
    o.url = QUrl(a.at(6));
    o.retryFirst = true;
    auto kp = BoxKeyPair::fromKeys(QByteArray::fromHex(a.at(3).toLatin1()),
                                   secretFromHex(a.at(4).toLatin1()));
    if (!kp)
        return 2;
    o.session.keyPair = std::move(*kp);
    o.session.verifier =
        std::make_shared<KnownKeyVerifier>(QByteArray::fromHex(a.at(5).toLatin1()));
    ClientConnection *c = w.connectTo(std::move(o));
    // Under the URL until the server's key is known, then under the key.
    const auto outbox = [&]() -> int {
        if (!c->journal())
            return -1;
        auto saved = (*store)->chatState(c->journal()->ref());
        return saved && *saved ? static_cast<int>((*saved)->outbox.size()) : -1;
    };
    if (mode == QLatin1String("queue")) {
        if (!QTest::qWaitFor([c] { return c->reconnecting(); }, 30000))
            return 3;
        auto *view = w.findChild<ChatView *>();
        if (!view || !view->input()->isEnabled())
            return 4;
        typeMessages(w);
        if (outgoingRows(c->chat(), ChatModel::MessageState::Queued) != kMessages)
            return 5;
        say("queued " + QByteArray::number(outbox()));
        return QApplication::exec(); // until killed
    }
    if (mode == QLatin1String("sendwait")) {
        if (!QTest::qWaitFor([c] { return c->channel()->link() == chat::Link::Reliable; }, 30000))
            return 7;
        say("ready");
        char line[16];
        if (!std::fgets(line, sizeof line, stdin))
            return 8;
        typeMessages(w);
        if (!QTest::qWaitFor(
                [&] {
                    return outgoingRows(c->chat(), ChatModel::MessageState::Sent) == kMessages &&
                           outbox() == kMessages;
                },
                30000))
            return 9;
        say("sent " + QByteArray::number(outbox()));
        return QApplication::exec(); // until killed
    }
    const int incoming = a.at(7).toInt();
    const auto received = [&] {
        int n = 0;
        for (int r = 0; r < c->chat()->rowCount(); ++r)
            n += !c->chat()->message(r).notice &&
                         c->chat()->message(r).state == ChatModel::MessageState::Received
                     ? 1
                     : 0;
        return n;
    };
    say("restored " + QByteArray::number(outgoingRows(c->chat(), ChatModel::MessageState::Queued) +
                                         outgoingRows(c->chat(), ChatModel::MessageState::Sent)));
    const bool done = QTest::qWaitFor(
        [&] {
            return outgoingRows(c->chat(), ChatModel::MessageState::Delivered) == kMessages &&
                   outbox() == 0 && received() >= incoming;
        },
        60000);
    if (!done)
        return 6;
    say("delivered " + QByteArray::number(kMessages) + " received " +
        QByteArray::number(received()));
    return 0;
}

} // namespace

class tst_OutboxKill : public QObject {
    Q_OBJECT

    // One run: a history key, the client's and the server's keys, a free port.
    struct Run {
        QTemporaryDir dir;
        SecretBuffer historyKey = randomSecret(32);
        BoxKeyPair client = BoxKeyPair::generate();
        ServerConfig server;
        QString url;
        QStringList args(const QString &mode, int incoming = 0) const {
            return {QStringLiteral("--app"),
                    mode,
                    dir.path(),
                    QString::fromLatin1(hex(historyKey.copyOut())),
                    QString::fromLatin1(hex(client.publicKey)),
                    QString::fromLatin1(hex(client.secretKey.copyOut())),
                    QString::fromLatin1(hex(server.session.keyPair.publicKey)),
                    url,
                    QString::number(incoming)};
        }
        std::unique_ptr<HistoryStore> store() const {
            auto st = HistoryStore::open(dir.path(), historyKey);
            return st ? std::move(st).value() : nullptr;
        }
        // Where the app keeps the conversation: under the URL until it met the server, then
        // under the server's key.
        HistoryStore::Ref ref() const { return HistoryStore::Ref::roomNamed(url); }
        HistoryStore::Ref keyRef() const {
            return HistoryStore::Ref::contact(server.session.keyPair.publicKey);
        }
    };
    static void init(Run &r) {
        r.server.session.keyPair = BoxKeyPair::generate();
        r.server.session.extensions = {chat::kExtension};
        QTcpServer probe; // a port nobody listens on, for now
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        r.url = QStringLiteral("ws://127.0.0.1:%1/").arg(probe.serverPort());
    }
    void start(QProcess &p, const QStringList &args, QByteArray *out) {
        p.setProcessChannelMode(QProcess::SeparateChannels);
        connect(&p, &QProcess::readyReadStandardOutput, &p,
                [&p, out] { *out += p.readAllStandardOutput(); });
        p.start(QCoreApplication::applicationFilePath(), args);
    }
    // The restarted app delivers; got is what the host received in all (one channel per client
    // key: the same conversation). Each message once, in order; on disk all Delivered.
    void deliverAndCheck(Run &r, QList<std::pair<quint64, QByteArray>> &got, int incoming) {
        QByteArray out;
        QProcess second;
        start(second, r.args(QStringLiteral("deliver"), incoming), &out);
        QVERIFY(second.waitForStarted(20000));
        QTRY_VERIFY2_WITH_TIMEOUT(out.contains("delivered"), out.constData(), 60000);
        QVERIFY2(out.contains("restored 20\n"), out.constData());
        QVERIFY2(out.contains(QByteArray("received ") + QByteArray::number(incoming) + '\n'),
                 out.constData());
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), QProcess::NotRunning, 20000);
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(got.size(), kMessages);
        for (int i = 1; i <= kMessages; ++i) {
            QCOMPARE(got.at(i - 1).first, quint64(i));
            QCOMPARE(got.at(i - 1).second, QStringLiteral("message %1").arg(i).toUtf8());
        }
        auto store = r.store();
        QVERIFY(store);
        // Met: the conversation is the server key's now, the one kept under the URL is gone.
        auto saved = store->chatState(r.keyRef());
        QVERIFY(saved && *saved);
        QCOMPARE((*saved)->outbox.size(), 0);
        auto convs = store->conversations();
        QVERIFY(convs && convs->size() == 1);
        auto all = store->messages(convs->first().id, 0, 1000);
        QVERIFY(all);
        int mine = 0;
        int theirs = 0;
        for (const HistoryStore::Message &m : *all) {
            if (m.direction == HistoryStore::Direction::Outgoing) {
                ++mine;
                QCOMPARE(m.text, QStringLiteral("message %1").arg(mine));
                QCOMPARE(m.state, HistoryStore::State::Delivered);
            } else {
                ++theirs;
                QCOMPARE(m.text, QStringLiteral("welcome %1").arg(theirs));
            }
        }
        QCOMPARE(mine, kMessages);
        QCOMPARE(theirs, incoming);
    }

private Q_SLOTS:
    void queuedWhileAwaySurvivesSigkill();
    void unacknowledgedSurvivesSigkill();
};

// Written while the server is down; SIGKILL; delivered by the next run once it is up.
void tst_OutboxKill::queuedWhileAwaySurvivesSigkill() {
    Run r;
    init(r);
    QByteArray out;
    QProcess first;
    start(first, r.args(QStringLiteral("queue")), &out);
    QVERIFY(first.waitForStarted(20000));
    QTRY_VERIFY2_WITH_TIMEOUT(out.contains("queued"), first.readAllStandardError().constData(),
                              60000);
    QVERIFY2(out.contains("queued 20\n"), out.constData());
    first.kill();
    QVERIFY(first.waitForFinished(20000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    {
        auto store = r.store();
        QVERIFY(store);
        auto saved = store->chatState(r.ref());
        QVERIFY(saved && *saved);
        QCOMPARE((*saved)->outbox.size(), kMessages);
    }

    SecureWebSocketServer server(r.server);
    ChatHost host(&server);
    QList<std::pair<quint64, QByteArray>> got;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
        connect(ch, &ChatChannel::messageReceived, this, [&](quint64 id, const QByteArray &p) {
            got.append({id, p});
        });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, QUrl(r.url).port()));
    deliverAndCheck(r, got, 0);
}

// Written to a live session and killed before any acknowledgement could come back (this
// process, the server, does not run its event loop meanwhile); the host may or may not have
// read them. The next run resends what the host does not confirm: each arrives once. What the
// host wrote while the app was gone arrives once too.
void tst_OutboxKill::unacknowledgedSurvivesSigkill() {
    Run r;
    init(r);
    SecureWebSocketServer server(r.server);
    ChatHost host(&server);
    QList<std::pair<quint64, QByteArray>> got;
    QPointer<ChatChannel> member;
    connect(&host, &ChatHost::channelCreated, this, [&](ChatChannel *ch) {
        QVERIFY(!member); // one client key: one conversation
        member = ch;
        connect(ch, &ChatChannel::messageReceived, this, [&](quint64 id, const QByteArray &p) {
            got.append({id, p});
        });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, QUrl(r.url).port()));
    QByteArray out;
    QProcess first;
    start(first, r.args(QStringLiteral("sendwait")), &out);
    QVERIFY(first.waitForStarted(20000));
    QTRY_VERIFY2_WITH_TIMEOUT(out.contains("ready\n"), first.readAllStandardError().constData(),
                              60000);
    QVERIFY(member && member->link() == chat::Link::Reliable);
    // From here on this process runs no event loop until the kill: no acknowledgement leaves.
    first.write("go\n");
    QVERIFY(first.waitForBytesWritten(20000));
    while (!out.contains("sent")) {
        QVERIFY2(first.waitForReadyRead(30000), first.readAllStandardError().constData());
        out += first.readAllStandardOutput();
    }
    QVERIFY2(out.contains("sent 20\n"), out.constData());
    first.kill();
    QVERIFY(first.waitForFinished(20000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    {
        auto store = r.store();
        QVERIFY(store);
        auto saved = store->chatState(r.keyRef()); // the session was secured: the key's
        QVERIFY(saved && *saved);
        QCOMPARE((*saved)->outbox.size(), kMessages);
    }
    QTRY_COMPARE_WITH_TIMEOUT(member->link(), chat::Link::Detached, 20000);
    const int before = static_cast<int>(got.size());
    qInfo("the host read %d of the %d messages before the kill", before, kMessages);
    for (int i = 1; i <= 3; ++i)
        member->sendMessage(QStringLiteral("welcome %1").arg(i).toUtf8());
    deliverAndCheck(r, got, 3);
}

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments();
    if (args.size() == 10 && args.at(1) == QLatin1String("--app"))
        return runApp(args.mid(2));
    tst_OutboxKill t;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&t, argc, argv);
}

#include "tst_outboxkill.moc"
