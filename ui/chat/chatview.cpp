#include "chat/chatview.h"

#include "chat/chathistory.h"
#include "chat/chatmodel.h"
#include "connections/connection.h"
#include "window/theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace sws::ui {

ChatView::ChatView(QWidget *parent)
    : QWidget(parent)
    , m_list(new ChatListView(this))
    , m_empty(new QLabel(this))
    , m_readers(new QLabel(this))
    , m_input(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_send(new QPushButton(tr("Send"), this)) {
    m_list->setObjectName(QStringLiteral("chatView"));
    m_list->setAccessibleName(tr("Messages"));
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setSpacing(1);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(theme::mutedStyle());

    m_readers->setObjectName(QStringLiteral("readersNote"));
    m_readers->setWordWrap(true);
    m_readers->setStyleSheet(theme::mutedStyle() + QStringLiteral(" padding: 2px 4px;"));

    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setAccessibleName(tr("Message"));
    m_input->setClearButtonEnabled(true);
    m_format->setObjectName(QStringLiteral("chatFormat"));
    m_format->addItem(tr("UTF-8 text"), static_cast<int>(payload::Format::Text));
    m_format->addItem(tr("msgpack string"), static_cast<int>(payload::Format::Msgpack));
    m_format->setToolTip(tr("How the message is encoded: plain UTF-8, or a MessagePack string "
                            "as the reference demos send"));
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);

    m_stack = new QStackedLayout;
    m_stack->addWidget(m_list);
    m_stack->addWidget(m_empty);
    auto *row = new QHBoxLayout;
    row->addWidget(m_input, 1);
    row->addWidget(m_format);
    row->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_readers);
    layout->addLayout(m_stack, 1);
    layout->addLayout(row);

    connect(m_input, &QLineEdit::returnPressed, this, &ChatView::send);
    connect(m_send, &QPushButton::clicked, this, &ChatView::send);
    connect(m_input, &QLineEdit::textChanged, this, &ChatView::updateInput);
    // Per message only what is cheap: the list follows the newest message itself.
    connect(m_list->model(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_stack->currentWidget() != m_list)
            updateEmpty();
    });
    connect(m_list->model(), &QAbstractItemModel::rowsRemoved, this, &ChatView::updateEmpty);
    connect(m_list->model(), &QAbstractItemModel::modelReset, this, &ChatView::updateEmpty);
    // Queued: not from inside the scroll bar's own signal, whose value this changes.
    connect(m_list, &ChatListView::topReached, this, &ChatView::showOlder, Qt::QueuedConnection);
    updateInput();
    updateEmpty();
    updateReadersNote();
}

void ChatView::setConnection(Connection *c) {
    if (m_connection)
        m_connection->disconnect(this);
    m_connection = c;
    m_list->setChatModel(c ? c->chat() : nullptr);
    if (c)
        connect(c, &Connection::changed, this, &ChatView::updateInput);
    updateEmpty();
    updateInput();
    updateReadersNote();
}

void ChatView::updateReadersNote() {
    // Sessions end at the host: a room opens every member's message to relay it.
    const Connection::Kind kind =
        m_connection ? m_connection->kind() : Connection::Kind::Transcript;
    if (kind == Connection::Kind::Room)
        m_readers->setText(tr("You host this room: members' messages pass through this app."));
    else if (kind == Connection::Kind::Client)
        m_readers->setText(tr("The host of this room can read every message."));
    m_readers->setVisible(kind != Connection::Kind::Transcript);
}

ChatHistory *ChatView::history() const {
    return m_connection ? m_connection->findChild<ChatHistory *>() : nullptr;
}

bool ChatView::showOlder() {
    ChatHistory *h = history();
    const int before = m_list->model()->rowCount();
    m_list->prependOlder([h] {
        if (h)
            h->fetchOlder();
    });
    return m_list->model()->rowCount() > before;
}

bool ChatView::showStored(qint64 storeId) {
    ChatHistory *h = history();
    if (!h)
        return false;
    int row = -1;
    m_list->prependOlder([&] { row = h->loadStored(storeId); });
    if (row < 0) // nothing was paged in: it was there already (or is not to be had)
        row = h->loadStored(storeId);
    const int listRow = row < 0 ? -1 : m_list->listRow(row);
    if (listRow < 0)
        return false;
    const QModelIndex i = m_list->model()->index(listRow, 0);
    m_list->scrollTo(i, QAbstractItemView::PositionAtCenter);
    m_list->selectionModel()->select(i, QItemSelectionModel::ClearAndSelect);
    m_list->setCurrentIndex(i);
    return true;
}

void ChatView::updateEmpty() {
    // The chat model's rows, not the list's: the list may hold none for a moment (chatlistview.h).
    const QAbstractItemModel *chat = m_list->chatModel();
    const bool empty = !chat || chat->rowCount() == 0;
    if (!m_connection)
        m_empty->clear();
    else if (m_connection->kind() == Connection::Kind::Room)
        m_empty->setText(tr("No messages yet.\nEvery member's messages appear here, "
                            "and what you write goes to every member."));
    else if (m_connection->kind() == Connection::Kind::Transcript)
        m_empty->setText(tr("This transcript holds no data frames."));
    else
        m_empty->setText(tr("No messages yet.\nWhat you write is sealed with the session's "
                            "share key and sent as one binary frame."));
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_list);
}

void ChatView::updateInput() {
    const bool can = m_connection && m_connection->canSend();
    m_input->setEnabled(can);
    m_format->setEnabled(can);
    m_send->setEnabled(can && !m_input->text().isEmpty());
    if (!m_connection || m_connection->kind() == Connection::Kind::Transcript)
        m_input->setPlaceholderText(tr("A transcript is read-only"));
    else if (!can)
        m_input->setPlaceholderText(tr("The session is closed"));
    else
        m_input->setPlaceholderText(
            tr("Write a message — Enter sends it, encrypted in its own frame"));
}

void ChatView::send() {
    if (!m_connection || !m_connection->canSend() || m_input->text().isEmpty())
        return;
    const auto format = static_cast<payload::Format>(m_format->currentData().toInt());
    const QString text = m_input->text();
    m_input->clear();
    m_list->followNewest();
    m_connection->sendMessage(text, format);
}

} // namespace sws::ui
