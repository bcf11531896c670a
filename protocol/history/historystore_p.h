#pragma once

// Internals shared by historystore.cpp, historystore_chat.cpp and historystore_export.cpp: the
// Private struct (database, keys, sealing) and the helpers it uses. Not installed.
#include "crypto/crypto.h"
#include "history/historystore.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sodium.h>

#include <cstring>
#include <memory>

namespace sws {

namespace historystore_p {

inline QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

inline Unexpected<HistoryError> fail(HistoryError::Code code, const QString &message) {
    return unexpected(HistoryError{code, message});
}

inline constexpr int kPadBlock = 32;

} // namespace historystore_p

// Only the history store's own source files include this header.
using namespace historystore_p;

struct HistoryStore::Private {
    QString path;
    QString connection;
    QSqlDatabase db;
    SecretBuffer sealKey;
    SecretBuffer lookupKey;
    qint64 committed = 0; // transactions
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
        ++committed;
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

} // namespace sws
