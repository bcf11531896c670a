// Certificates and key files between `sws` and the reference CLI (nacl-cert 1.0.4's
// bin/nacl-cert): each accepts what the other wrote, and both refuse a tampered certificate.
#include "cert/keyfiles.h"
#include "cert/naclcert.h"
#include "cert/peerquirks.h"
#include "crypto/crypto.h"
#include "nodepeer.h"
#include "testutil.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace sws;
using namespace testutil;

namespace {

const QString kInterop = QStringLiteral(SWS_SOURCE_DIR "/tests/interop");

} // namespace

class tst_NaclCertInterop : public QObject {
    Q_OBJECT

private:
    QString m_node;
    QTemporaryDir m_ours;   // files sws writes
    QTemporaryDir m_theirs; // files the reference writes

    // The reference CLI writes into its working directory and reports on stdout; it fails by
    // throwing, which exits non-zero.
    Run ref(const QStringList &args, const QString &cwd) {
        QStringList all;
        // Lets the 2014 CLI run on current Node.js (util.puts, fs.writeFile without callback).
        const QString compat = kInterop + s("/node20-compat.js");
        if (QFile::exists(compat))
            all << s("-r") << compat;
        all << kInterop + s("/node_modules/nacl-cert/bin/nacl-cert") << args;
        return runProcess(m_node, all, cwd);
    }
    Run sws(const QStringList &args, const QString &cwd) {
        return runProcess(QStringLiteral(SWS_CLI_PATH), args, cwd);
    }

private Q_SLOTS:
    void initTestCase() {
        SWS_REQUIRE_REFERENCE_NODE(m_node); // node-sws brings the nacl-cert CLI
        QVERIFY2(QFile::exists(kInterop + s("/node_modules/nacl-cert/bin/nacl-cert")),
                 "tests/interop/node_modules/nacl-cert is missing: run scripts/deps.sh");
        QVERIFY(m_ours.isValid() && m_theirs.isValid());
    }

    void referenceAcceptsOurFiles() {
        const QString dir = m_ours.path();
        QCOMPARE(sws({s("keygen")}, dir).code, 0);
        QCOMPARE(
            sws({s("cert"), s("genca"), s("--name"), s("sws-ca"), s("--days"), s("30")}, dir).code,
            0);
        QCOMPARE(
            sws({s("cert"), s("genca"), s("--name"), s("sws-other"), s("--days"), s("30")}, dir)
                .code,
            0);
        const Run made =
            sws({s("cert"), s("gencert"), s("--ca"), s("sws-ca-ca-key.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("ours.test,127.0.0.1"), s("--ips"),
                 s("127.0.0.1"), s("--macs"), s("00:11:22:33:44:55"), s("--days"), s("5")},
                dir);
        QVERIFY2(made.code == 0, qPrintable(made.err));

        const Run ca = ref({s("-m"), s("validateca"), s("-c"), s("sws-ca-ca-cert.json")}, dir);
        QVERIFY2(ca.code == 0, qPrintable(ca.out + ca.err));
        QVERIFY(ca.out.contains(s("Validate CA success")));

        const Run leaf = ref({s("-m"), s("validatecert"), s("-p"), s("ours.test-cert.json"),
                              s("-c"), s("sws-ca-ca-cert.json")},
                             dir);
        QVERIFY2(leaf.code == 0, qPrintable(leaf.out + leaf.err));
        QVERIFY(leaf.out.contains(s("Validate Cert success")));

        // What the reference just accepted is also written in the Java reference's order, so
        // the Java reference signs and checks the same bytes; and its CA key is one the Java
        // Ed25519 verifier accepts.
        for (const char *file : {"sws-ca-ca-cert.json", "ours.test-cert.json"}) {
            const auto c = keyfiles::readCertificate(m_ours.filePath(QLatin1String(file)));
            QVERIFY(c);
            QStringList keys;
            for (const json::Member &m : c->desc().members())
                keys << m.key;
            QCOMPARE(keys, cert::javaFieldOrder(c->isSelfSigned()));
            QCOMPARE(cert::javaSigningText(c->desc()), json::serialize(c->desc()));
            if (c->isSelfSigned())
                QVERIFY(quirks::javaReferenceAcceptsKey(c->publicKey()));
        }

        // Names with escapes and non-ASCII text serialize exactly as JSON.stringify does.
        const Run escaped =
            sws({s("cert"), s("gencert"), s("--ca"), s("sws-ca-ca-key.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("über-café.test,q\"uote\\back/slash,tab\there"),
                 s("--days"), s("5"), s("--out"), s("escaped-cert.json")},
                dir);
        QVERIFY2(escaped.code == 0, qPrintable(escaped.err));
        QVERIFY2(escaped.err.contains(s("will not validate this certificate")),
                 qPrintable(escaped.err)); // the '/'
        const Run escapedRef = ref({s("-m"), s("validatecert"), s("-p"), s("escaped-cert.json"),
                                    s("-c"), s("sws-ca-ca-cert.json")},
                                   dir);
        QVERIFY2(escapedRef.code == 0, qPrintable(escapedRef.out + escapedRef.err));

        // The reference reads our CA key file and our box-kp.json to sign.
        const Run signedByRef =
            ref({s("-m"), s("gencert"), s("-n"), s("refsigned.test"), s("-i"), s("10.0.0.1"),
                 s("-d"), s("3"), s("-p"), s("box-kp.json"), s("-c"), s("sws-ca-ca-key.json")},
                dir);
        QVERIFY2(signedByRef.code == 0, qPrintable(signedByRef.out + signedByRef.err));
        const Run back = sws({s("cert"), s("validate"), s("refsigned.test-cert.json"), s("--ca"),
                              s("sws-ca-ca-cert.json"), s("--ip"), s("10.0.0.1")},
                             dir);
        QCOMPARE(back.code, 0);
        QCOMPARE(back.out, s("refsigned.test-cert.json: OK\n"));
        const auto refCert =
            keyfiles::readCertificate(m_ours.filePath(s("refsigned.test-cert.json")));
        QVERIFY(refCert);
        QCOMPARE(refCert->publicKey(),
                 keyfiles::readBoxPublicKey(m_ours.filePath(s("box-kp.json"))).value());

        // The reference refuses what it should: another CA, a tampered copy.
        const Run otherCa = ref({s("-m"), s("validatecert"), s("-p"), s("ours.test-cert.json"),
                                 s("-c"), s("sws-other-ca-cert.json")},
                                dir);
        QVERIFY(otherCa.code != 0);
        QVERIFY(!otherCa.out.contains(s("success")));
        QByteArray tampered = readAll(m_ours.filePath(s("ours.test-cert.json")));
        QVERIFY(tampered.contains("\"ours.test\""));
        tampered.replace("\"ours.test\"", "\"evil.test\"");
        QVERIFY(writeAll(m_ours.filePath(s("tampered-cert.json")), tampered));
        const Run refTampered = ref({s("-m"), s("validatecert"), s("-p"), s("tampered-cert.json"),
                                     s("-c"), s("sws-ca-ca-cert.json")},
                                    dir);
        QVERIFY(refTampered.code != 0);
        QVERIFY(!refTampered.out.contains(s("success")));
    }

    // nacl-cert's verdicts in tests/vectors/java-certs.json, reproduced live: it accepts what
    // the Java reference made, except with a '/' in a string, and refuses a certificate a
    // Java peer re-ordered; `sws cert validate` agrees.
    void referenceOnJavaVectors_data() {
        QTest::addColumn<QByteArray>("certText");
        QTest::addColumn<QByteArray>("caText");
        QTest::addColumn<bool>("nodeVerdict");
        QFile f(QStringLiteral(SWS_VECTORS_DIR "/java-certs.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto v = json::parse(f.readAll());
        QVERIFY(v);
        auto text = [](const json::Value &o, const char *key) {
            return o.find(QLatin1String(key))->toString().toUtf8();
        };
        for (const char *name : {"server", "client"}) {
            const json::Value &e = *v->find(s("java_made"))->find(QLatin1String(name));
            QTest::newRow(name) << text(e, "file_text") << text(e, "ca_cert_text")
                                << e.find(s("node_nacl_cert_verdict"))->toBool();
        }
        const json::Value &slash = *v->find(s("slash_escaping"));
        QTest::newRow("slash_escaping") << text(slash, "file_text") << text(slash, "ca_cert_text")
                                        << slash.find(s("node_nacl_cert_verdict"))->toBool();
        const json::Value &wire = *v->find(s("reordered_on_wire"))->find(s("server"));
        QTest::newRow("sws server re-ordered by a Java peer")
            << text(wire, "java_wire_text") << text(wire, "ca_cert_text")
            << wire.find(s("node_nacl_cert_verdict_on_java_wire_text"))->toBool();
    }
    void referenceOnJavaVectors() {
        QFETCH(QByteArray, certText);
        QFETCH(QByteArray, caText);
        QFETCH(bool, nodeVerdict);
        const QString dir = m_theirs.path();
        QVERIFY(writeAll(m_theirs.filePath(s("java-cert.json")), certText));
        QVERIFY(writeAll(m_theirs.filePath(s("java-ca.json")), caText));
        const Run r = ref(
            {s("-m"), s("validatecert"), s("-p"), s("java-cert.json"), s("-c"), s("java-ca.json")},
            dir);
        QCOMPARE(r.out.contains(s("Validate Cert success")), nodeVerdict);
        const Run ours =
            sws({s("cert"), s("validate"), s("java-cert.json"), s("--ca"), s("java-ca.json")}, dir);
        QCOMPARE(ours.code == 0, nodeVerdict);
    }

    void weAcceptReferenceFiles() {
        const QString dir = m_theirs.path();
        const Run genca = ref({s("-m"), s("genca"), s("-n"), s("ref-ca"), s("-d"), s("30")}, dir);
        QVERIFY2(genca.code == 0, qPrintable(genca.out + genca.err));
        const Run genkey = ref({s("-m"), s("genkeypair")}, dir);
        QVERIFY2(genkey.code == 0, qPrintable(genkey.out + genkey.err));
        QVERIFY(QFile::exists(m_theirs.filePath(s("box-kp.json"))));
        // The reference's gencert crashes without -i (ips.split of undefined): always pass it.
        const Run gencert =
            ref({s("-m"), s("gencert"), s("-n"), s("ref.test,127.0.0.1"), s("-i"), s("127.0.0.1"),
                 s("-d"), s("5"), s("-p"), s("box-kp.json"), s("-c"), s("ref-ca-ca-key.json")},
                dir);
        QVERIFY2(gencert.code == 0, qPrintable(gencert.out + gencert.err));

        // The library loads every file the reference wrote.
        const auto kp = keyfiles::readBoxKeyPair(m_theirs.filePath(s("box-kp.json")));
        QVERIFY2(kp, qPrintable(kp ? QString() : kp.error().message));
        const auto caKey = keyfiles::readCaKey(m_theirs.filePath(s("ref-ca-ca-key.json")));
        QVERIFY2(caKey, qPrintable(caKey ? QString() : caKey.error().message));
        const auto caCert = keyfiles::readCertificate(m_theirs.filePath(s("ref-ca-ca-cert.json")));
        QVERIFY(caCert);
        QCOMPARE(caCert->toBytes(), caKey->cert.toBytes());
        const auto leaf = keyfiles::readCertificate(m_theirs.filePath(s("ref.test-cert.json")));
        QVERIFY(leaf);
        QCOMPARE(leaf->publicKey(), kp->publicKey);
        QVERIFY(leaf->macs().isEmpty()); // the reference CLI writes no macs
        const cert::Verdict peer =
            cert::validatePeer(*leaf, {*caCert}, kp->publicKey, {s("www.ref.test"), {}}, true,
                               QDateTime::currentMSecsSinceEpoch());
        QVERIFY2(peer.valid, qPrintable(peer.message));

        // And the command line accepts them.
        const Run ca = sws({s("cert"), s("validate"), s("ref-ca-ca-cert.json")}, dir);
        QCOMPARE(ca.code, 0);
        QCOMPARE(ca.out, s("ref-ca-ca-cert.json: OK\n"));
        const Run cert = sws({s("cert"), s("validate"), s("ref.test-cert.json"), s("--ca"),
                              s("ref-ca-ca-cert.json"), s("--host"), s("ref.test")},
                             dir);
        QCOMPARE(cert.code, 0);
        QCOMPARE(cert.out, s("ref.test-cert.json: OK\n"));
        QCOMPARE(sws({s("cert"), s("show"), s("ref.test-cert.json")}, dir).code, 0);

        // sws signs with the reference's CA key and key pair; the reference accepts the result.
        const Run ours = sws({s("cert"), s("gencert"), s("--ca"), s("ref-ca-ca-key.json"),
                              s("--publickey"), s("box-kp.json"), s("--names"), s("mixed.test"),
                              s("--ips"), s("::1"), s("--days"), s("2")},
                             dir);
        QVERIFY2(ours.code == 0, qPrintable(ours.err));
        const Run refCheck = ref({s("-m"), s("validatecert"), s("-p"), s("mixed.test-cert.json"),
                                  s("-c"), s("ref-ca-ca-cert.json")},
                                 dir);
        QVERIFY2(refCheck.code == 0, qPrintable(refCheck.out + refCheck.err));

        // A tampered reference certificate is refused.
        QByteArray tampered = readAll(m_theirs.filePath(s("ref.test-cert.json")));
        QVERIFY(tampered.contains("\"ref.test\""));
        tampered.replace("\"ref.test\"", "\"evil.test\"");
        QVERIFY(writeAll(m_theirs.filePath(s("tampered-cert.json")), tampered));
        const Run bad = sws({s("cert"), s("validate"), s("tampered-cert.json"), s("--ca"),
                             s("ref-ca-ca-cert.json")},
                            dir);
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.startsWith(s("tampered-cert.json: invalid (Signature)")),
                 qPrintable(bad.err));
        // A certificate of this CA does not validate against a CA of the same name made anew.
        const Run otherCa =
            ref({s("-m"), s("genca"), s("-n"), s("ref-ca"), s("-d"), s("30")}, m_ours.path());
        QCOMPARE(otherCa.code, 0);
        const Run impostor = sws({s("cert"), s("validate"), s("ref.test-cert.json"), s("--ca"),
                                  m_ours.filePath(s("ref-ca-ca-cert.json"))},
                                 dir);
        QCOMPARE(impostor.code, 1);
        QVERIFY(impostor.err.startsWith(s("ref.test-cert.json: invalid (Signature)")));
    }
};

QTEST_GUILESS_MAIN(tst_NaclCertInterop)
#include "tst_naclcertinterop.moc"
