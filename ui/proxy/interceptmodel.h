#pragma once

#include "proxy/proxy.h"

#include <QAbstractTableModel>
#include <QHostAddress>
#include <QJsonObject>

#include <map>

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
        qint64 timeMs = 0;   // when the proxy received (or the user injected) it
        bool edited = false; // bytes were changed while held
        QByteArray original; // the bytes as received, when edited
    };
    // A handshake step or outcome on one side of a session (Proxy::handshakeEvent).
    struct HandshakeEvent {
        Proxy::Side side = Proxy::Side::Client;
        QString stage;
        qint64 timeMs = 0;
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

    // The handshake events of one side of a session, in order.
    QList<HandshakeEvent> handshake(int session, Proxy::Side side) const;
    // Every session as JSON: its handshake events per side, every message with its direction,
    // seq, time, size, text (or base64 when not UTF-8) and fate, and its closes. Holds only
    // what the signals carried: no key of any kind.
    QJsonObject transcript() const;

    // Text as shown: UTF-8, or hex when the bytes are not UTF-8.
    static QString preview(const QByteArray &bytes);

Q_SIGNALS:
    void handshakeChanged(int session);

private:
    struct Close {
        Proxy::Side side;
        quint16 code;
        QString reason;
        qint64 timeMs;
    };
    struct Session {
        QHostAddress address;
        quint16 port = 0;
        QList<HandshakeEvent> handshake;
        QList<Close> closes;
    };

    int find(int session, Proxy::Direction direction, qint64 seq) const;
    void append(const Row &row);
    Proxy *m_proxy;
    QList<Row> m_rows;
    std::map<int, Session> m_sessions;
};

} // namespace sws::ui
