#pragma once

#include "payloadformat.h"

#include <QAbstractListModel>
#include <QByteArray>
#include <QString>

#include <deque>

namespace sws::ui {

// The messages of one connection's chat, oldest first. Outgoing messages move from Queued to
// Sent (or Failed); incoming ones are Received. Bounded: the oldest are dropped in batches.
class ChatModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum class MessageState { Queued, Sent, Failed, Received };
    Q_ENUM(MessageState)

    enum Role {
        SenderRole = Qt::UserRole + 1,
        TimeRole,     // qint64 ms since 1970
        TextRole,     // what to show (text, decoded msgpack or hex)
        FormatRole,   // payload::Format as int
        StateRole,    // MessageState
        OutgoingRole, // bool
        DetailRole,   // why it failed, or how many received it
        BytesRole,    // payload size
        IdRole,       // quint64
        NoticeRole,   // bool: a line about the room (joined, left), not a message
    };

    struct Message {
        quint64 id = 0;
        QString sender;
        bool outgoing = false;
        qint64 timeMs = 0;
        payload::Format format = payload::Format::Text;
        QString text;
        MessageState state = MessageState::Received;
        QString detail;
        qint64 bytes = 0;
        bool notice = false;
    };

    static constexpr int kMaxDisplayChars = 4000;

    explicit ChatModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Returns the new message's id.
    quint64 addOutgoing(const QString &sender, const QByteArray &payload,
                        MessageState state = MessageState::Queued, qint64 timeMs = 0);
    quint64 addIncoming(const QString &sender, const QByteArray &payload, qint64 timeMs = 0);
    quint64 addNotice(const QString &text, qint64 timeMs = 0);
    // A message already rendered (a transcript's preview).
    quint64 addRendered(Message m);
    bool setState(quint64 id, MessageState state, const QString &detail = {});
    int rowOf(quint64 id) const; // -1 when unknown or dropped
    const Message &message(int row) const { return m_messages.at(static_cast<size_t>(row)); }

    int maxMessages() const { return m_max; }
    void setMaxMessages(int max);
    void clear();

    static QString stateName(MessageState s);

private:
    quint64 append(Message m);
    std::deque<Message> m_messages;
    quint64 m_nextId = 1;
    int m_max = 10000;
};

} // namespace sws::ui
