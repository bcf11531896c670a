#include "chat/chatjournal.h"

#include "chat/payloadformat.h"

#include <QDateTime>
#include <QMutex>
#include <QSet>

#include <algorithm>
#include <limits>

namespace sws {

namespace {

// As much text as the chat shows of a message (ChatModel::kMaxDisplayChars).
constexpr int kRecordChars = 4000;

HistoryStore::State toStore(chat::MessageState s) {
    switch (s) {
    case chat::MessageState::Queued:
        return HistoryStore::State::Queued;
    case chat::MessageState::Sent:
        return HistoryStore::State::Sent;
    case chat::MessageState::Delivered:
        return HistoryStore::State::Delivered;
    case chat::MessageState::Failed:
        break;
    }
    return HistoryStore::State::Failed;
}

// The conversations that have a journal now, by store and conversation.
QMutex g_claimsMutex;
QSet<QByteArray> g_claims;

} // namespace

ChatJournal::ChatJournal(HistoryStore *store, HistoryStore::Ref ref)
    : m_store(store)
    , m_ref(std::move(ref)) {
    m_key = claimKey(store, m_ref);
    const QMutexLocker lock(&g_claimsMutex);
    m_exclusive = !g_claims.contains(m_key);
    if (m_exclusive)
        g_claims.insert(m_key);
}

ChatJournal::~ChatJournal() {
    if (!m_exclusive)
        return;
    const QMutexLocker lock(&g_claimsMutex);
    g_claims.remove(m_key);
}

QByteArray ChatJournal::claimKey(const HistoryStore *store, const HistoryStore::Ref &ref) {
    return QByteArray::number(reinterpret_cast<quintptr>(store)) + ':' +
           QByteArray::number(int(ref.kind)) + ':' + ref.peerKey.toHex() + ':' + ref.room.toUtf8();
}

Expected<bool, HistoryError> ChatJournal::moveTo(const HistoryStore::Ref &to) {
    const QByteArray key = claimKey(m_store, to);
    if (!m_exclusive || key == m_key)
        return false;
    const QMutexLocker lock(&g_claimsMutex);
    if (g_claims.contains(key))
        return false; // another channel keeps that conversation now
    auto moved = m_store->moveConversation(m_ref, to);
    if (!moved || !*moved)
        return moved;
    g_claims.remove(m_key);
    g_claims.insert(key);
    m_key = key;
    m_ref = to;
    return true;
}

void ChatJournal::keepRecords(const QString &ownSender, const QString &peerSender) {
    m_records = true;
    m_own = ownSender;
    m_peer = peerSender;
}

HistoryStore::NewMessage ChatJournal::record(const QByteArray &payload, bool outgoing) const {
    HistoryStore::NewMessage m;
    m.direction = outgoing ? HistoryStore::Direction::Outgoing : HistoryStore::Direction::Incoming;
    m.sender = outgoing ? m_own : m_peer;
    m.timeMs = QDateTime::currentMSecsSinceEpoch();
    m.state = outgoing ? HistoryStore::State::Queued : HistoryStore::State::Received;
    m.text = payload::describe(payload, kRecordChars).text;
    return m;
}

Expected<std::optional<ChatJournal::Restored>, HistoryError>
ChatJournal::load(chat::Limits limits) const {
    auto saved = m_store->chatState(m_ref);
    if (!saved)
        return unexpected(saved.error());
    if (!*saved)
        return std::optional<Restored>();
    const HistoryStore::ChatSaved &s = **saved;
    chat::Conversation::Snapshot snap;
    snap.stream = s.state.stream;
    snap.nextId = s.state.nextId;
    snap.nextSeq = s.state.nextSeq;
    snap.peerStream = s.state.peerStream;
    snap.deliveredUpTo = s.state.delivered;
    QList<std::pair<quint64, qint64>> records;
    for (const HistoryStore::OutboxEntry &e : s.outbox) {
        snap.outbox.push_back({e.id, e.seq, e.payload,
                               e.state == HistoryStore::State::Sent ? chat::MessageState::Sent
                                                                    : chat::MessageState::Queued});
        records.append({e.id, e.message});
    }
    // Limits only bound what is accepted: a saved outbox is never refused for them.
    limits.maxOutboxMessages = std::max(limits.maxOutboxMessages, int(snap.outbox.size()));
    limits.maxOutboxBytes = std::numeric_limits<qint64>::max();
    limits.maxPayloadBytes = std::numeric_limits<qint64>::max();
    auto conv = chat::Conversation::restore(snap, limits);
    if (!conv)
        return unexpected(HistoryError{HistoryError::Code::Corrupt,
                                       QStringLiteral("the saved chat state is inconsistent")});
    return std::optional<Restored>(Restored{std::move(*conv), std::move(records)});
}

Expected<HistoryStore::ChatApplied, HistoryError>
ChatJournal::write(const chat::Conversation &conv,
                   const std::vector<chat::Conversation::Snapshot::Pending> &queued,
                   const std::vector<chat::Conversation::StateChange> &states,
                   const std::vector<chat::Conversation::Delivery> &delivered,
                   const QList<qint64> &reused, bool replace) {
    HistoryStore::ChatUpdate u;
    u.state.stream = conv.stream();
    u.state.nextId = conv.nextId();
    u.state.nextSeq = conv.nextSeq();
    u.state.peerStream = conv.peerStream();
    u.state.delivered = conv.deliveredUpTo();
    u.replace = replace;
    for (std::size_t i = 0; i < queued.size(); ++i) {
        const auto &p = queued[i];
        const qint64 old = i < std::size_t(reused.size()) ? reused.at(qsizetype(i)) : 0;
        u.queued << HistoryStore::OutboxEntry{p.id, p.seq, p.payload,
                                              p.state == chat::MessageState::Sent
                                                  ? HistoryStore::State::Sent
                                                  : HistoryStore::State::Queued,
                                              old};
        if (m_records && reused.isEmpty())
            u.queuedRecords << record(p.payload, true);
    }
    const bool plain = conv.link() == chat::Link::Plain;
    for (const auto &s : states) {
        if (s.state == chat::MessageState::Queued)
            continue; // the state it was written with
        // Sent is final for a plain peer, which cannot acknowledge.
        const bool settled = s.state != chat::MessageState::Sent || plain;
        u.changes << HistoryStore::OutboxChange{s.id, toStore(s.state), settled};
    }
    if (m_records)
        for (const auto &d : delivered)
            u.received << record(d.payload, false);
    return m_store->applyChat(m_ref, u);
}

} // namespace sws
