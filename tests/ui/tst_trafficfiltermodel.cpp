// TrafficFilterModel over 100,000 frames: direction filter, search in plaintext, ciphertext hex,
// counter and peer, and both combined; new frames pass the filter live.
#include "inspector/trafficfiltermodel.h"
#include "inspector/trafficmodel.h"

#include <QTest>

using namespace sws;
using namespace sws::ui;
using Dir = TrafficFilterModel::Direction;

namespace {
constexpr int kFrames = 100000;

FrameEvent frame(int i) {
    FrameEvent f;
    f.direction = i % 2 == 0 ? FrameEvent::Direction::Sent : FrameEvent::Direction::Received;
    f.counter = static_cast<quint64>(i);
    f.plaintext = QByteArray("msg ") + QByteArray::number(i);
    f.ciphertext = QByteArray::number(i, 16).rightJustified(8, '0') + QByteArray(16, '\0');
    return f;
}
} // namespace

class tst_TrafficFilterModel : public QObject {
    Q_OBJECT
    TrafficModel *m_model = nullptr;
    TrafficFilterModel *m_filter = nullptr;

private Q_SLOTS:
    void initTestCase() {
        m_model = new TrafficModel(this);
        m_model->setMaxFrames(kFrames);
        for (int b = 0; b < kFrames; b += 5000) {
            for (int i = b; i < b + 5000; ++i)
                m_model->enqueue(frame(i), i % 3 == 0 ? QStringLiteral("aaaa 1111")
                                                      : QStringLiteral("bbbb 2222"));
            m_model->flush();
        }
        QCOMPARE(m_model->rowCount(), kFrames);
        m_filter = new TrafficFilterModel(this);
        m_filter->setSourceModel(m_model);
    }
    void init() {
        m_filter->setDirection(Dir::Both);
        m_filter->setSearchText(QString());
    }

    void unfilteredShowsAll() { QCOMPARE(m_filter->rowCount(), kFrames); }

    void direction() {
        m_filter->setDirection(Dir::Sent);
        QCOMPARE(m_filter->rowCount(), kFrames / 2);
        QCOMPARE(m_filter->index(0, 0).data(TrafficModel::DirectionRole).toInt(),
                 static_cast<int>(FrameEvent::Direction::Sent));
        m_filter->setDirection(Dir::Received);
        QCOMPARE(m_filter->rowCount(), kFrames / 2);
        QCOMPARE(m_filter->index(0, 0).data(TrafficModel::DirectionRole).toInt(),
                 static_cast<int>(FrameEvent::Direction::Received));
    }

    void searchPlaintext() {
        // "msg 4242" matches 4242 and 42420..42429.
        m_filter->setSearchText(QStringLiteral("MSG 4242"));
        QCOMPARE(m_filter->rowCount(), 11);
        m_filter->setDirection(Dir::Sent); // the even ones
        QCOMPARE(m_filter->rowCount(), 6);
        m_filter->setSearchText(QStringLiteral("no such text"));
        QCOMPARE(m_filter->rowCount(), 0);
    }

    void searchCiphertextHex() {
        // Frame 0x1e240 (123456) begins with the ASCII of "0001e240": hex 30 30 30 31 65 32 34 30.
        m_filter->setSearchText(QStringLiteral("30 30 30 31 65 32 34 30"));
        QCOMPARE(m_filter->rowCount(), 0); // beyond the 100,000 frames
        m_filter->setSearchText(QStringLiteral("30 30 30 31 38 36 39 66")); // 0x1869f = 99999
        QCOMPARE(m_filter->rowCount(), 1);
        QCOMPARE(
            m_filter->index(0, static_cast<int>(TrafficModel::Column::Plaintext)).data().toString(),
            QStringLiteral("msg 99999"));
    }

    void searchPeer() {
        m_filter->setSearchText(QStringLiteral("aaaa 1111"));
        QCOMPARE(m_filter->rowCount(), (kFrames + 2) / 3);
    }

    void newFramesPassTheFilterLive() {
        TrafficModel model;
        TrafficFilterModel filter;
        filter.setSourceModel(&model);
        filter.setDirection(Dir::Received);
        model.enqueue(frame(1));
        model.enqueue(frame(2));
        model.enqueue(frame(3));
        QTRY_COMPARE(model.rowCount(), 3);
        QCOMPARE(filter.rowCount(), 2);
    }
};

QTEST_MAIN(tst_TrafficFilterModel)
#include "tst_trafficfiltermodel.moc"
