#pragma once

#include "crypto/expected.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace sws::cli {

// A server URL as `sws connect` takes it: ws://HOST[:PORT][/PATH]. The error names what is
// wrong (scheme, host, port, syntax) in one line, quoting the input escaped.
Expected<QUrl, QString> parseWsUrl(const QString &text);

// A listen address as `sws serve` and `sws proxy` take it: "HOST:PORT" or "[V6]:PORT"
// ("localhost" is 127.0.0.1). False when it is not one.
bool parseListenAddress(const QString &text, QHostAddress *host, quint16 *port);

} // namespace sws::cli
