#pragma once

#include "proxy/proxy.h"

#include <QAbstractTableModel>

namespace sws::ui {

// Every message an Intercept window's proxy saw, one row each, with what became of it.
class InterceptModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Column { Session, Direction, Seq, Size, Status, Text, Count };
    enum class Status { Forwarded, Held, Dropped, Injected };
    enum Role { BytesRole = Qt::UserRole + 1, StatusRole };
    struct Row {
        int session = 0;
        Proxy::Direction direction = Proxy::Direction::ClientToServer;
        qint64 seq = 0; // 0 for an injected message
        QByteArray bytes;
        Status status = Status::Forwarded;
    };

    // Follows proxy (not owned) from now on.
    explicit InterceptModel(Proxy *proxy, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const Row &row(int r) const { return m_rows.at(r); }
    // The held message's new bytes (after Proxy::editHeld), and an injected message.
    void setBytes(int r, const QByteArray &bytes);
    void addInjected(int session, Proxy::Direction direction, const QByteArray &bytes);

    // Text as shown: UTF-8, or hex when the bytes are not UTF-8.
    static QString preview(const QByteArray &bytes);

private:
    int find(int session, Proxy::Direction direction, qint64 seq) const;
    void append(const Row &row);
    Proxy *m_proxy;
    QList<Row> m_rows;
};

} // namespace sws::ui
