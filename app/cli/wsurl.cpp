#include "wsurl.h"

#include "cert/naclcert.h"

namespace sws::cli {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

// Input in a message: as typed when plain, quoted and escaped otherwise.
QString shown(const QString &text, int maxChars) {
    const QString quoted = cert::displayText(text, maxChars);
    return quoted == QLatin1Char('"') + text + QLatin1Char('"') && !text.contains(QLatin1Char(' '))
               ? text
               : quoted;
}

const QString kForm = QStringLiteral("ws://HOST[:PORT][/PATH]");

// The port as typed between the host and the path, if any: QUrl reports "out of range" and
// "not a number" alike, and takes port 0, which no server listens on.
std::optional<QString> portProblem(const QString &authority) {
    const qsizetype bracket = authority.lastIndexOf(QLatin1Char(']'));
    const qsizetype colon = authority.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || colon < bracket)
        return std::nullopt;
    const QString port = authority.mid(colon + 1);
    if (port.isEmpty())
        return std::nullopt; // "host:" means the default port
    bool digits = true;
    for (QChar c : port)
        digits = digits && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    if (!digits)
        return str("port %1 is not a number").arg(shown(port, 16));
    const qulonglong value = port.size() <= 10 ? port.toULongLong() : 0;
    if (value == 0 || value > 65535)
        return str("port %1 is out of range (1-65535)").arg(shown(port, 16));
    return std::nullopt;
}

} // namespace

Expected<QUrl, QString> parseWsUrl(const QString &text) {
    const qsizetype sep = text.indexOf(str("://"));
    const QString scheme = sep > 0 ? text.left(sep).toLower() : QString();
    if (scheme == str("wss")) {
        return unexpected(str("wss:// is not supported: SWS encrypts the session itself over "
                              "plain WebSocket; use ws://"));
    }
    if (scheme != str("ws")) {
        const QString got = sep > 0 ? shown(text.left(sep) + str("://"), 24) : shown(text, 40);
        return unexpected(str("the URL must start with ws:// (got %1), as in %2").arg(got, kForm));
    }
    const QString rest = text.mid(sep + 3);
    qsizetype end = rest.size();
    for (QChar c : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
        const qsizetype at = rest.indexOf(c);
        if (at >= 0 && at < end)
            end = at;
    }
    QString authority = rest.left(end);
    authority = authority.mid(authority.lastIndexOf(QLatin1Char('@')) + 1); // user info
    if (const auto problem = portProblem(authority))
        return unexpected(*problem);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        // QUrl's reason ends with a dump of the input ("; source was ..."): the input is shown
        // once, escaped, instead.
        QString reason = url.errorString();
        if (const qsizetype dump = reason.indexOf(str("; source was")); dump >= 0)
            reason.truncate(dump);
        reason = cert::displayText(reason, 120);
        return unexpected(str("cannot parse the URL %1 (%2)")
                              .arg(shown(text, 64), reason.mid(1, reason.size() - 2)));
    }
    if (url.host().isEmpty())
        return unexpected(str("the URL has no host, as in %1").arg(kForm));
    return url;
}

bool parseListenAddress(const QString &text, QHostAddress *host, quint16 *port) {
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString h = text.left(colon);
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h == QLatin1String("localhost"))
        h = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535 || !host->setAddress(h))
        return false;
    *port = static_cast<quint16>(p);
    return true;
}

} // namespace sws::cli
