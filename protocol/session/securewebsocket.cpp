#include "session/securewebsocket.h"

#include "trust/endpoint.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QPointer>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <deque>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcSession, "sws.session", QtWarningMsg)

namespace sws {

namespace {
// Looked up once: QMetaMethod::fromSignal() searches the meta-object on every call, and
// every frame asks whether anyone listens to frame().
const QMetaMethod &frameSignal() {
    static const QMetaMethod m = QMetaMethod::fromSignal(&SecureWebSocket::frame);
    return m;
}

// The HTTP status of a refused upgrade; QWebSocket reports it only inside its error text
// ("QWebSocketPrivate::processHandshake: Unhandled http status code: 200 (OK).").
std::optional<int> refusedUpgradeStatus(const QString &qtError) {
    static const QRegularExpression re(QStringLiteral("status code: (\\d{3})"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(qtError);
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

#ifdef Q_OS_UNIX
// QWebSocket closes its TCP socket right after its own close frame, with the rest of an
// oversized message unread: the kernel then answers with a reset, and the peer loses the close
// frame. This keeps a duplicate of the socket open once Qt has closed its own, half-closes it
// and reads and discards what the peer still sends, until it closes or `timeoutMs` passes.
class LingeringClose : public QObject {
public:
    static void start(int fd, QAbstractSocket *socket, int timeoutMs) {
        const int dupFd = ::dup(fd);
        if (dupFd < 0)
            return;
        auto *l = new LingeringClose(dupFd, timeoutMs);
        // Outlives the session; the application deletes one still draining when it ends.
        if (QCoreApplication *app = QCoreApplication::instance();
            app && app->thread() == QThread::currentThread())
            l->setParent(app);
        // Only once Qt has written the close frame and let go of its descriptor.
        QObject::connect(socket, &QAbstractSocket::disconnected, l, &LingeringClose::drain);
        QObject::connect(socket, &QObject::destroyed, l, &LingeringClose::drain);
    }

private:
    LingeringClose(int fd, int timeoutMs)
        : m_fd(fd)
        , m_timeoutMs(timeoutMs) {}
    ~LingeringClose() override {
        delete m_notifier; // before its descriptor goes
        ::close(m_fd);
    }

    void drain() {
        if (m_notifier)
            return;
        (void)::shutdown(m_fd, SHUT_WR);
        m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
        QObject::connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            // Up to 1 MiB at a time, so that one flooding peer cannot hold up the event loop.
            char buf[65536];
            for (int i = 0; i < 16; ++i) {
                const ssize_t n = ::recv(m_fd, buf, sizeof buf, MSG_DONTWAIT);
                if (n > 0)
                    continue;
                if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                    m_notifier->setEnabled(false);
                    deleteLater();
                }
                return;
            }
        });
        QTimer::singleShot(m_timeoutMs, this, [this] {
            m_notifier->setEnabled(false);
            deleteLater();
        });
    }

    int m_fd;
    int m_timeoutMs;
    QSocketNotifier *m_notifier = nullptr;
};
#endif
} // namespace

SessionConfig SessionConfig::clone() const {
    SessionConfig c;
    c.keyPair = keyPair.clone();
    c.version = version;
    c.certificate = certificate;
    c.trustedCas = trustedCas;
    c.requireCert = requireCert;
    c.checkEndpoint = checkEndpoint;
    c.handshakeTimeoutMs = handshakeTimeoutMs;
    c.maxMessageBytes = maxMessageBytes;
    c.maxHandshakeBytes = maxHandshakeBytes;
    c.maxQueuedBytes = maxQueuedBytes;
    c.maxUnsentBytes = maxUnsentBytes;
    c.closeTimeoutMs = closeTimeoutMs;
    c.firstFrameGraceMs = firstFrameGraceMs;
    c.verifier = verifier;
    c.extensions = extensions;
    c.recordShareKeys = recordShareKeys;
    return c;
}

struct SecureWebSocket::Private {
    SecureWebSocket *q;
    SessionConfig cfg;
    Role role;
    QWebSocket *ws = nullptr;
    std::optional<Handshake> hs;
    std::optional<SecuredSession> session;
    State state = State::Unconnected;
    SessionError error = SessionError::None;
    QString errorString;
    quint16 closeCode = 0;
    QString closeReason;
    QUrl url;
    QTimer handshakeTimer;
    QTimer closeTimer;
    QTimer graceTimer;
    std::deque<QByteArray> queue;
    qint64 queuedBytes = 0;
    std::deque<QByteArray> heldIncoming; // frames that arrived while Verifying
    qint64 heldIncomingBytes = 0;
    bool holdOutgoing = false;
    // A close frame was sent or received (QWebSocket::aboutToClose): without one the
    // connection was dropped, and its close code is 1006 whatever QWebSocket reports.
    bool closeFrameSeen = false;
    bool closingByUs = false;   // our closeSocket() is closing the WebSocket
    bool receivedFirst = false; // client: the server's first message has arrived
    bool lingering = false;
    // The TCP socket under ws: a client's QWebSocket owns it; for an accepted one the server
    // names it (kTcpSocketProperty).
    QPointer<QTcpSocket> tcp;
    // Sealed frames go to the kernel once about 2 KiB have piled up (larger messages at once)
    // instead of only when control returns to the event loop, so that the peer can start on
    // them while this side still works through a burst.
    static constexpr qint64 kFlushBytes = 2048;
    qint64 unflushedBytes = 0;

    Private(SecureWebSocket *qq, SessionConfig c, Role r)
        : q(qq)
        , cfg(std::move(c))
        , role(r) {
        handshakeTimer.setSingleShot(true);
        closeTimer.setSingleShot(true);
        graceTimer.setSingleShot(true);
    }

    void setState(State s) {
        if (state == s)
            return;
        state = s;
        Q_EMIT q->stateChanged(s);
    }

    void attach(QWebSocket *socket) {
        ws = socket;
        ws->setParent(q);
        tcp = ws->findChild<QTcpSocket *>();
        if (!tcp)
            tcp = qobject_cast<QTcpSocket *>(ws->property(kTcpSocketProperty).value<QObject *>());
        setHandshakeLimits();
        QObject::connect(ws, &QWebSocket::connected, q, [this] { onSocketConnected(); });
        QObject::connect(ws, &QWebSocket::disconnected, q, [this] { onSocketDisconnected(); });
        QObject::connect(ws, &QWebSocket::textMessageReceived, q,
                         [this](const QString &m) { onText(m); });
        QObject::connect(ws, &QWebSocket::binaryMessageReceived, q,
                         [this](const QByteArray &m) { onBinary(m); });
        QObject::connect(ws, &QWebSocket::bytesWritten, q, &SecureWebSocket::bytesWritten);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        QObject::connect(ws, &QWebSocket::errorOccurred, q,
                         [this](QAbstractSocket::SocketError) { onSocketError(); });
#else
        QObject::connect(ws, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), q,
                         [this](QAbstractSocket::SocketError) { onSocketError(); });
#endif
        QObject::connect(ws, &QWebSocket::aboutToClose, q, [this] { onAboutToClose(); });
        QObject::connect(&handshakeTimer, &QTimer::timeout, q, [this] {
            if (hs)
                process(hs->timeout());
        });
        QObject::connect(&closeTimer, &QTimer::timeout, q, [this] {
            if (ws && state == State::Closing)
                ws->abort();
        });
        QObject::connect(&graceTimer, &QTimer::timeout, q, [this] { releaseHold(); });
    }

    void setHandshakeLimits() {
        ws->setMaxAllowedIncomingFrameSize(static_cast<quint64>(cfg.maxHandshakeBytes));
        ws->setMaxAllowedIncomingMessageSize(static_cast<quint64>(cfg.maxHandshakeBytes));
    }
    void setDataLimits() {
        const auto max =
            static_cast<quint64>(std::max(cfg.maxMessageBytes + kMacBytes, cfg.maxHandshakeBytes));
        ws->setMaxAllowedIncomingFrameSize(max);
        ws->setMaxAllowedIncomingMessageSize(max);
        // One WebSocket frame per message: QWebSocket splits messages into 512 KiB frames by
        // default, and the receiving QWebSocket then copies the fragments into one buffer.
        ws->setOutgoingFrameSize(std::min(QWebSocket::maxOutgoingFrameSize(),
                                          static_cast<quint64>(cfg.maxMessageBytes + kMacBytes)));
    }

    HandshakeConfig handshakeConfig() const {
        HandshakeConfig h;
        h.role = role;
        h.version = cfg.version;
        h.keyPair = cfg.keyPair.clone();
        h.certificate = cfg.certificate;
        h.trustedCas = cfg.trustedCas;
        h.requireCert = cfg.requireCert;
        h.checkEndpoint = cfg.checkEndpoint;
        h.maxHandshakeBytes = cfg.maxHandshakeBytes;
        h.extensions = cfg.extensions;
        h.recordShareKeys = cfg.recordShareKeys;
        h.peer.address = ws->peerAddress();
        if (role == Role::Client)
            h.peer.host = url.host();
        return h;
    }

    void startHandshake() {
        disableNagle();
        setState(State::Handshaking);
        hs.emplace(handshakeConfig());
        handshakeTimer.start(cfg.handshakeTimeoutMs);
        process(hs->start());
    }

    void onSocketConnected() {
        if (role == Role::Client && state == State::Connecting)
            startHandshake();
    }

    // Every message is one write: Nagle's algorithm would only hold the tail of a large one
    // back until the peer's delayed acknowledgement (up to 40 ms on Linux) arrives. A client's
    // QWebSocket owns its TCP socket; accepted ones inherit the option from the listening
    // socket (SecureWebSocketServer::listen).
    void disableNagle() {
        for (QAbstractSocket *socket : ws->findChildren<QAbstractSocket *>())
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }

    // Applies one step of the state machine: send, report, fail or secure.
    void process(Handshake::Output out) {
        QPointer<SecureWebSocket> guard(q);
        for (const QByteArray &text : out.send)
            ws->sendTextMessage(QString::fromUtf8(text));
        for (const HandshakeRecord &r : out.records) {
            Q_EMIT q->handshakeMessage(r);
            if (!guard)
                return;
        }
        if (out.peerVerdict) {
            Q_EMIT q->peerCertificateChecked(*out.peerVerdict);
            if (!guard)
                return;
        }
        if (out.failure) {
            fail(*out.failure);
            return;
        }
        if (out.secured)
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
            p.endpoint = ws->peerAddress().toString();
        }
        return p;
    }

    void onHandshakeDone() {
        handshakeTimer.stop();
        session.emplace(hs->takeSession());
        // The state machine (its copy of the config and keys) has nothing left to do: an idle
        // session should not keep it.
        hs.reset();
        setDataLimits();
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
            Q_EMIT q->peerApprovalRequired(peer);
            return;
        }
    }

    void approve(bool accept, const QString &reason, SessionError refusal) {
        if (state != State::Verifying)
            return;
        if (!accept) {
            fail(makeFailure(refusal, reason));
            return;
        }
        onSecured();
        // Frames the peer sent while we were asking, in order.
        QPointer<SecureWebSocket> guard(q);
        while (guard && state == State::Secured && !heldIncoming.empty()) {
            QByteArray f = std::move(heldIncoming.front());
            heldIncoming.pop_front();
            heldIncomingBytes -= f.size();
            onBinary(f);
        }
    }

    void onSecured() {
        if (role == Role::Server && cfg.firstFrameGraceMs > 0) {
            holdOutgoing = true;
            graceTimer.start(cfg.firstFrameGraceMs);
        }
        QPointer<SecureWebSocket> guard(q);
        setState(State::Secured);
        if (!guard)
            return;
        Q_EMIT q->secured();
        if (!guard)
            return;
        Q_EMIT q->connected();
        if (!guard)
            return;
        if (!holdOutgoing)
            flushQueue();
    }

    void releaseHold() {
        if (!holdOutgoing)
            return;
        holdOutgoing = false;
        graceTimer.stop();
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

    // Size of the WebSocket frame that carries a message of `plain` bytes (RFC 6455 5.2: one
    // frame per message, see setDataLimits; clients mask theirs).
    qint64 frameBytes(qint64 plain) const {
        const qint64 payload = plain + kMacBytes;
        const qint64 length = payload <= 125 ? 0 : payload <= 0xFFFF ? 2 : 8;
        return 2 + length + (role == Role::Client ? 4 : 0) + payload;
    }

    // False, with the session failed, when the message would take the backlog of a peer that
    // is not reading past the limit.
    bool sendNow(const QByteArray &plain) {
        const qint64 waiting = ws->bytesToWrite();
        if (waiting > 0 && waiting + frameBytes(plain.size()) > cfg.maxUnsentBytes) {
            fail(makeFailure(SessionError::PeerNotReading,
                             QStringLiteral("%1 bytes wait to be sent, the limit is %2")
                                 .arg(waiting)
                                 .arg(cfg.maxUnsentBytes)));
            return false;
        }
        const quint64 counter = session->tx.counter().value();
        QByteArray cipher = session->tx.seal(plain);
        ws->sendBinaryMessage(cipher);
        unflushedBytes += cipher.size();
        if (unflushedBytes >= kFlushBytes) {
            ws->flush();
            unflushedBytes = 0;
        }
        if (q->isSignalConnected(frameSignal()))
            Q_EMIT q->frame(FrameEvent{FrameEvent::Direction::Sent, counter, cipher, plain, true});
        return true;
    }

    // A client's first message from the server: when it fails the handshake without being
    // meant as a ServerHello, the server is not an SWS server at all.
    Handshake::Output judgeFirst(Handshake::Output out) {
        if (role != Role::Client || receivedFirst)
            return out;
        receivedFirst = true;
        if (!out.failure || meantAsServerHello(out))
            return out;
        const SessionFailure f =
            makeFailure(SessionError::NotSwsServer, sessionErrorText(out.failure->error));
        out.failure = f;
        for (HandshakeRecord &r : out.records)
            if (r.failure)
                r.failure = f;
        return out;
    }

    void onText(const QString &text) {
        if (state == State::Handshaking && hs) {
            process(judgeFirst(hs->receiveText(text.toUtf8())));
        } else if (state == State::Secured || state == State::Verifying) {
            fail(makeFailure(SessionError::TextAfterHandshake));
        }
    }

    void onBinary(const QByteArray &data) {
        if (state == State::Handshaking && hs) {
            process(judgeFirst(hs->receiveBinary(data)));
            return;
        }
        // The socket's frame limit is the larger of this and the handshake limit, so a message
        // limit below the handshake limit is enforced here.
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
        const bool wantFrames = q->isSignalConnected(frameSignal());
        QPointer<SecureWebSocket> guard(q);
        if (!plain) {
            if (wantFrames)
                Q_EMIT q->frame(
                    FrameEvent{FrameEvent::Direction::Received, counter, data, {}, false});
            if (guard)
                fail(makeFailure(SessionError::DecryptFailed,
                                 QStringLiteral("frame %1 failed to authenticate").arg(counter)));
            return;
        }
        if (wantFrames) {
            Q_EMIT q->frame(
                FrameEvent{FrameEvent::Direction::Received, counter, data, *plain, true});
            if (!guard)
                return;
        }
        Q_EMIT q->binaryMessageReceived(*plain);
        if (guard && holdOutgoing)
            releaseHold(); // the client is listening: its first frame has arrived
    }

    void fail(const SessionFailure &f) {
        if (error != SessionError::None || state == State::Closed)
            return;
        qCInfo(lcSession) << "session failed:" << f.closeCode << f.reason;
        error = f.error;
        errorString = f.reason;
        closeCode = f.closeCode;
        closeReason = f.reason;
        handshakeTimer.stop();
        graceTimer.stop();
        queue.clear();
        queuedBytes = 0;
        QPointer<SecureWebSocket> guard(q);
        Q_EMIT q->errorOccurred(error);
        if (guard)
            closeSocket(f.closeCode, f.reason);
    }

    void closeSocket(quint16 code, const QString &reason) {
        if (state == State::Closing || state == State::Closed)
            return;
        setState(State::Closing);
        closeTimer.start(cfg.closeTimeoutMs);
        closingByUs = true;
        ws->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
        closingByUs = false;
    }

    void onAboutToClose() {
        closeFrameSeen = true;
        if (closingByUs)
            return;
        // QWebSocket refused a frame by itself (too big, not UTF-8, malformed).
        const auto code = ws->closeCode();
        if (code != QWebSocketProtocol::CloseCodeTooMuchData &&
            code != QWebSocketProtocol::CloseCodeProtocolError &&
            code != QWebSocketProtocol::CloseCodeWrongDatatype)
            return;
#ifdef Q_OS_UNIX
        if (tcp && tcp->socketDescriptor() >= 0 && !lingering) {
            lingering = true;
            LingeringClose::start(static_cast<int>(tcp->socketDescriptor()), tcp,
                                  cfg.closeTimeoutMs);
        }
#endif
    }

    // close() before the connection was made: reported as a cancel, not as a failure.
    void cancel() {
        error = SessionError::Cancelled;
        errorString = sessionErrorText(error);
        closeCode = kCloseAbnormal;
        QPointer<SecureWebSocket> guard(q);
        ws->abort();
        if (guard && state != State::Closed) {
            setState(State::Closed);
            if (guard)
                Q_EMIT q->disconnected();
        }
    }

    void onSocketError() {
        if (state == State::Connecting && error == SessionError::None)
            failConnecting();
    }

    void failConnecting() {
        const QString qtText = ws->errorString();
        if (const auto status = refusedUpgradeStatus(qtText)) {
            error = SessionError::NotWebSocketServer;
            errorString = QStringLiteral("not a WebSocket server (HTTP %1)").arg(*status);
        } else {
            error = SessionError::ConnectionFailed;
            errorString = qtText;
        }
        closeCode = kCloseAbnormal;
        Q_EMIT q->errorOccurred(error);
    }

    void onSocketDisconnected() {
        if (state == State::Closed)
            return;
        handshakeTimer.stop();
        graceTimer.stop();
        closeTimer.stop();
        if (error == SessionError::None) {
            const auto code =
                closeFrameSeen ? static_cast<quint16>(ws->closeCode()) : kCloseAbnormal;
            if (code == QWebSocketProtocol::CloseCodeTooMuchData) {
                error = SessionError::MessageTooBig;
                errorString = sessionErrorText(error);
                Q_EMIT q->errorOccurred(error);
            } else if (state == State::Connecting) {
                failConnecting();
            } else if (state == State::Handshaking || state == State::Verifying) {
                error = SessionError::PeerClosedDuringHandshake;
                errorString =
                    ws->closeReason().isEmpty() ? sessionErrorText(error) : ws->closeReason();
                Q_EMIT q->errorOccurred(error);
            }
            if (closeCode == 0) {
                closeCode = code;
                closeReason = closeFrameSeen ? ws->closeReason() : QString();
            }
        }
        setState(State::Closed);
        Q_EMIT q->disconnected();
    }
};

SecureWebSocket::SecureWebSocket(SessionConfig config, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(config), Role::Client)) {}

SecureWebSocket::SecureWebSocket(QWebSocket *accepted, SessionConfig config, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(config), Role::Server)) {
    d->attach(accepted);
    d->url = accepted->requestUrl();
    if (accepted->state() == QAbstractSocket::ConnectedState)
        d->startHandshake();
}

SecureWebSocket::~SecureWebSocket() = default;

SecureWebSocket::State SecureWebSocket::state() const {
    return d->state;
}
Role SecureWebSocket::role() const {
    return d->role;
}
int SecureWebSocket::version() const {
    return d->cfg.version;
}
SessionError SecureWebSocket::error() const {
    return d->error;
}
QString SecureWebSocket::errorString() const {
    return d->errorString;
}
quint16 SecureWebSocket::closeCode() const {
    return d->closeCode;
}
QString SecureWebSocket::closeReason() const {
    return d->closeReason;
}
QUrl SecureWebSocket::requestUrl() const {
    return d->url;
}
QHostAddress SecureWebSocket::peerAddress() const {
    return d->ws ? d->ws->peerAddress() : QHostAddress();
}
quint16 SecureWebSocket::peerPort() const {
    return d->ws ? d->ws->peerPort() : 0;
}
QByteArray SecureWebSocket::peerPublicKey() const {
    return d->session ? d->session->peerPublicKey : QByteArray();
}
std::optional<cert::Certificate> SecureWebSocket::peerCertificate() const {
    return d->session ? d->session->peerCertificate : std::nullopt;
}
std::optional<cert::Verdict> SecureWebSocket::peerVerdict() const {
    return d->session ? d->session->peerVerdict : std::nullopt;
}
QStringList SecureWebSocket::peerExtensions() const {
    return d->session ? d->session->peerExtensions : QStringList();
}
QByteArray SecureWebSocket::localPublicKey() const {
    return d->cfg.keyPair.publicKey;
}
int SecureWebSocket::heldIncomingMessages() const {
    return static_cast<int>(d->heldIncoming.size());
}
qint64 SecureWebSocket::bytesToWrite() const {
    return d->ws ? d->ws->bytesToWrite() : 0;
}
void SecureWebSocket::setRecordShareKeys(bool record) {
    d->cfg.recordShareKeys = record;
    if (d->hs)
        d->hs->setRecordShareKeys(record);
}
int SecureWebSocket::queuedMessages() const {
    return static_cast<int>(d->queue.size());
}

void SecureWebSocket::open(const QUrl &url) {
    if (d->state != State::Unconnected || d->ws)
        return;
    d->url = url;
    d->attach(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this));
    d->setState(State::Connecting);
    d->ws->open(url);
}

void SecureWebSocket::close(quint16 code, const QString &reason) {
    switch (d->state) {
    case State::Unconnected:
    case State::Closed:
    case State::Closing:
        return;
    case State::Connecting:
        d->cancel();
        return;
    case State::Handshaking:
    case State::Verifying:
    case State::Secured:
        d->queue.clear();
        d->queuedBytes = 0;
        d->closeSocket(code, reason);
        return;
    }
}

void SecureWebSocket::approvePeer(bool accept, const QString &reason, SessionError error) {
    d->approve(accept, reason, error);
}

qint64 SecureWebSocket::sendBinaryMessage(const QByteArray &message) {
    if (d->state == State::Closing || d->state == State::Closed)
        return -1;
    if (message.size() > d->cfg.maxMessageBytes)
        return -1;
    if (d->state != State::Secured || d->holdOutgoing) {
        if (d->queuedBytes + message.size() > d->cfg.maxQueuedBytes)
            return -1;
        d->queue.push_back(message);
        d->queuedBytes += message.size();
        return message.size();
    }
    return d->sendNow(message) ? message.size() : -1;
}

} // namespace sws
