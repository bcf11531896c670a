// MainWindow: the chats kept in the history store (chat/chathistory.h).
#include "chat/chathistory.h"
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/hostedroom.h"
#include "crypto/crypto.h"
#include "history/historystore.h"
#include "session/securewebsocket.h"
#include "window/mainwindow.h"

#include <QDateTime>
#include <QStatusBar>

namespace sws::ui {

namespace {

// Which conversation a connection's chat is: a joined server by its URL, a hosted room by its
// own key (the same room whatever port it listens on). Transcripts are not kept.
std::optional<HistoryStore::Ref> historyRef(Connection *c) {
    if (auto *client = qobject_cast<ClientConnection *>(c))
        return HistoryStore::Ref::roomNamed(client->url().toString());
    if (auto *room = qobject_cast<HostedRoom *>(c))
        return HistoryStore::Ref::roomNamed(
            QStringLiteral("hosted room ") +
            toHex(room->options().server.session.keyPair.publicKey));
    return std::nullopt;
}

} // namespace

void MainWindow::setHistory(HistoryStore *store) {
    m_history = store;
    for (int i = 0; i < m_connections->rowCount(); ++i)
        recordHistory(m_connections->at(i));
}

void MainWindow::historyUnavailable(const QString &why) {
    statusBar()->showMessage(tr("Conversations are not kept this time: %1").arg(why), 15000);
}

void MainWindow::recordHistory(Connection *c) {
    if (!m_history || !c || c->findChild<ChatHistory *>())
        return;
    // The first-start demo is a new room on a new port each time: nothing to come back to.
    auto *client = qobject_cast<ClientConnection *>(c);
    if (m_demoRoom && (c == m_demoRoom || (client && client->url() == m_demoRoom->url())))
        return;
    const auto ref = historyRef(c);
    if (!ref)
        return;
    m_restoringHistory = true; // the messages it puts back are not new: no notification
    auto *h = new ChatHistory(m_history, *ref, c->chat(), c);
    m_restoringHistory = false;
    connect(h, &ChatHistory::failed, this, [this](const QString &why) {
        statusBar()->showMessage(tr("Conversations are no longer kept: %1").arg(why), 15000);
    });
    // The server as a contact: its key, the name it was joined under, where it was met.
    if (client) {
        HistoryStore *store = m_history;
        connect(client->socket(), &SecureWebSocket::secured, h, [store, client] {
            (void)store->noteContact(client->socket()->peerPublicKey(), client->title(),
                                     client->url().toString(), QDateTime::currentMSecsSinceEpoch());
        });
    }
}

} // namespace sws::ui
