#pragma once

#include "chat/payloadformat.h"
#include "session/securewebsocket.h"

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>

#include <deque>
#include <vector>

namespace sws::ui {

// Every data frame of a connection, both directions, oldest first.
//
// Built for long sessions: frames arriving in one event-loop pass are coalesced and inserted
// with one beginInsertRows; at most maxFrames() rows are kept (the oldest dropped a batch at a
// time); each row keeps a bounded preview (kCipherPreviewBytes of ciphertext, the plaintext
// rendered and cut to kPlainPreviewChars), never the whole payload.
class TrafficModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column { Time, Peer, Direction, Counter, Size, Format, Plaintext, Ciphertext };
    static constexpr int kColumnCount = 8;
    enum Role {
        DirectionRole = Qt::UserRole + 1, // FrameEvent::Direction as int
        SearchTextRole,                   // what a search looks through
        OpenedRole,                       // bool: false when the frame failed to authenticate
    };

    static constexpr int kCipherPreviewBytes = 32;
    static constexpr int kCipherShownBytes = 8; // in the table; the tooltip shows the preview
    static constexpr int kPlainPreviewChars = 160;

    struct Row {
        qint64 timeMs = 0;
        quint64 counter = 0;
        qint64 cipherBytes = 0;
        qint64 plainBytes = 0;
        quint16 peer = 0; // index into peers()
        bool sent = false;
        bool opened = true;
        payload::Format format = payload::Format::Text;
        QByteArray cipherPreview; // first kCipherPreviewBytes
        QString plainPreview;     // rendered, at most kPlainPreviewChars (+ ellipsis)
    };
    // Upper bound of storedBytes() per row.
    static constexpr qint64 kMaxRowBytes =
        static_cast<qint64>(sizeof(Row)) + kCipherPreviewBytes + 2 * (kPlainPreviewChars + 1);

    explicit TrafficModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    // Queues one frame; rows appear at the end of this event-loop pass (or on flush()).
    void enqueue(const FrameEvent &frame, const QString &peer = {}, qint64 timeMs = 0);
    void enqueueRow(Row row);
    void flush(); // inserts everything queued now, in one batch
    int pendingCount() const { return static_cast<int>(m_pending.size()); }

    static Row makeRow(const FrameEvent &frame, qint64 timeMs);
    const Row &row(int r) const { return m_rows.at(static_cast<size_t>(r)); }
    QString peerName(quint16 index) const { return m_peers.value(index); }
    quint16 peerIndex(const QString &peer);
    QString searchText(int r) const;

    int maxFrames() const { return m_max; }
    void setMaxFrames(int max);                          // drops the oldest at once if needed
    qint64 totalFrames() const { return m_total; }       // ever seen, dropped included
    qint64 droppedFrames() const { return m_dropped; }   // dropped because of the cap
    qint64 storedBytes() const { return m_storedBytes; } // rows and previews held
    void clear();

Q_SIGNALS:
    void batchInserted(int rows); // after each batch
    void countersChanged();

private:
    void scheduleFlush();
    void dropOldest(int count);
    static qint64 rowBytes(const Row &r);

    std::deque<Row> m_rows;
    std::vector<Row> m_pending;
    QStringList m_peers;
    bool m_flushScheduled = false;
    int m_max = 50000;
    qint64 m_total = 0;
    qint64 m_dropped = 0;
    qint64 m_storedBytes = 0;
};

} // namespace sws::ui
