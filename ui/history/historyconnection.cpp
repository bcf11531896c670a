#include "history/historyconnection.h"

namespace sws::ui {

HistoryConnection::HistoryConnection(const QString &title, QObject *parent)
    : Connection(Kind::Transcript, title, parent) {}

QString HistoryConnection::statusText() const {
    return tr("Read-only history of %1").arg(title());
}

} // namespace sws::ui
