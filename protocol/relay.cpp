#include "relay.h"

#include "securewebsocketserver.h"

namespace sws {

Relay::Relay(SecureWebSocketServer *server, Mode mode, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_mode(mode) {
    connect(server, &SecureWebSocketServer::sessionSecured, this,
            [this](SecureWebSocket *s) { attach(s); });
}

void Relay::attach(SecureWebSocket *session) {
    connect(session, &SecureWebSocket::binaryMessageReceived, this,
            [this, session](const QByteArray &message) {
                Q_EMIT messageReceived(session, message);
                switch (m_mode) {
                case Mode::None:
                    break;
                case Mode::Echo:
                    if (session->sendBinaryMessage(message) >= 0)
                        ++m_relayed;
                    break;
                case Mode::Chat:
                    for (SecureWebSocket *other : m_server->sessions())
                        if (other != session && other->sendBinaryMessage(message) >= 0)
                            ++m_relayed;
                    break;
                }
            });
}

} // namespace sws
