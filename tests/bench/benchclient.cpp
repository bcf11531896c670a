#include "benchclient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>

namespace sws::bench {

namespace {

// QtWebSockets client: ws:// and wss://.
class QtConn : public ClientConn {
public:
    QtConn(const ClientSetup &setup, QObject *parent)
        : m_ws(QString(), QWebSocketProtocol::VersionLatest, this) {
        setParent(parent);
        if (setup.transport == Transport::Wss)
            m_ws.setSslConfiguration(setup.tls);
        connect(&m_ws, &QWebSocket::connected, this, [this] { ready(); });
        connect(&m_ws, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) {
            if (onMessage)
                onMessage(m);
        });
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        connect(&m_ws, &QWebSocket::errorOccurred, this,
                [this](QAbstractSocket::SocketError) { failed(m_ws.errorString()); });
#else
        connect(&m_ws, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
                [this](QAbstractSocket::SocketError) { failed(m_ws.errorString()); });
#endif
        connect(&m_ws, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            failed(QStringLiteral("TLS: ") + errors.value(0).errorString());
        });
        connect(&m_ws, &QWebSocket::disconnected, this, [this] { closed(); });
    }
    void open(const QUrl &url) override {
        m_ws.open(url);
    }
    void send(const QByteArray &message) override {
        m_ws.sendBinaryMessage(message);
    }
    void close() override {
        m_ws.close();
    }
    void abort() override {
        m_ws.abort();
    }

private:
    QWebSocket m_ws;
};

// Each connection its own client key: our echo server is a Room, which keeps one
// conversation per key, so a second session with one key would replace the first.
SessionConfig ownKey(const SessionConfig &c) {
    SessionConfig out = c;
    out.keyPair = BoxKeyPair::generate();
    return out;
}

// SecureWebSocket client: our SWS server and the node-sws server.
class SwsConn : public ClientConn {
public:
    SwsConn(const ClientSetup &setup, QObject *parent)
        : m_ws(ownKey(setup.sws), this) {
        setParent(parent);
        connect(&m_ws, &SecureWebSocket::secured, this, [this] { ready(); });
        connect(&m_ws, &SecureWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) {
            if (onMessage)
                onMessage(m);
        });
        connect(&m_ws, &SecureWebSocket::errorOccurred, this,
                [this](SessionError) { failed(m_ws.errorString()); });
        connect(&m_ws, &SecureWebSocket::disconnected, this, [this] { closed(); });
    }
    void open(const QUrl &url) override { m_ws.open(url); }
    void send(const QByteArray &message) override { m_ws.sendBinaryMessage(message); }
    void close() override { m_ws.close(); }
    void abort() override { m_ws.close(); }

private:
    SecureWebSocket m_ws;
};

QByteArray makePayload(int n) {
    QByteArray b(n, Qt::Uninitialized);
    quint32 x = 0x9e3779b9u ^ static_cast<quint32>(n);
    for (int i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b[i] = static_cast<char>(x >> 24);
    }
    return b;
}

double secondsOf(const QElapsedTimer &t) {
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}

// Drops a connection that is done with: closes it and deletes it once closed (or after 2 s).
void retire(ClientConn *c) {
    if (c->isClosed()) {
        c->deleteLater();
        return;
    }
    c->onReady = nullptr;
    c->onMessage = nullptr;
    c->onFailed = nullptr;
    c->onClosed = [c] { c->deleteLater(); };
    c->close();
    QTimer::singleShot(2000, c, [c] {
        c->onClosed = nullptr;
        c->deleteLater();
    });
}

} // namespace

ClientConn *makeConn(const ClientSetup &setup, QObject *parent) {
    if (usesSwsClient(setup.transport))
        return new SwsConn(setup, parent);
    return new QtConn(setup, parent);
}

ThroughputResult runThroughput(const ClientSetup &setup, int payloadBytes, int inflight,
                               double warmupSeconds, double seconds) {
    ThroughputResult r;
    const QByteArray payload = makePayload(payloadBytes);
    ClientConn *conn = makeConn(setup);
    QEventLoop loop;
    QElapsedTimer clock;
    enum class Phase { Connecting, Warmup, Measuring, Done } phase = Phase::Connecting;
    bool firstChecked = false;
    qint64 counted = 0;
    constexpr qint64 kMinReplies = 4; // slow transports get a longer window, up to kMaxSeconds
    const double maxSeconds = std::max(seconds * 4, 30.0);

    auto finish = [&](const QString &error) {
        if (phase == Phase::Done)
            return;
        if (!error.isEmpty() && r.error.isEmpty())
            r.error = error;
        phase = Phase::Done;
        loop.quit();
    };
    QTimer tick;
    tick.setInterval(10);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        const double t = secondsOf(clock);
        if (phase == Phase::Warmup && t >= warmupSeconds) {
            phase = Phase::Measuring;
            counted = 0;
            clock.restart();
        } else if (phase == Phase::Measuring &&
                   ((t >= seconds && counted >= kMinReplies) || t >= maxSeconds)) {
            r.seconds = t;
            r.messages = counted;
            r.ok = counted > 0;
            if (!r.ok)
                r.error = QStringLiteral("no echo within %1 s").arg(maxSeconds);
            finish({});
        }
    });
    conn->onReady = [&] {
        phase = Phase::Warmup;
        clock.start();
        tick.start();
        for (int i = 0; i < inflight; ++i)
            conn->send(payload);
    };
    conn->onMessage = [&](const QByteArray &m) {
        if (phase == Phase::Done)
            return;
        if (m.size() != payload.size() || (!firstChecked && m != payload)) {
            finish(QStringLiteral("echo differs from what was sent (%1 bytes, expected %2)")
                       .arg(m.size())
                       .arg(payload.size()));
            return;
        }
        firstChecked = true;
        if (phase == Phase::Measuring)
            ++counted;
        conn->send(payload);
    };
    conn->onFailed = [&](const QString &e) { finish(e); };
    conn->onClosed = [&] { finish(QStringLiteral("connection closed")); };
    QTimer::singleShot(10000, &loop, [&] {
        if (phase == Phase::Connecting)
            finish(QStringLiteral("not connected within 10 s"));
    });
    conn->open(setup.url);
    loop.exec();
    tick.stop();
    if (r.ok) {
        r.msgsPerSec = static_cast<double>(r.messages) / r.seconds;
        r.mbPerSec = r.msgsPerSec * payloadBytes / 1e6;
    }
    conn->onClosed = nullptr;
    conn->onFailed = nullptr;
    conn->onMessage = nullptr;
    conn->abort();
    delete conn;
    return r;
}

SequentialResult runSequentialHandshakes(const ClientSetup &setup, double seconds) {
    SequentialResult r;
    QEventLoop loop;
    QElapsedTimer clock;
    bool done = false;
    QObject owner;
    std::function<void()> next;
    QElapsedTimer one;
    std::vector<double> latencies;
    auto settle = [&](ClientConn *c, bool ok, const QString &error) {
        if (ok) {
            ++r.handshakes;
            latencies.push_back(static_cast<double>(one.nsecsElapsed()) / 1e6);
        } else {
            ++r.failures;
            if (r.error.isEmpty())
                r.error = error;
        }
        retire(c);
        if (secondsOf(clock) >= seconds || r.failures > 100) {
            r.seconds = secondsOf(clock);
            done = true;
            loop.quit();
            return;
        }
        next();
    };
    next = [&] {
        one.start();
        ClientConn *c = makeConn(setup, &owner);
        c->onReady = [&, c] { settle(c, true, {}); };
        c->onFailed = [&, c](const QString &e) { settle(c, false, e); };
        c->onClosed = [&, c] { settle(c, false, QStringLiteral("closed before it was ready")); };
        c->open(setup.url);
    };
    clock.start();
    next();
    QTimer::singleShot(static_cast<int>(seconds * 1000) + 10000, &loop, [&] {
        if (!done) {
            r.error = QStringLiteral("a handshake hung");
            r.seconds = secondsOf(clock);
            loop.quit();
        }
    });
    loop.exec();
    r.ok = r.handshakes > 0 && r.failures == 0;
    r.perSec = r.seconds > 0 ? r.handshakes / r.seconds : 0;
    if (!latencies.empty()) {
        std::nth_element(latencies.begin(), latencies.begin() + latencies.size() / 2,
                         latencies.end());
        r.medianMs = latencies[latencies.size() / 2];
    }
    // Let the background closes finish before the next measurement.
    QElapsedTimer drain;
    drain.start();
    while (!owner.children().isEmpty() && drain.elapsed() < 3000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return r;
}

ConcurrentResult runConcurrentHandshakes(const ClientSetup &setup, int count) {
    ConcurrentResult r;
    QEventLoop loop;
    QElapsedTimer clock;
    std::vector<ClientConn *> conns;
    conns.reserve(static_cast<size_t>(count));
    int settled = 0;
    auto settle = [&](ClientConn *c, bool ok, const QString &error) {
        c->onReady = nullptr;
        c->onFailed = nullptr;
        c->onClosed = nullptr;
        if (ok)
            ++r.secured;
        else {
            ++r.failures;
            if (r.error.isEmpty())
                r.error = error;
        }
        if (++settled == count) {
            r.ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
            loop.quit();
        }
    };
    clock.start();
    for (int i = 0; i < count; ++i) {
        ClientConn *c = makeConn(setup);
        conns.push_back(c);
        c->onReady = [&, c] { settle(c, true, {}); };
        c->onFailed = [&, c](const QString &e) { settle(c, false, e); };
        c->onClosed = [&, c] { settle(c, false, QStringLiteral("closed before it was ready")); };
        c->open(setup.url);
    }
    QTimer::singleShot(60000, &loop, [&] {
        r.error = QStringLiteral("%1 of %2 not ready after 60 s").arg(count - settled).arg(count);
        r.ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        loop.quit();
    });
    loop.exec();
    r.ok = r.secured == count;
    closeAll(conns);
    return r;
}

std::vector<ClientConn *> openIdleSessions(const ClientSetup &setup, int count, int batch,
                                           QString *error) {
    std::vector<ClientConn *> conns;
    conns.reserve(static_cast<size_t>(count));
    while (static_cast<int>(conns.size()) < count && error->isEmpty()) {
        const int n = std::min(batch, count - static_cast<int>(conns.size()));
        int ready = 0;
        QEventLoop loop;
        for (int i = 0; i < n; ++i) {
            ClientConn *c = makeConn(setup);
            conns.push_back(c);
            c->onReady = [&] {
                if (++ready == n)
                    loop.quit();
            };
            c->onFailed = [&, c](const QString &e) {
                c->onFailed = nullptr;
                if (error->isEmpty())
                    *error = e;
                loop.quit();
            };
            c->open(setup.url);
        }
        QTimer::singleShot(30000, &loop, [&] {
            if (error->isEmpty())
                *error = QStringLiteral("sessions not secured within 30 s");
            loop.quit();
        });
        loop.exec();
        for (ClientConn *c : conns) {
            c->onReady = nullptr;
            c->onFailed = nullptr;
        }
    }
    return conns;
}

void closeAll(std::vector<ClientConn *> &conns, int timeoutMs) {
    int open = static_cast<int>(conns.size());
    QEventLoop loop;
    for (ClientConn *c : conns) {
        c->onReady = nullptr;
        c->onMessage = nullptr;
        c->onFailed = nullptr;
        if (c->isClosed()) {
            --open;
            continue;
        }
        c->onClosed = [&] {
            if (--open == 0)
                loop.quit();
        };
    }
    for (ClientConn *c : conns)
        c->close();
    if (open > 0) {
        QTimer::singleShot(timeoutMs, &loop, [&] { loop.quit(); });
        loop.exec();
    }
    for (ClientConn *c : conns) {
        c->onClosed = nullptr;
        delete c;
    }
    conns.clear();
}

} // namespace sws::bench
