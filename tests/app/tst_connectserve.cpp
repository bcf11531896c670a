// `sws connect` and `sws serve` as processes, against a live `sws serve`: how they end, and
// what they do with output that cannot be written.
#include "../protocol/trusttestutil.h"
#include "testutil.h"

#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <unistd.h>
#include <vector>

using namespace trusttest;
using namespace testutil;

namespace {

const QString kDevFull = QStringLiteral("/dev/full");

// Waits until the process has written a line to the channel that contains `what`;
// returns everything read so far.
QByteArray waitForOutput(QProcess &p, QProcess::ProcessChannel channel, const QByteArray &what) {
    QByteArray seen;
    p.setReadChannel(channel);
    (void)QTest::qWaitFor(
        [&] {
            seen += p.readAll();
            return seen.contains(what) || p.state() == QProcess::NotRunning;
        },
        15000);
    seen += p.readAll();
    return seen;
}

// Ends a process the test started if it is still running (a hang being tested for).
void reap(QProcess &p) {
    if (p.state() == QProcess::NotRunning)
        return;
    p.kill();
    p.waitForFinished(5000);
}

} // namespace

class tst_ConnectServe : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;

    void startSws(QProcess &p, const QStringList &args) {
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral(SWS_CLI_PATH), args);
    }

    // `sws serve` on a free port; its URL from the line it prints.
    QUrl startServe(QProcess &p, const QStringList &more = {}) {
        startSws(p, QStringList{s("serve"), s("--listen"), s("127.0.0.1:0")} + more);
        const QByteArray out = waitForOutput(p, QProcess::StandardOutput, "\n");
        if (!out.startsWith("listening "))
            return {};
        return QUrl(QString::fromUtf8(out.left(out.indexOf('\n')).mid(10).trimmed()));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_env = cleanEnvironment(m_tmp.path()); // pins go to a profile under the temporary HOME
    }

    // The server ends the session after end of input but before --expect N messages came:
    // the output is incomplete, so exit 1 saying how many arrived.
    void expectShortWhenServerCloses() {
        LiveServer server;
        QVERIFY(server.start({}));
        QProcess client;
        startSws(client, {s("connect"), server.url().toString(), s("--expect"), s("2"),
                          s("--timeout"), s("60000")});
        QVERIFY(client.waitForStarted(10000));
        client.write("only one\n");
        client.closeWriteChannel();
        // The echo arrives after the client has read end of input (both wait in its stdin
        // before the session is secure, and it reads until end of input before more news
        // from the server can come).
        QCOMPARE(waitForOutput(client, QProcess::StandardOutput, "\n"), QByteArray("only one\n"));
        server.stop();
        QVERIFY(client.waitForFinished(15000));
        const QString err = QString::fromUtf8(client.readAllStandardError());
        QCOMPARE(client.exitStatus(), QProcess::NormalExit);
        QVERIFY2(client.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(s("the server closed the session")) &&
                     err.contains(s("after 1 of 2 expected messages")),
                 qPrintable(err));
    }

    // With descriptor 0 closed, Qt's first descriptor would take its number and be read as
    // stdin: the command must see an empty input instead and end as on end of input.
    void closedStdin() {
        LiveServer server;
        QVERIFY(server.start({}));
        QProcess client;
        client.setChildProcessModifier([] { ::close(STDIN_FILENO); });
        startSws(client, {s("connect"), server.url().toString(), s("--timeout"), s("2000")});
        QVERIFY(client.waitForStarted(10000));
        const bool ended = client.waitForFinished(20000);
        const QString err = QString::fromUtf8(client.readAllStandardError());
        reap(client);
        QVERIFY2(ended, "sws connect with a closed stdin did not end");
        QVERIFY2(client.exitStatus() == QProcess::NormalExit && client.exitCode() == 0,
                 qPrintable(err));
        QCOMPARE(client.readAllStandardOutput(), QByteArray());
    }

    // SIGINT and SIGTERM end both commands after closing their sessions, with 128 + signal.
    void signals_data() {
        QTest::addColumn<bool>("serve"); // else connect
        QTest::addColumn<int>("signal");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("threads"); // serve --threads (empty: the default)
        QTest::newRow("serve SIGTERM") << true << int(SIGTERM) << 143 << QString();
        QTest::newRow("serve SIGINT") << true << int(SIGINT) << 130 << QString();
        QTest::newRow("serve SIGTERM, one thread") << true << int(SIGTERM) << 143 << s("1");
        QTest::newRow("serve SIGTERM, three threads") << true << int(SIGTERM) << 143 << s("3");
        QTest::newRow("connect SIGTERM") << false << int(SIGTERM) << 143 << QString();
        QTest::newRow("connect SIGINT") << false << int(SIGINT) << 130 << QString();
    }
    void signals() {
        QFETCH(bool, serve);
        QFETCH(int, signal);
        QFETCH(int, code);
        QFETCH(QString, threads);
        QProcess server;
        const QUrl url = startServe(
            server, threads.isEmpty() ? QStringList{s("--verbose")}
                                      : QStringList{s("--verbose"), s("--threads"), threads});
        QVERIFY(url.isValid());
        // A client whose stdin stays open: only a signal (or the server) ends it.
        QProcess client;
        startSws(client, {s("connect"), url.toString(), s("--verbose")});
        QVERIFY(client.waitForStarted(10000));
        const QByteArray log = waitForOutput(client, QProcess::StandardError, ": secured (v1)");
        QVERIFY2(log.contains(": secured (v1)"), log.constData());

        QProcess &target = serve ? server : client;
        QCOMPARE(::kill(static_cast<pid_t>(target.processId()), signal), 0);
        const bool ended = target.waitForFinished(15000);
        const QByteArray targetErr = target.readAllStandardError();
        reap(target);
        QVERIFY(ended);
        QCOMPARE(target.exitStatus(), QProcess::NormalExit);
        QVERIFY2(target.exitCode() == code, targetErr.constData());
        if (serve) {
            // The client's session was closed (1001, going away), not cut: it says the server
            // closed it, and why.
            QVERIFY(client.waitForFinished(15000));
            const QByteArray clientErr = client.readAllStandardError();
            QVERIFY2(clientErr.contains("the server closed the session (code 1001, \"the server is "
                                        "shutting down\")"),
                     clientErr.constData());
        } else {
            // The client closed its session (1001, going away) rather than cutting it.
            const QByteArray serverLog =
                waitForOutput(server, QProcess::StandardError, ": closed (code 1001");
            QVERIFY2(serverLog.contains(": closed (code 1001"), serverLog.constData());
        }
        reap(client);
        reap(server);
    }

    // --threads N: said on stderr at start; clients whose sessions overlap are all served (each
    // on a thread of its own while the others' sessions last); 0 or junk is a usage error.
    void serveThreads() {
        QProcess server;
        const QUrl url = startServe(server, {s("--threads"), s("3")});
        QVERIFY(url.isValid());
        const QByteArray log = waitForOutput(server, QProcess::StandardError, "key fingerprint");
        QVERIFY2(log.contains("echo mode, 3 threads, key fingerprint"), log.constData());
        // Two clients stay connected (stdin open) while a third comes and goes.
        std::vector<std::unique_ptr<QProcess>> held;
        for (int i = 0; i < 2; ++i) {
            held.push_back(std::make_unique<QProcess>());
            QProcess &c = *held.back();
            startSws(c, {s("connect"), url.toString(), s("--timeout"), s("60000")});
            QVERIFY(c.waitForStarted(10000));
            const QByteArray line = "held " + QByteArray::number(i) + "\n";
            c.write(line);
            QCOMPARE(waitForOutput(c, QProcess::StandardOutput, line), line);
        }
        const Run third =
            runSws({s("connect"), url.toString(), s("--expect"), s("1")}, m_env, "third\n");
        QVERIFY2(third.code == 0, qPrintable(third.err));
        QCOMPARE(third.out, s("third\n"));
        for (auto &c : held) {
            c->closeWriteChannel();
            QVERIFY(c->waitForFinished(20000));
            QCOMPARE(c->exitCode(), 0);
        }
        QCOMPARE(::kill(static_cast<pid_t>(server.processId()), SIGTERM), 0);
        QVERIFY(server.waitForFinished(15000));
        QCOMPARE(server.exitCode(), 143);

        for (const QString &bad : {s("0"), s("-2"), s("many"), s("")}) {
            const Run r =
                runSws({s("serve"), s("--listen"), s("127.0.0.1:0"), s("--threads"), bad}, m_env);
            QVERIFY2(r.code == 2, qPrintable(bad + s(": ") + r.err));
            QVERIFY2(r.err.contains(s("--threads wants a positive number")), qPrintable(r.err));
        }
    }

    // A received message that cannot be written to stdout ends the command with exit 1 and
    // the reason, instead of going on with the output lost.
    void connectOutputError() {
        LiveServer server;
        QVERIFY(server.start({}));
        QProcess client;
        client.setStandardOutputFile(kDevFull);
        startSws(client, {s("connect"), server.url().toString(), s("--expect"), s("1")});
        QVERIFY(client.waitForStarted(10000));
        client.write("lost\n");
        client.closeWriteChannel();
        QVERIFY(client.waitForFinished(15000));
        const QString err = QString::fromUtf8(client.readAllStandardError());
        QCOMPARE(client.exitStatus(), QProcess::NormalExit);
        QVERIFY2(client.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(s("sws connect: cannot write to standard output: ")),
                 qPrintable(err));
    }

    // serve's one line on stdout, the address, is what its user waits for: without it, exit 1.
    void serveOutputError() {
        QProcess server;
        server.setStandardOutputFile(kDevFull);
        startSws(server, {s("serve"), s("--listen"), s("127.0.0.1:0")});
        QVERIFY(server.waitForStarted(10000));
        const bool ended = server.waitForFinished(15000);
        const QString err = QString::fromUtf8(server.readAllStandardError());
        reap(server);
        QVERIFY2(ended, "sws serve went on with its address lost");
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QVERIFY2(server.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(s("sws serve: cannot write to standard output: ")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(tst_ConnectServe)
#include "tst_connectserve.moc"
