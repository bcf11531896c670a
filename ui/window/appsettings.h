#pragma once

#include <QList>
#include <QString>

#include <memory>

class QSettings;

namespace sws::ui {

// One remembered room or connection, as its dialog filled it in. Never holds key bytes: only
// the paths of the files they came from.
struct RecentEntry {
    enum class Kind { Connect, Host };
    Kind kind = Kind::Connect;
    QString url;     // Connect
    QString address; // Host
    int port = 0;
    QString path;
    int version = 1;
    QString keyFile; // box-kp.json; empty: fresh key pair
    QString certFile;
    QString caFile;
    bool requireCert = false;
    QString relay; // Host: "chat", "echo", "none"
    QString label() const;
    bool sameTarget(const RecentEntry &o) const;
};

// The app's settings: recent rooms and connections, window layout. Tests pass their own
// file so they never touch the user's settings.
class AppSettings {
public:
    static constexpr int kMaxRecent = 10;

    explicit AppSettings(const QString &filePath = {}); // empty: the platform location
    ~AppSettings();

    QList<RecentEntry> recent() const;
    void addRecent(const RecentEntry &e); // newest first, duplicates replaced
    void clearRecent();
    // "Nothing configured": no room or connection was ever set up through a dialog.
    bool hasConfiguration() const { return !recent().isEmpty(); }

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowLayout(const QByteArray &geometry, const QByteArray &state);
    QString lastDirectory() const;
    void setLastDirectory(const QString &dir);
    QString fileName() const;
    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace sws::ui
