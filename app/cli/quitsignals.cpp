#include "quitsignals.h"

#include "cli.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace sws::cli {

namespace {
int g_fds[2] = {-1, -1};

extern "C" void onSignal(int signo) {
    const char c = static_cast<char>(signo);
    [[maybe_unused]] const auto n = ::write(g_fds[0], &c, 1);
}
} // namespace

void quitOnSignals(std::function<void(int exitCode)> shutdown) {
    if (g_fds[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_fds) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, qApp);
    QObject::connect(notifier, &QSocketNotifier::activated, qApp,
                     [shutdown = std::move(shutdown), first = true]() mutable {
                         char c = 0;
                         if (::read(g_fds[1], &c, 1) != 1)
                             return;
                         // Like a shell reports a process killed by the signal, but after a
                         // clean shutdown.
                         const int code = kExitSignalBase + static_cast<unsigned char>(c);
                         if (shutdown && first) {
                             first = false;
                             shutdown(code);
                             return;
                         }
                         QCoreApplication::exit(code);
                     });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

} // namespace sws::cli
