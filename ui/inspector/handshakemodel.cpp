#include "inspector/handshakemodel.h"

#include "window/theme.h"

#include <QDateTime>

namespace sws::ui {

namespace {

QByteArray bytesField(const HandshakeRecord &r, const char *name) {
    const json::Value *v = r.decoded.find(QString::fromLatin1(name));
    if (!v)
        return {};
    auto b = json::arrayToBytes(*v);
    return b ? *b : QByteArray();
}

QString verdictSummary(const cert::Verdict &v) {
    return v.valid ? HandshakeModel::tr("certificate valid")
                   : HandshakeModel::tr("certificate refused: %1").arg(v.message);
}

} // namespace

HandshakeModel::HandshakeModel(QObject *parent)
    : QAbstractTableModel(parent) {}

int HandshakeModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : kStepCount;
}

int HandshakeModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant HandshakeModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (static_cast<Column>(section)) {
    case Column::Step:
        return tr("Step");
    case Column::Status:
        return tr("State");
    case Column::Time:
        return tr("Time");
    case Column::Summary:
        return tr("What happened");
    }
    return {};
}

QVariant HandshakeModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto s = static_cast<Step>(index.row());
    const StepData &d = step(index.row());
    const auto column = static_cast<Column>(index.column());
    if (role == StatusRole)
        return QVariant::fromValue(d.status);
    if (role == TimeRole)
        return d.timeMs;
    if (role == Qt::DecorationRole && column == Column::Step) {
        switch (d.status) {
        case Status::Done:
            return theme::badge(theme::Tone::Good);
        case Status::Failed:
            return theme::badge(theme::Tone::Bad);
        case Status::Pending:
            return theme::badge(theme::Tone::Progress);
        case Status::Skipped:
            return theme::badge(theme::Tone::Neutral);
        }
    }
    if (role == Qt::ForegroundRole && column == Column::Status) {
        if (d.status == Status::Failed)
            return theme::color(theme::Tone::Bad);
        if (d.status == Status::Done)
            return theme::color(theme::Tone::Good);
        return theme::color(theme::Tone::Neutral);
    }
    if (role == Qt::ToolTipRole)
        return tr("%1 (%2)").arg(title(s), actor(s));
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Step:
        return QStringLiteral("%1  %2").arg(index.row() + 1).arg(title(s));
    case Column::Status:
        if (d.status == Status::Done && d.implicit)
            return tr("implied");
        return statusName(d.status);
    case Column::Time:
        if (d.timeMs == 0 || m_startMs == 0)
            return QString();
        return tr("+%1 ms").arg(d.timeMs - m_startMs);
    case Column::Summary:
        if (d.failure)
            return tr("%1 (close %2): %3")
                .arg(d.failure->name)
                .arg(d.failure->closeCode ? QString::number(d.failure->closeCode) : tr("none"))
                .arg(d.failure->text);
        return d.summary;
    }
    return {};
}

QString HandshakeModel::title(Step s) {
    switch (s) {
    case Step::Connect:
        return tr("Connect");
    case Step::ClientHello:
        return tr("ClientHello");
    case Step::ServerHello:
        return tr("ServerHello");
    case Step::ClientVerifies:
        return tr("Client verifies · ClientReady");
    case Step::ServerVerifies:
        return tr("Server verifies");
    case Step::Secured:
        return tr("Secured");
    }
    return {};
}

QString HandshakeModel::statusName(Status s) {
    switch (s) {
    case Status::Pending:
        return tr("pending");
    case Status::Done:
        return tr("done");
    case Status::Failed:
        return tr("failed");
    case Status::Skipped:
        return tr("not reached");
    }
    return {};
}

QString HandshakeModel::actor(Step s) const {
    const bool client = m_role == Role::Client;
    switch (s) {
    case Step::Connect:
        return client ? tr("we connect to the server") : tr("a client connects to us");
    case Step::ClientHello:
        return client ? tr("we send") : tr("we receive");
    case Step::ServerHello:
        return client ? tr("we receive") : tr("we send");
    case Step::ClientVerifies:
        return client ? tr("we verify and send") : tr("the client verifies; we receive");
    case Step::ServerVerifies:
        return client ? tr("the server verifies") : tr("we verify");
    case Step::Secured:
        return tr("both sides");
    }
    return {};
}

void HandshakeModel::changed(Step s) {
    const int row = static_cast<int>(s);
    Q_EMIT dataChanged(index(row, 0), index(row, kColumnCount - 1));
}

void HandshakeModel::mark(Step s, Status status, qint64 timeMs, const QString &summary) {
    StepData &d = at(s);
    d.status = status;
    d.timeMs = timeMs;
    if (!summary.isEmpty())
        d.summary = summary;
    changed(s);
}

int HandshakeModel::failedStep() const {
    for (int i = 0; i < kStepCount; ++i)
        if (m_steps[static_cast<size_t>(i)].status == Status::Failed)
            return i;
    return -1;
}

bool HandshakeModel::isComplete() const {
    return step(Step::Secured).status == Status::Done;
}

void HandshakeModel::begin(Role role, int version, qint64 timeMs) {
    beginResetModel();
    m_role = role;
    m_version = version;
    m_startMs = timeMs;
    m_steps = {};
    endResetModel();
}

void HandshakeModel::connected(qint64 timeMs, const QString &summary) {
    mark(Step::Connect, Status::Done, timeMs, summary);
}

bool HandshakeModel::isVerificationError(SessionError e) {
    switch (e) {
    case SessionError::BoxOpenFailed:
    case SessionError::PlaintextTooShort:
    case SessionError::CertificateMalformed:
    case SessionError::CertificateMissing:
    case SessionError::CertificateRefused:
    case SessionError::EndpointMismatch:
    case SessionError::LocalConfiguration:
    case SessionError::PeerKeyChanged:
    case SessionError::PeerKeyNotTrusted:
        return true;
    default:
        return false;
    }
}

HandshakeModel::Failure HandshakeModel::failureOf(const SessionFailure &f) {
    Failure out;
    out.name = sessionErrorName(f.error);
    out.text = f.reason.isEmpty() ? sessionErrorText(f.error) : f.reason;
    out.closeCode = f.closeCode;
    if (f.rule)
        out.rule = cert::ruleName(*f.rule);
    return out;
}

void HandshakeModel::failAt(Step s, const Failure &f, qint64 timeMs) {
    StepData &d = at(s);
    d.failure = f;
    mark(s, Status::Failed, timeMs);
    for (int i = static_cast<int>(s) + 1; i < kStepCount; ++i) {
        if (m_steps[static_cast<size_t>(i)].status == Status::Pending)
            mark(static_cast<Step>(i), Status::Skipped, 0);
    }
}

void HandshakeModel::addRecord(const HandshakeRecord &r, qint64 timeMs) {
    const bool sent = r.direction == HandshakeRecord::Direction::Sent;
    const bool verifyFailure = r.failure && isVerificationError(r.failure->error);
    const QString way = sent ? tr("sent") : tr("received");
    switch (r.step) {
    case HandshakeStep::ClientHello: {
        at(Step::ClientHello).record = r;
        const QByteArray key = bytesField(r, "client_public_key");
        const QString summary = tr("%1: client key %2, nonce %3")
                                    .arg(way, theme::shortFingerprint(key),
                                         QString::fromLatin1(bytesField(r, "nonce").toHex()));
        if (r.failure)
            failAt(Step::ClientHello, failureOf(*r.failure), timeMs);
        else
            mark(Step::ClientHello, Status::Done, timeMs, summary);
        break;
    }
    case HandshakeStep::ServerHello: {
        at(Step::ServerHello).record = r;
        const QString summary =
            tr("%1: server key %2, %3-byte sealed box")
                .arg(way, theme::shortFingerprint(bytesField(r, "server_public_key")))
                .arg(bytesField(r, "s_blackbox_a").size());
        if (r.failure && !verifyFailure) {
            failAt(Step::ServerHello, failureOf(*r.failure), timeMs);
            break;
        }
        mark(Step::ServerHello, Status::Done, timeMs, summary);
        if (!sent) { // the client opens and checks what the server sent
            at(Step::ClientVerifies).verified = r;
            if (r.failure)
                failAt(Step::ClientVerifies, failureOf(*r.failure), timeMs);
        }
        break;
    }
    case HandshakeStep::ClientReady: {
        at(Step::ClientVerifies).record = r;
        const QString box = tr("%1-byte sealed box").arg(bytesField(r, "s_blackbox_a").size());
        if (sent) {
            mark(Step::ClientVerifies, Status::Done, timeMs, verifySummary(Step::ClientVerifies));
            break;
        }
        if (r.failure && !verifyFailure) {
            failAt(Step::ClientVerifies, failureOf(*r.failure), timeMs);
            break;
        }
        mark(Step::ClientVerifies, Status::Done, timeMs, tr("ClientReady received, ") + box);
        at(Step::ServerVerifies).verified = r;
        if (r.failure) {
            failAt(Step::ServerVerifies, failureOf(*r.failure), timeMs);
        } else {
            mark(Step::ServerVerifies, Status::Done, timeMs, verifySummary(Step::ServerVerifies));
        }
        break;
    }
    }
}

// The session reports the verdict after the messages: a finished step's summary is redone.
void HandshakeModel::setVerdict(const cert::Verdict &verdict) {
    const Step s = m_role == Role::Client ? Step::ClientVerifies : Step::ServerVerifies;
    at(s).verdict = verdict;
    if (step(s).status == Status::Done)
        at(s).summary = verifySummary(s);
    changed(s);
}

QString HandshakeModel::verifySummary(Step s) const {
    const StepData &d = step(s);
    QString text = d.verdict ? tr("box opened; ") + verdictSummary(*d.verdict)
                             : tr("box opened: nonce and share key");
    if (s == Step::ClientVerifies && d.record)
        text += tr("; ClientReady sent, %1-byte sealed box")
                    .arg(bytesField(*d.record, "s_blackbox_a").size());
    return text;
}

void HandshakeModel::secured(qint64 timeMs) {
    if (m_role == Role::Client && step(Step::ServerVerifies).status == Status::Pending) {
        StepData &d = at(Step::ServerVerifies);
        d.implicit = true;
        mark(Step::ServerVerifies, Status::Done, timeMs,
             tr("the server checks ClientReady without a reply; a refusal would close the socket"));
    }
    mark(Step::Secured, Status::Done, timeMs,
         tr("version %1 session: every message in its own secretbox frame").arg(m_version));
}

void HandshakeModel::fail(const Failure &failure, qint64 timeMs) {
    if (failedStep() >= 0)
        return;
    for (int i = 0; i < kStepCount; ++i) {
        if (m_steps[static_cast<size_t>(i)].status == Status::Pending) {
            failAt(static_cast<Step>(i), failure, timeMs);
            return;
        }
    }
}

void HandshakeModel::setCloseCode(quint16 code, const QString &reason) {
    const int row = failedStep();
    if (row < 0 || code == 0)
        return;
    StepData &d = m_steps[static_cast<size_t>(row)];
    if (d.failure && d.failure->closeCode == 0) {
        d.failure->closeCode = code;
        if (!reason.isEmpty() && d.failure->byPeer)
            d.failure->text = reason;
        changed(static_cast<Step>(row));
    }
}

void HandshakeModel::refusedByServer(const Failure &failure, qint64 timeMs) {
    if (m_role != Role::Client || failedStep() >= 0)
        return;
    at(Step::ServerVerifies).implicit = false;
    failAt(Step::ServerVerifies, failure, timeMs);
    StepData &secured = at(Step::Secured);
    secured.summary = tr("closed by the server before any data");
    failAt(Step::Secured, failure, timeMs);
}

void HandshakeModel::restore(Role role, int version, qint64 startMs,
                             const std::array<StepData, kStepCount> &steps) {
    beginResetModel();
    m_role = role;
    m_version = version;
    m_startMs = startMs;
    m_steps = steps;
    endResetModel();
}

} // namespace sws::ui
