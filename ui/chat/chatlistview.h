#pragma once

#include <QListView>
#include <QPointer>

#include <functional>

class QTimer;

namespace sws::ui {

// The chat's message list (ChatView), built to stay live while a session streams thousands of
// messages a second.
//
// QListView lays every row out again after each insertion, and a bubble's size needs its text
// shaped (25 µs for a short message, a millisecond for a long one). So the list
// - remembers each message's size (for the current width and font) and measures new messages
//   ahead, in slices of at most 2 ms per event-loop pass, while they wait to be shown;
// - takes in new messages at most every 33 ms, in one insertion (at once when they come one by
//   one, as people type);
// - takes in only what it can lay out in about 8 ms: when messages come faster than that, it
//   jumps to the newest ones (the older ones stay in the model) and takes the rest in once the
//   stream pauses for 300 ms; the same when it is shown after being hidden (hidden, it takes
//   in everything, as nothing is laid out);
// - follows the newest message while scrolled to the bottom;
// - says when the user scrolled to the top (topReached()), and puts older rows in above
//   without moving what the user reads (prependOlder()).
// Its model() is a view of the chat model set with setChatModel(): the same rows, in the same
// order, possibly without the oldest ones while a stream is running.
class ChatListView : public QListView {
    Q_OBJECT
public:
    explicit ChatListView(QWidget *parent = nullptr);
    ~ChatListView() override;

    void setChatModel(QAbstractItemModel *chat); // ChatModel, or null
    QAbstractItemModel *chatModel() const;
    bool followsNewest() const { return m_follow; }
    void followNewest(); // scrolls to the bottom and stays there
    // Messages set aside unseen because they came faster than the list could lay them out
    // (taken in once the stream pauses, if the model still holds them).
    qint64 skippedMessages() const;
    // True when a message appended now is taken in at once (no insertion in the last 33 ms).
    bool takesNextAtOnce() const;
    // Older rows above the first one shown: the chat model's rows the list set aside, or else
    // what fetch() puts before the model's first row. The row at the top of the viewport stays
    // where it is on screen.
    void prependOlder(const std::function<void()> &fetch);
    // The row of the chat model's row in this list's model (-1 when it is not shown).
    int listRow(int chatRow) const;

Q_SIGNALS:
    void topReached(); // the user scrolled to the very top

protected:
    void doItemsLayout() override;
    bool event(QEvent *e) override;

private:
    class Sizes;
    class Feed;
    int admit(int from, int to) const; // how many of the newest of these source rows to take
    void measureAhead();
    QStyleOptionViewItem itemOption() const;

    Sizes *m_sizes;
    Feed *m_feed;
    QTimer *m_measure; // measureAhead() in the next event-loop pass
    QTimer *m_idle;    // the stream paused: take in the older rows
    bool m_follow = true;
    bool m_backfill = false; // measureAhead() measures the rows before the window too
};

} // namespace sws::ui
