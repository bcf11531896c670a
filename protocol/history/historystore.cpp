#include "history/historystore.h"

#include "crypto/crypto.h"
#include "history/historystore_p.h"
#include "profile/profile_p.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sodium.h>

namespace sws {

namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "swshist1";
constexpr quint64 kSealSubkey = 1;
constexpr quint64 kLookupSubkey = 2;
// Sealed in the meta table: the key is checked before anything else is read or written.
const QByteArray kKeyCheck = QByteArrayLiteral("sws-history-key-check");

QAtomicInteger<quint64> g_connections;

// Schema 2: the durable side of chat-ack/1 conversations. Counters in clear (random stream ids
// and sequence numbers), payloads sealed like every other value.
const char *const kSchema2[] = {
    "CREATE TABLE chat_state (conversation INTEGER PRIMARY KEY REFERENCES conversations(id) ON "
    "DELETE CASCADE, stream INTEGER NOT NULL, next_id INTEGER NOT NULL, next_seq INTEGER NOT "
    "NULL, peer_stream INTEGER NOT NULL, delivered INTEGER NOT NULL)",
    "CREATE TABLE outbox (conversation INTEGER NOT NULL REFERENCES conversations(id) ON DELETE "
    "CASCADE, id INTEGER NOT NULL, seq INTEGER NOT NULL, state INTEGER NOT NULL, message INTEGER "
    "REFERENCES messages(id) ON DELETE SET NULL, payload BLOB NOT NULL, PRIMARY KEY "
    "(conversation, id))",
};

// The header SQLite writes at the start of every database file
// (https://sqlite.org/fileformat2.html).
Expected<bool, HistoryError> checkFileHeader(const QString &path) {
    QFile f(path);
    if (!f.exists())
        return false;
    if (!f.open(QIODevice::ReadOnly))
        return fail(HistoryError::Code::Io,
                    str("cannot read %1: %2").arg(QDir::toNativeSeparators(path), f.errorString()));
    const qint64 size = f.size();
    if (size == 0)
        return false; // an empty file is an empty database
    const QByteArray h = f.read(100);
    const QString name = QDir::toNativeSeparators(path);
    if (h.size() < 100 || !h.startsWith(QByteArrayLiteral("SQLite format 3\0")))
        return fail(
            HistoryError::Code::Corrupt,
            str("%1 is not a history database (no SQLite header); it was left as it is").arg(name));
    const auto byte = [&h](int i) { return static_cast<quint32>(static_cast<quint8>(h.at(i))); };
    quint32 pageSize = (byte(16) << 8) | byte(17);
    if (pageSize == 1)
        pageSize = 65536;
    const quint32 pages = (byte(28) << 24) | (byte(29) << 16) | (byte(30) << 8) | byte(31);
    const quint32 changeCounter = (byte(24) << 24) | (byte(25) << 16) | (byte(26) << 8) | byte(27);
    const quint32 validFor = (byte(92) << 24) | (byte(93) << 16) | (byte(94) << 8) | byte(95);
    if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0 || size % pageSize != 0 ||
        (changeCounter == validFor && pages != 0 &&
         static_cast<quint64>(pages) * pageSize > static_cast<quint64>(size)))
        return fail(HistoryError::Code::Corrupt,
                    str("%1 is truncated or damaged; it was left as it is").arg(name));
    return true;
}

} // namespace

HistoryStore::HistoryStore(std::unique_ptr<Private> p)
    : d(std::move(p)) {}

HistoryStore::~HistoryStore() = default;

QString HistoryStore::path() const {
    return d->path;
}
qint64 HistoryStore::transactionsCommitted() const {
    return d->committed;
}

Expected<std::unique_ptr<HistoryStore>, HistoryError> HistoryStore::open(const QString &dir,
                                                                         const SecretBuffer &key) {
    ensureSodium();
    if (key.size() != kKeyBytes)
        return fail(HistoryError::Code::Invalid, str("the history key has 32 bytes"));
    QString dirError;
    if (!profile_p::makePrivateDir(dir, &dirError))
        return fail(HistoryError::Code::Io, dirError);
    auto p = std::make_unique<Private>();
    p->path = QDir(dir).filePath(fileName());
    const auto existing = checkFileHeader(p->path);
    if (!existing)
        return unexpected(existing.error());
    if (!QFileInfo::exists(p->path)) {
        // Owner only from the start; SQLite gives its -wal and -shm files the same mode.
        QFile f(p->path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
            !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return fail(HistoryError::Code::Io,
                        str("cannot create %1: %2")
                            .arg(QDir::toNativeSeparators(p->path), f.errorString()));
    }

    p->sealKey = SecretBuffer(crypto_secretbox_KEYBYTES);
    p->lookupKey = SecretBuffer(crypto_generichash_KEYBYTES);
    if (crypto_kdf_derive_from_key(p->sealKey.data(), p->sealKey.size(), kSealSubkey, kKdfContext,
                                   key.data()) != 0 ||
        crypto_kdf_derive_from_key(p->lookupKey.data(), p->lookupKey.size(), kLookupSubkey,
                                   kKdfContext, key.data()) != 0)
        return fail(HistoryError::Code::Crypto, str("key derivation failed"));

    p->connection = str("sws-history-%1").arg(++g_connections);
    p->db = QSqlDatabase::addDatabase(str("QSQLITE"), p->connection);
    if (!p->db.isValid())
        return fail(HistoryError::Code::Io,
                    str("the Qt SQLite driver (QSQLITE) is missing: install the Qt 6 SQLite "
                        "plugin (Debian: libqt6sql6-sqlite)"));
    p->db.setDatabaseName(p->path);
    p->db.setConnectOptions(str("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!p->db.open())
        return unexpected(p->sqlError(p->db.lastError(), "cannot open"));
    const QString name = QDir::toNativeSeparators(p->path);

    // Reads only, until the file is known to be ours, intact and of a schema we know.
    std::optional<int> version;
    if (*existing) {
        QSqlQuery check(p->db);
        if (!check.exec(str("PRAGMA quick_check")))
            return unexpected(p->sqlError(check.lastError(), "cannot check"));
        if (!check.next() || check.value(0).toString() != str("ok"))
            return fail(
                HistoryError::Code::Corrupt,
                str("%1 is damaged (integrity check failed); it was left as it is").arg(name));
        QSqlQuery meta(p->db);
        if (!meta.exec(str("SELECT value FROM meta WHERE name = 'schema'")) || !meta.next())
            return fail(HistoryError::Code::Corrupt,
                        str("%1 is not a history database (no schema version); it was left as "
                            "it is")
                            .arg(name));
        version = meta.value(0).toInt();
        if (*version > kSchemaVersion)
            return fail(HistoryError::Code::NewerSchema,
                        str("%1 was written by a newer version of this program (schema %2, this "
                            "one reads %3); it was left as it is: update the program")
                            .arg(name)
                            .arg(*version)
                            .arg(kSchemaVersion));
        if (*version < 1)
            return fail(HistoryError::Code::Corrupt,
                        str("%1 has an unknown schema version; it was left as it is").arg(name));
        QSqlQuery kc(p->db);
        if (!kc.exec(str("SELECT value FROM meta WHERE name = 'keycheck'")) || !kc.next())
            return fail(HistoryError::Code::Corrupt,
                        str("%1 has no key check; it was left as it is").arg(name));
        auto opened = p->open(kc.value(0).toByteArray());
        if (!opened || *opened != kKeyCheck)
            return fail(
                HistoryError::Code::WrongKey,
                str("the history key does not open %1 (a different key or profile)").arg(name));
    }

    if (auto r = p->exec(str("PRAGMA journal_mode=WAL"), "cannot switch to WAL"); !r)
        return unexpected(r.error());
    if (auto r = p->exec(str("PRAGMA synchronous=NORMAL"), "cannot set synchronous"); !r)
        return unexpected(r.error());
    if (auto r = p->exec(str("PRAGMA foreign_keys=ON"), "cannot enable foreign keys"); !r)
        return unexpected(r.error());
    // Deleted conversations are overwritten, not left in free pages.
    if (auto r = p->exec(str("PRAGMA secure_delete=ON"), "cannot set secure_delete"); !r)
        return unexpected(r.error());
    if (!*existing) {
        auto created = p->transaction<bool>([&]() -> Expected<bool, HistoryError> {
            const char *schema[] = {
                "CREATE TABLE meta (name TEXT PRIMARY KEY, value)",
                "CREATE TABLE contacts (id INTEGER PRIMARY KEY, lookup BLOB NOT NULL UNIQUE, "
                "peer_key BLOB NOT NULL, name BLOB, first_seen INTEGER, last_seen INTEGER, "
                "endpoints BLOB)",
                "CREATE TABLE conversations (id INTEGER PRIMARY KEY, lookup BLOB NOT NULL "
                "UNIQUE, kind INTEGER NOT NULL, ref BLOB NOT NULL)",
                "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation "
                "INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, direction "
                "INTEGER NOT NULL, sender BLOB, time INTEGER NOT NULL, state INTEGER NOT NULL, "
                "msgid BLOB, seq INTEGER, text BLOB)",
                "CREATE INDEX messages_by_conversation ON messages (conversation, id)",
            };
            for (const char *sql : schema) {
                if (auto r = p->exec(str(sql), "cannot create the tables"); !r)
                    return r;
            }
            for (const char *sql : kSchema2) {
                if (auto r = p->exec(str(sql), "cannot create the tables"); !r)
                    return r;
            }
            auto check = p->seal(kKeyCheck);
            if (!check)
                return unexpected(check.error());
            QSqlQuery q(p->db);
            q.prepare(str("INSERT INTO meta (name, value) VALUES ('schema', ?), ('keycheck', ?)"));
            q.addBindValue(kSchemaVersion);
            q.addBindValue(*check);
            return p->exec(q, "cannot write the schema version");
        });
        if (!created)
            return unexpected(created.error());
    } else if (*version < kSchemaVersion) {
        // 1 → 2: new tables; everything already kept stays as it is.
        auto migrated = p->transaction<bool>([&]() -> Expected<bool, HistoryError> {
            for (const char *sql : kSchema2) {
                if (auto r = p->exec(str(sql), "cannot upgrade the tables"); !r)
                    return r;
            }
            QSqlQuery q(p->db);
            q.prepare(str("UPDATE meta SET value = ? WHERE name = 'schema'"));
            q.addBindValue(kSchemaVersion);
            return p->exec(q, "cannot write the schema version");
        });
        if (!migrated)
            return unexpected(migrated.error());
    }
    return std::unique_ptr<HistoryStore>(new HistoryStore(std::move(p)));
}

Expected<qint64, HistoryError> HistoryStore::conversation(const Ref &ref) {
    return d->transaction<qint64>([&] { return d->conversationId(ref, true); });
}

Expected<qint64, HistoryError> HistoryStore::addMessage(const Ref &ref, const NewMessage &m) {
    return d->transaction<qint64>([&]() -> Expected<qint64, HistoryError> {
        auto conv = d->conversationId(ref, true);
        if (!conv)
            return conv;
        return d->insertMessage(*conv, m);
    });
}

Expected<QList<qint64>, HistoryError> HistoryStore::addMessages(const Ref &ref,
                                                                const QList<NewMessage> &messages) {
    return d->transaction<QList<qint64>>([&]() -> Expected<QList<qint64>, HistoryError> {
        auto conv = d->conversationId(ref, true);
        if (!conv)
            return unexpected(conv.error());
        QList<qint64> ids;
        ids.reserve(messages.size());
        for (const NewMessage &m : messages) {
            auto id = d->insertMessage(*conv, m);
            if (!id)
                return unexpected(id.error());
            ids << *id;
        }
        return ids;
    });
}

Expected<bool, HistoryError> HistoryStore::updateState(qint64 messageId, State state) {
    QSqlQuery q(d->db);
    q.prepare(str("UPDATE messages SET state = ? WHERE id = ?"));
    q.addBindValue(static_cast<int>(state));
    q.addBindValue(messageId);
    if (auto r = d->exec(q, "cannot update a message"); !r)
        return r;
    if (q.numRowsAffected() != 1)
        return fail(HistoryError::Code::NotFound, str("no message %1").arg(messageId));
    return true;
}

Expected<bool, HistoryError> HistoryStore::noteContact(const QByteArray &peerKey,
                                                       const QString &name, const QString &endpoint,
                                                       qint64 timeMs) {
    if (peerKey.size() != kBoxPublicKeyBytes)
        return fail(HistoryError::Code::Invalid, str("a peer key has 32 bytes"));
    return d->transaction<bool>([&]() -> Expected<bool, HistoryError> {
        auto h = d->lookup(Private::lookupInput(Ref::contact(peerKey)));
        if (!h)
            return unexpected(h.error());
        QSqlQuery q(d->db);
        q.prepare(str("SELECT id, name, first_seen, endpoints FROM contacts WHERE lookup = ?"));
        q.addBindValue(*h);
        if (auto r = d->exec(q, "cannot read contacts"); !r)
            return r;
        QString oldName;
        QStringList endpoints;
        qint64 first = timeMs;
        qint64 id = 0;
        if (q.next()) {
            id = q.value(0).toLongLong();
            auto n = d->openText(q.value(1));
            auto e = d->openText(q.value(3));
            if (!n)
                return unexpected(n.error());
            if (!e)
                return unexpected(e.error());
            oldName = *n;
            first = qMin(first, q.value(2).toLongLong());
            const QJsonArray arr = QJsonDocument::fromJson(e->toUtf8()).array();
            for (const QJsonValue &v : arr)
                endpoints << v.toString();
        }
        if (!endpoint.isEmpty() && !endpoints.contains(endpoint))
            endpoints << endpoint;
        auto sealedName = d->sealText(name.isEmpty() ? oldName : name);
        auto sealedEndpoints = d->seal(
            QJsonDocument(QJsonArray::fromStringList(endpoints)).toJson(QJsonDocument::Compact));
        auto sealedKey = d->seal(peerKey);
        if (!sealedName || !sealedEndpoints || !sealedKey)
            return fail(HistoryError::Code::Crypto, str("encryption failed"));
        QSqlQuery w(d->db);
        if (id == 0) {
            w.prepare(str("INSERT INTO contacts (lookup, peer_key, name, first_seen, last_seen, "
                          "endpoints) VALUES (?, ?, ?, ?, ?, ?)"));
            w.addBindValue(*h);
            w.addBindValue(*sealedKey);
        } else {
            w.prepare(str("UPDATE contacts SET name = ?, first_seen = ?, last_seen = "
                          "MAX(COALESCE(last_seen, 0), ?), endpoints = ? WHERE id = ?"));
        }
        w.addBindValue(*sealedName);
        w.addBindValue(first);
        w.addBindValue(timeMs);
        w.addBindValue(*sealedEndpoints);
        if (id != 0)
            w.addBindValue(id);
        return d->exec(w, "cannot write a contact");
    });
}

Expected<bool, HistoryError> HistoryStore::setContactName(const QByteArray &peerKey,
                                                          const QString &name) {
    if (peerKey.size() != kBoxPublicKeyBytes)
        return fail(HistoryError::Code::Invalid, str("a peer key has 32 bytes"));
    auto h = d->lookup(Private::lookupInput(Ref::contact(peerKey)));
    if (!h)
        return unexpected(h.error());
    auto sealed = d->sealText(name);
    if (!sealed)
        return fail(HistoryError::Code::Crypto, str("encryption failed"));
    QSqlQuery q(d->db);
    q.prepare(str("UPDATE contacts SET name = ? WHERE lookup = ?"));
    q.addBindValue(*sealed);
    q.addBindValue(*h);
    if (auto r = d->exec(q, "cannot write a contact"); !r)
        return r;
    if (q.numRowsAffected() < 1)
        return fail(HistoryError::Code::NotFound, str("no such contact"));
    return true;
}

Expected<QList<HistoryStore::Contact>, HistoryError> HistoryStore::contacts() {
    QSqlQuery q(d->db);
    q.prepare(str("SELECT peer_key, name, first_seen, last_seen, endpoints FROM contacts"));
    if (auto r = d->exec(q, "cannot read contacts"); !r)
        return unexpected(r.error());
    QList<Contact> list;
    while (q.next()) {
        Contact c;
        auto key = d->open(q.value(0).toByteArray());
        auto name = d->openText(q.value(1));
        auto endpoints = d->openText(q.value(4));
        if (!key)
            return unexpected(key.error());
        if (!name)
            return unexpected(name.error());
        if (!endpoints)
            return unexpected(endpoints.error());
        c.peerKey = *key;
        c.name = *name;
        c.firstSeenMs = q.value(2).toLongLong();
        c.lastSeenMs = q.value(3).toLongLong();
        for (const QJsonValue &v : QJsonDocument::fromJson(endpoints->toUtf8()).array())
            c.endpoints << v.toString();
        list << c;
    }
    return list;
}

Expected<QList<HistoryStore::Conversation>, HistoryError> HistoryStore::conversations() {
    QSqlQuery q(d->db);
    q.prepare(str("SELECT c.id, c.kind, c.ref, ct.name, "
                  "(SELECT COUNT(*) FROM messages m WHERE m.conversation = c.id), "
                  "(SELECT MAX(time) FROM messages m WHERE m.conversation = c.id) "
                  "FROM conversations c LEFT JOIN contacts ct ON ct.lookup = c.lookup"));
    if (auto r = d->exec(q, "cannot read conversations"); !r)
        return unexpected(r.error());
    QList<Conversation> list;
    while (q.next()) {
        Conversation c;
        c.id = q.value(0).toLongLong();
        c.kind = q.value(1).toInt() == 1 ? Kind::Room : Kind::Contact;
        auto ref = d->open(q.value(2).toByteArray());
        auto name = d->openText(q.value(3));
        if (!ref)
            return unexpected(ref.error());
        if (!name)
            return unexpected(name.error());
        if (c.kind == Kind::Contact) {
            c.peerKey = *ref;
            c.title = *name;
        } else {
            c.room = QString::fromUtf8(*ref);
            c.title = c.room;
        }
        c.count = q.value(4).toLongLong();
        c.lastTimeMs = q.value(5).toLongLong();
        list << c;
    }
    std::stable_sort(list.begin(), list.end(), [](const Conversation &a, const Conversation &b) {
        return a.lastTimeMs > b.lastTimeMs;
    });
    return list;
}

Expected<QList<HistoryStore::Message>, HistoryError>
HistoryStore::messages(qint64 conversation, qint64 beforeId, int limit) {
    QSqlQuery q(d->db);
    q.prepare(str("SELECT %1 FROM messages WHERE conversation = ? AND id < ? ORDER BY id DESC "
                  "LIMIT ?")
                  .arg(str(Private::kMessageColumns)));
    q.addBindValue(conversation);
    q.addBindValue(beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max());
    q.addBindValue(qMax(0, limit));
    if (auto r = d->exec(q, "cannot read messages"); !r)
        return unexpected(r.error());
    QList<Message> page;
    while (q.next()) {
        auto m = d->readMessage(q);
        if (!m)
            return unexpected(m.error());
        page.prepend(*m);
    }
    return page;
}

Expected<bool, HistoryError> HistoryStore::deleteConversation(qint64 conversation) {
    return d->transaction<bool>([&]() -> Expected<bool, HistoryError> {
        for (const char *sql : {"DELETE FROM outbox WHERE conversation = ?",
                                "DELETE FROM chat_state WHERE conversation = ?"}) {
            QSqlQuery o(d->db);
            o.prepare(str(sql));
            o.addBindValue(conversation);
            if (auto r = d->exec(o, "cannot delete a chat state"); !r)
                return r;
        }
        QSqlQuery m(d->db);
        m.prepare(str("DELETE FROM messages WHERE conversation = ?"));
        m.addBindValue(conversation);
        if (auto r = d->exec(m, "cannot delete messages"); !r)
            return r;
        QSqlQuery c(d->db);
        c.prepare(str("DELETE FROM conversations WHERE id = ?"));
        c.addBindValue(conversation);
        if (auto r = d->exec(c, "cannot delete a conversation"); !r)
            return r;
        if (c.numRowsAffected() != 1)
            return fail(HistoryError::Code::NotFound, str("no conversation %1").arg(conversation));
        return true;
    });
}

Expected<bool, HistoryError> HistoryStore::clear() {
    auto r = d->transaction<bool>([&]() -> Expected<bool, HistoryError> {
        for (const char *sql :
             {"DELETE FROM outbox", "DELETE FROM chat_state", "DELETE FROM messages",
              "DELETE FROM conversations", "DELETE FROM contacts"}) {
            if (auto e = d->exec(str(sql), "cannot clear the history"); !e)
                return e;
        }
        return true;
    });
    if (!r)
        return r;
    // The deleted ciphertext stays in free pages and the WAL until they are reused: give the
    // space back and checkpoint so that the file shrinks.
    if (auto v = d->exec(str("VACUUM"), "cannot compact"); !v)
        return v;
    return d->exec(str("PRAGMA wal_checkpoint(TRUNCATE)"), "cannot checkpoint");
}

QString HistoryStore::stateName(State s) {
    switch (s) {
    case State::Queued:
        return str("queued");
    case State::Sent:
        return str("sent");
    case State::Failed:
        return str("failed");
    case State::Received:
        return str("received");
    case State::Delivered:
        return str("delivered");
    }
    return str("unknown");
}

} // namespace sws
