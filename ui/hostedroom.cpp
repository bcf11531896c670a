#include "hostedroom.h"

#include "chatmodel.h"
#include "sessiontracker.h"
#include "trafficmodel.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRoom, "sws.ui.room", QtWarningMsg)

namespace sws::ui {

namespace {

ServerConfig serverConfig(const RoomOptions &o) {
    ServerConfig c;
    c.path = o.path;
    c.session.version = o.version;
    c.session.keyPair = o.keyPair.clone();
    c.session.certificate = o.certificate;
    c.session.trustedCas = o.trustedCas;
    c.session.requireCert = o.requireCert;
    return c;
}

} // namespace

HostedRoom::HostedRoom(RoomOptions options, QObject *parent)
    : Connection(Kind::Room, options.title.isEmpty() ? tr("Room") : options.title, parent)
    , m_options(std::move(options))
    , m_server(new SecureWebSocketServer(serverConfig(m_options), this))
    , m_relay(new Relay(m_server, m_options.relay, this)) {
    connect(m_server, &SecureWebSocketServer::handshakeStarted, this,
            &HostedRoom::onHandshakeStarted);
    connect(m_server, &SecureWebSocketServer::sessionSecured, this, [this](SecureWebSocket *s) {
        const QString who = theme::shortFingerprint(s->peerPublicKey());
        chat()->addNotice(tr("%1 joined (%2)").arg(who, s->peerAddress().toString()));
        if (!m_greeting.isEmpty()) {
            const QByteArray bytes = m_greeting.toUtf8();
            const quint64 id = chat()->addOutgoing(tr("you (host)"), bytes);
            const bool ok = s->sendBinaryMessage(bytes) >= 0;
            chat()->setState(id,
                             ok ? ChatModel::MessageState::Sent : ChatModel::MessageState::Failed,
                             tr("greeting to %1").arg(who));
        }
        Q_EMIT changed();
    });
    connect(m_server, &SecureWebSocketServer::sessionClosed, this, [this](SecureWebSocket *s) {
        if (!s->peerPublicKey().isEmpty())
            chat()->addNotice(tr("%1 left").arg(theme::shortFingerprint(s->peerPublicKey())));
        Q_EMIT changed();
    });
    connect(m_relay, &Relay::messageReceived, this,
            [this](SecureWebSocket *from, const QByteArray &message) {
                chat()->addIncoming(theme::shortFingerprint(from->peerPublicKey()), message);
            });
}

HostedRoom::~HostedRoom() = default;

bool HostedRoom::start() {
    if (!m_server->listen(m_options.address, m_options.port)) {
        m_error = m_server->errorString();
        qCWarning(lcRoom) << "cannot listen:" << m_error;
        Q_EMIT changed();
        return false;
    }
    m_closed = false;
    Q_EMIT changed();
    return true;
}

QUrl HostedRoom::url() const {
    QUrl u = m_server->serverUrl();
    const QHostAddress a = m_server->serverAddress();
    if (a == QHostAddress::Any || a == QHostAddress::AnyIPv4)
        u.setHost(QStringLiteral("127.0.0.1"));
    else if (a == QHostAddress::AnyIPv6)
        u.setHost(QStringLiteral("::1"));
    return u;
}

ClientOptions HostedRoom::joinOptions() const {
    ClientOptions o;
    o.url = url();
    o.title = tr("%1 (joined)").arg(title());
    o.session.version = m_options.version;
    o.session.keyPair = BoxKeyPair::generate();
    if (m_options.issuingCa) {
        o.session.trustedCas = {m_options.issuingCa->cert};
        if (m_options.requireCert) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            cert::CertRequest req;
            req.publicKey = o.session.keyPair.publicKey;
            req.names = {QStringLiteral("localhost")};
            req.ips = {QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
            req.tteMs = std::min(m_options.issuingCa->cert.tteMs(), now + 24 * 3600 * 1000LL);
            if (auto c = cert::sign(req, *m_options.issuingCa, now))
                o.session.certificate = *c;
        }
    } else {
        o.session.trustedCas = m_options.trustedCas;
    }
    return o;
}

void HostedRoom::onHandshakeStarted(SecureWebSocket *session) {
    SessionTracker *t = addSession();
    t->attach(
        session,
        QStringLiteral("%1:%2").arg(session->peerAddress().toString()).arg(session->peerPort()));
    // Frames start only once secure, when the peer's key is known.
    connect(session, &SecureWebSocket::frame, this,
            [this, session, name = QString()](const FrameEvent &f) mutable {
                if (name.isEmpty())
                    name = theme::shortFingerprint(session->peerPublicKey());
                traffic()->enqueue(f, name);
            });
    Q_EMIT changed();
}

QString HostedRoom::address() const {
    return m_server->isListening() ? url().toDisplayString() : QString();
}

SessionState HostedRoom::state() const {
    if (m_server->isListening())
        return SessionState::Listening;
    return m_error.isEmpty() || m_closed ? SessionState::Closed : SessionState::Failed;
}

int HostedRoom::memberCount() const {
    return static_cast<int>(m_server->sessions().size());
}

QString HostedRoom::relayName(Relay::Mode m) {
    switch (m) {
    case Relay::Mode::None:
        return tr("no relay");
    case Relay::Mode::Echo:
        return tr("echo");
    case Relay::Mode::Chat:
        return tr("chat relay");
    }
    return {};
}

QString HostedRoom::statusText() const {
    if (state() == SessionState::Failed)
        return tr("Cannot host: %1").arg(m_error);
    if (state() == SessionState::Closed)
        return tr("Room closed");
    QString s = tr("Hosting %1 · version %2 · %3 · %4")
                    .arg(address())
                    .arg(m_options.version)
                    .arg(relayName(m_options.relay),
                         theme::count(memberCount(), tr("member"), tr("members")));
    if (const int h = m_server->handshakesInProgress())
        s += tr(" · %1 in progress").arg(theme::count(h, tr("handshake"), tr("handshakes")));
    return s;
}

bool HostedRoom::canSend() const {
    return m_server->isListening();
}

void HostedRoom::sendMessage(const QString &text, payload::Format format) {
    const QByteArray bytes = encode(text, format);
    int delivered = 0;
    for (SecureWebSocket *s : m_server->sessions())
        if (s->sendBinaryMessage(bytes) >= 0)
            ++delivered;
    const quint64 id = chat()->addOutgoing(tr("you (host)"), bytes);
    chat()->setState(
        id, delivered ? ChatModel::MessageState::Sent : ChatModel::MessageState::Failed,
        delivered ? tr("to %1").arg(theme::count(delivered, tr("member"), tr("members")))
                  : tr("no member to send to"));
}

void HostedRoom::close() {
    m_closed = true;
    m_server->close();
    for (SecureWebSocket *s : m_server->sessions())
        s->close(1001, tr("room closed"));
    Q_EMIT changed();
}

RoomOptions demoRoomOptions(int version) {
    RoomOptions o;
    o.title = version == 2 ? QObject::tr("Demo room (v2, certificates)") : QObject::tr("Demo room");
    o.version = version;
    o.keyPair = BoxKeyPair::generate();
    o.relay = Relay::Mode::Chat;
    if (version == 2) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 day = 24 * 3600 * 1000LL;
        cert::CaKey ca = cert::generateCa(QStringLiteral("sws-desktop-demo"), now + 30 * day, now);
        cert::CertRequest req;
        req.publicKey = o.keyPair.publicKey;
        req.names = {QStringLiteral("localhost")};
        req.ips = {QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
        req.tteMs = now + 7 * day;
        if (auto c = cert::sign(req, ca, now))
            o.certificate = *c;
        o.trustedCas = {ca.cert};
        o.requireCert = true;
        o.issuingCa = std::move(ca);
    }
    return o;
}

} // namespace sws::ui
