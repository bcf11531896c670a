// ChatHistory: older messages paged in from the store before the chat's first row.
#include "chat/chathistory.h"

#include <QScopedValueRollback>

namespace sws::ui {

int ChatHistory::fetchOlder(int limit) {
    if (!m_chat || !hasOlder())
        return 0;
    QList<HistoryStore::Message> page;
    if (m_more) {
        auto got = m_store->messages(m_conversation, m_oldest, std::max(1, limit));
        if (!got) {
            Q_EMIT pagingFailed(got.error().message);
            return -1;
        }
        page = std::move(*got);
        m_more = page.size() >= limit;
    }
    QList<ChatModel::Message> rows;
    rows.reserve(page.size() + 1);
    if (!m_more) {
        ChatModel::Message start;
        start.notice = true;
        start.text = tr("Start of the conversation");
        start.timeMs = page.isEmpty() ? m_chat->message(0).timeMs : page.first().timeMs;
        rows << start;
        m_startShown = true;
    }
    for (const HistoryStore::Message &s : std::as_const(page)) {
        ChatModel::Message m;
        m.sender = s.sender;
        m.outgoing = s.direction == HistoryStore::Direction::Outgoing;
        m.timeMs = s.timeMs;
        m.text = s.text;
        m.state = static_cast<ChatModel::MessageState>(static_cast<int>(s.state));
        m.bytes = s.text.toUtf8().size();
        rows << std::move(m);
    }
    if (!page.isEmpty())
        m_oldest = page.first().id;
    const auto added = static_cast<int>(rows.size());
    {
        const QScopedValueRollback<bool> paging(m_paging, true); // not written again
        m_chat->prependRendered(std::move(rows));
    }
    // prependRendered() numbered them: the store ids follow the start notice, when there is one.
    const int offset = m_more ? 0 : 1;
    for (int i = 0; i < page.size(); ++i)
        m_chatIdOf.insert(page.at(i).id, m_chat->message(offset + i).id);
    return added;
}

int ChatHistory::loadStored(qint64 storeId) {
    if (!m_chat)
        return -1;
    // Large pages: the message may lie far back, and one query per page is what costs.
    while (!m_chatIdOf.contains(storeId) && m_more) {
        if (fetchOlder(1000) < 0)
            return -1;
    }
    const auto it = m_chatIdOf.constFind(storeId);
    return it == m_chatIdOf.cend() ? -1 : m_chat->rowOf(*it);
}

void ChatHistory::forgetStored() {
    flush();
    m_stored.clear();
    stopPaging();
}

void ChatHistory::stopPaging() {
    if (m_paging)
        return;
    m_more = false;
    m_pagingOn = false;
    m_chatIdOf.clear();
}

} // namespace sws::ui
