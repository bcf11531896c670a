#include "trust/endpoint.h"

namespace sws {

QString endpointKey(const QUrl &url) {
    const int defaultPort = url.scheme() == QLatin1String("wss") ? 443 : 80;
    const QString path = url.path().isEmpty() ? QStringLiteral("/") : url.path();
    return url.host() + QLatin1Char(':') + QString::number(url.port(defaultPort)) + path;
}

} // namespace sws
