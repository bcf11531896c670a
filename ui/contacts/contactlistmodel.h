#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace sws {
class HistoryStore;
class TrustService;
} // namespace sws

namespace sws::ui {

class AppSettings;

// The people and rooms the history knows: every contact (a peer's key, its name, where and when
// it was met, whether a pinned key of the trust store is verified) and every room conversation,
// each with its count of unread messages, the latest activity first.
//
// Unread: incoming messages newer than the conversation's last read message (AppSettings, by
// conversation row id). The shown conversation (setShownConversation: the one an active window
// shows) is read as messages arrive. refresh() reads the store and the trust store again.
class ContactListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        KindRole = Qt::UserRole + 1, // Kind
        PeerKeyRole,                 // contacts: the 32-byte key
        NameRole,                    // the name given, or empty
        FingerprintRole,             // contacts: fingerprint() of the key
        VerifiedRole,                // contacts: a verified pin holds this key
        FirstSeenRole,               // ms since the epoch; 0 when unknown
        LastSeenRole,
        EndpointsRole,    // QStringList
        ConversationRole, // the history's conversation id; 0: none yet
        UnreadRole,       // int
        SearchTextRole,   // what the search field matches: name, fingerprint, endpoints
    };
    enum class Kind { Contact, Room };
    Q_ENUM(Kind)

    struct Entry {
        Kind kind = Kind::Contact;
        QByteArray peerKey; // Contact
        QString name;       // Contact: as named; Room: the room's name
        qint64 firstSeenMs = 0;
        qint64 lastSeenMs = 0;
        QStringList endpoints;
        qint64 conversation = 0;
        qint64 count = 0;
        qint64 lastTimeMs = 0;
        qint64 lastMessageId = 0;
        int unread = 0;
        bool verified = false;
        QString title() const; // what the list shows
        QString fingerprint() const;
        bool sameAs(const Entry &o) const;
    };

    // store, trust and settings must outlive the model.
    ContactListModel(HistoryStore *store, TrustService &trust, AppSettings *settings,
                     QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    const Entry &entry(int row) const { return m_entries.at(row); }
    int rowOfKey(const QByteArray &peerKey) const;    // -1: not a contact
    int rowOfConversation(qint64 conversation) const; // -1: none
    int unreadTotal() const;
    // Names the contact (empty: no name); false with errorString() when the store refuses.
    bool rename(int row, const QString &name);
    QString errorString() const { return m_error; }

public Q_SLOTS:
    void refresh();
    // The conversation an active window shows now (0: none): it is read, now and as messages
    // arrive.
    void setShownConversation(qint64 conversation);

Q_SIGNALS:
    void unreadChanged(int total);

private:
    void markRead(Entry &e);
    int countUnread(const Entry &e);
    qint64 lastRead(qint64 conversation) const;

    HistoryStore *m_store;
    TrustService &m_trust;
    AppSettings *m_settings;
    QList<Entry> m_entries;
    qint64 m_shown = 0;
    struct Counted {
        qint64 read = 0; // the last read id the count was made for
        qint64 upTo = 0; // the newest message counted
        int count = 0;
    };
    QHash<qint64, Counted> m_counted; // conversation → its unread count so far
    QString m_error;
};

} // namespace sws::ui
