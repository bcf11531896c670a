// `sws connect` and `sws serve` as processes, against a live `sws serve`: how they end, and
// what they do with output that cannot be written.
#include "../protocol/trusttestutil.h"

#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace trusttest;

namespace {

QString s(const char *utf8) {
    return QString::fromUtf8(utf8);
}

const QString kDevFull = QStringLiteral("/dev/full");

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

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_env = cleanEnvironment(m_tmp.path()); // pins go to a profile under the temporary HOME
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
