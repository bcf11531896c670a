#pragma once
// The fixture shared by the tst_securewebsocket* tests: a loopback PKI, the configurations of
// servers and clients built from it, and an honest echo round trip.
#include "handshake/handshake.h"
#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

namespace swstest {

using namespace sws;

inline qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

struct Pki {
    cert::CaKey ca;
    BoxKeyPair serverKeys = BoxKeyPair::generate();
    BoxKeyPair clientKeys = BoxKeyPair::generate();
    cert::Certificate serverCert;
    cert::Certificate clientCert;
};

inline Pki makePki() {
    Pki p{cert::generateCa(QStringLiteral("loopback-ca.test"), nowMs() + 86400000LL, nowMs()),
          BoxKeyPair::generate(),
          BoxKeyPair::generate(),
          {},
          {}};
    cert::CertRequest sreq;
    sreq.publicKey = p.serverKeys.publicKey;
    sreq.names = QStringList{QStringLiteral("localhost")};
    sreq.ips = QStringList{QStringLiteral("127.0.0.1")};
    sreq.tteMs = nowMs() + 3600000LL;
    p.serverCert = *cert::sign(sreq, p.ca, nowMs());
    cert::CertRequest creq = sreq;
    creq.publicKey = p.clientKeys.publicKey;
    creq.names = QStringList{QStringLiteral("client.test")};
    p.clientCert = *cert::sign(creq, p.ca, nowMs());
    return p;
}

inline ServerConfig serverConfig(int version, const Pki *pki = nullptr, bool requireCert = false) {
    ServerConfig c;
    c.session.version = version;
    c.session.keyPair = pki ? pki->serverKeys.clone() : BoxKeyPair::generate();
    c.session.handshakeTimeoutMs = 1500;
    c.session.closeTimeoutMs = 1000;
    if (pki) {
        c.session.certificate = pki->serverCert;
        c.session.trustedCas = {pki->ca.cert};
        c.session.requireCert = requireCert;
    }
    return c;
}

inline SessionConfig clientConfig(int version, const Pki *pki = nullptr) {
    SessionConfig c;
    c.version = version;
    c.keyPair = pki ? pki->clientKeys.clone() : BoxKeyPair::generate();
    c.handshakeTimeoutMs = 1500;
    if (pki) {
        c.certificate = pki->clientCert;
        c.trustedCas = {pki->ca.cert};
    }
    return c;
}

// Drives one honest echo round trip of `payloads` through a fresh client.
inline void echoRoundTrip(SecureWebSocketServer &server, SessionConfig cfg,
                          const QList<QByteArray> &payloads) {
    SecureWebSocket client(std::move(cfg));
    QSignalSpy secured(&client, &SecureWebSocket::secured);
    QSignalSpy received(&client, &SecureWebSocket::binaryMessageReceived);
    client.open(server.serverUrl());
    for (const QByteArray &p : payloads) // queued until secure
        QCOMPARE(client.sendBinaryMessage(p), qint64(p.size()));
    QTRY_COMPARE_WITH_TIMEOUT(secured.count(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), payloads.size(), 10000);
    for (int i = 0; i < payloads.size(); ++i)
        QCOMPARE(received.at(i).at(0).toByteArray(), payloads.at(i));
    QCOMPARE(client.error(), SessionError::None);
    client.close();
    QTRY_COMPARE(client.state(), SecureWebSocket::State::Closed);
}

inline QList<QByteArray> payloadSet() {
    QList<QByteArray> out;
    for (int n : {0, 1, 125, 126, 127, 64 * 1024, 1024 * 1024}) {
        QByteArray b(n, Qt::Uninitialized);
        for (int i = 0; i < n; ++i)
            b[i] = static_cast<char>((i * 31 + n) & 0xff);
        out << b;
    }
    return out;
}

} // namespace swstest
