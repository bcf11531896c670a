// Peers for socket tests that need exact control of the wire: a client that runs the handshake
// state machine over a plain QWebSocket (so it can seal any frame, or hold a message back), a
// raw TCP client that speaks RFC 6455 by hand (so it can stay silent where QWebSocket would
// answer), and process counters (open descriptors, heap in use).
#pragma once

#include "handshake/handshake.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#include <malloc.h>
#include <memory>
#include <optional>
#include <vector>

namespace testpeers {

inline qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

struct Pki {
    sws::cert::CaKey ca;
    sws::BoxKeyPair serverKeys;
    sws::BoxKeyPair clientKeys;
    sws::cert::Certificate serverCert;
    sws::cert::Certificate clientCert;
};

// A CA and certificates for a server on 127.0.0.1 / localhost and a client on 127.0.0.1.
inline Pki makePki() {
    Pki p{sws::cert::generateCa(QStringLiteral("peers-ca.test"), nowMs() + 86400000LL, nowMs()),
          sws::BoxKeyPair::generate(),
          sws::BoxKeyPair::generate(),
          {},
          {}};
    sws::cert::CertRequest req;
    req.publicKey = p.serverKeys.publicKey;
    req.names = QStringList{QStringLiteral("localhost")};
    req.ips = QStringList{QStringLiteral("127.0.0.1")};
    req.tteMs = nowMs() + 3600000LL;
    p.serverCert = *sws::cert::sign(req, p.ca, nowMs());
    req.publicKey = p.clientKeys.publicKey;
    req.names = QStringList{QStringLiteral("client.test")};
    p.clientCert = *sws::cert::sign(req, p.ca, nowMs());
    return p;
}

inline sws::ServerConfig serverConfig(int version = 1, const Pki *pki = nullptr,
                                      bool requireCert = false) {
    sws::ServerConfig c;
    c.session.version = version;
    c.session.keyPair = pki ? pki->serverKeys.clone() : sws::BoxKeyPair::generate();
    if (pki) {
        c.session.certificate = pki->serverCert;
        c.session.trustedCas = {pki->ca.cert};
        c.session.requireCert = requireCert;
    }
    return c;
}

inline sws::SessionConfig clientConfig(int version = 1, const Pki *pki = nullptr) {
    sws::SessionConfig c;
    c.version = version;
    c.keyPair = pki ? pki->clientKeys.clone() : sws::BoxKeyPair::generate();
    if (pki) {
        c.certificate = pki->clientCert;
        c.trustedCas = {pki->ca.cert};
    }
    return c;
}

// A client that runs the handshake state machine over a plain QWebSocket: it can seal frames
// of any size, send anything at any time, and hold its ClientReady back for holdReadyMs.
class ManualClient {
public:
    QWebSocket ws;
    std::optional<sws::Handshake> hs;
    std::optional<sws::SecuredSession> session;
    QList<QByteArray> received; // binary frames as they came
    QList<QString> texts;       // text frames as they came
    bool closed = false;
    int holdReadyMs = 0;
    QElapsedTimer sinceConnected;
    sws::BoxKeyPair keys = sws::BoxKeyPair::generate();
    // Version 2: what the state machine checks the server with, and our certificate.
    QList<sws::cert::Certificate> trustedCas;
    std::optional<sws::cert::Certificate> certificate;

    void connectTo(const QUrl &url, int version = 1) {
        QObject::connect(&ws, &QWebSocket::disconnected, [this] { closed = true; });
        QObject::connect(&ws, &QWebSocket::binaryMessageReceived,
                         [this](const QByteArray &m) { received << m; });
        QObject::connect(&ws, &QWebSocket::textMessageReceived, [this](const QString &t) {
            texts << t;
            if (!hs)
                return;
            auto out = hs->receiveText(t.toUtf8());
            const auto send = out.send;
            const bool secured = out.secured;
            auto finish = [this, send, secured] {
                if (closed)
                    return;
                for (const auto &s : send)
                    ws.sendTextMessage(QString::fromUtf8(s));
                if (secured)
                    session.emplace(hs->takeSession());
            };
            if (holdReadyMs > 0 && !send.empty())
                QTimer::singleShot(holdReadyMs - sinceConnected.elapsed(), Qt::PreciseTimer, &ws,
                                   finish);
            else
                finish();
        });
        QObject::connect(&ws, &QWebSocket::connected, [this, version] {
            sinceConnected.start();
            sws::HandshakeConfig c;
            c.role = sws::Role::Client;
            c.version = version;
            c.keyPair = keys.clone();
            c.trustedCas = trustedCas;
            c.certificate = certificate;
            c.peer.host = ws.requestUrl().host();
            c.peer.address = ws.peerAddress();
            hs.emplace(std::move(c));
            for (const auto &s : hs->start().send)
                ws.sendTextMessage(QString::fromUtf8(s));
        });
        ws.open(url);
    }

    void sendSealed(const QByteArray &plain) { ws.sendBinaryMessage(session->tx.seal(plain)); }
};

// A raw TCP client that performs the WebSocket opening handshake itself and then sends frames
// it builds; it never answers anything (no pong, no close reply).
class RawWsClient {
public:
    QTcpSocket sock;
    QByteArray in; // everything after the 101 response
    bool upgraded = false;
    bool disconnected = false;
    QElapsedTimer clock;

    // From `from` (any address of 127.0.0.0/8 on Linux) when given, so a test can be several
    // sources.
    void connectTo(quint16 port, const QByteArray &path = "/", const QHostAddress &from = {}) {
        QObject::connect(&sock, &QTcpSocket::connected, [this, port, path] {
            sock.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                       "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n");
        });
        QObject::connect(&sock, &QTcpSocket::readyRead, [this] {
            in += sock.readAll();
            if (!upgraded) {
                const qsizetype end = in.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                upgraded = in.startsWith("HTTP/1.1 101");
                in = in.mid(end + 4);
            }
        });
        QObject::connect(&sock, &QTcpSocket::disconnected, [this] { disconnected = true; });
        clock.start();
        if (!from.isNull())
            sock.bind(from);
        sock.connectToHost(QHostAddress::LocalHost, port);
    }

    // One masked frame, FIN set.
    static QByteArray frame(int opcode, const QByteArray &payload) {
        QByteArray f;
        f += static_cast<char>(0x80 | opcode);
        const qsizetype n = payload.size();
        if (n < 126) {
            f += static_cast<char>(0x80 | n);
        } else if (n < 65536) {
            f += static_cast<char>(0x80 | 126);
            f += static_cast<char>(n >> 8);
            f += static_cast<char>(n & 0xff);
        } else {
            f += static_cast<char>(0x80 | 127);
            for (int i = 7; i >= 0; --i)
                f += static_cast<char>((static_cast<quint64>(n) >> (8 * i)) & 0xff);
        }
        const char mask[4] = {0x12, 0x34, 0x56, 0x78};
        f.append(mask, 4);
        for (qsizetype i = 0; i < n; ++i)
            f += static_cast<char>(payload[i] ^ mask[i % 4]);
        return f;
    }
    void sendText(const QByteArray &utf8) { sock.write(frame(0x1, utf8)); }

    // The close code of the first close frame the server sent, or -1.
    int closeCodeReceived() const {
        qsizetype p = 0;
        while (p + 2 <= in.size()) {
            const int opcode = in[p] & 0x0f;
            qint64 len = in[p + 1] & 0x7f;
            qsizetype header = 2;
            if (len == 126) {
                if (p + 4 > in.size())
                    return -1;
                len = (static_cast<unsigned char>(in[p + 2]) << 8) |
                      static_cast<unsigned char>(in[p + 3]);
                header = 4;
            } else if (len == 127) {
                return -1; // no close frame is that long
            }
            if (p + header + len > in.size())
                return -1;
            if (opcode == 0x8 && len >= 2)
                return (static_cast<unsigned char>(in[p + header]) << 8) |
                       static_cast<unsigned char>(in[p + header + 1]);
            p += header + len;
        }
        return -1;
    }
};

// A TCP proxy on 127.0.0.1 in front of a server: records both directions of every connection
// as they pass (for scanning what went over the wire), and can stop reading from the server,
// as a peer that stops reading does.
class TcpProxy {
public:
    struct Connection {
        std::unique_ptr<QTcpSocket> client, server;
        QByteArray up, down; // client to server, server to client, as they passed
        QByteArray pendingUp;
        ~Connection() {
            // Neither side's last signals may reach the other, half-destroyed, side.
            client->disconnect();
            server->disconnect();
        }
    };
    std::vector<std::unique_ptr<Connection>> connections;

    explicit TcpProxy(quint16 targetPort)
        : m_target(targetPort) {
        QObject::connect(&m_listener, &QTcpServer::newConnection, [this] { accept(); });
    }
    bool listen() { return m_listener.listen(QHostAddress::LocalHost, 0); }
    QUrl url(const QString &path = QStringLiteral("/")) const {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_listener.serverPort()).arg(path));
    }
    // From now on nothing more is read from the servers: their data piles up in the kernel's
    // socket buffers and then in the server process.
    void stallDownstream() {
        m_stalled = true;
        for (auto &c : connections)
            c->server->setReadBufferSize(1);
    }

    // Reads from the servers again: what piled up passes on.
    void resumeDownstream() {
        m_stalled = false;
        for (auto &c : connections) {
            c->server->setReadBufferSize(0);
            forwardDown(*c);
        }
    }

private:
    QTcpServer m_listener;
    quint16 m_target;
    bool m_stalled = false;

    static void forwardDown(Connection &c) {
        const QByteArray data = c.server->readAll();
        c.down += data;
        c.client->write(data);
    }

    void accept() {
        while (QTcpSocket *incoming = m_listener.nextPendingConnection()) {
            auto c = std::make_unique<Connection>();
            Connection *raw = c.get();
            c->client.reset(incoming);
            incoming->setParent(nullptr);
            c->server = std::make_unique<QTcpSocket>();
            QTcpSocket *server = c->server.get();
            QObject::connect(incoming, &QTcpSocket::readyRead, [raw] {
                const QByteArray data = raw->client->readAll();
                raw->up += data;
                if (raw->server->state() == QAbstractSocket::ConnectedState)
                    raw->server->write(data);
                else
                    raw->pendingUp += data;
            });
            QObject::connect(server, &QTcpSocket::connected, [raw] {
                raw->server->write(raw->pendingUp);
                raw->pendingUp.clear();
            });
            QObject::connect(server, &QTcpSocket::readyRead, [this, raw] {
                if (!m_stalled)
                    forwardDown(*raw);
            });
            QObject::connect(incoming, &QTcpSocket::disconnected,
                             [raw] { raw->server->disconnectFromHost(); });
            QObject::connect(server, &QTcpSocket::disconnected, [this, raw] {
                if (!m_stalled)
                    raw->client->disconnectFromHost();
            });
            server->connectToHost(QHostAddress::LocalHost, m_target);
            connections.push_back(std::move(c));
        }
    }
};

// Process counters for leak checks.
inline int openFileDescriptors() {
    const auto filter = QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot;
    return static_cast<int>(QDir(QStringLiteral("/proc/self/fd")).entryList(filter).size());
}

inline qint64 heapInUse() {
    return static_cast<qint64>(mallinfo2().uordblks);
}

} // namespace testpeers
