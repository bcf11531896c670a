#include "inspector/verdictmodel.h"

#include "window/theme.h"

namespace sws::ui {

VerdictModel::VerdictModel(QObject *parent)
    : QAbstractTableModel(parent) {}

int VerdictModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() || !m_verdict ? 0 : static_cast<int>(m_verdict->rules.size());
}

int VerdictModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : 3;
}

QString VerdictModel::ruleTitle(cert::Rule r) {
    switch (r) {
    case cert::Rule::Format:
        return tr("Format");
    case cert::Rule::Version:
        return tr("Version 1.0");
    case cert::Rule::Type:
        return tr("Type");
    case cert::Rule::Expiry:
        return tr("Expiry");
    case cert::Rule::Signature:
        return tr("Signature");
    case cert::Rule::CaSelfSigned:
        return tr("CA self-signed");
    case cert::Rule::CaName:
        return tr("CA name");
    case cert::Rule::CaExpiry:
        return tr("Within CA lifetime");
    case cert::Rule::CaTrusted:
        return tr("Signed by a trusted CA");
    case cert::Rule::KeyBinding:
        return tr("Key binding");
    case cert::Rule::EndpointBinding:
        return tr("Name or IP binding");
    }
    return cert::ruleName(r);
}

QVariant VerdictModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (static_cast<Column>(section)) {
    case Column::Rule:
        return tr("Rule");
    case Column::Result:
        return tr("Result");
    case Column::Detail:
        return tr("Detail");
    }
    return {};
}

QVariant VerdictModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const cert::RuleResult &r = m_verdict->rules.at(static_cast<size_t>(index.row()));
    const auto column = static_cast<Column>(index.column());
    if (role == PassedRole)
        return r.passed;
    if (role == Qt::DecorationRole && column == Column::Result)
        return theme::badge(r.passed ? theme::Tone::Good : theme::Tone::Bad);
    if (role == Qt::ForegroundRole && column == Column::Result)
        return theme::color(r.passed ? theme::Tone::Good : theme::Tone::Bad);
    if (role == Qt::ToolTipRole)
        return QStringLiteral("%1: %2").arg(cert::ruleName(r.rule), theme::sanitize(r.detail));
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Rule:
        return ruleTitle(r.rule);
    case Column::Result:
        return r.passed ? tr("passed") : tr("failed");
    case Column::Detail:
        return theme::sanitize(r.detail);
    }
    return {};
}

void VerdictModel::setVerdict(const std::optional<cert::Verdict> &v) {
    beginResetModel();
    m_verdict = v;
    endResetModel();
}

} // namespace sws::ui
