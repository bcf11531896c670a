#pragma once

#include "chat/chatchannel.h"
#include "chat/chatjournal.h"
#include "connections/connection.h"
#include "session/securewebsocket.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace sws::ui {

class ChatHistory;

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
    // Dial again also when the first connection cannot be made (a server joined at start may
    // not be up yet); otherwise only a session that was secured once is dialled again.
    bool retryFirst = false;
};

// A server this app joined: its SecureWebSocket, its chat and its traffic. The chat goes
// through a ChatChannel on the session: with a peer that negotiated chat::kExtension (offered
// on every join) each message is acknowledged and shown Delivered; a plain peer gets plain
// messages, which stop at Sent.
//
// Once secured, a session lost with the network or the peer (the connection drops, close 1001,
// 1006, 1011-1014, or the server cannot be reached) is dialled again with a new session on
// the same conversation, after 1 s, doubling up to 30 s, until close(): what was not
// acknowledged is sent again. Meanwhile the state is Connecting and stateText() says
// "reconnecting in 4 s…". Security failures (a changed key, a refused certificate), a normal
// close by the peer and a first connection that fails end it as before.
class ClientConnection : public Connection {
    Q_OBJECT
public:
    explicit ClientConnection(ClientOptions options, QObject *parent = nullptr);
    // The channel (a child, deleted after the members) lets go of the journal first, giving
    // it what it has not written yet.
    ~ClientConnection() override;

    void open();
    // The current session (the newest attempt); replaced on reconnect (socketCreated()).
    SecureWebSocket *socket() const { return m_socket; }
    bool reconnecting() const { return m_redialTimer.isActive(); }
    int reconnectDelayMs() const { return m_redialDelayMs; }
    SessionTracker *tracker() const { return m_tracker; }
    ChatChannel *channel() const { return m_channel; }
    QUrl url() const { return m_url; }

    QString address() const override;
    SessionState state() const override;
    QString stateText() const override;
    QString statusText() const override;
    bool canSend() const override;
    void sendMessage(const QString &text, payload::Format format) override;
    void close() override;

    // Keeps the conversation in store under ref (README, "Nothing lost"): messages written
    // while the server is away, or sent and not yet acknowledged, are on disk and go out when
    // a session is back, also after a restart; received ones are recorded with the
    // conversation's state. history (which restored the chat) stops recording and lends the
    // chat rows of the restored pending messages. store must outlive this connection.
    void keepConversation(HistoryStore *store, const HistoryStore::Ref &ref, ChatHistory *history);
    // Until releaseHold() (keepConversation() releases too), open() waits and messages are only
    // shown, queued: the saved conversation must be restored before the first session.
    void holdUntilReleased();
    void releaseHold();
    bool held() const { return m_held; }
    ChatJournal *journal() const { return m_journal.get(); }
    // Stops keeping the conversation state (another connection keeps that conversation): the
    // conversation goes on in memory, its chat is recorded as text.
    void dropJournal();

Q_SIGNALS:
    // A new session for a reconnect, before it opens (the first one is socket() at once).
    void socketCreated(sws::SecureWebSocket *socket);

private:
    void makeSocket();
    void onSessionEnded(const QString &why);
    bool shouldReconnect() const;
    void redial();
    void onSecured();
    void onMessageState(quint64 id, chat::MessageState state);
    void giveUp(const QString &why);

    QUrl m_url;
    SessionConfig m_config; // cloned for every session
    SecureWebSocket *m_socket = nullptr;
    SessionTracker *m_tracker = nullptr;
    ChatChannel *m_channel;
    QTimer m_redialTimer;
    QTimer m_countdown; // refreshes "reconnecting in N s…"
    int m_redialDelayMs = 0;
    qint64 m_redialAt = 0; // ms since the epoch
    bool m_everSecured = false;
    bool m_retryFirst = false;
    bool m_closing = false;         // close() was called: never reconnect
    bool m_enveloped = false;       // the session negotiated chat::kExtension
    QHash<quint64, quint64> m_rows; // channel message id → chat row, until its state is final
    QString m_giveUpReason;         // why the messages failed that giveUp() fails
    std::unique_ptr<ChatJournal> m_journal;
    bool m_held = false;
    bool m_openWhenReleased = false;
    QList<std::pair<quint64, QByteArray>> m_heldMessages; // chat row, payload
};

} // namespace sws::ui
