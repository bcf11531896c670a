#include "chat/chathistory.h"

#include <QElapsedTimer>

#include <algorithm>

namespace sws::ui {

namespace {

HistoryStore::State toStore(ChatModel::MessageState s) {
    return static_cast<HistoryStore::State>(static_cast<int>(s));
}
ChatModel::MessageState fromStore(HistoryStore::State s) {
    return static_cast<ChatModel::MessageState>(static_cast<int>(s));
}
// States after which nothing changes any more.
bool isFinal(ChatModel::MessageState s) {
    return s == ChatModel::MessageState::Delivered || s == ChatModel::MessageState::Failed ||
           s == ChatModel::MessageState::Received;
}

} // namespace

// The numbers are the same on both sides (stored states stay readable by other versions).
static_assert(int(ChatModel::MessageState::Queued) == int(HistoryStore::State::Queued) &&
              int(ChatModel::MessageState::Sent) == int(HistoryStore::State::Sent) &&
              int(ChatModel::MessageState::Failed) == int(HistoryStore::State::Failed) &&
              int(ChatModel::MessageState::Received) == int(HistoryStore::State::Received) &&
              int(ChatModel::MessageState::Delivered) == int(HistoryStore::State::Delivered));

ChatHistory::ChatHistory(HistoryStore *store, const HistoryStore::Ref &ref, ChatModel *chat,
                         QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_ref(ref)
    , m_chat(chat) {
    if (m_chat->rowCount() == 0) {
        auto conv = m_store->conversation(m_ref);
        auto page =
            conv ? m_store->messages(*conv, 0, kBacklog)
                 : Expected<QList<HistoryStore::Message>, HistoryError>(unexpected(conv.error()));
        if (!page) {
            m_error = page.error().message;
        } else if (!page->isEmpty()) {
            m_conversation = *conv;
            m_oldest = page->first().id;
            m_more = page->size() >= kBacklog;
            m_pagingOn = true;
            for (const HistoryStore::Message &s : *page) {
                ChatModel::Message m;
                m.sender = s.sender;
                m.outgoing = s.direction == HistoryStore::Direction::Outgoing;
                m.timeMs = s.timeMs;
                m.text = s.text;
                m.state = fromStore(s.state);
                m.bytes = s.text.toUtf8().size();
                const bool pending = !isFinal(m.state);
                const quint64 chatId = m_chat->addRendered(std::move(m));
                m_chatIdOf.insert(s.id, chatId);
                if (pending)
                    m_restoredIds.insert(s.id, chatId);
            }
            m_restored = static_cast<int>(page->size());
            m_chat->addNotice(tr("%n earlier message(s) from the history", nullptr, m_restored));
        }
    }
    // Connected after the restore: what came from the store is not written again.
    connect(m_chat, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(m_chat, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &tl, const QModelIndex &br, const QList<int> &roles) {
                if (roles.isEmpty() || roles.contains(ChatModel::StateRole))
                    onDataChanged(tl.row(), br.row());
            });
    // The oldest rows dropped or everything cleared: paging would leave a gap.
    connect(m_chat, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first) {
        if (first == 0)
            stopPaging();
    });
    connect(m_chat, &QAbstractItemModel::modelReset, this, &ChatHistory::stopPaging);
    connect(m_chat, &QObject::destroyed, this, [this] {
        flush();
        m_chat = nullptr;
    });
    m_timer.setSingleShot(true);
    m_timer.setInterval(kFlushMs);
    connect(&m_timer, &QTimer::timeout, this, &ChatHistory::writeSlice);
}

ChatHistory::~ChatHistory() {
    flush();
}

void ChatHistory::onRowsInserted(int first, int last) {
    if (!m_error.isEmpty() || !m_chat || m_paging || !m_recording)
        return;
    for (int row = first; row <= last; ++row) {
        const ChatModel::Message &c = m_chat->message(row);
        if (c.notice)
            continue;
        HistoryStore::NewMessage m;
        m.direction =
            c.outgoing ? HistoryStore::Direction::Outgoing : HistoryStore::Direction::Incoming;
        m.sender = c.sender;
        m.timeMs = c.timeMs;
        m.state = toStore(c.state);
        m.seq = static_cast<qint64>(c.id);
        m.text = c.text;
        m_pendingIndex.insert(c.id, m_written + m_pending.size());
        m_pending.append({c.id, std::move(m)});
    }
    if (!m_pending.isEmpty() && !m_timer.isActive())
        m_timer.start(kFlushMs);
}

void ChatHistory::onDataChanged(int first, int last) {
    if (!m_error.isEmpty() || !m_chat || !m_recording)
        return;
    for (int row = first; row <= last; ++row) {
        const ChatModel::Message &c = m_chat->message(row);
        if (const auto p = m_pendingIndex.constFind(c.id); p != m_pendingIndex.cend()) {
            m_pending[*p - m_written].message.state = toStore(c.state);
            continue;
        }
        const auto s = m_stored.constFind(c.id);
        if (s == m_stored.cend())
            continue;
        if (auto r = m_store->updateState(*s, toStore(c.state)); !r) {
            fail(r.error().message);
            return;
        }
        if (isFinal(c.state))
            m_stored.remove(c.id);
    }
}

bool ChatHistory::flush() {
    m_timer.stop();
    if (m_pending.isEmpty() || !m_error.isEmpty())
        return m_error.isEmpty();
    return writeFront(static_cast<int>(m_pending.size()));
}

void ChatHistory::writeSlice() {
    if (m_pending.isEmpty() || !m_error.isEmpty())
        return;
    const int count = static_cast<int>(std::clamp<double>(kSliceMs * 1000 / m_usPerMessage, 1,
                                                          static_cast<double>(m_pending.size())));
    QElapsedTimer took;
    took.start();
    if (!writeFront(count))
        return;
    // Sized on the slices before: a slow disk or a busy machine makes the next ones smaller.
    const double us = static_cast<double>(took.nsecsElapsed()) / 1000 / count;
    m_usPerMessage = std::max(1.0, (m_usPerMessage + us) / 2);
    if (!m_pending.isEmpty())
        m_timer.start(0); // the rest on the next pass, after the events waiting now
}

// Writes the first count pending messages in one transaction.
bool ChatHistory::writeFront(int count) {
    QList<HistoryStore::NewMessage> batch;
    batch.reserve(count);
    for (int i = 0; i < count; ++i)
        batch << m_pending.at(i).message;
    auto ids = m_store->addMessages(m_ref, batch);
    if (!ids) {
        fail(ids.error().message);
        return false;
    }
    for (int i = 0; i < count; ++i) {
        const Pending &p = m_pending.at(i);
        if (!isFinal(fromStore(p.message.state)))
            m_stored.insert(p.chatId, ids->at(i));
        m_pendingIndex.remove(p.chatId);
    }
    m_pending.remove(0, count);
    m_written += count;
    return true;
}

void ChatHistory::fail(const QString &message) {
    if (!m_error.isEmpty())
        return;
    m_error = message;
    m_pending.clear();
    m_pendingIndex.clear();
    m_stored.clear();
    Q_EMIT failed(message);
}

} // namespace sws::ui
