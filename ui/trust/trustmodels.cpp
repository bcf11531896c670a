#include "trust/trustmodels.h"

#include "window/theme.h"

#include <QDateTime>

namespace sws::ui {

TrustedCaModel::TrustedCaModel(TrustStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_now(QDateTime::currentMSecsSinceEpoch()) {}

int TrustedCaModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_store->cas().size());
}

int TrustedCaModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : 5;
}

QVariant TrustedCaModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (static_cast<Column>(section)) {
    case Column::Enabled:
        return tr("Trusted");
    case Column::Name:
        return tr("CA name");
    case Column::Id:
        return tr("Id");
    case Column::Expiry:
        return tr("Expiry");
    case Column::Notes:
        return tr("Notes");
    }
    return {};
}

QVariant TrustedCaModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TrustStore::TrustedCa &ca = m_store->cas().at(index.row());
    const auto column = static_cast<Column>(index.column());
    const ExpiryStatus status = expiryStatus(ca.cert, m_now);
    if (role == IdRole)
        return ca.id;
    if (role == ExpiryStatusRole)
        return static_cast<int>(status);
    if (role == Qt::CheckStateRole && column == Column::Enabled)
        return ca.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ForegroundRole && column == Column::Expiry && status != ExpiryStatus::Valid)
        return theme::color(status == ExpiryStatus::Expired ? theme::Tone::Bad
                                                            : theme::Tone::Progress);
    if (role == Qt::DecorationRole && column == Column::Expiry && status != ExpiryStatus::Valid)
        return theme::badge(status == ExpiryStatus::Expired ? theme::Tone::Bad
                                                            : theme::Tone::Progress);
    if (role == Qt::FontRole && column == Column::Id)
        return theme::monospace();
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Enabled:
        return ca.enabled ? tr("yes") : tr("no");
    case Column::Name:
        return theme::sanitize(ca.cert.caName(), 60);
    case Column::Id:
        return ca.id;
    case Column::Expiry:
        return expiryText(ca.cert, m_now);
    case Column::Notes:
        return ca.builtIn ? tr("built-in root CA of the reference (node-sws); its key belongs to "
                               "a third party")
                          : QString();
    }
    return {};
}

Qt::ItemFlags TrustedCaModel::flags(const QModelIndex &index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && static_cast<Column>(index.column()) == Column::Enabled)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool TrustedCaModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        role != Qt::CheckStateRole || static_cast<Column>(index.column()) != Column::Enabled)
        return false;
    const bool enabled = value.toInt() == Qt::Checked; // Qt::CheckState converts to int
    if (!m_store->setCaEnabled(m_store->cas().at(index.row()).id, enabled))
        return false;
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), columnCount() - 1));
    return true;
}

void TrustedCaModel::refresh() {
    beginResetModel();
    endResetModel();
}

void TrustedCaModel::setNowMs(qint64 now) {
    beginResetModel();
    m_now = now;
    endResetModel();
}

PinModel::PinModel(TrustStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store) {}

int PinModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_store->pins().size());
}

int PinModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : 4;
}

QVariant PinModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (static_cast<Column>(section)) {
    case Column::Endpoint:
        return tr("Server");
    case Column::Fingerprint:
        return tr("Key fingerprint");
    case Column::Verified:
        return tr("Verified");
    case Column::Pinned:
        return tr("Pinned since");
    }
    return {};
}

QVariant PinModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TrustStore::Pin &p = m_store->pins().at(index.row());
    const auto column = static_cast<Column>(index.column());
    if (role == EndpointRole)
        return p.endpoint;
    if (role == VerifiedRole)
        return p.verified;
    if (role == Qt::FontRole && column == Column::Fingerprint)
        return theme::monospace();
    if (role == Qt::DecorationRole && column == Column::Verified)
        return theme::badge(p.verified ? theme::Tone::Good : theme::Tone::Neutral);
    if (role == Qt::ToolTipRole && column == Column::Fingerprint)
        return toHex(p.publicKey);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Endpoint:
        return theme::sanitize(p.endpoint, 120);
    case Column::Fingerprint:
        return fingerprint(p.publicKey);
    case Column::Verified:
        return p.verified ? tr("verified") : tr("not verified");
    case Column::Pinned:
        return QDateTime::fromMSecsSinceEpoch(p.addedMs).toString(
            QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    return {};
}

void PinModel::refresh() {
    beginResetModel();
    endResetModel();
}

} // namespace sws::ui
