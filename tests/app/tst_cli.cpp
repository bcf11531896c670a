// Runs the real `sws` binary: exit codes, output, files and their modes.
#include "cert/keyfiles.h"
#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "json/json.h"
#include "session/securewebsocketserver.h"
#include "testutil.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <sys/stat.h>

using namespace sws;
using namespace testutil;

namespace {

// The member names of a JSON object, in their order.
QStringList keysOf(const json::Value &object) {
    QStringList keys;
    for (const json::Member &m : object.members())
        keys << m.key;
    return keys;
}

} // namespace

class tst_Cli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_outputs; // everything any run printed
    mode_t m_oldUmask = 022;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    Run sws(const QStringList &args, const QString &cwd = {}, const QString &stdoutFile = {}) {
        const Run r = runSws(args, {}, {}, cwd.isEmpty() ? m_dir.path() : cwd, stdoutFile);
        m_outputs << r.out << r.err;
        return r;
    }

    // `sws connect URL` (no pinning) while this process's event loop serves the peer it talks
    // to; stdin gets `input` and stays open unless closeInput.
    Run connectWhileServing(const QUrl &url, const QByteArray &input, bool closeInput = true) {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral(SWS_CLI_PATH),
                {s("connect"), url.toString(), s("--pin-policy"), s("off")});
        Run r;
        if (!p.waitForStarted(10000))
            return r;
        p.write(input);
        if (closeInput)
            p.closeWriteChannel();
        if (!QTest::qWaitFor([&p] { return p.state() == QProcess::NotRunning; }, 60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(SWS_CLI_PATH)));
        m_oldUmask = ::umask(022); // the children inherit it: certificates become 0644
    }
    void cleanupTestCase() { ::umask(m_oldUmask); }

    void version() {
        const Run r = sws({s("--version")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(s("sws ")));
        QVERIFY(r.err.isEmpty());
    }

    void help_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("start");
        QTest::newRow("--help") << QStringList{s("--help")} << s("usage: sws COMMAND");
        QTest::newRow("help") << QStringList{s("help")} << s("usage: sws COMMAND");
        QTest::newRow("keygen") << QStringList{s("keygen"), s("--help")} << s("usage: sws keygen");
        QTest::newRow("cert") << QStringList{s("cert"), s("--help")} << s("usage: sws cert");
        QTest::newRow("cert help") << QStringList{s("cert"), s("help")} << s("usage: sws cert");
        QTest::newRow("genca") << QStringList{s("cert"), s("genca"), s("--help")}
                               << s("usage: sws cert genca --name");
        QTest::newRow("gencert") << QStringList{s("cert"), s("gencert"), s("-h")}
                                 << s("usage: sws cert gencert --ca");
        QTest::newRow("validate") << QStringList{s("cert"), s("validate"), s("--help")}
                                  << s("usage: sws cert validate CERT.json");
        QTest::newRow("show") << QStringList{s("cert"), s("show"), s("--help")}
                              << s("usage: sws cert show CERT.json");
        QTest::newRow("help cert genca")
            << QStringList{s("help"), s("cert"), s("genca")} << s("usage: sws cert genca");
        QTest::newRow("--help after other options")
            << QStringList{s("cert"), s("genca"), s("--name"), s("x"), s("--help")}
            << s("usage: sws cert genca");
    }
    void help() {
        QFETCH(QStringList, args);
        QFETCH(QString, start);
        const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
        const Run r = sws(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(start), qPrintable(r.out));
        QVERIFY(r.out.contains(s("--help")) || r.out.contains(s("COMMAND --help")));
        QVERIFY(r.err.isEmpty());
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before); // nothing was made
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        auto row = [](const char *name, QStringList args, const char *mentions) {
            QTest::newRow(name) << args << s(mentions);
        };
        row("no command", {}, "missing command");
        row("unknown command", {s("frobnicate")}, "unknown command");
        row("help for unknown command", {s("help"), s("frobnicate")}, "unknown command");
        row("keygen extra argument", {s("keygen"), s("extra")}, "unexpected argument");
        row("keygen unknown option", {s("keygen"), s("--bogus")}, "unknown option --bogus");
        row("keygen single dash", {s("keygen"), s("-o")}, "unknown option");
        row("keygen --out without value", {s("keygen"), s("--out")}, "--out needs a value");
        row("keygen --out followed by option", {s("keygen"), s("--out"), s("--force")},
            "--out needs a value");
        row("keygen flag with value", {s("keygen"), s("--force=yes")}, "takes no value");
        row("keygen option twice", {s("keygen"), s("--out"), s("a"), s("--out=b")}, "twice");
        row("cert alone", {s("cert")}, "missing subcommand");
        row("cert unknown", {s("cert"), s("frob")}, "unknown subcommand");
        row("genca without name", {s("cert"), s("genca"), s("--days"), s("3")},
            "--name is required");
        row("genca without days", {s("cert"), s("genca"), s("--name"), s("x")},
            "--days is required");
        row("genca negative days", {s("cert"), s("genca"), s("--name"), s("x"), s("--days=-1")},
            "--days");
        row("genca zero days", {s("cert"), s("genca"), s("--name"), s("x"), s("--days"), s("0")},
            "--days");
        row("genca days not a number",
            {s("cert"), s("genca"), s("--name"), s("x"), s("--days"), s("ten")}, "--days");
        row("genca name with slash",
            {s("cert"), s("genca"), s("--name"), s("a/b"), s("--days"), s("3")}, "--name");
        row("genca name with comma",
            {s("cert"), s("genca"), s("--name"), s("a,b"), s("--days"), s("3")}, "--name");
        row("gencert without ca",
            {s("cert"), s("gencert"), s("--publickey"), s("p"), s("--names"), s("a"), s("--days"),
             s("1")},
            "--ca is required");
        row("gencert bad ip",
            {s("cert"), s("gencert"), s("--ca"), s("c"), s("--publickey"), s("p"), s("--names"),
             s("a"), s("--ips"), s("127.1"), s("--days"), s("1")},
            "not an IP address");
        row("gencert bad mac",
            {s("cert"), s("gencert"), s("--ca"), s("c"), s("--publickey"), s("p"), s("--names"),
             s("a"), s("--macs"), s("00:11"), s("--days"), s("1")},
            "not a MAC address");
        row("gencert empty name",
            {s("cert"), s("gencert"), s("--ca"), s("c"), s("--publickey"), s("p"), s("--names"),
             s("a,,b"), s("--days"), s("1")},
            "empty entry");
        row("gencert name unusable as file",
            {s("cert"), s("gencert"), s("--ca"), s("c"), s("--publickey"), s("p"), s("--names"),
             s("a/b"), s("--days"), s("1")},
            "--out");
        row("validate without file", {s("cert"), s("validate")}, "missing CERT.json");
        row("validate bad ip", {s("cert"), s("validate"), s("x.json"), s("--ip"), s("nope")},
            "not an IP address");
        row("show two files", {s("cert"), s("show"), s("a"), s("b")}, "unexpected argument");
        row("serve zero per source",
            {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--max-per-source"), s("0")},
            "--max-per-source");
        row("serve per source not a number",
            {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--max-per-source"), s("ten")},
            "--max-per-source");
        row("serve parked per source negative",
            {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--max-parked-per-source"), s("-1")},
            "--max-parked-per-source");
        row("serve parked per source not a number",
            {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--max-parked-per-source"), s("lots")},
            "--max-parked-per-source");
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const QStringList before = QDir(m_dir.path()).entryList(QDir::Files);
        const Run r = sws(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.startsWith(s("sws")), qPrintable(r.err));
        QVERIFY2(r.err.endsWith(QLatin1Char('\n')) && r.err.count(QLatin1Char('\n')) == 1,
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
        QVERIFY(r.err.contains(s("--help")));
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), before);
    }

    void keygen() {
        const Run r = sws({s("keygen")});
        QCOMPARE(r.code, 0);
        const QString file = path(s("box-kp.json"));
        QCOMPARE(modeOf(file), 0600);
        const auto kp = keyfiles::readBoxKeyPair(file);
        QVERIFY(kp);
        QVERIFY(r.out.contains(toHex(kp->publicKey)));
        QVERIFY(r.out.contains(fingerprint(kp->publicKey)));

        const QByteArray before = readAll(file);
        const Run again = sws({s("keygen")});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains(s("already exists")) && again.err.contains(s("--force")));
        QCOMPARE(again.err.count(QLatin1Char('\n')), 1);
        QCOMPARE(readAll(file), before);

        const Run forced = sws({s("keygen"), s("--force")});
        QCOMPARE(forced.code, 0);
        QVERIFY(readAll(file) != before);
        QCOMPARE(modeOf(file), 0600);

        const Run other = sws({s("keygen"), s("--out"), s("client-kp.json")});
        QCOMPARE(other.code, 0);
        QCOMPARE(modeOf(path(s("client-kp.json"))), 0600);
        QVERIFY(keyfiles::readBoxKeyPair(path(s("client-kp.json"))));
    }

    void genca() {
        const Run r = sws({s("cert"), s("genca"), s("--name"), s("test-ca"), s("--days"), s("30")});
        QCOMPARE(r.code, 0);
        const QString certFile = path(s("test-ca-ca-cert.json"));
        const QString keyFile = path(s("test-ca-ca-key.json"));
        QCOMPARE(modeOf(keyFile), 0600);
        QCOMPARE(modeOf(certFile), 0644);
        const auto ca = keyfiles::readCaKey(keyFile);
        QVERIFY(ca);
        QCOMPARE(readAll(certFile), ca->cert.toBytes());
        QCOMPARE(ca->cert.caName(), s("test-ca"));
        QVERIFY(r.out.contains(ca->cert.fingerprint()));
        // The Java reference's field order, and a key its Ed25519 verifier accepts.
        QCOMPARE(keysOf(ca->cert.desc()), cert::javaFieldOrder(true));
        QCOMPARE(cert::javaSigningText(ca->cert.desc()), json::serialize(ca->cert.desc()));
        QVERIFY(static_cast<unsigned char>(ca->cert.publicKey().at(31)) < 0x80);
        const qint64 days = (ca->cert.tteMs() - *ca->cert.signTimeMs()) / (24LL * 3600 * 1000);
        QCOMPARE(days, qint64(30));

        // Not replaced without --force; both files stay as they were.
        const QByteArray key = readAll(keyFile), cert = readAll(certFile);
        const Run again =
            sws({s("cert"), s("genca"), s("--name"), s("test-ca"), s("--days"), s("30")});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains(s("--force")));
        QCOMPARE(readAll(keyFile), key);
        QCOMPARE(readAll(certFile), cert);
        QVERIFY(QFile::remove(certFile)); // the key alone also blocks
        QCOMPARE(sws({s("cert"), s("genca"), s("--name"), s("test-ca"), s("--days"), s("30")}).code,
                 1);
        QCOMPARE(readAll(keyFile), key);
        QVERIFY(!QFile::exists(certFile));

        const Run forced = sws(
            {s("cert"), s("genca"), s("--name"), s("test-ca"), s("--days"), s("30"), s("--force")});
        QCOMPARE(forced.code, 0);
        QVERIFY(readAll(keyFile) != key);
        QCOMPARE(modeOf(keyFile), 0600);

        // --out-dir, created if missing.
        const Run inDir = sws({s("cert"), s("genca"), s("--name"), s("other-ca"), s("--days"),
                               s("30"), s("--out-dir"), s("cas")});
        QCOMPARE(inDir.code, 0);
        QCOMPARE(modeOf(path(s("cas/other-ca-ca-key.json"))), 0600);
        QVERIFY(keyfiles::readCertificate(path(s("cas/other-ca-ca-cert.json"))));
    }

    void gencert() {
        const QStringList args{s("cert"),        s("gencert"),
                               s("--ca"),        s("test-ca-ca-key.json"),
                               s("--publickey"), s("box-kp.json"),
                               s("--names"),     s("server.test,alt.test"),
                               s("--ips"),       s("127.0.0.1,::1"),
                               s("--macs"),      s("00:11:22:33:44:55"),
                               s("--days"),      s("7")};
        const Run r = sws(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString file = path(s("server.test-cert.json")); // first name, as the reference
        QCOMPARE(modeOf(file), 0644);
        const auto c = keyfiles::readCertificate(file);
        QVERIFY(c);
        QCOMPARE(c->names(), QStringList({s("server.test"), s("alt.test")}));
        QCOMPARE(c->ips(), QStringList({s("127.0.0.1"), s("::1")}));
        QCOMPARE(c->macs(), QStringList{s("00:11:22:33:44:55")});
        QCOMPARE(c->publicKey(), keyfiles::readBoxPublicKey(path(s("box-kp.json"))).value());
        const auto ca = keyfiles::readCertificate(path(s("test-ca-ca-cert.json")));
        QVERIFY(cert::validate(*c, &*ca, QDateTime::currentMSecsSinceEpoch()).valid);
        QVERIFY(r.out.contains(c->fingerprint()));
        QCOMPARE(keysOf(c->desc()), cert::javaFieldOrder(false));
        QCOMPARE(cert::javaSigningText(c->desc()), json::serialize(c->desc()));
        QVERIFY2(!r.err.contains(s("Java")), qPrintable(r.err));

        const QByteArray first = readAll(file);
        const Run again = sws(args);
        QCOMPARE(again.code, 1); // exists
        QVERIFY(again.err.contains(s("--force")));
        QCOMPARE(readAll(file), first);
        QCOMPARE(sws(QStringList(args) << s("--force")).code, 0);
        QVERIFY(readAll(file) != first); // a new gid and signtime

        // A file with only the public key, and --out.
        const QByteArray pk = BoxKeyPair::generate().publicKey;
        QVERIFY(writeAll(path(s("pub.json")), json::serialize(json::Value::object(
                                                  {{s("publickey"), json::bytesToArray(pk)}}))));
        const Run pub = sws({s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-key.json"),
                             s("--publickey"), s("pub.json"), s("--names"), s("client"),
                             s("--days"), s("1"), s("--out"), s("client.json")});
        QCOMPARE(pub.code, 0);
        QCOMPARE(keyfiles::readCertificate(path(s("client.json")))->publicKey(), pk);

        // Failures that are not usage errors: exit 1.
        const Run tooLong =
            sws({s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-key.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("long.test"), s("--days"), s("31")});
        QCOMPARE(tooLong.code, 1);
        QVERIFY2(tooLong.err.contains(s("after its CA")), qPrintable(tooLong.err));
        QVERIFY(!QFile::exists(path(s("long.test-cert.json"))));
        const Run noCa =
            sws({s("cert"), s("gencert"), s("--ca"), s("missing.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("x.test"), s("--days"), s("1")});
        QCOMPARE(noCa.code, 1);
        QVERIFY(noCa.err.contains(s("missing.json")));
        // A certificate is not a CA key.
        QCOMPARE(
            sws({s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-cert.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("x.test"), s("--days"), s("1")})
                .code,
            1);
    }

    // A '/' is allowed, with a warning: the Java reference will not validate the certificate.
    void gencertWarnsAboutSlash() {
        const Run r =
            sws({s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-key.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("svc.example/x,b.test"), s("--days"), s("1"),
                 s("--out"), s("slash.json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(s("sws cert gencert: warning: \"svc.example/x\" holds '/': the "
                                  "Java reference signs it as '\\/' and will not validate this "
                                  "certificate")),
                 qPrintable(r.err));
        QVERIFY(!r.out.contains(s("warning")));
        QVERIFY(keyfiles::readCertificate(path(s("slash.json"))));
    }

    // A signature that verifies only in the other reference's order says so.
    void validateExplainsFieldOrder() {
        QFile f(QStringLiteral(SWS_VECTORS_DIR "/java-certs.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto vectors = json::parse(f.readAll());
        QVERIFY(vectors);
        const json::Value &server = *vectors->find(s("reordered_on_wire"))->find(s("server"));
        QVERIFY(writeAll(path(s("wire-cert.json")),
                         server.find(s("java_wire_text"))->toString().toUtf8()));
        QVERIFY(
            writeAll(path(s("wire-ca.json")), server.find(s("ca_cert_text"))->toString().toUtf8()));
        QVERIFY(
            writeAll(path(s("file-cert.json")), server.find(s("file_text"))->toString().toUtf8()));
        const Run asMade =
            sws({s("cert"), s("validate"), s("file-cert.json"), s("--ca"), s("wire-ca.json")});
        QCOMPARE(asMade.code, 0);
        const Run wire = sws({s("cert"), s("validate"), s("wire-cert.json"), s("--ca"),
                              s("wire-ca.json"), s("--verbose")});
        QCOMPARE(wire.code, 1);
        QVERIFY2(wire.out.startsWith(s("invalid (Signature): re-ordered after signing, as a Java "
                                       "peer does when it sends a certificate")),
                 qPrintable(wire.out));
        QVERIFY(wire.out.contains(s("FAIL Signature       re-ordered after signing")));

        // One of ours (Java order) rewritten in nacl-cert's order.
        const auto ours = keyfiles::readCertificate(path(s("server.test-cert.json")));
        QVERIFY(ours);
        json::Value desc = json::Value::object();
        for (const QString &key : cert::naclCertFieldOrder(false))
            desc.insert(key, *ours->desc().find(key));
        json::Value doc = ours->raw();
        doc.insert(s("desc"), desc);
        QVERIFY(writeAll(path(s("js-order.json")), json::serialize(doc)));
        const Run js = sws(
            {s("cert"), s("validate"), s("js-order.json"), s("--ca"), s("test-ca-ca-cert.json")});
        QCOMPARE(js.code, 1);
        QVERIFY2(js.out.startsWith(
                     s("invalid (Signature): signed over the Java reference's field order")),
                 qPrintable(js.out));
    }

    // `sws serve` warns about a client whose ClientHello has the Java reference's shape.
    void serveWarnsAboutJavaClient_data() {
        QTest::addColumn<bool>("javaShape");
        QTest::newRow("Java reference shape") << true;
        QTest::newRow("node-sws shape") << false;
    }
    void serveWarnsAboutJavaClient() {
        QFETCH(bool, javaShape);
        QProcess serve;
        serve.setProcessChannelMode(QProcess::SeparateChannels);
        serve.start(QStringLiteral(SWS_CLI_PATH), {s("serve"), s("--listen"), s("127.0.0.1:0")});
        QByteArray line;
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (serve.canReadLine())
                    line = serve.readLine();
                return line.startsWith("listening ");
            },
            15000));
        const QByteArray key =
            json::serialize(json::bytesToArray(BoxKeyPair::generate().publicKey));
        const QByteArray nonce = json::serialize(json::bytesToArray(randomBytes(8)));
        const QByteArray hello = javaShape
                                     ? "{\"opc\":0,\"version\":1,\"nonce\":" + nonce +
                                           ",\"client_public_key\":" + key + "}"
                                     : "{\"opc\":0,\"version\":1,\"client_public_key\":" + key +
                                           ",\"nonce\":" + nonce + "}";
        QWebSocket client;
        QSignalSpy reply(&client, &QWebSocket::textMessageReceived);
        QObject::connect(&client, &QWebSocket::connected, &client,
                         [&] { client.sendTextMessage(QString::fromUtf8(hello)); });
        client.open(QUrl(QString::fromUtf8(line.mid(10).trimmed())));
        QTRY_COMPARE_WITH_TIMEOUT(reply.size(), 1, 10000); // ServerHello: hello accepted
        QVERIFY(reply.first().first().toString().contains(s("\"opc\":1")));
        // Leaving mid-handshake makes serve report the failure: every line before it is out.
        client.close();
        QByteArray errors;
        QVERIFY(QTest::qWaitFor(
            [&] {
                errors += serve.readAllStandardError();
                return errors.contains("handshake with");
            },
            10000));
        serve.terminate();
        QVERIFY(serve.waitForFinished(10000));
        errors += serve.readAllStandardError();
        m_outputs << QString::fromUtf8(errors);
        QCOMPARE(errors.contains("looks like the Java reference implementation"), javaShape);
        if (javaShape)
            QVERIFY2(errors.contains("sws serve: warning: the client at 127.0.0.1:") &&
                         errors.contains("anyone who saw this handshake can read the session"),
                     errors.constData());
    }

    void validate_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("output");
        const QString leaf = s("server.test-cert.json");
        const QString ca = s("test-ca-ca-cert.json");
        auto row = [](const char *name, const QStringList &args, int code, const char *output) {
            QTest::newRow(name) << args << code << s(output);
        };
        row("valid", {leaf, s("--ca"), ca}, 0, "valid\n");
        row("CA itself", {ca}, 0, "valid\n");
        row("host", {leaf, s("--ca"), ca, s("--host"), s("www.server.test")}, 0, "valid\n");
        row("ip", {leaf, s("--ca"), ca, s("--ip"), s("::1")}, 0, "valid\n");
        row("ip mapped", {leaf, s("--ca"), ca, s("--ip"), s("::ffff:127.0.0.1")}, 0, "valid\n");
        row("host wrong, ip right",
            {leaf, s("--ca"), ca, s("--host"), s("evil.test"), s("--ip"), s("127.0.0.1")}, 0,
            "valid\n");
        row("host wrong", {leaf, s("--ca"), ca, s("--host"), s("badserver.test")}, 1,
            "invalid (EndpointBinding)");
        row("ip wrong", {leaf, s("--ca"), ca, s("--ip"), s("10.0.0.1")}, 1,
            "invalid (EndpointBinding)");
        row("other CA", {leaf, s("--ca"), s("cas/other-ca-ca-cert.json")}, 1, "invalid (CaName)");
        row("leaf as CA", {leaf, s("--ca"), leaf}, 1, "invalid (CaSelfSigned)");
        row("tampered", {s("tampered.json"), s("--ca"), ca}, 1, "invalid (Signature)");
        row("malformed", {s("malformed.json"), s("--ca"), ca}, 1, "invalid (Format)");
        row("duplicate key", {s("duplicate.json"), s("--ca"), ca}, 1, "invalid (Format)");
        row("verbose", {leaf, s("--ca"), ca, s("--verbose")}, 0, "ok   Signature");
        row("verbose failure", {s("tampered.json"), s("--ca"), ca, s("--verbose")}, 1,
            "FAIL Signature");
    }
    void validate() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, output);
        // Tampered and malformed copies of the certificate made by gencert.
        QByteArray good = readAll(path(s("server.test-cert.json")));
        QVERIFY(!good.isEmpty());
        QByteArray tampered = good;
        tampered.replace("\"alt.test\"", "\"evil.test\"");
        QVERIFY(tampered != good);
        QVERIFY(writeAll(path(s("tampered.json")), tampered));
        QVERIFY(
            writeAll(path(s("malformed.json")), good.replace("\"tte\":", "\"tte\":\"1\",\"x\":")));
        QByteArray dup = readAll(path(s("server.test-cert.json")));
        dup.replace("{\"version\"", "{\"type\":\"ca\",\"version\"");
        QVERIFY(writeAll(path(s("duplicate.json")), dup));

        const Run r = sws(QStringList{s("cert"), s("validate")} + args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.out.contains(output), qPrintable(r.out));
        QCOMPARE(r.out.startsWith(s("valid\n")), code == 0);
        QVERIFY(r.err.isEmpty());
    }

    void validateNeedsCa() {
        const Run r = sws({s("cert"), s("validate"), s("server.test-cert.json")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(s("--ca")));
        const Run missing = sws({s("cert"), s("validate"), s("nothing.json")});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains(s("nothing.json")));
    }

    void show() {
        const Run r = sws({s("cert"), s("show"), s("server.test-cert.json")});
        QCOMPARE(r.code, 0);
        const auto c = keyfiles::readCertificate(path(s("server.test-cert.json")));
        QVERIFY(c);
        const QString expires =
            QDateTime::fromMSecsSinceEpoch(c->tteMs(), Qt::UTC).toString(Qt::ISODateWithMs);
        QVERIFY(expires.endsWith(QLatin1Char('Z')));
        QVERIFY2(r.out.contains(s("expires:     ") + expires), qPrintable(r.out));
        QVERIFY(r.out.contains(c->fingerprint()));
        QVERIFY(r.out.contains(toHex(c->publicKey())));
        QVERIFY(r.out.contains(s("\"server.test\", \"alt.test\"")));
        QVERIFY(r.out.contains(s("\"test-ca\"")));
        QVERIFY(r.out.contains(c->gid()));

        const Run ca = sws({s("cert"), s("show"), s("test-ca-ca-cert.json")});
        QCOMPARE(ca.code, 0);
        QVERIFY(ca.out.contains(s("self-signed")));

        const Run bad = sws({s("cert"), s("show"), s("malformed.json")});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.out.isEmpty());
        QCOMPARE(bad.err.count(QLatin1Char('\n')), 1);
    }

    void showEscapesControlCharacters() {
        // A name with a terminal escape is shown escaped, never raw.
        const Run r = sws({s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-key.json"),
                           s("--publickey"), s("box-kp.json"), s("--names"), s("x\x1b[31mred.test"),
                           s("--days"), s("1"), s("--out"), s("esc.json")});
        QCOMPARE(r.code, 0);
        const Run shown = sws({s("cert"), s("show"), s("esc.json")});
        QCOMPARE(shown.code, 0);
        QVERIFY(!shown.out.contains(QChar(0x1b)));
        QVERIFY(shown.out.contains(s("\\u001b[31mred.test")));
    }

    // Each wrong URL is named for what is wrong with it.
    void connectUrlErrors_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("mentions");
        auto row = [](const char *name, const char *url, const char *mentions) {
            QTest::newRow(name) << s(url) << s(mentions);
        };
        row("https", "https://example.test/", "the URL must start with ws:// (got https://)");
        row("http", "http://127.0.0.1:8080/", "must start with ws:// (got http://)");
        row("wss", "wss://example.test/", "wss:// is not supported");
        row("no scheme", "localhost:8080", "must start with ws:// (got localhost:8080)");
        row("no host", "ws:///path", "the URL has no host");
        row("port without host", "ws://:8080/", "the URL has no host");
        row("port 0", "ws://127.0.0.1:0/", "port 0 is out of range (1-65535)");
        row("port 65536", "ws://127.0.0.1:65536/", "port 65536 is out of range");
        row("huge port", "ws://h:123456789012345/", "port 123456789012345 is out of range");
        row("port not a number", "ws://127.0.0.1:80a/", "port 80a is not a number");
        row("unclosed bracket", "ws://[::1:8080/", "cannot parse the URL");
        row("space in host", "ws://a b/", "cannot parse the URL");
    }
    void connectUrlErrors() {
        QFETCH(QString, url);
        QFETCH(QString, mentions);
        const Run r = sws({s("connect"), url});
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.startsWith(s("sws connect: ")) && r.err.contains(mentions),
                 qPrintable(r.err));
    }

    // Output that cannot be written (a full disk) fails the command, whatever it printed.
    void outputErrors_data() {
        QTest::addColumn<QStringList>("args");
        const QString profile = path(s("full-profile"));
        auto row = [](const char *name, const QStringList &args) { QTest::newRow(name) << args; };
        row("--version", {s("--version")});
        row("--help", {s("--help")});
        row("keygen", {s("keygen"), s("--out"), s("full-kp.json"), s("--force")});
        row("cert genca",
            {s("cert"), s("genca"), s("--name"), s("full"), s("--days"), s("1"), s("--force")});
        row("cert show", {s("cert"), s("show"), s("server.test-cert.json")});
        row("cert validate", {s("cert"), s("validate"), s("server.test-cert.json"), s("--ca"),
                              s("test-ca-ca-cert.json")});
        row("identity list", {s("identity"), s("list"), s("--profile"), profile});
        row("identity show", {s("identity"), s("show"), s("one"), s("--profile"), profile});
        row("pin list", {s("pin"), s("list"), s("--profile"), profile});
        row("trust list", {s("trust"), s("list"), s("--profile"), profile});
    }
    void outputErrors() {
        QFETCH(QStringList, args);
        const QString profile = path(s("full-profile"));
        if (!QFile::exists(profile)) { // something for each list to print
            QCOMPARE(sws({s("identity"), s("new"), s("one"), s("--profile"), profile}).code, 0);
            QCOMPARE(sws({s("pin"), s("add"), s("127.0.0.1:9/"), toHex(QByteArray(32, 'k')),
                          s("--profile"), profile})
                         .code,
                     0);
            QCOMPARE(sws({s("trust"), s("add"), s("test-ca-ca-cert.json"), s("--profile"), profile})
                         .code,
                     0);
        }
        const Run normal = sws(args);
        QVERIFY(normal.code == 0 && !normal.out.isEmpty()); // it does print something
        const Run r = sws(args, {}, s("/dev/full"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(s("sws")) &&
                     r.err.endsWith(s(": cannot write to standard output: No space left on "
                                      "device\n")),
                 qPrintable(r.err));
    }

    // A secret key file others may read is used, with a warning as ssh gives; 0600 is quiet.
    void secretKeyFileMode_data() {
        QTest::addColumn<QStringList>("args"); // KEY stands for the key file
        QTest::addColumn<bool>("caKey");       // a CA key, else a box key pair
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("code");
        const QStringList connect{s("connect"), s("ws://127.0.0.1:9/"), s("--key"), s("KEY"),
                                  s("--ca"),    s("nothing.json")};
        const QStringList serve{s("serve"),        s("--listen"), s("127.0.0.1:0"),
                                s("--key"),        s("KEY"),      s("--cert"),
                                s("nothing.json"), s("--ca"),     s("nothing.json")};
        const QStringList gencert{
            s("cert"),        s("gencert"),        s("--ca"),      s("KEY"),    s("--publickey"),
            s("box-kp.json"), s("--names"),        s("mode.test"), s("--days"), s("1"),
            s("--out"),       s("mode-cert.json"), s("--force")};
        const QStringList import{s("identity"), s("import"),    s("NAME"),
                                 s("KEY"),      s("--profile"), path(s("mode-profile"))};
        for (int mode : {0600, 0644, 0640}) {
            const QByteArray m = QByteArray::number(mode, 8);
            QTest::newRow("connect --key 0" + m) << connect << false << mode << 1;
            QTest::newRow("serve --key 0" + m) << serve << false << mode << 1;
            QTest::newRow("cert gencert --ca 0" + m) << gencert << true << mode << 0;
            QTest::newRow("identity import 0" + m) << import << false << mode << 0;
        }
    }
    void secretKeyFileMode() {
        QFETCH(QStringList, args);
        QFETCH(bool, caKey);
        QFETCH(int, mode);
        QFETCH(int, code);
        const QString key = s("mode-%1-key.json")
                                .arg(QString::fromLatin1(QTest::currentDataTag()))
                                .replace(QRegularExpression(s("[^a-z0-9]+")), s("_"));
        QFile::remove(path(key));
        QVERIFY(QFile::copy(path(s(caKey ? "test-ca-ca-key.json" : "box-kp.json")), path(key)));
        QCOMPARE(::chmod(QFile::encodeName(path(key)).constData(), static_cast<mode_t>(mode)), 0);
        args.replace(args.indexOf(s("KEY")), key);
        if (args.contains(s("NAME")))
            args.replace(args.indexOf(s("NAME")), s("m%1").arg(mode, 0, 8));
        const Run r = sws(args);
        QVERIFY2(r.code == code, qPrintable(r.err));
        const QString warning = s("warning: %1 is readable by others (mode 0%2); chmod 600 %1\n")
                                    .arg(key)
                                    .arg(mode, 0, 8);
        if (mode == 0600)
            QVERIFY2(!r.err.contains(s("warning")), qPrintable(r.err));
        else
            QVERIFY2(r.err.contains(warning), qPrintable(r.err));
        QCOMPARE(modeOf(path(key)), mode); // a warning, not a change
    }

    // `sws connect` names what it reached when that is not an SWS server.
    void connectToAnHttpServer() {
        QTcpServer http;
        QVERIFY(http.listen(QHostAddress::LocalHost, 0));
        connect(&http, &QTcpServer::newConnection, this, [&http] {
            QTcpSocket *c = http.nextPendingConnection();
            connect(c, &QTcpSocket::readyRead, c, [c] {
                if (!c->readAll().contains("\r\n\r\n"))
                    return;
                c->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                c->disconnectFromHost();
            });
        });
        const Run r =
            connectWhileServing(QUrl(s("ws://127.0.0.1:%1/").arg(http.serverPort())), "hello\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("not a WebSocket server (HTTP 200)")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(s("QWebSocketPrivate")), qPrintable(r.err));
    }

    void connectToAPlainWebSocketServer() {
        QWebSocketServer echo(s("echo"), QWebSocketServer::NonSecureMode);
        QVERIFY(echo.listen(QHostAddress::LocalHost, 0));
        connect(&echo, &QWebSocketServer::newConnection, this, [&echo] {
            QWebSocket *ws = echo.nextPendingConnection();
            ws->setParent(&echo);
            connect(ws, &QWebSocket::textMessageReceived, ws,
                    [ws](const QString &m) { ws->sendTextMessage(m); });
        });
        const Run r =
            connectWhileServing(QUrl(s("ws://127.0.0.1:%1/").arg(echo.serverPort())), "hello\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("a WebSocket server that does not speak SWS")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(s("NotSwsServer")), qPrintable(r.err));
    }

    // A connection that drops without a close frame is reported as 1006, not as a close 1000.
    void connectionDropIsCode1006() {
        ServerConfig cfg;
        cfg.session.keyPair = BoxKeyPair::generate();
        SecureWebSocketServer server(std::move(cfg));
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        // A relay in front of the server that drops both TCP connections once the first
        // message has passed.
        QTcpServer relay;
        QVERIFY(relay.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> ends;
        connect(&server, &SecureWebSocketServer::sessionSecured, this,
                [&ends](SecureWebSocket *session) {
                    connect(session, &SecureWebSocket::binaryMessageReceived, session, [&ends] {
                        for (QTcpSocket *e : ends)
                            e->abort();
                    });
                });
        connect(&relay, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *in = relay.nextPendingConnection();
            auto *out = new QTcpSocket(in);
            ends << out << in;
            connect(in, &QTcpSocket::readyRead, out, [in, out] {
                if (out->state() == QAbstractSocket::ConnectedState)
                    out->write(in->readAll());
            });
            connect(out, &QTcpSocket::connected, in, [in, out] { out->write(in->readAll()); });
            connect(out, &QTcpSocket::readyRead, in, [in, out] { in->write(out->readAll()); });
            out->connectToHost(QHostAddress::LocalHost, server.serverPort());
        });
        const Run r = connectWhileServing(QUrl(s("ws://127.0.0.1:%1/").arg(relay.serverPort())),
                                          "hello\n", false);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("code 1006")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(s("code 1000")), qPrintable(r.err));
    }

    // `sws serve --verbose` reports a client whose connection drops as 1006, not as a close 1000.
    void serveReportsConnectionDropAs1006() {
        QProcess serve;
        serve.setWorkingDirectory(m_dir.path());
        serve.start(QStringLiteral(SWS_CLI_PATH),
                    {s("serve"), s("--listen"), s("127.0.0.1:0"), s("--verbose")});
        QVERIFY(serve.waitForStarted(10000));
        QByteArray line;
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (serve.canReadLine())
                    line = serve.readLine().trimmed();
                return line.startsWith("listening ") || serve.state() == QProcess::NotRunning;
            },
            15000));
        const QUrl url(QString::fromUtf8(line.mid(int(qstrlen("listening ")))));
        QVERIFY2(url.port() > 0, line.constData());
        // A relay in front of it, to drop the connection without a close frame.
        QTcpServer relay;
        QVERIFY(relay.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> ends;
        connect(&relay, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *in = relay.nextPendingConnection();
            auto *out = new QTcpSocket(in);
            ends << out << in;
            connect(in, &QTcpSocket::readyRead, out, [in, out] {
                if (out->state() == QAbstractSocket::ConnectedState)
                    out->write(in->readAll());
            });
            connect(out, &QTcpSocket::connected, in, [in, out] { out->write(in->readAll()); });
            connect(out, &QTcpSocket::readyRead, in, [in, out] { in->write(out->readAll()); });
            out->connectToHost(QHostAddress::LocalHost, quint16(url.port()));
        });
        SessionConfig cfg;
        cfg.keyPair = BoxKeyPair::generate();
        SecureWebSocket client(std::move(cfg));
        QSignalSpy secured(&client, &SecureWebSocket::secured);
        client.open(QUrl(s("ws://127.0.0.1:%1/").arg(relay.serverPort())));
        QTRY_COMPARE_WITH_TIMEOUT(secured.count(), 1, 10000);
        for (QTcpSocket *e : ends)
            e->abort();
        QByteArray err;
        const bool reported = QTest::qWaitFor(
            [&] {
                err += serve.readAllStandardError();
                return err.contains("closed (code ");
            },
            15000);
        serve.terminate();
        serve.waitForFinished(10000);
        QVERIFY2(reported, err.constData());
        QVERIFY2(err.contains("closed (code 1006)"), err.constData());
    }

    void noSecretsInAnyOutput() {
        // Every key made by the runs above, in hex, decimal-array and base64 form.
        QList<QByteArray> forms;
        for (const char *file : {"box-kp.json", "client-kp.json"}) {
            const auto kp = keyfiles::readBoxKeyPair(path(s(file)));
            QVERIFY(kp);
            forms += secretForms(kp->secretKey.copyOut());
        }
        for (const char *file : {"test-ca-ca-key.json", "cas/other-ca-ca-key.json"}) {
            const auto ca = keyfiles::readCaKey(path(s(file)));
            QVERIFY(ca);
            forms += secretForms(ca->secretKey.copyOut());
            forms += secretForms(ca->secretKey.copyOut().left(32)); // the seed alone
        }
        QVERIFY(m_outputs.size() > 40);
        for (const QString &output : std::as_const(m_outputs)) {
            for (const QByteArray &form : std::as_const(forms))
                QVERIFY2(!output.toUtf8().contains(form), "a secret key was printed");
        }
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
