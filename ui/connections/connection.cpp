#include "connections/connection.h"

#include "chat/chatframes.h"
#include "chat/chatmodel.h"
#include "connections/sessionlistmodel.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficmodel.h"

namespace sws::ui {

Connection::Connection(Kind kind, const QString &title, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_title(title)
    , m_chat(new ChatModel(this))
    , m_traffic(new TrafficModel(this))
    , m_sessions(new SessionListModel(this)) {}

Connection::~Connection() = default;

void Connection::sendMessage(const QString &, payload::Format) {}

SessionTracker *Connection::addSession() {
    auto *t = new SessionTracker;
    m_sessions->add(t);
    connect(t, &SessionTracker::changed, this, &Connection::changed);
    return t;
}

QByteArray Connection::encode(const QString &text, payload::Format format) {
    return format == payload::Format::Msgpack ? payload::encodeMsgpackString(text) : text.toUtf8();
}

void Connection::addFrame(const FrameEvent &frame, bool enveloped, const QString &peer) {
    TrafficModel::Row row = chatframes::row(frame, enveloped);
    row.peer = m_traffic->peerIndex(peer);
    m_traffic->enqueueRow(std::move(row));
}

ChatModel::MessageState Connection::chatState(chat::MessageState s) {
    switch (s) {
    case chat::MessageState::Queued:
        return ChatModel::MessageState::Queued;
    case chat::MessageState::Sent:
        return ChatModel::MessageState::Sent;
    case chat::MessageState::Delivered:
        return ChatModel::MessageState::Delivered;
    case chat::MessageState::Failed:
        break;
    }
    return ChatModel::MessageState::Failed;
}

QString Connection::stateText() const {
    return sessionStateName(state());
}

} // namespace sws::ui
