#include "chat/chatchannel.h"

#include "chat/chatjournal.h"
#include "session/securewebsocketserver.h"

#include <QLoggingCategory>

#include <algorithm>
#include <utility>

Q_LOGGING_CATEGORY(lcChat, "sws.chat", QtWarningMsg)

namespace sws {

ChatChannel::ChatChannel(ChatConfig config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_conversation(config.limits) {
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
    m_redialTimer.setSingleShot(true);
    connect(&m_redialTimer, &QTimer::timeout, this, [this] { dial(); });
}

ChatChannel::~ChatChannel() {
    if (m_journal)
        keepReceived(); // what a burst left unwritten
    // Sessions we made are our children; none may call back into a half-destroyed channel.
    for (SecureWebSocket *s : findChildren<SecureWebSocket *>(Qt::FindDirectChildrenOnly))
        s->disconnect(this);
    if (m_session)
        m_session->disconnect(this);
}

QByteArray ChatChannel::peerPublicKey() const {
    return m_peerKey;
}
chat::Link ChatChannel::link() const {
    return m_conversation.link();
}
SecureWebSocket *ChatChannel::session() const {
    return m_session;
}

bool ChatChannel::attach(SecureWebSocket *session) {
    if (!session || session->state() != SecureWebSocket::State::Secured)
        return false;
    if (session == m_session)
        return true;
    const QByteArray key = session->peerPublicKey();
    if (!m_peerKey.isEmpty() && key != m_peerKey) {
        Q_EMIT attachRefused(key);
        return false;
    }
    m_peerKey = key;
    if (m_session) { // the newer session wins; the older one is most likely dead already
        SecureWebSocket *old = m_session;
        m_session = nullptr;
        m_conversation.detach();
        release(old, true);
    }
    if (session == m_dialing)
        m_dialing = nullptr;
    m_session = session;
    ++m_attaches;
    m_redialDelayMs = 0;
    connect(session, &SecureWebSocket::binaryMessageReceived, this,
            [this, session](const QByteArray &message) {
                if (session == m_session)
                    process(m_conversation.receive(message), Keep::Batched);
            });
    connect(session, &SecureWebSocket::disconnected, this,
            [this, session] { onSessionGone(session); });
    // Deleted without a disconnected() (e.g. with its server): m_session is already null.
    connect(session, &QObject::destroyed, this, [this] {
        if (m_session || m_conversation.link() == chat::Link::Detached)
            return;
        m_conversation.detach();
        setLink(chat::Link::Detached);
        scheduleRedial();
    });
    const bool reliable = session->peerExtensions().contains(chat::kExtension);
    qCDebug(lcChat) << "attached" << (reliable ? "reliable" : "plain") << "session";
    process(m_conversation.attach(reliable));
    return true;
}

void ChatChannel::detach() {
    if (!m_session)
        return;
    // What is due goes out first: the peer would otherwise wait in vain for an acknowledgement
    // of what we already have, and resend it.
    if (m_session->state() == SecureWebSocket::State::Secured) {
        const QPointer<ChatChannel> guard(this);
        flush();
        if (!guard || !m_session)
            return;
    }
    SecureWebSocket *s = m_session;
    m_session = nullptr;
    m_conversation.detach();
    release(s, false);
    setLink(chat::Link::Detached);
}

// Stops listening to a session; one we made is closed (if still open) and deleted.
void ChatChannel::release(SecureWebSocket *session, bool closeForeign) {
    session->disconnect(this);
    if (session->parent() != this) {
        if (closeForeign)
            session->close(1000, QStringLiteral("replaced by a newer session"));
        return;
    }
    switch (session->state()) {
    case SecureWebSocket::State::Handshaking:
    case SecureWebSocket::State::Verifying:
    case SecureWebSocket::State::Secured:
        connect(session, &SecureWebSocket::disconnected, session, &QObject::deleteLater);
        session->close();
        return;
    case SecureWebSocket::State::Closing:
        connect(session, &SecureWebSocket::disconnected, session, &QObject::deleteLater);
        return;
    case SecureWebSocket::State::Unconnected:
    case SecureWebSocket::State::Connecting:
    case SecureWebSocket::State::Closed:
        session->deleteLater();
        return;
    }
}

void ChatChannel::onSessionGone(SecureWebSocket *session) {
    const bool current = session == m_session;
    const bool dialing = session == m_dialing;
    if (current) {
        m_session = nullptr;
        m_conversation.detach();
        setLink(chat::Link::Detached);
    }
    if (dialing)
        m_dialing = nullptr;
    release(session, false);
    if (current || dialing)
        scheduleRedial();
}

void ChatChannel::connectTo(const QUrl &url, SessionConfig config) {
    m_url = url;
    m_sessionConfig = std::move(config);
    m_redialDelayMs = 0;
    m_redialTimer.stop();
    dial();
}

void ChatChannel::disconnectFromPeer() {
    m_sessionConfig.reset();
    m_redialTimer.stop();
    if (m_dialing) {
        SecureWebSocket *s = m_dialing;
        m_dialing = nullptr;
        release(s, false);
    }
    if (m_session && m_session->parent() == this)
        detach();
}

void ChatChannel::dial() {
    if (!m_sessionConfig || m_dialing || m_session)
        return;
    auto *s = new SecureWebSocket(*m_sessionConfig, this);
    m_dialing = s;
    ++m_dials;
    connect(s, &SecureWebSocket::secured, this, [this, s] {
        if (s != m_dialing || attach(s))
            return;
        // Another peer answers at this address: not our conversation; stop dialing it.
        qCWarning(lcChat) << "server key changed; no longer reconnecting";
        m_dialing = nullptr;
        m_sessionConfig.reset();
        release(s, false);
    });
    connect(s, &SecureWebSocket::disconnected, this, [this, s] { onSessionGone(s); });
    connect(s, &SecureWebSocket::errorOccurred, this, [this, s](SessionError e) {
        if (e == SessionError::ConnectionFailed && s->state() != SecureWebSocket::State::Secured)
            onSessionGone(s);
    });
    s->open(m_url);
}

void ChatChannel::scheduleRedial() {
    if (!m_sessionConfig)
        return;
    m_redialDelayMs = m_redialDelayMs == 0
                          ? std::max(0, m_config.reconnectMinMs)
                          : std::min(m_redialDelayMs * 2, std::max(1, m_config.reconnectMaxMs));
    m_redialTimer.start(m_redialDelayMs);
}

quint64 ChatChannel::sendMessage(const QByteArray &payload) {
    const quint64 id = m_conversation.enqueue(payload, m_pending);
    // On disk before it is written to any session.
    if (m_journal)
        if (auto p = m_conversation.pending(id))
            journal({*p}, {}, {});
    // While the link is up it is written at once, as on a bare session: a relay or echo is out
    // before the session reads on (and perhaps fails). Its states still wait for the event loop.
    if (m_session && (link() == chat::Link::Plain || link() == chat::Link::Reliable)) {
        chat::Conversation::Output out = m_conversation.flush();
        write(out);
        for (const auto &st : out.states)
            m_pending.states.push_back(st);
    }
    scheduleFlush();
    return id;
}

void ChatChannel::giveUp() {
    process(m_conversation.giveUp());
}

void ChatChannel::scheduleFlush() {
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ChatChannel::flush() {
    process(m_conversation.flush());
}

// Writes out.send on the session, in order.
void ChatChannel::write(chat::Conversation::Output &out) {
    // A send may fail the session at once (and detach it): stop writing then.
    const QPointer<SecureWebSocket> session = m_session;
    bool allWritten = true;
    for (const QByteArray &m : out.send) {
        if (!session || session != m_session || session->sendBinaryMessage(m) < 0) {
            allWritten = false;
            break;
        }
    }
    out.send.clear();
    // A message to a plain peer is settled once handed over: if the session refused the batch
    // it is lost, not sent (as are those written just before it on a failing session). One
    // awaiting an acknowledgement stays pending and goes again after a reconnect.
    if (!allWritten)
        for (auto &st : out.states)
            if (st.state == chat::MessageState::Sent && !m_conversation.pendingState(st.id))
                st.state = chat::MessageState::Failed;
}

// Writes one step to the journal; false (and no journal from now on) when it fails.
bool ChatChannel::journal(const std::vector<chat::Conversation::Snapshot::Pending> &queued,
                          const std::vector<chat::Conversation::StateChange> &states,
                          const std::vector<chat::Conversation::Delivery> &delivered) {
    if (!m_journal)
        return false;
    if (!m_unkept.states.empty() || !m_unkept.delivered.empty()) {
        chat::Conversation::Output all = std::exchange(m_unkept, {});
        all.states.insert(all.states.end(), states.begin(), states.end());
        all.delivered.insert(all.delivered.end(), delivered.begin(), delivered.end());
        return journal(queued, all.states, all.delivered);
    }
    const bool counters = !m_journaled || m_journaled->stream != m_conversation.stream() ||
                          m_journaled->nextId != m_conversation.nextId() ||
                          m_journaled->peerStream != m_conversation.peerStream() ||
                          m_journaled->deliveredUpTo != m_conversation.deliveredUpTo();
    const bool changes = std::any_of(states.begin(), states.end(), [](const auto &s) {
        return s.state != chat::MessageState::Queued;
    });
    if (queued.empty() && !changes && delivered.empty() && !counters)
        return true;
    auto r = m_journal->write(m_conversation, queued, states, delivered);
    if (!r) {
        journalError(r.error().message);
        return false;
    }
    chat::Conversation::Snapshot c;
    c.stream = m_conversation.stream();
    c.nextId = m_conversation.nextId();
    c.peerStream = m_conversation.peerStream();
    c.deliveredUpTo = m_conversation.deliveredUpTo();
    m_journaled = c;
    return true;
}

bool ChatChannel::keepReceived() {
    if (m_unkept.states.empty() && m_unkept.delivered.empty())
        return true;
    return journal({}, {}, {});
}

void ChatChannel::journalError(const QString &message) {
    qCWarning(lcChat) << "chat journal failed; going on in memory:" << message;
    m_journal = nullptr;
    m_journaled.reset();
    m_unkept = {};
    Q_EMIT journalFailed(message);
}

QList<std::pair<quint64, qint64>> ChatChannel::setJournal(ChatJournal *journal) {
    if (m_journal && journal != m_journal)
        keepReceived(); // the old one gets what it was owed
    m_journal = journal;
    m_journaled.reset();
    if (!journal)
        return {};
    auto loaded = journal->load(m_config.limits);
    if (!loaded) {
        journalError(loaded.error().message);
        return {};
    }
    const bool pristine = m_attaches == 0 && m_conversation.nextId() == 1 && !m_session;
    if (!*loaded) {
        // Nothing saved yet: what this conversation holds is the start.
        const chat::Conversation::Snapshot now = m_conversation.snapshot();
        auto r = journal->write(m_conversation, now.outbox, {}, {}, {}, true);
        if (!r)
            journalError(r.error().message);
        return {};
    }
    ChatJournal::Restored &saved = **loaded;
    if (pristine) {
        m_conversation = std::move(saved.conversation);
        m_journaled = m_conversation.snapshot();
        m_journaled->outbox.clear();
        return saved.records;
    }
    // In use already (the store came late): the saved messages go after ours, in a new seq.
    QList<std::pair<quint64, qint64>> records;
    const chat::Conversation::Snapshot old = saved.conversation.snapshot();
    for (std::size_t i = 0; i < old.outbox.size(); ++i) {
        const quint64 id = m_conversation.enqueue(old.outbox[i].payload, m_pending);
        records.append({id, saved.records.at(qsizetype(i)).second});
    }
    QList<qint64> reused;
    const chat::Conversation::Snapshot now = m_conversation.snapshot();
    for (const auto &p : now.outbox) {
        const auto it = std::find_if(records.cbegin(), records.cend(),
                                     [&](const auto &r) { return r.first == p.id; });
        reused << (it == records.cend() ? 0 : it->second);
    }
    auto r = journal->write(m_conversation, now.outbox, {}, {}, reused, true);
    if (!r) {
        journalError(r.error().message);
        return {};
    }
    scheduleFlush();
    return records;
}

// Sends, then reports. States sendMessage() recorded come first, so that every message is
// reported Queued before anything else happens to it. With a journal the step is on disk
// before anything goes out: an acknowledgement never leaves for a message not yet kept. A
// received step that sends nothing may wait for the next write (Keep::Batched), so that a
// burst of messages read at once costs one transaction, not one each; the flush that follows
// on the next pass writes it, before the acknowledgements it sends.
void ChatChannel::process(chat::Conversation::Output out, Keep keep) {
    if (m_journal) {
        std::vector<chat::Conversation::StateChange> states = m_pending.states;
        states.insert(states.end(), out.states.begin(), out.states.end());
        if (keep == Keep::Batched && out.send.empty()) {
            m_unkept.states.insert(m_unkept.states.end(), states.begin(), states.end());
            m_unkept.delivered.insert(m_unkept.delivered.end(), out.delivered.begin(),
                                      out.delivered.end());
            scheduleFlush();
        } else {
            journal({}, states, out.delivered);
        }
    }
    write(out);
    if (!m_pending.states.empty()) {
        chat::Conversation::Output merged = std::move(m_pending);
        m_pending = {};
        merged.append(std::move(out));
        out = std::move(merged);
    }
    QPointer<ChatChannel> guard(this);
    for (const auto &d : out.delivered) {
        Q_EMIT messageReceived(d.id, d.payload);
        if (!guard)
            return;
    }
    for (const auto &s : out.states) {
        Q_EMIT messageStateChanged(s.id, s.state);
        if (!guard)
            return;
    }
    if (m_conversation.ackDue())
        scheduleFlush();
    setLink(m_conversation.link());
}

void ChatChannel::setLink(chat::Link link) {
    if (link == m_reportedLink)
        return;
    m_reportedLink = link;
    Q_EMIT linkChanged(link);
}

} // namespace sws
