#include "session/sessioncore.h"

#include "session/securewebsocket.h"
#include "trust/endpoint.h"

#include <QRegularExpression>

namespace sws {

static_assert(int(SessionCore::State::Closed) == int(SecureWebSocket::State::Closed) &&
                  int(SessionCore::State::Verifying) == int(SecureWebSocket::State::Verifying),
              "SessionCore::State mirrors SecureWebSocket::State");

namespace {
// Sealed frames go to the kernel once about 2 KiB have piled up (larger messages at once)
// instead of only when control returns to the event loop, so that the peer can start on them
// while this side still works through a burst.
constexpr qint64 kFlushBytes = 2048;
constexpr int kTimers = 3;

// The HTTP status of a refused upgrade; QWebSocket reports it only inside its error text
// ("QWebSocketPrivate::processHandshake: Unhandled http status code: 200 (OK).").
std::optional<int> refusedUpgradeStatus(const QString &transportError) {
    static const QRegularExpression re(QStringLiteral("status code: (\\d{3})"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(transportError);
    if (!m.hasMatch())
        return std::nullopt;
    const int status = m.captured(1).toInt();
    return status == 101 ? std::nullopt : std::optional<int>(status);
}

// Whether a client's first received message that failed the handshake was at least meant as a
// ServerHello (an SWS server with a fault), or was something else altogether (an echo server,
// a greeting, a binary frame).
bool meantAsServerHello(const Handshake::Output &out) {
    if (!out.failure || out.records.empty())
        return false;
    switch (out.failure->error) {
    case SessionError::MalformedJson:
    case SessionError::BinaryDuringHandshake:
        return false;
    case SessionError::UnexpectedOpcode:
    case SessionError::MalformedMessage: {
        const json::Value &v = out.records.front().decoded;
        const json::Value *opc = v.isObject() ? v.find(QStringLiteral("opc")) : nullptr;
        return opc && opc->isNumber() && opc->toNumber() == 1;
    }
    default:
        return true;
    }
}
} // namespace

struct SessionCore::Private {
    SessionConfig cfg;
    Role role;
    Hooks hooks;
    State state = State::Unconnected;
    std::optional<Handshake> hs;
    std::optional<SecuredSession> session;
    SessionError error = SessionError::None;
    QString errorString;
    quint16 closeCode = 0;
    QString closeReason;
    QUrl url;
    QHostAddress peerAddress;
    bool armed[kTimers] = {false, false, false};
    std::deque<QByteArray> queue;
    qint64 queuedBytes = 0;
    std::deque<QByteArray> heldIncoming; // frames that arrived while Verifying
    qint64 heldIncomingBytes = 0;
    bool holdOutgoing = false;
    bool receivedFirst = false; // client: the server's first message has arrived
    qint64 unflushedBytes = 0;
    qint64 unsent = 0;
    Output *out = nullptr; // the output of the call in progress

    Private(SessionConfig c, Role r, Hooks h)
        : cfg(std::move(c))
        , role(r)
        , hooks(std::move(h)) {}

    template <typename T> void put(T action) { out->actions.emplace_back(std::move(action)); }

    void setState(State s) {
        if (state == s)
            return;
        state = s;
        put(StateChanged{s});
    }

    void startTimer(Timer t, int ms) {
        armed[int(t)] = true;
        put(StartTimer{t, ms});
    }
    void stopTimer(Timer t) {
        if (!armed[int(t)])
            return;
        armed[int(t)] = false;
        put(StopTimer{t});
    }

    void writeText(const QByteArray &utf8) {
        unsent += wireBytes(utf8.size(), role);
        put(WriteText{utf8});
    }

    HandshakeConfig handshakeConfig() const {
        HandshakeConfig h = cfg; // the handshake's part of the config, as it is
        h.role = role;
        if (hooks.random)
            h.random = hooks.random;
        if (hooks.nowMs)
            h.nowMs = hooks.nowMs;
        h.peer.address = peerAddress;
        if (role == Role::Client)
            h.peer.host = url.host();
        return h;
    }

    void startHandshake() {
        put(TransportLimits{qint64(cfg.maxHandshakeBytes), 0});
        setState(State::Handshaking);
        hs.emplace(handshakeConfig());
        startTimer(Timer::Handshake, cfg.handshakeTimeoutMs);
        process(hs->start());
    }

    // Applies one step of the handshake: send, report, fail or secure.
    void process(Handshake::Output o) {
        for (const QByteArray &text : o.send)
            writeText(text);
        for (HandshakeRecord &r : o.records)
            put(HandshakeMessage{std::move(r)});
        if (o.peerVerdict)
            put(PeerCertificateChecked{*o.peerVerdict});
        if (o.failure) {
            fail(*o.failure);
            return;
        }
        if (o.secured)
            onHandshakeDone();
    }

    PeerIdentity peerIdentity() const {
        PeerIdentity p;
        p.localRole = role;
        p.publicKey = session->peerPublicKey;
        p.certificate = session->peerCertificate;
        p.verdict = session->peerVerdict;
        if (role == Role::Client) {
            p.endpoint = endpointKey(url);
        } else {
            p.endpoint = peerAddress.toString();
        }
        return p;
    }

    void onHandshakeDone() {
        stopTimer(Timer::Handshake);
        session.emplace(hs->takeSession());
        // The state machine (its copy of the config and keys) has nothing left to do: an idle
        // session should not keep it.
        hs.reset();
        // The transport's limit is the larger of message and handshake limit; a message limit
        // below the handshake limit is enforced in binaryReceived().
        put(TransportLimits{
            std::max<qint64>(cfg.maxMessageBytes + kMacBytes, cfg.maxHandshakeBytes),
            cfg.maxMessageBytes + kMacBytes});
        if (!cfg.verifier) {
            onSecured();
            return;
        }
        const PeerIdentity peer = peerIdentity();
        const PeerVerifier::Result r = cfg.verifier->verify(peer);
        switch (r.decision) {
        case PeerVerifier::Decision::Accept:
            onSecured();
            return;
        case PeerVerifier::Decision::Reject:
            fail(makeFailure(r.error == SessionError::None ? SessionError::PeerKeyNotTrusted
                                                           : r.error,
                             r.reason));
            return;
        case PeerVerifier::Decision::Ask:
            setState(State::Verifying); // a person may take a while; the peer waits
            put(PeerApprovalRequired{peer});
            return;
        }
    }

    void onSecured() {
        if (role == Role::Server && cfg.firstFrameGraceMs > 0) {
            holdOutgoing = true;
            startTimer(Timer::FirstFrameGrace, cfg.firstFrameGraceMs);
        }
        setState(State::Secured);
        put(Secured{});
        if (!holdOutgoing)
            flushQueue();
    }

    void releaseHold() {
        if (!holdOutgoing)
            return;
        holdOutgoing = false;
        stopTimer(Timer::FirstFrameGrace);
        flushQueue();
    }

    void flushQueue() {
        while (!queue.empty() && state == State::Secured && !holdOutgoing) {
            QByteArray m = std::move(queue.front());
            queue.pop_front();
            queuedBytes -= m.size();
            if (!sendNow(m))
                return;
        }
    }

    // False, with the session failed, when the message would take the backlog of a peer that
    // is not reading past the limit.
    bool sendNow(const QByteArray &plain) {
        const qint64 frame = wireBytes(plain.size() + kMacBytes, role);
        if (unsent > 0 && unsent + frame > cfg.maxUnsentBytes) {
            fail(makeFailure(SessionError::PeerNotReading,
                             QStringLiteral("%1 bytes wait to be sent, the limit is %2")
                                 .arg(unsent)
                                 .arg(cfg.maxUnsentBytes)));
            return false;
        }
        const quint64 counter = session->tx.counter().value();
        QByteArray cipher = session->tx.seal(plain);
        unsent += frame;
        put(WriteBinary{cipher});
        unflushedBytes += cipher.size();
        if (unflushedBytes >= kFlushBytes) {
            put(Flush{});
            unflushedBytes = 0;
        }
        put(Frame{FrameEvent{FrameEvent::Direction::Sent, counter, cipher, plain, true}});
        return true;
    }

    // A client's first message from the server: when it fails the handshake without being
    // meant as a ServerHello, the server is not an SWS server at all.
    Handshake::Output judgeFirst(Handshake::Output o) {
        if (role != Role::Client || receivedFirst)
            return o;
        receivedFirst = true;
        if (!o.failure || meantAsServerHello(o))
            return o;
        const SessionFailure f =
            makeFailure(SessionError::NotSwsServer, sessionErrorText(o.failure->error));
        o.failure = f;
        for (HandshakeRecord &r : o.records)
            if (r.failure)
                r.failure = f;
        return o;
    }

    // The connection could not be made: refused, or the upgrade answered with another status.
    void failConnecting(const QString &transportError) {
        if (const auto status = refusedUpgradeStatus(transportError))
            setError(SessionError::NotWebSocketServer,
                     QStringLiteral("not a WebSocket server (HTTP %1)").arg(*status));
        else
            setError(SessionError::ConnectionFailed, transportError);
        closeCode = kCloseAbnormal;
    }

    void onBinary(const QByteArray &data) {
        if (state == State::Handshaking && hs) {
            process(judgeFirst(hs->receiveBinary(data)));
            return;
        }
        if ((state == State::Verifying || state == State::Secured) &&
            data.size() - kMacBytes > cfg.maxMessageBytes) {
            fail(
                makeFailure(SessionError::MessageTooBig, QStringLiteral("%1 bytes, the limit is %2")
                                                             .arg(data.size() - kMacBytes)
                                                             .arg(cfg.maxMessageBytes)));
            return;
        }
        if (state == State::Verifying) {
            if (heldIncomingBytes + data.size() > cfg.maxQueuedBytes) {
                fail(makeFailure(SessionError::MessageTooBig,
                                 QStringLiteral("too much data while the peer awaits approval")));
                return;
            }
            heldIncoming.push_back(data);
            heldIncomingBytes += data.size();
            return;
        }
        if (state != State::Secured)
            return;
        const quint64 counter = session->rx.counter().value();
        auto plain = session->rx.open(data);
        if (!plain) {
            put(Frame{FrameEvent{FrameEvent::Direction::Received, counter, data, {}, false}});
            fail(makeFailure(SessionError::DecryptFailed,
                             QStringLiteral("frame %1 failed to authenticate").arg(counter)));
            return;
        }
        put(Frame{FrameEvent{FrameEvent::Direction::Received, counter, data, *plain, true}});
        put(MessageReceived{*plain});
        if (holdOutgoing)
            releaseHold(); // the client is listening: its first frame has arrived
    }

    void fail(const SessionFailure &f) {
        if (error != SessionError::None || state == State::Closed)
            return;
        error = f.error;
        errorString = f.reason;
        closeCode = f.closeCode;
        closeReason = f.reason;
        stopTimer(Timer::Handshake);
        stopTimer(Timer::FirstFrameGrace);
        queue.clear();
        queuedBytes = 0;
        put(Error{error, errorString});
        closeTransport(f.closeCode, f.reason);
    }

    void closeTransport(quint16 code, const QString &reason) {
        if (state == State::Closing || state == State::Closed)
            return;
        setState(State::Closing);
        startTimer(Timer::Close, cfg.closeTimeoutMs);
        put(CloseTransport{code, reason});
    }

    void setError(SessionError e, const QString &text) {
        error = e;
        errorString = text;
        put(Error{e, text});
    }

    void onClosed(const TransportClosed &how) {
        stopTimer(Timer::Handshake);
        stopTimer(Timer::FirstFrameGrace);
        stopTimer(Timer::Close);
        const quint16 code = how.code.value_or(kCloseAbnormal);
        if (error == SessionError::None) {
            if (code == closeCodeFor(SessionError::MessageTooBig)) {
                setError(SessionError::MessageTooBig,
                         sessionErrorText(SessionError::MessageTooBig));
            } else if (state == State::Connecting) {
                failConnecting(how.errorString);
            } else if (state == State::Handshaking || state == State::Verifying) {
                const SessionError e = SessionError::PeerClosedDuringHandshake;
                setError(e, !how.reason.isEmpty() ? how.reason : sessionErrorText(e));
            }
            if (closeCode == 0) {
                closeCode = code;
                closeReason = how.reason;
            }
        }
        setState(State::Closed);
        put(Closed{closeCode, closeReason});
    }
};

SessionCore::SessionCore(SessionConfig config, Role role, Hooks hooks)
    : d(std::make_unique<Private>(std::move(config), role, std::move(hooks))) {}
SessionCore::~SessionCore() = default;
SessionCore::SessionCore(SessionCore &&) noexcept = default;
SessionCore &SessionCore::operator=(SessionCore &&) noexcept = default;

namespace {
// Points the machine's output at `out` for the duration of one input call.
class Call {
public:
    explicit Call(SessionCore::Output *&slot)
        : m_slot(slot) {
        m_slot = &m_out;
    }
    ~Call() { m_slot = nullptr; }
    SessionCore::Output take() { return std::move(m_out); }
    SessionCore::Output &out() { return m_out; }

private:
    SessionCore::Output *&m_slot;
    SessionCore::Output m_out;
};
} // namespace

SessionCore::Output SessionCore::open(const QUrl &url) {
    Call c(d->out);
    if (d->role != Role::Client || d->state != State::Unconnected)
        return c.take();
    d->url = url;
    d->setState(State::Connecting);
    return c.take();
}

SessionCore::Output SessionCore::connected(const QHostAddress &peerAddress) {
    Call c(d->out);
    const bool starts =
        d->role == Role::Client ? d->state == State::Connecting : d->state == State::Unconnected;
    // A failed attempt stays over, whatever the transport reports late.
    if (!starts || d->error != SessionError::None)
        return c.take();
    d->peerAddress = peerAddress;
    d->startHandshake();
    return c.take();
}

SessionCore::Output SessionCore::textReceived(const QByteArray &utf8) {
    Call c(d->out);
    if (d->state == State::Handshaking && d->hs)
        d->process(d->judgeFirst(d->hs->receiveText(utf8)));
    else if (d->state == State::Secured || d->state == State::Verifying)
        d->fail(makeFailure(SessionError::TextAfterHandshake));
    return c.take();
}

SessionCore::Output SessionCore::binaryReceived(const QByteArray &data) {
    Call c(d->out);
    d->onBinary(data);
    return c.take();
}

SessionCore::Output SessionCore::frameTooBig(qint64 bytes) {
    Call c(d->out);
    if (d->state == State::Handshaking || d->state == State::Verifying ||
        d->state == State::Secured) {
        const qint64 limit = d->session ? std::max<qint64>(d->cfg.maxMessageBytes + kMacBytes,
                                                           d->cfg.maxHandshakeBytes)
                                        : d->cfg.maxHandshakeBytes;
        d->fail(makeFailure(SessionError::MessageTooBig,
                            QStringLiteral("%1 bytes, the limit is %2").arg(bytes).arg(limit)));
    }
    return c.take();
}

SessionCore::Output SessionCore::timerFired(Timer timer) {
    Call c(d->out);
    if (!d->armed[int(timer)])
        return c.take(); // stopped before it fired
    d->armed[int(timer)] = false;
    switch (timer) {
    case Timer::Handshake:
        if (d->hs)
            d->process(d->hs->timeout());
        break;
    case Timer::FirstFrameGrace:
        d->releaseHold();
        break;
    case Timer::Close:
        if (d->state == State::Closing)
            d->put(AbortTransport{});
        break;
    }
    return c.take();
}

SessionCore::Output SessionCore::send(const QByteArray &message) {
    Call c(d->out);
    Output &o = c.out();
    if (d->state == State::Closing || d->state == State::Closed ||
        message.size() > d->cfg.maxMessageBytes)
        return c.take();
    if (d->state != State::Secured || d->holdOutgoing) {
        if (d->queuedBytes + message.size() > d->cfg.maxQueuedBytes)
            return c.take();
        d->queue.push_back(message);
        d->queuedBytes += message.size();
        o.accepted = message.size();
        return c.take();
    }
    if (d->sendNow(message))
        o.accepted = message.size();
    return c.take();
}

SessionCore::Output SessionCore::approvePeer(bool accept, const QString &reason,
                                             SessionError refusal) {
    Call c(d->out);
    if (d->state != State::Verifying)
        return c.take();
    if (!accept) {
        d->fail(makeFailure(refusal, reason));
        return c.take();
    }
    d->onSecured();
    // Frames the peer sent while we were asking, in order.
    while (d->state == State::Secured && !d->heldIncoming.empty()) {
        QByteArray f = std::move(d->heldIncoming.front());
        d->heldIncoming.pop_front();
        d->heldIncomingBytes -= f.size();
        d->onBinary(f);
    }
    return c.take();
}

SessionCore::Output SessionCore::close(quint16 code, const QString &reason) {
    Call c(d->out);
    switch (d->state) {
    case State::Unconnected:
    case State::Closed:
    case State::Closing:
        break;
    case State::Connecting:
        // The caller gave up on the connection: over at once, and not a failure (no Error).
        d->error = SessionError::Cancelled;
        d->errorString = sessionErrorText(SessionError::Cancelled);
        d->closeCode = kCloseAbnormal;
        d->queue.clear();
        d->queuedBytes = 0;
        d->put(AbortTransport{});
        d->setState(State::Closed);
        d->put(Closed{d->closeCode, d->closeReason});
        break;
    case State::Handshaking:
    case State::Verifying:
    case State::Secured:
        d->queue.clear();
        d->queuedBytes = 0;
        d->closeTransport(code, reason);
        break;
    }
    return c.take();
}

SessionCore::Output SessionCore::transportError(const QString &errorString) {
    Call c(d->out);
    if (d->state == State::Connecting && d->error == SessionError::None)
        d->failConnecting(errorString);
    return c.take();
}

SessionCore::Output SessionCore::transportClosed(const TransportClosed &how) {
    Call c(d->out);
    if (d->state != State::Closed)
        d->onClosed(how);
    return c.take();
}

void SessionCore::setRecordShareKeys(bool record) {
    d->cfg.recordShareKeys = record;
    if (d->hs)
        d->hs->setRecordShareKeys(record);
}

void SessionCore::setUnsentBytes(qint64 bytes) {
    d->unsent = std::max<qint64>(0, bytes);
}

void SessionCore::bytesWritten(qint64 bytes) {
    d->unsent = std::max<qint64>(0, d->unsent - bytes);
}

SessionCore::State SessionCore::state() const {
    return d->state;
}
Role SessionCore::role() const {
    return d->role;
}
const SessionConfig &SessionCore::config() const {
    return d->cfg;
}
SessionError SessionCore::error() const {
    return d->error;
}
QString SessionCore::errorString() const {
    return d->errorString;
}
quint16 SessionCore::closeCode() const {
    return d->closeCode;
}
QString SessionCore::closeReason() const {
    return d->closeReason;
}
QUrl SessionCore::url() const {
    return d->url;
}
const SecuredSession *SessionCore::session() const {
    return d->session ? &*d->session : nullptr;
}
int SessionCore::queuedMessages() const {
    return static_cast<int>(d->queue.size());
}
int SessionCore::heldIncomingMessages() const {
    return static_cast<int>(d->heldIncoming.size());
}
qint64 SessionCore::unsentBytes() const {
    return d->unsent;
}
bool SessionCore::timerArmed(Timer timer) const {
    return d->armed[int(timer)];
}
bool SessionCore::holdingOutgoing() const {
    return d->holdOutgoing;
}

qint64 SessionCore::wireBytes(qint64 payload, Role role) {
    const qint64 length = payload <= 125 ? 0 : payload <= 0xFFFF ? 2 : 8;
    return 2 + length + (role == Role::Client ? 4 : 0) + payload;
}

QString sessionStateName(SessionCore::State s) {
    switch (s) {
    case SessionCore::State::Unconnected:
        return QStringLiteral("Unconnected");
    case SessionCore::State::Connecting:
        return QStringLiteral("Connecting");
    case SessionCore::State::Handshaking:
        return QStringLiteral("Handshaking");
    case SessionCore::State::Verifying:
        return QStringLiteral("Verifying");
    case SessionCore::State::Secured:
        return QStringLiteral("Secured");
    case SessionCore::State::Closing:
        return QStringLiteral("Closing");
    case SessionCore::State::Closed:
        return QStringLiteral("Closed");
    }
    return QStringLiteral("Unknown");
}

} // namespace sws
