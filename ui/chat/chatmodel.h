#pragma once

#include "chat/payloadformat.h"

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QString>

#include <deque>

namespace sws::ui {

// The messages of one connection's chat, oldest first. Outgoing messages move from Queued to
// Sent, then Delivered once the peer acknowledged them (only peers that negotiated the chat
// extension can), or Failed; incoming ones are Received. Bounded by count and by the text kept
// (each message shows at most kMaxDisplayChars): the oldest are dropped in batches.
class ChatModel : public QAbstractListModel {
    Q_OBJECT
public:
    // Delivered is last so that the numbers of the others stay as they were.
    enum class MessageState { Queued, Sent, Failed, Received, Delivered };
    Q_ENUM(MessageState)

    enum Role {
        SenderRole = Qt::UserRole + 1,
        TimeRole,      // qint64 ms since 1970
        TextRole,      // what to show (text, decoded msgpack or hex)
        FormatRole,    // payload::Format as int
        StateRole,     // MessageState
        OutgoingRole,  // bool
        DetailRole,    // why it failed, or how many received it
        BytesRole,     // payload size
        IdRole,        // quint64
        NoticeRole,    // bool: a line about the room (joined, left), not a message
        StateTextRole, // QString: the short state label the chat shows ("delivered")
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
    // Older messages already rendered (a page from the history), oldest first, put before the
    // first row in one insertion. Their ids are below every id given so far, so ids still grow
    // with the row. Not bounded: what the user paged in stays until the next append makes room.
    void prependRendered(QList<Message> older);
    bool setState(quint64 id, MessageState state, const QString &detail = {});
    int rowOf(quint64 id) const; // -1 when unknown or dropped
    const Message &message(int row) const { return m_messages.at(static_cast<size_t>(row)); }

    int maxMessages() const { return m_max; }
    void setMaxMessages(int max);
    // Characters of message text kept in all (8 Mi characters, 16 MiB, by default).
    qsizetype textChars() const { return m_textChars; }
    qsizetype maxTextChars() const { return m_maxTextChars; }
    void setMaxTextChars(qsizetype max);
    void clear();

    static QString stateName(MessageState s);  // "delivered"
    static QString stateLabel(MessageState s); // what the bubble shows: "sending…", "delivered"

private:
    quint64 append(Message m);
    void makeRoom(qsizetype incomingChars);
    std::deque<Message> m_messages;
    // Appended ids count up from here, prepended ones down: ids grow with the row either way.
    static constexpr quint64 kFirstId = quint64(1) << 32;
    quint64 m_nextId = kFirstId;
    quint64 m_prevId = kFirstId - 1;
    int m_max = 10000;
    qsizetype m_textChars = 0;
    qsizetype m_maxTextChars = qsizetype(8) * 1024 * 1024;
};

} // namespace sws::ui
