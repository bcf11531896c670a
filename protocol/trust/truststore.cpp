#include "trust/truststore.h"

#include "cert/keyfiles.h"
#include "json/json.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

namespace sws {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

constexpr char kFormat[] = "sws-trust";

json::Value caToJson(const TrustStore::TrustedCa &ca) {
    json::Value o = json::Value::object({{str("id"), ca.id},
                                         {str("enabled"), ca.enabled},
                                         {str("builtin"), ca.builtIn},
                                         {str("added"), static_cast<std::int64_t>(ca.addedMs)}});
    if (!ca.builtIn)
        o.insert(str("cert"), ca.cert.raw());
    return o;
}

json::Value pinToJson(const TrustStore::Pin &p) {
    return json::Value::object({{str("endpoint"), p.endpoint},
                                {str("publickey"), toHex(p.publicKey)},
                                {str("verified"), p.verified},
                                {str("added"), static_cast<std::int64_t>(p.addedMs)}});
}

bool boolMember(const json::Value &o, const char *key, bool fallback) {
    const json::Value *v = o.find(str(key));
    return v && v->isBool() ? v->toBool() : fallback;
}

qint64 timeMember(const json::Value &o, const char *key) {
    const json::Value *v = o.find(str(key));
    return v && v->isNumber() ? static_cast<qint64>(v->toNumber()) : 0;
}

QString dateOf(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().toString(Qt::ISODate);
}

} // namespace

TrustStore::TrustStore() {
    ensureBuiltIn();
}

void TrustStore::ensureBuiltIn() {
    for (const TrustedCa &ca : std::as_const(m_cas)) {
        if (ca.builtIn)
            return;
    }
    const cert::Certificate root = cert::referenceRootCa();
    m_cas.prepend(TrustedCa{caId(root), root, false, true, 0});
}

Expected<TrustStore, QString> TrustStore::load(const QString &path) {
    TrustStore store;
    store.m_path = path;
    if (!QFileInfo::exists(path))
        return store;
    auto r = store.reload();
    if (!r)
        return unexpected(r.error());
    return store;
}

Expected<bool, QString> TrustStore::reload() {
    if (m_path.isEmpty() || !QFileInfo::exists(m_path))
        return false;
    const QString where = QDir::toNativeSeparators(m_path) + str(": ");
    auto bytes = keyfiles::readFile(m_path, 16 * keyfiles::kMaxFileBytes);
    if (!bytes)
        return unexpected(bytes.error().message);
    json::ParseLimits limits;
    limits.maxBytes = 16 * keyfiles::kMaxFileBytes;
    auto doc = json::parse(*bytes, limits);
    if (!doc || !doc->isObject())
        return unexpected(where + str("not a JSON object"));
    const json::Value *format = doc->find(str("format"));
    if (!format || !format->isString() || format->toString() != str(kFormat))
        return unexpected(where + str("not a trust store (format is not %1)").arg(str(kFormat)));
    QList<TrustedCa> cas;
    QList<Pin> pins;
    if (const json::Value *list = doc->find(str("cas")); list && list->isArray()) {
        for (const json::Value &o : list->items()) {
            TrustedCa ca;
            ca.enabled = boolMember(o, "enabled", false);
            ca.builtIn = boolMember(o, "builtin", false);
            ca.addedMs = timeMember(o, "added");
            if (ca.builtIn) {
                ca.cert = cert::referenceRootCa();
            } else {
                const json::Value *c = o.find(str("cert"));
                auto parsed = c ? cert::Certificate::fromJson(*c)
                                : Expected<cert::Certificate, QString>(unexpected(str("missing")));
                if (!parsed)
                    return unexpected(where + str("a CA certificate is unreadable: ") +
                                      parsed.error());
                ca.cert = std::move(parsed).value();
            }
            ca.id = caId(ca.cert);
            cas << ca;
        }
    }
    if (const json::Value *list = doc->find(str("pins")); list && list->isArray()) {
        for (const json::Value &o : list->items()) {
            const json::Value *e = o.find(str("endpoint"));
            const json::Value *k = o.find(str("publickey"));
            const QByteArray key =
                k && k->isString() ? QByteArray::fromHex(k->toString().toLatin1()) : QByteArray();
            if (!e || !e->isString() || e->toString().isEmpty() || key.size() != 32)
                return unexpected(where + str("a pin is malformed"));
            pins << Pin{e->toString(), key, boolMember(o, "verified", false),
                        timeMember(o, "added")};
        }
    }
    m_cas = cas;
    m_pins = pins;
    ensureBuiltIn();
    return true;
}

Expected<QString, QString> TrustStore::save() const {
    if (m_path.isEmpty())
        return QString();
    std::vector<json::Value> cas, pins;
    for (const TrustedCa &ca : m_cas)
        cas.push_back(caToJson(ca));
    for (const Pin &p : m_pins)
        pins.push_back(pinToJson(p));
    const json::Value doc = json::Value::object({{str("format"), str(kFormat)},
                                                 {str("version"), 1},
                                                 {str("cas"), json::Value::array(cas)},
                                                 {str("pins"), json::Value::array(pins)}});
    if (auto dir = ensureDirectory(); !dir)
        return unexpected(dir.error());
    auto written = keyfiles::writeFile(m_path, json::serialize(doc) + '\n', true, true);
    if (!written)
        return unexpected(written.error().message);
    return std::move(written).value();
}

// A profile directory made here is private (0700), as Profile::ensure() makes it.
Expected<bool, QString> TrustStore::ensureDirectory() const {
    const QString dir = QFileInfo(m_path).absolutePath();
    if (QFileInfo(dir).isDir())
        return true;
    const bool made =
        QDir().mkpath(QFileInfo(dir).absolutePath()) &&
        QDir().mkdir(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Another program may have made it at the same moment.
    if (!made && !QFileInfo(dir).isDir())
        return unexpected(QDir::toNativeSeparators(dir) + str(": cannot create the directory"));
    return true;
}

Expected<QString, QString> TrustStore::update(const std::function<void(TrustStore &)> &change) {
    if (m_path.isEmpty()) {
        change(*this);
        return QString();
    }
    if (auto dir = ensureDirectory(); !dir)
        return unexpected(dir.error());
    QLockFile lock(m_path + str(".lock"));
    if (!lock.tryLock(10000))
        return unexpected(
            QDir::toNativeSeparators(m_path) +
            str(": another program keeps it locked (%1.lock)").arg(QFileInfo(m_path).fileName()));
    if (auto fresh = reload(); !fresh)
        return unexpected(fresh.error());
    change(*this);
    return save();
}

Expected<QString, QString> TrustStore::addCa(const cert::Certificate &ca, bool enabled,
                                             qint64 nowMs) {
    const cert::Verdict v = cert::validate(ca, nullptr, nowMs);
    if (!ca.isSelfSigned() || !v.valid)
        return unexpected(str("not a valid CA certificate: %1")
                              .arg(ca.isSelfSigned() ? v.message : str("not self-signed")));
    const QString id = caId(ca);
    for (const TrustedCa &c : std::as_const(m_cas)) {
        if (c.id == id)
            return unexpected(str("this CA is already in the trust store (id %1)").arg(id));
    }
    m_cas << TrustedCa{id, ca, enabled, false, nowMs};
    return id;
}

Expected<QString, QString> TrustStore::trustCa(const cert::Certificate &ca, qint64 nowMs) {
    const QString id = caId(ca);
    for (TrustedCa &c : m_cas) {
        if (c.id == id) {
            c.enabled = true;
            return id;
        }
    }
    return addCa(ca, true, nowMs);
}

Expected<int, QString> TrustStore::findCa(const QString &idOrName) const {
    const QString key = idOrName.trimmed();
    QList<int> byId, byName;
    for (int i = 0; i < m_cas.size(); ++i) {
        const TrustedCa &c = m_cas.at(i);
        if (c.id == key.toLower())
            return i;
        if (key.size() >= 4 && c.id.startsWith(key.toLower()))
            byId << i;
        if (c.cert.caName().compare(key, Qt::CaseInsensitive) == 0)
            byName << i;
    }
    const QList<int> &hits = byId.isEmpty() ? byName : byId;
    if (hits.size() == 1)
        return hits.first();
    if (hits.isEmpty())
        return unexpected(str("no trusted CA with id or name %1").arg(cert::displayText(key, 32)));
    return unexpected(str("%1 matches %2 CAs: give more of the id")
                          .arg(cert::displayText(key, 32))
                          .arg(hits.size()));
}

Expected<QString, QString> TrustStore::removeCa(const QString &idOrName) {
    auto i = findCa(idOrName);
    if (!i)
        return unexpected(i.error());
    if (m_cas.at(*i).builtIn)
        return unexpected(str("the reference root CA is built in and cannot be removed; disable "
                              "it instead"));
    return m_cas.takeAt(*i).id;
}

Expected<QString, QString> TrustStore::setCaEnabled(const QString &idOrName, bool enabled) {
    auto i = findCa(idOrName);
    if (!i)
        return unexpected(i.error());
    m_cas[*i].enabled = enabled;
    return m_cas.at(*i).id;
}

QList<cert::Certificate> TrustStore::enabledCas(qint64 nowMs) const {
    QList<cert::Certificate> list;
    for (const TrustedCa &c : m_cas) {
        if (c.enabled && expiryStatus(c.cert, nowMs) != ExpiryStatus::Expired)
            list << c.cert;
    }
    return list;
}

QString TrustStore::caId(const cert::Certificate &ca) {
    return ca.fingerprint().remove(QLatin1Char(' ')).toLower().left(16);
}

const TrustStore::Pin *TrustStore::pin(const QString &endpoint) const {
    for (const Pin &p : m_pins) {
        if (p.endpoint == endpoint)
            return &p;
    }
    return nullptr;
}

void TrustStore::setPin(const QString &endpoint, const QByteArray &publicKey, bool verified,
                        qint64 nowMs) {
    for (Pin &p : m_pins) {
        if (p.endpoint == endpoint) {
            p.verified = p.publicKey == publicKey ? (p.verified || verified) : verified;
            if (p.publicKey != publicKey)
                p.addedMs = nowMs;
            p.publicKey = publicKey;
            return;
        }
    }
    m_pins << Pin{endpoint, publicKey, verified, nowMs};
}

bool TrustStore::removePin(const QString &endpoint) {
    for (int i = 0; i < m_pins.size(); ++i) {
        if (m_pins.at(i).endpoint == endpoint) {
            m_pins.removeAt(i);
            return true;
        }
    }
    return false;
}

bool TrustStore::setVerified(const QString &endpoint, bool verified) {
    for (Pin &p : m_pins) {
        if (p.endpoint == endpoint) {
            p.verified = verified;
            return true;
        }
    }
    return false;
}

std::optional<QString> TrustStore::normalizeEndpoint(const QString &text) {
    QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    if (!t.contains(str("://")))
        t.prepend(str("ws://"));
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")) ||
        !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return std::nullopt;
    return endpointKey(url);
}

ExpiryStatus expiryStatus(const cert::Certificate &cert, qint64 nowMs) {
    if (cert.tteMs() <= nowMs)
        return ExpiryStatus::Expired;
    if (cert.tteMs() - nowMs < kExpiryWarningMs)
        return ExpiryStatus::ExpiresSoon;
    return ExpiryStatus::Valid;
}

QString expiryText(const cert::Certificate &cert, qint64 nowMs) {
    const QString date = dateOf(cert.tteMs());
    switch (expiryStatus(cert, nowMs)) {
    case ExpiryStatus::Expired:
        return str("expired %1").arg(date);
    case ExpiryStatus::ExpiresSoon: {
        const qint64 days = (cert.tteMs() - nowMs) / (24 * 3600 * 1000LL);
        return days < 1 ? str("expires %1 (in less than a day)").arg(date)
                        : str("expires %1 (in %2 days)").arg(date).arg(days);
    }
    case ExpiryStatus::Valid:
        break;
    }
    return str("valid until %1").arg(date);
}

} // namespace sws
