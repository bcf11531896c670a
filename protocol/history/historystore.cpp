#include "history/historystore.h"

#include "crypto/crypto.h"
#include "profile/profile_p.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sodium.h>

namespace sws {

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

Unexpected<HistoryError> fail(HistoryError::Code code, const QString &message) {
    return unexpected(HistoryError{code, message});
}

constexpr int kPadBlock = 32;
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

// SQLite integers are signed: 64-bit counters are stored as their bit pattern.
qint64 toSql(quint64 v) {
    return static_cast<qint64>(v);
}
quint64 fromSql(const QVariant &v) {
    return static_cast<quint64>(v.toLongLong());
}

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

// One line of text whatever a peer sent: backslash, line breaks and other control characters
// (a terminal's escape sequences) are written as escapes.
QString escapeControls(const QString &in) {
    QString out;
    out.reserve(in.size());
    for (const QChar c : in) {
        const char16_t u = c.unicode();
        if (u == '\\')
            out += str("\\\\");
        else if (u == '\n')
            out += str("\\n");
        else if (u == '\r')
            out += str("\\r");
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            out += str("\\x%1").arg(static_cast<int>(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

struct HistoryStore::Private {
    QString path;
    QString connection;
    QSqlDatabase db;
    SecretBuffer sealKey;
    SecretBuffer lookupKey;
    std::unique_ptr<QSqlQuery> insertQuery;

    ~Private() {
        insertQuery.reset();
        db.close();
        db = QSqlDatabase();
        if (!connection.isEmpty())
            QSqlDatabase::removeDatabase(connection);
    }

    HistoryError sqlError(const QSqlError &e, const char *what) const {
        const QString text = e.text();
        const bool corrupt = text.contains(str("malformed")) ||
                             text.contains(str("not a database")) ||
                             e.nativeErrorCode() == str("11") || e.nativeErrorCode() == str("26");
        return HistoryError{
            corrupt ? HistoryError::Code::Corrupt : HistoryError::Code::Io,
            str("%1 (%2): %3").arg(str(what), QDir::toNativeSeparators(path), text)};
    }

    Expected<QByteArray, HistoryError> seal(const QByteArray &plain) const {
        // Padding hides the exact length of short values (names, short messages).
        const size_t unpadded = static_cast<size_t>(plain.size());
        QByteArray padded(static_cast<qsizetype>(unpadded + kPadBlock), '\0');
        std::memcpy(padded.data(), plain.constData(), unpadded);
        size_t paddedLen = 0;
        if (sodium_pad(&paddedLen, reinterpret_cast<unsigned char *>(padded.data()), unpadded,
                       kPadBlock, static_cast<size_t>(padded.size())) != 0)
            return fail(HistoryError::Code::Crypto, str("padding failed"));
        QByteArray out(static_cast<qsizetype>(crypto_secretbox_NONCEBYTES + paddedLen +
                                              crypto_secretbox_MACBYTES),
                       '\0');
        auto *o = reinterpret_cast<unsigned char *>(out.data());
        randombytes_buf(o, crypto_secretbox_NONCEBYTES);
        const int rc = crypto_secretbox_easy(o + crypto_secretbox_NONCEBYTES,
                                             reinterpret_cast<const unsigned char *>(padded.data()),
                                             paddedLen, o, sealKey.data());
        sodium_memzero(padded.data(), static_cast<size_t>(padded.size()));
        if (rc != 0)
            return fail(HistoryError::Code::Crypto, str("encryption failed"));
        return out;
    }
    Expected<QByteArray, HistoryError> sealText(const QString &s) const { return seal(s.toUtf8()); }

    Expected<QByteArray, HistoryError> open(const QByteArray &sealed) const {
        const qsizetype minimum = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
        if (sealed.size() < minimum)
            return fail(HistoryError::Code::Crypto,
                        str("a sealed value in %1 is too short (damaged)")
                            .arg(QDir::toNativeSeparators(path)));
        const auto *in = reinterpret_cast<const unsigned char *>(sealed.constData());
        QByteArray plain(sealed.size() - minimum, '\0');
        if (crypto_secretbox_open_easy(
                reinterpret_cast<unsigned char *>(plain.data()), in + crypto_secretbox_NONCEBYTES,
                static_cast<unsigned long long>(sealed.size() - crypto_secretbox_NONCEBYTES), in,
                sealKey.data()) != 0)
            return fail(HistoryError::Code::Crypto,
                        str("a value in %1 does not decrypt (altered or a different key)")
                            .arg(QDir::toNativeSeparators(path)));
        size_t len = 0;
        if (sodium_unpad(&len, reinterpret_cast<const unsigned char *>(plain.constData()),
                         static_cast<size_t>(plain.size()), kPadBlock) != 0)
            return fail(HistoryError::Code::Crypto,
                        str("a value in %1 has bad padding").arg(QDir::toNativeSeparators(path)));
        plain.truncate(static_cast<qsizetype>(len));
        return plain;
    }
    Expected<QString, HistoryError> openText(const QVariant &v) const {
        if (v.isNull())
            return QString();
        auto p = open(v.toByteArray());
        if (!p)
            return unexpected(p.error());
        return QString::fromUtf8(*p);
    }

    Expected<QByteArray, HistoryError> lookup(const QByteArray &data) const {
        QByteArray out(32, '\0');
        if (crypto_generichash(reinterpret_cast<unsigned char *>(out.data()), 32,
                               reinterpret_cast<const unsigned char *>(data.constData()),
                               static_cast<unsigned long long>(data.size()), lookupKey.data(),
                               lookupKey.size()) != 0)
            return fail(HistoryError::Code::Crypto, str("hashing failed"));
        return out;
    }
    static QByteArray lookupInput(const Ref &ref) {
        return ref.kind == Kind::Contact ? QByteArrayLiteral("contact:") + ref.peerKey
                                         : QByteArrayLiteral("room:") + ref.room.toUtf8();
    }

    Expected<bool, HistoryError> exec(QSqlQuery &q, const char *what) const {
        if (!q.exec())
            return unexpected(sqlError(q.lastError(), what));
        return true;
    }
    Expected<bool, HistoryError> exec(const QString &sql, const char *what) const {
        QSqlQuery q(db);
        if (!q.exec(sql))
            return unexpected(sqlError(q.lastError(), what));
        return true;
    }

    // Runs body inside one transaction; rolled back when it fails.
    template <typename T, typename F> Expected<T, HistoryError> transaction(F &&body) {
        if (!db.transaction())
            return unexpected(sqlError(db.lastError(), "cannot start a transaction"));
        auto r = body();
        if (!r) {
            db.rollback();
            return r;
        }
        if (!db.commit()) {
            const HistoryError e = sqlError(db.lastError(), "cannot commit");
            db.rollback();
            return unexpected(e);
        }
        return r;
    }

    Expected<qint64, HistoryError> conversationId(const Ref &ref, bool create) {
        if (ref.kind == Kind::Contact && ref.peerKey.size() != kBoxPublicKeyBytes)
            return fail(HistoryError::Code::Invalid, str("a peer key has 32 bytes"));
        if (ref.kind == Kind::Room && ref.room.isEmpty())
            return fail(HistoryError::Code::Invalid, str("a room needs a name"));
        auto h = lookup(lookupInput(ref));
        if (!h)
            return unexpected(h.error());
        QSqlQuery q(db);
        q.prepare(str("SELECT id FROM conversations WHERE lookup = ?"));
        q.addBindValue(*h);
        if (auto r = exec(q, "cannot read conversations"); !r)
            return unexpected(r.error());
        if (q.next())
            return q.value(0).toLongLong();
        if (!create)
            return fail(HistoryError::Code::NotFound, str("no such conversation"));
        auto sealedRef = ref.kind == Kind::Contact ? seal(ref.peerKey) : sealText(ref.room);
        if (!sealedRef)
            return unexpected(sealedRef.error());
        QSqlQuery ins(db);
        ins.prepare(str("INSERT INTO conversations (lookup, kind, ref) VALUES (?, ?, ?)"));
        ins.addBindValue(*h);
        ins.addBindValue(static_cast<int>(ref.kind));
        ins.addBindValue(*sealedRef);
        if (auto r = exec(ins, "cannot add a conversation"); !r)
            return unexpected(r.error());
        return ins.lastInsertId().toLongLong();
    }

    Expected<qint64, HistoryError> insertMessage(qint64 conv, const NewMessage &m) {
        auto sender = sealText(m.sender);
        auto text = sealText(m.text);
        auto mid = sealText(m.messageId);
        if (!sender || !text || !mid)
            return fail(HistoryError::Code::Crypto, str("encryption failed"));
        // Prepared once: preparing costs more than the insert itself.
        if (!insertQuery) {
            insertQuery = std::make_unique<QSqlQuery>(db);
            if (!insertQuery->prepare(str("INSERT INTO messages (conversation, direction, "
                                          "sender, time, state, msgid, seq, text) VALUES (?, ?, "
                                          "?, ?, ?, ?, ?, ?)"))) {
                const HistoryError e = sqlError(insertQuery->lastError(), "cannot add a message");
                insertQuery.reset();
                return unexpected(e);
            }
        }
        QSqlQuery &q = *insertQuery;
        q.bindValue(0, conv);
        q.bindValue(1, static_cast<int>(m.direction));
        q.bindValue(2, *sender);
        q.bindValue(3, m.timeMs);
        q.bindValue(4, static_cast<int>(m.state));
        q.bindValue(5, *mid);
        q.bindValue(6, m.seq);
        q.bindValue(7, *text);
        if (auto r = exec(q, "cannot add a message"); !r)
            return unexpected(r.error());
        const qint64 id = q.lastInsertId().toLongLong();
        q.finish();
        return id;
    }

    static constexpr const char *kMessageColumns =
        "id, conversation, direction, sender, time, state, msgid, seq, text";
    Expected<Message, HistoryError> readMessage(const QSqlQuery &q) const {
        Message m;
        m.id = q.value(0).toLongLong();
        m.conversation = q.value(1).toLongLong();
        m.direction = q.value(2).toInt() == 1 ? Direction::Outgoing : Direction::Incoming;
        const int state = q.value(5).toInt();
        m.state = state >= 0 && state <= 4 ? static_cast<State>(state) : State::Failed;
        m.timeMs = q.value(4).toLongLong();
        m.seq = q.value(7).toLongLong();
        auto sender = openText(q.value(3));
        auto mid = openText(q.value(6));
        auto text = openText(q.value(8));
        if (!sender)
            return unexpected(sender.error());
        if (!mid)
            return unexpected(mid.error());
        if (!text)
            return unexpected(text.error());
        m.sender = *sender;
        m.messageId = *mid;
        m.text = *text;
        return m;
    }
};

HistoryStore::HistoryStore(std::unique_ptr<Private> p)
    : d(std::move(p)) {}

HistoryStore::~HistoryStore() = default;

QString HistoryStore::path() const {
    return d->path;
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

Expected<QList<HistoryStore::Message>, HistoryError> HistoryStore::search(const QString &text) {
    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    q.prepare(str("SELECT %1 FROM messages ORDER BY id").arg(str(Private::kMessageColumns)));
    if (auto r = d->exec(q, "cannot read messages"); !r)
        return unexpected(r.error());
    QList<Message> found;
    while (q.next()) {
        auto m = d->readMessage(q);
        if (!m)
            return unexpected(m.error());
        if (m->text.contains(text, Qt::CaseInsensitive))
            found << *m;
    }
    return found;
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

Expected<bool, HistoryError> HistoryStore::moveConversation(const Ref &from, const Ref &to) {
    return d->transaction<bool>([&]() -> Expected<bool, HistoryError> {
        auto source = d->conversationId(from, false);
        if (!source)
            return source.error().code == HistoryError::Code::NotFound
                       ? Expected<bool, HistoryError>(true)
                       : unexpected(source.error());
        auto target = d->conversationId(to, true);
        if (!target)
            return unexpected(target.error());
        if (*source == *target)
            return true;
        const auto run = [&](const char *sql, const char *what) {
            QSqlQuery q(d->db);
            q.prepare(str(sql));
            q.addBindValue(*target);
            q.addBindValue(*source);
            return d->exec(q, what);
        };
        if (auto r = run("UPDATE messages SET conversation = ? WHERE conversation = ?",
                         "cannot move messages");
            !r)
            return r;
        QSqlQuery has(d->db);
        has.prepare(str("SELECT 1 FROM chat_state WHERE conversation = ?"));
        has.addBindValue(*target);
        if (auto r = d->exec(has, "cannot read a chat state"); !r)
            return r;
        if (has.next())
            return false; // two saved streams cannot become one: from keeps its own
        for (const char *sql : {"UPDATE chat_state SET conversation = ? WHERE conversation = ?",
                                "UPDATE outbox SET conversation = ? WHERE conversation = ?"})
            if (auto r = run(sql, "cannot move a chat state"); !r)
                return r;
        QSqlQuery del(d->db);
        del.prepare(str("DELETE FROM conversations WHERE id = ?"));
        del.addBindValue(*source);
        if (auto r = d->exec(del, "cannot delete a conversation"); !r)
            return r;
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

Expected<std::optional<HistoryStore::ChatSaved>, HistoryError>
HistoryStore::chatState(const Ref &ref) {
    auto conv = d->conversationId(ref, false);
    if (!conv) {
        if (conv.error().code == HistoryError::Code::NotFound)
            return std::optional<ChatSaved>();
        return unexpected(conv.error());
    }
    QSqlQuery q(d->db);
    q.prepare(str("SELECT stream, next_id, next_seq, peer_stream, delivered FROM chat_state "
                  "WHERE conversation = ?"));
    q.addBindValue(*conv);
    if (auto r = d->exec(q, "cannot read a chat state"); !r)
        return unexpected(r.error());
    if (!q.next())
        return std::optional<ChatSaved>();
    ChatSaved saved;
    saved.state.stream = fromSql(q.value(0));
    saved.state.nextId = fromSql(q.value(1));
    saved.state.nextSeq = fromSql(q.value(2));
    saved.state.peerStream = fromSql(q.value(3));
    saved.state.delivered = fromSql(q.value(4));
    QSqlQuery o(d->db);
    o.setForwardOnly(true);
    o.prepare(str("SELECT id, seq, state, message, payload FROM outbox WHERE conversation = ? "
                  "ORDER BY id"));
    o.addBindValue(*conv);
    if (auto r = d->exec(o, "cannot read the outbox"); !r)
        return unexpected(r.error());
    while (o.next()) {
        OutboxEntry e;
        e.id = fromSql(o.value(0));
        e.seq = fromSql(o.value(1));
        e.state = o.value(2).toInt() == int(State::Sent) ? State::Sent : State::Queued;
        e.message = o.value(3).toLongLong();
        auto payload = d->open(o.value(4).toByteArray());
        if (!payload)
            return unexpected(payload.error());
        e.payload = *payload;
        saved.outbox << e;
    }
    return std::optional<ChatSaved>(std::move(saved));
}

Expected<HistoryStore::ChatApplied, HistoryError> HistoryStore::applyChat(const Ref &ref,
                                                                          const ChatUpdate &u) {
    if (!u.queuedRecords.isEmpty() && u.queuedRecords.size() != u.queued.size())
        return fail(HistoryError::Code::Invalid, str("one record for each queued message"));
    return d->transaction<ChatApplied>([&]() -> Expected<ChatApplied, HistoryError> {
        auto conv = d->conversationId(ref, true);
        if (!conv)
            return unexpected(conv.error());
        ChatApplied applied;
        QSqlQuery st(d->db);
        st.prepare(str("INSERT OR REPLACE INTO chat_state (conversation, stream, next_id, "
                       "next_seq, peer_stream, delivered) VALUES (?, ?, ?, ?, ?, ?)"));
        st.addBindValue(*conv);
        st.addBindValue(toSql(u.state.stream));
        st.addBindValue(toSql(u.state.nextId));
        st.addBindValue(toSql(u.state.nextSeq));
        st.addBindValue(toSql(u.state.peerStream));
        st.addBindValue(toSql(u.state.delivered));
        if (auto r = d->exec(st, "cannot write a chat state"); !r)
            return unexpected(r.error());
        if (u.replace) {
            QSqlQuery del(d->db);
            del.prepare(str("DELETE FROM outbox WHERE conversation = ?"));
            del.addBindValue(*conv);
            if (auto r = d->exec(del, "cannot replace the outbox"); !r)
                return unexpected(r.error());
        }
        for (int i = 0; i < u.queued.size(); ++i) {
            const OutboxEntry &e = u.queued.at(i);
            qint64 record = e.message;
            if (!u.queuedRecords.isEmpty()) {
                auto id = d->insertMessage(*conv, u.queuedRecords.at(i));
                if (!id)
                    return unexpected(id.error());
                record = *id;
                applied.queuedRecords << record;
            }
            auto sealed = d->seal(e.payload);
            if (!sealed)
                return unexpected(sealed.error());
            QSqlQuery q(d->db);
            q.prepare(str("INSERT INTO outbox (conversation, id, seq, state, message, payload) "
                          "VALUES (?, ?, ?, ?, ?, ?)"));
            q.addBindValue(*conv);
            q.addBindValue(toSql(e.id));
            q.addBindValue(toSql(e.seq));
            q.addBindValue(static_cast<int>(e.state));
            q.addBindValue(record > 0 ? QVariant(record)
                                      : QVariant(QMetaType(QMetaType::LongLong)));
            q.addBindValue(*sealed);
            if (auto r = d->exec(q, "cannot add to the outbox"); !r)
                return unexpected(r.error());
        }
        for (const OutboxChange &c : u.changes) {
            QSqlQuery m(d->db);
            m.prepare(str("UPDATE messages SET state = ? WHERE id = (SELECT message FROM outbox "
                          "WHERE conversation = ? AND id = ?)"));
            m.addBindValue(static_cast<int>(c.state));
            m.addBindValue(*conv);
            m.addBindValue(toSql(c.id));
            if (auto r = d->exec(m, "cannot update a message"); !r)
                return unexpected(r.error());
            QSqlQuery q(d->db);
            q.prepare(c.settled
                          ? str("DELETE FROM outbox WHERE conversation = ? AND id = ?")
                          : str("UPDATE outbox SET state = ? WHERE conversation = ? AND id = ?"));
            if (!c.settled)
                q.addBindValue(static_cast<int>(c.state));
            q.addBindValue(*conv);
            q.addBindValue(toSql(c.id));
            if (auto r = d->exec(q, "cannot update the outbox"); !r)
                return unexpected(r.error());
        }
        for (const NewMessage &m : u.received) {
            auto id = d->insertMessage(*conv, m);
            if (!id)
                return unexpected(id.error());
            applied.receivedRecords << *id;
        }
        return applied;
    });
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

Expected<QByteArray, HistoryError> HistoryStore::exportConversation(qint64 conversation,
                                                                    ExportFormat format) {
    auto all = conversations();
    if (!all)
        return unexpected(all.error());
    const auto it = std::find_if(all->cbegin(), all->cend(),
                                 [&](const Conversation &c) { return c.id == conversation; });
    if (it == all->cend())
        return fail(HistoryError::Code::NotFound, str("no conversation %1").arg(conversation));
    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    q.prepare(str("SELECT %1 FROM messages WHERE conversation = ? ORDER BY id")
                  .arg(str(Private::kMessageColumns)));
    q.addBindValue(conversation);
    if (auto r = d->exec(q, "cannot read messages"); !r)
        return unexpected(r.error());
    const auto iso = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
    };
    QJsonArray messages;
    QByteArray text;
    while (q.next()) {
        auto m = d->readMessage(q);
        if (!m)
            return unexpected(m.error());
        if (format == ExportFormat::Text) {
            text += str("%1  %2: %3\n")
                        .arg(iso(m->timeMs), escapeControls(m->sender), escapeControls(m->text))
                        .toUtf8();
        } else {
            messages.append(QJsonObject{
                {str("time"), iso(m->timeMs)},
                {str("timeMs"), static_cast<double>(m->timeMs)},
                {str("direction"),
                 m->direction == Direction::Outgoing ? str("outgoing") : str("incoming")},
                {str("sender"), m->sender},
                {str("state"), stateName(m->state)},
                {str("id"), m->messageId},
                {str("seq"), static_cast<double>(m->seq)},
                {str("text"), m->text},
            });
        }
    }
    if (format == ExportFormat::Text)
        return text;
    QJsonObject conv{{str("kind"), it->kind == Kind::Room ? str("room") : str("contact")},
                     {str("title"), it->title},
                     {str("count"), static_cast<double>(it->count)}};
    if (it->kind == Kind::Contact)
        conv.insert(str("peerKey"), toHex(it->peerKey));
    else
        conv.insert(str("room"), it->room);
    return QJsonDocument(QJsonObject{{str("conversation"), conv}, {str("messages"), messages}})
        .toJson(QJsonDocument::Indented);
}

} // namespace sws
