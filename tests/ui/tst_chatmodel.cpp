// ChatModel: message states (queued → sent → delivered, or failed; received), what it shows for
// each payload format, and the cap that drops the oldest messages in batches.
#include "chat/chatmodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace sws;
using namespace sws::ui;
using State = ChatModel::MessageState;

class tst_ChatModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void outgoingMovesFromQueuedToSent() {
        ChatModel m;
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        const quint64 id = m.addOutgoing(QStringLiteral("you"), "hello");
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(inserted.count(), 1);
        const QModelIndex i = m.index(0);
        QCOMPARE(i.data(ChatModel::StateRole).value<State>(), State::Queued);
        QCOMPARE(i.data(ChatModel::OutgoingRole).toBool(), true);
        QCOMPARE(i.data(ChatModel::SenderRole).toString(), QStringLiteral("you"));
        QCOMPARE(i.data(ChatModel::TextRole).toString(), QStringLiteral("hello"));
        QVERIFY(i.data(ChatModel::TimeRole).toLongLong() > 0);

        QVERIFY(m.setState(id, State::Sent, QStringLiteral("frame 7")));
        QCOMPARE(changed.count(), 1);
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(ChatModel::StateRole));
        QCOMPARE(i.data(ChatModel::StateRole).value<State>(), State::Sent);
        QCOMPARE(i.data(ChatModel::DetailRole).toString(), QStringLiteral("frame 7"));
    }

    void deliveredIsShownAsSuch() {
        ChatModel m;
        const quint64 id = m.addOutgoing(QStringLiteral("you"), "hello");
        m.addIncoming(QStringLiteral("3f2a 9c01"), "hi");
        QCOMPARE(m.index(0).data(ChatModel::StateTextRole).toString(), QStringLiteral("sending…"));
        QCOMPARE(m.index(1).data(ChatModel::StateTextRole).toString(), QString()); // incoming
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QVERIFY(m.setState(id, State::Delivered, QStringLiteral("the peer acknowledged it")));
        QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(ChatModel::StateTextRole));
        QCOMPARE(m.index(0).data(ChatModel::StateRole).value<State>(), State::Delivered);
        QCOMPARE(m.index(0).data(ChatModel::StateTextRole).toString(), QStringLiteral("delivered"));
        const QString tip = m.index(0).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("delivered")) &&
                     tip.contains(QStringLiteral("acknowledged")),
                 qPrintable(tip));
        // The numbers of the states before Delivered are unchanged.
        QCOMPARE(int(State::Received), 3);
    }

    void failedKeepsItsReason() {
        ChatModel m;
        const quint64 a = m.addOutgoing(QStringLiteral("you"), "one");
        const quint64 b = m.addOutgoing(QStringLiteral("you"), "two");
        QVERIFY(m.setState(b, State::Failed, QStringLiteral("the session closed")));
        QCOMPARE(m.index(0).data(ChatModel::StateRole).value<State>(), State::Queued);
        QCOMPARE(m.index(1).data(ChatModel::StateRole).value<State>(), State::Failed);
        QVERIFY(m.index(1).data(Qt::ToolTipRole).toString().contains(QStringLiteral("closed")));
        QCOMPARE(m.rowOf(a), 0);
        QCOMPARE(m.rowOf(b), 1);
        QVERIFY(!m.setState(b + 100, State::Sent)); // unknown id
    }

    void receivedShowsEachFormat_data() {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("text");
        QTest::newRow("utf8") << QStringLiteral("grüß").toUtf8()
                              << static_cast<int>(payload::Format::Text) << QStringLiteral("grüß");
        QTest::newRow("msgpack fixstr")
            << QByteArray("\xa3hey") << static_cast<int>(payload::Format::Msgpack)
            << QStringLiteral("hey");
        QTest::newRow("binary") << QByteArray("\x00\xff", 2)
                                << static_cast<int>(payload::Format::Binary)
                                << QStringLiteral("00 ff");
    }
    void receivedShowsEachFormat() {
        QFETCH(QByteArray, payload);
        QFETCH(int, format);
        QFETCH(QString, text);
        ChatModel m;
        m.addIncoming(QStringLiteral("3f2a 9c01"), payload);
        const QModelIndex i = m.index(0);
        QCOMPARE(i.data(ChatModel::StateRole).value<State>(), State::Received);
        QCOMPARE(i.data(ChatModel::OutgoingRole).toBool(), false);
        QCOMPARE(i.data(ChatModel::FormatRole).toInt(), format);
        QCOMPARE(i.data(ChatModel::TextRole).toString(), text);
        QCOMPARE(i.data(ChatModel::BytesRole).toLongLong(), qint64(payload.size()));
    }

    void noticeIsNotAMessage() {
        ChatModel m;
        m.addNotice(QStringLiteral("3f2a 9c01 joined"));
        QCOMPARE(m.index(0).data(ChatModel::NoticeRole).toBool(), true);
        m.addIncoming(QStringLiteral("x"), "hi");
        QCOMPARE(m.index(1).data(ChatModel::NoticeRole).toBool(), false);
    }

    void longTextIsCut() {
        ChatModel m;
        m.addIncoming(QStringLiteral("x"), QByteArray(ChatModel::kMaxDisplayChars * 2, 'a'));
        const QString t = m.index(0).data(ChatModel::TextRole).toString();
        QCOMPARE(t.size(), ChatModel::kMaxDisplayChars + 1); // and an ellipsis
        QCOMPARE(m.index(0).data(ChatModel::BytesRole).toLongLong(),
                 qint64(ChatModel::kMaxDisplayChars * 2));
    }

    void capDropsOldestInBatches() {
        ChatModel m;
        m.setMaxMessages(100);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        quint64 first = 0;
        for (int i = 0; i < 100; ++i) {
            const quint64 id = m.addIncoming(QStringLiteral("x"), QByteArray::number(i));
            if (i == 0)
                first = id;
        }
        QCOMPARE(m.rowCount(), 100);
        QCOMPARE(removed.count(), 0);
        const quint64 last = m.addIncoming(QStringLiteral("x"), "100");
        QCOMPARE(removed.count(), 1); // one removal of a tenth
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(removed.at(0).at(2).toInt(), 9);
        QCOMPARE(m.rowCount(), 91);
        QCOMPARE(m.rowOf(first), -1);
        QCOMPARE(m.rowOf(last), 90);
        QCOMPARE(m.index(0).data(ChatModel::TextRole).toString(), QStringLiteral("10"));
        QVERIFY(!m.setState(first, State::Sent)); // dropped
    }

    // Long messages: the text kept stays under its limit (8 Mi characters by default), the
    // oldest going first; short ones are still kept up to the count limit.
    void capBoundsTheTextKept() {
        ChatModel m;
        QCOMPARE(m.maxTextChars(), qsizetype(8) * 1024 * 1024);
        const QByteArray longOne(ChatModel::kMaxDisplayChars, 'L');
        quint64 first = 0, last = 0;
        for (int i = 0; i < 2500; ++i) { // 10 M characters offered
            last = m.addIncoming(QStringLiteral("x"), longOne);
            if (i == 0)
                first = last;
            QVERIFY(m.textChars() <= m.maxTextChars());
        }
        QVERIFY(m.rowCount() < 2500);
        QVERIFY(m.rowCount() >= 1800); // only what had to go
        QCOMPARE(m.rowOf(first), -1);
        QCOMPARE(m.rowOf(last), m.rowCount() - 1);
        qsizetype sum = 0;
        for (int r = 0; r < m.rowCount(); ++r)
            sum += m.message(r).text.size();
        QCOMPARE(m.textChars(), sum);
        m.clear();
        QCOMPARE(m.textChars(), qsizetype(0));
        for (int i = 0; i < 5000; ++i)
            m.addIncoming(QStringLiteral("x"), "short");
        QCOMPARE(m.rowCount(), 5000);
    }

    // Older messages put before the first row (a history page): one insertion at row 0, ids
    // still growing with the row (rowOf's binary search finds every message), text counted.
    void prependKeepsIdsInRowOrder() {
        ChatModel m;
        const quint64 newest = m.addIncoming(QStringLiteral("bob"), "newest");
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QList<ChatModel::Message> older;
        for (const char *t : {"first", "second", "third"}) {
            ChatModel::Message msg;
            msg.sender = QStringLiteral("ann");
            msg.text = QString::fromUtf8(t);
            msg.timeMs = 1000;
            older << msg;
        }
        m.prependRendered(older);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 2);
        QCOMPARE(m.rowCount(), 4);
        QCOMPARE(m.message(0).text, QStringLiteral("first"));
        QCOMPARE(m.message(3).id, newest);
        for (int r = 0; r < m.rowCount(); ++r) {
            if (r > 0)
                QVERIFY(m.message(r - 1).id < m.message(r).id);
            QCOMPARE(m.rowOf(m.message(r).id), r);
        }
        QCOMPARE(m.textChars(), qsizetype(QStringLiteral("newestfirstsecondthird").size()));
        m.prependRendered({older.first()}); // again, before those
        QVERIFY(m.message(0).id < m.message(1).id);
        QVERIFY(m.setState(m.message(1).id, State::Failed));
        QCOMPARE(m.message(1).state, State::Failed);
    }
};

QTEST_MAIN(tst_ChatModel)
#include "tst_chatmodel.moc"
