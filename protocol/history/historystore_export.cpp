// Reading the history out: search over the decrypted messages, and a conversation's export as
// text or JSON.
#include "crypto/crypto.h"
#include "history/historystore.h"
#include "history/historystore_p.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <algorithm>

namespace sws {

namespace {

// One line of text whatever a peer sent: backslash, line breaks and other control characters
// (a terminal's escape sequences) are written as escapes.
QString escapeControls(const QString &in) {
    QString out;
    out.reserve(in.size());
    for (const QChar c : in) {
        const char16_t u = c.unicode();
        if (u == '\\')
            out += str("\\\\");
        else if (u == '\n')
            out += str("\\n");
        else if (u == '\r')
            out += str("\\r");
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            out += str("\\x%1").arg(static_cast<int>(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

Expected<QList<HistoryStore::Message>, HistoryError> HistoryStore::search(const QString &text) {
    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    q.prepare(str("SELECT %1 FROM messages ORDER BY id").arg(str(Private::kMessageColumns)));
    if (auto r = d->exec(q, "cannot read messages"); !r)
        return unexpected(r.error());
    QList<Message> found;
    while (q.next()) {
        auto m = d->readMessage(q);
        if (!m)
            return unexpected(m.error());
        if (m->text.contains(text, Qt::CaseInsensitive))
            found << *m;
    }
    return found;
}

Expected<QByteArray, HistoryError> HistoryStore::exportConversation(qint64 conversation,
                                                                    ExportFormat format) {
    auto all = conversations();
    if (!all)
        return unexpected(all.error());
    const auto it = std::find_if(all->cbegin(), all->cend(),
                                 [&](const Conversation &c) { return c.id == conversation; });
    if (it == all->cend())
        return fail(HistoryError::Code::NotFound, str("no conversation %1").arg(conversation));
    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    q.prepare(str("SELECT %1 FROM messages WHERE conversation = ? ORDER BY id")
                  .arg(str(Private::kMessageColumns)));
    q.addBindValue(conversation);
    if (auto r = d->exec(q, "cannot read messages"); !r)
        return unexpected(r.error());
    const auto iso = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
    };
    QJsonArray messages;
    QByteArray text;
    while (q.next()) {
        auto m = d->readMessage(q);
        if (!m)
            return unexpected(m.error());
        if (format == ExportFormat::Text) {
            text += str("%1  %2: %3\n")
                        .arg(iso(m->timeMs), escapeControls(m->sender), escapeControls(m->text))
                        .toUtf8();
        } else {
            messages.append(QJsonObject{
                {str("time"), iso(m->timeMs)},
                {str("timeMs"), static_cast<double>(m->timeMs)},
                {str("direction"),
                 m->direction == Direction::Outgoing ? str("outgoing") : str("incoming")},
                {str("sender"), m->sender},
                {str("state"), stateName(m->state)},
                {str("id"), m->messageId},
                {str("seq"), static_cast<double>(m->seq)},
                {str("text"), m->text},
            });
        }
    }
    if (format == ExportFormat::Text)
        return text;
    QJsonObject conv{{str("kind"), it->kind == Kind::Room ? str("room") : str("contact")},
                     {str("title"), it->title},
                     {str("count"), static_cast<double>(it->count)}};
    if (it->kind == Kind::Contact)
        conv.insert(str("peerKey"), toHex(it->peerKey));
    else
        conv.insert(str("room"), it->room);
    return QJsonDocument(QJsonObject{{str("conversation"), conv}, {str("messages"), messages}})
        .toJson(QJsonDocument::Indented);
}

} // namespace sws
