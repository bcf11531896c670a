// MainWindow: the History menu (search, export, delete, clear) on the history store.
#include "chat/chathistory.h"
#include "chat/chatview.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionview.h"
#include "history/historyconnection.h"
#include "history/historyexportdialog.h"
#include "history/historysearchdialog.h"
#include "history/historystore.h"
#include "window/mainwindow.h"

#include <QAbstractButton>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

namespace sws::ui {

namespace {

bool sameRef(const HistoryStore::Ref &a, const HistoryStore::Ref &b) {
    return a.kind == b.kind &&
           (a.kind == HistoryStore::Kind::Room ? a.room == b.room : a.peerKey == b.peerKey);
}

ChatHistory *historyOf(Connection *c) {
    return c ? c->findChild<ChatHistory *>() : nullptr;
}

} // namespace

void MainWindow::buildHistoryMenu() {
    QMenu *menu = menuBar()->addMenu(tr("Hi&story"));
    menu->setObjectName(QStringLiteral("historyMenu"));
    m_searchHistoryAction =
        menu->addAction(tr("&Search conversations…"), this, [this] { showHistorySearch(); });
    m_searchHistoryAction->setShortcut(QKeySequence(tr("Ctrl+Shift+F")));
    m_exportHistoryAction =
        menu->addAction(tr("&Export conversation…"), this, [this] { showHistoryExport(); });
    m_exportHistoryAction->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    menu->addSeparator();
    m_deleteConversationAction =
        menu->addAction(tr("&Delete conversation…"), this, &MainWindow::askDeleteConversation);
    m_deleteConversationAction->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    m_clearHistoryAction =
        menu->addAction(tr("&Clear history…"), this, &MainWindow::askClearHistory);
    m_clearHistoryAction->setShortcut(QKeySequence(tr("Ctrl+Shift+Del")));
    updateHistoryActions();
}

void MainWindow::updateHistoryActions() {
    for (QAction *a : {m_searchHistoryAction, m_exportHistoryAction, m_deleteConversationAction,
                       m_clearHistoryAction}) {
        if (a)
            a->setEnabled(m_history != nullptr);
    }
}

void MainWindow::showHistoryError(const QString &title, const QString &text) {
    statusBar()->showMessage(text, 15000);
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("historyError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

HistorySearchDialog *MainWindow::showHistorySearch() {
    if (!m_history)
        return nullptr;
    auto *dlg = new HistorySearchDialog(m_history, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &HistorySearchDialog::openRequested, this,
            [this](qint64 conversation, qint64 message) {
                QString error;
                if (!openStoredMessage(conversation, message, &error))
                    showHistoryError(tr("Search conversations"), error);
            });
    dlg->show();
    return dlg;
}

HistoryExportDialog *MainWindow::showHistoryExport() {
    if (!m_history)
        return nullptr;
    // The selected connection's conversation first, when the history has it.
    qint64 selected = 0;
    if (ChatHistory *h = historyOf(current())) {
        if (auto convs = m_history->conversations()) {
            for (const HistoryStore::Conversation &c : std::as_const(*convs))
                if (sameRef(c.ref(), h->ref()))
                    selected = c.id;
        }
    }
    keepWhatWaits(); // what waits is exported too
    auto *dlg = new HistoryExportDialog(m_history, selected, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &HistoryExportDialog::exported, this, [this](const QString &path) {
        statusBar()->showMessage(
            tr("Conversation written to %1 (plain text, readable by you only)").arg(path), 8000);
    });
    dlg->open();
    return dlg;
}

bool MainWindow::openStoredMessage(qint64 conversation, qint64 messageId, QString *error) {
    if (!m_history) {
        *error = tr("No history this time.");
        return false;
    }
    auto convs = m_history->conversations();
    if (!convs) {
        *error = tr("The history cannot be read: %1").arg(convs.error().message);
        return false;
    }
    const auto it = std::find_if(convs->cbegin(), convs->cend(),
                                 [&](const auto &c) { return c.id == conversation; });
    if (it == convs->cend()) {
        *error = tr("That conversation is no longer in the history.");
        return false;
    }
    const HistoryStore::Ref ref = it->ref();
    // An open chat of that conversation, when it can page back to the message.
    for (int i = 0; i < m_connections->rowCount(); ++i) {
        Connection *c = m_connections->at(i);
        ChatHistory *h = historyOf(c);
        if (!h || !sameRef(h->ref(), ref))
            continue;
        select(c);
        m_view->tabs()->setCurrentIndex(ConnectionView::ChatTab);
        if (m_view->chat()->showStored(messageId))
            return true;
    }
    // Else the stored conversation on its own, read-only.
    HistoryConnection *c =
        openKept(conversation, HistoryExportDialog::conversationLabel(*it), error);
    if (!c)
        return false;
    select(c);
    m_view->tabs()->setCurrentIndex(ConnectionView::ChatTab);
    if (!m_view->chat()->showStored(messageId)) {
        const ChatHistory *h = historyOf(c);
        *error = h->errorString().isEmpty()
                     ? tr("That message is no longer in the history.")
                     : tr("The history cannot be read: %1").arg(h->errorString());
        return false;
    }
    return true;
}

bool MainWindow::deleteConversation(Connection *c, QString *error) {
    ChatHistory *h = historyOf(c);
    if (!m_history || !h) {
        *error = tr("The selected connection keeps no history.");
        return false;
    }
    const HistoryStore::Ref ref = h->ref();
    QList<ChatHistory *> same;
    for (int i = 0; i < m_connections->rowCount(); ++i)
        if (ChatHistory *o = historyOf(m_connections->at(i)); o && sameRef(o->ref(), ref))
            same << o;
    keepWhatWaits(); // nothing written after the deletion
    auto id = m_history->conversation(ref);
    auto deleted = id ? m_history->deleteConversation(*id)
                      : Expected<bool, HistoryError>(unexpected(id.error()));
    if (!deleted) {
        *error = tr("The conversation cannot be deleted: %1").arg(deleted.error().message);
        return false;
    }
    for (ChatHistory *o : std::as_const(same)) {
        o->forgetStored();
        if (auto *owner = qobject_cast<Connection *>(o->parent()))
            owner->chat()->clear();
    }
    statusBar()->showMessage(tr("Conversation deleted from the history"), 8000);
    return true;
}

bool MainWindow::clearHistory(QString *error) {
    if (!m_history) {
        *error = tr("No history this time.");
        return false;
    }
    QList<ChatHistory *> all;
    for (int i = 0; i < m_connections->rowCount(); ++i)
        if (ChatHistory *h = historyOf(m_connections->at(i)))
            all << h;
    keepWhatWaits();
    if (auto cleared = m_history->clear(); !cleared) {
        *error = tr("The history cannot be cleared: %1").arg(cleared.error().message);
        return false;
    }
    for (ChatHistory *h : std::as_const(all)) {
        h->forgetStored();
        if (auto *owner = qobject_cast<Connection *>(h->parent()))
            owner->chat()->clear();
    }
    statusBar()->showMessage(tr("History cleared; new messages are kept from now on"), 8000);
    return true;
}

void MainWindow::askDeleteConversation() {
    QPointer<Connection> c = current();
    if (!m_history || !historyOf(c)) {
        showHistoryError(tr("Delete conversation"),
                         tr("The selected connection keeps no history to delete."));
        return;
    }
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Delete conversation"),
        tr("Delete the history of “%1”? Its messages are removed from this computer for good "
           "and the chat is emptied.")
            .arg(c->title()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDeleteConversation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box->button(QMessageBox::Yes), &QAbstractButton::clicked, this, [this, c] {
        QString error;
        if (c && !deleteConversation(c, &error))
            showHistoryError(tr("Delete conversation"), error);
    });
    box->open();
}

void MainWindow::askClearHistory() {
    if (!m_history)
        return;
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Clear history"),
        tr("Delete every conversation, message and contact of the history? This cannot be "
           "undone. Open chats are emptied; new messages are kept from then on."),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmClearHistory"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(tr("&Clear everything"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box->button(QMessageBox::Yes), &QAbstractButton::clicked, this, [this] {
        QString error;
        if (!clearHistory(&error))
            showHistoryError(tr("Clear history"), error);
    });
    box->open();
}

} // namespace sws::ui
