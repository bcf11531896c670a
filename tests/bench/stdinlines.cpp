#include "stdinlines.h"

#include <unistd.h>

namespace sws::bench {

StdinLines::StdinLines(std::function<void(const QByteArray &)> onLine)
    : m_notifier(STDIN_FILENO, QSocketNotifier::Read)
    , m_onLine(std::move(onLine)) {
    connect(&m_notifier, &QSocketNotifier::activated, this, [this] { readSome(); });
}

void StdinLines::readSome() {
    char buf[512];
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n <= 0) {
        m_notifier.setEnabled(false);
        m_onLine(QByteArrayLiteral("quit"));
        return;
    }
    m_pending.append(buf, static_cast<qsizetype>(n));
    qsizetype nl;
    while ((nl = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(nl).trimmed();
        m_pending.remove(0, nl + 1);
        m_onLine(line);
    }
}

} // namespace sws::bench
