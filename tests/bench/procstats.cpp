#include "procstats.h"

#include <QDir>
#include <QFile>

#include <malloc.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace sws::bench {

namespace {

ProcStats procStatsAt(const QString &proc) {
    ProcStats s;
    QFile status(proc + QStringLiteral("/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                s.rssKiB = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    s.fds = static_cast<int>(QDir(proc + QStringLiteral("/fd"))
                                 .entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)
                                 .size());
    return s;
}

} // namespace

ProcStats currentProcStats() {
    ProcStats s = procStatsAt(QStringLiteral("/proc/self"));
    const struct mallinfo2 mi = mallinfo2();
    s.heapBytes = static_cast<qint64>(mi.uordblks + mi.hblkhd);
    return s;
}

ProcStats procStatsOf(qint64 pid) {
    ProcStats s = procStatsAt(QStringLiteral("/proc/%1").arg(pid));
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        // After "(comm)": state is field 3, utime and stime are fields 14 and 15.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> f = line.mid(line.lastIndexOf(')') + 2).split(' ');
        const long tick = sysconf(_SC_CLK_TCK);
        if (f.size() > 12 && tick > 0)
            s.cpuSeconds = static_cast<double>(f.at(11).toLongLong() + f.at(12).toLongLong()) /
                           static_cast<double>(tick);
    }
    return s;
}

qint64 fileLimit() {
    struct rlimit rl {};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    return static_cast<qint64>(rl.rlim_cur);
}

qint64 raiseFileLimit() {
    struct rlimit rl {};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return static_cast<qint64>(rl.rlim_cur);
}

bool pinToCpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0;
}

bool setAllowedCpus(const QList<int> &cpus) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu : cpus)
        CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0;
}

QList<int> allowedCpus() {
    QList<int> out;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return out;
    for (int i = 0; i < CPU_SETSIZE; ++i)
        if (CPU_ISSET(i, &set))
            out << i;
    return out;
}

} // namespace sws::bench
