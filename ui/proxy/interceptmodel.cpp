#include "proxy/interceptmodel.h"

#include <QDateTime>
#include <QJsonArray>

namespace sws::ui {

InterceptModel::InterceptModel(Proxy *proxy, QObject *parent)
    : QAbstractTableModel(parent)
    , m_proxy(proxy) {
    connect(proxy, &Proxy::message, this,
            [this](int id, Proxy::Direction dir, qint64 seq, const QByteArray &bytes) {
                append({id,
                        dir,
                        seq,
                        bytes,
                        m_proxy->isPaused() ? Status::Held : Status::Forwarded,
                        QDateTime::currentMSecsSinceEpoch(),
                        false,
                        {}});
            });
    connect(proxy, &Proxy::sessionOpened, this,
            [this](int id, const QHostAddress &address, quint16 port) {
                Session &s = m_sessions[id];
                s.address = address;
                s.port = port;
            });
    connect(proxy, &Proxy::handshakeEvent, this,
            [this](int id, Proxy::Side side, const QString &stage) {
                m_sessions[id].handshake.append({side, stage, QDateTime::currentMSecsSinceEpoch()});
                Q_EMIT handshakeChanged(id);
            });
    connect(
        proxy, &Proxy::closed, this,
        [this](int id, Proxy::Side side, quint16 code, const QString &reason) {
            m_sessions[id].closes.append({side, code, reason, QDateTime::currentMSecsSinceEpoch()});
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
            return r.edited ? tr("edited, forwarded") : tr("forwarded");
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
    Row &row = m_rows[r];
    if (row.status != Status::Injected && !row.edited) {
        row.edited = true;
        row.original = row.bytes;
    }
    row.bytes = bytes;
    Q_EMIT dataChanged(index(r, 0), index(r, int(Column::Count) - 1));
}

void InterceptModel::addInjected(int session, Proxy::Direction direction, const QByteArray &bytes) {
    append({session,
            direction,
            0,
            bytes,
            Status::Injected,
            QDateTime::currentMSecsSinceEpoch(),
            false,
            {}});
}

QList<InterceptModel::HandshakeEvent> InterceptModel::handshake(int session,
                                                                Proxy::Side side) const {
    QList<HandshakeEvent> out;
    const auto it = m_sessions.find(session);
    if (it == m_sessions.end())
        return out;
    for (const HandshakeEvent &e : it->second.handshake)
        if (e.side == side)
            out.append(e);
    return out;
}

namespace {

QString isoTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// UTF-8 text as "text", anything else as "base64", under the given key prefix.
void putBytes(QJsonObject &o, const QString &prefix, const QByteArray &bytes) {
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() == bytes)
        o.insert(prefix + QStringLiteral("text"), text);
    else
        o.insert(prefix + QStringLiteral("base64"), QString::fromLatin1(bytes.toBase64()));
}

} // namespace

QJsonObject InterceptModel::transcript() const {
    std::map<int, QJsonArray> messages;
    for (const Row &r : m_rows) {
        QJsonObject m;
        m.insert(QStringLiteral("dir"), Proxy::directionName(r.direction));
        if (r.seq > 0)
            m.insert(QStringLiteral("seq"), r.seq);
        m.insert(QStringLiteral("time"), isoTime(r.timeMs));
        m.insert(QStringLiteral("size"), int(r.bytes.size()));
        putBytes(m, QString(), r.bytes);
        QString fate;
        switch (r.status) {
        case Status::Forwarded:
            fate = r.edited ? QStringLiteral("edited") : QStringLiteral("forwarded");
            break;
        case Status::Held:
            fate = QStringLiteral("held");
            break;
        case Status::Dropped:
            fate = QStringLiteral("dropped");
            break;
        case Status::Injected:
            fate = QStringLiteral("injected");
            break;
        }
        m.insert(QStringLiteral("fate"), fate);
        if (r.edited) {
            m.insert(QStringLiteral("edited"), true);
            putBytes(m, QStringLiteral("original_"), r.original);
        }
        messages[r.session].append(m);
    }
    QJsonArray sessions;
    for (const auto &[id, s] : m_sessions) {
        QJsonObject so;
        so.insert(QStringLiteral("id"), id);
        if (!s.address.isNull()) {
            so.insert(QStringLiteral("client_address"), s.address.toString());
            so.insert(QStringLiteral("client_port"), int(s.port));
        }
        QJsonObject hs;
        for (Proxy::Side side : {Proxy::Side::Client, Proxy::Side::Upstream}) {
            QJsonArray events;
            for (const HandshakeEvent &e : handshake(id, side))
                events.append(QJsonObject{{QStringLiteral("time"), isoTime(e.timeMs)},
                                          {QStringLiteral("stage"), e.stage}});
            hs.insert(Proxy::sideName(side), events);
        }
        so.insert(QStringLiteral("handshake"), hs);
        so.insert(QStringLiteral("messages"), messages[id]);
        QJsonArray closes;
        for (const Close &c : s.closes)
            closes.append(QJsonObject{{QStringLiteral("side"), Proxy::sideName(c.side)},
                                      {QStringLiteral("code"), int(c.code)},
                                      {QStringLiteral("reason"), c.reason},
                                      {QStringLiteral("time"), isoTime(c.timeMs)}});
        so.insert(QStringLiteral("closes"), closes);
        sessions.append(so);
    }
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("sws-intercept-transcript")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("sessions"), sessions}};
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
