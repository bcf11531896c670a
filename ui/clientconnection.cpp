#include "clientconnection.h"

#include "chatmodel.h"
#include "sessiontracker.h"
#include "trafficmodel.h"

namespace sws::ui {

ClientConnection::ClientConnection(ClientOptions options, QObject *parent)
    : Connection(Kind::Client,
                 options.title.isEmpty() ? options.url.toDisplayString() : options.title, parent)
    , m_url(options.url)
    , m_socket(new SecureWebSocket(std::move(options.session), this))
    , m_tracker(addSession()) {
    m_tracker->attach(m_socket, m_url.toDisplayString());
    connect(m_socket, &SecureWebSocket::frame, this, &ClientConnection::onFrame);
    connect(m_socket, &SecureWebSocket::binaryMessageReceived, this, &ClientConnection::onReceived);
    // A connection that never opens may report only the error, never disconnected().
    connect(m_socket, &SecureWebSocket::errorOccurred, this,
            [this] { failOutstanding(m_socket->errorString()); });
    connect(m_socket, &SecureWebSocket::disconnected, this, [this] {
        failOutstanding(m_tracker->info().errorName.isEmpty() ? tr("the session closed")
                                                              : m_tracker->info().errorText);
        Q_EMIT changed();
    });
}

void ClientConnection::open() {
    m_socket->open(m_url);
}

QString ClientConnection::address() const {
    return m_url.toDisplayString();
}

SessionState ClientConnection::state() const {
    return m_tracker->state();
}

QString ClientConnection::statusText() const {
    const SessionInfo &i = m_tracker->info();
    QString s = tr("%1 · version %2").arg(sessionStateName(i.state)).arg(i.version);
    if (!i.peerPublicKey.isEmpty())
        s += tr(" · server key %1").arg(theme::shortFingerprint(i.peerPublicKey));
    s += tr(" · %1 frames sent, %2 received").arg(i.framesSent).arg(i.framesReceived);
    if (!i.errorName.isEmpty())
        s += tr(" · %1 (close %2): %3").arg(i.errorName).arg(i.closeCode).arg(i.errorText);
    return s;
}

bool ClientConnection::canSend() const {
    const auto s = m_socket->state();
    return s != SecureWebSocket::State::Closing && s != SecureWebSocket::State::Closed &&
           m_tracker->state() != SessionState::Failed;
}

void ClientConnection::sendMessage(const QString &text, payload::Format format) {
    const QByteArray bytes = encode(text, format);
    const quint64 id = chat()->addOutgoing(tr("you"), bytes, ChatModel::MessageState::Queued);
    // The Sent frame is reported from inside sendBinaryMessage when secure: queue the id first.
    m_outstanding.push_back(id);
    if (m_socket->sendBinaryMessage(bytes) < 0) {
        m_outstanding.pop_back();
        chat()->setState(id, ChatModel::MessageState::Failed,
                         tr("not sent: the session is closed or the message too large"));
    }
}

void ClientConnection::onFrame(const FrameEvent &f) {
    traffic()->enqueue(f);
    if (f.direction == FrameEvent::Direction::Sent && !m_outstanding.empty()) {
        chat()->setState(m_outstanding.front(), ChatModel::MessageState::Sent,
                         tr("frame %1").arg(f.counter));
        m_outstanding.pop_front();
    }
}

void ClientConnection::onReceived(const QByteArray &message) {
    chat()->addIncoming(theme::shortFingerprint(m_socket->peerPublicKey()), message);
}

void ClientConnection::failOutstanding(const QString &why) {
    for (quint64 id : m_outstanding)
        chat()->setState(id, ChatModel::MessageState::Failed, why);
    m_outstanding.clear();
}

void ClientConnection::close() {
    m_socket->close();
}

} // namespace sws::ui
