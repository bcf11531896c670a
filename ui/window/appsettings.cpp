#include "window/appsettings.h"

#include <QDir>
#include <QSettings>

#include <algorithm>

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

QList<SavedRoom> AppSettings::rooms() const {
    QList<SavedRoom> out;
    const int n = m_settings->beginReadArray(QStringLiteral("rooms"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        auto v = [this](const char *key) { return m_settings->value(QLatin1String(key)); };
        SavedRoom r;
        r.title = v("title").toString();
        r.identity = v("identity").toString();
        r.address = v("address").toString();
        r.port = v("port").toInt();
        r.path = v("path").toString();
        r.version = v("version").toInt() == 2 ? 2 : 1;
        r.cas = v("cas").toStringList();
        r.requireCert = v("requireCert").toBool();
        r.relay = v("relay").toString();
        r.openAtStart = m_settings->value(QStringLiteral("openAtStart"), true).toBool();
        out << r;
    }
    m_settings->endArray();
    return out;
}

void AppSettings::writeRooms(const QList<SavedRoom> &rooms) {
    m_settings->remove(QStringLiteral("rooms"));
    m_settings->beginWriteArray(QStringLiteral("rooms"), static_cast<int>(rooms.size()));
    for (int i = 0; i < rooms.size(); ++i) {
        m_settings->setArrayIndex(i);
        const SavedRoom &r = rooms.at(i);
        auto set = [this](const char *key, const QVariant &value) {
            m_settings->setValue(QLatin1String(key), value);
        };
        set("title", r.title);
        set("identity", r.identity);
        set("address", r.address);
        set("port", r.port);
        set("path", r.path);
        set("version", r.version);
        set("cas", r.cas);
        set("requireCert", r.requireCert);
        set("relay", r.relay);
        set("openAtStart", r.openAtStart);
    }
    m_settings->endArray();
    m_settings->sync();
}

void AppSettings::saveRoom(const SavedRoom &room) {
    QList<SavedRoom> list = rooms();
    const auto it = std::find_if(list.begin(), list.end(),
                                 [&](const SavedRoom &o) { return o.sameRoom(room); });
    if (it != list.end())
        *it = room;
    else
        list << room;
    writeRooms(list);
}

void AppSettings::forgetRoom(const SavedRoom &room) {
    QList<SavedRoom> list = rooms();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const SavedRoom &o) { return o.sameRoom(room); }),
               list.end());
    writeRooms(list);
}

QList<SavedServer> AppSettings::servers() const {
    QList<SavedServer> out;
    const int n = m_settings->beginReadArray(QStringLiteral("servers"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        auto v = [this](const char *key) { return m_settings->value(QLatin1String(key)); };
        SavedServer s;
        s.title = v("title").toString();
        s.url = v("url").toString();
        s.identity = v("identity").toString();
        s.version = v("version").toInt() == 2 ? 2 : 1;
        s.cas = v("cas").toStringList();
        s.openAtStart = m_settings->value(QStringLiteral("openAtStart"), true).toBool();
        out << s;
    }
    m_settings->endArray();
    return out;
}

void AppSettings::writeServers(const QList<SavedServer> &servers) {
    m_settings->remove(QStringLiteral("servers"));
    m_settings->beginWriteArray(QStringLiteral("servers"), static_cast<int>(servers.size()));
    for (int i = 0; i < servers.size(); ++i) {
        m_settings->setArrayIndex(i);
        const SavedServer &s = servers.at(i);
        auto set = [this](const char *key, const QVariant &value) {
            m_settings->setValue(QLatin1String(key), value);
        };
        set("title", s.title);
        set("url", s.url);
        set("identity", s.identity);
        set("version", s.version);
        set("cas", s.cas);
        set("openAtStart", s.openAtStart);
    }
    m_settings->endArray();
    m_settings->sync();
}

void AppSettings::saveServer(const SavedServer &server) {
    QList<SavedServer> list = servers();
    const auto it = std::find_if(list.begin(), list.end(),
                                 [&](const SavedServer &o) { return o.url == server.url; });
    if (it != list.end())
        *it = server;
    else
        list << server;
    writeServers(list);
}

void AppSettings::forgetServer(const QString &url) {
    QList<SavedServer> list = servers();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const SavedServer &o) { return o.url == url; }),
               list.end());
    writeServers(list);
}

bool AppSettings::askBeforeQuit() const {
    return m_settings->value(QStringLiteral("askBeforeQuit"), true).toBool();
}

void AppSettings::setAskBeforeQuit(bool ask) {
    m_settings->setValue(QStringLiteral("askBeforeQuit"), ask);
    m_settings->sync();
}

qint64 AppSettings::lastRead(qint64 conversation) const {
    return m_settings->value(QStringLiteral("lastRead/%1").arg(conversation)).toLongLong();
}

void AppSettings::setLastRead(qint64 conversation, qint64 messageId) {
    m_settings->setValue(QStringLiteral("lastRead/%1").arg(conversation), messageId);
}

std::optional<qint64> AppSettings::unreadBaseline() const {
    const QVariant v = m_settings->value(QStringLiteral("unread/baseline"));
    if (!v.isValid())
        return std::nullopt;
    return v.toLongLong();
}

void AppSettings::setUnreadBaseline(qint64 messageId) {
    m_settings->setValue(QStringLiteral("unread/baseline"), messageId);
}

void AppSettings::clearLastRead() {
    m_settings->remove(QStringLiteral("lastRead"));
}

bool AppSettings::showNotifications() const {
    return m_settings->value(QStringLiteral("notifications/show"), true).toBool();
}

void AppSettings::setShowNotifications(bool show) {
    m_settings->setValue(QStringLiteral("notifications/show"), show);
    m_settings->sync();
}

bool AppSettings::showMessageText() const {
    return m_settings->value(QStringLiteral("notifications/messageText"), true).toBool();
}

void AppSettings::setShowMessageText(bool show) {
    m_settings->setValue(QStringLiteral("notifications/messageText"), show);
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
