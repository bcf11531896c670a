#pragma once

#include "cert/naclcert.h"

#include <QAbstractTableModel>

#include <optional>

namespace sws::ui {

// The rules of one certificate verdict, each passed or failed, in the order they were checked.
class VerdictModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column { Rule, Result, Detail };
    enum Role { PassedRole = Qt::UserRole + 1 };

    explicit VerdictModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void setVerdict(const std::optional<cert::Verdict> &v);
    const std::optional<cert::Verdict> &verdict() const { return m_verdict; }
    static QString ruleTitle(cert::Rule r); // "Signature (Ed25519 over desc)"

private:
    std::optional<cert::Verdict> m_verdict;
};

} // namespace sws::ui
