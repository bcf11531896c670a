#pragma once

#include "handshake/handshake.h"

#include <QAbstractTableModel>

#include <array>
#include <optional>

namespace sws::ui {

// The six steps of the SWS handshake (docs/protocol.md) as a timeline, seen from one side:
// 1 connect, 2 ClientHello, 3 ServerHello, 4 client verifies + ClientReady, 5 server verifies,
// 6 secured. Each step has a state, a time and the handshake message(s) behind it; a failure
// sits at the step where it happened, later steps are marked skipped.
class HandshakeModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Step { Connect, ClientHello, ServerHello, ClientVerifies, ServerVerifies, Secured };
    static constexpr int kStepCount = 6;
    enum class Status { Pending, Done, Failed, Skipped };
    Q_ENUM(Status)
    enum class Column { Step, Status, Time, Summary };
    static constexpr int kColumnCount = 4;
    enum ItemRole { StatusRole = Qt::UserRole + 1, TimeRole };

    struct Failure {
        QString name; // sessionErrorName, e.g. "CertificateRefused"
        QString text; // readable, with the detail
        quint16 closeCode = 0;
        QString rule;        // the certificate rule that failed, if any
        bool byPeer = false; // the peer closed; the code is the peer's
    };
    struct StepData {
        Status status = Status::Pending;
        qint64 timeMs = 0;
        QString summary;
        bool implicit = false;                   // not observable from this side
        std::optional<HandshakeRecord> record;   // the message of this step
        std::optional<HandshakeRecord> verified; // the message checked at this step
        std::optional<cert::Verdict> verdict;    // the peer certificate checked here
        std::optional<Failure> failure;
    };

    explicit HandshakeModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    // Live feed, in the order a session reports it.
    void begin(Role role, int version, qint64 timeMs);
    void connected(qint64 timeMs, const QString &summary);
    void addRecord(const HandshakeRecord &record, qint64 timeMs);
    void setVerdict(const cert::Verdict &verdict);
    void secured(qint64 timeMs);
    // A failure without a message of its own (timeout, connection refused, peer closed):
    // placed at the first pending step. Ignored once a step has failed.
    void fail(const Failure &failure, qint64 timeMs);
    // The close code of a failure learned only when the socket closed.
    void setCloseCode(quint16 code, const QString &reason);
    // Client: the server closed with a handshake code right after ClientReady, so it refused
    // what we sent (step 5 happens on the server, silently unless it fails).
    void refusedByServer(const Failure &failure, qint64 timeMs);

    // A saved timeline (a transcript).
    void restore(Role role, int version, qint64 startMs,
                 const std::array<StepData, kStepCount> &steps);

    Role role() const { return m_role; }
    int version() const { return m_version; }
    qint64 startMs() const { return m_startMs; }
    const StepData &step(int row) const { return m_steps.at(static_cast<size_t>(row)); }
    const StepData &step(Step s) const { return step(static_cast<int>(s)); }
    int failedStep() const; // -1 when none failed
    bool isComplete() const;

    static QString title(Step s);
    static QString statusName(Status s);
    QString actor(Step s) const;

private:
    StepData &at(Step s) { return m_steps[static_cast<size_t>(s)]; }
    void mark(Step s, Status status, qint64 timeMs, const QString &summary = {});
    void failAt(Step s, const Failure &f, qint64 timeMs);
    void changed(Step s);
    static bool isVerificationError(SessionError e);
    QString verifySummary(Step s) const;
    static Failure failureOf(const SessionFailure &f);

    Role m_role = Role::Client;
    int m_version = 1;
    qint64 m_startMs = 0;
    std::array<StepData, kStepCount> m_steps;
};

} // namespace sws::ui
