// MainWindow's menus, dialogs and files: Host…, Connect…, recent entries, transcripts.
#include "cert/keyfiles.h"
#include "connections/clientconnection.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionview.h"
#include "dialogs/connectdialog.h"
#include "dialogs/hostdialog.h"
#include "inspector/trafficmodel.h"
#include "inspector/transcriptconnection.h"
#include "proxy/interceptwindow.h"
#include "trust/keydialogs.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QListView>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

Q_LOGGING_CATEGORY(lcFiles, "sws.ui.files", QtWarningMsg)

namespace sws::ui {

void MainWindow::buildActions() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_hostAction = file->addAction(tr("&Host a room…"), this, &MainWindow::showHostDialog);
    m_hostAction->setShortcut(QKeySequence(tr("Ctrl+H")));
    m_connectAction = file->addAction(tr("&Connect…"), this, &MainWindow::showConnectDialog);
    m_connectAction->setShortcut(QKeySequence(tr("Ctrl+N")));
    m_joinInvitationAction =
        file->addAction(tr("Join by &invitation…"), this, [this] { showJoinInvitationDialog(); });
    m_joinInvitationAction->setShortcut(QKeySequence(tr("Ctrl+Shift+J")));
    m_recentMenu = file->addMenu(tr("&Recent"));
    file->addSeparator();
    m_exportAction =
        file->addAction(tr("&Export transcript…"), this, &MainWindow::showExportDialog);
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_openAction = file->addAction(tr("&Open transcript…"), this, &MainWindow::showOpenDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *conn = menuBar()->addMenu(tr("&Connection"));
    m_joinAction = conn->addAction(tr("&Join this room"), this, [this] {
        joinRoom(qobject_cast<HostedRoom *>(current()));
        if (current() && current()->kind() == Connection::Kind::Client && m_demoRoom)
            m_demoJoined = m_demoJoined || current()->address() == m_demoRoom->address();
        updateBanner();
    });
    m_joinAction->setShortcut(QKeySequence(tr("Ctrl+J")));
    m_joinAction->setToolTip(tr("Join the selected room from this app with a fresh key"));
    m_inviteAction = conn->addAction(tr("&Invite…"), this, &MainWindow::showInviteDialog);
    m_inviteAction->setToolTip(tr("A link (and QR code) that lets someone join the selected room"));
    m_closeAction = conn->addAction(tr("C&lose"), this, &MainWindow::closeCurrent);
    m_closeAction->setShortcut(QKeySequence::Close);
    m_removeAction = conn->addAction(tr("&Remove from list"), this, &MainWindow::removeCurrent);
    m_removeAction->setShortcut(QKeySequence::Delete);
    conn->addSeparator();
    conn->addAction(tr("In&tercept…"), this, [this] {
        auto *w = new InterceptWindow(this);
        w->setAttribute(Qt::WA_DeleteOnClose);
        w->show();
    });
    m_list->addAction(m_joinAction);
    m_list->addAction(m_inviteAction);
    m_openAtStartAction = conn->addAction(tr("&Open at start"));
    m_openAtStartAction->setObjectName(QStringLiteral("openAtStartAction"));
    m_openAtStartAction->setCheckable(true);
    m_openAtStartAction->setToolTip(tr("Host this room (join this server) again when the app "
                                       "starts"));
    connect(m_openAtStartAction, &QAction::triggered, this,
            [this](bool on) { setOpensAtStart(current(), on); });
    m_list->addAction(m_closeAction);
    m_list->addAction(m_removeAction);
    m_list->addAction(m_openAtStartAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList tabs = {tr("&Chat"), tr("&Peer"), tr("&Handshake"), tr("&Traffic")};
    for (int i = 0; i < tabs.size(); ++i) {
        QAction *a =
            view->addAction(tabs.at(i), this, [this, i] { m_view->tabs()->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
    }
    view->addSeparator();
    m_contactsDock->toggleViewAction()->setText(tr("C&ontacts"));
    view->addAction(m_contactsDock->toggleViewAction());
    buildNotifications(view); // mainwindow_notify.cpp
    buildHistoryMenu();
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SWS Desktop"), this, &MainWindow::showAbout);
    installTrustMenus(this, m_trust); // Keys menu, before Help

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_hostAction);
    bar->addAction(m_connectAction);
    bar->addAction(m_joinAction);
    bar->addAction(m_inviteAction);
    bar->addSeparator();
    bar->addAction(m_closeAction);
    bar->addSeparator();
    bar->addAction(m_exportAction);
    bar->addAction(m_openAction);
    rebuildRecentMenu();
}

void MainWindow::updateActions() {
    Connection *c = current();
    m_joinAction->setEnabled(c && c->kind() == Connection::Kind::Room &&
                             c->state() == SessionState::Listening);
    m_inviteAction->setEnabled(m_joinAction->isEnabled());
    const bool live = c && c->kind() != Connection::Kind::Transcript &&
                      c->state() != SessionState::ReadOnly && !sessionStateEnded(c->state());
    m_closeAction->setEnabled(live);
    m_removeAction->setEnabled(c != nullptr);
    m_exportAction->setEnabled(c != nullptr);
    const std::optional<bool> atStart = opensAtStart(c);
    m_openAtStartAction->setEnabled(atStart.has_value());
    m_openAtStartAction->setChecked(atStart.value_or(false));
}

void MainWindow::showHostDialog() {
    auto *dlg = new HostDialog(this, &m_trust.profile());
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        m_settings->addRecent(dlg->entry());
        rebuildRecentMenu();
        hostRoom(dlg->takeOptions());
    });
    dlg->open();
}

void MainWindow::showConnectDialog() {
    m_trust.refresh();
    const int cas = int(m_trust.snapshot()->enabledCas(QDateTime::currentMSecsSinceEpoch()).size());
    auto *dlg = new ConnectDialog(m_settings->recent(), this, &m_trust.profile(), cas);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        m_settings->addRecent(dlg->entry());
        rebuildRecentMenu();
        joinServer(dlg->takeOptions());
    });
    dlg->open();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QList<RecentEntry> recent = m_settings->recent();
    for (int i = 0; i < recent.size(); ++i)
        m_recentMenu->addAction(recent.at(i).label(), this, [this, i] { openRecent(i); });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

// A recent entry opens its dialog filled in: files are read again and keys never stored.
void MainWindow::openRecent(int index) {
    const QList<RecentEntry> recent = m_settings->recent();
    if (index < 0 || index >= recent.size())
        return;
    const RecentEntry e = recent.at(index);
    if (e.kind == RecentEntry::Kind::Host) {
        showHostDialog();
        if (auto *dlg = findChild<HostDialog *>())
            dlg->load(e);
    } else {
        showConnectDialog();
        if (auto *dlg = findChild<ConnectDialog *>())
            dlg->load(e);
    }
}

void MainWindow::closeCurrent() {
    if (Connection *c = current())
        c->close();
}

void MainWindow::removeCurrent() {
    const int row = m_list->currentIndex().row();
    if (row < 0)
        return;
    if (m_connections->at(row) == m_demoRoom)
        m_demoRoom = nullptr;
    forget(m_connections->at(row)); // not opened at start any more
    m_connections->remove(row);
    onSelectionChanged();
}

void MainWindow::showExportDialog() {
    Connection *c = current();
    if (!c)
        return;
    auto *dlg = new QFileDialog(this, tr("Export transcript"), m_settings->lastDirectory(),
                                tr("SWS transcripts (*.sws-transcript.json)"));
    dlg->setObjectName(QStringLiteral("exportDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setOption(QFileDialog::DontUseNativeDialog);
    dlg->setAcceptMode(QFileDialog::AcceptSave);
    dlg->setDefaultSuffix(QStringLiteral("json"));
    // The suffix gives transcripts their own MIME type (resources/*.mime.xml).
    dlg->selectFile(QStringLiteral("session.sws-transcript.json"));
    QPointer<Connection> target(c);
    connect(dlg, &QFileDialog::fileSelected, this, [this, target](const QString &path) {
        QString error;
        if (!target || !exportTranscript(target, path, &error))
            QMessageBox::warning(this, tr("Export transcript"), error);
    });
    dlg->open();
}

void MainWindow::showOpenDialog() {
    auto *dlg =
        new QFileDialog(this, tr("Open transcript"), m_settings->lastDirectory(),
                        tr("SWS transcripts (*.sws-transcript.json *.json);;All files (*)"));
    dlg->setObjectName(QStringLiteral("openDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setOption(QFileDialog::DontUseNativeDialog);
    dlg->setFileMode(QFileDialog::ExistingFile);
    connect(dlg, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QString error;
        if (!openTranscript(path, &error))
            QMessageBox::warning(this, tr("Open transcript"), error);
    });
    dlg->open();
}

bool MainWindow::exportTranscript(Connection *c, const QString &path, QString *error) {
    c->traffic()->flush(); // frames of this event-loop pass too
    auto written = keyfiles::writeFile(path, transcript::write(*c), false, true);
    if (!written) {
        *error = written.error().message;
        qCWarning(lcFiles) << "transcript not saved:" << *error;
        return false;
    }
    qCInfo(lcFiles) << "transcript saved to" << path;
    m_settings->setLastDirectory(QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Transcript saved to %1 (no secret or share keys)").arg(path),
                             8000);
    return true;
}

Connection *MainWindow::openTranscript(const QString &path, QString *error) {
    auto bytes = keyfiles::readFile(path, 256 * 1024 * 1024);
    if (!bytes) {
        *error = bytes.error().message;
        return nullptr;
    }
    auto parsed = transcript::read(*bytes);
    if (!parsed) {
        *error = tr("%1: %2").arg(QFileInfo(path).fileName(), parsed.error());
        qCWarning(lcFiles) << "transcript not opened:" << *error;
        return nullptr;
    }
    auto *c = new TranscriptConnection(std::move(*parsed), path);
    addConnection(c);
    select(c);
    m_view->tabs()->setCurrentIndex(ConnectionView::HandshakeTab);
    m_settings->setLastDirectory(QFileInfo(path).absolutePath());
    return c;
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About SWS Desktop"),
        tr("<h3>SWS Desktop %1</h3><p>Secure chat over SecureWebSocket: a NaCl public-key "
           "handshake over a plain WebSocket, then every message in its own secretbox frame.</p>"
           "<p>The inspector shows each handshake step and every frame; transcripts never "
           "contain secret or share keys.</p>")
            .arg(QApplication::applicationVersion()));
}

} // namespace sws::ui
