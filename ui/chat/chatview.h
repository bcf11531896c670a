#pragma once

#include "chat/chatlistview.h"

#include <QPointer>
#include <QWidget>

class QLineEdit;
class QComboBox;
class QPushButton;
class QLabel;
class QStackedLayout;

namespace sws::ui {

class ChatHistory;
class Connection;

// The selected connection's chat: the message list and a line to type in (Enter sends).
class ChatView : public QWidget {
    Q_OBJECT
public:
    explicit ChatView(QWidget *parent = nullptr);
    void setConnection(Connection *c);
    ChatListView *list() const { return m_list; }
    QLineEdit *input() const { return m_input; }
    // Pages older messages in from the connection's history (ChatHistory), as scrolling to the
    // top does; false when there is nothing older.
    bool showOlder();
    // Pages in the history until the message (its store id) is there, scrolls to it and
    // selects it; false when it cannot be found.
    bool showStored(qint64 storeId);
    // Who can read this chat besides its members: always shown for a joined server or a
    // hosted room (they relay, so they read), hidden for a transcript.
    QLabel *readersNote() const { return m_readers; }

private:
    void send();
    void updateInput();
    void updateEmpty();
    ChatHistory *history() const;
    void updateReadersNote();

    QPointer<Connection> m_connection;
    ChatListView *m_list; // keeps up with a streaming session (chatlistview.h)
    QLabel *m_empty;
    QLabel *m_readers;
    QStackedLayout *m_stack;
    QLineEdit *m_input;
    QComboBox *m_format;
    QPushButton *m_send;
};

} // namespace sws::ui
