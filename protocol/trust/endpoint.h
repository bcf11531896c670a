#pragma once

#include <QString>
#include <QUrl>

namespace sws {

// The one form of a server endpoint, "host:port/path": what SecureWebSocket puts in
// PeerIdentity::endpoint for a client session and what the trust store pins keys under. The
// port is the scheme's default when absent (ws 80, wss 443: the two are different servers), the
// path "/" when empty; the host as QUrl gives it (lower case, IPv6 without brackets).
QString endpointKey(const QUrl &url);

} // namespace sws
