#include "connections/clientconnection.h"

#include "chat/chathistory.h"
#include "chat/chatmodel.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficmodel.h"

#include <QDateTime>

#include <algorithm>
#include <utility>

namespace sws::ui {

namespace {
SessionConfig withChatExtension(SessionConfig c) {
    if (!c.extensions.contains(chat::kExtension))
        c.extensions << chat::kExtension;
    return c;
}
} // namespace

namespace {
constexpr int kRedialMinMs = 1000;
constexpr int kRedialMaxMs = 30000;
} // namespace

ClientConnection::ClientConnection(ClientOptions options, QObject *parent)
    : Connection(Kind::Client,
                 options.title.isEmpty() ? options.url.toDisplayString() : options.title, parent)
    , m_url(options.url)
    , m_config(withChatExtension(std::move(options.session)))
    , m_channel(new ChatChannel({}, this)) {
    connect(m_channel, &ChatChannel::messageReceived, this,
            [this](quint64, const QByteArray &message) {
                chat()->addIncoming(theme::shortFingerprint(m_socket->peerPublicKey()), message);
            });
    connect(m_channel, &ChatChannel::messageStateChanged, this, &ClientConnection::onMessageState);
    m_retryFirst = options.retryFirst;
    m_redialTimer.setSingleShot(true);
    connect(&m_redialTimer, &QTimer::timeout, this, &ClientConnection::redial);
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &ClientConnection::changed);
    makeSocket();
}

// One session of this connection: the first, or a reconnect's. The previous one (closed) is
// deleted once replaced; the inspector keeps its tracker.
void ClientConnection::makeSocket() {
    if (m_socket)
        m_socket->deleteLater();
    m_socket = new SecureWebSocket(m_config, this);
    m_tracker = addSession();
    m_tracker->attach(m_socket, m_url.toDisplayString());
    SecureWebSocket *s = m_socket;
    connect(s, &SecureWebSocket::secured, this, &ClientConnection::onSecured);
    // Every frame is listed, acknowledgements included; chat messages come from the channel.
    connect(s, &SecureWebSocket::frame, this,
            [this](const FrameEvent &f) { addFrame(f, m_enveloped); });
    // A connection that never opens may report only the error, never disconnected().
    connect(s, &SecureWebSocket::errorOccurred, this, [this, s] {
        if (s == m_socket && s->state() != SecureWebSocket::State::Secured &&
            !m_redialTimer.isActive())
            onSessionEnded(s->errorString());
    });
    connect(s, &SecureWebSocket::disconnected, this, [this, s] {
        if (s != m_socket)
            return;
        const QString end = m_tracker->endText();
        if (!m_redialTimer.isActive())
            onSessionEnded(!m_tracker->info().errorName.isEmpty() ? m_tracker->info().errorText
                           : end.isEmpty()                        ? tr("the session closed")
                                                                  : end);
        Q_EMIT changed();
    });
}

void ClientConnection::open() {
    if (m_held) {
        m_openWhenReleased = true;
        return;
    }
    m_socket->open(m_url);
}

void ClientConnection::holdUntilReleased() {
    if (!m_everSecured && m_socket->state() == SecureWebSocket::State::Unconnected)
        m_held = true;
}

void ClientConnection::releaseHold() {
    if (!m_held)
        return;
    m_held = false;
    const auto held = std::exchange(m_heldMessages, {});
    for (const auto &[row, bytes] : held)
        m_rows.insert(m_channel->sendMessage(bytes), row);
    if (std::exchange(m_openWhenReleased, false))
        open();
}

// Lost with the network or the peer, after it was secured once: dial again (messages wait);
// anything else ends the connection and fails what is still waiting.
bool ClientConnection::shouldReconnect() const {
    if (m_closing)
        return false;
    if (!m_everSecured)
        return m_retryFirst && m_socket->error() == SessionError::ConnectionFailed;
    switch (m_socket->error()) {
    case SessionError::None:
    case SessionError::ConnectionFailed:
    case SessionError::HandshakeTimeout:
    case SessionError::PeerClosedDuringHandshake:
        break;
    default:
        return false;
    }
    switch (m_socket->closeCode()) {
    case 0:
    case 1001: // going away: a server restarting
    case 1006: // no close frame: the network or the peer's process went away
    case 1011:
    case 1012:
    case 1013:
    case 1014:
        return true;
    default:
        return m_socket->error() == SessionError::ConnectionFailed;
    }
}

void ClientConnection::onSessionEnded(const QString &why) {
    m_channel->detach();
    if (!shouldReconnect()) {
        m_countdown.stop();
        giveUp(why);
        return;
    }
    m_redialDelayMs =
        m_redialDelayMs == 0 ? kRedialMinMs : std::min(m_redialDelayMs * 2, kRedialMaxMs);
    m_redialAt = QDateTime::currentMSecsSinceEpoch() + m_redialDelayMs;
    m_redialTimer.start(m_redialDelayMs);
    m_countdown.start();
    Q_EMIT changed();
}

void ClientConnection::redial() {
    if (m_closing)
        return;
    makeSocket();
    Q_EMIT socketCreated(m_socket);
    m_socket->open(m_url);
    Q_EMIT changed();
}

void ClientConnection::onSecured() {
    m_everSecured = true;
    if (m_journal)
        m_journal->keepRecords(tr("you"), theme::shortFingerprint(m_socket->peerPublicKey()));
    m_redialDelayMs = 0;
    m_countdown.stop();
    // Before attach(): the channel's first frame (RESUME) is listed from inside it.
    m_enveloped = m_socket->peerExtensions().contains(chat::kExtension);
    m_channel->attach(m_socket);
    Q_EMIT changed();
}

QString ClientConnection::address() const {
    return m_url.toDisplayString();
}

SessionState ClientConnection::state() const {
    return m_redialTimer.isActive() ? SessionState::Connecting : m_tracker->state();
}

QString ClientConnection::stateText() const {
    if (m_held)
        return tr("waiting for the conversation history…");
    if (!m_redialTimer.isActive())
        return Connection::stateText();
    const qint64 left = m_redialAt - QDateTime::currentMSecsSinceEpoch();
    return tr("reconnecting in %1 s…").arg(std::max<qint64>(1, (left + 999) / 1000));
}

QString ClientConnection::statusText() const {
    const SessionInfo &i = m_tracker->info();
    QString s = tr("%1 · version %2").arg(stateText()).arg(i.version);
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
    if (m_redialTimer.isActive())
        return true; // queued, sent once the session is back
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
    if (m_held) { // after the saved ones, once they are restored
        m_heldMessages.append({row, bytes});
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

// Nothing more will be delivered on this connection (it is not dialled again): every message
// still waiting fails, with the reason.
void ClientConnection::giveUp(const QString &why) {
    m_channel->detach();
    m_giveUpReason = why;
    m_channel->giveUp();
}

void ClientConnection::keepConversation(HistoryStore *store, const HistoryStore::Ref &ref,
                                        ChatHistory *history) {
    if (m_journal)
        return;
    m_journal = std::make_unique<ChatJournal>(store, ref);
    if (!m_journal->exclusive()) { // joined twice: the other one keeps it; this chat as before
        m_journal.reset();
        releaseHold();
        return;
    }
    m_journal->keepRecords(tr("you"), m_socket->peerPublicKey().isEmpty()
                                          ? QString()
                                          : theme::shortFingerprint(m_socket->peerPublicKey()));
    if (history)
        history->setRecording(false);
    connect(m_channel, &ChatChannel::journalFailed, this, [this](const QString &why) {
        chat()->addNotice(tr("Messages are no longer kept on disk: %1").arg(why));
    });
    const auto restored = m_channel->setJournal(m_journal.get());
    for (const auto &[id, record] : restored) {
        quint64 row = history && record > 0 ? history->restoredChatId(record) : 0;
        if (row == 0 || chat()->rowOf(row) < 0) {
            // Not among the messages shown again: shown now, as it waits.
            const auto p = m_channel->conversation().pending(id);
            if (!p)
                continue;
            row = chat()->addOutgoing(tr("you"), p->payload, ChatModel::MessageState::Queued);
        }
        m_rows.insert(id, row);
        if (const int r = chat()->rowOf(row); r >= 0)
            chat()->setState(row, chat()->message(r).state,
                             tr("kept from the last run; sent again once the server is back"));
    }
    if (!restored.isEmpty())
        chat()->addNotice(tr("%n message(s) from the last run wait for the server", nullptr,
                             static_cast<int>(restored.size())));
    releaseHold();
}

ClientConnection::~ClientConnection() {
    dropJournal();
}

void ClientConnection::dropJournal() {
    if (!m_journal)
        return;
    m_channel->setJournal(nullptr);
    m_journal.reset();
}

void ClientConnection::close() {
    m_closing = true;
    if (m_held) { // never dialled: what waits fails here
        m_held = false;
        m_openWhenReleased = false;
        for (const auto &[row, bytes] : std::exchange(m_heldMessages, {}))
            chat()->setState(row, ChatModel::MessageState::Failed,
                             tr("not sent: closed by the user"));
        Q_EMIT changed();
        return;
    }
    if (m_redialTimer.isActive()) {
        m_redialTimer.stop();
        m_countdown.stop();
        giveUp(tr("closed by the user"));
        Q_EMIT changed();
        return;
    }
    m_socket->close();
}

} // namespace sws::ui
