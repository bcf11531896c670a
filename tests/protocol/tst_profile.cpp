// Profile: directory resolution, identities and CAs, passphrase protection, reference files.
#include "cert/keyfiles.h"
#include "profile/lockedkey.h"
#include "profile/profile.h"
#include "testutil.h"
#include "trusttestutil.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace trusttest;
using namespace testutil;

namespace {

const QString kPass = QStringLiteral("correct horse battery");

} // namespace

class tst_Profile : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_case = 0;

    // A fresh profile directory per test function.
    Profile fresh() { return Profile(m_tmp.filePath(QStringLiteral("p%1").arg(++m_case))); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        ::umask(022); // certificates 0644, whatever the caller's umask
    }

    void defaultDirectoryIsTheGuis() {
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_tmp.filePath(s("xdg"))));
        QCoreApplication::setApplicationName(s("sws"));
        const QString dir = Profile::defaultDirectory();
        QCOMPARE(QCoreApplication::applicationName(), s("sws")); // restored
        QCoreApplication::setOrganizationName(s("sws-desktop"));
        QCoreApplication::setApplicationName(s("sws-desktop"));
        const QString gui = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QCoreApplication::setOrganizationName(QString());
        QCoreApplication::setApplicationName(s("sws"));
        QCOMPARE(dir, gui);
        QVERIFY(dir.startsWith(m_tmp.filePath(s("xdg"))));
    }

    void resolveOrder() {
        qputenv("SWS_PROFILE", "/tmp/from-env");
        QCOMPARE(Profile::resolveDirectory(s("/tmp/from-option")), s("/tmp/from-option"));
        QCOMPARE(Profile::resolveDirectory(), s("/tmp/from-env"));
        qunsetenv("SWS_PROFILE");
        QCOMPARE(Profile::resolveDirectory(), Profile::defaultDirectory());
    }

    void names_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << s("laptop") << true;
        QTest::newRow("dots dashes") << s("home.lan-2_b") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("leading dot") << s(".hidden") << false;
        QTest::newRow("leading dash") << s("-x") << false;
        QTest::newRow("dot dot") << s("..") << false;
        QTest::newRow("slash") << s("a/b") << false;
        QTest::newRow("space") << s("a b") << false;
        QTest::newRow("non-ascii") << s("caf\u00e9") << false;
        QTest::newRow("65 chars") << QString(65, QLatin1Char('a')) << false;
        QTest::newRow("64 chars") << QString(64, QLatin1Char('a')) << true;
    }
    void names() {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(Profile::isValidName(name), valid);
        const Profile p = fresh();
        QCOMPARE(bool(p.addIdentity(name, BoxKeyPair::generate(), nullptr)), valid);
    }

    void plainIdentityRoundTrip() {
        const Profile p = fresh();
        const BoxKeyPair kp = BoxKeyPair::generate();
        auto id = p.addIdentity(s("alice"), kp, nullptr);
        QVERIFY2(id, qPrintable(id ? QString() : id.error()));
        QCOMPARE(id->publicKey, kp.publicKey);
        QVERIFY(!id->locked);
        QCOMPARE(modeOf(p.directory()), 0700);
        QCOMPARE(modeOf(p.directory() + s("/identities")), 0700);
        QCOMPARE(modeOf(p.identityDirectory(s("alice"))), 0700);
        QCOMPARE(modeOf(id->keyPath), 0600);
        // The reference format: keyfiles reads it as a box-kp.json.
        auto ref = keyfiles::readBoxKeyPair(id->keyPath);
        QVERIFY(ref);
        QVERIFY(ref->secretKey.equals(kp.secretKey));
        auto unlocked = p.unlockIdentity(s("alice"), nullptr);
        QVERIFY(unlocked);
        QVERIFY(unlocked->secretKey.equals(kp.secretKey));
        QCOMPARE(p.identities().size(), 1);
        QVERIFY(!p.addIdentity(s("alice"), BoxKeyPair::generate(), nullptr)); // no overwrite
        QVERIFY(p.removeIdentity(s("alice")));
        QVERIFY(p.identities().isEmpty());
        QVERIFY(!p.removeIdentity(s("alice")));
    }

    void protectedIdentity() {
        const Profile p = fresh();
        const BoxKeyPair kp = BoxKeyPair::generate();
        FixedPassphrase pass(kPass);
        auto id = p.addIdentity(s("bob"), kp, &pass);
        QVERIFY2(id, qPrintable(id ? QString() : id.error()));
        QVERIFY(id->locked);
        QCOMPARE(id->publicKey, kp.publicKey); // listed without the passphrase
        QCOMPARE(modeOf(id->keyPath), 0600);
        const QByteArray bytes = readAll(id->keyPath);
        QVERIFY(bytes.contains("sws-locked-key"));
        QVERIFY(bytes.contains("argon2id13"));
        const QString found = findSecret(bytes, kp.secretKey.copyOut());
        QVERIFY2(found.isEmpty(), qPrintable(found));
        QVERIFY(!bytes.contains(kPass.toUtf8()));

        auto right = p.unlockIdentity(s("bob"), &pass);
        QVERIFY(right);
        QVERIFY(right->secretKey.equals(kp.secretKey));
        FixedPassphrase wrong(s("wrong passphrase"));
        auto refused = p.unlockIdentity(s("bob"), &wrong);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(s("wrong passphrase")), qPrintable(refused.error()));
        QVERIFY(!p.unlockIdentity(s("bob"), nullptr)); // no provider: no key
    }

    void retriesWhenTheProviderCan() {
        const Profile p = fresh();
        FixedPassphrase pass(kPass);
        QVERIFY(p.addIdentity(s("c"), BoxKeyPair::generate(), &pass));
        ScriptedPassphrase person({s("typo typo typo"), kPass});
        QVERIFY(p.unlockIdentity(s("c"), &person));
        QCOMPARE(person.requests.size(), 2);
        QVERIFY(person.requests.at(0).retryReason.isEmpty());
        QVERIFY(person.requests.at(1).retryReason.contains(s("wrong passphrase")));
        QCOMPARE(person.requests.at(1).subject, s("identity c"));
        ScriptedPassphrase giveUp({s("typo typo typo"), QString()});
        auto cancelled = p.unlockIdentity(s("c"), &giveUp);
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error(), s("cancelled"));
    }

    void nothingWrittenWithoutAUsablePassphrase() {
        const Profile p = fresh();
        FixedPassphrase tooShort(s("short"));
        auto a = p.addIdentity(s("a"), BoxKeyPair::generate(), &tooShort);
        QVERIFY(!a);
        QVERIFY(a.error().contains(s("at least 8")));
        ScriptedPassphrase cancel({QString()});
        QVERIFY(!p.addIdentity(s("b"), BoxKeyPair::generate(), &cancel));
        QCOMPARE(cancel.requests.first().purpose, PassphraseRequest::Purpose::Create);
        QVERIFY(!QFileInfo::exists(p.identityDirectory(s("a"))));
        QVERIFY(!QFileInfo::exists(p.identityDirectory(s("b"))));
    }

    void importExportIsByteCompatible() {
        const Profile p = fresh();
        const QString src = m_tmp.filePath(s("ref-box-kp.json"));
        QVERIFY(keyfiles::writeBoxKeyPair(src, BoxKeyPair::generate(), true));
        QVERIFY(p.importIdentity(s("plain"), src, nullptr));
        FixedPassphrase pass(kPass);
        QVERIFY(p.importIdentity(s("locked"), src, &pass));
        for (const QString &name : {s("plain"), s("locked")}) {
            const QString out = m_tmp.filePath(name + s("-out.json"));
            QVERIFY(p.exportIdentity(name, out, false, &pass));
            QCOMPARE(readAll(out), readAll(src));
            QCOMPARE(modeOf(out), 0600);
            QVERIFY(!p.exportIdentity(name, out, false, &pass)); // never replaces a file
        }
        const QString pub = m_tmp.filePath(s("pub.json"));
        QVERIFY(p.exportIdentity(s("locked"), pub, true, nullptr)); // no passphrase needed
        QCOMPARE(*keyfiles::readBoxPublicKey(pub), keyfiles::readBoxKeyPair(src)->publicKey);
        QVERIFY(!readAll(pub).contains("secretkey"));
        QVERIFY(!p.importIdentity(s("bad"), m_tmp.filePath(s("missing.json")), nullptr));
    }

    void identityCertificate() {
        const Profile p = fresh();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey ca = cert::generateCa(s("acme"), now + 100LL * 86400000, now);
        auto id = p.addIdentity(s("srv"), BoxKeyPair::generate(), nullptr);
        QVERIFY(id);
        cert::CertRequest req{id->publicKey, {s("srv.test")}, {}, {}, now + 86400000};
        auto c = cert::sign(req, ca, now);
        QVERIFY(c);
        QVERIFY(p.setIdentityCertificate(s("srv"), *c, false));
        QVERIFY(!p.setIdentityCertificate(s("srv"), *c, false));
        QVERIFY(p.setIdentityCertificate(s("srv"), *c, true));
        QCOMPARE(p.identity(s("srv"))->certificate->toBytes(), c->toBytes());
        req.publicKey = BoxKeyPair::generate().publicKey; // someone else's
        QVERIFY(!p.setIdentityCertificate(s("srv"), *cert::sign(req, ca, now), true));
    }

    void cas() {
        const Profile p = fresh();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey plain = cert::generateCa(s("plain"), now + 86400000, now);
        const cert::CaKey locked = cert::generateCa(s("locked"), now + 86400000, now);
        FixedPassphrase pass(kPass);
        QVERIFY(p.addCa(s("plain"), plain.cert, &plain.secretKey, nullptr));
        auto c = p.addCa(s("locked"), locked.cert, &locked.secretKey, &pass);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        QVERIFY(c->locked && c->hasKey);
        QCOMPARE(modeOf(c->keyPath), 0600);
        QCOMPARE(modeOf(c->certPath), 0644);
        const QByteArray secret = locked.secretKey.copyOut();
        QVERIFY(findSecret(readAll(c->keyPath), secret).isEmpty());
        QVERIFY(findSecret(readAll(c->keyPath), secret.left(32)).isEmpty()); // the seed
        // The unprotected one is the reference NAME-ca-key.json.
        QVERIFY(keyfiles::readCaKey(p.ca(s("plain"))->keyPath));
        QVERIFY(p.unlockCa(s("plain"), nullptr));
        auto key = p.unlockCa(s("locked"), &pass);
        QVERIFY(key);
        QVERIFY(key->secretKey.equals(locked.secretKey));
        FixedPassphrase wrong(s("not the passphrase"));
        QVERIFY(!p.unlockCa(s("locked"), &wrong));
        QCOMPARE(p.cas().size(), 2);
        // A certificate only: trusted, cannot sign.
        const cert::CaKey other = cert::generateCa(s("other"), now + 86400000, now);
        QVERIFY(p.addCa(s("certonly"), other.cert, nullptr, nullptr));
        QVERIFY(!p.unlockCa(s("certonly"), nullptr));
        QVERIFY(!p.addCa(s("mixed"), other.cert, &plain.secretKey, nullptr)); // wrong key
        QVERIFY(!QFileInfo::exists(p.caDirectory(s("mixed"))));
        QVERIFY(p.removeCa(s("plain")));
        QCOMPARE(p.cas().size(), 2);
    }

    // A locked key file that opens to a secret of another key is refused, naming the file and
    // what the secret should belong to: identities and CAs alike.
    void lockedKeyOfAnotherOwner() {
        const Profile p = fresh();
        FixedPassphrase pass(kPass);
        const QByteArray passUtf8 = kPass.toUtf8();
        const SecretBuffer passBytes(reinterpret_cast<const unsigned char *>(passUtf8.constData()),
                                     static_cast<std::size_t>(passUtf8.size()));

        const BoxKeyPair kp = BoxKeyPair::generate();
        auto id = p.addIdentity(s("mixed"), kp, &pass);
        QVERIFY2(id, qPrintable(id ? QString() : id.error()));
        auto swapped =
            lockedkey::seal(s("box-kp"), kp.publicKey, BoxKeyPair::generate().secretKey, passBytes);
        QVERIFY(swapped);
        QVERIFY(writeAll(id->keyPath, *swapped));
        auto refused = p.unlockIdentity(s("mixed"), &pass);
        QVERIFY(!refused);
        QCOMPARE(refused.error(), QDir::toNativeSeparators(id->keyPath) +
                                      s(": the secret key does not belong to the public key"));

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const cert::CaKey ca = cert::generateCa(s("mixed"), now + 86400000, now);
        const cert::CaKey other = cert::generateCa(s("other"), now + 86400000, now);
        auto c = p.addCa(s("mixed"), ca.cert, &ca.secretKey, &pass);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        auto swappedCa =
            lockedkey::seal(s("ca-key"), ca.cert.publicKey(), other.secretKey, passBytes);
        QVERIFY(swappedCa);
        QVERIFY(writeAll(c->keyPath, *swappedCa));
        auto refusedCa = p.unlockCa(s("mixed"), &pass);
        QVERIFY(!refusedCa);
        QCOMPARE(refusedCa.error(),
                 QDir::toNativeSeparators(c->keyPath) +
                     s(": the secret key does not belong to the CA certificate"));
    }

    void lockedKeyFileTampering_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<int>("code");
        const int wrong = int(lockedkey::Error::Code::WrongPassphrase);
        const int format = int(lockedkey::Error::Code::Format);
        QTest::newRow("kind") << QByteArray("\"box-kp\"") << QByteArray("\"ca-key\"") << format;
        QTest::newRow("huge memlimit")
            << QByteArray("67108864") << QByteArray("68719476736") << format;
        QTest::newRow("ops zero") << QByteArray("\"opslimit\": 2") << QByteArray("\"opslimit\": 0")
                                  << format;
        QTest::newRow("alg") << QByteArray("argon2id13") << QByteArray("argon2i13") << format;
        QTest::newRow("format") << QByteArray("sws-locked-key") << QByteArray("other") << format;
        QTest::newRow("opslimit 3")
            << QByteArray("\"opslimit\": 2") << QByteArray("\"opslimit\": 3") << wrong;
    }
    void lockedKeyFileTampering() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(int, code);
        const BoxKeyPair kp = BoxKeyPair::generate();
        const SecretBuffer pass(reinterpret_cast<const unsigned char *>("passphrase!"), 11);
        auto sealed = lockedkey::seal(s("box-kp"), kp.publicKey, kp.secretKey, pass);
        QVERIFY(sealed);
        QVERIFY(lockedkey::open(*sealed, pass, s("box-kp")));
        QVERIFY2(sealed->contains(from), sealed->constData());
        QByteArray tampered = *sealed;
        tampered.replace(from, to);
        auto opened = lockedkey::open(tampered, pass, s("box-kp"));
        QVERIFY(!opened);
        QCOMPARE(int(opened.error().code), code);
    }

    void sealingTwiceDiffers() {
        const BoxKeyPair kp = BoxKeyPair::generate();
        const SecretBuffer pass(reinterpret_cast<const unsigned char *>("passphrase!"), 11);
        auto a = lockedkey::seal(s("box-kp"), kp.publicKey, kp.secretKey, pass);
        auto b = lockedkey::seal(s("box-kp"), kp.publicKey, kp.secretKey, pass);
        QVERIFY(a && b);
        QVERIFY(*a != *b); // random salt and nonce
        QVERIFY(lockedkey::readHeader(*a)->memLimit >= 64u * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(tst_Profile)
#include "tst_profile.moc"
