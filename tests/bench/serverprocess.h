#pragma once

#include <QProcess>
#include <QStringList>

namespace sws::bench {

// A benchmark server in its own process (sws_bench --serve …, or the node-sws script),
// optionally pinned to one CPU. Speaks the small line protocol of benchserver.h.
class ServerProcess {
public:
    ServerProcess() = default;
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    // `sws serve` reads no commands: stop it with SIGTERM instead of "quit".
    void setStopBySignal(bool on) { m_stopBySignal = on; }
    void setEnvironment(const QProcessEnvironment &env) { m_process.setProcessEnvironment(env); }

    // Starts `command` (program first) and waits for its "listening PORT" line (or
    // "listening ws://HOST:PORT/", as sws serve prints it).
    bool start(const QStringList &command, int cpu, QString *error);
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }

    struct Stats {
        bool ok = false;
        qint64 rssKiB = 0;
        qint64 heapBytes = 0;
        int fds = 0;
        int sessions = 0;
    };
    // Asks the server for its numbers; keeps this process's event loop running meanwhile
    // (client sockets must keep flowing), gives up after timeoutMs.
    Stats stats(int timeoutMs = 10000);
    void stop();

private:
    QByteArray readLine(int timeoutMs);
    QProcess m_process;
    quint16 m_port = 0;
    bool m_stopBySignal = false;
};

// `node --version` of the node executable ("v20.20.2"); empty when it does not run.
QString nodeVersion(const QString &node);

} // namespace sws::bench
