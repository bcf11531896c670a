#pragma once

#include "cert/naclcert.h"
#include "contacts/contactlistmodel.h"
#include "crypto/crypto.h"
#include "crypto/expected.h"
#include "window/startoptions.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QDockWidget;
class QListView;
class QLabel;
class QFrame;
class QPushButton;
class QStackedWidget;
class QTimer;
class QMenu;
class QSystemTrayIcon;

namespace sws {
class HistoryStore;
class TrustService;
} // namespace sws

namespace sws::ui {

class AppSettings;
class ClientConnection;
class Connection;
class ConnectionListModel;
class ConnectionView;
class HistoryConnection;
class HistoryExportDialog;
class HistorySearchDialog;
class ContactListView;
class HostedRoom;
class Notifier;
struct ClientOptions;
struct RoomOptions;
struct SavedRoom;
struct SavedServer;

// The desktop app's window: connections on the side, the selected one's chat, peer,
// handshake and traffic in the middle, its state in the status bar.
//
// First start (nothing configured): start() hosts a demo room on 127.0.0.1 (its key the
// profile's "demo-room" identity) and shows a "Join this room" banner; one click joins it from
// this app with a fresh key. Later starts open the rooms and servers it remembers
// (AppSettings::rooms(), servers()) whose "open at start" is on.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // trust: the program's profile and trust store (made by main; must outlive the window).
    explicit MainWindow(TrustService &trust, StartOptions options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Remembered rooms and servers, the first-start demo, --join, --say, --tab and a
    // transcript to open.
    void start();

    // Listens and selects it; null if it cannot. With options.remember (and an identity) the
    // room is saved and opened again at the next start, on the port it listens on now.
    HostedRoom *hostRoom(RoomOptions options);
    // Joins as given (the caller sets the session's verifier). options.remember saves it.
    ClientConnection *connectTo(ClientOptions options);
    // connectTo() with the profile's pinned keys (policy ask), as Connect… does.
    ClientConnection *joinServer(ClientOptions options);
    ClientConnection *joinRoom(HostedRoom *room); // from this app, fresh key
    // mainwindow_invite.cpp: joins the room an invitation link names with a fresh key, accepting
    // only the link's key, which is pinned as verified once secured. Null, with *error and a
    // status bar message, for a link that does not decode or a v2 CA this profile lacks.
    ClientConnection *joinInvitation(const QString &link, QString *error = nullptr);
    void showInviteDialog(); // Invite… for the selected hosted room
    void showJoinInvitationDialog(const QString &link = {});
    HostedRoom *demoRoom() const;
    void joinDemoRoom();

    bool exportTranscript(Connection *c, const QString &path, QString *error);
    Connection *openTranscript(const QString &path, QString *error);

    // mainwindow_history.cpp: keeps every joined server's and hosted room's chat in store
    // (which must outlive the window), those open now and those opened later, and shows the
    // last messages of each again when it is opened. The first-start demo room is not kept.
    void setHistory(HistoryStore *store);
    HistoryStore *history() const { return m_history; }
    // Why there is no history this run, in the status bar.
    void historyUnavailable(const QString &why);
    // mainwindow_historymenu.cpp: the History menu. The dialogs are non-modal (deleted on
    // close); the functions without a dialog return false with *error, changing nothing.
    HistorySearchDialog *showHistorySearch();
    HistoryExportDialog *showHistoryExport();
    // Opens the conversation (its open chat, else a read-only one) with the message paged in,
    // scrolled to and selected.
    bool openStoredMessage(qint64 conversation, qint64 messageId, QString *error);
    bool deleteConversation(Connection *c, QString *error); // and empties its chats
    bool clearHistory(QString *error);                      // every conversation; chats emptied
    void askDeleteConversation(); // the selected one, after a confirmation
    void askClearHistory();       // after a confirmation
    QAction *searchHistoryAction() const { return m_searchHistoryAction; }
    QAction *exportHistoryAction() const { return m_exportHistoryAction; }
    QAction *deleteConversationAction() const { return m_deleteConversationAction; }
    QAction *clearHistoryAction() const { return m_clearHistoryAction; }
    // The contact list (a dock): people by their key and rooms, from the history; its model is
    // null until setHistory(). A joined server's chat is the conversation with its key once
    // secured; a hosted room's is the room's, and each member is noted as a contact.
    ContactListView *contactList() const { return m_contactsView; }
    ContactListModel *contactModel() const { return m_contactModel; }
    QDockWidget *contactsDock() const { return m_contactsDock; }
    // The history conversation c's chat is kept in; 0: none (yet).
    qint64 conversationOf(Connection *c) const;
    // Shows a contact's or room's conversation: its open connection, else its saved server
    // (connecting), else its kept messages read-only. The connection shown; null if none.
    Connection *openConversation(const ContactListModel::Entry &entry);
    // Reads the contacts and unread counts again (also after writing what the chats wait to
    // write); the window does this itself as messages come, sessions secure and it activates.
    void refreshContacts();
    // A history is on its way (setHistory() or historyUnavailable() follows): joined servers
    // wait for it before they dial, so that their saved conversations go on where they were.
    void expectHistory();

    Connection *current() const;
    void select(Connection *c);
    ConnectionListModel *connections() const { return m_connections; }
    ConnectionView *view() const { return m_view; }
    QListView *connectionList() const { return m_list; }
    QFrame *welcomeBanner() const { return m_banner; }
    QLabel *statusLabel() const { return m_status; }
    AppSettings *settings() const { return m_settings.get(); }

    QAction *hostAction() const { return m_hostAction; }
    QAction *connectAction() const { return m_connectAction; }
    QAction *joinAction() const { return m_joinAction; }
    QAction *inviteAction() const { return m_inviteAction; }
    QAction *joinInvitationAction() const { return m_joinInvitationAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *openAction() const { return m_openAction; }
    QAction *closeAction() const { return m_closeAction; }
    QAction *openAtStartAction() const { return m_openAtStartAction; }
    // mainwindow_notify.cpp: desktop notifications (View menu: on/off, with or without text).
    Notifier *notifier() const { return m_notifier; }
    QAction *showNotificationsAction() const { return m_notifyAction; }
    QAction *showMessageTextAction() const { return m_notifyTextAction; }
    // Shows the window (raised, not minimized) with c's chat; what clicking a notification does.
    void showConversation(Connection *c);

    static const char *const kDemoIdentity; // the profile identity of the demo room

protected:
    void closeEvent(QCloseEvent *e) override;
    void changeEvent(QEvent *e) override;

private:
    // mainwindow.cpp: layout, selection, status
    QWidget *buildSidebar();
    QWidget *buildEmptyPage();
    void onSelectionChanged();
    void updateStatus();
    void scheduleStatus(); // updateStatus() within 100 ms
    void updateActions();
    void updateBanner();
    int addConnection(Connection *c);
    // mainwindow_actions.cpp: menus, dialogs, files
    void buildActions();
    void showHostDialog();
    void showConnectDialog();
    void showExportDialog();
    void showOpenDialog();
    void rebuildRecentMenu();
    void openRecent(int index);
    void closeCurrent();
    void removeCurrent();
    void showAbout();
    // --intercept: the demo room joined through a paused Intercept window, one message edited.
    void joinDemoThroughIntercept();
    void sayWhenSecured(ClientConnection *c, const QStringList &messages);
    // mainwindow_saved.cpp: remembered rooms and servers, quitting
    // The profile identity's key pair; create: made and saved (unprotected) when missing.
    Expected<BoxKeyPair, QString> profileKey(const QString &name, bool create);
    QList<cert::Certificate> profileCas(const QStringList &names, QString *error) const;
    void restoreSaved();
    HostedRoom *openSavedRoom(const SavedRoom &saved, QString *error);
    ClientConnection *openSavedServer(const SavedServer &saved, QString *error);
    void rememberRoom(HostedRoom *room);
    static SavedServer savedServerFor(const ClientOptions &options);
    void rememberServer(ClientConnection *c, const SavedServer &saved); // once secured
    std::optional<SavedRoom> savedRoom(HostedRoom *room) const;
    std::optional<SavedServer> savedServer(ClientConnection *c) const;
    std::optional<bool> opensAtStart(Connection *c) const; // nullopt: not remembered
    void setOpensAtStart(Connection *c, bool open);
    void forget(Connection *c);
    int liveRooms() const;
    bool askBeforeClosing();           // true: close now; false: asking (or asked) first
    void recordHistory(Connection *c); // mainwindow_history.cpp
    void buildHistoryMenu();           // mainwindow_historymenu.cpp
    void updateHistoryActions();
    void showHistoryError(const QString &title, const QString &text);
    void keepChat(Connection *c, const QByteArray &peerKey, const QString &room);
    // A stored conversation on its own, read-only (paged like any kept chat); null with *error.
    HistoryConnection *openKept(qint64 conversation, const QString &title, QString *error);
    void noteContact(const QByteArray &key, const QString &name, const QString &endpoint);
    void scheduleContactsRefresh();
    void updateShownConversation(); // the contact list's read conversation
    // Writes what the chats and their journals wait to write, before the store is read whole.
    void keepWhatWaits();
    // mainwindow_notify.cpp
    void buildNotifications(QMenu *menu);
    void watchForNotifications(Connection *c);
    void flushNotifications();
    void notifyWithoutService(quint64 token, const QString &summary, const QString &body);

    TrustService &m_trust;
    StartOptions m_options;
    std::unique_ptr<AppSettings> m_settings;
    ConnectionListModel *m_connections;
    QListView *m_list;
    ConnectionView *m_view;
    QStackedWidget *m_stack;
    QFrame *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_joinButton;
    QLabel *m_status;
    QLabel *m_statusDot;
    QTimer *m_statusTimer;
    QMenu *m_recentMenu = nullptr;
    HistoryStore *m_history = nullptr;
    QDockWidget *m_contactsDock;
    ContactListView *m_contactsView;
    ContactListModel *m_contactModel = nullptr;
    QTimer *m_contactsTimer;
    bool m_historyExpected = false;
    QPointer<HostedRoom> m_demoRoom;
    bool m_demoJoined = false;
    QAction *m_hostAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_joinAction = nullptr;
    QAction *m_inviteAction = nullptr;
    QAction *m_joinInvitationAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_openAtStartAction = nullptr;
    bool m_quitConfirmed = false;
    QAction *m_searchHistoryAction = nullptr;
    QAction *m_exportHistoryAction = nullptr;
    QAction *m_deleteConversationAction = nullptr;
    QAction *m_clearHistoryAction = nullptr;
    // Notifications: messages waiting for the next flush, per conversation; the conversation
    // of each notification shown; the tray when no notification service answers.
    struct PendingNote {
        QPointer<Connection> connection;
        QString text;
        int count = 0;
    };
    Notifier *m_notifier = nullptr;
    QTimer *m_notifyTimer = nullptr;
    QHash<Connection *, PendingNote> m_pendingNotes;
    QHash<quint64, QPointer<Connection>> m_notified;
    QSystemTrayIcon *m_tray = nullptr;
    quint64 m_trayToken = 0;
    bool m_notifyUnavailableSaid = false;
    bool m_restoringHistory = false; // rows put back from the history are not new messages
    QAction *m_notifyAction = nullptr;
    QAction *m_notifyTextAction = nullptr;
};

} // namespace sws::ui
