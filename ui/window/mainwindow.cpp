#include "window/mainwindow.h"

#include "chat/chatview.h"
#include "connections/clientconnection.h"
#include "connections/connectiondelegate.h"
#include "connections/connectionlistmodel.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "contacts/contactlistview.h"
#include "inspector/handshakeview.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficmodel.h"
#include "proxy/interceptmodel.h"
#include "proxy/interceptwindow.h"
#include "proxy/proxy.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"
#include "window/theme.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sws::ui {

namespace {

// --settings FILE, else settings.ini in the profile: each profile is one user, with its own
// rooms and servers.
QString settingsPath(const TrustService &trust, const StartOptions &options) {
    if (!options.settingsFile.isEmpty())
        return options.settingsFile;
    (void)trust.profile().ensure(); // QSettings reports nothing when it cannot write
    const QString path = trust.profile().directory() + QStringLiteral("/settings.ini");
    // Earlier versions kept the settings in the platform's place for the user: the default
    // profile takes them over once.
    if (!QFileInfo::exists(path) && trust.profile().directory() == Profile::defaultDirectory()) {
        const QSettings old;
        if (!old.allKeys().isEmpty()) {
            QSettings moved(path, QSettings::IniFormat);
            for (const QString &key : old.allKeys())
                moved.setValue(key, old.value(key));
        }
    }
    return path;
}

} // namespace

MainWindow::MainWindow(TrustService &trust, StartOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_trust(trust)
    , m_options(std::move(options))
    , m_settings(std::make_unique<AppSettings>(settingsPath(trust, m_options)))
    , m_connections(new ConnectionListModel(this))
    , m_list(new QListView(this))
    , m_view(new ConnectionView(this))
    , m_stack(new QStackedWidget(this))
    , m_banner(new QFrame(this))
    , m_bannerText(new QLabel(this))
    , m_joinButton(new QPushButton(tr("Join this room"), this))
    , m_status(new QLabel(this))
    , m_statusDot(new QLabel(this))
    , m_statusTimer(new QTimer(this))
    , m_contactsDock(new QDockWidget(tr("Contacts"), this))
    , m_contactsView(new ContactListView(m_contactsDock))
    , m_contactsTimer(new QTimer(this)) {
    setWindowTitle(tr("SWS Desktop"));
    setObjectName(QStringLiteral("mainWindow"));
    m_status->setObjectName(QStringLiteral("sessionStatus"));
    m_banner->setObjectName(QStringLiteral("welcomeBanner"));
    m_joinButton->setObjectName(QStringLiteral("joinDemoButton"));

    // Welcome banner: what the demo room is and the one click that joins it.
    m_banner->setStyleSheet(
        QStringLiteral(
            "#welcomeBanner { background: %1; border: 1px solid %2; border-radius: 6px; }")
            .arg(theme::bannerBackground(palette()).name(), theme::bannerBorder(palette()).name()));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::RichText);
    m_joinButton->setStyleSheet(QStringLiteral(
        "QPushButton { background: #2f74c0; color: white; font-weight: bold; padding: 8px 18px;"
        " border-radius: 4px; } QPushButton:hover { background: #3a84d4; }"));
    m_joinButton->setCursor(Qt::PointingHandCursor);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(14, 10, 14, 10);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_joinButton);
    m_banner->hide();
    connect(m_joinButton, &QPushButton::clicked, this, &MainWindow::joinDemoRoom);

    m_stack->addWidget(buildEmptyPage());
    m_stack->addWidget(m_view);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(6, 6, 6, 0);
    rightLayout->addWidget(m_banner);
    rightLayout->addWidget(m_stack, 1);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(buildSidebar());
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({290, 910});
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);

    m_statusDot->setFixedWidth(16);
    // Permanent: temporary messages (left) never hide the session state (right).
    statusBar()->addPermanentWidget(m_statusDot);
    statusBar()->addPermanentWidget(m_status);
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(100); // a busy session updates the status line at most 10×/s
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);

    m_contactsDock->setObjectName(QStringLiteral("contactsDock"));
    m_contactsDock->setWidget(m_contactsView);
    m_contactsDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_contactsDock);
    connect(m_contactsView, &ContactListView::openRequested, this,
            [this](const ContactListModel::Entry &e) { openConversation(e); });
    m_contactsTimer->setSingleShot(true);
    m_contactsTimer->setInterval(1000); // a busy chat refreshes the list at most once a second
    connect(m_contactsTimer, &QTimer::timeout, this, &MainWindow::refreshContacts);

    buildActions();
    resize(1200, 760);
    if (!m_settings->windowGeometry().isEmpty())
        restoreGeometry(m_settings->windowGeometry());
    onSelectionChanged();
}

MainWindow::~MainWindow() = default;

HostedRoom *MainWindow::demoRoom() const {
    return m_demoRoom;
}

QWidget *MainWindow::buildSidebar() {
    auto *side = new QWidget(this);
    auto *title = new QLabel(tr("CONNECTIONS"), side);
    title->setStyleSheet(theme::mutedStyle() +
                         QStringLiteral(" font-weight: bold; padding: 4px 2px;"));
    m_list->setObjectName(QStringLiteral("connectionList"));
    m_list->setAccessibleName(tr("Connections"));
    m_list->setModel(m_connections);
    m_list->setItemDelegate(new ConnectionDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setMinimumWidth(230);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *host = new QPushButton(tr("Host…"), side);
    auto *join = new QPushButton(tr("Connect…"), side);
    host->setObjectName(QStringLiteral("sideHostButton"));
    join->setObjectName(QStringLiteral("sideConnectButton"));
    connect(host, &QPushButton::clicked, this, &MainWindow::showHostDialog);
    connect(join, &QPushButton::clicked, this, &MainWindow::showConnectDialog);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(host);
    buttons->addWidget(join);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(6, 6, 0, 6);
    layout->addWidget(title);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onSelectionChanged);
    connect(m_connections, &QAbstractItemModel::dataChanged, this, [this] {
        scheduleStatus();
        updateActions();
        updateBanner();
    });
    return side;
}

QWidget *MainWindow::buildEmptyPage() {
    auto *page = new QWidget(this);
    auto *text = new QLabel(tr("<h2>No connection selected</h2>"
                               "<p>Host a room that others join, or connect to an SWS server.</p>"),
                            page);
    text->setAlignment(Qt::AlignCenter);
    text->setStyleSheet(theme::mutedStyle());
    auto *host = new QPushButton(tr("Host a room…"), page);
    auto *connectButton = new QPushButton(tr("Connect to a server…"), page);
    connect(host, &QPushButton::clicked, this, &MainWindow::showHostDialog);
    connect(connectButton, &QPushButton::clicked, this, &MainWindow::showConnectDialog);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(host);
    buttons->addWidget(connectButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(text);
    layout->addLayout(buttons);
    layout->addStretch(2);
    return page;
}

Connection *MainWindow::current() const {
    return m_connections->at(m_list->currentIndex().row());
}

void MainWindow::select(Connection *c) {
    const int row = m_connections->indexOf(c);
    if (row >= 0)
        m_list->setCurrentIndex(m_connections->index(row));
}

int MainWindow::addConnection(Connection *c) {
    const int row = m_connections->add(c);
    recordHistory(c);
    watchForNotifications(c);
    connect(c->traffic(), &TrafficModel::countersChanged, this, [this, c] {
        if (c == current())
            scheduleStatus();
    });
    return row;
}

void MainWindow::onSelectionChanged() {
    Connection *c = current();
    m_view->setConnection(c);
    m_stack->setCurrentIndex(c ? 1 : 0);
    updateShownConversation();
    updateStatus();
    updateActions();
    updateBanner();
}

// At most one update per interval, also while changes keep coming: restarting the timer on
// every change would hold the status line still for as long as a session is busy.
void MainWindow::scheduleStatus() {
    if (!m_statusTimer->isActive())
        m_statusTimer->start();
}

void MainWindow::updateStatus() {
    Connection *c = current();
    if (!c) {
        m_status->setText(tr("Host a room or connect to a server to start."));
        m_statusDot->clear();
        return;
    }
    m_status->setText(c->statusText());
    m_statusDot->setPixmap(theme::dot(sessionStateTone(c->state())).pixmap(12, 12));
}

void MainWindow::updateBanner() {
    const bool show = m_demoRoom && !m_demoJoined && m_demoRoom->state() == SessionState::Listening;
    m_banner->setVisible(show);
    if (!show)
        return;
    m_bannerText->setText(
        tr("<b style='font-size:large'>Welcome to SWS Desktop.</b><br>"
           "A demo room is running on <code>%1</code>. Join it from this app to see a secured "
           "session: its handshake step by step, the peer's key fingerprint, and every encrypted "
           "frame with its plaintext.")
            .arg(theme::escape(m_demoRoom->address())));
}

HostedRoom *MainWindow::hostRoom(RoomOptions options) {
    auto *room = new HostedRoom(std::move(options));
    addConnection(room);
    select(room);
    if (!room->start()) {
        statusBar()->showMessage(tr("Cannot host the room: %1").arg(room->errorString()), 8000);
        return nullptr;
    }
    rememberRoom(room);
    updateActions();
    return room;
}

ClientConnection *MainWindow::connectTo(ClientOptions options) {
    const bool remember = options.remember;
    const SavedServer saved = savedServerFor(options);
    auto *c = new ClientConnection(std::move(options));
    if (remember)
        rememberServer(c, saved);
    addConnection(c);
    select(c);
    c->open();
    return c;
}

ClientConnection *MainWindow::joinRoom(HostedRoom *room) {
    if (!room || room->state() != SessionState::Listening)
        return nullptr;
    return connectTo(room->joinOptions());
}

void MainWindow::joinDemoRoom() {
    ClientConnection *c = joinRoom(m_demoRoom);
    if (!c)
        return;
    m_demoJoined = true;
    updateBanner();
    m_view->tabs()->setCurrentIndex(ConnectionView::ChatTab);
    m_view->chat()->input()->setFocus();
    statusBar()->showMessage(tr("Joined the demo room. Send a message, then look at the "
                                "Handshake and Traffic tabs."),
                             10000);
}

void MainWindow::joinDemoThroughIntercept() {
    auto *w = new InterceptWindow(this);
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->upstreamEdit()->setText(m_demoRoom->url().toString());
    w->show();
    if (!w->start())
        return;
    w->setPaused(true);
    // Shows editing: the first held message that says "Hi!" goes on changed; the rest stay
    // held. On heldChanged, since a message is reported before it is held.
    InterceptModel *model = w->model();
    auto *once = new QObject(w);
    connect(w->proxy(), &Proxy::heldChanged, once, [w, model, once] {
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString text = InterceptModel::preview(model->row(r).bytes);
            if (model->row(r).status != InterceptModel::Status::Held ||
                !text.contains(QStringLiteral("Hi!")))
                continue;
            delete once; // disconnects: edits one message only (forwarding comes back here)
            w->table()->setCurrentIndex(model->index(r, 0));
            w->editor()->setPlainText(QString(text).replace(
                QStringLiteral("Hi!"), QStringLiteral("Hi! (edited by the proxy)")));
            w->forwardSelected();
            return;
        }
    });
    ClientOptions o = m_demoRoom->joinOptions();
    o.url = w->proxy()->serverUrl();
    o.title = tr("Demo room through the proxy");
    o.session.verifier = nullptr; // the proxy answers with its own key
    ClientConnection *c = connectTo(std::move(o));
    sayWhenSecured(c, m_options.say);
    w->raise();
}

void MainWindow::start() {
    using Demo = StartOptions::Demo;
    const Demo d = m_options.demo;
    const bool firstStart = !m_settings->hasConfiguration();
    restoreSaved();
    if (d == Demo::V1 || d == Demo::V2 || (d == Demo::Auto && firstStart)) {
        // The demo room's key is an identity of the profile, so that whoever pinned it still
        // accepts it after a restart.
        auto key = profileKey(QString::fromLatin1(kDemoIdentity), true);
        if (!key)
            statusBar()->showMessage(tr("The demo room's key is not saved: %1").arg(key.error()),
                                     10000);
        RoomOptions demo =
            demoRoomOptions(d == Demo::V2 ? 2 : 1, key ? std::move(*key) : BoxKeyPair{});
        if (key)
            demo.identity = QString::fromLatin1(kDemoIdentity);
        m_demoRoom = hostRoom(std::move(demo));
        if (m_demoRoom)
            m_demoRoom->setGreeting(
                tr("Welcome to the demo room! This message was sealed with your session's "
                   "share key and opened by your app. Write something: the room relays it to "
                   "every other member, and its host sees it."));
        updateBanner();
    }
    if (m_options.joinDemo && m_demoRoom) {
        joinDemoRoom();
        if (auto *c = qobject_cast<ClientConnection *>(current()))
            sayWhenSecured(c, m_options.say);
    }
    if (!m_options.transcript.isEmpty()) {
        QString error;
        if (!openTranscript(m_options.transcript, &error))
            statusBar()->showMessage(error, 10000);
    }
    if (!m_options.invitation.isEmpty())
        showJoinInvitationDialog(m_options.invitation);
    if (m_options.invite && m_demoRoom) {
        select(m_demoRoom);
        showInviteDialog();
    }
    if (m_options.intercept && m_demoRoom)
        joinDemoThroughIntercept();
    static const QStringList tabs = {QStringLiteral("chat"), QStringLiteral("peer"),
                                     QStringLiteral("handshake"), QStringLiteral("traffic")};
    if (const auto t = tabs.indexOf(m_options.tab); t >= 0)
        m_view->tabs()->setCurrentIndex(static_cast<int>(t));
    if (m_options.step > 0)
        m_view->handshake()->selectStep(m_options.step - 1);
}

void MainWindow::sayWhenSecured(ClientConnection *c, const QStringList &messages) {
    if (messages.isEmpty())
        return;
    // A moment after the session is secure, so that a room's greeting comes first.
    auto *once = new QObject(c);
    connect(c, &Connection::changed, once, [c, messages, once] {
        if (c->state() != SessionState::Secured)
            return;
        QTimer::singleShot(400, c, [c, messages] {
            for (const QString &m : messages)
                c->sendMessage(m, payload::Format::Text);
        });
        delete once; // disconnects: fires once
    });
}

void MainWindow::changeEvent(QEvent *e) {
    QMainWindow::changeEvent(e);
    if (e->type() == QEvent::ActivationChange) {
        updateShownConversation();
        scheduleContactsRefresh(); // a key verified in another window or by `sws pin verify`
    }
}

void MainWindow::closeEvent(QCloseEvent *e) {
    if (!askBeforeClosing()) {
        e->ignore();
        return;
    }
    m_settings->setWindowLayout(saveGeometry(), saveState());
    m_settings->sync();
    QMainWindow::closeEvent(e);
}

} // namespace sws::ui
