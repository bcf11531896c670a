#pragma once

#include "chat/chatconversation.h"
#include "chat/chatmodel.h"
#include "chat/payloadformat.h"
#include "connections/sessionstate.h"

#include <QObject>
#include <QString>

namespace sws {
struct FrameEvent;
}

namespace sws::ui {

class TrafficModel;
class SessionListModel;
class SessionTracker;

// One entry of the side list: a room this app hosts, a server it joined, or a saved
// transcript. Owns the models its views show (chat, traffic, sessions).
class Connection : public QObject {
    Q_OBJECT
public:
    enum class Kind { Client, Room, Transcript };
    Q_ENUM(Kind)

    Connection(Kind kind, const QString &title, QObject *parent = nullptr);
    ~Connection() override;

    Kind kind() const { return m_kind; }
    QString title() const { return m_title; }
    virtual QString address() const = 0;
    virtual SessionState state() const = 0;
    virtual int memberCount() const { return -1; } // rooms only
    virtual QString statusText() const = 0;        // one line for the status bar
    virtual QString stateText() const;             // the side list's state line
    virtual bool canSend() const { return false; }
    // Sends one chat message as UTF-8 text or a MessagePack string; the chat shows its state.
    virtual void sendMessage(const QString &text, payload::Format format);
    virtual void close() {}

    ChatModel *chat() const { return m_chat; }
    TrafficModel *traffic() const { return m_traffic; }
    SessionListModel *sessions() const { return m_sessions; }

Q_SIGNALS:
    void changed(); // state, member count or status text

protected:
    SessionTracker *addSession();
    static QByteArray encode(const QString &text, payload::Format format);
    // Lists a frame in the traffic view; enveloped: its session negotiated chat::kExtension.
    void addFrame(const FrameEvent &frame, bool enveloped, const QString &peer = {});
    static ChatModel::MessageState chatState(chat::MessageState s);

private:
    Kind m_kind;
    QString m_title;
    ChatModel *m_chat;
    TrafficModel *m_traffic;
    SessionListModel *m_sessions;
};

} // namespace sws::ui
