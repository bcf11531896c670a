#pragma once

#include "session/securewebsocket.h"
#include "transport.h"

#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>
#include <vector>

namespace sws::bench {

// How the client reaches one server: one of the transports, with its TLS or SWS settings.
struct ClientSetup {
    Transport transport = Transport::Ws;
    QUrl url;
    QSslConfiguration tls; // wss
    SessionConfig sws;     // SWS and node-sws servers; cloned for every connection
};

// One client connection of any transport, as the workloads drive it. Callbacks instead of
// signals keep the harness's own cost per message the same small constant for every
// transport.
class ClientConn : public QObject {
public:
    std::function<void()> onReady; // WebSocket open (ws, wss) or SWS session secured
    std::function<void(const QByteArray &)> onMessage;
    std::function<void(const QString &)> onFailed; // any error; the connection is unusable
    std::function<void()> onClosed;

    virtual void open(const QUrl &url) = 0;
    virtual void send(const QByteArray &message) = 0;
    virtual void close() = 0;
    virtual void abort() = 0;
    bool isClosed() const { return m_closed; }

protected:
    // Callbacks may replace themselves (or each other): call a copy.
    void ready() {
        if (auto cb = onReady)
            cb();
    }
    void failed(const QString &error) {
        if (auto cb = onFailed)
            cb(error);
    }
    void closed() {
        m_closed = true;
        if (auto cb = onClosed)
            cb();
    }

private:
    bool m_closed = false;
};

ClientConn *makeConn(const ClientSetup &setup, QObject *parent = nullptr);

struct ThroughputResult {
    bool ok = false;
    QString error;
    qint64 messages = 0;   // echoes received in the measured window
    double seconds = 0;    // length of the measured window
    double msgsPerSec = 0; // echoes per second
    double mbPerSec = 0;   // echoed payload per second, 10^6 bytes (one direction)
};
// One connection, `inflight` messages of `payloadBytes` always outstanding: every echo that
// comes back is checked (size; the first one byte for byte) and answered with the next.
ThroughputResult runThroughput(const ClientSetup &setup, int payloadBytes, int inflight,
                               double warmupSeconds, double seconds);

struct SequentialResult {
    bool ok = false;
    QString error;
    int handshakes = 0;
    int failures = 0;
    double seconds = 0;
    double perSec = 0;
    double medianMs = 0; // open() to ready, per handshake: steadier than perSec on a busy host
};
// One connection at a time: open, wait until ready, close (in the background) and open the
// next, for `seconds`.
SequentialResult runSequentialHandshakes(const ClientSetup &setup, double seconds);

struct ConcurrentResult {
    bool ok = false;
    QString error;
    int secured = 0;
    int failures = 0;
    double ms = 0; // from the first open() until the last connection is ready
};
// `count` connections opened at once; the time until every one of them is ready.
ConcurrentResult runConcurrentHandshakes(const ClientSetup &setup, int count);

// Opens `count` connections, `batch` at a time, and keeps them open and idle.
std::vector<ClientConn *> openIdleSessions(const ClientSetup &setup, int count, int batch,
                                           QString *error);
// Closes connections and waits (at most timeoutMs) until they are all closed, then deletes them.
void closeAll(std::vector<ClientConn *> &conns, int timeoutMs = 5000);

} // namespace sws::bench
