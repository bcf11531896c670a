#include "hostedroom.h"

#include "chatmodel.h"
#include "pinningverifier.h"
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
    // Before the room's own sessionSecured handler: a member's channel exists and is attached
    // by the time the room greets it.
    , m_chatHost(new ChatHost(m_server, {}, 1024, this)) {
    connect(m_chatHost, &ChatHost::channelCreated, this, &HostedRoom::onChannelCreated);
    connect(m_server, &SecureWebSocketServer::handshakeStarted, this,
            &HostedRoom::onHandshakeStarted);
    connect(m_server, &SecureWebSocketServer::sessionSecured, this, &HostedRoom::onSecured);
    connect(m_server, &SecureWebSocketServer::sessionClosed, this, [this](SecureWebSocket *s) {
        if (!s->peerPublicKey().isEmpty())
            chat()->addNotice(tr("%1 left").arg(theme::shortFingerprint(s->peerPublicKey())));
        Q_EMIT changed();
    });
}

void HostedRoom::onSecured(SecureWebSocket *s) {
    const QString who = theme::shortFingerprint(s->peerPublicKey());
    chat()->addNotice(tr("%1 joined (%2)").arg(who, s->peerAddress().toString()));
    ChatChannel *ch = m_chatHost->channel(s->peerPublicKey());
    if (!m_greeting.isEmpty() && ch && ch->session() == s) {
        const QByteArray bytes = m_greeting.toUtf8();
        sendTracked(chat()->addOutgoing(tr("you (host)"), bytes), bytes, {ch});
    }
    Q_EMIT changed();
}

void HostedRoom::onChannelCreated(ChatChannel *channel) {
    connect(
        channel, &ChatChannel::messageReceived, this,
        [this, channel](quint64, const QByteArray &message) { onMemberMessage(channel, message); });
    connect(channel, &ChatChannel::messageStateChanged, this,
            [this, channel](quint64 id, chat::MessageState state) {
                onMessageState(channel, id, state);
            });
    // ChatHost drops a channel only once it has nothing left to deliver; a new channel may
    // reuse its address.
    connect(channel, &QObject::destroyed, this, [this, channel] {
        for (auto it = m_rows.begin(); it != m_rows.end();)
            it = it.key().first == channel ? m_rows.erase(it) : std::next(it);
    });
}

void HostedRoom::onMemberMessage(ChatChannel *from, const QByteArray &message) {
    chat()->addIncoming(memberName(from), message);
    switch (m_options.relay) {
    case Relay::Mode::None:
        break;
    case Relay::Mode::Echo:
        from->sendMessage(message);
        break;
    case Relay::Mode::Chat:
        for (ChatChannel *other : members())
            if (other != from)
                other->sendMessage(message);
        break;
    }
}

QList<ChatChannel *> HostedRoom::members() const {
    QList<ChatChannel *> out;
    for (ChatChannel *c : m_chatHost->channels())
        if (c->session())
            out << c;
    return out;
}

void HostedRoom::sendTracked(quint64 row, const QByteArray &bytes, const QList<ChatChannel *> &to) {
    if (to.isEmpty()) {
        chat()->setState(row, ChatModel::MessageState::Failed, tr("no member to send to"));
        return;
    }
    Outgoing &o = m_outgoing[row];
    for (ChatChannel *c : to) {
        o.to.insert(c, Recipient{memberName(c)});
        m_rows.insert({c, c->sendMessage(bytes)}, row);
    }
    updateRow(row);
}

void HostedRoom::onMessageState(ChatChannel *channel, quint64 id, chat::MessageState state) {
    const auto key = qMakePair(channel, id);
    const auto it = m_rows.constFind(key);
    if (it == m_rows.cend())
        return; // relayed, not one of the room's own
    const quint64 row = *it;
    Recipient &r = m_outgoing[row].to[channel];
    r.state = state;
    r.plain = channel->link() == chat::Link::Plain;
    if (state == chat::MessageState::Delivered || state == chat::MessageState::Failed ||
        (state == chat::MessageState::Sent && r.plain))
        m_rows.remove(key);
    updateRow(row);
}

// The row's state from its recipients': Delivered once every one acknowledged, Failed when
// none can get it any more, Queued while one waits to be written, else Sent.
void HostedRoom::updateRow(quint64 row) {
    const auto it = m_outgoing.find(row);
    if (it == m_outgoing.end())
        return;
    int queued = 0, sent = 0, unconfirmed = 0, delivered = 0, failed = 0, pending = 0;
    for (auto r = it->to.cbegin(); r != it->to.cend(); ++r) {
        switch (r->state) {
        case chat::MessageState::Queued:
            ++queued;
            ++pending;
            break;
        case chat::MessageState::Sent:
            if (r->plain) {
                ++unconfirmed;
            } else {
                ++sent;
                ++pending;
            }
            break;
        case chat::MessageState::Delivered:
            ++delivered;
            break;
        case chat::MessageState::Failed:
            ++failed;
            break;
        }
    }
    const int n = static_cast<int>(it->to.size());
    const auto members = [](int k) { return theme::count(k, tr("member"), tr("members")); };
    const QString to = n == 1 ? it->to.cbegin()->name : members(n);
    ChatModel::MessageState state = ChatModel::MessageState::Sent;
    QStringList parts;
    if (queued) {
        state = ChatModel::MessageState::Queued;
        parts << tr("sending to %1").arg(to);
    } else if (n > 0 && delivered == n) {
        state = ChatModel::MessageState::Delivered;
        parts << (n == 1 ? tr("delivered to %1").arg(to) : tr("delivered to all %1").arg(to));
    } else if (n == 0 || failed == n) {
        state = ChatModel::MessageState::Failed;
        parts << tr("not delivered to %1").arg(to);
    } else {
        if (delivered)
            parts << tr("delivered to %1 of %2").arg(delivered).arg(to);
        if (sent)
            parts << tr("awaiting acknowledgement from %1").arg(members(sent));
        if (unconfirmed == n)
            parts << tr("sent to %1; plain peers cannot confirm delivery").arg(to);
        else if (unconfirmed)
            parts << tr("sent to %1 that cannot confirm delivery (plain peers)")
                         .arg(members(unconfirmed));
        if (failed)
            parts << tr("failed for %1").arg(members(failed));
    }
    chat()->setState(row, state, parts.join(QStringLiteral("; ")));
    if (pending == 0)
        m_outgoing.erase(it);
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
    // The app knows its own room's key: nothing else may answer on its port.
    o.session.verifier =
        std::make_shared<KnownKeyVerifier>(m_server->config().session.keyPair.publicKey);
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
    sendTracked(chat()->addOutgoing(tr("you (host)"), bytes), bytes, members());
}

void HostedRoom::close() {
    m_closed = true;
    m_server->close();
    for (SecureWebSocket *s : m_server->sessions())
        s->close(1001, tr("room closed"));
    // Nothing the room sent will be acknowledged any more.
    for (ChatChannel *c : m_chatHost->channels())
        c->giveUp();
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
