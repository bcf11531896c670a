#pragma once

#include "history/historystore.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace sws::ui {

// History → Search conversations…: every conversation of the history store searched for a
// text (HistoryStore::search, case-insensitive), the matches listed with their conversation,
// time, sender and text. Activating one (Enter, double-click, Open) asks to open it.
class HistorySearchDialog : public QDialog {
    Q_OBJECT
public:
    // store must outlive the dialog.
    explicit HistorySearchDialog(HistoryStore *store, QWidget *parent = nullptr);
    QLineEdit *queryEdit() const { return m_query; }
    QTreeWidget *results() const { return m_results; }
    QLabel *statusLabel() const { return m_status; }

    // Searches for the query's text now; false (and the reason shown) when the store failed.
    bool search();

Q_SIGNALS:
    void openRequested(qint64 conversation, qint64 messageId);

private:
    void openCurrent();

    HistoryStore *m_store;
    QLineEdit *m_query;
    QPushButton *m_search;
    QTreeWidget *m_results;
    QLabel *m_status;
    QPushButton *m_open;
};

} // namespace sws::ui
