#include "session/securewebsocketserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace sws {

namespace {

// One accepted connection until its handshake ends. A held slot counts against both caps; a
// refusing one only waits for its HTTP upgrade to send the refusal.
struct Slot {
    QHostAddress source;
    bool refusing = false;
    bool live = true;
    QPointer<QTimer> httpTimer;
    // The accepted TCP connection: QWebSocketServer keeps it outside the QWebSocket, and the
    // session needs it to close cleanly after QWebSocket refuses an oversized frame.
    QPointer<QTcpSocket> tcp;
};

QHostAddress sourceOf(const QHostAddress &a) {
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; count them as a.b.c.d.
    bool ok = false;
    const quint32 v4 = a.toIPv4Address(&ok);
    return ok ? QHostAddress(v4) : a;
}

QString peerKey(const QHostAddress &a, quint16 port) {
    return sourceOf(a).toString() + QLatin1Char('|') + QString::number(port);
}

// What a parked connection may read ahead of its upgrade: an HTTP upgrade request fits, and a
// flood of parked connections holds little memory.
constexpr qint64 kParkedReadBytes = 4096;

// A connection accepted while its address had its share of handshakes in progress.
struct Parked {
    QPointer<QTcpSocket> sock;
    qint64 deadline; // ms since the server's clock started
};

// One worker thread's context: lives on that thread, and its children are the sessions there.
class Worker : public QObject {
public:
    std::atomic<int> sessions{0}; // written on its thread, read by tests and the acceptor
    QSet<SecureWebSocket *> open; // not yet reported closed (on its thread only)
};

} // namespace

struct SecureWebSocketServer::Private {
    SecureWebSocketServer *q;
    ServerConfig cfg;
    QTcpServer *tcp;          // accepts; paused while every handshake slot is taken
    QWebSocketServer *server; // never listens: runs the HTTP upgrade of sockets handed to it
    std::deque<QPointer<SecureWebSocket>> pending;
    QList<SecureWebSocket *> secured;
    int handshaking = 0; // held slots
    int refusing = 0;    // over-limit connections waiting for their upgrade to be refused
    QHash<QHostAddress, int> perSource;
    QHash<QString, std::shared_ptr<Slot>> upgrading; // by peer address and port
    // Per address, in arrival order; only addresses holding their full share have any.
    QHash<QHostAddress, std::deque<Parked>> parked;
    int parkedCount = 0;
    QElapsedTimer clock;
    QTimer *parkTimer; // fires at the earliest parked deadline
    // With threads > 1: the worker threads and their contexts (index-aligned).
    std::vector<QThread *> threads;
    std::vector<Worker *> workers;
    int handedOff = 0;    // sessions on workers, as this thread counts them (closed ones leave)
    bool stopped = false; // the workers are gone: late notifications name deleted sessions
    bool shuttingDown = false;     // close() began: no more sessions are handed to the workers
    QEventLoop *closing = nullptr; // close() waits in it for the sessions to go

    Private(SecureWebSocketServer *qq, ServerConfig c)
        : q(qq)
        , cfg(std::move(c))
        , tcp(new QTcpServer(qq))
        , server(new QWebSocketServer(QStringLiteral("sws"), QWebSocketServer::NonSecureMode, qq))
        , parkTimer(new QTimer(qq)) {
        // Take connections one at a time: QTcpServer accepts up to this many ahead of us even
        // while paused, and those would wait outside the kernel's queue.
        tcp->setMaxPendingConnections(1);
        QObject::connect(tcp, &QTcpServer::newConnection, q, [this] { acceptTcp(); });
        QObject::connect(server, &QWebSocketServer::newConnection, q, [this] { accept(); });
        clock.start();
        parkTimer->setSingleShot(true);
        QObject::connect(parkTimer, &QTimer::timeout, q, [this] { expireParked(); });
        for (int i = 0; cfg.threads > 1 && i < cfg.threads; ++i) {
            auto *t = new QThread;
            t->setObjectName(QStringLiteral("sws-session-%1").arg(i));
            auto *w = new Worker;
            w->moveToThread(t);
            t->start();
            threads.push_back(t);
            workers.push_back(w);
        }
    }

    ~Private() { stopThreads(); }

    bool threaded() const { return !workers.empty(); }

    // Deletes the sessions on their threads, then ends and joins the threads.
    void stopThreads() {
        for (std::size_t i = 0; i < threads.size(); ++i) {
            Worker *w = workers[i];
            QMetaObject::invokeMethod(
                w,
                [w] {
                    // Its children (the sessions, and a room's channels) die on their thread;
                    // the context itself after the join (not inside its own event).
                    while (!w->children().isEmpty())
                        delete w->children().constFirst();
                    QThread::currentThread()->quit();
                },
                Qt::QueuedConnection);
        }
        for (std::size_t i = 0; i < threads.size(); ++i) {
            threads[i]->wait();
            delete workers[i];
            delete threads[i];
        }
        threads.clear();
        workers.clear();
        handedOff = 0;
        stopped = true;
        secured.clear();
        pending.clear();
    }

    // Takes connections while slots are free; at the cap stops accepting, so a burst of
    // clients waits in the listen queue instead of being turned away.
    void acceptTcp() {
        while (handshaking < cfg.maxPendingHandshakes && tcp->hasPendingConnections()) {
            if (QTcpSocket *sock = tcp->nextPendingConnection())
                admit(sock);
        }
        if (!tcp->isListening())
            return;
        // nextPendingConnection() re-enables accepting by itself, so pause every time.
        if (handshaking >= cfg.maxPendingHandshakes)
            tcp->pauseAccepting();
        else
            tcp->resumeAccepting();
    }

    void admit(QTcpSocket *sock) {
        if (sock->state() != QAbstractSocket::ConnectedState) { // gave up while queued
            sock->deleteLater();
            return;
        }
        const QHostAddress source = sourceOf(sock->peerAddress());
        if (perSource.value(source) < cfg.maxHandshakesPerSource) {
            upgrade(sock, source, false);
            return;
        }
        // The address holds its share of the slots: a burst from it waits for its own
        // handshakes to end, and only a flood past the parking bound is refused.
        const auto queue = parked.constFind(source);
        if ((queue == parked.cend() ? 0 : int(queue->size())) < cfg.maxParkedPerSource) {
            park(sock, source);
            return;
        }
        // The refusal needs the upgrade; past as many refusals as slots, just drop.
        if (refusing >= cfg.maxPendingHandshakes) {
            sock->abort();
            sock->deleteLater();
            return;
        }
        upgrade(sock, source, true);
    }

    void park(QTcpSocket *sock, const QHostAddress &source) {
        // Read no more than a request until taken up (what was read is handed on with it).
        sock->setReadBufferSize(kParkedReadBytes);
        const qint64 deadline = clock.elapsed() + cfg.maxParkedMs;
        parked[source].push_back({sock, deadline});
        ++parkedCount;
        // One that leaves while parked frees its place at once.
        QObject::connect(sock, &QTcpSocket::disconnected, sock, &QObject::deleteLater);
        QObject::connect(sock, &QObject::destroyed, q, [this, source] { dropGoneParked(source); });
        if (!parkTimer->isActive())
            parkTimer->start(int(std::max<qint64>(0, deadline - clock.elapsed())));
    }

    // Removes the source's parked entries whose socket is gone (QPointer cleared).
    void dropGoneParked(const QHostAddress &source) {
        const auto it = parked.find(source);
        if (it == parked.end())
            return;
        std::deque<Parked> &queue = *it;
        const auto before = queue.size();
        queue.erase(std::remove_if(queue.begin(), queue.end(),
                                   [](const Parked &p) { return p.sock.isNull(); }),
                    queue.end());
        parkedCount -= int(before - queue.size());
        if (queue.empty())
            parked.erase(it);
    }

    // Closes connections parked past maxParkedMs; each address's queue is in deadline order.
    void expireParked() {
        const qint64 now = clock.elapsed();
        qint64 next = -1;
        std::vector<QTcpSocket *> expired;
        for (auto it = parked.begin(); it != parked.end(); ++it) {
            for (const Parked &p : *it) {
                if (p.deadline > now) {
                    next = next < 0 ? p.deadline : std::min(next, p.deadline);
                    break;
                }
                if (p.sock)
                    expired.push_back(p.sock);
            }
        }
        for (QTcpSocket *sock : expired) {
            sock->abort();
            delete sock; // its destroyed() takes it out of its queue
        }
        if (next >= 0)
            parkTimer->start(int(std::max<qint64>(0, next - clock.elapsed())));
    }

    // Gives the source's oldest parked connection the slot that just freed.
    void unpark(const QHostAddress &source) {
        auto it = parked.find(source);
        while (it != parked.end() && !it->empty() &&
               perSource.value(source) < cfg.maxHandshakesPerSource &&
               handshaking < cfg.maxPendingHandshakes) {
            const QPointer<QTcpSocket> sock = it->front().sock;
            it->pop_front();
            --parkedCount;
            if (it->empty()) {
                parked.erase(it);
                it = parked.end();
            }
            if (!sock)
                continue;
            QObject::disconnect(sock, nullptr, q, nullptr);
            QObject::disconnect(sock, &QTcpSocket::disconnected, sock, &QObject::deleteLater);
            sock->setReadBufferSize(0);
            if (sock->state() != QAbstractSocket::ConnectedState) {
                sock->deleteLater();
                continue;
            }
            upgrade(sock, source, false);
            it = parked.find(source);
        }
    }

    // Runs the HTTP upgrade: holding a slot, or only to send the refusal.
    void upgrade(QTcpSocket *sock, const QHostAddress &source, bool refusal) {
        auto slot = std::make_shared<Slot>();
        slot->source = source;
        slot->tcp = sock;
        if (refusal) {
            slot->refusing = true;
            ++refusing;
        } else {
            ++handshaking;
            ++perSource[slot->source];
        }
        const QString key = peerKey(sock->peerAddress(), sock->peerPort());
        upgrading.insert(key, slot);
        auto *timer = new QTimer(sock);
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, sock, [sock] {
            sock->abort();
            sock->deleteLater(); // frees the slot even if the socket was no longer connected
        });
        slot->httpTimer = timer;
        auto gone = [this, slot, key] {
            if (upgrading.value(key) == slot)
                upgrading.remove(key);
            release(*slot);
        };
        QObject::connect(sock, &QTcpSocket::disconnected, q, gone);
        QObject::connect(sock, &QObject::destroyed, q, gone);
        timer->start(cfg.httpHandshakeTimeoutMs);
        server->handleConnection(sock);
    }

    void release(Slot &slot) {
        if (!slot.live)
            return;
        slot.live = false;
        if (slot.refusing) {
            --refusing;
            return;
        }
        --handshaking;
        auto it = perSource.find(slot.source);
        if (it != perSource.end() && --*it <= 0)
            perSource.erase(it);
        unpark(slot.source);
        acceptTcp();
    }

    void accept() {
        while (server->hasPendingConnections()) {
            QWebSocket *ws = server->nextPendingConnection();
            if (!ws)
                continue;
            ws->setParent(q);
            const std::shared_ptr<Slot> slot =
                upgrading.take(peerKey(ws->peerAddress(), ws->peerPort()));
            if (!slot || !slot->live) { // its slot already ended (timed out at the last moment)
                ws->abort();
                ws->deleteLater();
                continue;
            }
            delete slot->httpTimer.data(); // the upgrade is done; the SWS timeout takes over
            if (slot->refusing) {
                refuse(ws, kCloseTooManyFromSource,
                       QStringLiteral("too many connections from your address"));
                continue;
            }
            if (!cfg.path.isEmpty() && ws->requestUrl().path() != cfg.path) {
                release(*slot);
                refuse(ws, QWebSocketProtocol::CloseCodePolicyViolated,
                       QStringLiteral("no such path"));
                continue;
            }
            if (threaded())
                handOff(ws, slot);
            else
                startSession(ws, slot);
        }
    }

    // Gives an upgraded connection to the worker with the fewest sessions; the session is made
    // there, so its handshake, seal and open run on that thread.
    void handOff(QWebSocket *ws, std::shared_ptr<Slot> slot) {
        if (shuttingDown) {
            release(*slot);
            ws->abort();
            ws->deleteLater();
            return;
        }
        Worker *w = *std::min_element(workers.begin(), workers.end(), [](Worker *a, Worker *b) {
            return a->sessions.load() < b->sessions.load();
        });
        ++w->sessions; // counted now, so a burst spreads before the worker has seen any of it
        ++handedOff;
        // QWebSocketServer still listens to the TCP socket (it would deleteLater() it on its
        // disconnect, from this thread, after the worker deleted it): it is the session's now.
        if (slot->tcp)
            QObject::disconnect(slot->tcp, nullptr, server, nullptr);
        QObject::disconnect(ws, nullptr, server, nullptr);
        // The TCP socket moves with the WebSocket, as its child.
        if (slot->tcp && slot->tcp->parent() != ws)
            slot->tcp->setParent(ws);
        if (slot->tcp)
            ws->setProperty(kTcpSocketProperty, QVariant::fromValue<QObject *>(slot->tcp.data()));
        ws->setParent(nullptr);
        // Detached from this thread (its events wait) and pulled by the worker: Qt allows pulling
        // an object without thread affinity, and the session is attached in the same event there,
        // so no message of the SWS handshake is read before it listens.
        ws->moveToThread(nullptr);
        const SessionConfig session = cfg.session;
        SecureWebSocketServer *owner = q;
        QMetaObject::invokeMethod(
            w,
            [this, w, ws, slot, session, owner] {
                ws->moveToThread(QThread::currentThread());
                auto *s = new SecureWebSocket(ws, session, w);
                const QHostAddress peer = s->peerAddress();
                // Queued to the server's thread (the server is the context).
                QObject::connect(s, &SecureWebSocket::secured, owner,
                                 [this, s, slot] { onSecured(s, slot); });
                w->open.insert(s);
                QObject::connect(s, &SecureWebSocket::disconnected, w, [this, w, s, peer, slot] {
                    // Reported once: the server's thread deletes it on the report.
                    if (!w->open.remove(s))
                        return;
                    --w->sessions;
                    const SessionError error = s->error();
                    const QString reason = s->errorString();
                    QMetaObject::invokeMethod(
                        q,
                        [this, s, peer, slot, error, reason] {
                            onClosed(s, peer, slot, error, reason);
                        },
                        Qt::QueuedConnection);
                });
                Q_EMIT owner->handshakeStarted(s);
            },
            Qt::QueuedConnection);
    }

    // On the server's thread, for a session on a worker.
    void onSecured(SecureWebSocket *s, const std::shared_ptr<Slot> &slot) {
        if (stopped)
            return;
        secured.append(s);
        pending.push_back(s);
        release(*slot);
        Q_EMIT q->sessionSecured(s);
        Q_EMIT q->newConnection();
    }

    // On the server's thread; the session is deleted (on its thread) only from here, so every
    // notification before this one names a live session.
    void onClosed(SecureWebSocket *s, const QHostAddress &peer, const std::shared_ptr<Slot> &slot,
                  SessionError error, const QString &reason) {
        if (stopped)
            return;
        --handedOff;
        if (!secured.removeOne(s)) {
            release(*slot);
            Q_EMIT q->handshakeFailed(peer, error, reason);
        }
        pending.erase(std::remove_if(pending.begin(), pending.end(),
                                     [s](const QPointer<SecureWebSocket> &p) { return p == s; }),
                      pending.end());
        Q_EMIT q->sessionClosed(s);
        s->deleteLater();
        if (closing && handedOff <= 0)
            closing->quit();
    }

    void refuse(QWebSocket *ws, int code, const QString &reason) {
        QObject::connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        ws->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
        // A peer that never answers the close is cut off.
        QTimer::singleShot(cfg.session.closeTimeoutMs, ws, [ws] { ws->abort(); });
    }

    void startSession(QWebSocket *ws, std::shared_ptr<Slot> slot) {
        if (slot->tcp)
            ws->setProperty(kTcpSocketProperty, QVariant::fromValue<QObject *>(slot->tcp.data()));
        auto *s = new SecureWebSocket(ws, cfg.session, q);
        const QHostAddress peer = s->peerAddress();
        QObject::connect(s, &SecureWebSocket::secured, q, [this, s, slot] {
            secured.append(s);
            pending.push_back(s);
            release(*slot);
            Q_EMIT q->sessionSecured(s);
            Q_EMIT q->newConnection();
        });
        QObject::connect(s, &SecureWebSocket::disconnected, q, [this, s, peer, slot] {
            if (!secured.removeOne(s)) {
                release(*slot);
                Q_EMIT q->handshakeFailed(peer, s->error(), s->errorString());
            }
            // A session nobody took with nextPendingConnection() (users of sessionSecured, such
            // as Room) leaves the queue when it closes; else the queue grows with every client.
            pending.erase(std::remove_if(pending.begin(), pending.end(),
                                         [s](const QPointer<SecureWebSocket> &p) {
                                             return p.isNull() || p == s;
                                         }),
                          pending.end());
            Q_EMIT q->sessionClosed(s);
            s->deleteLater();
        });
        Q_EMIT q->handshakeStarted(s);
    }
};

SecureWebSocketServer::SecureWebSocketServer(ServerConfig config, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, std::move(config))) {}

SecureWebSocketServer::~SecureWebSocketServer() = default;

bool SecureWebSocketServer::listen(const QHostAddress &address, quint16 port) {
    // QTcpServer's default backlog of 50 overflows in a burst (the kernel drops SYNs and clients
    // retry only after a second); clients queued at the handshake cap wait there too. The
    // kernel caps it at somaxconn.
    d->tcp->setListenBacklogSize(std::max(1024, d->cfg.maxPendingHandshakes));
    if (!d->tcp->listen(address, port))
        return false;
#ifdef Q_OS_UNIX
    // Accepted sockets inherit TCP_NODELAY from the listening one on Linux (see
    // SecureWebSocket's disableNagle); without it the option is merely not set.
    const int one = 1;
    (void)::setsockopt(static_cast<int>(d->tcp->socketDescriptor()), IPPROTO_TCP, TCP_NODELAY, &one,
                       sizeof one);
#endif
    return true;
}
void SecureWebSocketServer::close() {
    d->tcp->close();
    d->server->close();
    if (!d->threaded())
        return;
    d->shuttingDown = true;
    for (Worker *w : d->workers) {
        QMetaObject::invokeMethod(
            w,
            [w] {
                for (SecureWebSocket *s :
                     w->findChildren<SecureWebSocket *>(Qt::FindDirectChildrenOnly)) {
                    if (s->state() != SecureWebSocket::State::Closed &&
                        s->state() != SecureWebSocket::State::Unconnected)
                        s->close(1001, QStringLiteral("the server is shutting down"));
                }
            },
            Qt::QueuedConnection);
    }
    if (d->handedOff > 0) {
        QEventLoop loop;
        d->closing = &loop;
        QTimer::singleShot(d->cfg.session.closeTimeoutMs + 500, &loop, &QEventLoop::quit);
        loop.exec();
        d->closing = nullptr;
    }
    d->stopThreads();
}
bool SecureWebSocketServer::isListening() const {
    return d->tcp->isListening();
}
QHostAddress SecureWebSocketServer::serverAddress() const {
    return d->tcp->serverAddress();
}
quint16 SecureWebSocketServer::serverPort() const {
    return d->tcp->serverPort();
}
QString SecureWebSocketServer::errorString() const {
    return d->tcp->errorString();
}
const ServerConfig &SecureWebSocketServer::config() const {
    return d->cfg;
}

QUrl SecureWebSocketServer::serverUrl() const {
    QUrl u;
    u.setScheme(QStringLiteral("ws"));
    u.setHost(d->tcp->serverAddress().toString());
    u.setPort(d->tcp->serverPort());
    u.setPath(d->cfg.path.isEmpty() ? QStringLiteral("/") : d->cfg.path);
    return u;
}

bool SecureWebSocketServer::hasPendingConnections() const {
    for (const auto &p : d->pending)
        if (p)
            return true;
    return false;
}

SecureWebSocket *SecureWebSocketServer::nextPendingConnection() {
    while (!d->pending.empty()) {
        QPointer<SecureWebSocket> p = d->pending.front();
        d->pending.pop_front();
        if (p && p->state() == SecureWebSocket::State::Secured)
            return p;
    }
    return nullptr;
}

QList<SecureWebSocket *> SecureWebSocketServer::sessions() const {
    return d->secured;
}
int SecureWebSocketServer::handshakesInProgress() const {
    return d->handshaking;
}
int SecureWebSocketServer::parkedConnections() const {
    return d->parkedCount;
}
int SecureWebSocketServer::threadCount() const {
    return int(d->workers.size());
}
QList<int> SecureWebSocketServer::sessionsPerThread() const {
    QList<int> counts;
    for (const Worker *w : d->workers)
        counts.append(w->sessions.load());
    return counts;
}

} // namespace sws
