#pragma once

#include <QList>
#include <QString>

namespace sws::bench {

// Everything the benchmark compares, in table order.
enum class Transport {
    Ws,     // plain ws://, QtWebSockets on both ends
    Wss,    // wss:// (TLS), QtWebSockets on both ends
    NodeV1, // node-sws 1.2.1 server (version 1), our SWS client
    NodeV2, // node-sws 1.2.1 server (version 2, certificates), our SWS client
    SwsV1,  // our SecureWebSocketServer + Room(Echo), our client, version 1
    SwsV2,  // the same, version 2
};

QList<Transport> allTransports();
QString transportKey(Transport t);   // "ws", "wss", "node1", "node2", "sws1", "sws2"
QString transportLabel(Transport t); // "ws://", "wss://", "node-sws v1", …
bool fromKey(const QString &key, Transport *t);

bool isNode(Transport t);
bool isSws(Transport t);         // our server
bool usesSwsClient(Transport t); // SecureWebSocket client (SWS and node-sws servers)
int swsVersion(Transport t);     // 1 or 2 for the SWS and node-sws transports, else 0

} // namespace sws::bench
