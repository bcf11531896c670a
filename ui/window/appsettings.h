#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

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

// A room the app hosts and opens again at start: its key is the profile identity `identity`
// (never key bytes here), its port the one it listened on.
struct SavedRoom {
    QString title;
    QString identity;
    QString address;
    int port = 0;
    QString path;
    int version = 1;
    QStringList cas; // version 2: the profile's CAs trusted for client certificates
    bool requireCert = false;
    QString relay = QStringLiteral("chat"); // "chat", "echo", "none"
    bool openAtStart = true;
    bool sameRoom(const SavedRoom &o) const { return address == o.address && port == o.port; }
};

// A server the app joined and joins again at start. identity: the profile identity it joined
// with; empty: a fresh key pair each time.
struct SavedServer {
    QString title;
    QString url;
    QString identity;
    int version = 1;
    QStringList cas; // version 2: the profile's CAs trusted for the server's certificate
    bool openAtStart = true;
};

// The app's settings: rooms and servers it opens at start, recent dialogs, window layout. They
// live in the profile directory (settings.ini), so that two profiles are two users; tests pass
// their own file so they never touch the user's settings.
class AppSettings {
public:
    static constexpr int kMaxRecent = 10;

    explicit AppSettings(const QString &filePath = {}); // empty: the platform location
    ~AppSettings();

    QList<RecentEntry> recent() const;
    void addRecent(const RecentEntry &e); // newest first, duplicates replaced
    void clearRecent();
    // "Nothing configured": no room or connection was ever set up or remembered.
    bool hasConfiguration() const {
        return !recent().isEmpty() || !rooms().isEmpty() || !servers().isEmpty();
    }

    // Rooms and servers the app opens again at start; saving one with the same address
    // (rooms) or URL (servers) replaces it.
    QList<SavedRoom> rooms() const;
    void saveRoom(const SavedRoom &room);
    void forgetRoom(const SavedRoom &room);
    QList<SavedServer> servers() const;
    void saveServer(const SavedServer &server);
    void forgetServer(const QString &url);

    // Quitting with live rooms asks first, unless this is off.
    bool askBeforeQuit() const;
    void setAskBeforeQuit(bool ask);

    // Unread counts: per conversation (its history row id, never a key or a name) the id of
    // the last message read; 0 when unknown. The baseline: conversations without an entry count
    // what came after it (the newest message when unread counts began), so history from before
    // does not show as unread; nullopt until it is set once.
    qint64 lastRead(qint64 conversation) const;
    void setLastRead(qint64 conversation, qint64 messageId);
    std::optional<qint64> unreadBaseline() const;
    void setUnreadBaseline(qint64 messageId);
    void clearLastRead(); // every conversation's entry (a history made anew)
    // A desktop notification for a message that arrives while the window is not active (on
    // by default), and with the message's text in it (on by default; off: "New message").
    bool showNotifications() const;
    void setShowNotifications(bool show);
    bool showMessageText() const;
    void setShowMessageText(bool show);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowLayout(const QByteArray &geometry, const QByteArray &state);
    QString lastDirectory() const;
    void setLastDirectory(const QString &dir);
    QString fileName() const;
    void sync();

private:
    void writeRooms(const QList<SavedRoom> &rooms);
    void writeServers(const QList<SavedServer> &servers);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace sws::ui
