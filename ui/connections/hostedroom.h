#pragma once

#include "cert/naclcert.h"
#include "chat/room.h"
#include "connections/clientconnection.h"
#include "connections/connection.h"
#include "session/securewebsocketserver.h"

#include <QHash>
#include <QHostAddress>
#include <QPair>

namespace sws::ui {

// What hosting a room needs.
struct RoomOptions {
    QString title;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port
    // Path (empty: any), version, keys, v2 certificate, CAs for client certificates, limits.
    // The room adds its chat extension.
    ServerConfig server;
    Room::Mode relay = Room::Mode::Chat; // what the room does with a member's message
    // A CA held in memory (the demo): one-click joins get a certificate signed by it.
    std::optional<cert::CaKey> issuingCa;
    // The profile identity keyPair came from and the profile CAs in trustedCas; with remember,
    // the app saves the room (AppSettings::saveRoom) and opens it again at start.
    QString identity;
    QStringList caNames;
    bool remember = false;
    bool openAtStart = true; // remembered: opened again at start
};

// A room this app hosts: a SecureWebSocketServer and a sws::Room on it (one ChatChannel per
// member key), which receives, relays (RoomOptions::relay), acknowledges and sends exactly as
// `sws serve` does. This class maps the room onto the ui models: the chat shows every member's
// messages (sender: the short fingerprint of its key), joins and leaves, and the room's own
// messages with their aggregated state (Delivered once every member acknowledged).
class HostedRoom : public Connection {
    Q_OBJECT
public:
    explicit HostedRoom(RoomOptions options, QObject *parent = nullptr);
    ~HostedRoom() override;

    bool start(); // listen; errorString() says why not
    QString errorString() const { return m_error; }
    QUrl url() const;
    SecureWebSocketServer *server() const { return m_server; }
    Room *room() const { return m_room; }
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

    static QString relayName(Room::Mode m);
    // Sent to every member once its session is secure (the demo room says hello).
    void setGreeting(const QString &text) { m_greeting = text; }

private:
    void onHandshakeStarted(SecureWebSocket *session);
    void onMemberJoined(ChatChannel *member, SecureWebSocket *session, bool replaced);
    void onDelivery(quint64 id);
    void trackRow(quint64 row, quint64 id);

    RoomOptions m_options;
    SecureWebSocketServer *m_server;
    Room *m_room;
    QHash<quint64, quint64> m_rows; // room message id → chat row, until settled
    QString m_error;
    QString m_greeting;
    bool m_closed = false;
};

// The room a first start hosts: 127.0.0.1, any port, chat relay. Version 2 adds a CA made in
// memory, a certificate for the room and client certificates on join. keyPair: the room's key
// (the app passes the profile's "demo-room" identity, so the key survives restarts); empty: a
// fresh one.
RoomOptions demoRoomOptions(int version = 1, BoxKeyPair keyPair = {});

} // namespace sws::ui
