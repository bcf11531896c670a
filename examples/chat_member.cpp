// A member of a chat room (`sws serve --mode chat`, or a room hosted by the desktop app): sends
// one message and waits until the room acknowledged it.
//   chat_member ws://HOST:PORT/ [MESSAGE]   exits 0 once the message is delivered
#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>
#include <QUrl>

#include <chat/chatchannel.h>

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        QTextStream(stderr) << "usage: chat_member URL [MESSAGE]" << Qt::endl;
        return 2;
    }
    sws::SessionConfig config;
    config.keyPair = sws::BoxKeyPair::generate();
    config.extensions = {sws::chat::kExtension}; // acknowledgements and resending

    // The channel redials a lost connection and resends what was not acknowledged.
    sws::ChatChannel channel;
    QObject::connect(&channel, &sws::ChatChannel::messageReceived,
                     [](quint64, const QByteArray &text) {
                         QTextStream(stdout) << "room: " << text << Qt::endl;
                     });
    QObject::connect(&channel, &sws::ChatChannel::messageStateChanged,
                     [&](quint64, sws::chat::MessageState state) {
                         if (state == sws::chat::MessageState::Delivered) {
                             QTextStream(stdout) << "delivered" << Qt::endl;
                             app.exit(0);
                         } else if (state == sws::chat::MessageState::Failed) {
                             app.exit(1);
                         }
                     });
    QTimer::singleShot(10000, &app, [&] { app.exit(1); }); // not delivered within 10 s
    channel.connectTo(QUrl(QString::fromLocal8Bit(argv[1])), std::move(config));
    channel.sendMessage(argc > 2 ? QByteArray(argv[2]) : QByteArray("hello, room"));
    const int status = app.exec();
    channel.disconnectFromPeer();
    return status;
}
