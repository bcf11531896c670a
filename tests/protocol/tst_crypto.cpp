// Known-answer and refusal tests of the crypto wrappers (crypto.h).
#include "crypto/crypto.h"
#include "json/json.h"

#include <QFile>
#include <QTest>

#include <sodium.h>

#include <cstdint>

using namespace sws;

namespace {

const unsigned char *u8(const QByteArray &b) {
    return reinterpret_cast<const unsigned char *>(b.constData());
}

QByteArray hex(const json::Value &v) {
    return QByteArray::fromHex(v.toString().toLatin1());
}

QByteArray hex(const char *s) {
    return QByteArray::fromHex(QByteArray(s));
}

SecretBuffer secret(const QByteArray &b) {
    return SecretBuffer(u8(b), static_cast<std::size_t>(b.size()));
}

json::Value loadVectors(const QString &name) {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto v = json::parse(f.readAll());
    return v ? *v : json::Value();
}

QByteArray flipBit(QByteArray b, qsizetype byte, int bit) {
    b[byte] = static_cast<char>(b[byte] ^ (1 << bit));
    return b;
}

} // namespace

class tst_Crypto : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void secretboxFrames_data();
    void secretboxFrames();
    void channelSealsVectorSequence_data();
    void channelSealsVectorSequence();
    void channelCounterMovesOnlyOnOpen_data();
    void channelCounterMovesOnlyOnOpen();

    void nonceCounterBytes_data();
    void nonceCounterBytes();
    void nonceCounterIncrementCarries_data();
    void nonceCounterIncrementCarries();
    void nonceCounterRefusesWrongLength_data();
    void nonceCounterRefusesWrongLength();

    void boxSharedRoundTrip();
    void boxSharedRefusesLowOrderKey_data();
    void boxSharedRefusesLowOrderKey();
    void boxSharedRefusesWrongLength();

    void keyPairFromKeys();
    void signatureRefusesMalleation_data();
    void signatureRefusesMalleation();

private:
    json::Value m_frames;
};

void tst_Crypto::initTestCase() {
    ensureSodium();
    m_frames = loadVectors(QStringLiteral("secretbox-frames.json"));
    QVERIFY2(m_frames.isArray() && m_frames.size() > 0, "secretbox-frames.json unreadable");
}

// ---- secretbox-frames.json --------------------------------------------------------------

void tst_Crypto::secretboxFrames_data() {
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<int>("index");
    QTest::addColumn<QByteArray>("nonce24");
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("cipher");
    int c = 0;
    for (const json::Value &cs : m_frames.items()) {
        int i = 0;
        for (const json::Value &fr : cs.find(QStringLiteral("frames"))->items()) {
            const QByteArray start = hex(*cs.find(QStringLiteral("nonce8")));
            QTest::addRow("case %d (start %s) frame %d", c, start.toHex().constData(), i)
                << hex(*cs.find(QStringLiteral("key"))) << start << i
                << hex(*fr.find(QStringLiteral("nonce24")))
                << hex(*fr.find(QStringLiteral("plain")))
                << hex(*fr.find(QStringLiteral("cipher")));
            ++i;
        }
        ++c;
    }
}

// Every frame byte-exact: the counter expansion gives the recorded nonce, sealing gives the
// recorded cipher and opening gives the recorded plaintext (an empty one included).
void tst_Crypto::secretboxFrames() {
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, start);
    QFETCH(int, index);
    QFETCH(QByteArray, nonce24);
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, cipher);

    auto counter = NonceCounter::fromBytes(start);
    QVERIFY(counter);
    for (int i = 0; i < index; ++i)
        counter->increment();
    QByteArray expanded(kNonceBytes, '\0');
    counter->expand(reinterpret_cast<unsigned char *>(expanded.data()));
    QCOMPARE(expanded.toHex(), nonce24.toHex());

    const SecretBuffer k = secret(key);
    QCOMPARE(secretboxSeal(plain, u8(nonce24), k).toHex(), cipher.toHex());
    auto opened = secretboxOpen(cipher, u8(nonce24), k);
    QVERIFY(opened);
    QCOMPARE(opened->toHex(), plain.toHex());
    QCOMPARE(cipher.size(), plain.size() + kMacBytes);
}

void tst_Crypto::channelSealsVectorSequence_data() {
    QTest::addColumn<int>("caseIndex");
    for (int c = 0; c < m_frames.size(); ++c)
        QTest::addRow(
            "case %d (start %s)", c,
            hex(*m_frames.items()[static_cast<std::size_t>(c)].find(QStringLiteral("nonce8")))
                .toHex()
                .constData())
            << c;
}

// A sending and a receiving channel walk the recorded sequence, carries included.
void tst_Crypto::channelSealsVectorSequence() {
    QFETCH(int, caseIndex);
    const json::Value &cs = m_frames.items()[static_cast<std::size_t>(caseIndex)];
    const QByteArray key = hex(*cs.find(QStringLiteral("key")));
    auto start = NonceCounter::fromBytes(hex(*cs.find(QStringLiteral("nonce8"))));
    QVERIFY(start);
    SecretBoxChannel tx(secret(key), *start);
    SecretBoxChannel rx(secret(key), *start);
    QVERIFY(tx.isValid());
    std::uint64_t expected = start->value();
    for (const json::Value &fr : cs.find(QStringLiteral("frames"))->items()) {
        const QByteArray plain = hex(*fr.find(QStringLiteral("plain")));
        const QByteArray cipher = hex(*fr.find(QStringLiteral("cipher")));
        QCOMPARE(tx.counter().value(), expected);
        QCOMPARE(tx.seal(plain).toHex(), cipher.toHex());
        auto opened = rx.open(cipher);
        QVERIFY(opened);
        QCOMPARE(opened->toHex(), plain.toHex());
        ++expected;
        QCOMPARE(tx.counter().value(), expected);
        QCOMPARE(rx.counter().value(), expected);
    }
}

void tst_Crypto::channelCounterMovesOnlyOnOpen_data() {
    QTest::addColumn<QString>("attack");
    for (const char *a : {"tampered ciphertext bit", "tampered tag bit", "truncated by one byte",
                          "shorter than the tag", "empty", "replay of the previous frame",
                          "next frame first (reordered)", "other key"})
        QTest::newRow(a) << QString::fromLatin1(a);
}

// A frame that fails to open leaves the counter alone, so the genuine frame still opens.
void tst_Crypto::channelCounterMovesOnlyOnOpen() {
    QFETCH(QString, attack);
    const json::Value &cs = m_frames.items().front();
    const QByteArray key = hex(*cs.find(QStringLiteral("key")));
    const auto start = *NonceCounter::fromBytes(hex(*cs.find(QStringLiteral("nonce8"))));
    const auto &frames = cs.find(QStringLiteral("frames"))->items();
    const QByteArray f0 = hex(*frames[0].find(QStringLiteral("cipher")));
    const QByteArray f1 = hex(*frames[1].find(QStringLiteral("cipher")));

    SecretBoxChannel rx(secret(key), start);
    QVERIFY(rx.open(f0));
    const std::uint64_t before = rx.counter().value();

    QByteArray bad;
    if (attack == QLatin1String("tampered ciphertext bit"))
        bad = flipBit(f1, f1.size() - 1, 0);
    else if (attack == QLatin1String("tampered tag bit"))
        bad = flipBit(f1, 0, 7);
    else if (attack == QLatin1String("truncated by one byte"))
        bad = f1.left(f1.size() - 1);
    else if (attack == QLatin1String("shorter than the tag"))
        bad = f1.left(kMacBytes - 1);
    else if (attack == QLatin1String("empty"))
        bad = QByteArray();
    else if (attack == QLatin1String("replay of the previous frame"))
        bad = f0;
    else if (attack == QLatin1String("next frame first (reordered)"))
        bad = hex(*frames[2].find(QStringLiteral("cipher")));
    else if (attack == QLatin1String("other key"))
        bad = SecretBoxChannel(randomSecret(kShareKeyBytes), NonceCounter(before))
                  .seal(hex(*frames[1].find(QStringLiteral("plain"))));
    QVERIFY(!bad.isNull() || attack == QLatin1String("empty"));

    auto opened = rx.open(bad);
    QVERIFY(!opened);
    QVERIFY(opened.error() == CryptoError::OpenFailed || opened.error() == CryptoError::TooShort);
    QCOMPARE(rx.counter().value(), before);
    auto genuine = rx.open(f1);
    QVERIFY(genuine);
    QCOMPARE(genuine->toHex(), hex(*frames[1].find(QStringLiteral("plain"))).toHex());
    QCOMPARE(rx.counter().value(), before + 1);
}

// ---- NonceCounter -----------------------------------------------------------------------

void tst_Crypto::nonceCounterBytes_data() {
    QTest::addColumn<quint64>("value");
    QTest::addColumn<QByteArray>("littleEndian");
    QTest::newRow("zero") << quint64(0) << hex("0000000000000000");
    QTest::newRow("one") << quint64(1) << hex("0100000000000000");
    QTest::newRow("byte order") << quint64(0x0102030405060708ULL) << hex("0807060504030201");
    QTest::newRow("low word full") << quint64(0xffffffffULL) << hex("ffffffff00000000");
    QTest::newRow("high word one") << quint64(0x100000000ULL) << hex("0000000001000000");
    QTest::newRow("maximum") << quint64(~0ULL) << hex("ffffffffffffffff");
}

void tst_Crypto::nonceCounterBytes() {
    QFETCH(quint64, value);
    QFETCH(QByteArray, littleEndian);
    const NonceCounter n(value);
    QCOMPARE(n.bytes().toHex(), littleEndian.toHex());
    auto back = NonceCounter::fromBytes(littleEndian);
    QVERIFY(back);
    QCOMPARE(back->value(), value);
    QByteArray expanded(kNonceBytes, '\x5a');
    n.expand(reinterpret_cast<unsigned char *>(expanded.data()));
    QCOMPARE(expanded.toHex(), (littleEndian + littleEndian + littleEndian).toHex());
}

void tst_Crypto::nonceCounterIncrementCarries_data() {
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::newRow("plain") << hex("0001020304050607") << hex("0101020304050607");
    QTest::newRow("byte carry") << hex("ff00000000000000") << hex("0001000000000000");
    QTest::newRow("32-bit carry") << hex("ffffffff00000000") << hex("0000000001000000");
    QTest::newRow("32-bit carry into nonzero high")
        << hex("ffffffff01000000") << hex("0000000002000000");
    QTest::newRow("63-bit carry") << hex("ffffffffffffff7f") << hex("0000000000000080");
    QTest::newRow("wraps at 2^64") << hex("ffffffffffffffff") << hex("0000000000000000");
}

void tst_Crypto::nonceCounterIncrementCarries() {
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    auto n = NonceCounter::fromBytes(from);
    QVERIFY(n);
    n->increment();
    QCOMPARE(n->bytes().toHex(), to.toHex());
}

void tst_Crypto::nonceCounterRefusesWrongLength_data() {
    QTest::addColumn<int>("length");
    for (int len : {0, 1, 7, 9, 24})
        QTest::addRow("%d bytes", len) << len;
}

void tst_Crypto::nonceCounterRefusesWrongLength() {
    QFETCH(int, length);
    QVERIFY(!NonceCounter::fromBytes(QByteArray(length, '\x01')));
}

// ---- BoxShared --------------------------------------------------------------------------

void tst_Crypto::boxSharedRoundTrip() {
    const BoxKeyPair a = BoxKeyPair::generate();
    const BoxKeyPair b = BoxKeyPair::generate();
    auto ab = BoxShared::create(b.publicKey, a.secretKey);
    auto ba = BoxShared::create(a.publicKey, b.secretKey);
    QVERIFY(ab);
    QVERIFY(ba);
    const QByteArray nonce = randomBytes(kNonceBytes);
    const QByteArray plain = QByteArrayLiteral("nonce and share key");
    const QByteArray sealed = ab->seal(plain, u8(nonce));
    QCOMPARE(sealed.size(), plain.size() + kMacBytes);

    // The layout is libsodium's crypto_box_easy (tweetnacl's box without the zero padding).
    QByteArray reference(plain.size() + kMacBytes, '\0');
    QCOMPARE(crypto_box_easy(reinterpret_cast<unsigned char *>(reference.data()), u8(plain),
                             static_cast<unsigned long long>(plain.size()), u8(nonce),
                             u8(b.publicKey), a.secretKey.data()),
             0);
    QCOMPARE(sealed.toHex(), reference.toHex());

    auto opened = ba->open(sealed, u8(nonce));
    QVERIFY(opened);
    QCOMPARE(*opened, plain);
    auto tampered = ba->open(flipBit(sealed, 3, 1), u8(nonce));
    QVERIFY(!tampered);
    QCOMPARE(int(tampered.error()), int(CryptoError::OpenFailed));
    auto tooShort = ba->open(sealed.left(kMacBytes - 1), u8(nonce));
    QVERIFY(!tooShort);
    QCOMPARE(int(tooShort.error()), int(CryptoError::TooShort));
}

void tst_Crypto::boxSharedRefusesLowOrderKey_data() {
    // The X25519 points of small order (libsodium's has_small_order list) and a non-canonical
    // encoding of one of them (X25519 ignores the top bit).
    QTest::addColumn<QByteArray>("publicKey");
    QTest::addColumn<bool>("refused");
    QTest::newRow("control: an ordinary key") << BoxKeyPair::generate().publicKey << false;
    QTest::newRow("zero (order 4)") << QByteArray(32, '\0') << true;
    QTest::newRow("one (order 1)")
        << hex("0100000000000000000000000000000000000000000000000000000000000000") << true;
    QTest::newRow("order 8, 0xe0eb7a7c...")
        << hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800") << true;
    QTest::newRow("order 8, 0x5f9c95bc...")
        << hex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157") << true;
    QTest::newRow("p-1 (order 2)")
        << hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") << true;
    QTest::newRow("p, i.e. zero")
        << hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") << true;
    QTest::newRow("p+1, i.e. one")
        << hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") << true;
    QTest::newRow("order 8 with the top bit set")
        << hex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7") << true;
}

void tst_Crypto::boxSharedRefusesLowOrderKey() {
    QFETCH(QByteArray, publicKey);
    QFETCH(bool, refused);
    const BoxKeyPair mine = BoxKeyPair::generate();
    auto shared = BoxShared::create(publicKey, mine.secretKey);
    QCOMPARE(!shared, refused);
    if (refused)
        QCOMPARE(int(shared.error()), int(CryptoError::KeyExchangeFailed));
}

void tst_Crypto::boxSharedRefusesWrongLength() {
    const BoxKeyPair mine = BoxKeyPair::generate();
    const BoxKeyPair theirs = BoxKeyPair::generate();
    for (int len : {0, 31, 33}) {
        auto shared = BoxShared::create(theirs.publicKey.left(len).leftJustified(len, '\x09'),
                                        mine.secretKey);
        QVERIFY(!shared);
        QCOMPARE(int(shared.error()), int(CryptoError::BadKeyLength));
    }
    auto shortSecret = BoxShared::create(theirs.publicKey, SecretBuffer(31));
    QVERIFY(!shortSecret);
    QCOMPARE(int(shortSecret.error()), int(CryptoError::BadKeyLength));
}

// ---- Keys and signatures ----------------------------------------------------------------

void tst_Crypto::keyPairFromKeys() {
    const BoxKeyPair a = BoxKeyPair::generate();
    const BoxKeyPair b = BoxKeyPair::generate();
    auto same = BoxKeyPair::fromKeys(a.publicKey, a.secretKey.clone());
    QVERIFY(same);
    QCOMPARE(same->publicKey, a.publicKey);
    QVERIFY(same->secretKey.equals(a.secretKey));

    auto mismatched = BoxKeyPair::fromKeys(a.publicKey, b.secretKey.clone());
    QVERIFY(!mismatched);
    QCOMPARE(int(mismatched.error()), int(CryptoError::KeyMismatch));

    auto oneBitOff = BoxKeyPair::fromKeys(flipBit(a.publicKey, 0, 0), a.secretKey.clone());
    QVERIFY(!oneBitOff);
    QCOMPARE(int(oneBitOff.error()), int(CryptoError::KeyMismatch));

    auto shortKey = BoxKeyPair::fromKeys(a.publicKey.left(31), a.secretKey.clone());
    QVERIFY(!shortKey);
    QCOMPARE(int(shortKey.error()), int(CryptoError::BadKeyLength));
}

void tst_Crypto::signatureRefusesMalleation_data() {
    QTest::addColumn<QString>("change");
    QTest::addColumn<bool>("valid");
    QTest::newRow("untouched") << QStringLiteral("none") << true;
    QTest::newRow("S + L (malleable twin)") << QStringLiteral("s+l") << false;
    QTest::newRow("R bit flipped") << QStringLiteral("r") << false;
    QTest::newRow("S bit flipped") << QStringLiteral("s") << false;
    QTest::newRow("message changed") << QStringLiteral("message") << false;
    QTest::newRow("other public key") << QStringLiteral("key") << false;
    QTest::newRow("truncated signature") << QStringLiteral("short") << false;
}

void tst_Crypto::signatureRefusesMalleation() {
    QFETCH(QString, change);
    QFETCH(bool, valid);
    const SignKeyPair kp = SignKeyPair::generate();
    QByteArray message = QByteArrayLiteral(R"({"version":"1.0","type":"self"})");
    QByteArray sig = signDetached(message, kp.secretKey);
    QByteArray key = kp.publicKey;
    QCOMPARE(sig.size(), kSignatureBytes);

    if (change == QLatin1String("s+l")) {
        // L = 2^252 + 27742317777372353535851937790883648493, little-endian; S < L, so S + L
        // still fits the 32 bytes and verifies under a lax check.
        const QByteArray l =
            hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        unsigned carry = 0;
        for (int i = 0; i < 32; ++i) {
            const unsigned sum =
                static_cast<unsigned char>(sig[32 + i]) + static_cast<unsigned char>(l[i]) + carry;
            sig[32 + i] = static_cast<char>(sum & 0xff);
            carry = sum >> 8;
        }
        QCOMPARE(carry, 0u);
    } else if (change == QLatin1String("r")) {
        sig = flipBit(sig, 5, 2);
    } else if (change == QLatin1String("s")) {
        sig = flipBit(sig, 40, 2);
    } else if (change == QLatin1String("message")) {
        message.replace("self", "selF");
    } else if (change == QLatin1String("key")) {
        key = SignKeyPair::generate().publicKey;
    } else if (change == QLatin1String("short")) {
        sig.chop(1);
    }
    QCOMPARE(verifyDetached(sig, message, key), valid);
}

QTEST_GUILESS_MAIN(tst_Crypto)
#include "tst_crypto.moc"
