#include "session/securewebsocket.h"

#include "session/sessioncore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QPointer>
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

// The session itself is SessionCore; this drives it with a QWebSocket and QTimers: socket
// events become its inputs, and its actions are performed in order.
struct SecureWebSocket::Private {
    using Core = SessionCore;
    SecureWebSocket *q;
    QWebSocket *ws = nullptr;
    Core core;
    QTimer timers[3]; // indexed by SessionCore::Timer
    QUrl url;
    // Actions still to perform; a call made while performing them (a slot calling send() or
    // close()) puts its actions behind, since frames are sealed in output order.
    std::deque<Core::Action> pending;
    bool dispatching = false;
    // What only the transport knows. A close frame was sent or received
    // (QWebSocket::aboutToClose): without one the connection was dropped (1006).
    bool closeFrameSeen = false;
    bool closingByUs = false; // a CloseTransport action is closing the WebSocket
    bool lingering = false;
    // The TCP socket under ws: a client's QWebSocket owns it; for an accepted one the server
    // names it (kTcpSocketProperty).
    QPointer<QTcpSocket> tcp;

    Private(SecureWebSocket *qq, SessionConfig c, Role r)
        : q(qq)
        , core(std::move(c), r) {
        for (QTimer &t : timers)
            t.setSingleShot(true);
    }

    void attach(QWebSocket *socket) {
        ws = socket;
        ws->setParent(q);
        tcp = ws->findChild<QTcpSocket *>();
        if (!tcp)
            tcp = qobject_cast<QTcpSocket *>(ws->property(kTcpSocketProperty).value<QObject *>());
        QObject::connect(ws, &QWebSocket::connected, q, [this] { onSocketConnected(); });
        QObject::connect(ws, &QWebSocket::disconnected, q, [this] { onSocketDisconnected(); });
        QObject::connect(ws, &QWebSocket::textMessageReceived, q,
                         [this](const QString &m) { input(core.textReceived(m.toUtf8())); });
        QObject::connect(ws, &QWebSocket::binaryMessageReceived, q, [this](const QByteArray &m) {
            sync();
            input(core.binaryReceived(m));
        });
        QObject::connect(ws, &QWebSocket::bytesWritten, q, [this](qint64 bytes) {
            core.bytesWritten(bytes);
            Q_EMIT q->bytesWritten(bytes);
        });
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        QObject::connect(ws, &QWebSocket::errorOccurred, q, [this](QAbstractSocket::SocketError) {
            input(core.transportError(ws->errorString()));
        });
#else
        QObject::connect(ws, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), q,
                         [this](QAbstractSocket::SocketError) {
                             input(core.transportError(ws->errorString()));
                         });
#endif
        QObject::connect(ws, &QWebSocket::aboutToClose, q, [this] { onAboutToClose(); });
        for (int i = 0; i < 3; ++i)
            QObject::connect(&timers[i], &QTimer::timeout, q, [this, i] {
                sync();
                input(core.timerFired(Core::Timer(i)));
            });
    }

    // Before an input that may write: the transport's own count of unsent bytes, unless
    // actions are still to perform (the core counts their frames itself).
    void sync() {
        if (!dispatching && ws)
            core.setUnsentBytes(ws->bytesToWrite());
    }

    void input(Core::Output out) {
        for (Core::Action &a : out.actions)
            pending.push_back(std::move(a));
        if (dispatching)
            return;
        dispatching = true;
        QPointer<SecureWebSocket> guard(q);
        while (!pending.empty()) {
            const Core::Action a = std::move(pending.front());
            pending.pop_front();
            if (!std::visit([this](const auto &action) { return perform(action); }, a) || !guard)
                return; // deleted by a slot: nothing of this object may be touched
        }
        dispatching = false;
    }

    // Each returns false when the object was deleted while performing it.
    bool perform(const Core::WriteText &a) {
        ws->sendTextMessage(QString::fromUtf8(a.utf8));
        return true;
    }
    bool perform(const Core::WriteBinary &a) {
        ws->sendBinaryMessage(a.data);
        return true;
    }
    bool perform(const Core::Flush &) {
        ws->flush();
        return true;
    }
    bool perform(const Core::StartTimer &a) {
        timers[int(a.timer)].start(a.ms);
        return true;
    }
    bool perform(const Core::StopTimer &a) {
        timers[int(a.timer)].stop();
        return true;
    }
    bool perform(const Core::TransportLimits &a) {
        ws->setMaxAllowedIncomingFrameSize(static_cast<quint64>(a.maxIncomingBytes));
        ws->setMaxAllowedIncomingMessageSize(static_cast<quint64>(a.maxIncomingBytes));
        // One WebSocket frame per message: QWebSocket splits messages into 512 KiB frames by
        // default, and the receiving QWebSocket then copies the fragments into one buffer.
        if (a.outgoingFrameBytes > 0)
            ws->setOutgoingFrameSize(std::min(QWebSocket::maxOutgoingFrameSize(),
                                              static_cast<quint64>(a.outgoingFrameBytes)));
        return true;
    }
    bool perform(const Core::CloseTransport &a) {
        QPointer<SecureWebSocket> guard(q);
        closingByUs = true;
        ws->close(static_cast<QWebSocketProtocol::CloseCode>(a.code), a.reason);
        if (!guard)
            return false;
        closingByUs = false;
        return true;
    }
    bool perform(const Core::AbortTransport &) {
        ws->abort();
        return true;
    }
    bool perform(const Core::StateChanged &a) {
        return emitGuarded([&] { Q_EMIT q->stateChanged(State(int(a.state))); });
    }
    bool perform(const Core::HandshakeMessage &a) {
        return emitGuarded([&] { Q_EMIT q->handshakeMessage(a.record); });
    }
    bool perform(const Core::PeerCertificateChecked &a) {
        return emitGuarded([&] { Q_EMIT q->peerCertificateChecked(a.verdict); });
    }
    bool perform(const Core::PeerApprovalRequired &a) {
        return emitGuarded([&] { Q_EMIT q->peerApprovalRequired(a.peer); });
    }
    bool perform(const Core::Secured &) {
        return emitGuarded([&] { Q_EMIT q->secured(); }) &&
               emitGuarded([&] { Q_EMIT q->connected(); });
    }
    bool perform(const Core::Frame &a) {
        if (!q->isSignalConnected(frameSignal()))
            return true;
        return emitGuarded([&] { Q_EMIT q->frame(a.frame); });
    }
    bool perform(const Core::MessageReceived &a) {
        return emitGuarded([&] { Q_EMIT q->binaryMessageReceived(a.message); });
    }
    bool perform(const Core::Error &a) {
        qCInfo(lcSession) << "session failed:" << sessionErrorName(a.error) << a.errorString;
        return emitGuarded([&] { Q_EMIT q->errorOccurred(a.error); });
    }
    bool perform(const Core::Closed &) {
        return emitGuarded([&] { Q_EMIT q->disconnected(); });
    }

    template <typename F> bool emitGuarded(F emitIt) {
        QPointer<SecureWebSocket> guard(q);
        emitIt();
        return !guard.isNull();
    }

    void onSocketConnected() {
        if (core.role() != Role::Client || core.state() != Core::State::Connecting)
            return;
        disableNagle();
        input(core.connected(ws->peerAddress()));
    }

    // Every message is one write: Nagle's algorithm would only hold the tail of a large one
    // back until the peer's delayed acknowledgement (up to 40 ms on Linux) arrives. A client's
    // QWebSocket owns its TCP socket; accepted ones inherit the option from the listening
    // socket (SecureWebSocketServer::listen).
    void disableNagle() {
        for (QAbstractSocket *socket : ws->findChildren<QAbstractSocket *>())
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
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
                                  core.config().closeTimeoutMs);
        }
#endif
    }

    void onSocketDisconnected() {
        Core::TransportClosed how;
        if (closeFrameSeen) {
            how.code = static_cast<quint16>(ws->closeCode());
            how.reason = ws->closeReason();
        }
        how.errorString = ws->errorString();
        input(core.transportClosed(how));
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
    if (accepted->state() == QAbstractSocket::ConnectedState) {
        d->disableNagle();
        d->input(d->core.connected(accepted->peerAddress()));
    }
}

SecureWebSocket::~SecureWebSocket() = default;

SecureWebSocket::State SecureWebSocket::state() const {
    return State(int(d->core.state()));
}
Role SecureWebSocket::role() const {
    return d->core.role();
}
int SecureWebSocket::version() const {
    return d->core.config().version;
}
SessionError SecureWebSocket::error() const {
    return d->core.error();
}
QString SecureWebSocket::errorString() const {
    return d->core.errorString();
}
quint16 SecureWebSocket::closeCode() const {
    return d->core.closeCode();
}
QString SecureWebSocket::closeReason() const {
    return d->core.closeReason();
}
const SessionConfig &SecureWebSocket::config() const {
    return d->core.config();
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
    const SecuredSession *s = d->core.session();
    return s ? s->peerPublicKey : QByteArray();
}
std::optional<cert::Certificate> SecureWebSocket::peerCertificate() const {
    const SecuredSession *s = d->core.session();
    return s ? s->peerCertificate : std::nullopt;
}
std::optional<cert::Verdict> SecureWebSocket::peerVerdict() const {
    const SecuredSession *s = d->core.session();
    return s ? s->peerVerdict : std::nullopt;
}
QStringList SecureWebSocket::peerExtensions() const {
    const SecuredSession *s = d->core.session();
    return s ? s->peerExtensions : QStringList();
}
QByteArray SecureWebSocket::localPublicKey() const {
    return d->core.config().keyPair.publicKey;
}
int SecureWebSocket::queuedMessages() const {
    return d->core.queuedMessages();
}
int SecureWebSocket::heldIncomingMessages() const {
    return d->core.heldIncomingMessages();
}
qint64 SecureWebSocket::bytesToWrite() const {
    return d->ws ? d->ws->bytesToWrite() : 0;
}
void SecureWebSocket::setRecordShareKeys(bool record) {
    d->core.setRecordShareKeys(record);
}

void SecureWebSocket::open(const QUrl &url) {
    if (d->core.state() != SessionCore::State::Unconnected || d->ws)
        return;
    d->url = url;
    d->attach(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this));
    QPointer<SecureWebSocket> guard(this);
    d->input(d->core.open(url));
    // A slot of stateChanged() may have deleted or closed it already.
    if (guard && d->core.state() == SessionCore::State::Connecting)
        d->ws->open(url);
}

void SecureWebSocket::close(quint16 code, const QString &reason) {
    d->input(d->core.close(code, reason));
}

void SecureWebSocket::approvePeer(bool accept, const QString &reason, SessionError error) {
    d->sync();
    d->input(d->core.approvePeer(accept, reason, error));
}

qint64 SecureWebSocket::sendBinaryMessage(const QByteArray &message) {
    d->sync();
    SessionCore::Output out = d->core.send(message);
    const qint64 accepted = out.accepted;
    d->input(std::move(out));
    return accepted;
}

} // namespace sws
