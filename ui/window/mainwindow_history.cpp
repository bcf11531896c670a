// MainWindow: the chats kept in the history store (chat/chathistory.h) and the contact list.
#include "chat/chatchannel.h"
#include "chat/chathistory.h"
#include "chat/room.h"
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/hostedroom.h"
#include "contacts/contactlistmodel.h"
#include "contacts/contactlistview.h"
#include "crypto/crypto.h"
#include "history/historyconnection.h"
#include "history/historystore.h"
#include "session/securewebsocket.h"
#include "trust/endpoint.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"

#include <QDateTime>
#include <QListView>
#include <QStatusBar>

#include <algorithm>

namespace sws::ui {

namespace {

// Kept on each connection: the conversation its chat is kept in (qint64), the peer key of that
// conversation (contacts), and that the connection is watched already.
constexpr char kConversation[] = "swsHistoryConversation";
constexpr char kPeerKey[] = "swsHistoryPeerKey";
constexpr char kWatched[] = "swsHistoryWatched";

// A hosted room is kept by its own key: the same room whatever port it listens on.
QString hostedRoomName(HostedRoom *room) {
    return QStringLiteral("hosted room ") + toHex(room->options().server.session.keyPair.publicKey);
}

// The key most recently met at endpoint, or empty.
QByteArray keyLastSeenAt(HistoryStore *store, const QString &endpoint) {
    auto contacts = store->contacts();
    if (!contacts)
        return {};
    QByteArray key;
    qint64 last = -1;
    for (const HistoryStore::Contact &c : std::as_const(*contacts)) {
        if (c.endpoints.contains(endpoint) && c.lastSeenMs > last) {
            key = c.peerKey;
            last = c.lastSeenMs;
        }
    }
    return key;
}

} // namespace

void MainWindow::expectHistory() {
    m_historyExpected = true;
}

void MainWindow::setHistory(HistoryStore *store) {
    m_historyExpected = false;
    m_history = store;
    updateHistoryActions();
    if (store && !m_contactModel) {
        m_contactModel = new ContactListModel(store, m_trust, m_settings.get(), this);
        m_contactsView->setModel(m_contactModel);
    }
    for (int i = 0; i < m_connections->rowCount(); ++i)
        recordHistory(m_connections->at(i));
    updateShownConversation();
}

void MainWindow::historyUnavailable(const QString &why) {
    m_historyExpected = false;
    for (int i = 0; i < m_connections->rowCount(); ++i)
        if (auto *client = qobject_cast<ClientConnection *>(m_connections->at(i)))
            client->releaseHold();
    statusBar()->showMessage(tr("Conversations are not kept this time: %1").arg(why), 15000);
}

qint64 MainWindow::conversationOf(Connection *c) const {
    return c ? c->property(kConversation).toLongLong() : 0;
}

void MainWindow::recordHistory(Connection *c) {
    if (!c || c->property(kWatched).toBool())
        return;
    // The first-start demo is a new room on a new port each time: nothing to come back to.
    auto *client = qobject_cast<ClientConnection *>(c);
    if (m_demoRoom && (c == m_demoRoom || (client && client->url() == m_demoRoom->url())))
        return;
    if (!m_history) {
        if (client && m_historyExpected)
            client->holdUntilReleased(); // its saved conversation first (setHistory())
        return;
    }
    if (auto *room = qobject_cast<HostedRoom *>(c)) {
        c->setProperty(kWatched, true);
        keepChat(c, {}, hostedRoomName(room));
        // Every member met is a contact: its key and the address it came from.
        connect(room->room(), &Room::memberJoined, this,
                [this](ChatChannel *, SecureWebSocket *s, bool) {
                    noteContact(s->peerPublicKey(), {}, s->peerAddress().toString());
                });
        // And those that joined before the history opened.
        for (ChatChannel *member : room->room()->members())
            if (SecureWebSocket *s = member->session())
                noteContact(s->peerPublicKey(), {}, s->peerAddress().toString());
    } else if (client) {
        c->setProperty(kWatched, true);
        // The conversation is the server's key, known once secured. Until then, the key last
        // met at this endpoint: its messages show at once, as the chat opens, and its outbox
        // and delivery state (ChatJournal) go on before the first session is dialled.
        const QString endpoint = endpointKey(client->url());
        if (const QByteArray key = keyLastSeenAt(m_history, endpoint); !key.isEmpty()) {
            keepChat(c, key, {});
            client->keepConversation(m_history, HistoryStore::Ref::contact(key),
                                     c->findChild<ChatHistory *>());
        } else {
            // Met for the first time: kept under its URL until the key is known, so what is
            // written before the first session is not lost either.
            const QString provisional = client->url().toString();
            keepChat(c, {}, provisional);
            client->keepConversation(m_history, HistoryStore::Ref::roomNamed(provisional),
                                     c->findChild<ChatHistory *>());
        }
        const auto secured = [this, client, endpoint](SecureWebSocket *s) {
            const QByteArray key = s->peerPublicKey();
            if (!m_history || key.size() != kBoxPublicKeyBytes)
                return;
            // The name it was joined under, unless the person named it already.
            auto known = m_history->contacts();
            bool named = false;
            if (known)
                for (const HistoryStore::Contact &k : std::as_const(*known))
                    named = named || (k.peerKey == key && !k.name.isEmpty());
            noteContact(key, named ? QString() : client->title(), endpoint);
            // A first meeting: what was kept under the URL becomes the key's conversation.
            ChatJournal *journal = client->journal();
            if (journal && journal->ref().kind == HistoryStore::Kind::Room) {
                const HistoryStore::Ref provisional = journal->ref();
                if (auto moved = journal->moveTo(HistoryStore::Ref::contact(key)); !moved) {
                    statusBar()->showMessage(
                        tr("Conversations are no longer kept: %1").arg(moved.error().message),
                        15000);
                } else if (!*moved) {
                    // Another connection keeps the key's conversation (the same server joined
                    // at two addresses): this one's chat joins it as text, its state in memory.
                    client->dropJournal();
                    journal = nullptr;
                    (void)m_history->moveConversation(provisional, HistoryStore::Ref::contact(key));
                    if (auto id = m_history->conversation(provisional))
                        (void)m_history->deleteConversation(*id);
                }
            }
            // The chat goes where its journal writes (it stays under the URL when the key's
            // conversation has a saved stream of its own).
            if (client->property(kPeerKey).toByteArray() != key &&
                (!journal || journal->ref().kind == HistoryStore::Kind::Contact))
                keepChat(client, key, {});
        };
        const auto watch = [this, secured](SecureWebSocket *s) {
            connect(s, &SecureWebSocket::secured, this, [secured, s] { secured(s); });
        };
        watch(client->socket());
        connect(client, &ClientConnection::socketCreated, this, watch);
        // The history may come after the session (the keychain answers when it does).
        if (client->socket()->state() == SecureWebSocket::State::Secured)
            secured(client->socket());
    } else {
        return; // transcripts and kept conversations are not written
    }
    connect(c->chat(), &QAbstractItemModel::rowsInserted, this,
            &MainWindow::scheduleContactsRefresh);
}

// Keeps c's chat in the conversation with peerKey (or in room): a chat kept elsewhere until now
// (the key guessed from the endpoint was not the one met) is written there first.
void MainWindow::keepChat(Connection *c, const QByteArray &peerKey, const QString &room) {
    delete c->findChild<ChatHistory *>(); // writes what waits
    const auto ref = peerKey.isEmpty() ? HistoryStore::Ref::roomNamed(room)
                                       : HistoryStore::Ref::contact(peerKey);
    m_restoringHistory = true; // the messages it puts back are not new: no notification
    auto *h = new ChatHistory(m_history, ref, c->chat(), c);
    m_restoringHistory = false;
    // A chat whose conversation state is kept (ChatJournal) is recorded by that journal.
    if (auto *client = qobject_cast<ClientConnection *>(c); client && client->journal())
        h->setRecording(false);
    // The status bar as context: the store may fail in the last flush, while the window is
    // being destroyed (its chats go after its QMainWindow part).
    connect(h, &ChatHistory::failed, statusBar(), [bar = statusBar()](const QString &why) {
        bar->showMessage(tr("Conversations are no longer kept: %1").arg(why), 15000);
    });
    connect(h, &ChatHistory::pagingFailed, statusBar(), [bar = statusBar()](const QString &why) {
        bar->showMessage(tr("Older messages cannot be read: %1").arg(why), 15000);
    });
    auto conv = m_history->conversation(ref);
    c->setProperty(kConversation, conv ? *conv : 0);
    c->setProperty(kPeerKey, peerKey);
    updateShownConversation();
    scheduleContactsRefresh();
}

void MainWindow::noteContact(const QByteArray &key, const QString &name, const QString &endpoint) {
    if (!m_history || key.size() != kBoxPublicKeyBytes)
        return;
    if (auto r = m_history->noteContact(key, name, endpoint, QDateTime::currentMSecsSinceEpoch());
        !r)
        statusBar()->showMessage(tr("A contact is not kept: %1").arg(r.error().message), 15000);
    scheduleContactsRefresh();
}

void MainWindow::scheduleContactsRefresh() {
    if (m_contactModel && !m_contactsTimer->isActive())
        m_contactsTimer->start();
}

void MainWindow::refreshContacts() {
    m_contactsTimer->stop();
    if (!m_contactModel)
        return;
    keepWhatWaits(); // unread counts come from the store
    updateShownConversation();
    m_contactModel->refresh();
    updateShownConversation(); // selects a contact that is new in the list
}

void MainWindow::keepWhatWaits() {
    for (int i = 0; i < m_connections->rowCount(); ++i) {
        if (auto *h = m_connections->at(i)->findChild<ChatHistory *>())
            h->flush();
        if (auto *ch = m_connections->at(i)->findChild<ChatChannel *>())
            ch->keepReceived();
    }
}

void MainWindow::updateShownConversation() {
    if (!m_contactModel)
        return;
    const qint64 shown = conversationOf(current());
    m_contactModel->setShownConversation(isActiveWindow() ? shown : 0);
    // The list follows the conversation shown.
    if (const int row = m_contactModel->rowOfConversation(shown); row >= 0)
        m_contactsView->selectRow(row);
}

Connection *MainWindow::openConversation(const ContactListModel::Entry &entry) {
    // Its open connection, when there is one (a secured one first).
    Connection *open = nullptr;
    for (int i = 0; i < m_connections->rowCount(); ++i) {
        Connection *c = m_connections->at(i);
        const bool same = entry.kind == ContactListModel::Kind::Contact
                              ? c->property(kPeerKey).toByteArray() == entry.peerKey
                              : entry.conversation > 0 && conversationOf(c) == entry.conversation;
        if (same && (!open || c->state() == SessionState::Secured))
            open = c;
    }
    if (!open && entry.kind == ContactListModel::Kind::Contact) {
        // A saved server met at one of the contact's endpoints: join it again.
        for (const SavedServer &s : m_settings->servers()) {
            if (!entry.endpoints.contains(endpointKey(QUrl(s.url))))
                continue;
            QString error;
            open = openSavedServer(s, &error);
            if (!open)
                statusBar()->showMessage(tr("Cannot connect to %1: %2").arg(s.url, error), 10000);
            break;
        }
    }
    if (!open && entry.conversation > 0 && m_history) {
        QString error;
        open = openKept(entry.conversation, entry.title(), &error);
        if (open)
            open->setProperty(kPeerKey, entry.peerKey);
        else
            statusBar()->showMessage(error, 10000);
    }
    if (!open) {
        statusBar()->showMessage(tr("No messages with %1 yet.").arg(entry.title()), 8000);
        return nullptr;
    }
    select(open);
    return open;
}

HistoryConnection *MainWindow::openKept(qint64 conversation, const QString &title, QString *error) {
    if (!m_history) {
        *error = tr("No history this time.");
        return nullptr;
    }
    auto convs = m_history->conversations();
    if (!convs) {
        *error = tr("The history cannot be read: %1").arg(convs.error().message);
        return nullptr;
    }
    const auto it = std::find_if(convs->cbegin(), convs->cend(),
                                 [&](const auto &c) { return c.id == conversation; });
    if (it == convs->cend()) {
        *error = tr("That conversation is no longer in the history.");
        return nullptr;
    }
    auto *c = new HistoryConnection(title, conversation);
    // Its newest messages at once, older ones as the chat scrolls up.
    auto *h = new ChatHistory(m_history, it->ref(), c->chat(), c);
    connect(h, &ChatHistory::pagingFailed, statusBar(), [bar = statusBar()](const QString &why) {
        bar->showMessage(tr("Older messages cannot be read: %1").arg(why), 15000);
    });
    c->setProperty(kConversation, conversation);
    addConnection(c);
    return c;
}

} // namespace sws::ui
