// Runs the real `sws` binary: what goes to stdout and what to stderr, output that cannot be
// written, and how `sws connect` prints what it receives and reports what it reached.
#include "cert/keyfiles.h"
#include "crypto/crypto.h"
#include "json/json.h"
#include "session/securewebsocketserver.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>

using namespace sws;
using namespace testutil;

class tst_CliOutput : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    mode_t m_oldUmask = 022;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    Run sws(const QStringList &args, const QString &cwd = {}, const QString &stdoutFile = {}) {
        return runSws(args, {}, {}, cwd.isEmpty() ? m_dir.path() : cwd, stdoutFile);
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

    // `sws serve` (echo) on a free port: its URL from the line it prints.
    QUrl startServe(QProcess &serve) {
        serve.setWorkingDirectory(m_dir.path());
        serve.start(QStringLiteral(SWS_CLI_PATH), {s("serve"), s("--listen"), s("127.0.0.1:0")});
        QByteArray line;
        const bool up = QTest::qWaitFor(
            [&] {
                if (serve.canReadLine())
                    line = serve.readLine().trimmed();
                return line.startsWith("listening ") || serve.state() == QProcess::NotRunning;
            },
            20000);
        if (!up || !line.startsWith("listening "))
            return {};
        return QUrl(QString::fromUtf8(line.mid(int(qstrlen("listening ")))));
    }

    // Runs `sws ARGS` with its stdout on a pseudo-terminal (stderr still captured).
    Run swsOnTerminal(const QStringList &args) {
        Run r;
        const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
            return r;
        const QByteArray slave = ::ptsname(master);
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.setChildProcessModifier([slave] {
            const int fd = ::open(slave.constData(), O_RDWR | O_NOCTTY);
            if (fd >= 0)
                (void)::dup2(fd, STDOUT_FILENO);
        });
        p.start(QStringLiteral(SWS_CLI_PATH), args);
        if (p.waitForStarted(10000) && p.waitForFinished(60000)) {
            r.code = p.exitCode();
            r.err = QString::fromUtf8(p.readAllStandardError());
        }
        ::close(master);
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(SWS_CLI_PATH)));
        m_oldUmask = ::umask(022);
        // A key pair, a CA and a certificate for the commands below.
        QCOMPARE(sws({s("keygen")}).code, 0);
        QCOMPARE(sws({s("cert"), s("genca"), s("--name"), s("test-ca"), s("--days"), s("30")}).code,
                 0);
        QCOMPARE(
            sws({s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-key.json"), s("--publickey"),
                 s("box-kp.json"), s("--names"), s("server.test"), s("--days"), s("7")})
                .code,
            0);
    }
    void cleanupTestCase() { ::umask(m_oldUmask); }

    // The rule every command follows: what it produces on stdout; progress, confirmations,
    // warnings and errors on stderr.
    void stdoutHoldsOnlyTheResult_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("stdoutPattern"); // the whole of stdout
        QTest::addColumn<QString>("stderrHas");
        const QString profile = path(s("rule-profile"));
        auto row = [](const char *name, const QStringList &args, const char *out, const char *err) {
            QTest::newRow(name) << args << s(out) << s(err);
        };
        row("keygen", {s("keygen"), s("-o"), s("rule-kp.json")},
            "public key:  [0-9a-f]{64}\nfingerprint: [0-9a-f ]{24}\n",
            "sws keygen: wrote rule-kp.json (secret key, mode 0600)\n");
        row("cert genca", {s("cert"), s("genca"), s("--name"), s("rule"), s("--days"), s("1")},
            "CA:          \"rule\"\nexpires:     [-0-9T:.Z]+\nfingerprint: [0-9a-f ]{24}\n",
            "sws cert genca: wrote rule-ca-cert.json (CA certificate)\n");
        row("cert gencert",
            {s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-key.json"), s("--publickey"),
             s("box-kp.json"), s("--names"), s("rule.test"), s("--days"), s("1")},
            "CA:          \"test-ca\"\nnames:       \"rule.test\"\nips:         \\(none\\)\n"
            "key:         [0-9a-f ]{24}\nexpires:     [-0-9T:.Z]+\nfingerprint: [0-9a-f ]{24}\n",
            "sws cert gencert: wrote rule.test-cert.json (certificate)\n");
        row("cert validate valid",
            {s("cert"), s("validate"), s("server.test-cert.json"), s("--ca"),
             s("test-ca-ca-cert.json")},
            "server.test-cert.json: OK\n", "");
        row("cert validate invalid",
            {s("cert"), s("validate"), s("server.test-cert.json"), s("--ca"),
             s("test-ca-ca-cert.json"), s("--host"), s("other.test")},
            "", "server.test-cert.json: invalid (EndpointBinding): not issued for host");
        row("identity new", {s("identity"), s("new"), s("alice"), s("-p"), profile},
            "alice  [0-9a-f ]{24}\n", "sws identity new: wrote ");
        row("identity export",
            {s("identity"), s("export"), s("alice"), path(s("alice-pub.json")), s("--public"),
             s("-p"), profile},
            "", "sws identity export: wrote ");
        row("pin add",
            {s("pin"), s("add"), s("127.0.0.1:9/"), QString(64, QLatin1Char('a')), s("-p"),
             profile},
            "127.0.0.1:9/  [0-9a-f ]{24}\n", "");
        row("pin remove", {s("pin"), s("remove"), s("127.0.0.1:9/"), s("-p"), profile}, "",
            "sws pin remove: removed the pin of 127.0.0.1:9/\n");
        row("trust add", {s("trust"), s("add"), s("test-ca-ca-cert.json"), s("-p"), profile},
            "[0-9a-f]{16}\n", "");
        row("trust disable", {s("trust"), s("disable"), s("test-ca"), s("-p"), profile}, "",
            "sws trust disable: ");
        row("identity remove", {s("identity"), s("remove"), s("alice"), s("-p"), profile}, "",
            "sws identity remove: removed ");
    }
    void stdoutHoldsOnlyTheResult() {
        QFETCH(QStringList, args);
        QFETCH(QString, stdoutPattern);
        QFETCH(QString, stderrHas);
        const Run r = sws(args);
        QVERIFY2(r.code == 0 ||
                     (r.code == 1 && stdoutPattern.isEmpty() && args.contains(s("validate"))),
                 qPrintable(r.err));
        const QRegularExpression whole(QRegularExpression::anchoredPattern(stdoutPattern));
        QVERIFY2(whole.match(r.out).hasMatch(), qPrintable(r.out));
        QVERIFY2(r.err.contains(stderrHas), qPrintable(r.err));
        QVERIFY2(!r.out.contains(s("wrote")), qPrintable(r.out));
    }

    // --out - writes the key pair or certificate to stdout; no file named "-" is made.
    void outToStdout() {
        const Run kp = sws({s("keygen"), s("--out"), s("-")});
        QCOMPARE(kp.code, 0);
        QVERIFY(!QFile::exists(path(s("-"))));
        QVERIFY(writeAll(path(s("piped-kp.json")), kp.out.toUtf8()));
        const auto pair = keyfiles::readBoxKeyPair(path(s("piped-kp.json")));
        QVERIFY2(pair, qPrintable(kp.out));
        QCOMPARE(kp.err, s("sws keygen: public key %1, fingerprint %2\n")
                             .arg(toHex(pair->publicKey), fingerprint(pair->publicKey)));

        const Run c = sws({s("cert"), s("gencert"), s("--ca"), s("test-ca-ca-key.json"),
                           s("--publickey"), s("piped-kp.json"), s("--names"), s("piped.test"),
                           s("--days"), s("1"), s("-o"), s("-")});
        QCOMPARE(c.code, 0);
        QVERIFY(!QFile::exists(path(s("-"))) && !QFile::exists(path(s("piped.test-cert.json"))));
        QVERIFY(writeAll(path(s("piped-cert.json")), c.out.toUtf8()));
        const auto cert = keyfiles::readCertificate(path(s("piped-cert.json")));
        QVERIFY2(cert, qPrintable(c.out));
        QCOMPARE(cert->publicKey(), pair->publicKey);
        QVERIFY(c.err.contains(s("sws cert gencert: fingerprint: ") + cert->fingerprint()));
        QCOMPARE(sws({s("cert"), s("validate"), s("piped-cert.json"), s("--ca"),
                      s("test-ca-ca-cert.json")})
                     .code,
                 0);
    }

    // As ssh-keygen: a secret key is not written to a terminal.
    void keygenRefusesSecretKeyOnTerminal() {
        const Run r = swsOnTerminal({s("keygen"), s("-o"), s("-")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(s("refusing to write a secret key to a terminal")),
                 qPrintable(r.err));
        // A file is fine with a terminal on stdout.
        QCOMPARE(swsOnTerminal({s("keygen"), s("-o"), s("tty-kp.json")}).code, 0);
        QVERIFY(keyfiles::readBoxKeyPair(path(s("tty-kp.json"))));
    }

    // sws-desktop: -V/--version and --help on stdout (exit 0), listed in its help and in the
    // manual page written from it; a wrong option on stderr (exit 2).
    void desktopVersionAndManPage() {
        const QString desktop =
            QFileInfo(QStringLiteral(SWS_CLI_PATH)).dir().filePath(s("sws-desktop"));
        if (!QFile::exists(desktop))
            QSKIP("sws-desktop is not built (SWS_BUILD_UI=OFF)");
        const Run version = runProcess(desktop, {s("--version")});
        QCOMPARE(version.code, 0);
        QVERIFY2(version.out.startsWith(s("sws-desktop ")) &&
                     version.out.endsWith(QLatin1Char('\n')),
                 qPrintable(version.out + version.err));
        QCOMPARE(runProcess(desktop, {s("-V")}).out, version.out);
        // The same version as sws.
        QCOMPARE(version.out.mid(12), sws({s("--version")}).out.mid(4));
        const Run help = runProcess(desktop, {s("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY2(help.out.contains(s("-V, --version")), qPrintable(help.out));
        QVERIFY(help.out.contains(s("--profile")));
        const Run wrong = runProcess(desktop, {s("--bogus")});
        QCOMPARE(wrong.code, 2);
        QVERIFY(wrong.out.isEmpty() && !wrong.err.isEmpty());

        const Run page = runProcess(s(SWS_SOURCE_DIR "/scripts/manpage.sh"), {desktop});
        QCOMPARE(page.code, 0);
        QVERIFY2(page.out.startsWith(s(".TH SWS-DESKTOP 1")), qPrintable(page.out.left(200)));
        QVERIFY(page.out.contains(s("\\-V, \\-\\-version")) ||
                page.out.contains(s("-V, --version")));
        QVERIFY(page.out.contains(s(".BR sws (1)")));
    }

    // Every received message prints as one line that no other message prints as.
    void receivedMessagesAreUnambiguous() {
        QProcess serve;
        const QUrl url = startServe(serve);
        QVERIFY(url.isValid());
        // Sent as hex (--hex-input), echoed back by the server, printed by connect.
        const QList<QPair<QByteArray, QByteArray>> cases{
            {"ABC", "ABC"},
            {"414243", "414243"},
            {QByteArray("\0ABC", 4), "[binary 4 bytes] 00414243"},
            {"\xff\xfe"
             "A",
             "[binary 3 bytes] fffe41"},
            {"\x1b[31mred", "[binary 8 bytes] 1b5b33316d726564"},
            {"a\nb", "[binary 3 bytes] 610a62"},
            {"\xc2\x9b"
             "2J",
             "[binary 4 bytes] c29b324a"}, // C1 CSI
            {"[binary 3 bytes] 414243", "\\[binary 3 bytes] 414243"},
            {"\\x", "\\\\x"},
            {"a\tb", "a\tb"},
            {"gr\xc3\xbc\xc3\x9f", "gr\xc3\xbc\xc3\x9f"},
        };
        QByteArray input, expected;
        for (const auto &c : cases) {
            input += c.first.toHex() + '\n';
            expected += c.second + '\n';
        }
        const Run r =
            runSws({s("connect"), url.toString(), s("--pin-policy"), s("off"), s("--hex-input"),
                    s("--expect"), QString::number(cases.size()), s("--timeout"), s("60000")},
                   {}, input, m_dir.path());
        // --hex: every message as bare hex, text or not.
        const Run hex = runSws({s("connect"), url.toString(), s("--pin-policy"), s("off"),
                                s("--hex-input"), s("--hex"), s("--expect"),
                                QString::number(cases.size()), s("--timeout"), s("60000")},
                               {}, input, m_dir.path());
        serve.terminate();
        serve.waitForFinished(10000);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out.toUtf8(), expected);
        QVERIFY2(hex.code == 0, qPrintable(hex.err));
        QCOMPARE(hex.out.toUtf8(), input);
        QVERIFY(!r.out.contains(QChar(0x1b)));
        // Every line differs from every other.
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(QSet<QString>(lines.begin(), lines.end()).size(), int(cases.size()));
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
        QCOMPARE(errors.contains("looks like the Java reference implementation"), javaShape);
        if (javaShape)
            QVERIFY2(errors.contains("sws serve: warning: the client at 127.0.0.1:") &&
                         errors.contains("anyone who saw this handshake can read the session"),
                     errors.constData());
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
};

QTEST_GUILESS_MAIN(tst_CliOutput)
#include "tst_clioutput.moc"
