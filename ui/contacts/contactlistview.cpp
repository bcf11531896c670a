#include "contacts/contactlistview.h"

#include "contacts/contactfiltermodel.h"
#include "window/theme.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace sws::ui {

namespace {

QString when(qint64 ms) {
    if (ms <= 0)
        return ContactListView::tr("unknown");
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace

ContactListView::ContactListView(QWidget *parent)
    : QWidget(parent)
    , m_filter(new ContactFilterModel(this))
    , m_search(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_details(new QLabel(this))
    , m_rename(new QPushButton(tr("Rename…"), this)) {
    setObjectName(QStringLiteral("contactListView"));
    m_search->setObjectName(QStringLiteral("contactSearch"));
    m_search->setAccessibleName(tr("Search contacts"));
    m_search->setPlaceholderText(tr("Search by name, fingerprint or endpoint"));
    m_search->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("contactList"));
    m_list->setAccessibleName(tr("Contacts"));
    m_list->setModel(m_filter);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_list->setUniformItemSizes(true);
    m_details->setObjectName(QStringLiteral("contactDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_rename->setObjectName(QStringLiteral("contactRenameButton"));
    m_rename->setAccessibleName(tr("Rename contact"));
    m_rename->setToolTip(tr("Give the selected contact a name (F2 in the list)"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_details);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_rename);
    layout->addLayout(buttons);

    connect(m_search, &QLineEdit::textChanged, m_filter, &ContactFilterModel::setFilterText);
    connect(m_rename, &QPushButton::clicked, this, &ContactListView::renameSelected);
    connect(m_list, &QListView::clicked, this, &ContactListView::requestOpen);
    connect(m_list, &QListView::activated, this, &ContactListView::requestOpen);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        const int row = selectedRow();
        if (m_model && row >= 0) {
            m_selectedKey = m_model->entry(row).peerKey;
            m_selectedConversation = m_model->entry(row).conversation;
        }
        updateDetails();
    });
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &ContactListView::updateDetails);
    // A refresh may reorder the list: the selection follows the contact, not the row.
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        if (!m_model)
            return;
        const int row = m_selectedKey.isEmpty() ? m_model->rowOfConversation(m_selectedConversation)
                                                : m_model->rowOfKey(m_selectedKey);
        if (row >= 0)
            selectRow(row);
        updateDetails();
    });
    updateDetails();
}

void ContactListView::setModel(ContactListModel *model) {
    m_model = model;
    m_filter->setSourceModel(model);
    updateDetails();
}

int ContactListView::selectedRow() const {
    const QModelIndex i = m_filter->mapToSource(m_list->currentIndex());
    return m_model && i.isValid() ? i.row() : -1;
}

void ContactListView::selectRow(int sourceRow) {
    if (!m_model)
        return;
    const QModelIndex i = m_filter->mapFromSource(m_model->index(sourceRow));
    if (i.isValid())
        m_list->setCurrentIndex(i);
}

void ContactListView::renameSelected() {
    const QModelIndex i = m_list->currentIndex();
    if (i.isValid() && (i.flags() & Qt::ItemIsEditable))
        m_list->edit(i);
}

void ContactListView::requestOpen(const QModelIndex &proxyIndex) {
    const QModelIndex i = m_filter->mapToSource(proxyIndex);
    if (m_model && i.isValid())
        Q_EMIT openRequested(m_model->entry(i.row()));
}

void ContactListView::updateDetails() {
    const int row = selectedRow();
    m_rename->setEnabled(row >= 0 && m_model->entry(row).kind == ContactListModel::Kind::Contact);
    if (row < 0) {
        m_details->setText(m_model && m_model->rowCount() == 0
                               ? tr("People you talk to appear here, by their key.")
                               : QString());
        return;
    }
    const ContactListModel::Entry &e = m_model->entry(row);
    const auto line = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:8px'>%1</td><td>%2</td></tr>")
            .arg(theme::escape(label), value);
    };
    QString html = QStringLiteral("<b>%1</b><table>").arg(theme::escape(e.title()));
    if (e.kind == ContactListModel::Kind::Contact) {
        html += line(tr("Fingerprint"),
                     QStringLiteral("<code>%1</code>").arg(theme::escape(e.fingerprint())));
        html += line(tr("Key"), e.verified ? tr("verified") : tr("not verified"));
        html += line(tr("First seen"), theme::escape(when(e.firstSeenMs)));
        html += line(tr("Last seen"), theme::escape(when(e.lastSeenMs)));
        html += line(tr("Seen at"), theme::escape(e.endpoints.join(QStringLiteral(", "))));
    } else {
        html += line(tr("Room"), theme::escape(e.name));
    }
    html += line(tr("Messages"), tr("%1 (%2 unread)").arg(e.count).arg(e.unread));
    html += QStringLiteral("</table>");
    m_details->setText(html);
}

} // namespace sws::ui
