// `sws history list` and `sws history export` through the real binary, on a history written by
// the library with a passphrase-wrapped key (tst_historykeychain covers the OS keychain).
#include "history/historykey.h"
#include "history/historystore.h"
#include "testutil.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace testutil;

namespace {
const QString kPass = QStringLiteral("history passphrase");
const qint64 kT0 = 1764633600000; // 2025-12-02T00:00:00.000Z
} // namespace

class tst_HistoryCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_profile, m_passFile;
    QProcessEnvironment m_env;
    QByteArray m_key;

    Run sws(QStringList args, const QProcessEnvironment &env = {}) {
        return runSws(args << s("--profile") << m_profile, env.isEmpty() ? m_env : env);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_profile = m_tmp.filePath(s("profile"));
        m_passFile = m_tmp.filePath(s("pass.txt"));
        QVERIFY(writeAll(m_passFile, kPass.toUtf8() + "\n"));
        m_env = cleanEnvironment(m_tmp.path());
        // No keychain: the passphrase path must not depend on one.
        m_env.remove(s("DBUS_SESSION_BUS_ADDRESS"));
        FixedPassphrase pass(kPass);
        auto key = historykey::load(m_profile, nullptr, nullptr, true, &pass);
        QVERIFY2(key, key ? "" : qPrintable(key.error()));
        m_key = key->key.copyOut();
        auto st = HistoryStore::open(m_profile, key->key);
        QVERIFY(st);
        HistoryStore &h = **st;
        const QByteArray alice(32, 'a');
        QVERIFY(h.noteContact(alice, s("Alice"), s("wss://alice.example"), kT0));
        HistoryStore::NewMessage m;
        m.direction = HistoryStore::Direction::Outgoing;
        m.sender = s("me");
        m.timeMs = kT0 + 1000;
        m.state = HistoryStore::State::Delivered;
        m.text = s("hello Alice");
        QVERIFY(h.addMessage(HistoryStore::Ref::contact(alice), m));
        m.direction = HistoryStore::Direction::Incoming;
        m.sender = s("Alice");
        m.timeMs = kT0 + 2000;
        m.state = HistoryStore::State::Received;
        m.text = s("hi!\nhow are you?");
        QVERIFY(h.addMessage(HistoryStore::Ref::contact(alice), m));
        m.sender = s("bob");
        m.timeMs = kT0 + 500;
        m.text = s("room message");
        QVERIFY(h.addMessage(HistoryStore::Ref::roomNamed(s("wss://rooms.example/lobby")), m));
    }

    // --json: one array on stdout, the fields the README names; an empty list without history.
    void listJson() {
        const Run r =
            sws({s("history"), s("list"), s("--json"), s("--passphrase-file"), m_passFile});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.count(QLatin1Char('\n')), 1);
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray list = doc.array();
        QCOMPARE(list.size(), 2);
        const QStringList fields{s("id"),      s("kind"), s("last"), s("messages"),
                                 s("peerKey"), s("room"), s("title")};
        for (const QJsonValue &v : list)
            QCOMPARE(v.toObject().keys(), fields);
        const QJsonObject contact = list.at(0).toObject();
        QCOMPARE(contact.value(s("kind")).toString(), s("contact"));
        QCOMPARE(contact.value(s("title")).toString(), s("Alice"));
        QCOMPARE(contact.value(s("peerKey")).toString(),
                 QString::fromLatin1(QByteArray(32, 'a').toHex()));
        QCOMPARE(contact.value(s("messages")).toInt(), 2);
        QCOMPARE(contact.value(s("last")).toString(), s("2025-12-02T00:00:02.000Z"));
        QVERIFY(contact.value(s("room")).isNull());
        const QJsonObject room = list.at(1).toObject();
        QCOMPARE(room.value(s("kind")).toString(), s("room"));
        QCOMPARE(room.value(s("room")).toString(), s("wss://rooms.example/lobby"));
        QVERIFY(room.value(s("peerKey")).isNull());
        QVERIFY(findSecret(r.out.toUtf8() + r.err.toUtf8(), m_key).isEmpty());

        const Run empty = runSws({s("history"), s("list"), s("--json"), s("--profile"),
                                  m_tmp.filePath(s("no-such-profile"))},
                                 m_env);
        QCOMPARE(empty.code, 0);
        QCOMPARE(empty.out, s("[]\n"));
    }

    void listShowsConversations() {
        const Run r = sws({s("history"), s("list"), s("--passphrase-file"), m_passFile});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).contains(s("contact")) && lines.at(0).contains(s("2 messages")) &&
                     lines.at(0).contains(s("2025-12-02T00:00:02.000Z")) &&
                     lines.at(0).contains(s("\"Alice\" (")),
                 qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).contains(s("room")) && lines.at(1).contains(s("1 messages")) &&
                     lines.at(1).contains(s("wss://rooms.example/lobby")),
                 qPrintable(lines.at(1)));
        QVERIFY(findSecret(r.out.toUtf8() + r.err.toUtf8(), m_key).isEmpty());

        // The same with the passphrase from the environment.
        QProcessEnvironment env = m_env;
        env.insert(s("SWS_PASSPHRASE"), kPass);
        const Run e = sws({s("history"), s("list")}, env);
        QCOMPARE(e.code, 0);
        QCOMPARE(e.out, r.out);
    }

    void exportText() {
        const Run r = sws({s("history"), s("export"), s("alice"), s("--format"), s("text"),
                           s("--passphrase-file"), m_passFile});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, s("2025-12-02T00:00:01.000Z  me: hello Alice\n"
                          "2025-12-02T00:00:02.000Z  Alice: hi!\\nhow are you?\n"));
        // By peer key prefix and by number too.
        const Run byKey = sws({s("history"), s("export"), s("61616161"), s("--format=text"),
                               s("--passphrase-file"), m_passFile});
        QCOMPARE(byKey.code, 0);
        QCOMPARE(byKey.out, r.out);
    }

    void exportJson() {
        const Run r = sws({s("history"), s("export"), s("wss://rooms.example/lobby"),
                           s("--passphrase-file"), m_passFile});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(doc.value(s("conversation")).toObject().value(s("kind")).toString(), s("room"));
        const QJsonArray msgs = doc.value(s("messages")).toArray();
        QCOMPARE(msgs.size(), 1);
        QCOMPARE(msgs.at(0).toObject().value(s("text")).toString(), s("room message"));
        QCOMPARE(msgs.at(0).toObject().value(s("sender")).toString(), s("bob"));

        const Run all = sws({s("history"), s("export"), s("--passphrase-file"), m_passFile});
        QCOMPARE(all.code, 0);
        const QJsonArray convs = QJsonDocument::fromJson(all.out.toUtf8()).array();
        QCOMPARE(convs.size(), 2);
        QCOMPARE(convs.at(0).toObject().value(s("messages")).toArray().size(), 2);
    }

    void refusals() {
        QVERIFY(writeAll(m_tmp.filePath(s("wrong.txt")), "not the passphrase\n"));
        const Run wrong =
            sws({s("history"), s("list"), s("--passphrase-file"), m_tmp.filePath(s("wrong.txt"))});
        QCOMPARE(wrong.code, 1);
        QVERIFY2(wrong.err.contains(s("wrong passphrase")), qPrintable(wrong.err));
        QVERIFY(wrong.out.isEmpty());

        // No passphrase and no terminal (setsid): a clear error, no prompt waiting.
        const Run noPass = sws({s("history"), s("list")});
        QCOMPARE(noPass.code, 1);
        QVERIFY2(noPass.err.contains(s("SWS_PASSPHRASE")), qPrintable(noPass.err));

        const Run nomatch =
            sws({s("history"), s("export"), s("carol"), s("--passphrase-file"), m_passFile});
        QCOMPARE(nomatch.code, 1);
        QVERIFY2(nomatch.err.contains(s("no conversation matches")), qPrintable(nomatch.err));
        const Run badFormat = sws({s("history"), s("export"), s("--format"), s("xml")});
        QCOMPARE(badFormat.code, 2);

        const Run empty = runSws(
            {s("history"), s("list"), s("--profile"), m_tmp.filePath(s("no-such-profile"))}, m_env);
        QCOMPARE(empty.code, 0);
        QVERIFY(empty.out.isEmpty());
        QVERIFY2(empty.err.contains(s("no history")), qPrintable(empty.err));
    }
};

QTEST_GUILESS_MAIN(tst_HistoryCli)
#include "tst_historycli.moc"
