#include "history/historysearchdialog.h"

#include "history/historyexportdialog.h"
#include "window/theme.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sws::ui {

namespace {
enum Column { ConversationColumn, TimeColumn, SenderColumn, TextColumn };
constexpr int kConversationRole = Qt::UserRole + 1;
constexpr int kMessageRole = Qt::UserRole + 2;
constexpr int kMaxShownChars = 300; // a result line, not the whole message
} // namespace

HistorySearchDialog::HistorySearchDialog(HistoryStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_query(new QLineEdit(this))
    , m_search(new QPushButton(tr("&Search"), this))
    , m_results(new QTreeWidget(this))
    , m_status(new QLabel(this))
    , m_open(new QPushButton(tr("&Open"), this)) {
    setObjectName(QStringLiteral("historySearchDialog"));
    setWindowTitle(tr("Search conversations"));
    m_query->setObjectName(QStringLiteral("query"));
    m_query->setAccessibleName(tr("Search for"));
    m_query->setPlaceholderText(tr("Text to find in every conversation (Enter searches)"));
    m_search->setObjectName(QStringLiteral("searchButton"));
    m_search->setAutoDefault(false);
    m_results->setObjectName(QStringLiteral("results"));
    m_results->setAccessibleName(tr("Matching messages"));
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setHeaderLabels({tr("Conversation"), tr("Time"), tr("Sender"), tr("Message")});
    m_results->header()->setStretchLastSection(true);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setStyleSheet(theme::mutedStyle());
    m_open->setObjectName(QStringLiteral("openButton"));
    m_open->setEnabled(false);
    m_open->setAutoDefault(false);

    auto *row = new QHBoxLayout;
    row->addWidget(m_query, 1);
    row->addWidget(m_search);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    // Enter searches (in the query) or opens (in the results); it never closes the dialog.
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(760, 440);

    connect(m_query, &QLineEdit::returnPressed, this, &HistorySearchDialog::search);
    connect(m_search, &QPushButton::clicked, this, &HistorySearchDialog::search);
    connect(m_results, &QTreeWidget::itemActivated, this, &HistorySearchDialog::openCurrent);
    connect(m_results, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *item) { m_open->setEnabled(item != nullptr); });
    connect(m_open, &QPushButton::clicked, this, &HistorySearchDialog::openCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool HistorySearchDialog::search() {
    m_results->clear();
    const QString text = m_query->text();
    if (text.isEmpty()) {
        m_status->setText(tr("Type the text to find."));
        return true;
    }
    auto convs = m_store->conversations();
    auto found =
        convs ? m_store->search(text)
              : Expected<QList<HistoryStore::Message>, HistoryError>(unexpected(convs.error()));
    if (!found) {
        m_status->setText(tr("The history cannot be searched: %1").arg(found.error().message));
        return false;
    }
    QHash<qint64, QString> names;
    for (const HistoryStore::Conversation &c : std::as_const(*convs))
        names.insert(c.id, HistoryExportDialog::conversationLabel(c));
    // The newest first: what one looks for is most often recent.
    QList<QTreeWidgetItem *> items;
    for (auto it = found->crbegin(); it != found->crend(); ++it) {
        QString line = it->text.left(kMaxShownChars);
        line.replace(QLatin1Char('\n'), QLatin1Char(' '));
        auto *item = new QTreeWidgetItem({names.value(it->conversation),
                                          QDateTime::fromMSecsSinceEpoch(it->timeMs)
                                              .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                          it->sender, line});
        item->setData(0, kConversationRole, it->conversation);
        item->setData(0, kMessageRole, it->id);
        items << item;
    }
    m_results->addTopLevelItems(items);
    for (int c = 0; c < TextColumn; ++c)
        m_results->resizeColumnToContents(c);
    if (!items.isEmpty())
        m_results->setCurrentItem(items.first());
    m_status->setText(tr("%n message(s) found.", nullptr, static_cast<int>(items.size())));
    return true;
}

void HistorySearchDialog::openCurrent() {
    const QTreeWidgetItem *item = m_results->currentItem();
    if (!item)
        return;
    Q_EMIT openRequested(item->data(0, kConversationRole).toLongLong(),
                         item->data(0, kMessageRole).toLongLong());
}

} // namespace sws::ui
