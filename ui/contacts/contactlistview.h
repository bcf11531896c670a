#pragma once

#include "contacts/contactlistmodel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace sws::ui {

class ContactFilterModel;

// The contact list: a search field, the contacts and rooms (bold with a count when unread, a
// check mark when verified), the selected one's details (fingerprint, first and last seen,
// endpoints) and Rename… (or F2, in place). Clicking or activating one asks to open its
// conversation.
class ContactListView : public QWidget {
    Q_OBJECT
public:
    explicit ContactListView(QWidget *parent = nullptr);

    // model: the window's (may be null while there is no history); not owned.
    void setModel(ContactListModel *model);
    ContactListModel *model() const { return m_model; }
    ContactFilterModel *filter() const { return m_filter; }
    QLineEdit *searchField() const { return m_search; }
    QListView *list() const { return m_list; }
    QLabel *details() const { return m_details; }
    QPushButton *renameButton() const { return m_rename; }
    // Starts renaming the selected contact in place.
    void renameSelected();
    // Selects the row of the model (source row), when the filter shows it.
    void selectRow(int sourceRow);
    int selectedRow() const; // source row; -1: none

Q_SIGNALS:
    void openRequested(const sws::ui::ContactListModel::Entry &entry);

private:
    void updateDetails();
    void requestOpen(const QModelIndex &proxyIndex);

    ContactListModel *m_model = nullptr;
    ContactFilterModel *m_filter;
    QLineEdit *m_search;
    QListView *m_list;
    QLabel *m_details;
    QPushButton *m_rename;
    QByteArray m_selectedKey; // kept across a reset of the model
    qint64 m_selectedConversation = 0;
};

} // namespace sws::ui
