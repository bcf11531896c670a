#include "connections/connectionview.h"

#include "chat/chatview.h"
#include "connections/connection.h"
#include "connections/sessionlistmodel.h"
#include "inspector/handshakeview.h"
#include "inspector/peerpanel.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficview.h"
#include "window/theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStringListModel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sws::ui {

ConnectionView::ConnectionView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_state(new QLabel(this))
    , m_sessionLabel(new QLabel(tr("Session:"), this))
    , m_sessions(new QComboBox(this))
    , m_tabs(new QTabWidget(this))
    , m_chat(new ChatView(this))
    , m_peer(new PeerPanel(this))
    , m_handshake(new HandshakeView(this))
    , m_traffic(new TrafficView(this))
    , m_noSessions(new QStringListModel(this)) {
    m_tabs->setObjectName(QStringLiteral("connectionTabs"));
    m_sessions->setObjectName(QStringLiteral("sessionPicker"));
    m_sessions->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sessions->setMinimumContentsLength(28);
    m_sessions->setPlaceholderText(tr("no member yet"));
    m_sessions->setToolTip(tr("The member session the Peer and Handshake tabs show"));
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.35);
    f.setBold(true);
    m_title->setFont(f);
    m_state->setTextFormat(Qt::RichText);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_tabs->addTab(m_chat, tr("Chat"));
    m_tabs->addTab(m_peer, tr("Peer"));
    m_tabs->addTab(m_handshake, tr("Handshake"));
    m_tabs->addTab(m_traffic, tr("Traffic"));
    m_tabs->setDocumentMode(true);

    auto *header = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_state);
    header->addLayout(titles, 1);
    header->addWidget(m_sessionLabel);
    header->addWidget(m_sessions);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);

    connect(m_sessions, &QComboBox::activated, this, [this](int row) {
        m_userPicked = true;
        pickSession(row);
    });
}

void ConnectionView::setConnection(Connection *c) {
    if (m_connection) {
        m_connection->disconnect(this);
        m_connection->sessions()->disconnect(this);
    }
    m_connection = c;
    m_userPicked = false;
    m_chat->setConnection(c);
    m_traffic->setConnection(c);
    // QComboBox takes no null model; an empty one stands in.
    m_sessions->setModel(c ? static_cast<QAbstractItemModel *>(c->sessions()) : m_noSessions);
    if (c) {
        connect(c, &Connection::changed, this, &ConnectionView::updateHeader);
        connect(c->sessions(), &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int, int last) {
                    if (!m_userPicked) // follow the newest member until one is picked
                        pickSession(last);
                });
        connect(c->sessions(), &QAbstractItemModel::rowsRemoved, this,
                [this] { pickSession(m_sessions->currentIndex()); });
    }
    const int count = c ? c->sessions()->rowCount() : 0;
    pickSession(count - 1);
    updateHeader();
}

void ConnectionView::pickSession(int row) {
    SessionTracker *t = m_connection ? m_connection->sessions()->at(row) : nullptr;
    if (m_sessions->currentIndex() != row)
        m_sessions->setCurrentIndex(row);
    m_peer->setTracker(t);
    m_handshake->setTracker(t);
}

void ConnectionView::updateHeader() {
    if (!m_connection) {
        m_title->clear();
        m_state->clear();
        m_sessionLabel->hide();
        m_sessions->hide();
        return;
    }
    const bool many = m_connection->kind() != Connection::Kind::Client;
    m_sessionLabel->setText(m_connection->kind() == Connection::Kind::Room ? tr("Member:")
                                                                           : tr("Session:"));
    m_sessionLabel->setVisible(many);
    m_sessions->setVisible(many);
    m_sessions->setEnabled(m_connection->sessions()->rowCount() > 0);
    m_title->setText(m_connection->title());
    const SessionState s = m_connection->state();
    m_state->setText(
        QStringLiteral("<span style='color:%1;font-weight:bold'>● %2</span>"
                       "&nbsp;&nbsp;<span style='color:%4'>%3</span>")
            .arg(theme::color(sessionStateTone(s)).name(), theme::escape(sessionStateName(s)),
                 theme::escape(m_connection->address()), theme::muted(palette()).name()));
}

} // namespace sws::ui
