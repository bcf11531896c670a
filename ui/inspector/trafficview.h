#pragma once

#include <QPointer>
#include <QWidget>

class QTableView;
class QComboBox;
class QLineEdit;
class QLabel;
class QCheckBox;
class QTimer;

namespace sws::ui {

class Connection;
class TrafficFilterModel;

// Every data frame of the selected connection, live: a direction filter, a search, a counter
// line, and a table that follows the newest frame while scrolled to the bottom.
class TrafficView : public QWidget {
    Q_OBJECT
public:
    explicit TrafficView(QWidget *parent = nullptr);
    void setConnection(Connection *c);
    QTableView *table() const { return m_table; }
    TrafficFilterModel *filter() const { return m_filter; }

private:
    void updateCounters();
    QPointer<Connection> m_connection;
    TrafficFilterModel *m_filter;
    QTableView *m_table;
    QComboBox *m_direction;
    QLineEdit *m_search;
    QCheckBox *m_follow;
    QLabel *m_counters;
    QTimer *m_countersTimer; // updateCounters() at most every 100 ms
};

} // namespace sws::ui
