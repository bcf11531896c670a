#include "window/appsettings.h"

#include <QDir>
#include <QSettings>

namespace sws::ui {

QString RecentEntry::label() const {
    if (kind == Kind::Connect)
        return QStringLiteral("%1 (v%2)").arg(url).arg(version);
    return QStringLiteral("Host %1:%2%3 (v%4)")
        .arg(address, port ? QString::number(port) : QStringLiteral("any"), path)
        .arg(version);
}

bool RecentEntry::sameTarget(const RecentEntry &o) const {
    return kind == o.kind && url == o.url && address == o.address && port == o.port &&
           path == o.path && version == o.version;
}

AppSettings::AppSettings(const QString &filePath)
    : m_settings(filePath.isEmpty() ? std::make_unique<QSettings>()
                                    : std::make_unique<QSettings>(filePath, QSettings::IniFormat)) {
}

AppSettings::~AppSettings() = default;

QList<RecentEntry> AppSettings::recent() const {
    QList<RecentEntry> out;
    const int n = m_settings->beginReadArray(QStringLiteral("recent"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        RecentEntry e;
        auto v = [this](const char *key) { return m_settings->value(QLatin1String(key)); };
        e.kind = v("kind").toString() == QLatin1String("host") ? RecentEntry::Kind::Host
                                                               : RecentEntry::Kind::Connect;
        e.url = v("url").toString();
        e.address = v("address").toString();
        e.port = v("port").toInt();
        e.path = v("path").toString();
        e.version = v("version").toInt() == 2 ? 2 : 1;
        e.keyFile = v("keyFile").toString();
        e.certFile = v("certFile").toString();
        e.caFile = v("caFile").toString();
        e.requireCert = v("requireCert").toBool();
        e.relay = v("relay").toString();
        out << e;
    }
    m_settings->endArray();
    return out;
}

void AppSettings::addRecent(const RecentEntry &entry) {
    QList<RecentEntry> list = recent();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const RecentEntry &o) { return o.sameTarget(entry); }),
               list.end());
    list.prepend(entry);
    while (list.size() > kMaxRecent)
        list.removeLast();
    m_settings->remove(QStringLiteral("recent"));
    m_settings->beginWriteArray(QStringLiteral("recent"), static_cast<int>(list.size()));
    for (int i = 0; i < list.size(); ++i) {
        m_settings->setArrayIndex(i);
        const RecentEntry &e = list.at(i);
        auto set = [this](const char *key, const QVariant &value) {
            m_settings->setValue(QLatin1String(key), value);
        };
        set("kind",
            e.kind == RecentEntry::Kind::Host ? QStringLiteral("host") : QStringLiteral("connect"));
        set("url", e.url);
        set("address", e.address);
        set("port", e.port);
        set("path", e.path);
        set("version", e.version);
        set("keyFile", e.keyFile);
        set("certFile", e.certFile);
        set("caFile", e.caFile);
        set("requireCert", e.requireCert);
        set("relay", e.relay);
    }
    m_settings->endArray();
    m_settings->sync();
}

void AppSettings::clearRecent() {
    m_settings->remove(QStringLiteral("recent"));
    m_settings->sync();
}

QByteArray AppSettings::windowGeometry() const {
    return m_settings->value(QStringLiteral("window/geometry")).toByteArray();
}

QByteArray AppSettings::windowState() const {
    return m_settings->value(QStringLiteral("window/state")).toByteArray();
}

void AppSettings::setWindowLayout(const QByteArray &geometry, const QByteArray &state) {
    m_settings->setValue(QStringLiteral("window/geometry"), geometry);
    m_settings->setValue(QStringLiteral("window/state"), state);
}

QString AppSettings::lastDirectory() const {
    return m_settings->value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
}

void AppSettings::setLastDirectory(const QString &dir) {
    m_settings->setValue(QStringLiteral("lastDirectory"), dir);
}

QString AppSettings::fileName() const {
    return m_settings->fileName();
}

void AppSettings::sync() {
    m_settings->sync();
}

} // namespace sws::ui
