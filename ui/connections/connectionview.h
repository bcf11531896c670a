#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QTabWidget;
class QAbstractItemModel;

namespace sws::ui {

class Connection;
class ChatView;
class PeerPanel;
class HandshakeView;
class TrafficView;

// The selected connection: a header (title, state, the session picked for rooms) and four
// tabs: Chat, Peer, Handshake, Traffic.
class ConnectionView : public QWidget {
    Q_OBJECT
public:
    enum Tab { ChatTab, PeerTab, HandshakeTab, TrafficTab };

    explicit ConnectionView(QWidget *parent = nullptr);
    void setConnection(Connection *c);
    Connection *connection() const { return m_connection; }

    QTabWidget *tabs() const { return m_tabs; }
    ChatView *chat() const { return m_chat; }
    PeerPanel *peer() const { return m_peer; }
    HandshakeView *handshake() const { return m_handshake; }
    TrafficView *traffic() const { return m_traffic; }
    QComboBox *sessionPicker() const { return m_sessions; }

private:
    void pickSession(int row);
    void updateHeader();

    QPointer<Connection> m_connection;
    QLabel *m_title;
    QLabel *m_state;
    QLabel *m_sessionLabel;
    QComboBox *m_sessions;
    QTabWidget *m_tabs;
    ChatView *m_chat;
    PeerPanel *m_peer;
    HandshakeView *m_handshake;
    TrafficView *m_traffic;
    QAbstractItemModel *m_noSessions;
    bool m_userPicked = false;
};

} // namespace sws::ui
