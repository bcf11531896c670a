#include "benchserver.h"

#include "benchpki.h"
#include "chat/room.h"
#include "procstats.h"
#include "session/securewebsocketserver.h"
#include "stdinlines.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>
#include <functional>
#include <unistd.h>

namespace sws::bench {

namespace {

// Plain QtWebSockets echo server, with or without TLS: the baseline. The TCP (or TLS) listener
// is ours, handing each connection to QWebSocketServer::handleConnection(), for two reasons:
// the listen backlog (QTcpServer's default of 50 overflows in a 500-client burst and the
// kernel drops SYNs that are retried only after 1 s; SecureWebSocketServer listens with the
// same deeper backlog), and TCP_NODELAY for TLS (TLS 1.3 session tickets and the HTTP 101
// response are written separately, and Nagle + delayed ACK would stall every wss:// handshake
// by 40 ms, which would flatter SWS).
class QtEchoServer : public QObject {
public:
    explicit QtEchoServer(const QSslConfiguration *tls)
        : m_ws(QStringLiteral("bench"), QWebSocketServer::NonSecureMode) {
        if (tls) {
            auto *ssl = new QSslServer(this);
            ssl->setSslConfiguration(*tls);
            connect(ssl, &QSslServer::startedEncryptionHandshake, this, [](QSslSocket *socket) {
                socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            });
            m_tcp = ssl;
        } else {
            m_tcp = new QTcpServer(this);
        }
        m_tcp->setListenBacklogSize(kListenBacklog);
        m_tcp->setMaxPendingConnections(1 << 20);
        m_ws.setMaxPendingConnections(1 << 20);
        connect(m_tcp, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_tcp->nextPendingConnection())
                m_ws.handleConnection(socket);
        });
        connect(&m_ws, &QWebSocketServer::newConnection, this, [this] { accept(); });
    }
    bool listen() { return m_tcp->listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_tcp->serverPort(); }
    QString errorString() const { return m_tcp->errorString(); }
    int sessions() const { return m_open; }

private:
    static constexpr int kListenBacklog = 1024;
    void accept() {
        while (QWebSocket *ws = m_ws.nextPendingConnection()) {
            ws->setParent(this);
            ++m_open;
            connect(ws, &QWebSocket::binaryMessageReceived, ws,
                    [ws](const QByteArray &m) { ws->sendBinaryMessage(m); });
            connect(ws, &QWebSocket::disconnected, this, [this, ws] {
                --m_open;
                ws->deleteLater();
            });
        }
    }
    QTcpServer *m_tcp = nullptr;
    QWebSocketServer m_ws;
    int m_open = 0;
};

void printLine(const QByteArray &line) {
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int runServer(Transport transport, const QString &dir) {
    raiseFileLimit();
    QString error;
    std::unique_ptr<QtEchoServer> qtServer;
    std::unique_ptr<SecureWebSocketServer> swsServer;
    std::unique_ptr<Room> relay;
    quint16 port = 0;

    if (transport == Transport::Ws || transport == Transport::Wss) {
        QSslConfiguration tls;
        if (transport == Transport::Wss && !tlsServerConfig(dir, &tls, &error)) {
            std::fprintf(stderr, "sws_bench server: %s\n", qPrintable(error));
            return 1;
        }
        qtServer = std::make_unique<QtEchoServer>(transport == Transport::Wss ? &tls : nullptr);
        if (!qtServer->listen()) {
            std::fprintf(stderr, "sws_bench server: %s\n", qPrintable(qtServer->errorString()));
            return 1;
        }
        port = qtServer->port();
    } else if (isSws(transport)) {
        ServerConfig cfg;
        if (!swsServerConfig(dir, swsVersion(transport), &cfg, &error)) {
            std::fprintf(stderr, "sws_bench server: %s\n", qPrintable(error));
            return 1;
        }
        swsServer = std::make_unique<SecureWebSocketServer>(std::move(cfg));
        relay = std::make_unique<Room>(swsServer.get(), Room::Mode::Echo);
        if (!swsServer->listen(QHostAddress::LocalHost, 0)) {
            std::fprintf(stderr, "sws_bench server: %s\n", qPrintable(swsServer->errorString()));
            return 1;
        }
        port = swsServer->serverPort();
    } else {
        std::fprintf(stderr, "sws_bench server: %s is not served by this binary\n",
                     qPrintable(transportKey(transport)));
        return 2;
    }

    StdinLines commands([&](const QByteArray &line) {
        if (line == "stats") {
            const ProcStats s = currentProcStats();
            const int sessions =
                qtServer ? qtServer->sessions() : static_cast<int>(swsServer->sessions().size());
            printLine(QByteArrayLiteral("stats rss_kib=") + QByteArray::number(s.rssKiB) +
                      " heap_bytes=" + QByteArray::number(s.heapBytes) + " fds=" +
                      QByteArray::number(s.fds) + " sessions=" + QByteArray::number(sessions));
        } else if (line == "quit") {
            QCoreApplication::exit(0);
        }
    });
    printLine(QByteArrayLiteral("listening ") + QByteArray::number(port));
    return QCoreApplication::exec();
}

} // namespace sws::bench
