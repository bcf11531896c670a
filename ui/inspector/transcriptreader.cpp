#include "inspector/transcript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sws::ui::transcript {

namespace {

QByteArray unhex(const QJsonValue &v) {
    return QByteArray::fromHex(v.toString().toLatin1());
}

QString str(const QJsonObject &o, const char *key) {
    return o.value(QLatin1String(key)).toString();
}

std::optional<cert::Rule> ruleFromName(const QString &name) {
    for (int i = 0; i <= static_cast<int>(cert::Rule::EndpointBinding); ++i) {
        const auto r = static_cast<cert::Rule>(i);
        if (cert::ruleName(r) == name)
            return r;
    }
    return std::nullopt;
}

std::optional<SessionError> errorFromName(const QString &name) {
    for (int i = 0; i <= static_cast<int>(SessionError::NotSwsServer); ++i) {
        const auto e = static_cast<SessionError>(i);
        if (sessionErrorName(e) == name)
            return e;
    }
    return std::nullopt;
}

std::optional<HandshakeModel::Failure> failureFrom(const QJsonValue &v) {
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    HandshakeModel::Failure f;
    f.name = str(o, "name");
    f.text = str(o, "text");
    f.closeCode = static_cast<quint16>(o.value(QLatin1String("closeCode")).toInt());
    f.rule = str(o, "rule");
    f.byPeer = o.value(QLatin1String("byPeer")).toBool();
    return f;
}

std::optional<HandshakeRecord> recordFrom(const QJsonValue &v) {
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    HandshakeRecord r;
    const QString message = str(o, "message");
    r.step = message == QLatin1String("ServerHello")   ? HandshakeStep::ServerHello
             : message == QLatin1String("ClientReady") ? HandshakeStep::ClientReady
                                                       : HandshakeStep::ClientHello;
    r.direction = str(o, "direction") == QLatin1String("sent")
                      ? HandshakeRecord::Direction::Sent
                      : HandshakeRecord::Direction::Received;
    r.rawJson = str(o, "rawJson").toUtf8();
    if (auto parsed = json::parse(r.rawJson))
        r.decoded = *parsed;
    r.boxOpened = o.value(QLatin1String("boxOpened")).toBool();
    r.boxNonce = unhex(o.value(QLatin1String("boxNonce")));
    if (o.value(QLatin1String("boxPayload")).isString()) {
        if (auto payload = json::parse(str(o, "boxPayload").toUtf8()))
            r.boxPayload = *payload;
    }
    if (auto f = failureFrom(o.value(QLatin1String("failure")))) {
        SessionFailure sf;
        sf.error = errorFromName(f->name).value_or(SessionError::None);
        sf.closeCode = f->closeCode;
        sf.reason = f->text;
        sf.rule = ruleFromName(f->rule);
        r.failure = sf;
    }
    return r;
}

std::optional<cert::Verdict> verdictFrom(const QJsonValue &v) {
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    cert::Verdict verdict;
    verdict.valid = o.value(QLatin1String("valid")).toBool();
    verdict.failedRule = ruleFromName(str(o, "failedRule"));
    verdict.message = str(o, "message");
    for (const QJsonValue &rv : o.value(QLatin1String("rules")).toArray()) {
        const QJsonObject ro = rv.toObject();
        if (auto rule = ruleFromName(str(ro, "rule")))
            verdict.rules.push_back(
                {*rule, ro.value(QLatin1String("passed")).toBool(), str(ro, "detail")});
    }
    return verdict;
}

HandshakeModel::Status statusFrom(const QString &s) {
    if (s == QLatin1String("done"))
        return HandshakeModel::Status::Done;
    if (s == QLatin1String("failed"))
        return HandshakeModel::Status::Failed;
    if (s == QLatin1String("skipped"))
        return HandshakeModel::Status::Skipped;
    return HandshakeModel::Status::Pending;
}

SessionState stateFrom(const QString &s) {
    for (auto st : {SessionState::Connecting, SessionState::Handshaking, SessionState::Secured,
                    SessionState::Listening, SessionState::Closed, SessionState::Failed,
                    SessionState::AwaitingApproval, SessionState::Cancelled})
        if (sessionStateName(st) == s)
            return st;
    return SessionState::Closed;
}

Session sessionFrom(const QJsonObject &o) {
    Session s;
    SessionInfo &i = s.info;
    i.role = str(o, "role") == QLatin1String("server") ? Role::Server : Role::Client;
    i.version = o.value(QLatin1String("protocolVersion")).toInt(1);
    i.endpoint = str(o, "endpoint");
    i.state = stateFrom(str(o, "state"));
    i.localPublicKey = unhex(o.value(QLatin1String("localPublicKey")));
    i.peerPublicKey = unhex(o.value(QLatin1String("peerPublicKey")));
    const QJsonObject error = o.value(QLatin1String("error")).toObject();
    i.errorName = str(error, "name");
    i.errorText = str(error, "text");
    i.closeCode = static_cast<quint16>(o.value(QLatin1String("closeCode")).toInt());
    i.closeReason = str(o, "closeReason");
    i.framesSent = o.value(QLatin1String("framesSent")).toInteger();
    i.framesReceived = o.value(QLatin1String("framesReceived")).toInteger();
    if (o.value(QLatin1String("peerCertificate")).isString()) {
        if (auto c = cert::Certificate::fromBytes(str(o, "peerCertificate").toUtf8()))
            i.peerCertificate = *c;
    }
    i.peerVerdict = verdictFrom(o.value(QLatin1String("peerVerdict")));
    s.startMs = o.value(QLatin1String("startMs")).toInteger();
    const QJsonArray steps = o.value(QLatin1String("steps")).toArray();
    for (int k = 0; k < HandshakeModel::kStepCount && k < steps.size(); ++k) {
        const QJsonObject so = steps.at(k).toObject();
        HandshakeModel::StepData &d = s.steps[static_cast<size_t>(k)];
        d.status = statusFrom(str(so, "status"));
        d.timeMs = so.value(QLatin1String("timeMs")).toInteger();
        d.summary = str(so, "summary");
        d.implicit = so.value(QLatin1String("implicit")).toBool();
        d.record = recordFrom(so.value(QLatin1String("record")));
        d.verified = recordFrom(so.value(QLatin1String("verified")));
        d.verdict = verdictFrom(so.value(QLatin1String("verdict")));
        d.failure = failureFrom(so.value(QLatin1String("failure")));
    }
    return s;
}

payload::Format formatFrom(const QString &s) {
    if (s == QLatin1String("msgpack"))
        return payload::Format::Msgpack;
    if (s == QLatin1String("binary"))
        return payload::Format::Binary;
    return payload::Format::Text;
}

} // namespace

Expected<Data, QString> read(const QByteArray &bytes) {
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (doc.isNull())
        return unexpected(QObject::tr("not JSON: %1").arg(err.errorString()));
    const QJsonObject root = doc.object();
    if (str(root, "format") != formatName())
        return unexpected(QObject::tr("not an SWS Desktop transcript"));
    if (root.value(QLatin1String("formatVersion")).toInt() != kFormatVersion)
        return unexpected(QObject::tr("transcript format version %1 is not supported")
                              .arg(root.value(QLatin1String("formatVersion")).toInt()));
    Data d;
    const QJsonObject c = root.value(QLatin1String("connection")).toObject();
    d.kind = str(c, "kind");
    d.title = str(c, "title");
    d.address = str(c, "address");
    d.exportedAt = str(root, "exportedAt");
    for (const QJsonValue &s : root.value(QLatin1String("sessions")).toArray())
        d.sessions.push_back(sessionFrom(s.toObject()));
    const QJsonObject frames = root.value(QLatin1String("frames")).toObject();
    d.totalFrames = frames.value(QLatin1String("total")).toInteger();
    d.droppedFrames = frames.value(QLatin1String("dropped")).toInteger();
    for (const QJsonValue &v : frames.value(QLatin1String("rows")).toArray()) {
        const QJsonObject o = v.toObject();
        TrafficModel::Row r;
        r.timeMs = o.value(QLatin1String("timeMs")).toInteger();
        r.sent = str(o, "direction") == QLatin1String("sent");
        r.counter = str(o, "counter").toULongLong();
        r.cipherBytes = o.value(QLatin1String("ciphertextBytes")).toInteger();
        r.cipherPreview = unhex(o.value(QLatin1String("ciphertextPreview")));
        r.plainBytes = o.value(QLatin1String("plaintextBytes")).toInteger();
        r.format = formatFrom(str(o, "format"));
        r.plainPreview = str(o, "plaintext");
        r.opened = o.value(QLatin1String("opened")).toBool(true);
        d.frames.push_back(std::move(r));
        d.framePeers.push_back(str(o, "peer"));
    }
    return d;
}

} // namespace sws::ui::transcript
