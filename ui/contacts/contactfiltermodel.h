#pragma once

#include <QSortFilterProxyModel>

namespace sws::ui {

// The contact list as the search field narrows it: rows whose name, fingerprint or an endpoint
// contains every word typed (case-insensitive; a fingerprint also matches without its spaces).
class ContactFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ContactFilterModel(QObject *parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_words;
};

} // namespace sws::ui
