#pragma once
// What the interop tests share: where the reference peer lives, a running ref-server.js, and the
// reference CLI's PKI (make-pki.sh).
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTest>
#include <QUrl>

namespace interop {

inline const QString kInteropDir = QStringLiteral(SWS_SOURCE_DIR "/tests/interop");

// The node binary, or empty when node or tests/interop/node_modules/node-sws is missing.
inline QString referenceNode() {
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty() || !QFile::exists(kInteropDir + QStringLiteral("/node_modules/node-sws")))
        return {};
    return node;
}

// In initTestCase(): the node binary, else fail under CI (interop must run there) or skip.
#define SWS_REQUIRE_REFERENCE_NODE(node)                                                           \
    do {                                                                                           \
        (node) = interop::referenceNode();                                                         \
        if ((node).isEmpty()) {                                                                    \
            if (qEnvironmentVariableIsSet("CI"))                                                   \
                QFAIL("CI must run interop: node or tests/interop/node_modules is missing");       \
            QSKIP("node or tests/interop/node_modules missing: run scripts/deps.sh");              \
        }                                                                                          \
    } while (false)

// Writes the reference CLI's CA, server and client files into dir; false with its stderr.
inline bool makeReferencePki(const QString &dir, QByteArray *errors) {
    QProcess mk;
    mk.start(QStringLiteral("bash"), {kInteropDir + QStringLiteral("/make-pki.sh"), dir});
    const bool ok = mk.waitForFinished(120000) && mk.exitCode() == 0;
    *errors = mk.readAllStandardError();
    return ok;
}

// A running reference server (ref-server.js).
struct NodeServer {
    QProcess proc;
    QUrl url;
    ~NodeServer() {
        if (proc.state() != QProcess::NotRunning) {
            proc.terminate();
            if (!proc.waitForFinished(5000))
                proc.kill();
            proc.waitForFinished(2000);
        }
    }
    // Starts ref-server.js on a free port with args and waits for its "listening" line.
    bool start(const QString &node, const QStringList &args) {
        proc.setWorkingDirectory(kInteropDir);
        proc.setProcessChannelMode(QProcess::SeparateChannels);
        proc.start(node, QStringList{QStringLiteral("ref-server.js"), QStringLiteral("--port"),
                                     QStringLiteral("0")} +
                             args);
        if (!proc.waitForStarted(10000))
            return false;
        QByteArray line;
        (void)QTest::qWaitFor(
            [&] {
                if (proc.canReadLine())
                    line = proc.readLine();
                return line.startsWith("listening ") || proc.state() == QProcess::NotRunning;
            },
            15000);
        if (!line.startsWith("listening "))
            return false;
        url = QUrl(QString::fromUtf8(line.mid(10).trimmed()));
        return url.isValid();
    }
};

} // namespace interop
