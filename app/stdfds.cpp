#include "stdfds.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace sws::app {

bool reopenClosedStdFds() {
    bool ok = true;
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        // open() returns the lowest free descriptor: this one, as the lower ones are open.
        const int opened = ::open("/dev/null", O_RDWR);
        if (opened != fd) {
            if (opened >= 0)
                ::close(opened);
            ok = false;
        }
    }
    return ok;
}

} // namespace sws::app
