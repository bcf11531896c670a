// The durable side of chat-ack/1 conversations: the saved stream state and outbox, and moving a
// conversation (with its chat state) to another reference.
#include "history/historystore.h"
#include "history/historystore_p.h"

#include <QSqlQuery>
#include <QVariant>

namespace sws {

namespace {

// SQLite integers are signed: 64-bit counters are stored as their bit pattern.
qint64 toSql(quint64 v) {
    return static_cast<qint64>(v);
}
quint64 fromSql(const QVariant &v) {
    return static_cast<quint64>(v.toLongLong());
}

} // namespace

Expected<bool, HistoryError> HistoryStore::moveConversation(const Ref &from, const Ref &to) {
    return d->transaction<bool>([&]() -> Expected<bool, HistoryError> {
        auto source = d->conversationId(from, false);
        if (!source)
            return source.error().code == HistoryError::Code::NotFound
                       ? Expected<bool, HistoryError>(true)
                       : unexpected(source.error());
        auto target = d->conversationId(to, true);
        if (!target)
            return unexpected(target.error());
        if (*source == *target)
            return true;
        const auto run = [&](const char *sql, const char *what) {
            QSqlQuery q(d->db);
            q.prepare(str(sql));
            q.addBindValue(*target);
            q.addBindValue(*source);
            return d->exec(q, what);
        };
        if (auto r = run("UPDATE messages SET conversation = ? WHERE conversation = ?",
                         "cannot move messages");
            !r)
            return r;
        QSqlQuery has(d->db);
        has.prepare(str("SELECT 1 FROM chat_state WHERE conversation = ?"));
        has.addBindValue(*target);
        if (auto r = d->exec(has, "cannot read a chat state"); !r)
            return r;
        if (has.next())
            return false; // two saved streams cannot become one: from keeps its own
        for (const char *sql : {"UPDATE chat_state SET conversation = ? WHERE conversation = ?",
                                "UPDATE outbox SET conversation = ? WHERE conversation = ?"})
            if (auto r = run(sql, "cannot move a chat state"); !r)
                return r;
        QSqlQuery del(d->db);
        del.prepare(str("DELETE FROM conversations WHERE id = ?"));
        del.addBindValue(*source);
        if (auto r = d->exec(del, "cannot delete a conversation"); !r)
            return r;
        return true;
    });
}

Expected<std::optional<HistoryStore::ChatSaved>, HistoryError>
HistoryStore::chatState(const Ref &ref) {
    auto conv = d->conversationId(ref, false);
    if (!conv) {
        if (conv.error().code == HistoryError::Code::NotFound)
            return std::optional<ChatSaved>();
        return unexpected(conv.error());
    }
    QSqlQuery q(d->db);
    q.prepare(str("SELECT stream, next_id, next_seq, peer_stream, delivered FROM chat_state "
                  "WHERE conversation = ?"));
    q.addBindValue(*conv);
    if (auto r = d->exec(q, "cannot read a chat state"); !r)
        return unexpected(r.error());
    if (!q.next())
        return std::optional<ChatSaved>();
    ChatSaved saved;
    saved.state.stream = fromSql(q.value(0));
    saved.state.nextId = fromSql(q.value(1));
    saved.state.nextSeq = fromSql(q.value(2));
    saved.state.peerStream = fromSql(q.value(3));
    saved.state.delivered = fromSql(q.value(4));
    QSqlQuery o(d->db);
    o.setForwardOnly(true);
    o.prepare(str("SELECT id, seq, state, message, payload FROM outbox WHERE conversation = ? "
                  "ORDER BY id"));
    o.addBindValue(*conv);
    if (auto r = d->exec(o, "cannot read the outbox"); !r)
        return unexpected(r.error());
    while (o.next()) {
        OutboxEntry e;
        e.id = fromSql(o.value(0));
        e.seq = fromSql(o.value(1));
        e.state = o.value(2).toInt() == int(State::Sent) ? State::Sent : State::Queued;
        e.message = o.value(3).toLongLong();
        auto payload = d->open(o.value(4).toByteArray());
        if (!payload)
            return unexpected(payload.error());
        e.payload = *payload;
        saved.outbox << e;
    }
    return std::optional<ChatSaved>(std::move(saved));
}

Expected<HistoryStore::ChatApplied, HistoryError> HistoryStore::applyChat(const Ref &ref,
                                                                          const ChatUpdate &u) {
    if (!u.queuedRecords.isEmpty() && u.queuedRecords.size() != u.queued.size())
        return fail(HistoryError::Code::Invalid, str("one record for each queued message"));
    return d->transaction<ChatApplied>([&]() -> Expected<ChatApplied, HistoryError> {
        auto conv = d->conversationId(ref, true);
        if (!conv)
            return unexpected(conv.error());
        ChatApplied applied;
        QSqlQuery st(d->db);
        st.prepare(str("INSERT OR REPLACE INTO chat_state (conversation, stream, next_id, "
                       "next_seq, peer_stream, delivered) VALUES (?, ?, ?, ?, ?, ?)"));
        st.addBindValue(*conv);
        st.addBindValue(toSql(u.state.stream));
        st.addBindValue(toSql(u.state.nextId));
        st.addBindValue(toSql(u.state.nextSeq));
        st.addBindValue(toSql(u.state.peerStream));
        st.addBindValue(toSql(u.state.delivered));
        if (auto r = d->exec(st, "cannot write a chat state"); !r)
            return unexpected(r.error());
        if (u.replace) {
            QSqlQuery del(d->db);
            del.prepare(str("DELETE FROM outbox WHERE conversation = ?"));
            del.addBindValue(*conv);
            if (auto r = d->exec(del, "cannot replace the outbox"); !r)
                return unexpected(r.error());
        }
        for (int i = 0; i < u.queued.size(); ++i) {
            const OutboxEntry &e = u.queued.at(i);
            qint64 record = e.message;
            if (!u.queuedRecords.isEmpty()) {
                auto id = d->insertMessage(*conv, u.queuedRecords.at(i));
                if (!id)
                    return unexpected(id.error());
                record = *id;
                applied.queuedRecords << record;
            }
            auto sealed = d->seal(e.payload);
            if (!sealed)
                return unexpected(sealed.error());
            QSqlQuery q(d->db);
            q.prepare(str("INSERT INTO outbox (conversation, id, seq, state, message, payload) "
                          "VALUES (?, ?, ?, ?, ?, ?)"));
            q.addBindValue(*conv);
            q.addBindValue(toSql(e.id));
            q.addBindValue(toSql(e.seq));
            q.addBindValue(static_cast<int>(e.state));
            q.addBindValue(record > 0 ? QVariant(record)
                                      : QVariant(QMetaType(QMetaType::LongLong)));
            q.addBindValue(*sealed);
            if (auto r = d->exec(q, "cannot add to the outbox"); !r)
                return unexpected(r.error());
        }
        for (const OutboxChange &c : u.changes) {
            QSqlQuery m(d->db);
            m.prepare(str("UPDATE messages SET state = ? WHERE id = (SELECT message FROM outbox "
                          "WHERE conversation = ? AND id = ?)"));
            m.addBindValue(static_cast<int>(c.state));
            m.addBindValue(*conv);
            m.addBindValue(toSql(c.id));
            if (auto r = d->exec(m, "cannot update a message"); !r)
                return unexpected(r.error());
            QSqlQuery q(d->db);
            q.prepare(c.settled
                          ? str("DELETE FROM outbox WHERE conversation = ? AND id = ?")
                          : str("UPDATE outbox SET state = ? WHERE conversation = ? AND id = ?"));
            if (!c.settled)
                q.addBindValue(static_cast<int>(c.state));
            q.addBindValue(*conv);
            q.addBindValue(toSql(c.id));
            if (auto r = d->exec(q, "cannot update the outbox"); !r)
                return unexpected(r.error());
        }
        for (const NewMessage &m : u.received) {
            auto id = d->insertMessage(*conv, m);
            if (!id)
                return unexpected(id.error());
            applied.receivedRecords << *id;
        }
        return applied;
    });
}

} // namespace sws
