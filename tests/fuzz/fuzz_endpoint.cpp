// The endpoint matchers of naclcert.h (matchDomain, matchIp, matchMac, parseIpStrict,
// normalizeMac) with arbitrary strings. Input: lines; "n…" adds a certificate name, "i…" an
// IP, "m…" a MAC; every other line is a host (or address, or MAC) to look up.
// Oracles, stated independently of the implementation:
//  - matchDomain is label matching: the host's labels end with one name's labels (case-
//    insensitive, one trailing dot ignored, no empty label); an IP literal matches only an
//    equal address;
//  - every usable name matches itself, every strict IP matches itself, every MAC matches itself;
//  - parseIpStrict round-trips through QHostAddress::toString; normalizeMac gives 12 lower-case
//    hex digits and is idempotent.
#include "fuzzcommon.h"

using namespace sws;

namespace {

json::Value strings(const QStringList &list) {
    json::Value a = json::Value::array();
    for (const QString &s : list)
        a.append(json::Value(s));
    return a;
}

std::optional<cert::Certificate> certFor(const QStringList &names, const QStringList &ips,
                                         const QStringList &macs) {
    const json::Value desc = json::Value::object({
        {QStringLiteral("version"), json::Value(QStringLiteral("1.0"))},
        {QStringLiteral("type"), json::Value(QStringLiteral("ca"))},
        {QStringLiteral("tte"), json::Value(1.0)},
        {QStringLiteral("publickey"), json::bytesToArray(QByteArray(32, '\0'))},
        {QStringLiteral("names"), strings(names)},
        {QStringLiteral("ips"), strings(ips)},
        {QStringLiteral("macs"), strings(macs)},
        {QStringLiteral("ca"), json::Value(QStringLiteral("fuzz"))},
    });
    const json::Value doc = json::Value::object(
        {{QStringLiteral("desc"), desc},
         {QStringLiteral("sign"),
          json::Value::object({{QStringLiteral("signature"),
                                json::bytesToArray(QByteArray(kSignatureBytes, '\0'))}})}});
    auto c = cert::Certificate::fromJson(doc);
    FUZZ_CHECK(c.has_value());
    return *c;
}

// Labels of a DNS name as compared, or empty when unusable.
QStringList labels(const QString &name) {
    QString n = name.toLower();
    if (n.endsWith(QLatin1Char('.')))
        n.chop(1);
    const QStringList parts = n.split(QLatin1Char('.'));
    for (const QString &p : parts)
        if (p.isEmpty())
            return {};
    return parts;
}

bool referenceMatchDomain(const QStringList &names, const QString &host) {
    const QStringList h = labels(host);
    if (h.isEmpty())
        return false;
    const auto hostIp = cert::parseIpStrict(h.join(QLatin1Char('.')));
    for (const QString &name : names) {
        const QStringList n = labels(name);
        if (n.isEmpty())
            continue;
        if (const auto nameIp = cert::parseIpStrict(n.join(QLatin1Char('.')))) {
            if (hostIp && hostIp->isEqual(*nameIp, QHostAddress::ConvertV4MappedToIPv4))
                return true;
            continue;
        }
        if (h.size() >= n.size() && h.mid(h.size() - n.size()) == n)
            return true;
    }
    return false;
}

bool isLowerHex12(const QString &s) {
    if (s.size() != 12)
        return false;
    for (QChar c : s)
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
              (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QString in = QString::fromUtf8(fuzz::bytesOf(data, size));
    QStringList names, ips, macs, lookups;
    for (const QString &line : in.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('n')))
            names << line.mid(1);
        else if (line.startsWith(QLatin1Char('i')))
            ips << line.mid(1);
        else if (line.startsWith(QLatin1Char('m')))
            macs << line.mid(1);
        else
            lookups << line;
    }
    if (names.size() + ips.size() + macs.size() + lookups.size() > 64)
        return 0;
    const auto c = certFor(names, ips, macs);

    for (const QString &host : lookups + names) {
        FUZZ_CHECK(cert::matchDomain(*c, host) == referenceMatchDomain(names, host));
        const auto addr = cert::parseIpStrict(host);
        if (addr) {
            // An address prints as something that reads back as the same address.
            const auto back = cert::parseIpStrict(addr->toString());
            FUZZ_CHECK(back && back->isEqual(*addr));
            bool listed = false;
            for (const QString &ip : ips) {
                const auto a = cert::parseIpStrict(ip);
                listed = listed || (a && a->isEqual(*addr, QHostAddress::ConvertV4MappedToIPv4));
            }
            FUZZ_CHECK(cert::matchIp(*c, *addr) == listed);
        }
        (void)cert::matchIp(*c, QHostAddress(host)); // Qt's lenient reading, never a crash
        const auto mac = cert::normalizeMac(host);
        if (mac) {
            FUZZ_CHECK(isLowerHex12(*mac));
            FUZZ_CHECK(cert::normalizeMac(*mac) == mac);
        }
        bool macListed = false;
        for (const QString &m : macs)
            macListed = macListed || (mac && cert::normalizeMac(m) == mac);
        FUZZ_CHECK(cert::matchMac(*c, host) == macListed);
    }
    // Each entry matches itself.
    for (const QString &name : names)
        if (!labels(name).isEmpty())
            FUZZ_CHECK(cert::matchDomain(*c, name));
    for (const QString &ip : ips)
        if (const auto a = cert::parseIpStrict(ip))
            FUZZ_CHECK(cert::matchIp(*c, *a));
    for (const QString &m : macs)
        FUZZ_CHECK(cert::matchMac(*c, m) == cert::normalizeMac(m).has_value());
    return 0;
}
