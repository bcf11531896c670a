#include "transport.h"

namespace sws::bench {

QList<Transport> allTransports() {
    return {Transport::Ws,     Transport::Wss,   Transport::NodeV1,
            Transport::NodeV2, Transport::SwsV1, Transport::SwsV2};
}

QString transportKey(Transport t) {
    switch (t) {
    case Transport::Ws:
        return QStringLiteral("ws");
    case Transport::Wss:
        return QStringLiteral("wss");
    case Transport::NodeV1:
        return QStringLiteral("node1");
    case Transport::NodeV2:
        return QStringLiteral("node2");
    case Transport::SwsV1:
        return QStringLiteral("sws1");
    case Transport::SwsV2:
        return QStringLiteral("sws2");
    }
    return {};
}

QString transportLabel(Transport t) {
    switch (t) {
    case Transport::Ws:
        return QStringLiteral("ws://");
    case Transport::Wss:
        return QStringLiteral("wss://");
    case Transport::NodeV1:
        return QStringLiteral("node-sws v1");
    case Transport::NodeV2:
        return QStringLiteral("node-sws v2");
    case Transport::SwsV1:
        return QStringLiteral("SWS v1");
    case Transport::SwsV2:
        return QStringLiteral("SWS v2");
    }
    return {};
}

bool fromKey(const QString &key, Transport *t) {
    for (Transport c : allTransports()) {
        if (transportKey(c) == key) {
            *t = c;
            return true;
        }
    }
    return false;
}

bool isNode(Transport t) {
    return t == Transport::NodeV1 || t == Transport::NodeV2;
}
bool isSws(Transport t) {
    return t == Transport::SwsV1 || t == Transport::SwsV2;
}
bool usesSwsClient(Transport t) {
    return isNode(t) || isSws(t);
}
int swsVersion(Transport t) {
    switch (t) {
    case Transport::NodeV1:
    case Transport::SwsV1:
        return 1;
    case Transport::NodeV2:
    case Transport::SwsV2:
        return 2;
    default:
        return 0;
    }
}

} // namespace sws::bench
