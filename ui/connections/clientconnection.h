#pragma once

#include "chat/chatchannel.h"
#include "connections/connection.h"
#include "session/securewebsocket.h"

#include <QHash>
#include <QUrl>

namespace sws::ui {

// What joining a server needs.
struct ClientOptions {
    QUrl url;
    SessionConfig session; // version, own keys (and certificate), trusted CAs
    QString title;         // shown in the side list; the URL when empty
    // The profile identity session.keyPair came from (empty: a fresh key pair) and the profile
    // CAs in session.trustedCas; with remember, the app saves the server and joins it again at
    // start.
    QString identity;
    QStringList caNames;
    bool remember = false;
};

// A server this app joined: one SecureWebSocket, its chat and its traffic. The chat goes
// through a ChatChannel on the session: with a peer that negotiated chat::kExtension (offered
// on every join) each message is acknowledged and shown Delivered; a plain peer gets plain
// messages, which stop at Sent.
class ClientConnection : public Connection {
    Q_OBJECT
public:
    explicit ClientConnection(ClientOptions options, QObject *parent = nullptr);

    void open();
    SecureWebSocket *socket() const { return m_socket; }
    SessionTracker *tracker() const { return m_tracker; }
    ChatChannel *channel() const { return m_channel; }
    QUrl url() const { return m_url; }

    QString address() const override;
    SessionState state() const override;
    QString statusText() const override;
    bool canSend() const override;
    void sendMessage(const QString &text, payload::Format format) override;
    void close() override;

private:
    void onSecured();
    void onMessageState(quint64 id, chat::MessageState state);
    void giveUp(const QString &why);

    QUrl m_url;
    SecureWebSocket *m_socket;
    SessionTracker *m_tracker;
    ChatChannel *m_channel;
    bool m_enveloped = false;       // the session negotiated chat::kExtension
    QHash<quint64, quint64> m_rows; // channel message id → chat row, until its state is final
    QString m_giveUpReason;         // why the messages failed that giveUp() fails
};

} // namespace sws::ui
