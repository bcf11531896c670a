#pragma once

#include "clientconnection.h"
#include "connection.h"
#include "naclcert.h"
#include "relay.h"
#include "reliablechat.h"
#include "securewebsocketserver.h"

#include <QHash>
#include <QHostAddress>
#include <QPair>

namespace sws::ui {

// What hosting a room needs.
struct RoomOptions {
    QString title;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port
    QString path;     // empty: any path
    int version = 1;
    BoxKeyPair keyPair;
    std::optional<cert::Certificate> certificate; // v2: the room's certificate
    QList<cert::Certificate> trustedCas;          // v2: CAs for client certificates
    bool requireCert = false;
    Relay::Mode relay = Relay::Mode::Chat; // what the room does with a member's message
    // A CA held in memory (the demo): one-click joins get a certificate signed by it.
    std::optional<cert::CaKey> issuingCa;
};

// A room this app hosts: a SecureWebSocketServer and one ChatChannel per member key (ChatHost),
// through which it receives, relays (RoomOptions::relay) and sends. Members that negotiated
// chat::kExtension acknowledge what the room sends them, and the room acknowledges theirs; plain
// members (node-sws) get plain messages. The chat shows every member's messages (sender: the
// short fingerprint of its key) and the room's own, Delivered once every member acknowledged.
class HostedRoom : public Connection {
    Q_OBJECT
public:
    explicit HostedRoom(RoomOptions options, QObject *parent = nullptr);
    ~HostedRoom() override;

    bool start(); // listen; errorString() says why not
    QString errorString() const { return m_error; }
    QUrl url() const;
    SecureWebSocketServer *server() const { return m_server; }
    ChatHost *chatHost() const { return m_chatHost; }
    const RoomOptions &options() const { return m_options; }
    // A client that can join this room from this app: fresh keys, the room's CA trusted.
    ClientOptions joinOptions() const;

    QString address() const override;
    SessionState state() const override;
    int memberCount() const override;
    QString statusText() const override;
    bool canSend() const override;
    void sendMessage(const QString &text, payload::Format format) override;
    void close() override;

    static QString relayName(Relay::Mode m);
    // Sent to every member once its session is secure (the demo room says hello).
    void setGreeting(const QString &text) { m_greeting = text; }

private:
    // One chat row the room sent, and the state of each member it went to.
    struct Recipient {
        QString name; // the member's short fingerprint
        chat::MessageState state = chat::MessageState::Queued;
        bool plain = false; // cannot acknowledge: Sent is final
    };
    struct Outgoing {
        QHash<ChatChannel *, Recipient> to; // keys only identify: a channel may be gone
    };

    void onHandshakeStarted(SecureWebSocket *session);
    void onSecured(SecureWebSocket *session);
    void onChannelCreated(ChatChannel *channel);
    void onMemberMessage(ChatChannel *from, const QByteArray &message);
    void onMessageState(ChatChannel *channel, quint64 id, chat::MessageState state);
    QList<ChatChannel *> members() const; // channels with a session now
    // Sends bytes to each channel; the row shows how far they got.
    void sendTracked(quint64 row, const QByteArray &bytes, const QList<ChatChannel *> &to);
    void updateRow(quint64 row);

    RoomOptions m_options;
    SecureWebSocketServer *m_server;
    ChatHost *m_chatHost;
    QHash<quint64, Outgoing> m_outgoing;                  // chat row → its recipients
    QHash<QPair<ChatChannel *, quint64>, quint64> m_rows; // (channel, message id) → chat row
    QString m_error;
    QString m_greeting;
    bool m_closed = false;
};

// The room a first start hosts: 127.0.0.1, any port, chat relay. Version 2 adds a CA made in
// memory, a certificate for the room and client certificates on join.
RoomOptions demoRoomOptions(int version = 1);

} // namespace sws::ui
