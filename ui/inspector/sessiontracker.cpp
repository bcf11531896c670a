#include "inspector/sessiontracker.h"

#include "cert/peerquirks.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTracker, "sws.ui.session", QtWarningMsg)

namespace sws::ui {

namespace {

qint64 now() {
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray peerKeyOf(const HandshakeRecord &r) {
    const char *field =
        r.step == HandshakeStep::ClientHello ? "client_public_key" : "server_public_key";
    const json::Value *v = r.decoded.find(QString::fromLatin1(field));
    if (!v)
        return {};
    auto bytes = json::arrayToBytes(*v, kBoxPublicKeyBytes);
    return bytes ? *bytes : QByteArray();
}

// The certificate a received v2 box carried: {"cert":…} from the server, the bare
// certificate from the client.
std::optional<cert::Certificate> certificateOf(const HandshakeRecord &r) {
    if (!r.boxOpened || !r.boxPayload.isObject())
        return std::nullopt;
    const json::Value *c = r.boxPayload.find(QStringLiteral("cert"));
    auto parsed = cert::Certificate::fromJson(c ? *c : r.boxPayload);
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

} // namespace

SessionTracker::SessionTracker(QObject *parent)
    : QObject(parent)
    , m_handshake(new HandshakeModel(this)) {}

QString SessionTracker::label() const {
    const QString who = m_info.peerPublicKey.isEmpty()
                            ? tr("unknown key")
                            : theme::shortFingerprint(m_info.peerPublicKey);
    return QStringLiteral("%1 · %2").arg(who, m_info.endpoint);
}

QString SessionTracker::endText() const {
    const SessionInfo &i = m_info;
    if (!i.errorName.isEmpty())
        return tr("%1 (close %2): %3").arg(i.errorName).arg(i.closeCode).arg(i.errorText);
    if (i.state == SessionState::Cancelled)
        return i.errorText;
    if (i.state != SessionState::Closed || i.closeCode == 0)
        return {};
    QString s = tr("close %1 (%2)").arg(i.closeCode).arg(closeCodeName(i.closeCode));
    if (!i.closeReason.isEmpty())
        s += QStringLiteral(": ") + i.closeReason;
    return s;
}

void SessionTracker::setState(SessionState s) {
    if (m_info.state == s)
        return;
    m_info.state = s;
    Q_EMIT changed();
}

void SessionTracker::attach(SecureWebSocket *socket, const QString &endpoint) {
    m_socket = socket;
    // The inspector this tracker feeds can reveal the share keys (masked until asked).
    socket->setRecordShareKeys(true);
    m_info.role = socket->role();
    m_info.version = socket->version();
    m_info.localPublicKey = socket->localPublicKey();
    m_info.endpoint = endpoint;
    connect(socket, &SecureWebSocket::stateChanged, this, &SessionTracker::onState);
    connect(socket, &SecureWebSocket::handshakeMessage, this, &SessionTracker::onRecord);
    connect(socket, &SecureWebSocket::peerCertificateChecked, this, [this](const cert::Verdict &v) {
        m_info.peerVerdict = v;
        m_handshake->setVerdict(v);
        Q_EMIT changed();
    });
    connect(socket, &SecureWebSocket::errorOccurred, this, &SessionTracker::onError);
    connect(socket, &SecureWebSocket::disconnected, this, &SessionTracker::onDisconnected);
    connect(socket, &SecureWebSocket::frame, this, [this](const FrameEvent &f) {
        if (f.direction == FrameEvent::Direction::Sent)
            ++m_info.framesSent;
        else
            ++m_info.framesReceived;
    });

    m_handshake->begin(m_info.role, m_info.version, now());
    if (socket->state() == SecureWebSocket::State::Handshaking) {
        // Server side: the client is already connected.
        m_handshake->connected(now(), tr("client %1 connected").arg(endpoint));
        m_info.state = SessionState::Handshaking;
    } else {
        m_info.state = SessionState::Connecting;
    }
}

void SessionTracker::restore(const SessionInfo &info) {
    m_info = info;
    m_info.state = info.state;
    Q_EMIT changed();
}

void SessionTracker::onState(SecureWebSocket::State s) {
    switch (s) {
    case SecureWebSocket::State::Unconnected:
    case SecureWebSocket::State::Connecting:
        setState(SessionState::Connecting);
        break;
    case SecureWebSocket::State::Handshaking:
        m_handshake->connected(now(), tr("WebSocket open to %1").arg(m_info.endpoint));
        setState(SessionState::Handshaking);
        break;
    case SecureWebSocket::State::Verifying:
        // The trust layer (a pin policy, or the user) judges the peer's key: no data yet.
        setState(SessionState::AwaitingApproval);
        break;
    case SecureWebSocket::State::Secured:
        if (m_socket) {
            m_info.peerPublicKey = m_socket->peerPublicKey();
            m_info.peerCertificate = m_socket->peerCertificate();
            if (auto v = m_socket->peerVerdict())
                m_info.peerVerdict = v;
        }
        m_handshake->secured(now());
        setState(SessionState::Secured);
        break;
    case SecureWebSocket::State::Closing:
    case SecureWebSocket::State::Closed:
        break; // decided on disconnected(), when the close code is known
    }
}

void SessionTracker::onRecord(const HandshakeRecord &r) {
    if (r.direction == HandshakeRecord::Direction::Received) {
        if (m_info.peerPublicKey.isEmpty())
            m_info.peerPublicKey = peerKeyOf(r);
        // Keep the peer's certificate even when it is refused: the peer panel shows why.
        if (!m_info.peerCertificate)
            m_info.peerCertificate = certificateOf(r);
        if (r.step == HandshakeStep::ClientHello && quirks::looksLikeJavaReferenceClient(r.rawJson))
            m_info.javaReferenceClient = true;
    }
    m_handshake->addRecord(r, now());
    Q_EMIT changed();
}

void SessionTracker::onError(SessionError e) {
    m_info.errorName = sessionErrorName(e);
    m_info.errorText = m_socket && !m_socket->errorString().isEmpty() ? m_socket->errorString()
                                                                      : sessionErrorText(e);
    m_info.closeCode = m_socket && e != SessionError::ConnectionFailed ? m_socket->closeCode() : 0;
    qCInfo(lcTracker) << "session error" << m_info.errorName << m_info.closeCode;
    HandshakeModel::Failure f;
    f.name = m_info.errorName;
    f.text = m_info.errorText;
    f.closeCode = e == SessionError::ConnectionFailed ? 0 : m_info.closeCode;
    f.byPeer = e == SessionError::PeerClosedDuringHandshake;
    m_handshake->fail(f, now());
    setState(SessionState::Failed);
    Q_EMIT changed();
}

void SessionTracker::onDisconnected() {
    if (!m_socket)
        return;
    if (m_socket->error() == SessionError::Cancelled) {
        // close() before the connection was made: nothing failed, and no close code applies.
        m_info.closeCode = 0;
        m_info.closeReason.clear();
        m_info.errorName.clear();
        m_info.errorText = m_socket->errorString();
        setState(SessionState::Cancelled);
        Q_EMIT changed();
        return;
    }
    const bool wasSecured = m_info.state == SessionState::Secured;
    // A connection that never opened has no close frame, whatever QWebSocket reports.
    const bool neverOpened = m_info.errorName == sessionErrorName(SessionError::ConnectionFailed);
    m_info.closeCode = neverOpened ? 0 : m_socket->closeCode();
    m_info.closeReason = neverOpened ? QString() : m_socket->closeReason();
    m_handshake->setCloseCode(m_info.closeCode, m_info.closeReason);
    // A client is secure right after ClientReady; the server may still refuse it (step 5)
    // and says so only by closing with a handshake code before any data.
    if (m_info.role == Role::Client && wasSecured && m_info.errorName.isEmpty() &&
        m_info.framesReceived == 0 && isHandshakeRefusalCode(m_info.closeCode)) {
        HandshakeModel::Failure f;
        f.name = closeCodeName(m_info.closeCode);
        f.text = m_info.closeReason.isEmpty() ? tr("the server refused the session")
                                              : m_info.closeReason;
        f.closeCode = m_info.closeCode;
        f.byPeer = true;
        m_info.errorName = f.name;
        m_info.errorText = f.text;
        m_handshake->refusedByServer(f, now());
    }
    setState(m_info.errorName.isEmpty() ? SessionState::Closed : SessionState::Failed);
    Q_EMIT changed();
}

} // namespace sws::ui
