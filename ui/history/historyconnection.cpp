#include "history/historyconnection.h"

namespace sws::ui {

HistoryConnection::HistoryConnection(const QString &title, qint64 conversation, QObject *parent)
    : Connection(Kind::Transcript, title, parent)
    , m_conversation(conversation) {}

QString HistoryConnection::statusText() const {
    return tr("Read-only history of %1").arg(title());
}

} // namespace sws::ui
