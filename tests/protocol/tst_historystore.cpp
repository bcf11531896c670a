// HistoryStore: the encrypted conversation history on disk (real SQLite files in a temporary
// profile directory, a real child process killed with SIGKILL).
#include "crypto/crypto.h"
#include "history/historystore.h"
#include "testutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace sws;
using namespace testutil;

namespace {

using Store = HistoryStore;

QByteArray peer(char fill) {
    return QByteArray(32, fill);
}

Store::NewMessage msg(const QString &text, qint64 timeMs,
                      Store::Direction dir = Store::Direction::Incoming,
                      const QString &sender = s("alice"),
                      Store::State state = Store::State::Received) {
    Store::NewMessage m;
    m.direction = dir;
    m.sender = sender;
    m.timeMs = timeMs;
    m.state = state;
    m.text = text;
    m.messageId = QString::number(timeMs);
    m.seq = timeMs;
    return m;
}

// Every file under dir, with its bytes.
QList<QPair<QString, QByteArray>> filesUnder(const QString &dir) {
    QList<QPair<QString, QByteArray>> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.append({path, readAll(path)});
    }
    return files;
}

// Child mode (--writer DIR KEYHEX): adds messages forever, printing "N ID" after each commit.
int runWriter(const QString &dir, const QByteArray &keyHex) {
    QByteArray raw = QByteArray::fromHex(keyHex);
    SecretBuffer key(reinterpret_cast<const unsigned char *>(raw.constData()),
                     static_cast<size_t>(raw.size()));
    auto store = Store::open(dir, key);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", qPrintable(store.error().message));
        return 1;
    }
    const auto ref = Store::Ref::contact(peer('k'));
    for (qint64 n = 0;; ++n) {
        auto id = (*store)->addMessage(ref, msg(s("message %1").arg(n), 1000 + n));
        if (!id)
            return 2;
        if (n % 3 == 0 && !(*store)->updateState(*id, Store::State::Delivered))
            return 3;
        std::printf("%lld %lld\n", static_cast<long long>(n), static_cast<long long>(*id));
        std::fflush(stdout);
    }
}

} // namespace

class tst_HistoryStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_dirs = 0;

    QString newDir() { return m_tmp.filePath(s("profile%1").arg(++m_dirs)); }

    static std::unique_ptr<Store> openOk(const QString &dir, const SecretBuffer &key) {
        auto st = Store::open(dir, key);
        if (!st)
            qWarning() << "open failed:" << st.error().message;
        return st ? std::move(st).value() : nullptr;
    }

    // A closed database with a few messages; its path.
    QString makeDatabase(const SecretBuffer &key, int count = 20) {
        const QString dir = newDir();
        auto st = openOk(dir, key);
        QList<Store::NewMessage> list;
        for (int i = 0; i < count; ++i)
            list << msg(s("hello %1").arg(i), 1000 + i);
        if (!st || !st->addMessages(Store::Ref::contact(peer('a')), list))
            return {};
        return QDir(dir).filePath(Store::fileName());
    }

    // Opening dir must fail with code, and leave every file of dir as it was.
    void expectRefusedUnchanged(const QString &dir, const SecretBuffer &key,
                                HistoryError::Code code, const QString &messagePart) {
        const auto before = filesUnder(dir);
        QVERIFY(!before.isEmpty());
        {
            auto st = Store::open(dir, key);
            QVERIFY(!st);
            QCOMPARE(int(st.error().code), int(code));
            QVERIFY2(st.error().message.contains(messagePart), qPrintable(st.error().message));
        }
        const auto after = filesUnder(dir);
        // SQLite may leave an empty -wal/-shm pair next to a refused file; the database's own
        // bytes and every file that was there must be as they were.
        for (const auto &f : before) {
            const auto it = std::find_if(after.cbegin(), after.cend(),
                                         [&](const auto &a) { return a.first == f.first; });
            QVERIFY2(it != after.cend(), qPrintable(f.first));
            QVERIFY2(it->second == f.second, qPrintable(f.first + s(" was modified")));
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // A contact's name is the person's to change (or clear); nothing else of it moves, and an
    // unknown key is refused.
    void setContactName() {
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        auto st = openOk(dir, key);
        QVERIFY(st);
        QVERIFY(st->noteContact(peer('a'), s("as joined"), s("a.example:1/"), 500));
        QVERIFY(st->setContactName(peer('a'), s("Alice")));
        // Noting the peer again without a name keeps the one given.
        QVERIFY(st->noteContact(peer('a'), QString(), s("a.example:2/"), 700));
        auto contacts = st->contacts();
        QVERIFY(contacts && contacts->size() == 1);
        QCOMPARE(contacts->first().name, s("Alice"));
        QCOMPARE(contacts->first().firstSeenMs, 500);
        QCOMPARE(contacts->first().lastSeenMs, 700);
        QCOMPARE(contacts->first().endpoints, QStringList({s("a.example:1/"), s("a.example:2/")}));
        st.reset();
        st = openOk(dir, key);
        QVERIFY(st);
        contacts = st->contacts();
        QVERIFY(contacts && contacts->size() == 1);
        QCOMPARE(contacts->first().name, s("Alice"));
        QVERIFY(st->setContactName(peer('a'), QString()));
        QCOMPARE(st->contacts()->first().name, QString());
        const auto unknown = st->setContactName(peer('b'), s("Bob"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, HistoryError::Code::NotFound);
        QVERIFY(!st->setContactName(QByteArray(3, 'x'), s("short")));
        QCOMPARE(st->contacts()->size(), 1);
    }

    void roundTrip() {
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        auto st = openOk(dir, key);
        QVERIFY(st);
        QCOMPARE(modeOf(dir), 0700);
        QCOMPARE(modeOf(QDir(dir).filePath(s("history.sqlite"))), 0600);
        const auto alice = Store::Ref::contact(peer('a'));
        const auto room = Store::Ref::roomNamed(s("wss://example.org/room"));
        QVERIFY(st->noteContact(peer('a'), s("Alice"), s("wss://a.example:1"), 500));
        QVERIFY(st->noteContact(peer('a'), QString(), s("wss://a.example:2"), 700));
        auto m1 = st->addMessage(alice, msg(s("hi Alice"), 1000, Store::Direction::Outgoing,
                                            s("me"), Store::State::Queued));
        auto m2 = st->addMessage(alice, msg(s("hello back\nsecond line"), 2000));
        auto m3 =
            st->addMessage(room, msg(s("room talk"), 1500, Store::Direction::Incoming, s("bob")));
        QVERIFY(m1 && m2 && m3);
        QVERIFY(*m1 < *m2 && *m2 < *m3);
        QVERIFY(st->updateState(*m1, Store::State::Delivered));
        QCOMPARE(modeOf(QDir(dir).filePath(s("history.sqlite-wal"))), 0600);
        QVERIFY(!st->updateState(9999, Store::State::Delivered));

        auto contacts = st->contacts();
        QVERIFY(contacts);
        QCOMPARE(contacts->size(), 1);
        QCOMPARE(contacts->first().peerKey, peer('a'));
        QCOMPARE(contacts->first().name, s("Alice"));
        QCOMPARE(contacts->first().firstSeenMs, 500);
        QCOMPARE(contacts->first().lastSeenMs, 700);
        QCOMPARE(contacts->first().endpoints,
                 QStringList({s("wss://a.example:1"), s("wss://a.example:2")}));

        auto convs = st->conversations();
        QVERIFY(convs);
        QCOMPARE(convs->size(), 2);
        QCOMPARE(convs->at(0).kind, Store::Kind::Contact); // last message at 2000
        QCOMPARE(convs->at(0).title, s("Alice"));
        QCOMPARE(convs->at(0).peerKey, peer('a'));
        QCOMPARE(convs->at(0).count, 2);
        QCOMPARE(convs->at(0).lastTimeMs, 2000);
        QCOMPARE(convs->at(1).kind, Store::Kind::Room);
        QCOMPARE(convs->at(1).room, s("wss://example.org/room"));
        QCOMPARE(convs->at(1).count, 1);

        const qint64 aliceId = convs->at(0).id;
        auto page = st->messages(aliceId);
        QVERIFY(page);
        QCOMPARE(page->size(), 2);
        QCOMPARE(page->at(0).text, s("hi Alice"));
        QCOMPARE(page->at(0).sender, s("me"));
        QCOMPARE(page->at(0).direction, Store::Direction::Outgoing);
        QCOMPARE(page->at(0).state, Store::State::Delivered);
        QCOMPARE(page->at(0).messageId, s("1000"));
        QCOMPARE(page->at(0).seq, 1000);
        QCOMPARE(page->at(1).text, s("hello back\nsecond line"));

        auto found = st->search(s("ROOM"));
        QVERIFY(found);
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().text, s("room talk"));

        auto text = st->exportConversation(aliceId, Store::ExportFormat::Text);
        QVERIFY(text);
        QCOMPARE(*text, QByteArray("1970-01-01T00:00:01.000Z  me: hi Alice\n"
                                   "1970-01-01T00:00:02.000Z  alice: hello back\\nsecond line\n"));
        auto json = st->exportConversation(aliceId, Store::ExportFormat::Json);
        QVERIFY(json);
        const QJsonObject doc = QJsonDocument::fromJson(*json).object();
        QCOMPARE(doc.value(s("conversation")).toObject().value(s("title")).toString(), s("Alice"));
        const QJsonArray arr = doc.value(s("messages")).toArray();
        QCOMPARE(arr.size(), 2);
        QCOMPARE(arr.at(0).toObject().value(s("state")).toString(), s("delivered"));
        QCOMPARE(arr.at(1).toObject().value(s("text")).toString(), s("hello back\nsecond line"));

        QVERIFY(st->deleteConversation(aliceId));
        QVERIFY(!st->deleteConversation(aliceId));
        convs = st->conversations();
        QVERIFY(convs);
        QCOMPARE(convs->size(), 1);
        QVERIFY(st->clear());
        convs = st->conversations();
        QVERIFY(convs && convs->isEmpty());
        contacts = st->contacts();
        QVERIFY(contacts && contacts->isEmpty());
        found = st->search(s("room"));
        QVERIFY(found && found->isEmpty());
    }

    void exportTextEscapesControls() {
        const SecretBuffer key = randomSecret(32);
        auto st = openOk(newDir(), key);
        QVERIFY(st);
        auto id = st->addMessage(Store::Ref::roomNamed(s("r")),
                                 msg(s("red \x1b[31m\\ bell\x07\r\n"), 0,
                                     Store::Direction::Incoming, s("evil\x1b]0;title\x07")));
        QVERIFY(id);
        auto convs = st->conversations();
        QVERIFY(convs && convs->size() == 1);
        auto text = st->exportConversation(convs->first().id, Store::ExportFormat::Text);
        QVERIFY(text);
        QCOMPARE(*text, QByteArray("1970-01-01T00:00:00.000Z  evil\\x1b]0;title\\x07: red "
                                   "\\x1b[31m\\\\ bell\\x07\\r\\n\n"));
    }

    void paging100k() {
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        const int total = 100000;
        {
            auto st = openOk(dir, key);
            QVERIFY(st);
            QList<Store::NewMessage> list;
            list.reserve(total);
            for (int i = 0; i < total; ++i)
                list << msg(s("message number %1").arg(i), 1000 + i);
            QVERIFY(st->addMessages(Store::Ref::contact(peer('p')), list));
            QVERIFY(st->addMessage(Store::Ref::roomNamed(s("other")), msg(s("x"), 5)));
        }
        QElapsedTimer t;
        t.start();
        auto st = openOk(dir, key);
        QVERIFY(st);
        const qint64 openMs = t.elapsed();
        auto convs = st->conversations();
        QVERIFY(convs);
        QCOMPARE(convs->first().count, total);
        auto page = st->messages(convs->first().id, 0, 50);
        const qint64 firstPageMs = t.elapsed();
        QVERIFY(page);
        qInfo("history: %d messages, open %lld ms, open + conversations + first page of 50 %lld ms",
              total, openMs, firstPageMs);
        QCOMPARE(page->size(), 50);
        QCOMPARE(page->first().text, s("message number %1").arg(total - 50));
        QCOMPARE(page->last().text, s("message number %1").arg(total - 1));
        // Walk back three pages: contiguous, no gaps, no repeats.
        for (int p = 2; p <= 4; ++p) {
            page = st->messages(convs->first().id, page->first().id, 50);
            QVERIFY(page);
            QCOMPARE(page->size(), 50);
            QCOMPARE(page->last().text, s("message number %1").arg(total - 50 * (p - 1) - 1));
        }
        // The oldest page is short.
        const qint64 oldestId = page->first().id - (total - 200); // message 0's id
        page = st->messages(convs->first().id, oldestId + 9, 50);
        QVERIFY(page);
        QCOMPARE(page->size(), 9);
        QCOMPARE(page->first().text, s("message number 0"));
    }

    void statesSurviveReopen() {
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        qint64 a = 0, b = 0;
        {
            auto st = openOk(dir, key);
            QVERIFY(st);
            const auto ref = Store::Ref::contact(peer('s'));
            auto ia = st->addMessage(
                ref, msg(s("one"), 1, Store::Direction::Outgoing, s("me"), Store::State::Queued));
            auto ib = st->addMessage(
                ref, msg(s("two"), 2, Store::Direction::Outgoing, s("me"), Store::State::Queued));
            QVERIFY(ia && ib);
            a = *ia;
            b = *ib;
            QVERIFY(st->updateState(a, Store::State::Sent));
            QVERIFY(st->updateState(a, Store::State::Delivered));
            QVERIFY(st->updateState(b, Store::State::Failed));
        }
        auto st = openOk(dir, key);
        QVERIFY(st);
        auto convs = st->conversations();
        QVERIFY(convs && convs->size() == 1);
        auto page = st->messages(convs->first().id);
        QVERIFY(page && page->size() == 2);
        QCOMPARE(page->at(0).id, a);
        QCOMPARE(page->at(0).state, Store::State::Delivered);
        QCOMPARE(page->at(1).id, b);
        QCOMPARE(page->at(1).state, Store::State::Failed);
    }

    void wrongKeyRefused() {
        const SecretBuffer key = randomSecret(32);
        const QString file = makeDatabase(key);
        QVERIFY(!file.isEmpty());
        expectRefusedUnchanged(QFileInfo(file).path(), randomSecret(32),
                               HistoryError::Code::WrongKey, s("does not open"));
        auto bad = Store::open(QFileInfo(file).path(), randomSecret(16));
        QVERIFY(!bad);
        QCOMPARE(int(bad.error().code), int(HistoryError::Code::Invalid));
        QVERIFY(openOk(QFileInfo(file).path(), key)); // still fine with the right one
    }

    void newerSchemaRefused() {
        const SecretBuffer key = randomSecret(32);
        const QString file = makeDatabase(key);
        QVERIFY(!file.isEmpty());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), s("schema-edit"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(s("UPDATE meta SET value = %1 WHERE name = 'schema'")
                               .arg(Store::kSchemaVersion + 1)));
            QVERIFY(q.exec(s("PRAGMA wal_checkpoint(TRUNCATE)")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(s("schema-edit"));
        expectRefusedUnchanged(QFileInfo(file).path(), key, HistoryError::Code::NewerSchema,
                               s("newer version"));
    }

    void corruptRefusedUnmodified_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("truncated to half") << s("half");
        QTest::newRow("truncated mid-page") << s("midpage");
        QTest::newRow("page overwritten") << s("garbage");
        QTest::newRow("not a database") << s("text");
        QTest::newRow("header only") << s("header");
    }
    void corruptRefusedUnmodified() {
        QFETCH(QString, damage);
        const SecretBuffer key = randomSecret(32);
        const QString file = makeDatabase(key, 3000);
        QVERIFY(!file.isEmpty());
        QVERIFY(!QFileInfo::exists(file + s("-wal")) || QFileInfo(file + s("-wal")).size() == 0);
        QByteArray bytes = readAll(file);
        QVERIFY(bytes.size() > 16 * 4096);
        if (damage == s("half"))
            bytes.truncate(bytes.size() / 2 / 4096 * 4096);
        else if (damage == s("midpage"))
            bytes.truncate(bytes.size() / 2 + 100);
        else if (damage == s("garbage"))
            bytes.replace(4096 * 2, 4096 * 4, QByteArray(4096 * 4, '\xa5'));
        else if (damage == s("text"))
            bytes = "this is not a database\n";
        else
            bytes.truncate(100);
        QVERIFY(writeAll(file, bytes));
        expectRefusedUnchanged(QFileInfo(file).path(), key, HistoryError::Code::Corrupt,
                               s("left as it is"));
    }

    void nothingReadableAtRest() {
        const QByteArray canary = "CANARY-7f3a9c";
        const QString canaryText = QString::fromLatin1(canary);
        const QByteArray canaryKey =
            QByteArray("PEERKEY-canary-0123456789abcdef").leftJustified(32, 'z');
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        QList<QByteArray> secrets{canary, canaryKey, key.copyOut()};
        const auto check = [&](const char *when) {
            for (const auto &f : filesUnder(dir)) {
                for (const QByteArray &secret : secrets) {
                    const QString form = findSecret(f.second, secret);
                    QVERIFY2(
                        form.isEmpty(),
                        qPrintable(s("%1: %2 holds a secret (%3)").arg(s(when), f.first, form)));
                    // Text is also stored as UTF-16 nowhere.
                    QVERIFY(!f.second.contains(
                        QByteArray(reinterpret_cast<const char *>(canaryText.utf16()),
                                   canaryText.size() * 2)));
                }
            }
        };
        {
            auto st = openOk(dir, key);
            QVERIFY(st);
            QVERIFY(st->noteContact(canaryKey, canaryText + s(" name"),
                                    s("wss://") + canaryText + s(".example"), 1));
            const auto ref = Store::Ref::contact(canaryKey);
            for (int i = 0; i < 50; ++i) {
                Store::NewMessage m = msg(s("text %1 %2").arg(canaryText).arg(i), i,
                                          Store::Direction::Incoming, canaryText);
                m.messageId = canaryText;
                QVERIFY(st->addMessage(ref, m));
            }
            QVERIFY(st->addMessage(Store::Ref::roomNamed(canaryText), msg(canaryText, 60)));
            QVERIFY(st->addMessage(Store::Ref::roomNamed(s("other")), msg(canaryText, 61)));
            // An outbox payload (a message not yet acknowledged) and its record.
            Store::ChatUpdate u;
            u.state.stream = 99;
            u.state.nextId = 2;
            u.state.nextSeq = 2;
            u.queued << Store::OutboxEntry{1, 1, canary + " payload", Store::State::Queued, 0};
            u.queuedRecords << msg(canaryText, 62, Store::Direction::Outgoing, canaryText,
                                   Store::State::Queued);
            u.received << msg(canaryText, 63);
            QVERIFY(st->applyChat(ref, u));
            auto saved = st->chatState(ref);
            QVERIFY(saved && *saved && (*saved)->outbox.size() == 1);
            QCOMPARE((*saved)->outbox.at(0).payload, canary + " payload");
            auto found = st->search(canaryText);
            QVERIFY(found && found->size() == 54); // the values are there, just not readable
            check("open");
        }
        check("closed");
    }

    // A conversation kept under a URL becomes the one with the key: messages, state and
    // outbox move together and the URL's is gone; into a conversation with a saved stream of
    // its own only the messages move.
    void moveConversation() {
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        auto st = openOk(dir, key);
        QVERIFY(st);
        const auto url = Store::Ref::roomNamed(s("ws://127.0.0.1:1234/"));
        const auto peer = Store::Ref::contact(QByteArray(32, '\x07'));
        Store::ChatUpdate u;
        u.state = {11, 2, 2, 0, 0};
        u.queued << Store::OutboxEntry{1, 1, QByteArray("hello"), Store::State::Queued, 0};
        u.queuedRecords << msg(s("hello"), 1, Store::Direction::Outgoing, s("you"),
                               Store::State::Queued);
        QVERIFY(st->applyChat(url, u));
        auto moved = st->moveConversation(url, peer);
        QVERIFY(moved && *moved);
        auto saved = st->chatState(peer);
        QVERIFY(saved && *saved);
        QCOMPARE((*saved)->state.stream, quint64(11));
        QCOMPARE((*saved)->outbox.size(), 1);
        QCOMPARE((*saved)->outbox.first().payload, QByteArray("hello"));
        auto convs = st->conversations();
        QVERIFY(convs);
        QCOMPARE(convs->size(), 1);
        QCOMPARE(convs->first().kind, Store::Kind::Contact);
        QCOMPARE(convs->first().count, qint64(1));
        auto gone = st->chatState(url);
        QVERIFY(gone && !*gone);
        // Nothing under the URL: nothing to move.
        auto none = st->moveConversation(url, peer);
        QVERIFY(none && *none);
        // A second URL with its own stream: the key's conversation keeps its stream.
        const auto other = Store::Ref::roomNamed(s("ws://localhost:1234/"));
        Store::ChatUpdate v;
        v.state = {22, 1, 1, 0, 0};
        v.received << msg(s("second"), 2);
        QVERIFY(st->applyChat(other, v));
        auto partly = st->moveConversation(other, peer);
        QVERIFY(partly && !*partly);
        saved = st->chatState(peer);
        QVERIFY(saved && *saved);
        QCOMPARE((*saved)->state.stream, quint64(11));
        auto kept = st->chatState(other);
        QVERIFY(kept && *kept);
        QCOMPARE((*kept)->state.stream, quint64(22));
        auto peerId = st->conversation(peer);
        QVERIFY(peerId);
        auto all = st->messages(*peerId);
        QVERIFY(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->last().text, s("second"));
    }

    void chatStateRoundTrip() {
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        const auto ref = Store::Ref::roomNamed(s("wss://chat.example/"));
        {
            auto st = openOk(dir, key);
            QVERIFY(st);
            auto none = st->chatState(ref);
            QVERIFY(none && !*none);
            Store::ChatUpdate u;
            u.state = {0xfedcba9876543210ULL, 4, 4, 0x8000000000000001ULL, 7};
            for (quint64 i = 1; i <= 3; ++i) {
                u.queued << Store::OutboxEntry{i, i, QByteArray(100, char('a' + i)),
                                               Store::State::Queued, 0};
                u.queuedRecords << msg(s("out %1").arg(i), qint64(i), Store::Direction::Outgoing,
                                       s("you"), Store::State::Queued);
            }
            u.received << msg(s("in 7"), 10);
            auto applied = st->applyChat(ref, u);
            QVERIFY(applied);
            QCOMPARE(applied->queuedRecords.size(), 3);
            QCOMPARE(applied->receivedRecords.size(), 1);
            // 1 delivered (gone from the outbox), 2 sent (kept), 3 still queued.
            Store::ChatUpdate v;
            v.state = u.state;
            v.changes << Store::OutboxChange{1, Store::State::Delivered, true}
                      << Store::OutboxChange{2, Store::State::Sent, false};
            QVERIFY(st->applyChat(ref, v));
        }
        auto st = openOk(dir, key);
        QVERIFY(st);
        auto saved = st->chatState(ref);
        QVERIFY(saved && *saved);
        const Store::ChatSaved &c = **saved;
        QCOMPARE(c.state.stream, 0xfedcba9876543210ULL);
        QCOMPARE(c.state.nextId, quint64(4));
        QCOMPARE(c.state.peerStream, 0x8000000000000001ULL);
        QCOMPARE(c.state.delivered, quint64(7));
        QCOMPARE(c.outbox.size(), 2);
        QCOMPARE(c.outbox.at(0).id, quint64(2));
        QCOMPARE(c.outbox.at(0).state, Store::State::Sent);
        QCOMPARE(c.outbox.at(0).payload, QByteArray(100, 'c'));
        QCOMPARE(c.outbox.at(1).state, Store::State::Queued);
        auto convs = st->conversations();
        QVERIFY(convs && convs->size() == 1);
        auto all = st->messages(convs->first().id);
        QVERIFY(all && all->size() == 4);
        QCOMPARE(all->at(0).state, Store::State::Delivered);
        QCOMPARE(all->at(1).state, Store::State::Sent);
        QCOMPARE(all->at(2).state, Store::State::Queued);
        QCOMPARE(all->at(3).text, s("in 7"));
        QCOMPARE(c.outbox.at(0).message, all->at(1).id);
        // Deleting the conversation takes its chat state along.
        QVERIFY(st->deleteConversation(convs->first().id));
        auto gone = st->chatState(ref);
        QVERIFY(gone && !*gone);
    }

    // A file written by schema 1 (before the chat state): opened, upgraded in place, nothing
    // of it lost.
    void migratesSchema1() {
        const SecretBuffer key = randomSecret(32);
        const QString file = makeDatabase(key, 20);
        QVERIFY(!file.isEmpty());
        {
            // What the schema-1 program wrote: the same tables without the two new ones.
            QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), s("schema-1"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(s("DROP TABLE outbox")));
            QVERIFY(q.exec(s("DROP TABLE chat_state")));
            QVERIFY(q.exec(s("UPDATE meta SET value = 1 WHERE name = 'schema'")));
            QVERIFY(q.exec(s("PRAGMA wal_checkpoint(TRUNCATE)")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(s("schema-1"));
        {
            auto st = openOk(QFileInfo(file).path(), key);
            QVERIFY(st);
            auto convs = st->conversations();
            QVERIFY(convs && convs->size() == 1);
            auto all = st->messages(convs->first().id);
            QVERIFY(all && all->size() == 20);
            QCOMPARE(all->at(19).text, s("hello 19"));
            Store::ChatUpdate u;
            u.state.stream = 5;
            u.state.nextId = 2;
            u.state.nextSeq = 2;
            u.queued << Store::OutboxEntry{1, 1, "p", Store::State::Queued, 0};
            QVERIFY(st->applyChat(Store::Ref::contact(peer('a')), u));
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), s("schema-2"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(s("SELECT value FROM meta WHERE name = 'schema'")) && q.next());
            QCOMPARE(q.value(0).toInt(), Store::kSchemaVersion);
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(s("schema-2"));
        auto st = openOk(QFileInfo(file).path(), key);
        QVERIFY(st);
        auto saved = st->chatState(Store::Ref::contact(peer('a')));
        QVERIFY(saved && *saved && (*saved)->outbox.size() == 1);
    }

    void killedWriterLosesNothingCommitted() {
        const SecretBuffer key = randomSecret(32);
        const QString dir = newDir();
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {s("--writer"), dir, QString::fromLatin1(key.copyOut().toHex())});
        QVERIFY(child.waitForStarted(10000));
        QByteArray out;
        const auto lines = [&out] { return out.count('\n'); };
        while (lines() < 400) {
            QVERIFY2(child.state() == QProcess::Running || child.bytesAvailable() > 0,
                     child.readAllStandardError().constData());
            if (!child.waitForReadyRead(20000))
                QFAIL("the writer stopped writing");
            out += child.readAllStandardOutput();
        }
        child.kill(); // SIGKILL, in the middle of whatever it was doing
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        out += child.readAllStandardOutput();
        QMap<qint64, qint64> committed; // n -> id
        for (const QByteArray &line : out.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() == 2)
                committed.insert(parts.at(0).toLongLong(), parts.at(1).toLongLong());
        }
        QVERIFY(committed.size() >= 400);

        auto st = openOk(dir, key);
        QVERIFY(st);
        auto convs = st->conversations();
        QVERIFY(convs && convs->size() == 1);
        // Every printed message was committed before it was printed; at most one more (the one
        // committed between its print and the kill... or the one being written) may be there.
        QVERIFY(convs->first().count >= committed.size());
        QVERIFY(convs->first().count <= committed.size() + 1);
        auto all = st->messages(convs->first().id, 0, 1000000);
        QVERIFY(all);
        QCOMPARE(all->size(), convs->first().count);
        for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
            const auto &m = all->at(static_cast<int>(it.key()));
            QCOMPARE(m.id, it.value());
            QCOMPARE(m.text, s("message %1").arg(it.key()));
            if (it.key() % 3 == 0)
                QCOMPARE(m.state, Store::State::Delivered);
        }
    }
};

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--writer") == 0)
        return runWriter(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]));
    tst_HistoryStore t;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&t, argc, argv);
}

#include "tst_historystore.moc"
