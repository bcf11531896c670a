#include "proxy/inspectionca.h"

#include <algorithm>

namespace sws {

namespace {
constexpr qint64 kMsPerDay = 24LL * 3600 * 1000;
}

Expected<InspectionIdentity, QString> issueInspectionIdentity(const Profile &profile,
                                                              const QUrl &upstream,
                                                              const QHostAddress &listen,
                                                              qint64 nowMs) {
    if (!profile.ca(kInspectionCaName)) {
        const cert::CaKey made =
            cert::generateCa(kInspectionCaName, nowMs + 3650 * kMsPerDay, nowMs);
        auto added = profile.addCa(kInspectionCaName, made.cert, &made.secretKey, nullptr);
        if (!added)
            return unexpected(QStringLiteral("inspection CA: ") + added.error());
    }
    auto record = profile.ca(kInspectionCaName);
    if (!record)
        return unexpected(QStringLiteral("inspection CA: ") + record.error());
    auto ca = profile.unlockCa(kInspectionCaName, nullptr);
    if (!ca)
        return unexpected(QStringLiteral("inspection CA: ") + ca.error());

    InspectionIdentity id{BoxKeyPair::generate(), {}, ca->cert, record->certPath, {}, {}};
    // The names a client may reach the proxy by: the upstream's host (the proxy poses as the
    // upstream) and the address it listens on; a wildcard address names no one.
    QStringList hosts{upstream.host()};
    if (listen != QHostAddress(QHostAddress::AnyIPv4) &&
        listen != QHostAddress(QHostAddress::AnyIPv6) && !listen.isNull())
        hosts << listen.toString();
    if (upstream.host() == QLatin1String("localhost"))
        hosts << QStringLiteral("127.0.0.1");
    for (const QString &h : std::as_const(hosts)) {
        QStringList &list = cert::parseIpStrict(h) ? id.ips : id.names;
        if (!h.isEmpty() && !list.contains(h))
            list << h;
    }
    if (id.names.isEmpty()) // the reference expects at least one name
        id.names << upstream.host();
    cert::CertRequest req;
    req.publicKey = id.keyPair.publicKey;
    req.names = id.names;
    req.ips = id.ips;
    req.tteMs = std::min(nowMs + 90 * kMsPerDay, ca->cert.tteMs());
    auto issued = cert::sign(req, *ca, nowMs);
    if (!issued)
        return unexpected(QStringLiteral("cannot issue the proxy certificate: ") + issued.error());
    id.certificate = *issued;
    return id;
}

} // namespace sws
