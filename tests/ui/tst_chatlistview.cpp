// The chat list that keeps up with a streaming session (ui/chat/chatlistview.h): its rows are
// always a contiguous run of the chat model's rows, bursts reach it as one insertion, it follows
// the newest message, jumps to the newest ones when they come faster than it can lay them out, and
// takes the older ones back in once the stream pauses.
#include "chat/chatlistview.h"
#include "chat/chatmodel.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace sws::ui;

namespace {

QByteArray text(int i, int size = 40) {
    QByteArray t = "message " + QByteArray::number(i) + ' ';
    while (t.size() < size)
        t += "lorem ipsum dolor sit amet ";
    return t.left(size);
}

// The list's rows are the chat's rows [first, first + n), in order.
bool consistent(const ChatListView &list, const ChatModel &chat) {
    const QAbstractItemModel *m = list.model();
    const int n = m->rowCount();
    if (n > chat.rowCount())
        return false;
    if (n == 0)
        return true;
    const int first = chat.rowOf(m->index(0, 0).data(ChatModel::IdRole).toULongLong());
    if (first < 0 || first + n > chat.rowCount())
        return false;
    for (int r = 0; r < n; ++r)
        if (m->index(r, 0).data(ChatModel::TextRole) !=
            chat.index(first + r).data(ChatModel::TextRole))
            return false;
    return true;
}

bool newestVisible(const ChatListView &list) {
    const QAbstractItemModel *m = list.model();
    const int n = m->rowCount();
    return n > 0 && list.viewport()->rect().intersects(list.visualRect(m->index(n - 1, 0)));
}

} // namespace

class tst_ChatListView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mirrorsTheChat() {
        ChatModel chat;
        for (int i = 0; i < 5; ++i)
            chat.addIncoming(QStringLiteral("peer"), text(i));
        ChatListView list;
        QAbstractItemModelTester tester(list.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        list.setChatModel(&chat);
        QCOMPARE(list.model()->rowCount(), 5);
        QVERIFY(consistent(list, chat));
        const quint64 id = chat.addOutgoing(QStringLiteral("you"), "hello");
        QTRY_COMPARE(list.model()->rowCount(), 6);
        QCOMPARE(list.model()->index(5, 0).data(ChatModel::TextRole).toString(),
                 QStringLiteral("hello"));
        // A state change reaches the list at once.
        QSignalSpy changed(list.model(), &QAbstractItemModel::dataChanged);
        QVERIFY(chat.setState(id, ChatModel::MessageState::Sent));
        QCOMPARE(changed.size(), 1);
        chat.clear();
        QCOMPARE(list.model()->rowCount(), 0);
        list.setChatModel(nullptr);
        QCOMPARE(list.model()->rowCount(), 0);
    }

    void burstArrivesInOneInsertion() {
        ChatModel chat;
        ChatListView list;
        QAbstractItemModelTester tester(list.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        list.resize(500, 400);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        list.setChatModel(&chat);
        QSignalSpy inserted(list.model(), &QAbstractItemModel::rowsInserted);
        QTRY_VERIFY(list.takesNextAtOnce()); // quiet: the first message is taken in at once
        chat.addIncoming(QStringLiteral("peer"), text(0));
        QCOMPARE(list.model()->rowCount(), 1);
        for (int i = 1; i < 300; ++i) // a burst within one event-loop pass
            chat.addIncoming(QStringLiteral("peer"), text(i));
        QTRY_COMPARE(list.model()->rowCount(), 300);
        // One insertion; on a slow machine (valgrind) a jump to the newest and one more when
        // the rest is taken in.
        QVERIFY2(inserted.size() <= 3, qPrintable(QString::number(inserted.size())));
        QVERIFY(consistent(list, chat));
        QTRY_VERIFY(newestVisible(list));
    }

    void followsTheNewestUnlessScrolledUp() {
        ChatModel chat;
        ChatListView list;
        list.resize(500, 300);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        list.setChatModel(&chat);
        for (int round = 0; round < 5; ++round) {
            for (int i = 0; i < 50; ++i)
                chat.addIncoming(QStringLiteral("peer"), text(round * 50 + i));
            QTRY_VERIFY(newestVisible(list));
            QVERIFY(list.followsNewest());
        }
        QTRY_COMPARE(list.model()->rowCount(), 250);
        list.verticalScrollBar()->setValue(0);
        QVERIFY(!list.followsNewest());
        for (int i = 0; i < 3; ++i) // a few: even on a slow machine no jump
            chat.addIncoming(QStringLiteral("peer"), text(1000 + i));
        QTRY_COMPARE(list.model()->rowCount(), 253);
        QTest::qWait(50);
        QCOMPARE(list.verticalScrollBar()->value(), 0);
        list.followNewest();
        QTRY_VERIFY(newestVisible(list));
    }

    void oldestDroppedByTheChatLeaveTheList() {
        ChatModel chat;
        chat.setMaxMessages(100);
        ChatListView list;
        QAbstractItemModelTester tester(list.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        list.resize(500, 300);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        list.setChatModel(&chat);
        for (int i = 0; i < 1000; ++i) {
            chat.addIncoming(QStringLiteral("peer"), text(i));
            if (i % 37 == 0)
                QCoreApplication::processEvents();
            QVERIFY(consistent(list, chat));
        }
        QTRY_COMPARE(list.model()->rowCount(), chat.rowCount());
        QVERIFY(consistent(list, chat));
        QCOMPARE(list.model()
                     ->index(list.model()->rowCount() - 1, 0)
                     .data(ChatModel::TextRole)
                     .toString(),
                 QString::fromLatin1(text(999)));
    }

    // Messages that take long to measure, more than one layout can take in: the list jumps to
    // the newest, then takes the others in once no new message came for a while.
    void jumpsToTheNewestThenTakesTheRestIn() {
        ChatModel chat;
        ChatListView list;
        QAbstractItemModelTester tester(list.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        list.resize(500, 300);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        list.setChatModel(&chat);
        chat.addIncoming(QStringLiteral("peer"), text(0)); // teaches it what measuring costs
        QTRY_COMPARE(list.model()->rowCount(), 1);
        QTRY_VERIFY(newestVisible(list));
        for (int i = 1; i <= 600; ++i)
            chat.addIncoming(QStringLiteral("peer"), text(i, 3000));
        QTRY_VERIFY(list.skippedMessages() > 0);
        QVERIFY(list.model()->rowCount() < chat.rowCount());
        QVERIFY(consistent(list, chat));
        QTRY_VERIFY(newestVisible(list));
        QCOMPARE(list.model()
                     ->index(list.model()->rowCount() - 1, 0)
                     .data(ChatModel::TextRole)
                     .toString(),
                 QString::fromLatin1(text(600, 3000)));
        // The stream paused: everything is taken in, the newest still in view.
        QTRY_COMPARE_WITH_TIMEOUT(list.model()->rowCount(), chat.rowCount(), 20000);
        QVERIFY(consistent(list, chat));
        QTRY_VERIFY(newestVisible(list));
    }

    // Hidden, the list takes in everything; shown, it keeps what it can lay out at once.
    void hiddenTakesAllShownKeepsWhatFits() {
        ChatModel chat;
        ChatListView list;
        QAbstractItemModelTester tester(list.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        list.resize(500, 300);
        list.setChatModel(&chat);
        for (int i = 0; i < 400; ++i)
            chat.addIncoming(QStringLiteral("peer"), text(i, 3000));
        QTRY_COMPARE(list.model()->rowCount(), 400);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QVERIFY(list.model()->rowCount() < 400);
        QVERIFY(consistent(list, chat));
        QTRY_VERIFY(newestVisible(list));
        QTRY_COMPARE_WITH_TIMEOUT(list.model()->rowCount(), 400, 20000);
        QVERIFY(consistent(list, chat));
    }
};

QTEST_MAIN(tst_ChatListView)
#include "tst_chatlistview.moc"
