#include "connections/clientconnection.h"

#include "chat/chatmodel.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficmodel.h"

#include <QDateTime>

namespace sws::ui {

namespace {
SessionConfig withChatExtension(SessionConfig c) {
    if (!c.extensions.contains(chat::kExtension))
        c.extensions << chat::kExtension;
    return c;
}
} // namespace

ClientConnection::ClientConnection(ClientOptions options, QObject *parent)
    : Connection(Kind::Client,
                 options.title.isEmpty() ? options.url.toDisplayString() : options.title, parent)
    , m_url(options.url)
    , m_socket(new SecureWebSocket(withChatExtension(std::move(options.session)), this))
    , m_tracker(addSession())
    , m_channel(new ChatChannel({}, this)) {
    m_tracker->attach(m_socket, m_url.toDisplayString());
    connect(m_socket, &SecureWebSocket::secured, this, &ClientConnection::onSecured);
    // Every frame is listed, acknowledgements included; chat messages come from the channel.
    connect(m_socket, &SecureWebSocket::frame, this,
            [this](const FrameEvent &f) { addFrame(f, m_enveloped); });
    connect(m_channel, &ChatChannel::messageReceived, this,
            [this](quint64, const QByteArray &message) {
                chat()->addIncoming(theme::shortFingerprint(m_socket->peerPublicKey()), message);
            });
    connect(m_channel, &ChatChannel::messageStateChanged, this, &ClientConnection::onMessageState);
    // A connection that never opens may report only the error, never disconnected().
    connect(m_socket, &SecureWebSocket::errorOccurred, this, [this] {
        if (m_socket->state() != SecureWebSocket::State::Secured)
            giveUp(m_socket->errorString());
    });
    connect(m_socket, &SecureWebSocket::disconnected, this, [this] {
        const QString end = m_tracker->endText();
        giveUp(!m_tracker->info().errorName.isEmpty() ? m_tracker->info().errorText
               : end.isEmpty()                        ? tr("the session closed")
                                                      : end);
        Q_EMIT changed();
    });
}

void ClientConnection::open() {
    m_socket->open(m_url);
}

void ClientConnection::onSecured() {
    // Before attach(): the channel's first frame (RESUME) is listed from inside it.
    m_enveloped = m_socket->peerExtensions().contains(chat::kExtension);
    m_channel->attach(m_socket);
    Q_EMIT changed();
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
    if (m_channel->session())
        s += m_enveloped ? tr(" · delivery receipts (%1)").arg(chat::kExtension)
                         : tr(" · no delivery receipts (plain peer)");
    s += tr(" · %1 frames sent, %2 received").arg(i.framesSent).arg(i.framesReceived);
    if (const QString end = m_tracker->endText(); !end.isEmpty())
        s += QStringLiteral(" · ") + end;
    return s;
}

bool ClientConnection::canSend() const {
    const auto s = m_socket->state();
    return s != SecureWebSocket::State::Closing && s != SecureWebSocket::State::Closed &&
           m_tracker->state() != SessionState::Failed;
}

void ClientConnection::sendMessage(const QString &text, payload::Format format) {
    const QByteArray bytes = encode(text, format);
    const quint64 row = chat()->addOutgoing(tr("you"), bytes, ChatModel::MessageState::Queued);
    if (!canSend()) {
        chat()->setState(row, ChatModel::MessageState::Failed,
                         tr("not sent: the session is closed"));
        return;
    }
    // States are reported from the event loop, never from inside sendMessage().
    m_rows.insert(m_channel->sendMessage(bytes), row);
}

void ClientConnection::onMessageState(quint64 id, chat::MessageState state) {
    const auto it = m_rows.constFind(id);
    if (it == m_rows.cend())
        return;
    const quint64 row = *it;
    const int r = chat()->rowOf(row);
    const bool wasSent = r >= 0 && chat()->message(r).state == ChatModel::MessageState::Sent;
    const bool plain = m_channel->link() == chat::Link::Plain;
    QString detail;
    switch (state) {
    case chat::MessageState::Queued:
        detail = tr("waiting for the secure session");
        break;
    case chat::MessageState::Sent:
        detail = plain ? tr("sent; this peer cannot confirm delivery (it does not speak %1)")
                             .arg(chat::kExtension)
                       : tr("sent; waiting for the peer to acknowledge it");
        break;
    case chat::MessageState::Delivered:
        detail = tr("delivered: the peer acknowledged it at %1")
                     .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")));
        break;
    case chat::MessageState::Failed:
        if (m_giveUpReason.isEmpty())
            detail = tr("not sent: too large, or too many messages await acknowledgement");
        else if (wasSent)
            detail =
                tr("not acknowledged before %1; it may still have arrived").arg(m_giveUpReason);
        else
            detail = tr("not sent: %1").arg(m_giveUpReason);
        break;
    }
    chat()->setState(row, chatState(state), detail);
    // Final: delivered, failed, or sent to a peer that cannot acknowledge.
    if (state == chat::MessageState::Delivered || state == chat::MessageState::Failed ||
        (state == chat::MessageState::Sent && plain))
        m_rows.remove(id);
}

// Nothing more will be delivered on this connection (it is never reopened): every message
// still waiting fails, with the reason.
void ClientConnection::giveUp(const QString &why) {
    m_channel->detach();
    m_giveUpReason = why;
    m_channel->giveUp();
}

void ClientConnection::close() {
    m_socket->close();
}

} // namespace sws::ui
