#include "contacts/contactlistmodel.h"

#include "crypto/crypto.h"
#include "history/historystore.h"
#include "trust/trustservice.h"
#include "window/appsettings.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>

#include <algorithm>

namespace sws::ui {

namespace {

constexpr int kPage = 200;
constexpr int kMaxUnread = 999; // counting stops there: "999+" says enough
const QString kHostedPrefix = QStringLiteral("hosted room ");

QString when(qint64 ms) {
    if (ms <= 0)
        return ContactListModel::tr("unknown");
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace

QString ContactListModel::Entry::fingerprint() const {
    return kind == Kind::Contact && peerKey.size() == kBoxPublicKeyBytes ? sws::fingerprint(peerKey)
                                                                         : QString();
}

QString ContactListModel::Entry::title() const {
    if (kind == Kind::Room) {
        // A hosted room is kept under its own key: its fingerprint reads better than hex.
        if (name.startsWith(kHostedPrefix)) {
            const QByteArray key = QByteArray::fromHex(name.mid(kHostedPrefix.size()).toLatin1());
            if (key.size() == kBoxPublicKeyBytes)
                return tr("Hosted room %1").arg(sws::fingerprint(key));
        }
        return name;
    }
    return name.isEmpty() ? fingerprint() : name;
}

bool ContactListModel::Entry::sameAs(const Entry &o) const {
    if (kind != o.kind)
        return false;
    return kind == Kind::Contact ? peerKey == o.peerKey : conversation == o.conversation;
}

ContactListModel::ContactListModel(HistoryStore *store, TrustService &trust, AppSettings *settings,
                                   QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
    , m_trust(trust)
    , m_settings(settings) {
    refresh();
}

int ContactListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant ContactListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        QString text = e.title();
        if (e.verified)
            text += QStringLiteral(" ✓");
        if (e.unread > 0)
            text += QStringLiteral("  (%1)").arg(
                e.unread >= kMaxUnread ? tr("%1+").arg(kMaxUnread) : QString::number(e.unread));
        return text;
    }
    case Qt::EditRole:
        return e.kind == Kind::Contact ? e.name : e.title();
    case Qt::FontRole: {
        QFont f;
        f.setBold(e.unread > 0);
        return f;
    }
    case Qt::AccessibleTextRole:
        return e.unread > 0 ? tr("%1, %n unread", nullptr, e.unread).arg(e.title()) : e.title();
    case Qt::ToolTipRole: {
        if (e.kind == Kind::Room)
            return tr("Room %1\nLast message: %2").arg(e.title(), when(e.lastTimeMs));
        return tr("%1\nFingerprint: %2%3\nFirst seen: %4\nLast seen: %5\nSeen at: %6")
            .arg(e.title(), e.fingerprint(), e.verified ? tr(" (verified)") : QString(),
                 when(e.firstSeenMs), when(e.lastSeenMs), e.endpoints.join(QStringLiteral(", ")));
    }
    case KindRole:
        return QVariant::fromValue(e.kind);
    case PeerKeyRole:
        return e.peerKey;
    case NameRole:
        return e.name;
    case FingerprintRole:
        return e.fingerprint();
    case VerifiedRole:
        return e.verified;
    case FirstSeenRole:
        return e.firstSeenMs;
    case LastSeenRole:
        return e.lastSeenMs;
    case EndpointsRole:
        return e.endpoints;
    case ConversationRole:
        return e.conversation;
    case UnreadRole:
        return e.unread;
    case SearchTextRole:
        return QStringList{e.title(), e.name, e.fingerprint(), e.endpoints.join(QLatin1Char(' '))}
            .join(QLatin1Char('\n'));
    default:
        return {};
    }
}

Qt::ItemFlags ContactListModel::flags(const QModelIndex &index) const {
    Qt::ItemFlags f = QAbstractListModel::flags(index);
    if (index.isValid() && index.row() < m_entries.size() &&
        m_entries.at(index.row()).kind == Kind::Contact)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ContactListModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole || !index.isValid())
        return false;
    return rename(index.row(), value.toString());
}

bool ContactListModel::rename(int row, const QString &name) {
    if (row < 0 || row >= m_entries.size() || m_entries.at(row).kind != Kind::Contact)
        return false;
    const QString trimmed = name.trimmed();
    auto r = m_store->setContactName(m_entries.at(row).peerKey, trimmed);
    if (!r) {
        m_error = r.error().message;
        return false;
    }
    m_entries[row].name = trimmed;
    Q_EMIT dataChanged(index(row), index(row));
    return true;
}

int ContactListModel::rowOfKey(const QByteArray &peerKey) const {
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).kind == Kind::Contact && m_entries.at(i).peerKey == peerKey)
            return i;
    return -1;
}

int ContactListModel::rowOfConversation(qint64 conversation) const {
    if (conversation <= 0)
        return -1;
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).conversation == conversation)
            return i;
    return -1;
}

int ContactListModel::unreadTotal() const {
    int n = 0;
    for (const Entry &e : m_entries)
        n += e.unread;
    return n;
}

qint64 ContactListModel::lastRead(qint64 conversation) const {
    return qMax(m_settings->lastRead(conversation), m_settings->unreadBaseline().value_or(0));
}

void ContactListModel::markRead(Entry &e) {
    e.unread = 0;
    if (e.conversation > 0 && e.lastMessageId > m_settings->lastRead(e.conversation))
        m_settings->setLastRead(e.conversation, e.lastMessageId);
}

// Pages back from the newest message until one was read or counted already (message ids only
// grow): a refresh while messages stream in decrypts only the new ones.
int ContactListModel::countUnread(const Entry &e) {
    if (e.conversation <= 0 || e.lastMessageId <= 0)
        return 0;
    const qint64 read = lastRead(e.conversation);
    if (e.lastMessageId <= read) {
        m_counted.remove(e.conversation);
        return 0;
    }
    Counted known = m_counted.value(e.conversation);
    if (known.read != read || known.upTo > e.lastMessageId)
        known = {read, read, 0};
    int unread = known.count;
    qint64 before = 0;
    while (unread < kMaxUnread && e.lastMessageId > known.upTo) {
        auto page = m_store->messages(e.conversation, before, kPage);
        if (!page || page->isEmpty())
            break;
        for (const HistoryStore::Message &m : std::as_const(*page))
            if (m.id > known.upTo && m.direction == HistoryStore::Direction::Incoming)
                ++unread;
        if (page->first().id <= known.upTo || page->size() < kPage)
            break;
        before = page->first().id;
    }
    unread = qMin(unread, kMaxUnread);
    m_counted.insert(e.conversation, {read, e.lastMessageId, unread});
    return unread;
}

void ContactListModel::refresh() {
    if (!m_store)
        return;
    auto contacts = m_store->contacts();
    auto conversations = m_store->conversations();
    if (!contacts || !conversations) {
        m_error = !contacts ? contacts.error().message : conversations.error().message;
        return;
    }
    m_error.clear();
    const auto trust = m_trust.snapshot();
    QList<Entry> entries;
    for (const HistoryStore::Contact &c : std::as_const(*contacts)) {
        Entry e;
        e.kind = Kind::Contact;
        e.peerKey = c.peerKey;
        e.name = c.name;
        e.firstSeenMs = c.firstSeenMs;
        e.lastSeenMs = c.lastSeenMs;
        e.endpoints = c.endpoints;
        for (const TrustStore::Pin &p : trust->pins())
            e.verified = e.verified || (p.verified && p.publicKey == c.peerKey);
        entries << e;
    }
    qint64 newest = 0;
    for (const HistoryStore::Conversation &c : std::as_const(*conversations)) {
        Entry *e = nullptr;
        if (c.kind == HistoryStore::Kind::Contact) {
            const auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry &x) {
                return x.kind == Kind::Contact && x.peerKey == c.peerKey;
            });
            if (it == entries.end()) { // a conversation with a peer never noted (an import)
                Entry n;
                n.peerKey = c.peerKey;
                entries << n;
                e = &entries.last();
            } else {
                e = &*it;
            }
        } else {
            Entry n;
            n.kind = Kind::Room;
            n.name = c.room;
            entries << n;
            e = &entries.last();
        }
        e->conversation = c.id;
        e->count = c.count;
        e->lastTimeMs = c.lastTimeMs;
        if (c.count > 0) {
            auto last = m_store->messages(c.id, 0, 1);
            if (last && !last->isEmpty())
                e->lastMessageId = last->first().id;
        }
        newest = qMax(newest, e->lastMessageId);
    }
    // The first time: what the history holds already was read before unread counts existed.
    // Message ids only grow in one database: a baseline past the newest message is another
    // history's (the file was made anew), whose read marks mean nothing here.
    if (!m_settings->unreadBaseline() || *m_settings->unreadBaseline() > newest) {
        if (m_settings->unreadBaseline())
            m_settings->clearLastRead();
        m_settings->setUnreadBaseline(newest);
        m_counted.clear();
    }
    for (Entry &e : entries) {
        if (m_shown > 0 && e.conversation == m_shown)
            markRead(e);
        else
            e.unread = countUnread(e);
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return qMax(a.lastSeenMs, a.lastTimeMs) > qMax(b.lastSeenMs, b.lastTimeMs);
    });

    const int before = unreadTotal();
    bool same = entries.size() == m_entries.size();
    for (int i = 0; same && i < entries.size(); ++i)
        same = entries.at(i).sameAs(m_entries.at(i));
    if (same) {
        m_entries = entries;
        if (!m_entries.isEmpty())
            Q_EMIT dataChanged(index(0), index(static_cast<int>(m_entries.size()) - 1));
    } else {
        beginResetModel();
        m_entries = entries;
        endResetModel();
    }
    if (unreadTotal() != before)
        Q_EMIT unreadChanged(unreadTotal());
}

void ContactListModel::setShownConversation(qint64 conversation) {
    m_shown = conversation;
    const int row = rowOfConversation(conversation);
    if (row < 0)
        return;
    const int before = unreadTotal();
    markRead(m_entries[row]);
    Q_EMIT dataChanged(index(row), index(row));
    if (unreadTotal() != before)
        Q_EMIT unreadChanged(unreadTotal());
}

} // namespace sws::ui
