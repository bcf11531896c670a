#pragma once

#include <QList>
#include <QtGlobal>

namespace sws::bench {

// What a server process holds, as the memory phase reports it.
struct ProcStats {
    qint64 rssKiB = 0;     // VmRSS of /proc/self/status: what the kernel charges the process
    qint64 heapBytes = 0;  // mallinfo2: bytes in use from malloc (all arenas + mmapped chunks)
    int fds = 0;           // open file descriptors
    double cpuSeconds = 0; // user + system CPU time so far (procStatsOf only)
};

ProcStats currentProcStats();
// Another process's VmRSS and descriptors, from /proc/PID (heapBytes stays 0).
ProcStats procStatsOf(qint64 pid);

// The soft RLIMIT_NOFILE.
qint64 fileLimit();

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
qint64 raiseFileLimit();

// The CPUs this process may run on, and pinning to one of them (inherited by children
// forked later). Pinning client and server to different cores gives each one core.
QList<int> allowedCpus();
bool pinToCpu(int cpu);
bool setAllowedCpus(const QList<int> &cpus); // undoes pinToCpu()

} // namespace sws::bench
