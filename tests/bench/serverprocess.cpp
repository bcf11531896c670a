#include "serverprocess.h"

#include "procstats.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QUrl>

namespace sws::bench {

ServerProcess::~ServerProcess() {
    stop();
}

bool ServerProcess::start(const QStringList &command, int cpu, QString *error) {
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (cpu >= 0)
        m_process.setChildProcessModifier([cpu] { pinToCpu(cpu); });
    m_process.start(command.value(0), command.mid(1));
    if (!m_process.waitForStarted(10000)) {
        *error = command.value(0) + QStringLiteral(": ") + m_process.errorString();
        return false;
    }
    // A server under valgrind takes a while to start.
    const QByteArray line = readLine(60000);
    if (!line.startsWith("listening ")) {
        *error = QStringLiteral("server did not start: %1").arg(QString::fromUtf8(line));
        stop();
        return false;
    }
    const QByteArray where = line.mid(10).trimmed();
    m_port = where.contains("://") ? static_cast<quint16>(QUrl(QString::fromUtf8(where)).port())
                                   : static_cast<quint16>(where.toUInt());
    return m_port != 0;
}

QByteArray ServerProcess::readLine(int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!m_process.canReadLine() && t.elapsed() < timeoutMs &&
           m_process.state() == QProcess::Running) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        m_process.waitForReadyRead(5);
    }
    return m_process.canReadLine() ? m_process.readLine().trimmed() : QByteArray();
}

ServerProcess::Stats ServerProcess::stats(int timeoutMs) {
    Stats s;
    if (m_process.state() != QProcess::Running)
        return s;
    m_process.write("stats\n");
    const QByteArray line = readLine(timeoutMs);
    if (!line.startsWith("stats "))
        return s;
    for (const QByteArray &field : line.mid(6).split(' ')) {
        const int eq = field.indexOf('=');
        const QByteArray key = field.left(eq);
        const qint64 value = field.mid(eq + 1).toLongLong();
        if (key == "rss_kib")
            s.rssKiB = value;
        else if (key == "heap_bytes")
            s.heapBytes = value;
        else if (key == "fds")
            s.fds = static_cast<int>(value);
        else if (key == "sessions")
            s.sessions = static_cast<int>(value);
    }
    s.ok = true;
    return s;
}

void ServerProcess::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (m_stopBySignal) {
        m_process.terminate();
    } else {
        m_process.write("quit\n");
        m_process.closeWriteChannel();
    }
    if (!m_process.waitForFinished(30000)) { // valgrind writes its profile first
        m_process.terminate();
        if (!m_process.waitForFinished(3000)) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }
}

QString nodeVersion(const QString &node) {
    QProcess p;
    p.start(node, {QStringLiteral("--version")});
    if (p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        return QString::fromUtf8(p.readAll()).trimmed();
    return {};
}

} // namespace sws::bench
