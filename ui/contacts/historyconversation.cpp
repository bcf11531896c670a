#include "contacts/historyconversation.h"

#include "history/historystore.h"

namespace sws::ui {

HistoryConversation::HistoryConversation(HistoryStore *store, qint64 conversation,
                                         const QString &title, QObject *parent)
    : Connection(Kind::Client, title, parent)
    , m_conversation(conversation) {
    auto page = store->messages(conversation, 0, kShown);
    if (!page) {
        chat()->addNotice(tr("The history cannot be read: %1").arg(page.error().message));
        return;
    }
    for (const HistoryStore::Message &s : std::as_const(*page)) {
        ChatModel::Message m;
        m.sender = s.sender;
        m.outgoing = s.direction == HistoryStore::Direction::Outgoing;
        m.timeMs = s.timeMs;
        m.text = s.text;
        m.state = static_cast<ChatModel::MessageState>(static_cast<int>(s.state));
        m.bytes = s.text.toUtf8().size();
        chat()->addRendered(std::move(m));
    }
    m_shown = static_cast<int>(page->size());
}

QString HistoryConversation::statusText() const {
    return tr("%1: the last %n message(s) kept, read-only", nullptr, m_shown).arg(title());
}

} // namespace sws::ui
