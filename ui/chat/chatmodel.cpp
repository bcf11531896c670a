#include "chat/chatmodel.h"

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
    case StateTextRole:
        return m.outgoing ? stateLabel(m.state) : QString();
    default:
        return {};
    }
}

QHash<int, QByteArray> ChatModel::roleNames() const {
    return {{SenderRole, "sender"}, {TimeRole, "time"},          {TextRole, "text"},
            {FormatRole, "format"}, {StateRole, "state"},        {OutgoingRole, "outgoing"},
            {DetailRole, "detail"}, {BytesRole, "bytes"},        {IdRole, "id"},
            {NoticeRole, "notice"}, {StateTextRole, "stateText"}};
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

void ChatModel::prependRendered(QList<Message> older) {
    if (older.isEmpty())
        return;
    for (auto it = older.rbegin(); it != older.rend(); ++it) {
        it->id = m_prevId--;
        m_textChars += it->text.size();
    }
    beginInsertRows({}, 0, static_cast<int>(older.size()) - 1);
    m_messages.insert(m_messages.begin(), std::make_move_iterator(older.begin()),
                      std::make_move_iterator(older.end()));
    endInsertRows();
}

quint64 ChatModel::append(Message m) {
    m.id = m_nextId++;
    if (m.timeMs == 0)
        m.timeMs = QDateTime::currentMSecsSinceEpoch();
    makeRoom(m.text.size());
    const int row = static_cast<int>(m_messages.size());
    beginInsertRows({}, row, row);
    m_textChars += m.text.size();
    m_messages.push_back(std::move(m));
    endInsertRows();
    return m_messages.back().id;
}

// Drops in batches so that a busy chat does not shift the view on every message: a tenth of
// the messages when there are too many, enough to get back to nine tenths of the text limit
// when the text kept would pass it.
void ChatModel::makeRoom(qsizetype incomingChars) {
    const auto count = static_cast<int>(m_messages.size());
    const bool tooMany = count >= m_max;
    const bool tooLong = m_textChars + incomingChars > m_maxTextChars;
    if (!tooMany && !tooLong)
        return;
    const int batch = tooMany ? std::max(1, m_max / 10) : 0;
    const qsizetype textTarget = tooLong ? m_maxTextChars - m_maxTextChars / 10 : m_maxTextChars;
    int drop = 0;
    qsizetype freed = 0;
    while (drop < count && (drop < batch || m_textChars - freed + incomingChars > textTarget)) {
        freed += m_messages[static_cast<size_t>(drop)].text.size();
        ++drop;
    }
    if (drop == 0)
        return;
    beginRemoveRows({}, 0, drop - 1);
    m_messages.erase(m_messages.begin(), m_messages.begin() + drop);
    m_textChars -= freed;
    endRemoveRows();
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
    Q_EMIT dataChanged(i, i, {StateRole, StateTextRole, DetailRole, Qt::ToolTipRole});
    return true;
}

void ChatModel::setMaxMessages(int max) {
    m_max = std::max(1, max);
}

void ChatModel::setMaxTextChars(qsizetype max) {
    m_maxTextChars = std::max<qsizetype>(1, max);
}

void ChatModel::clear() {
    beginResetModel();
    m_messages.clear();
    m_textChars = 0;
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
    case MessageState::Delivered:
        return tr("delivered");
    }
    return {};
}

QString ChatModel::stateLabel(MessageState s) {
    return s == MessageState::Queued ? tr("sending…") : stateName(s);
}

} // namespace sws::ui
