// A secure WebSocket client: sends one message and waits for its echo.
//   echo_client ws://127.0.0.1:PORT/ [MESSAGE]   exits 0 once the echo came back unchanged
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <session/securewebsocket.h>

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        QTextStream(stderr) << "usage: echo_client URL [MESSAGE]" << Qt::endl;
        return 2;
    }
    const QByteArray message = argc > 2 ? QByteArray(argv[2]) : QByteArray("hello");

    sws::SessionConfig config;
    config.keyPair = sws::BoxKeyPair::generate();
    sws::SecureWebSocket socket(std::move(config));
    bool echoed = false;
    QObject::connect(&socket, &sws::SecureWebSocket::secured,
                     [&] { socket.sendBinaryMessage(message); });
    QObject::connect(&socket, &sws::SecureWebSocket::binaryMessageReceived,
                     [&](const QByteArray &echo) {
                         QTextStream(stdout) << "echo: " << echo << Qt::endl;
                         echoed = true;
                         socket.close();
                         app.exit(echo == message ? 0 : 1);
                     });
    QObject::connect(&socket, &sws::SecureWebSocket::disconnected, [&] {
        if (!echoed) {
            QTextStream(stderr) << "echo_client: " << socket.errorString() << Qt::endl;
            app.exit(1);
        }
    });
    QTimer::singleShot(10000, &app, [&] { app.exit(1); }); // no echo within 10 s
    socket.open(QUrl(QString::fromLocal8Bit(argv[1])));
    return app.exec();
}
