// Runs the real `sws` binary: help, usage errors, keys and certificates (exit codes, output,
// files and their modes). Output conventions and `sws connect`: tst_clioutput; --json: tst_clijson.
#include "cert/keyfiles.h"
#include "cert/naclcert.h"
#include "crypto/crypto.h"
#include "json/json.h"
#include "testutil.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

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
        const Run shortForm = sws({s("-V")});
        QCOMPARE(shortForm.code, 0);
        QCOMPARE(shortForm.out, r.out);
        // Listed in the help, with its short form.
        QVERIFY(sws({s("--help")}).out.contains(s("-V, --version")));
    }

    void help_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("start");
        QTest::newRow("--help") << QStringList{s("--help")} << s("usage: sws [-p DIR] COMMAND");
        QTest::newRow("help") << QStringList{s("help")} << s("usage: sws [-p DIR] COMMAND");
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

    // Every command's usage line lists every option of its help; a short letter means the same
    // long option in every command.
    void usageLinesListEveryOption() {
        const auto names = [](const QString &help, const QString &heading) {
            QStringList found;
            bool on = false;
            for (const QString &line : help.split(QLatin1Char('\n'))) {
                if (line == heading) {
                    on = true;
                } else if (on && line.startsWith(s("  ")) && line.at(2).isLower()) {
                    found << line.mid(2).section(QLatin1Char(' '), 0, 0);
                } else {
                    on = false;
                }
            }
            return found;
        };
        QList<QStringList> commands;
        for (const QString &c : names(sws({s("--help")}).out, s("commands:"))) {
            const QString help = sws({c, s("--help")}).out;
            const QStringList subs = names(help, s("subcommands:"));
            if (subs.isEmpty())
                commands << QStringList{c};
            for (const QString &sub : subs)
                commands << QStringList{c, sub};
        }
        QVERIFY(commands.size() >= 25);
        const QRegularExpression optionLine(
            s("^  (?:-([a-zA-Z]), |    )--([a-z0-9-]+)(?: [^ ]+)?  "));
        QHash<QString, QString> letters; // "o" -> "out"
        int checked = 0;
        for (const QStringList &command : std::as_const(commands)) {
            const Run r = sws(command + QStringList{s("--help")});
            QCOMPARE(r.code, 0);
            const QString usage = r.out.section(QLatin1Char('\n'), 0, 0);
            QVERIFY2(usage.startsWith(s("usage: sws ") + command.join(QLatin1Char(' '))),
                     qPrintable(usage));
            for (const QString &line : r.out.split(QLatin1Char('\n'))) {
                const auto m = optionLine.match(line);
                if (!m.hasMatch())
                    continue;
                const QString name = m.captured(2);
                if (!m.captured(1).isEmpty()) {
                    const QString letter = m.captured(1);
                    QVERIFY2(
                        letters.value(letter, name) == name,
                        qPrintable(s("-%1 is --%2 and --%3").arg(letter, letters[letter], name)));
                    letters.insert(letter, name);
                }
                if (name == s("help"))
                    continue;
                const QRegularExpression word(s("(^|[^a-z0-9-])--%1($|[^a-z0-9-])").arg(name));
                QVERIFY2(usage.contains(word),
                         qPrintable(s("%1: --%2 missing from: %3")
                                        .arg(command.join(QLatin1Char(' ')), name, usage)));
                ++checked;
            }
        }
        QVERIFY(checked > 80);
        QCOMPARE(letters.value(s("o")), s("out"));
        QCOMPARE(letters.value(s("p")), s("profile"));
        QCOMPARE(letters.value(s("k")), s("key"));
        QCOMPARE(letters.value(s("i")), s("identity"));
        QCOMPARE(letters.value(s("v")), s("verbose"));
        QCOMPARE(letters.value(s("h")), s("help"));
    }

    // The short forms do what the long ones do, before the command and after it.
    void shortOptions() {
        const QString profile = path(s("short-profile"));
        QCOMPARE(sws({s("identity"), s("new"), s("bob"), s("-p"), profile}).code, 0);
        const Run longForm = sws({s("identity"), s("list"), s("--profile"), profile});
        QCOMPARE(longForm.code, 0);
        QVERIFY(longForm.out.startsWith(s("bob ")));
        QCOMPARE(sws({s("-p"), profile, s("identity"), s("list")}).out, longForm.out);
        QCOMPARE(sws({s("identity"), s("-p"), profile, s("list")}).out, longForm.out);
        QCOMPARE(sws({s("identity"), s("list"), s("-p") + profile}).out, longForm.out);

        const Run attached = sws({s("keygen"), s("-oshort-kp.json")});
        QCOMPARE(attached.code, 0);
        QVERIFY(keyfiles::readBoxKeyPair(path(s("short-kp.json"))));
        const Run separate = sws({s("keygen"), s("-o"), s("short2-kp.json")});
        QCOMPARE(separate.code, 0);
        QVERIFY(keyfiles::readBoxKeyPair(path(s("short2-kp.json"))));
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
        row("keygen unknown short option", {s("keygen"), s("-x")}, "unknown option -x");
        row("keygen -o without value", {s("keygen"), s("-o")}, "-o needs a value (FILE)");
        row("keygen -o and --out", {s("keygen"), s("-o"), s("a"), s("--out"), s("b")},
            "--out given twice");
        row("keygen --out - with --json", {s("keygen"), s("-o"), s("-"), s("--json")},
            "both write to stdout");
        row("gencert --out - with --json",
            {s("cert"), s("gencert"), s("--ca"), s("c"), s("--publickey"), s("p"), s("--names"),
             s("a"), s("--days"), s("1"), s("-o"), s("-"), s("--json")},
            "both write to stdout");
        row("validate flag letter with a value", {s("cert"), s("validate"), s("x.json"), s("-vv")},
            "unknown option -vv");
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
        // The key on stdout, the file written on stderr.
        QCOMPARE(r.out, s("public key:  %1\nfingerprint: %2\n")
                            .arg(toHex(kp->publicKey), fingerprint(kp->publicKey)));
        QCOMPARE(r.err, s("sws keygen: wrote box-kp.json (secret key, mode 0600)\n"));

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
        QVERIFY2(!r.out.contains(s("wrote")), qPrintable(r.out));
        QVERIFY(r.err.contains(s("sws cert genca: wrote test-ca-ca-cert.json (CA certificate)\n")));
        QVERIFY(r.err.contains(s("sws cert genca: wrote test-ca-ca-key.json (CA secret key")));
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
        QVERIFY2(!r.out.contains(s("wrote")), qPrintable(r.out));
        QCOMPARE(r.err, s("sws cert gencert: wrote server.test-cert.json (certificate)\n"));
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
        QVERIFY(wire.out.isEmpty());
        QVERIFY2(wire.err.contains(s("wire-cert.json: invalid (Signature): re-ordered after "
                                     "signing, as a Java peer does when it sends a certificate")),
                 qPrintable(wire.err));
        QVERIFY(wire.err.contains(s("FAIL Signature       re-ordered after signing")));

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
        QVERIFY2(js.err.startsWith(s("js-order.json: invalid (Signature): signed over the Java "
                                     "reference's field order")),
                 qPrintable(js.err));
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
        row("valid", {leaf, s("--ca"), ca}, 0, "OK");
        row("CA itself", {ca}, 0, "OK");
        row("host", {leaf, s("--ca"), ca, s("--host"), s("www.server.test")}, 0, "OK");
        row("ip", {leaf, s("--ca"), ca, s("--ip"), s("::1")}, 0, "OK");
        row("ip mapped", {leaf, s("--ca"), ca, s("--ip"), s("::ffff:127.0.0.1")}, 0, "OK");
        row("host wrong, ip right",
            {leaf, s("--ca"), ca, s("--host"), s("evil.test"), s("--ip"), s("127.0.0.1")}, 0, "OK");
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
        // As openssl verify: "FILE: OK" on stdout, or "FILE: invalid (RULE): REASON" on stderr;
        // --verbose's rule lines on stderr.
        const QString file = args.first();
        const QString verdict = code == 0 ? s("%1: OK\n").arg(file) : s("%1: invalid (").arg(file);
        QVERIFY2((code == 0 ? r.out : r.err).contains(verdict), qPrintable(r.out + r.err));
        QVERIFY2((r.out + r.err).contains(output), qPrintable(r.out + r.err));
        if (code == 0)
            QCOMPARE(r.out, verdict); // nothing else on stdout
        else
            QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.isEmpty(), code == 0 && !args.contains(s("--verbose")));
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
