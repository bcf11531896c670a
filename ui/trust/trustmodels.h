#pragma once

#include "trust/truststore.h"

#include <QAbstractTableModel>

namespace sws::ui {

// The trusted CAs of a trust store: the Enabled column is a checkbox that edits the store.
class TrustedCaModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column { Enabled, Name, Id, Expiry, Notes };
    enum Role { IdRole = Qt::UserRole + 1, ExpiryStatusRole };

    explicit TrustedCaModel(TrustStore *store, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void refresh();            // after the store changed behind the model's back
    void setNowMs(qint64 now); // the clock expiry flags are computed against (tests)

private:
    TrustStore *m_store;
    qint64 m_now;
};

// The pinned server keys of a trust store.
class PinModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column { Endpoint, Fingerprint, Verified, Pinned };
    enum Role { EndpointRole = Qt::UserRole + 1, VerifiedRole };

    explicit PinModel(TrustStore *store, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void refresh();

private:
    TrustStore *m_store;
};

} // namespace sws::ui
