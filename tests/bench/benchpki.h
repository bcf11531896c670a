#pragma once

#include "session/securewebsocket.h"
#include "session/securewebsocketserver.h"

#include <QSslConfiguration>
#include <QString>

namespace sws::bench {

// Key material for one run, in a temporary directory shared by client and server processes:
//   tls-cert.pem, tls-key.pem  self-signed ECDSA P-256 certificate for 127.0.0.1 (openssl CLI)
//   server-kp.json, client-kp.json  box key pairs (box-kp.json format)
//   ca-ca-cert.json, server-cert.json  a CA and the server's v2 certificate (nacl-cert format)
// Returns false with *error set if the SWS files cannot be written; TLS problems only
// clear *tlsReady (wss:// is then skipped) and fill *tlsError.
bool makeBenchFiles(const QString &dir, bool *tlsReady, QString *tlsError, QString *error);

QString tlsCertPath(const QString &dir);
QString tlsKeyPath(const QString &dir);
QString serverKeyPath(const QString &dir);
QString serverCertPath(const QString &dir);
QString caCertPath(const QString &dir);

// Server: own certificate and key; client: that certificate as the only trusted CA.
bool tlsServerConfig(const QString &dir, QSslConfiguration *out, QString *error);
bool tlsClientConfig(const QString &dir, QSslConfiguration *out, QString *error);

// SWS configurations as the benchmark runs them (see README.md in this folder).
bool swsServerConfig(const QString &dir, int version, ServerConfig *out, QString *error);
bool swsClientConfig(const QString &dir, int version, SessionConfig *out, QString *error);

} // namespace sws::bench
