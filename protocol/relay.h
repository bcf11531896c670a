#pragma once

#include <QObject>

namespace sws {

class SecureWebSocketServer;
class SecureWebSocket;

// What a hosted room does with the messages it receives.
class Relay : public QObject {
    Q_OBJECT
public:
    enum class Mode {
        None, // messages are only reported (the desktop app shows them)
        Echo, // every message goes back to its sender
        Chat  // every message goes to every other secured member
    };
    Q_ENUM(Mode)

    // Attaches to server (not owned); serves every session it secures from now on.
    Relay(SecureWebSocketServer *server, Mode mode, QObject *parent = nullptr);
    Mode mode() const { return m_mode; }
    qint64 relayedMessages() const { return m_relayed; }

Q_SIGNALS:
    void messageReceived(sws::SecureWebSocket *from, const QByteArray &message);

private:
    void attach(SecureWebSocket *session);
    SecureWebSocketServer *m_server;
    Mode m_mode;
    qint64 m_relayed = 0;
};

} // namespace sws
