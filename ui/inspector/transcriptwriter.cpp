#include "connections/connection.h"
#include "connections/sessionlistmodel.h"
#include "inspector/transcript.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sws::ui::transcript {

namespace {

QString hex(const QByteArray &b) {
    return QString::fromLatin1(b.toHex());
}

QJsonValue failureJson(const std::optional<HandshakeModel::Failure> &f) {
    if (!f)
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("name"), f->name},
                       {QStringLiteral("text"), f->text},
                       {QStringLiteral("closeCode"), f->closeCode},
                       {QStringLiteral("rule"), f->rule},
                       {QStringLiteral("byPeer"), f->byPeer}};
}

QJsonValue recordJson(const std::optional<HandshakeRecord> &r) {
    if (!r)
        return QJsonValue::Null;
    std::optional<HandshakeModel::Failure> failure;
    if (r->failure) {
        failure.emplace();
        failure->name = sessionErrorName(r->failure->error);
        failure->text = r->failure->reason;
        failure->closeCode = r->failure->closeCode;
        if (r->failure->rule)
            failure->rule = cert::ruleName(*r->failure->rule);
    }
    // boxShareKey is a session secret: it is never written.
    return QJsonObject{
        {QStringLiteral("message"), handshakeStepName(r->step)},
        {QStringLiteral("direction"), r->direction == HandshakeRecord::Direction::Sent
                                          ? QStringLiteral("sent")
                                          : QStringLiteral("received")},
        {QStringLiteral("rawJson"), QString::fromUtf8(r->rawJson)},
        {QStringLiteral("boxOpened"), r->boxOpened},
        {QStringLiteral("boxNonce"), hex(r->boxNonce)},
        {QStringLiteral("boxPayload"),
         r->boxPayload.isNull() ? QJsonValue(QJsonValue::Null)
                                : QJsonValue(QString::fromUtf8(json::serialize(r->boxPayload)))},
        {QStringLiteral("failure"), failureJson(failure)}};
}

QJsonValue verdictJson(const std::optional<cert::Verdict> &v) {
    if (!v)
        return QJsonValue::Null;
    QJsonArray rules;
    for (const cert::RuleResult &r : v->rules)
        rules.append(QJsonObject{{QStringLiteral("rule"), cert::ruleName(r.rule)},
                                 {QStringLiteral("passed"), r.passed},
                                 {QStringLiteral("detail"), r.detail}});
    return QJsonObject{
        {QStringLiteral("valid"), v->valid},
        {QStringLiteral("failedRule"),
         v->failedRule ? QJsonValue(cert::ruleName(*v->failedRule)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("message"), v->message},
        {QStringLiteral("rules"), rules}};
}

QString statusKey(HandshakeModel::Status s) {
    switch (s) {
    case HandshakeModel::Status::Pending:
        return QStringLiteral("pending");
    case HandshakeModel::Status::Done:
        return QStringLiteral("done");
    case HandshakeModel::Status::Failed:
        return QStringLiteral("failed");
    case HandshakeModel::Status::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QJsonObject sessionJson(const SessionTracker &t) {
    const SessionInfo &i = t.info();
    const HandshakeModel &hs = *t.handshake();
    QJsonArray steps;
    for (int s = 0; s < HandshakeModel::kStepCount; ++s) {
        const HandshakeModel::StepData &d = hs.step(s);
        steps.append(QJsonObject{
            {QStringLiteral("step"), s + 1},
            {QStringLiteral("title"), HandshakeModel::title(static_cast<HandshakeModel::Step>(s))},
            {QStringLiteral("status"), statusKey(d.status)},
            {QStringLiteral("timeMs"), d.timeMs},
            {QStringLiteral("summary"), d.summary},
            {QStringLiteral("implicit"), d.implicit},
            {QStringLiteral("record"), recordJson(d.record)},
            {QStringLiteral("verified"), recordJson(d.verified)},
            {QStringLiteral("verdict"), verdictJson(d.verdict)},
            {QStringLiteral("failure"), failureJson(d.failure)}});
    }
    return QJsonObject{
        {QStringLiteral("role"),
         i.role == Role::Client ? QStringLiteral("client") : QStringLiteral("server")},
        {QStringLiteral("protocolVersion"), i.version},
        {QStringLiteral("endpoint"), i.endpoint},
        {QStringLiteral("state"), sessionStateName(i.state)},
        {QStringLiteral("localPublicKey"), hex(i.localPublicKey)},
        {QStringLiteral("peerPublicKey"), hex(i.peerPublicKey)},
        {QStringLiteral("error"),
         i.errorName.isEmpty() ? QJsonValue(QJsonValue::Null)
                               : QJsonValue(QJsonObject{{QStringLiteral("name"), i.errorName},
                                                        {QStringLiteral("text"), i.errorText}})},
        {QStringLiteral("closeCode"), i.closeCode},
        {QStringLiteral("closeReason"), i.closeReason},
        {QStringLiteral("framesSent"), i.framesSent},
        {QStringLiteral("framesReceived"), i.framesReceived},
        {QStringLiteral("peerCertificate"),
         i.peerCertificate ? QJsonValue(QString::fromUtf8(i.peerCertificate->toBytes()))
                           : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("peerVerdict"), verdictJson(i.peerVerdict)},
        {QStringLiteral("startMs"), hs.startMs()},
        {QStringLiteral("steps"), steps}};
}

QJsonObject framesJson(const TrafficModel &m) {
    QJsonArray rows;
    for (int r = 0; r < m.rowCount(); ++r) {
        const TrafficModel::Row &x = m.row(r);
        rows.append(QJsonObject{{QStringLiteral("timeMs"), x.timeMs},
                                {QStringLiteral("peer"), m.peerName(x.peer)},
                                {QStringLiteral("direction"),
                                 x.sent ? QStringLiteral("sent") : QStringLiteral("received")},
                                {QStringLiteral("counter"), QString::number(x.counter)},
                                {QStringLiteral("ciphertextBytes"), x.cipherBytes},
                                {QStringLiteral("ciphertextPreview"), hex(x.cipherPreview)},
                                {QStringLiteral("plaintextBytes"), x.plainBytes},
                                {QStringLiteral("format"), payload::formatName(x.format)},
                                {QStringLiteral("plaintext"), x.plainPreview},
                                {QStringLiteral("opened"), x.opened}});
    }
    return QJsonObject{{QStringLiteral("total"), m.totalFrames()},
                       {QStringLiteral("dropped"), m.droppedFrames()},
                       {QStringLiteral("cipherPreviewBytes"), TrafficModel::kCipherPreviewBytes},
                       {QStringLiteral("rows"), rows}};
}

QString kindKey(Connection::Kind k) {
    switch (k) {
    case Connection::Kind::Client:
        return QStringLiteral("client");
    case Connection::Kind::Room:
        return QStringLiteral("room");
    case Connection::Kind::Transcript:
        return QStringLiteral("transcript");
    }
    return {};
}

} // namespace

QString formatName() {
    return QStringLiteral("sws-desktop-transcript");
}

QByteArray write(const Connection &c) {
    QJsonArray sessions;
    for (const SessionTracker *t : c.sessions()->sessions())
        sessions.append(sessionJson(*t));
    const QJsonObject root{
        {QStringLiteral("format"), formatName()},
        {QStringLiteral("formatVersion"), kFormatVersion},
        {QStringLiteral("exportedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("connection"), QJsonObject{{QStringLiteral("kind"), kindKey(c.kind())},
                                                   {QStringLiteral("title"), c.title()},
                                                   {QStringLiteral("address"), c.address()}}},
        {QStringLiteral("sessions"), sessions},
        {QStringLiteral("frames"), framesJson(*c.traffic())}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace sws::ui::transcript
