#include "inspector/trafficview.h"

#include "connections/connection.h"
#include "inspector/trafficfiltermodel.h"
#include "inspector/trafficmodel.h"
#include "window/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sws::ui {

namespace {

// A busy session inserts a batch of frames on nearly every event-loop pass, and QTableView
// lays out and repaints all it shows after each (some 5 ms). Once the table holds more than a
// few hundred rows, this lays it out at most every kLayoutMs; a quiet table at once.
class TrafficTable : public QTableView {
public:
    static constexpr int kLayoutMs = 33;
    static constexpr int kBusyRows = 500;

    explicit TrafficTable(QWidget *parent)
        : QTableView(parent) {
        m_timer.setSingleShot(true);
        m_timer.setObjectName(QStringLiteral("trafficLayout"));
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { doItemsLayout(); });
    }
    void doItemsLayout() override {
        const qint64 since = m_since.isValid() ? m_since.elapsed() : kLayoutMs;
        if (since < kLayoutMs && model() && model()->rowCount() > kBusyRows) {
            if (!m_timer.isActive())
                m_timer.start(static_cast<int>(kLayoutMs - since));
            return;
        }
        m_timer.stop();
        m_since.start();
        QTableView::doItemsLayout();
    }

private:
    QTimer m_timer;
    QElapsedTimer m_since;
};

} // namespace

TrafficView::TrafficView(QWidget *parent)
    : QWidget(parent)
    , m_filter(new TrafficFilterModel(this))
    , m_table(new TrafficTable(this))
    , m_direction(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_follow(new QCheckBox(tr("Follow"), this))
    , m_counters(new QLabel(this))
    , m_countersTimer(new QTimer(this)) {
    m_table->setObjectName(QStringLiteral("trafficTable"));
    m_direction->setObjectName(QStringLiteral("trafficDirection"));
    m_search->setObjectName(QStringLiteral("trafficSearch"));
    m_table->setAccessibleName(tr("Frames"));
    m_search->setAccessibleName(tr("Search frames"));
    m_direction->setAccessibleName(tr("Direction"));
    m_direction->addItem(tr("Both directions"),
                         static_cast<int>(TrafficFilterModel::Direction::Both));
    m_direction->addItem(tr("Sent only"), static_cast<int>(TrafficFilterModel::Direction::Sent));
    m_direction->addItem(tr("Received only"),
                         static_cast<int>(TrafficFilterModel::Direction::Received));
    m_search->setPlaceholderText(tr("Search plaintext, ciphertext hex, counter or peer"));
    m_search->setClearButtonEnabled(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest frame in view"));

    m_table->setModel(m_filter);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_direction);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_follow);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_counters);

    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setDirection(
            static_cast<TrafficFilterModel::Direction>(m_direction->currentData().toInt()));
        updateCounters();
    });
    // Following the newest frame: whenever a layout grows the table. (On each inserted batch
    // instead, it would lay out and repaint the table as often.)
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (m_follow->isChecked())
            m_table->verticalScrollBar()->setValue(max);
    });
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_table->scrollToBottom();
    });
    m_countersTimer->setSingleShot(true);
    m_countersTimer->setInterval(100); // the counter line: at most 10 times a second
    connect(m_countersTimer, &QTimer::timeout, this, &TrafficView::updateCounters);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_filter->setSearchText(t);
        updateCounters();
    });
}

void TrafficView::setConnection(Connection *c) {
    if (m_connection)
        m_connection->traffic()->disconnect(this);
    m_connection = c;
    m_filter->setSourceModel(c ? c->traffic() : nullptr);
    const QFontMetrics mono(theme::monospace());
    const int widths[] = {96, 84, 64, mono.horizontalAdvance(QString(21, QLatin1Char('0'))),
                          54, 66, 250};
    for (int col = 0; c && col < 7; ++col)
        m_table->setColumnWidth(col, widths[col]);
    if (c) {
        m_table->setColumnHidden(static_cast<int>(TrafficModel::Column::Peer),
                                 c->kind() == Connection::Kind::Client);
        connect(c->traffic(), &TrafficModel::countersChanged, this, [this] {
            if (!m_countersTimer->isActive())
                m_countersTimer->start();
        });
    }
    updateCounters();
}

void TrafficView::updateCounters() {
    if (!m_connection) {
        m_counters->clear();
        return;
    }
    const TrafficModel *t = m_connection->traffic();
    const QLocale l;
    QString text = tr("%1 frames seen · %2 kept · %3 shown")
                       .arg(l.toString(t->totalFrames()), l.toString(t->rowCount()),
                            l.toString(m_filter->rowCount()));
    if (t->droppedFrames() > 0)
        text += tr(" · %1 oldest dropped (keeps the newest %2)")
                    .arg(l.toString(t->droppedFrames()), l.toString(t->maxFrames()));
    m_counters->setText(text);
}

} // namespace sws::ui
