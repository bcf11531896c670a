// MainWindow: desktop notifications for messages that arrive while the window is not active.
#include "chat/chatmodel.h"
#include "connections/connection.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionview.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"
#include "window/notifier.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTimer>

#include <utility>

namespace sws::ui {

void MainWindow::buildNotifications(QMenu *menu) {
    m_notifier = new Notifier(this);
    m_notifyTimer = new QTimer(this);
    m_notifyTimer->setSingleShot(true);
    // A busy room: one notification per conversation for what came within this interval.
    m_notifyTimer->setInterval(150);
    connect(m_notifyTimer, &QTimer::timeout, this, &MainWindow::flushNotifications);
    connect(m_notifier, &Notifier::activated, this,
            [this](quint64 token) { showConversation(m_notified.value(token)); });
    connect(m_notifier, &Notifier::unavailable, this, &MainWindow::notifyWithoutService);

    menu->addSeparator();
    m_notifyAction = menu->addAction(tr("Show &notifications"));
    m_notifyAction->setObjectName(QStringLiteral("showNotificationsAction"));
    m_notifyAction->setCheckable(true);
    m_notifyAction->setChecked(m_settings->showNotifications());
    m_notifyAction->setToolTip(tr("A desktop notification for each message that arrives while "
                                  "this window is not active"));
    m_notifyTextAction = menu->addAction(tr("Show message te&xt in notifications"));
    m_notifyTextAction->setObjectName(QStringLiteral("showMessageTextAction"));
    m_notifyTextAction->setCheckable(true);
    m_notifyTextAction->setChecked(m_settings->showMessageText());
    m_notifyTextAction->setEnabled(m_notifyAction->isChecked());
    m_notifyTextAction->setToolTip(tr("Off: notifications say only \"New message\" and who "
                                      "it is from"));
    connect(m_notifyAction, &QAction::toggled, this, [this](bool on) {
        m_settings->setShowNotifications(on);
        m_notifyTextAction->setEnabled(on);
    });
    connect(m_notifyTextAction, &QAction::toggled, this,
            [this](bool on) { m_settings->setShowMessageText(on); });
}

void MainWindow::watchForNotifications(Connection *c) {
    if (c->kind() == Connection::Kind::Transcript)
        return;
    ChatModel *chat = c->chat();
    connect(chat, &QAbstractItemModel::rowsInserted, this,
            [this, c, chat](const QModelIndex &, int first, int last) {
                // Rows put back from the history or above the newest (older pages) are not new.
                if (m_restoringHistory || last != chat->rowCount() - 1)
                    return;
                if (!m_settings->showNotifications() || (isActiveWindow() && !isMinimized()))
                    return;
                for (int r = first; r <= last; ++r) {
                    const ChatModel::Message &m = chat->message(r);
                    if (m.outgoing || m.notice || m.state != ChatModel::MessageState::Received)
                        continue;
                    PendingNote &p = m_pendingNotes[c];
                    if (!p.connection) // new, or left by a connection gone at this address
                        p = PendingNote{c, {}, 0};
                    p.text = m.text;
                    ++p.count;
                }
                if (!m_pendingNotes.isEmpty() && !m_notifyTimer->isActive())
                    m_notifyTimer->start();
            });
}

void MainWindow::flushNotifications() {
    const bool withText = m_settings->showMessageText();
    const auto pending = std::exchange(m_pendingNotes, {});
    for (const PendingNote &p : pending) {
        if (!p.connection)
            continue;
        QString body;
        if (!withText)
            body = p.count == 1 ? tr("New message") : tr("%n new messages", nullptr, p.count);
        else if (p.count == 1)
            body = p.text;
        else
            body = tr("%n new messages; the last: %1", nullptr, p.count).arg(p.text);
        const quint64 token = m_notifier->notify(p.connection->title(), body);
        m_notified.insert(token, p.connection);
        // Tokens grow by one: a click on one of the last 100 notifications still finds its chat.
        m_notified.remove(token - 100);
    }
}

void MainWindow::notifyWithoutService(quint64 token, const QString &summary, const QString &body) {
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            m_tray->setToolTip(windowTitle());
            connect(m_tray, &QSystemTrayIcon::messageClicked, this,
                    [this] { showConversation(m_notified.value(m_trayToken)); });
            m_tray->show();
        }
        m_trayToken = token;
        m_tray->showMessage(summary, body);
        return;
    }
    if (m_notifyUnavailableSaid)
        return;
    m_notifyUnavailableSaid = true;
    statusBar()->showMessage(tr("Notifications are not shown: no notification service answers."),
                             10000);
}

void MainWindow::showConversation(Connection *c) {
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
    if (!c || m_connections->indexOf(c) < 0)
        return;
    select(c);
    m_view->tabs()->setCurrentIndex(ConnectionView::ChatTab);
}

} // namespace sws::ui
