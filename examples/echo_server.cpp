// A secure WebSocket echo server: sends every message back to its sender.
//   echo_server [PORT]      prints "listening ws://127.0.0.1:PORT/" once it listens
#include <QCoreApplication>
#include <QTextStream>

#include <session/securewebsocketserver.h>

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const quint16 port = argc > 1 ? QByteArray(argv[1]).toUShort() : 0;

    sws::ServerConfig config;
    config.session.keyPair = sws::BoxKeyPair::generate(); // a new key for every run
    sws::SecureWebSocketServer server(std::move(config));
    if (!server.listen(QHostAddress::LocalHost, port)) {
        QTextStream(stderr) << "echo_server: " << server.errorString() << Qt::endl;
        return 1;
    }
    // Each session that completed the handshake echoes what it receives.
    QObject::connect(&server, &sws::SecureWebSocketServer::sessionSecured,
                     [](sws::SecureWebSocket *session) {
                         QObject::connect(session, &sws::SecureWebSocket::binaryMessageReceived,
                                          session, [session](const QByteArray &message) {
                                              session->sendBinaryMessage(message);
                                          });
                     });
    QTextStream(stdout) << "listening " << server.serverUrl().toString() << Qt::endl;
    return app.exec();
}
