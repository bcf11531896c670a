#include "inspector/trafficmodel.h"

#include "window/theme.h"

#include <QDateTime>
#include <QMetaObject>

#include <algorithm>

namespace sws::ui {

TrafficModel::TrafficModel(QObject *parent)
    : QAbstractTableModel(parent) {
    m_peers << QString(); // index 0: no peer name (one-peer connections)
}

int TrafficModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TrafficModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant TrafficModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (static_cast<Column>(section)) {
    case Column::Time:
        return tr("Time");
    case Column::Peer:
        return tr("Peer");
    case Column::Direction:
        return tr("Dir");
    case Column::Counter:
        return tr("Counter");
    case Column::Size:
        return tr("Bytes");
    case Column::Ciphertext:
        return tr("Ciphertext");
    case Column::Format:
        return tr("Format");
    case Column::Plaintext:
        return tr("Plaintext");
    }
    return {};
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = row(index.row());
    const auto column = static_cast<Column>(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Time:
            return QDateTime::fromMSecsSinceEpoch(r.timeMs).toString(
                QStringLiteral("HH:mm:ss.zzz"));
        case Column::Peer:
            return m_peers.value(r.peer);
        case Column::Direction:
            return r.sent ? tr("→ sent") : tr("← recv");
        case Column::Counter:
            return QString::number(r.counter);
        case Column::Size:
            return QString::number(r.cipherBytes);
        case Column::Ciphertext:
            return payload::hexPreview(r.cipherPreview.left(kCipherShownBytes)) +
                   (r.cipherBytes > kCipherShownBytes ? QStringLiteral(" …") : QString());
        case Column::Format:
            return r.opened ? payload::formatName(r.format) : tr("—");
        case Column::Plaintext:
            return r.opened ? QString(r.plainPreview).replace(QLatin1Char('\n'), QChar(0x21b5))
                            : tr("failed to authenticate");
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Ciphertext)
            return tr("First %1 of %2 bytes on the wire (Poly1305 tag first):\n%3")
                .arg(r.cipherPreview.size())
                .arg(r.cipherBytes)
                .arg(payload::hexPreview(r.cipherPreview));
        if (column == Column::Plaintext)
            return tr("%1 bytes plaintext, %2 bytes on the wire (16-byte tag included)")
                .arg(r.plainBytes)
                .arg(r.cipherBytes);
        return {};
    case Qt::FontRole:
        if (column == Column::Ciphertext || column == Column::Counter ||
            (column == Column::Plaintext && r.format == payload::Format::Binary))
            return theme::monospace();
        return {};
    case Qt::ForegroundRole:
        if (!r.opened)
            return theme::color(theme::Tone::Bad);
        if (column == Column::Direction)
            return theme::color(r.sent ? theme::Tone::Info : theme::Tone::Good);
        if (column == Column::Ciphertext)
            return theme::color(theme::Tone::Neutral);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::Counter || column == Column::Size)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case DirectionRole:
        return static_cast<int>(r.sent ? FrameEvent::Direction::Sent
                                       : FrameEvent::Direction::Received);
    case SearchTextRole:
        return searchText(index.row());
    case OpenedRole:
        return r.opened;
    default:
        return {};
    }
}

QString TrafficModel::searchText(int r) const {
    const Row &x = row(r);
    return x.plainPreview + QLatin1Char(' ') + payload::hexPreview(x.cipherPreview) +
           QLatin1Char(' ') + QString::number(x.counter) + QLatin1Char(' ') + m_peers.value(x.peer);
}

TrafficModel::Row TrafficModel::makeRow(const FrameEvent &frame, qint64 timeMs) {
    Row r;
    r.timeMs = timeMs ? timeMs : QDateTime::currentMSecsSinceEpoch();
    r.counter = frame.counter;
    r.cipherBytes = frame.ciphertext.size();
    r.plainBytes = frame.plaintext.size();
    r.sent = frame.direction == FrameEvent::Direction::Sent;
    r.opened = frame.opened;
    r.cipherPreview = frame.ciphertext.left(kCipherPreviewBytes);
    r.cipherPreview.squeeze(); // a deep copy: never pin the whole frame's buffer
    if (frame.opened) {
        const payload::Display d = payload::describe(frame.plaintext, kPlainPreviewChars);
        r.format = d.format;
        r.plainPreview = d.text;
        r.plainPreview.squeeze();
    }
    return r;
}

quint16 TrafficModel::peerIndex(const QString &peer) {
    if (peer.isEmpty())
        return 0;
    const qsizetype i = m_peers.indexOf(peer);
    if (i >= 0)
        return static_cast<quint16>(i);
    if (m_peers.size() >= 0xffff)
        return 0;
    m_peers << peer;
    return static_cast<quint16>(m_peers.size() - 1);
}

void TrafficModel::enqueue(const FrameEvent &frame, const QString &peer, qint64 timeMs) {
    Row r = makeRow(frame, timeMs);
    r.peer = peerIndex(peer);
    enqueueRow(std::move(r));
}

void TrafficModel::enqueueRow(Row row) {
    // Previews are bounded here too, for rows restored from a transcript.
    if (row.cipherPreview.size() > kCipherPreviewBytes)
        row.cipherPreview.truncate(kCipherPreviewBytes);
    if (row.plainPreview.size() > kPlainPreviewChars + 1)
        row.plainPreview.truncate(kPlainPreviewChars + 1);
    row.cipherPreview.squeeze();
    row.plainPreview.squeeze();
    m_pending.push_back(std::move(row));
    scheduleFlush();
}

void TrafficModel::scheduleFlush() {
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(this, &TrafficModel::flush, Qt::QueuedConnection);
}

qint64 TrafficModel::rowBytes(const Row &r) {
    return static_cast<qint64>(sizeof(Row)) + r.cipherPreview.capacity() +
           2 * static_cast<qint64>(r.plainPreview.capacity());
}

void TrafficModel::dropOldest(int count) {
    count = std::min(count, static_cast<int>(m_rows.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    for (int i = 0; i < count; ++i)
        m_storedBytes -= rowBytes(m_rows[static_cast<size_t>(i)]);
    m_rows.erase(m_rows.begin(), m_rows.begin() + count);
    endRemoveRows();
    m_dropped += count;
}

void TrafficModel::flush() {
    m_flushScheduled = false;
    if (m_pending.empty())
        return;
    std::vector<Row> batch;
    batch.swap(m_pending);
    m_total += static_cast<qint64>(batch.size());

    // A batch larger than the cap keeps only its newest rows.
    auto first = batch.begin();
    if (static_cast<int>(batch.size()) > m_max) {
        const auto skip = static_cast<int>(batch.size()) - m_max;
        m_dropped += skip;
        first += skip;
    }
    const int incoming = static_cast<int>(batch.end() - first);
    const int excess = static_cast<int>(m_rows.size()) + incoming - m_max;
    if (excess > 0) {
        // Drop in chunks of a tenth of the cap: fewer, larger removals keep views smooth.
        const int chunk = std::max(1, m_max / 10);
        dropOldest(((excess + chunk - 1) / chunk) * chunk);
    }
    const int start = static_cast<int>(m_rows.size());
    beginInsertRows({}, start, start + incoming - 1);
    for (auto it = first; it != batch.end(); ++it) {
        m_storedBytes += rowBytes(*it);
        m_rows.push_back(std::move(*it));
    }
    endInsertRows();
    Q_EMIT batchInserted(incoming);
    Q_EMIT countersChanged();
}

void TrafficModel::setMaxFrames(int max) {
    m_max = std::max(1, max);
    if (static_cast<int>(m_rows.size()) > m_max) {
        dropOldest(static_cast<int>(m_rows.size()) - m_max);
        Q_EMIT countersChanged();
    }
}

void TrafficModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_storedBytes = 0;
    endResetModel();
    Q_EMIT countersChanged();
}

} // namespace sws::ui
