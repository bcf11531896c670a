// TrafficModel: 100,000 frames inserted in batches (one beginInsertRows per batch), the cap that
// drops the oldest in batches, the per-row preview bound, and stored bytes as the memory bound.
#include "inspector/trafficmodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace sws;
using namespace sws::ui;

namespace {

FrameEvent frame(int i, int plainBytes = 0, bool sent = true) {
    FrameEvent f;
    f.direction = sent ? FrameEvent::Direction::Sent : FrameEvent::Direction::Received;
    f.counter = 1000000 + static_cast<quint64>(i);
    f.plaintext =
        plainBytes ? QByteArray(plainBytes, 'p') : QByteArray("msg ") + QByteArray::number(i);
    f.ciphertext = QByteArray(16, '\x01') + f.plaintext; // the tag, then as long as the plaintext
    return f;
}

qint64 recount(const TrafficModel &m) {
    qint64 total = 0;
    for (int r = 0; r < m.rowCount(); ++r) {
        const auto &row = m.row(r);
        total += static_cast<qint64>(sizeof(TrafficModel::Row)) + row.cipherPreview.capacity() +
                 2 * row.plainPreview.capacity();
    }
    return total;
}

} // namespace

class tst_TrafficModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void coalescesOneEventLoopPass() {
        TrafficModel m;
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 500; ++i)
            m.enqueue(frame(i));
        QCOMPARE(m.rowCount(), 0); // nothing until the event loop runs
        QCOMPARE(m.pendingCount(), 500);
        QTRY_COMPARE(m.rowCount(), 500);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 499);
        QCOMPARE(m.pendingCount(), 0);
    }

    void hundredThousandFramesInBatches() {
        TrafficModel m;
        m.setMaxFrames(20000);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        constexpr int kFrames = 100000;
        constexpr int kBatch = 1000;
        for (int b = 0; b < kFrames / kBatch; ++b) {
            for (int i = 0; i < kBatch; ++i)
                m.enqueue(frame(b * kBatch + i, (i % 10 == 0) ? 4096 : 0, i % 2 == 0));
            m.flush();
        }
        QCOMPARE(inserted.count(), kFrames / kBatch); // one insertion per batch
        QCOMPARE(m.totalFrames(), qint64(kFrames));
        QVERIFY(m.rowCount() <= m.maxFrames());
        QVERIFY(m.rowCount() >= m.maxFrames() - m.maxFrames() / 10);
        QCOMPARE(m.droppedFrames(), qint64(kFrames - m.rowCount()));
        // Dropped a tenth of the cap at a time, never row by row.
        QVERIFY(removed.count() > 0);
        for (const auto &r : removed)
            QCOMPARE(r.at(2).toInt() - r.at(1).toInt() + 1, m.maxFrames() / 10);
        // The newest frames are kept, in order.
        QCOMPARE(m.row(m.rowCount() - 1).counter, quint64(1000000 + kFrames - 1));
        QCOMPARE(m.row(0).counter, quint64(1000000 + kFrames - m.rowCount()));
        // Memory: previews bounded per row, stored bytes tracked exactly and bounded by the cap.
        for (int r = 0; r < m.rowCount(); ++r) {
            QVERIFY(m.row(r).cipherPreview.size() <= TrafficModel::kCipherPreviewBytes);
            QVERIFY(m.row(r).plainPreview.size() <= TrafficModel::kPlainPreviewChars + 1);
        }
        QCOMPARE(m.storedBytes(), recount(m));
        QVERIFY(m.storedBytes() <= qint64(m.maxFrames()) * TrafficModel::kMaxRowBytes);
        // 2,000 of the kept rows carried 4 KiB payloads: a copy would be over 8 MB.
        QVERIFY(m.storedBytes() < 8 * 1024 * 1024);
    }

    void batchLargerThanCapKeepsNewest() {
        TrafficModel m;
        m.setMaxFrames(100);
        for (int i = 0; i < 250; ++i)
            m.enqueue(frame(i));
        m.flush();
        QCOMPARE(m.rowCount(), 100);
        QCOMPARE(m.droppedFrames(), qint64(150));
        QCOMPARE(m.row(0).counter, quint64(1000000 + 150));
    }

    void lowerCapDropsAtOnce() {
        TrafficModel m;
        for (int i = 0; i < 50; ++i)
            m.enqueue(frame(i));
        m.flush();
        m.setMaxFrames(20);
        QCOMPARE(m.rowCount(), 20);
        QCOMPARE(m.row(0).counter, quint64(1000000 + 30));
        QCOMPARE(m.storedBytes(), recount(m));
    }

    void columnsShowTheFrame() {
        TrafficModel m;
        FrameEvent f = frame(7, 0, false);
        f.plaintext = QByteArray("\xa5hello");
        f.ciphertext = QByteArray::fromHex("00112233445566778899aabbccddeeff0011223344");
        m.enqueue(f, QStringLiteral("3f2a 9c01"));
        FrameEvent bad = frame(8);
        bad.opened = false;
        bad.plaintext.clear();
        m.enqueue(bad);
        m.flush();
        auto cell = [&](int row, TrafficModel::Column c) {
            return m.index(row, static_cast<int>(c)).data().toString();
        };
        QCOMPARE(cell(0, TrafficModel::Column::Format), QStringLiteral("msgpack"));
        QCOMPARE(cell(0, TrafficModel::Column::Plaintext), QStringLiteral("hello"));
        QCOMPARE(cell(0, TrafficModel::Column::Counter), QStringLiteral("1000007"));
        QCOMPARE(cell(0, TrafficModel::Column::Size), QStringLiteral("21"));
        QCOMPARE(cell(0, TrafficModel::Column::Peer), QStringLiteral("3f2a 9c01"));
        QVERIFY(cell(0, TrafficModel::Column::Direction).contains(QStringLiteral("recv")));
        QCOMPARE(cell(0, TrafficModel::Column::Ciphertext),
                 QStringLiteral("00 11 22 33 44 55 66 77 …"));
        QVERIFY(cell(1, TrafficModel::Column::Plaintext).contains(QStringLiteral("failed")));
        QCOMPARE(m.index(1, 0).data(TrafficModel::OpenedRole).toBool(), false);
    }
};

QTEST_MAIN(tst_TrafficModel)
#include "tst_trafficmodel.moc"
