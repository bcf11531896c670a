#include "cert/naclcert.h"
#include "cert/peerquirks.h"
#include "crypto/crypto.h"
#include "json/json.h"

#include <QFile>
#include <QTest>

using namespace sws;

namespace {

QString s(const char *utf8) {
    return QString::fromUtf8(utf8);
}

json::Value loadVectors(const char *file) {
    QFile f(QStringLiteral(SWS_VECTORS_DIR "/") + QLatin1String(file));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto doc = json::parse(f.readAll());
    return doc ? *doc : json::Value();
}

QByteArray hexOf(const json::Value &object, const char *key) {
    return QByteArray::fromHex(object.find(QLatin1String(key))->toString().toLatin1());
}

bool flagOf(const json::Value &object, const char *key) {
    return object.find(QLatin1String(key))->toBool();
}

// The ClientHello of the handshake vectors (node-sws's member order), as sent.
QByteArray vectorClientHello(const char *file) {
    const json::Value v = loadVectors(file);
    const json::Value *wire = v.find(s("wire"));
    if (!wire || !wire->isArray() || wire->size() == 0)
        return {};
    return wire->items().front().find(s("data"))->toString().toUtf8();
}

} // namespace

class tst_PeerQuirks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---- The Java reference's Ed25519 defect (tests/vectors/java-certs.json) -------------

    void javaReferenceAcceptsKey_data() {
        QTest::addColumn<QByteArray>("publicKey");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<QByteArray>("negatedKeySignature");
        QTest::addColumn<bool>("javaVerdict");
        const json::Value java = loadVectors("java-certs.json");
        QVERIFY2(java.isObject(), "tests/vectors/java-certs.json missing");
        const json::Value &vectors = *java.find(s("ed25519_top_bit"))->find(s("vectors"));
        QCOMPARE(vectors.size(), 20);
        int i = 0;
        for (const json::Value &v : vectors.items()) {
            QTest::newRow(qPrintable(
                s("vector %1, pk[31]=0x%2")
                    .arg(i++)
                    .arg(static_cast<int>(v.find(s("pk31"))->toNumber()), 2, 16, QLatin1Char('0'))))
                << hexOf(v, "publickey_hex") << v.find(s("message_utf8"))->toString().toUtf8()
                << hexOf(v, "signature_hex") << hexOf(v, "negated_key_signature_hex")
                << flagOf(v, "java_verdict");
        }
        // The signer keys of the Java-made CAs: one the reference accepted, one it rejected.
        for (const char *name : {"ca", "ca_rejected_by_java"}) {
            const json::Value &ca = *java.find(s("java_made"))->find(QLatin1String(name));
            QTest::newRow(name) << hexOf(ca, "signer_publickey_hex") << QByteArray() << QByteArray()
                                << QByteArray() << !flagOf(ca, "signer_key_hits_ed25519_bug");
        }
    }
    void javaReferenceAcceptsKey() {
        QFETCH(QByteArray, publicKey);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, signature);
        QFETCH(QByteArray, negatedKeySignature);
        QFETCH(bool, javaVerdict);
        QCOMPARE(publicKey.size(), 32);
        QCOMPARE(quirks::javaReferenceAcceptsKey(publicKey), javaVerdict);
        // The defect needs bit 7 of the last byte: every key without it is accepted.
        if (static_cast<unsigned char>(publicKey.at(31)) < 0x80)
            QVERIFY(javaVerdict);
        if (message.isEmpty())
            return;
        // A correct verifier (ours) accepts every signature and never the one made for the
        // wrong point the reference uses.
        QVERIFY(verifyDetached(signature, message, publicKey));
        QVERIFY(!verifyDetached(negatedKeySignature, message, publicKey));
    }

    void javaReferenceAcceptsKeyRefusesNonKeys() {
        QVERIFY(!quirks::javaReferenceAcceptsKey(QByteArray(31, '\0')));
        QVERIFY(!quirks::javaReferenceAcceptsKey(QByteArray()));
        // y = 2 is not the y coordinate of a curve point.
        QByteArray notAPoint(32, '\0');
        notAPoint[0] = 2;
        QVERIFY(!quirks::javaReferenceAcceptsKey(notAPoint));
    }

    // CA keys made here stay clear of the defect, so the Java reference accepts what they sign.
    void newCaKeysAreAcceptedByTheJavaReference() {
        for (int i = 0; i < 40; ++i) {
            const cert::CaKey ca = cert::generateCa(s("ca"), 4102444800000LL, 1796162176942LL);
            QVERIFY(static_cast<unsigned char>(ca.cert.publicKey().at(31)) < 0x80);
            QVERIFY(quirks::javaReferenceAcceptsKey(ca.cert.publicKey()));
        }
    }

    // ---- Recognising the Java reference client -----------------------------------------

    void looksLikeJavaReferenceClient_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("java");
        const QByteArray key =
            "[194,98,232,3,71,245,166,141,211,223,141,60,84,206,145,224,60,129,115,242,83,65,"
            "50,60,158,37,230,77,5,184,119,58]";
        const QByteArray nonce = "[179,195,209,245,198,134,21,78]";
        QTest::newRow("Java shape, v1")
            << QByteArray("{\"opc\":0,\"version\":1,\"nonce\":" + nonce +
                          ",\"client_public_key\":" + key + "}")
            << true;
        QTest::newRow("Java shape, v2")
            << QByteArray("{\"opc\":0,\"version\":2,\"nonce\":" + nonce +
                          ",\"client_public_key\":" + key + "}")
            << true;
        QTest::newRow("node-sws shape, v1 vector")
            << vectorClientHello("handshake-v1.json") << false;
        QTest::newRow("node-sws shape, v2 vector")
            << vectorClientHello("handshake-v2.json") << false;
        QTest::newRow("node-sws shape")
            << QByteArray("{\"opc\":0,\"version\":1,\"client_public_key\":" + key +
                          ",\"nonce\":" + nonce + "}")
            << false;
        QTest::newRow("not JSON") << QByteArray("{\"opc\":0,\"version\":1,\"nonce\":") << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("array") << QByteArray("[0,1]") << false;
        QTest::newRow("extra member") << QByteArray("{\"opc\":0,\"version\":1,\"nonce\":" + nonce +
                                                    ",\"client_public_key\":" + key + ",\"x\":1}")
                                      << false;
        QTest::newRow("opc 1") << QByteArray("{\"opc\":1,\"version\":1,\"nonce\":" + nonce +
                                             ",\"client_public_key\":" + key + "}")
                               << false;
        QTest::newRow("short nonce") << QByteArray("{\"opc\":0,\"version\":1,\"nonce\":[1,2],"
                                                   "\"client_public_key\":" +
                                                   key + "}")
                                     << false;
        QTest::newRow("key as a string")
            << QByteArray("{\"opc\":0,\"version\":1,\"nonce\":" + nonce +
                          ",\"client_public_key\":\"abc\"}")
            << false;
    }
    void looksLikeJavaReferenceClient() {
        QFETCH(QByteArray, text);
        QFETCH(bool, java);
        if (QByteArray(QTest::currentDataTag()).contains("vector"))
            QVERIFY(text.startsWith("{\"opc\":0,")); // the vector file was read
        QCOMPARE(quirks::looksLikeJavaReferenceClient(text), java);
    }
};

QTEST_GUILESS_MAIN(tst_PeerQuirks)
#include "tst_peerquirks.moc"
