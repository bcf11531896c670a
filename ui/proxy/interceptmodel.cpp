#include "proxy/interceptmodel.h"

namespace sws::ui {

InterceptModel::InterceptModel(Proxy *proxy, QObject *parent)
    : QAbstractTableModel(parent)
    , m_proxy(proxy) {
    connect(
        proxy, &Proxy::message, this,
        [this](int id, Proxy::Direction dir, qint64 seq, const QByteArray &bytes) {
            append({id, dir, seq, bytes, m_proxy->isPaused() ? Status::Held : Status::Forwarded});
        });
    connect(proxy, &Proxy::heldResolved, this,
            [this](int id, Proxy::Direction dir, qint64 seq, bool forwarded) {
                const int r = find(id, dir, seq);
                if (r < 0)
                    return;
                m_rows[r].status = forwarded ? Status::Forwarded : Status::Dropped;
                Q_EMIT dataChanged(index(r, 0), index(r, int(Column::Count) - 1));
            });
}

int InterceptModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InterceptModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(Column::Count);
}

QString InterceptModel::preview(const QByteArray &bytes) {
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() == bytes)
        return text;
    return QString::fromLatin1(bytes.toHex(' '));
}

QVariant InterceptModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows.at(index.row());
    if (role == BytesRole)
        return r.bytes;
    if (role == StatusRole)
        return int(r.status);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Column::Session:
        return r.session;
    case Column::Direction:
        return r.direction == Proxy::Direction::ClientToServer ? tr("client → server")
                                                               : tr("server → client");
    case Column::Seq:
        return r.seq > 0 ? QVariant(r.seq) : QVariant(QStringLiteral("—"));
    case Column::Size:
        return r.bytes.size();
    case Column::Status:
        switch (r.status) {
        case Status::Forwarded:
            return tr("forwarded");
        case Status::Held:
            return tr("held");
        case Status::Dropped:
            return tr("dropped");
        case Status::Injected:
            return tr("injected");
        }
        return {};
    case Column::Text:
        return preview(r.bytes.left(512)).replace(QLatin1Char('\n'), QStringLiteral("⏎"));
    case Column::Count:
        break;
    }
    return {};
}

QVariant InterceptModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Session:
        return tr("Session");
    case Column::Direction:
        return tr("Direction");
    case Column::Seq:
        return tr("#");
    case Column::Size:
        return tr("Bytes");
    case Column::Status:
        return tr("Status");
    case Column::Text:
        return tr("Message");
    case Column::Count:
        break;
    }
    return {};
}

void InterceptModel::setBytes(int r, const QByteArray &bytes) {
    if (r < 0 || r >= m_rows.size())
        return;
    m_rows[r].bytes = bytes;
    Q_EMIT dataChanged(index(r, 0), index(r, int(Column::Count) - 1));
}

void InterceptModel::addInjected(int session, Proxy::Direction direction, const QByteArray &bytes) {
    append({session, direction, 0, bytes, Status::Injected});
}

int InterceptModel::find(int session, Proxy::Direction direction, qint64 seq) const {
    for (int r = int(m_rows.size()) - 1; r >= 0; --r) {
        const Row &row = m_rows.at(r);
        if (row.session == session && row.direction == direction && row.seq == seq)
            return r;
    }
    return -1;
}

void InterceptModel::append(const Row &row) {
    const int r = int(m_rows.size());
    beginInsertRows({}, r, r);
    m_rows.append(row);
    endInsertRows();
}

} // namespace sws::ui
