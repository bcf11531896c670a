#include "chatmodel.h"

#include <QDateTime>

#include <algorithm>

namespace sws::ui {

ChatModel::ChatModel(QObject *parent)
    : QAbstractListModel(parent) {}

int ChatModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_messages.size());
}

QVariant ChatModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Message &m = message(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case Qt::ToolTipRole:
        return QStringLiteral("%1 · %2 · %3 bytes (%4)%5")
            .arg(m.sender, stateName(m.state))
            .arg(m.bytes)
            .arg(payload::formatName(m.format),
                 m.detail.isEmpty() ? QString() : QStringLiteral("\n") + m.detail);
    case SenderRole:
        return m.sender;
    case TimeRole:
        return m.timeMs;
    case FormatRole:
        return static_cast<int>(m.format);
    case StateRole:
        return QVariant::fromValue(m.state);
    case OutgoingRole:
        return m.outgoing;
    case DetailRole:
        return m.detail;
    case BytesRole:
        return m.bytes;
    case IdRole:
        return m.id;
    case NoticeRole:
        return m.notice;
    default:
        return {};
    }
}

QHash<int, QByteArray> ChatModel::roleNames() const {
    return {{SenderRole, "sender"}, {TimeRole, "time"},   {TextRole, "text"},
            {FormatRole, "format"}, {StateRole, "state"}, {OutgoingRole, "outgoing"},
            {DetailRole, "detail"}, {BytesRole, "bytes"}, {IdRole, "id"},
            {NoticeRole, "notice"}};
}

quint64 ChatModel::addOutgoing(const QString &sender, const QByteArray &payload, MessageState state,
                               qint64 timeMs) {
    const payload::Display d = payload::describe(payload, kMaxDisplayChars);
    Message m;
    m.sender = sender;
    m.outgoing = true;
    m.timeMs = timeMs;
    m.format = d.format;
    m.text = d.text;
    m.state = state;
    m.bytes = payload.size();
    return append(std::move(m));
}

quint64 ChatModel::addIncoming(const QString &sender, const QByteArray &payload, qint64 timeMs) {
    const payload::Display d = payload::describe(payload, kMaxDisplayChars);
    Message m;
    m.sender = sender;
    m.timeMs = timeMs;
    m.format = d.format;
    m.text = d.text;
    m.state = MessageState::Received;
    m.bytes = payload.size();
    return append(std::move(m));
}

quint64 ChatModel::addNotice(const QString &text, qint64 timeMs) {
    Message m;
    m.text = text;
    m.timeMs = timeMs;
    m.notice = true;
    return append(std::move(m));
}

quint64 ChatModel::addRendered(Message m) {
    return append(std::move(m));
}

quint64 ChatModel::append(Message m) {
    m.id = m_nextId++;
    if (m.timeMs == 0)
        m.timeMs = QDateTime::currentMSecsSinceEpoch();
    // Drop a tenth at once so a busy chat does not shift the view on every message.
    if (static_cast<int>(m_messages.size()) >= m_max) {
        const int drop = std::min(static_cast<int>(m_messages.size()), std::max(1, m_max / 10));
        beginRemoveRows({}, 0, drop - 1);
        m_messages.erase(m_messages.begin(), m_messages.begin() + drop);
        endRemoveRows();
    }
    const int row = static_cast<int>(m_messages.size());
    beginInsertRows({}, row, row);
    m_messages.push_back(std::move(m));
    endInsertRows();
    return m_messages.back().id;
}

int ChatModel::rowOf(quint64 id) const {
    // Ids grow with the row: a binary search finds one in a full model.
    auto it = std::lower_bound(m_messages.begin(), m_messages.end(), id,
                               [](const Message &m, quint64 v) { return m.id < v; });
    if (it == m_messages.end() || it->id != id)
        return -1;
    return static_cast<int>(it - m_messages.begin());
}

bool ChatModel::setState(quint64 id, MessageState state, const QString &detail) {
    const int row = rowOf(id);
    if (row < 0)
        return false;
    Message &m = m_messages[static_cast<size_t>(row)];
    if (m.state == state && m.detail == detail)
        return true;
    m.state = state;
    m.detail = detail;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {StateRole, DetailRole, Qt::ToolTipRole});
    return true;
}

void ChatModel::setMaxMessages(int max) {
    m_max = std::max(1, max);
}

void ChatModel::clear() {
    beginResetModel();
    m_messages.clear();
    endResetModel();
}

QString ChatModel::stateName(MessageState s) {
    switch (s) {
    case MessageState::Queued:
        return tr("queued");
    case MessageState::Sent:
        return tr("sent");
    case MessageState::Failed:
        return tr("failed");
    case MessageState::Received:
        return tr("received");
    }
    return {};
}

} // namespace sws::ui
