#include "chat/chatlistview.h"

#include "chat/chatdelegate.h"
#include "chat/chatmodel.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QEvent>
#include <QHash>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <functional>

namespace sws::ui {

namespace {
constexpr int kIntervalMs = 33;          // new rows reach the list at most this often
constexpr qint64 kLayoutBudgetUs = 8000; // measuring in one layout, or taken in at once
constexpr qint64 kSliceUs = 2000;        // measuring ahead, per event-loop pass
constexpr int kIdleMs = 300;             // no new message this long: the stream paused
} // namespace

// ChatDelegate's sizes, remembered per message id for one viewport width and font. A bubble's
// height depends on its text, format and kind, the width and the font, never on its delivery
// state. Also learns what measuring costs: microseconds per character (plus 100 characters'
// worth per message).
class ChatListView::Sizes : public ChatDelegate {
public:
    using ChatDelegate::ChatDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override {
        const auto *view = qobject_cast<const QAbstractItemView *>(option.widget);
        const int width = view ? view->viewport()->width() : option.rect.width();
        if (width != m_width || option.font != m_font) {
            m_sizes.clear();
            m_width = width;
            m_font = option.font;
        }
        const quint64 id = index.data(ChatModel::IdRole).toULongLong();
        if (const auto it = m_sizes.constFind(id); it != m_sizes.cend())
            return *it;
        QElapsedTimer t;
        t.start();
        const QSize size = ChatDelegate::sizeHint(option, index);
        const double us = static_cast<double>(t.nsecsElapsed()) / 1000;
        const double weight = static_cast<double>(weightOf(index));
        m_usPerChar += (us / weight - m_usPerChar) / 64; // a moving average
        m_sizes.insert(id, size);
        return size;
    }
    bool valid(int width, const QFont &font) const { return width == m_width && font == m_font; }
    bool has(const QModelIndex &i) const {
        return m_sizes.contains(i.data(ChatModel::IdRole).toULongLong());
    }
    qint64 costUs(const QModelIndex &i) const { // what measuring it would take
        return static_cast<qint64>(m_usPerChar * static_cast<double>(weightOf(i))) + 1;
    }
    qint64 rowsPer(qint64 us) const { // a typical number of rows measured in that time
        return std::max<qint64>(16,
                                static_cast<qint64>(static_cast<double>(us) / (m_usPerChar * 160)));
    }
    void forget(quint64 id) { m_sizes.remove(id); }
    // Drops what belongs to messages the model no longer holds (ids grow with the row).
    void forgetBelow(quint64 firstId) {
        m_sizes.removeIf([firstId](const auto &it) { return it.key() < firstId; });
    }
    void clear() { m_sizes.clear(); }

private:
    static qint64 weightOf(const QModelIndex &i) {
        return i.data(ChatModel::TextRole).toString().size() + 100;
    }
    mutable int m_width = -1;
    mutable QFont m_font;
    mutable QHash<quint64, QSize> m_sizes;
    mutable double m_usPerChar = 0.25;
};

// The chat model as the list sees it: the source's rows [first, first + count). Rows the source
// appends are taken in at most every kIntervalMs (at once after a quiet interval), as many of
// the newest as admit() allows; when that is not all, the window jumps to the newest rows.
// Changes inside the window (removals, insertions, state changes, resets) are passed on at
// once, so that the window is always a contiguous run of source rows.
class ChatListView::Feed : public QAbstractListModel {
public:
    std::function<int(int from, int to)> admit;

    bool takesNextAtOnce() const { return !m_timer.isActive() && m_since.elapsed() >= kIntervalMs; }

    explicit Feed(QObject *parent)
        : QAbstractListModel(parent) {
        m_timer.setObjectName(QStringLiteral("chatFeedFlush"));
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &Feed::flush);
        m_since.start();
    }

    QAbstractItemModel *source() const { return m_source; }
    int first() const { return m_first; }
    int end() const { return m_first + m_count; }
    qint64 skipped() const { return m_skipped; }

    void setSource(QAbstractItemModel *source) {
        beginResetModel();
        if (m_source)
            m_source->disconnect(this);
        m_source = source;
        m_first = 0;
        m_count = source ? source->rowCount() : 0;
        m_skipped = 0;
        m_timer.stop();
        if (source)
            connectSource(source);
        endResetModel();
    }

    int rowCount(const QModelIndex &parent = {}) const override {
        return parent.isValid() ? 0 : m_count;
    }
    QVariant data(const QModelIndex &i, int role) const override {
        return m_source && i.row() < m_count ? m_source->index(m_first + i.row(), 0).data(role)
                                             : QVariant();
    }
    QHash<int, QByteArray> roleNames() const override {
        return m_source ? m_source->roleNames() : QHash<int, QByteArray>();
    }

    // Takes in what the source appended since the last time, as admit() allows.
    void flush() {
        if (m_flushing) // a view reacting to the rows of this flush asked for one
            return;
        m_timer.stop();
        m_since.restart();
        const int rows = m_source ? m_source->rowCount() : 0;
        if (rows <= end())
            return;
        const QScopedValueRollback<bool> flushing(m_flushing, true);
        const int pending = rows - end();
        const int take = admit ? std::clamp(admit(end(), rows), 0, pending) : pending;
        if (take == pending) {
            beginInsertRows({}, m_count, m_count + pending - 1);
            m_count += pending;
            endInsertRows();
            return;
        }
        keepNewest(0, false); // a jump: the window starts again at the newest rows
        m_skipped += pending - take;
        m_first = rows - take;
        if (take > 0) {
            beginInsertRows({}, 0, take - 1);
            m_count = take;
            endInsertRows();
        }
    }
    // Lets go of the older rows of the window, keeping the newest n; counted as skipped when
    // the list never showed them (it was hidden).
    void keepNewest(int n, bool unseen) {
        if (n >= m_count)
            return;
        const int drop = m_count - n;
        if (unseen)
            m_skipped += drop;
        beginRemoveRows({}, 0, drop - 1);
        m_first += drop;
        m_count = n;
        endRemoveRows();
    }
    // Takes in the rows before the window.
    void extendToStart() {
        if (m_first == 0)
            return;
        beginInsertRows({}, 0, m_first - 1);
        m_count += m_first;
        m_first = 0;
        endInsertRows();
    }

private:
    void connectSource(QAbstractItemModel *source) {
        connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
                [this](const QModelIndex &, int first, int last) {
                    m_inserting = first < m_first || (first == m_first && m_first > 0) ? Before
                                  : first < end()                                      ? Inside
                                                                                       : After;
                    if (m_inserting == Inside)
                        beginInsertRows({}, first - m_first, last - m_first);
                });
        connect(source, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) {
                    const int n = last - first + 1;
                    if (m_inserting == Inside) {
                        m_count += n;
                        endInsertRows();
                    } else if (m_inserting == Before) {
                        m_first += n;
                    } else {
                        appended();
                    }
                });
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex &, int first, int last) {
                    m_removedBefore = first < m_first ? std::min(last, m_first - 1) - first + 1 : 0;
                    const int lo = std::max(first, m_first);
                    const int hi = std::min(last, end() - 1);
                    m_removing = hi >= lo ? hi - lo + 1 : 0;
                    if (m_removing > 0)
                        beginRemoveRows({}, lo - m_first, hi - m_first);
                });
        connect(source, &QAbstractItemModel::rowsRemoved, this, [this] {
            m_first -= m_removedBefore;
            if (m_removing > 0) {
                m_count -= m_removing;
                m_removing = 0;
                endRemoveRows();
            }
        });
        connect(source, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                    const int lo = std::max(from.row(), m_first);
                    const int hi = std::min(to.row(), end() - 1);
                    if (hi >= lo)
                        Q_EMIT dataChanged(index(lo - m_first), index(hi - m_first), roles);
                });
        auto reset = [this] {
            beginResetModel();
            m_first = 0;
            m_count = m_source->rowCount();
            endResetModel();
        };
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, &Feed::beginResetModel);
        connect(source, &QAbstractItemModel::modelReset, this, [this] {
            m_first = 0;
            m_count = m_source->rowCount();
            endResetModel();
        });
        connect(source, &QAbstractItemModel::layoutChanged, this, reset);
        connect(source, &QAbstractItemModel::rowsMoved, this, reset);
        connect(source, &QObject::destroyed, this, [this] { setSource(nullptr); });
    }

    void appended() {
        if (m_timer.isActive())
            return;
        const qint64 since = m_since.elapsed();
        if (since >= kIntervalMs)
            flush();
        else
            m_timer.start(static_cast<int>(kIntervalMs - since));
    }

    enum Insertion { Before, Inside, After };
    QPointer<QAbstractItemModel> m_source;
    int m_first = 0;
    int m_count = 0;
    qint64 m_skipped = 0;
    Insertion m_inserting = After; // between rowsAboutToBeInserted and rowsInserted
    int m_removing = 0;            // between rowsAboutToBeRemoved and rowsRemoved
    int m_removedBefore = 0;
    bool m_flushing = false;
    QTimer m_timer;
    QElapsedTimer m_since; // since rows were last taken in
};

ChatListView::ChatListView(QWidget *parent)
    : QListView(parent)
    , m_sizes(new Sizes(this))
    , m_feed(new Feed(this))
    , m_measure(new QTimer(this))
    , m_idle(new QTimer(this)) {
    setItemDelegate(m_sizes);
    setModel(m_feed);
    setResizeMode(QListView::Adjust);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_feed->admit = [this](int from, int to) { return admit(from, to); };
    m_measure->setObjectName(QStringLiteral("chatMeasureAhead"));
    m_measure->setSingleShot(true);
    m_measure->setInterval(0);
    connect(m_measure, &QTimer::timeout, this, &ChatListView::measureAhead);
    m_idle->setObjectName(QStringLiteral("chatStreamPaused"));
    m_idle->setSingleShot(true);
    m_idle->setInterval(kIdleMs);
    connect(m_idle, &QTimer::timeout, this, [this] {
        if (m_feed->first() == 0)
            return;
        m_backfill = true;
        m_measure->start();
    });

    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int v) {
        m_follow = v >= bar->maximum() - 4;
        if (v == bar->minimum() && bar->maximum() > bar->minimum())
            Q_EMIT topReached();
        if (m_follow && m_feed->first() > 0)
            m_idle->start(); // older rows wait for the user to be back at the bottom
    });
    // Following the newest message: whenever a layout grows the list, stay at the bottom.
    // (Scrolling on each insertion instead would force a layout per message.)
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_follow)
            bar->setValue(max);
    });
    connect(m_feed, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                // A state change keeps the size; anything else measures again.
                static const QList<int> sizeRoles = {Qt::DisplayRole, ChatModel::TextRole,
                                                     ChatModel::FormatRole, ChatModel::NoticeRole};
                const bool resize =
                    roles.isEmpty() || std::any_of(roles.begin(), roles.end(),
                                                   [](int r) { return sizeRoles.contains(r); });
                for (int r = from.row(); resize && r <= to.row(); ++r)
                    m_sizes->forget(m_feed->index(r).data(ChatModel::IdRole).toULongLong());
                viewport()->update();
            });
}

ChatListView::~ChatListView() = default;

void ChatListView::setChatModel(QAbstractItemModel *chat) {
    if (QAbstractItemModel *old = m_feed->source())
        old->disconnect(this);
    m_sizes->clear();
    m_backfill = false;
    m_idle->stop();
    m_feed->setSource(chat);
    if (chat) {
        connect(chat, &QAbstractItemModel::rowsInserted, this, [this] {
            if (!m_measure->isActive() && isVisible())
                m_measure->start();
            m_idle->start(); // (the list may jump when it takes these in)
        });
        connect(chat, &QAbstractItemModel::rowsRemoved, this, [this, chat] {
            if (chat->rowCount() > 0)
                m_sizes->forgetBelow(chat->index(0, 0).data(ChatModel::IdRole).toULongLong());
        });
        connect(chat, &QAbstractItemModel::modelReset, this, [this] { m_sizes->clear(); });
    }
    if (isVisible())
        m_feed->keepNewest(admit(m_feed->first(), m_feed->end()), true); // what fits at once
    if (m_feed->first() > 0)
        m_idle->start();
    followNewest();
}

QAbstractItemModel *ChatListView::chatModel() const {
    return m_feed->source();
}

bool ChatListView::takesNextAtOnce() const {
    return m_feed->takesNextAtOnce();
}

qint64 ChatListView::skippedMessages() const {
    return m_feed->skipped();
}

int ChatListView::listRow(int chatRow) const {
    const int row = chatRow - m_feed->first();
    return row >= 0 && row < m_feed->rowCount() ? row : -1;
}

void ChatListView::prependOlder(const std::function<void()> &fetch) {
    executeDelayedItemsLayout();
    const int before = m_feed->rowCount();
    const QModelIndex anchor = indexAt(QPoint(viewport()->width() / 2, spacing()));
    const int anchorRow = anchor.isValid() ? anchor.row() : 0;
    const int anchorTop = anchor.isValid() ? visualRect(anchor).top() : 0;
    if (m_feed->first() > 0)
        m_feed->extendToStart();
    else
        fetch();
    const int added = m_feed->rowCount() - before;
    if (added <= 0 || before == 0)
        return;
    m_follow = false;
    executeDelayedItemsLayout();
    const QRect moved = visualRect(m_feed->index(anchorRow + added));
    QScrollBar *bar = verticalScrollBar();
    bar->setValue(bar->value() + moved.top() - anchorTop);
}

void ChatListView::followNewest() {
    m_follow = true;
    scrollToBottom();
}

QStyleOptionViewItem ChatListView::itemOption() const {
    QStyleOptionViewItem o;
    initViewItemOption(&o);
    return o;
}

// How many of the newest of the source rows [from, to) can be taken in: all of them when
// measuring those not measured yet fits in the layout budget, else as many of the newest as
// fit (at least one). A hidden list takes in everything (it is laid out when shown, see
// event()).
int ChatListView::admit(int from, int to) const {
    QAbstractItemModel *source = m_feed->source();
    if (!source || !isVisible())
        return to - from;
    if (!m_sizes->valid(viewport()->width(), font()))
        return std::min<int>(to - from, static_cast<int>(m_sizes->rowsPer(kLayoutBudgetUs)));
    qint64 cost = 0;
    for (int r = to - 1; r >= from; --r) {
        const QModelIndex i = source->index(r, 0);
        if (!m_sizes->has(i))
            cost += m_sizes->costUs(i);
        if (cost > kLayoutBudgetUs)
            return std::max(1, to - 1 - r);
    }
    return to - from;
}

bool ChatListView::event(QEvent *e) {
    if (e->type() == QEvent::Show) {
        // Hidden, the list took in every message; now (before QAbstractItemView lays it out
        // on this event) it keeps what it can lay out at once and takes in the older ones
        // when the stream pauses.
        m_feed->flush();
        const int keep = admit(m_feed->first(), m_feed->end());
        if (keep < m_feed->rowCount()) {
            m_feed->keepNewest(keep, true);
            m_idle->start();
        }
        if (m_follow)
            scrollToBottom();
    }
    return QListView::event(e);
}

// In one pass when the sizes are remembered (the window only ever takes in what fits the
// budget), else in batches that keep the event loop running (a new width or font). In one pass
// the list never shows a half laid-out chat: in batches, a list that follows its newest message
// would jump to the end of each batch.
void ChatListView::doItemsLayout() {
    if (m_sizes->valid(viewport()->width(), font())) {
        setLayoutMode(SinglePass);
    } else {
        setLayoutMode(Batched);
        setBatchSize(static_cast<int>(m_sizes->rowsPer(kLayoutBudgetUs)));
    }
    QListView::doItemsLayout();
}

// Measures, newest first, the rows the list has not taken in yet, a slice of at most kSliceUs
// per event-loop pass, so that the layout that takes them in finds their sizes remembered. Once
// the stream paused (m_backfill), also the rows before the window, and then takes them in.
void ChatListView::measureAhead() {
    QAbstractItemModel *source = m_feed->source();
    if (!source || !isVisible())
        return;
    const QStyleOptionViewItem option = itemOption();
    QElapsedTimer slice;
    slice.start();
    auto measure = [&](int from, int to) { // newest first; false when the slice is used up
        for (int r = to - 1; r >= from; --r) {
            const QModelIndex i = source->index(r, 0);
            if (m_sizes->has(i))
                continue;
            m_sizes->sizeHint(option, i);
            if (slice.nsecsElapsed() > kSliceUs * 1000) {
                m_measure->start(); // the rest in the next pass
                return false;
            }
        }
        return true;
    };
    if (!measure(m_feed->end(), source->rowCount()))
        return;
    if (!m_backfill || m_feed->first() == 0)
        return;
    if (!m_follow) // taking rows in above would move what the user reads
        return;
    if (!measure(0, m_feed->first()))
        return;
    m_backfill = false;
    m_feed->extendToStart();
}

} // namespace sws::ui
