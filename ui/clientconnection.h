#pragma once

#include "connection.h"
#include "securewebsocket.h"

#include <QUrl>

#include <deque>

namespace sws::ui {

// What joining a server needs.
struct ClientOptions {
    QUrl url;
    SessionConfig session; // version, own keys (and certificate), trusted CAs
    QString title;         // shown in the side list; the URL when empty
};

// A server this app joined: one SecureWebSocket, its chat and its traffic.
class ClientConnection : public Connection {
    Q_OBJECT
public:
    explicit ClientConnection(ClientOptions options, QObject *parent = nullptr);

    void open();
    SecureWebSocket *socket() const { return m_socket; }
    SessionTracker *tracker() const { return m_tracker; }
    QUrl url() const { return m_url; }

    QString address() const override;
    SessionState state() const override;
    QString statusText() const override;
    bool canSend() const override;
    void sendMessage(const QString &text, payload::Format format) override;
    void close() override;

private:
    void onFrame(const FrameEvent &f);
    void onReceived(const QByteArray &message);
    void failOutstanding(const QString &why);

    QUrl m_url;
    SecureWebSocket *m_socket;
    SessionTracker *m_tracker;
    std::deque<quint64> m_outstanding; // chat ids in send order, until their frame leaves
};

} // namespace sws::ui
