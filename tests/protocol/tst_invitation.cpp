// Invitation links: encode/decode round trips, and every malformed form refused with its own
// error (a mistyped, truncated or crafted link never yields a key to trust).
#include "crypto/crypto.h"
#include "trust/invitation.h"

#include <QTest>

#include <sodium.h>

using namespace sws;

Q_DECLARE_METATYPE(sws::InvitationError)
Q_DECLARE_METATYPE(sws::Invitation)

namespace {

QString str(const char *latin1) {
    return QString::fromLatin1(latin1);
}

QByteArray key(char fill = 'k') {
    return QByteArray(kBoxPublicKeyBytes, fill);
}

Invitation sample() {
    Invitation inv;
    inv.url = QUrl(str("ws://192.168.1.20:8080/chat"));
    inv.version = 1;
    inv.serverKey = key();
    inv.title = str("Kitchen table");
    return inv;
}

QByteArray sum4(const QByteArray &data) {
    unsigned char h[crypto_generichash_BYTES_MIN];
    if (crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char *>(data.constData()),
                           static_cast<unsigned long long>(data.size()), nullptr, 0) != 0)
        qFatal("crypto_generichash failed");
    return QByteArray(reinterpret_cast<const char *>(h), 4);
}

QByteArray field(const QByteArray &b) {
    return char(b.size()) + b;
}

// A link built by hand: header, the given body, a correct checksum unless told otherwise. The
// length field counts what is written unless lengthDelta shifts it.
QString rawLink(const QByteArray &body, int lengthDelta = 0, int format = 1) {
    const int total = 3 + body.size() + 4 + lengthDelta;
    QByteArray p;
    p.append(char(format)).append(char(total >> 8)).append(char(total & 0xff)).append(body);
    p.append(sum4(p));
    return str("sws-invite:1/") + QString::fromLatin1(p.toBase64(QByteArray::Base64UrlEncoding |
                                                                 QByteArray::OmitTrailingEquals));
}

QByteArray body(int version, const QByteArray &k, const QByteArray &ca, const QByteArray &url,
                const QByteArray &title) {
    return char(version) + field(k) + field(ca) + field(url) + field(title);
}

QString flipChar(QString link, int fromEnd) {
    const int i = link.size() - fromEnd;
    link[i] = link[i] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    return link;
}

} // namespace

class tst_Invitation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(sodium_init() >= 0); }

    void roundTrip_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("version");
        QTest::addColumn<QByteArray>("ca");
        QTest::addColumn<QString>("title");
        QTest::newRow("v1 LAN address")
            << str("ws://192.168.1.20:8080/chat") << 1 << QByteArray() << str("Kitchen table");
        QTest::newRow("v1 no title, root path")
            << str("ws://127.0.0.1:9000/") << 1 << QByteArray() << QString();
        QTest::newRow("v2 with CA") << str("ws://host.example:443/rooms/a?x=1") << 2
                                    << QByteArray(10, '\x5a') << str("Team");
        QTest::newRow("v2 without CA")
            << str("ws://[::1]:8080/") << 2 << QByteArray() << str("ipv6");
        QTest::newRow("unicode title") << str("ws://10.0.0.2:1/") << 1 << QByteArray()
                                       << QStringLiteral("Grüße 你好 🙂");
        QTest::newRow("longest title")
            << str("ws://10.0.0.2:1/") << 1 << QByteArray() << QString(255, QLatin1Char('t'));
    }
    void roundTrip() {
        QFETCH(QString, url);
        QFETCH(int, version);
        QFETCH(QByteArray, ca);
        QFETCH(QString, title);
        Invitation inv;
        inv.url = QUrl(url);
        inv.version = version;
        inv.serverKey = randomBytes(kBoxPublicKeyBytes);
        inv.caFingerprint = ca;
        inv.title = title;
        const QString link = encode(inv);
        QVERIFY(link.startsWith(str("sws-invite:1/")));
        // URL-safe: nothing a chat program or mailer would escape, wrap at or drop.
        for (QChar c : link)
            QVERIFY2(c.isLetterOrNumber() || QStringLiteral("-_:/").contains(c), qPrintable(link));
        const auto back = decode(link);
        QVERIFY2(back, back ? "" : qPrintable(invitationErrorString(back.error())));
        QCOMPARE(back->url, inv.url);
        QCOMPARE(back->version, version);
        QCOMPARE(back->serverKey, inv.serverKey);
        QCOMPARE(back->caFingerprint, ca);
        QCOMPARE(back->title, title);
    }

    void pastedForms() {
        const QString link = encode(sample());
        // Line-wrapped by a mail program, in angle brackets, upper-case scheme.
        QString wrapped = link;
        wrapped.insert(30, str("\n  "));
        for (const QString &form :
             {wrapped, QLatin1Char('<') + link + QLatin1Char('>'), str("  ") + link + str("\n"),
              str("SWS-INVITE") + link.mid(10), link + str("."),
              QStringLiteral("(\u201c") + link + QStringLiteral("\u201d).")}) {
            const auto inv = decode(form);
            QVERIFY2(inv, qPrintable(form));
            QCOMPARE(inv->serverKey, key());
        }
        QVERIFY(isInvitationLink(link));
        QVERIFY(!isInvitationLink(str("ws://127.0.0.1:1/")));
    }

    void malformed_data() {
        QTest::addColumn<QString>("link");
        QTest::addColumn<InvitationError>("error");
        const QString good = encode(sample());
        const QByteArray url = "127.0.0.1:8080/";
        using E = InvitationError;
        QTest::newRow("plain URL") << str("ws://127.0.0.1:8080/") << E::NotAnInvitation;
        QTest::newRow("empty") << QString() << E::NotAnInvitation;
        QTest::newRow("other scheme") << str("sws-invitation:1/AAAA") << E::NotAnInvitation;
        QTest::newRow("no format") << str("sws-invite:") << E::Truncated;
        QTest::newRow("unknown link format") << str("sws-invite:2/AAAA") << E::UnknownFormat;
        QTest::newRow("unknown payload format")
            << rawLink(body(1, key(), {}, url, {}), 0, 7) << E::UnknownFormat;
        QTest::newRow("percent in payload") << good + str("%20") << E::BadCharacters;
        QTest::newRow("standard base64 +")
            << good.left(20) + str("+") + good.mid(21) << E::BadCharacters;
        QTest::newRow("format not a number") << str("sws-invite:x/AAAA") << E::BadCharacters;
        QTest::newRow("truncated by one") << good.left(good.size() - 1) << E::Truncated;
        QTest::newRow("truncated to half") << good.left(good.size() / 2) << E::Truncated;
        QTest::newRow("only the header") << str("sws-invite:1/AQ") << E::Truncated;
        QTest::newRow("empty payload") << str("sws-invite:1/") << E::Truncated;
        QTest::newRow("last char changed") << flipChar(good, 1) << E::ChecksumMismatch;
        QTest::newRow("key char changed") << flipChar(good, 30) << E::ChecksumMismatch;
        QTest::newRow("pasted twice") << good + good.mid(13) << E::TrailingData;
        QTest::newRow("fields shorter than the length")
            << rawLink(body(1, key(), {}, url, {}) + "xx") << E::TrailingData;
        QTest::newRow("field runs past the end")
            << rawLink(char(1) + field(key()) + QByteArray(1, char(0)) + QByteArray(1, char(200)) +
                       url)
            << E::Truncated;
        QTest::newRow("protocol version 3")
            << rawLink(body(3, key(), {}, url, {})) << E::UnknownVersion;
        QTest::newRow("protocol version 0")
            << rawLink(body(0, key(), {}, url, {})) << E::UnknownVersion;
        QTest::newRow("key 31 bytes")
            << rawLink(body(1, QByteArray(31, 'k'), {}, url, {})) << E::BadKeyLength;
        QTest::newRow("key 33 bytes")
            << rawLink(body(1, QByteArray(33, 'k'), {}, url, {})) << E::BadKeyLength;
        QTest::newRow("no key") << rawLink(body(1, {}, {}, url, {})) << E::BadKeyLength;
        QTest::newRow("CA fingerprint 9 bytes")
            << rawLink(body(2, key(), QByteArray(9, 'c'), url, {})) << E::BadCaFingerprint;
        QTest::newRow("CA fingerprint on version 1")
            << rawLink(body(1, key(), QByteArray(10, 'c'), url, {})) << E::BadCaFingerprint;
        QTest::newRow("URL without host") << rawLink(body(1, key(), {}, ":8080/", {})) << E::BadUrl;
        QTest::newRow("URL empty") << rawLink(body(1, key(), {}, {}, {})) << E::BadUrl;
        QTest::newRow("URL with user info")
            << rawLink(body(1, key(), {}, "me@host:1/", {})) << E::BadUrl;
        QTest::newRow("title not UTF-8")
            << rawLink(body(1, key(), {}, url, "\xff\xfe")) << E::BadTitle;
        QTest::newRow("title with newline")
            << rawLink(body(1, key(), {}, url, "a\nb")) << E::BadTitle;
        QTest::newRow("title with bidi override")
            << rawLink(body(1, key(), {}, url, QStringLiteral("a\u202Eb").toUtf8())) << E::BadTitle;
    }
    void malformed() {
        QFETCH(QString, link);
        QFETCH(InvitationError, error);
        const auto inv = decode(link);
        QVERIFY2(!inv, qPrintable(link));
        QCOMPARE(inv.error(), error);
        QVERIFY(!invitationErrorString(inv.error()).isEmpty());
    }

    // The messages are distinct sentences, so a person can tell what went wrong.
    void messagesDistinct() {
        QSet<QString> seen;
        for (int e = int(InvitationError::NotAnInvitation); e <= int(InvitationError::TooLong);
             ++e) {
            const QString m = invitationErrorString(InvitationError(e));
            QVERIFY(!m.isEmpty());
            QVERIFY2(!seen.contains(m), qPrintable(m));
            seen.insert(m);
        }
    }

    void encodeRefusesInvalid_data() {
        QTest::addColumn<Invitation>("inv");
        QTest::addColumn<InvitationError>("error");
        Invitation i = sample();
        i.serverKey.chop(1);
        QTest::newRow("short key") << i << InvitationError::BadKeyLength;
        i = sample();
        i.url = QUrl(str("http://host:1/"));
        QTest::newRow("http URL") << i << InvitationError::BadUrl;
        i = sample();
        i.title = QString(256, QLatin1Char('t'));
        QTest::newRow("title too long") << i << InvitationError::TooLong;
        i = sample();
        i.caFingerprint = QByteArray(10, 'c');
        QTest::newRow("CA on version 1") << i << InvitationError::BadCaFingerprint;
        i = sample();
        i.version = 3;
        QTest::newRow("version 3") << i << InvitationError::UnknownVersion;
    }
    void encodeRefusesInvalid() {
        QFETCH(Invitation, inv);
        QFETCH(InvitationError, error);
        const auto v = validate(inv);
        QVERIFY(!v);
        QCOMPARE(v.error(), error);
        QVERIFY(encode(inv).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Invitation)
#include "tst_invitation.moc"
