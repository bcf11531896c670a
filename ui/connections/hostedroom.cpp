#include "connections/hostedroom.h"

#include "chat/chatmodel.h"
#include "inspector/sessiontracker.h"
#include "inspector/trafficmodel.h"
#include "trust/pinningverifier.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRoom, "sws.ui.room", QtWarningMsg)

namespace sws::ui {

namespace {

ServerConfig serverConfig(const RoomOptions &o) {
    ServerConfig c = o.server;
    // Acknowledged chat with members that offer it; plain peers never see the offer.
    c.session.extensions = {chat::kExtension};
    return c;
}

QString memberName(const ChatChannel *c) {
    return theme::shortFingerprint(c->peerPublicKey());
}

} // namespace

HostedRoom::HostedRoom(RoomOptions options, QObject *parent)
    : Connection(Kind::Room, options.title.isEmpty() ? tr("Room") : options.title, parent)
    , m_options(std::move(options))
    , m_server(new SecureWebSocketServer(serverConfig(m_options), this))
    , m_room(new Room(m_server, m_options.relay, this)) {
    connect(m_server, &SecureWebSocketServer::handshakeStarted, this,
            &HostedRoom::onHandshakeStarted);
    connect(m_room, &Room::memberJoined, this, &HostedRoom::onMemberJoined);
    connect(m_room, &Room::memberLeft, this, [this](ChatChannel *member) {
        chat()->addNotice(tr("%1 left").arg(memberName(member)));
        Q_EMIT changed();
    });
    connect(m_room, &Room::messageReceived, this,
            [this](ChatChannel *from, quint64, const QByteArray &payload) {
                chat()->addIncoming(memberName(from), payload);
            });
    connect(m_room, &Room::deliveryChanged, this,
            [this](quint64 id, chat::MessageState) { onDelivery(id); });
    // A session the room turned away (full) still counts until it closes.
    connect(m_server, &SecureWebSocketServer::sessionClosed, this, [this] { Q_EMIT changed(); });
}

void HostedRoom::onMemberJoined(ChatChannel *member, SecureWebSocket *session, bool replaced) {
    const QString who = memberName(member);
    const QString from = session->peerAddress().toString();
    chat()->addNotice(replaced
                          ? tr("%1 joined again (%2); its earlier session is closed").arg(who, from)
                          : tr("%1 joined (%2)").arg(who, from));
    if (!m_greeting.isEmpty()) {
        const QByteArray bytes = m_greeting.toUtf8();
        trackRow(chat()->addOutgoing(tr("you (host)"), bytes), m_room->sendTo(member, bytes));
    }
    Q_EMIT changed();
}

void HostedRoom::trackRow(quint64 row, quint64 id) {
    m_rows.insert(id, row);
    onDelivery(id); // "sending to …" until the members' channels report
}

// The row's state and detail from the room's per-member view of the message.
void HostedRoom::onDelivery(quint64 id) {
    const auto row = m_rows.constFind(id);
    if (row == m_rows.cend())
        return;
    const std::optional<Room::Delivery> d = m_room->delivery(id);
    if (!d) {
        m_rows.erase(row);
        return;
    }
    using S = chat::MessageState;
    const int n = static_cast<int>(d->recipients.size());
    const int delivered = d->count(S::Delivered);
    const int failed = d->count(S::Failed);
    const int awaiting = d->count(S::Sent, false);
    const int unconfirmed = d->count(S::Sent, true);
    const auto members = [](int k) { return theme::count(k, tr("member"), tr("members")); };
    const QString to = n == 1 ? theme::shortFingerprint(d->recipients.first().key) : members(n);
    QString detail;
    if (n == 0) {
        detail = tr("no member to send to");
    } else if (d->state == S::Queued) {
        detail = tr("sending to %1").arg(to);
    } else if (d->state == S::Delivered) {
        detail = n == 1 ? tr("delivered to %1").arg(to) : tr("delivered to all %1").arg(to);
    } else if (d->state == S::Failed) {
        detail = tr("not delivered to %1").arg(to);
    } else {
        QStringList parts;
        if (delivered)
            parts << tr("delivered to %1 of %2").arg(delivered).arg(to);
        if (awaiting)
            parts << tr("awaiting acknowledgement from %1").arg(members(awaiting));
        if (unconfirmed == n)
            parts << tr("sent to %1; plain peers cannot confirm delivery").arg(to);
        else if (unconfirmed)
            parts << tr("sent to %1 that cannot confirm delivery (plain peers)")
                         .arg(members(unconfirmed));
        if (failed)
            parts << tr("failed for %1").arg(members(failed));
        detail = parts.join(QStringLiteral("; "));
    }
    chat()->setState(*row, chatState(d->state), detail);
    if (d->settled)
        m_rows.erase(row);
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
    o.session.version = m_options.server.session.version;
    o.session.keyPair = BoxKeyPair::generate();
    // The app knows its own room's key: nothing else may answer on its port.
    o.session.verifier =
        std::make_shared<KnownKeyVerifier>(m_server->config().session.keyPair.publicKey);
    if (m_options.issuingCa) {
        o.session.trustedCas = {m_options.issuingCa->cert};
        if (m_options.server.session.requireCert) {
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
        o.session.trustedCas = m_options.server.session.trustedCas;
    }
    return o;
}

void HostedRoom::onHandshakeStarted(SecureWebSocket *session) {
    SessionTracker *t = addSession();
    t->attach(
        session,
        QStringLiteral("%1:%2").arg(session->peerAddress().toString()).arg(session->peerPort()));
    // Frames start only once secure, when the peer's key and extensions are known.
    connect(session, &SecureWebSocket::frame, this,
            [this, session, name = QString(), enveloped = false](const FrameEvent &f) mutable {
                if (name.isEmpty()) {
                    name = theme::shortFingerprint(session->peerPublicKey());
                    enveloped = session->peerExtensions().contains(chat::kExtension);
                }
                addFrame(f, enveloped, name);
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
    return m_room->memberCount();
}

QString HostedRoom::relayName(Room::Mode m) {
    switch (m) {
    case Room::Mode::None:
        return tr("no relay");
    case Room::Mode::Echo:
        return tr("echo");
    case Room::Mode::Chat:
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
                    .arg(m_options.server.session.version)
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
    trackRow(chat()->addOutgoing(tr("you (host)"), bytes), m_room->send(bytes));
}

void HostedRoom::close() {
    m_closed = true;
    m_server->close();
    for (SecureWebSocket *s : m_server->sessions())
        s->close(1001, tr("room closed"));
    // Nothing the room sent will be acknowledged any more.
    m_room->giveUp();
    Q_EMIT changed();
}

RoomOptions demoRoomOptions(int version, BoxKeyPair keyPair) {
    RoomOptions o;
    o.title = version == 2 ? QObject::tr("Demo room (v2, certificates)") : QObject::tr("Demo room");
    o.server.session.version = version;
    o.server.session.keyPair =
        keyPair.publicKey.isEmpty() ? BoxKeyPair::generate() : std::move(keyPair);
    o.relay = Room::Mode::Chat;
    if (version == 2) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 day = 24 * 3600 * 1000LL;
        cert::CaKey ca = cert::generateCa(QStringLiteral("sws-desktop-demo"), now + 30 * day, now);
        cert::CertRequest req;
        req.publicKey = o.server.session.keyPair.publicKey;
        req.names = {QStringLiteral("localhost")};
        req.ips = {QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
        req.tteMs = now + 7 * day;
        if (auto c = cert::sign(req, ca, now))
            o.server.session.certificate = *c;
        o.server.session.trustedCas = {ca.cert};
        o.server.session.requireCert = true;
        o.issuingCa = std::move(ca);
    }
    return o;
}

} // namespace sws::ui
