#include "cert/keyfiles.h"
#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "json/json.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace sws;
using namespace testutil;
using keyfiles::Error;

Q_DECLARE_METATYPE(sws::keyfiles::Error::Code)

namespace {

constexpr qint64 kNow = 1795628400000;
constexpr qint64 kDay = 24LL * 3600 * 1000;

// Sets the umask for one scope.
class UmaskGuard {
public:
    explicit UmaskGuard(mode_t mask)
        : m_old(::umask(mask)) {}
    ~UmaskGuard() { ::umask(m_old); }
    UmaskGuard(const UmaskGuard &) = delete;
    UmaskGuard &operator=(const UmaskGuard &) = delete;

private:
    mode_t m_old;
};

} // namespace

class tst_KeyFiles : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void boxKeyPairRoundTrip() {
        UmaskGuard umask(022);
        const BoxKeyPair kp = BoxKeyPair::generate();
        const QString file = path("box-kp.json");
        const auto written = keyfiles::writeBoxKeyPair(file, kp, false);
        QVERIFY2(written, qPrintable(written ? QString() : written.error().message));
        QCOMPARE(*written, QFileInfo(file).absoluteFilePath());
        QCOMPARE(modeOf(file), 0600);
        QCOMPARE(QFile::permissions(file) & 0x0077, QFileDevice::Permissions());

        // The reference's layout, member order included.
        const QByteArray text = readAll(file);
        const auto doc = json::parse(text);
        QVERIFY(doc);
        QCOMPARE(doc->members().size(), std::size_t(2));
        QCOMPARE(doc->members().at(0).key, s("secretkey"));
        QCOMPARE(doc->members().at(1).key, s("publickey"));
        QCOMPARE(*json::arrayToBytes(*doc->find(s("publickey"))), kp.publicKey);
        QCOMPARE(*json::arrayToBytes(*doc->find(s("secretkey"))), kp.secretKey.copyOut());

        const auto loaded = keyfiles::readBoxKeyPair(file);
        QVERIFY(loaded);
        QCOMPARE(loaded->publicKey, kp.publicKey);
        QVERIFY(loaded->secretKey.equals(kp.secretKey));
        const auto publicKey = keyfiles::readBoxPublicKey(file);
        QVERIFY(publicKey);
        QCOMPARE(*publicKey, kp.publicKey);
    }

    void publicKeyOnlyFile() {
        const QByteArray pk = BoxKeyPair::generate().publicKey;
        const QString file = path("pub.json");
        QVERIFY(writeAll(file, json::serialize(json::Value::object(
                                   {{s("publickey"), json::bytesToArray(pk)}}))));
        const auto read = keyfiles::readBoxPublicKey(file);
        QVERIFY(read);
        QCOMPARE(*read, pk);
        // Not enough for a key pair.
        const auto pair = keyfiles::readBoxKeyPair(file);
        QVERIFY(!pair);
        QCOMPARE(pair.error().code, Error::Code::Format);
    }

    void secretModeIgnoresUmask() {
        // Even with umask 0 the secret file is 0600; a certificate follows the umask.
        UmaskGuard umask(0);
        QVERIFY(keyfiles::writeBoxKeyPair(path("umask0-kp.json"), BoxKeyPair::generate(), false));
        QCOMPARE(modeOf(path("umask0-kp.json")), 0600);
        const cert::CaKey ca = cert::generateCa(s("umask.ca"), kNow + kDay, kNow);
        QVERIFY(keyfiles::writeCaKey(path("umask0-ca-key.json"), ca, false));
        QCOMPARE(modeOf(path("umask0-ca-key.json")), 0600);
        QVERIFY(keyfiles::writeCertificate(path("umask0-ca-cert.json"), ca.cert, false));
        QCOMPARE(modeOf(path("umask0-ca-cert.json")), 0644);
    }

    void refusesToOverwrite() {
        UmaskGuard umask(022);
        const QString file = path("keep-kp.json");
        const BoxKeyPair first = BoxKeyPair::generate();
        QVERIFY(keyfiles::writeBoxKeyPair(file, first, false));
        const QByteArray before = readAll(file);

        const BoxKeyPair second = BoxKeyPair::generate();
        const auto refused = keyfiles::writeBoxKeyPair(file, second, false);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::Exists);
        QVERIFY(refused.error().message.contains(s("keep-kp.json")));
        QCOMPARE(readAll(file), before);

        const auto replaced = keyfiles::writeBoxKeyPair(file, second, true);
        QVERIFY(replaced);
        QCOMPARE(keyfiles::readBoxKeyPair(file)->publicKey, second.publicKey);
        QCOMPARE(modeOf(file), 0600);
        // No temporary file is left behind.
        QCOMPARE(QDir(m_dir.path()).entryList({s("keep-kp.json*")}, QDir::Files | QDir::Hidden),
                 QStringList{s("keep-kp.json")});

        // Replacing a world-readable file leaves a 0600 file, not the old mode.
        const QString loose = path("loose-kp.json");
        QVERIFY(writeAll(loose, "{}"));
        QVERIFY(QFile::setPermissions(loose, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                 QFileDevice::ReadOther));
        QVERIFY(keyfiles::writeBoxKeyPair(loose, first, true));
        QCOMPARE(modeOf(loose), 0600);

        // Certificates are not replaced without overwrite either.
        const cert::CaKey ca = cert::generateCa(s("keep.ca"), kNow + kDay, kNow);
        QVERIFY(keyfiles::writeCertificate(path("keep-cert.json"), ca.cert, false));
        QCOMPARE(keyfiles::writeCertificate(path("keep-cert.json"), ca.cert, false).error().code,
                 Error::Code::Exists);
    }

    void refusesDanglingSymlink() {
        const QString target = path("symlink-target.json");
        const QString link = path("link-kp.json");
        QVERIFY(QFile::link(target, link));
        const auto refused = keyfiles::writeBoxKeyPair(link, BoxKeyPair::generate(), false);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::Exists);
        QVERIFY(!QFile::exists(target));
    }

    void caKeyRoundTrip() {
        const cert::CaKey ca = cert::generateCa(s("round.ca"), kNow + 10 * kDay, kNow);
        const QString keyFile = path(qPrintable(keyfiles::caKeyFileName(s("round.ca"))));
        const QString certFile = path(qPrintable(keyfiles::caCertFileName(s("round.ca"))));
        QVERIFY(keyFile.endsWith(s("round.ca-ca-key.json")));
        QVERIFY(certFile.endsWith(s("round.ca-ca-cert.json")));
        QVERIFY(keyfiles::writeCaKey(keyFile, ca, false));
        QVERIFY(keyfiles::writeCertificate(certFile, ca.cert, false));
        QCOMPARE(modeOf(keyFile), 0600);

        const auto doc = json::parse(readAll(keyFile));
        QVERIFY(doc);
        QCOMPARE(doc->members().at(0).key, s("cert"));
        QCOMPARE(doc->members().at(1).key, s("secretkey"));
        QCOMPARE(readAll(certFile), ca.cert.toBytes());

        const auto loaded = keyfiles::readCaKey(keyFile);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
        QCOMPARE(loaded->cert.toBytes(), ca.cert.toBytes());
        QVERIFY(loaded->secretKey.equals(ca.secretKey));
        const auto certOnly = keyfiles::readCertificate(certFile);
        QVERIFY(certOnly);
        QCOMPARE(certOnly->toBytes(), ca.cert.toBytes());

        // The loaded key signs certificates that validate against the certificate file.
        cert::CertRequest req;
        req.publicKey = BoxKeyPair::generate().publicKey;
        req.names = QStringList{s("host.test")};
        req.tteMs = kNow + kDay;
        const auto leaf = cert::sign(req, *loaded, kNow);
        QVERIFY(leaf);
        QVERIFY(keyfiles::writeCertificate(path("host.test-cert.json"), *leaf, false));
        const auto leafBack = keyfiles::readCertificate(path("host.test-cert.json"));
        QVERIFY(leafBack);
        QVERIFY(cert::validate(*leafBack, &*certOnly, kNow).valid);
    }

    void loadsVectorCaKey() {
        // fresh-ca in certs.json carries its secret key: as NAME-ca-key.json it loads and signs.
        QFile f(QStringLiteral(SWS_VECTORS_DIR "/certs.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto all = json::parse(f.readAll());
        QVERIFY(all);
        const json::Value *fresh = nullptr;
        for (const json::Value &c : all->items()) {
            if (c.find(s("name"))->toString() == s("fresh-ca"))
                fresh = &c;
        }
        QVERIFY(fresh && fresh->contains(s("secretkey")));
        const QString file = path("example-ca.test-ca-key.json");
        QVERIFY(writeAll(file, json::serialize(json::Value::object(
                                   {{s("cert"), *fresh->find(s("cert"))},
                                    {s("secretkey"), *fresh->find(s("secretkey"))}}))));
        const auto ca = keyfiles::readCaKey(file);
        QVERIFY2(ca, qPrintable(ca ? QString() : ca.error().message));
        QCOMPARE(ca->cert.caName(), s("example-ca.test"));
        QCOMPARE(ca->cert.toBytes(), json::serialize(*fresh->find(s("cert"))));

        cert::CertRequest req;
        req.publicKey = BoxKeyPair::generate().publicKey;
        req.names = QStringList{s("example.test")};
        req.ips = QStringList{s("127.0.0.1")};
        req.tteMs = kNow + kDay;
        const auto leaf = cert::sign(req, *ca, kNow);
        QVERIFY(leaf);
        QVERIFY(cert::validate(*leaf, &ca->cert, kNow).valid);
    }

    void readErrors_data() {
        QTest::addColumn<QString>("kind"); // box, public, cert, ca
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<Error::Code>("code");

        const BoxKeyPair kp = BoxKeyPair::generate();
        const BoxKeyPair other = BoxKeyPair::generate();
        auto boxFile = [](const QByteArray &secret, const QByteArray &pub) {
            return json::serialize(
                json::Value::object({{s("secretkey"), json::bytesToArray(secret)},
                                     {s("publickey"), json::bytesToArray(pub)}}));
        };
        const cert::CaKey ca = cert::generateCa(s("err.ca"), kNow + kDay, kNow);
        const cert::CaKey ca2 = cert::generateCa(s("err.ca"), kNow + kDay, kNow);
        auto caFile = [](const json::Value &certDoc, const QByteArray &secret) {
            return json::serialize(json::Value::object(
                {{s("cert"), certDoc}, {s("secretkey"), json::bytesToArray(secret)}}));
        };
        cert::CertRequest req;
        req.publicKey = kp.publicKey;
        req.tteMs = kNow + kDay;
        const cert::Certificate leaf = *cert::sign(req, ca, kNow);

        QTest::newRow("missing file") << s("box") << QByteArray() << Error::Code::Io;
        QTest::newRow("too large")
            << s("box") << QByteArray(keyfiles::kMaxFileBytes + 1, ' ') << Error::Code::TooLarge;
        QTest::newRow("duplicate key")
            << s("box") << QByteArray("{\"publickey\":[1],\"publickey\":[2]}")
            << Error::Code::Syntax;
        QTest::newRow("not json") << s("box") << QByteArray("secretkey=1") << Error::Code::Syntax;
        QTest::newRow("array") << s("box") << QByteArray("[]") << Error::Code::Format;
        QTest::newRow("secret of 31 bytes")
            << s("box") << boxFile(kp.secretKey.copyOut().left(31), kp.publicKey)
            << Error::Code::Format;
        QTest::newRow("public element 256")
            << s("public")
            << QByteArray("{\"publickey\":[256,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
                          "1,1,1,1,1,1]}")
            << Error::Code::Format;
        QTest::newRow("unknown member")
            << s("public") << QByteArray("{\"pk\":[]}") << Error::Code::Format;
        QTest::newRow("pair mismatch")
            << s("box") << boxFile(kp.secretKey.copyOut(), other.publicKey)
            << Error::Code::KeyMismatch;
        QTest::newRow("ca key of another ca")
            << s("ca") << caFile(ca.cert.raw(), ca2.secretKey.copyOut())
            << Error::Code::KeyMismatch;
        QTest::newRow("ca key with a box key")
            << s("ca") << caFile(ca.cert.raw(), kp.secretKey.copyOut()) << Error::Code::Format;
        QTest::newRow("ca key with a leaf certificate")
            << s("ca") << caFile(leaf.raw(), ca.secretKey.copyOut()) << Error::Code::Format;
        QTest::newRow("ca key without cert")
            << s("ca")
            << json::serialize(json::Value::object(
                   {{s("secretkey"), json::bytesToArray(ca.secretKey.copyOut())}}))
            << Error::Code::Format;
        QTest::newRow("certificate with bad field")
            << s("cert") << QByteArray("{\"desc\":{\"version\":1},\"sign\":{\"signature\":[]}}")
            << Error::Code::Format;
        QTest::newRow("ca key file as certificate")
            << s("cert") << caFile(ca.cert.raw(), ca.secretKey.copyOut()) << Error::Code::Format;
    }
    void readErrors() {
        QFETCH(QString, kind);
        QFETCH(QByteArray, content);
        QFETCH(Error::Code, code);
        const QString file = path("bad.json");
        QFile::remove(file);
        if (code != Error::Code::Io)
            QVERIFY(writeAll(file, content));
        std::optional<Error> error;
        if (kind == s("box")) {
            auto r = keyfiles::readBoxKeyPair(file);
            QVERIFY(!r);
            error = r.error();
        } else if (kind == s("public")) {
            auto r = keyfiles::readBoxPublicKey(file);
            QVERIFY(!r);
            error = r.error();
        } else if (kind == s("cert")) {
            auto r = keyfiles::readCertificate(file);
            QVERIFY(!r);
            error = r.error();
        } else {
            auto r = keyfiles::readCaKey(file);
            QVERIFY(!r);
            error = r.error();
        }
        QCOMPARE(error->code, code);
        QVERIFY(error->message.contains(s("bad.json")));
        QVERIFY(!error->message.contains(QLatin1Char('\n')));
        // The message never repeats the key bytes of the file.
        if (const auto doc = json::parse(content); doc && doc->isObject()) {
            if (const json::Value *secret = doc->find(s("secretkey"))) {
                if (const auto bytes = json::arrayToBytes(*secret); bytes && bytes->size() > 2) {
                    QVERIFY2(findSecret(error->message.toUtf8(), *bytes).isEmpty(),
                             qPrintable(error->message));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_KeyFiles)
#include "tst_keyfiles.moc"
