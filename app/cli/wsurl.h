#pragma once

#include "crypto/expected.h"

#include <QString>
#include <QUrl>

namespace sws::cli {

// A server URL as `sws connect` takes it: ws://HOST[:PORT][/PATH]. The error names what is
// wrong (scheme, host, port, syntax) in one line, quoting the input escaped.
Expected<QUrl, QString> parseWsUrl(const QString &text);

} // namespace sws::cli
