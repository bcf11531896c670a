#pragma once

#include <QByteArray>
#include <QObject>
#include <QSocketNotifier>

#include <functional>

namespace sws::bench {

// Command lines from stdin without blocking the event loop (the benchmarks' peer processes
// take their orders this way). End of input is reported as the line "quit".
class StdinLines : public QObject {
public:
    explicit StdinLines(std::function<void(const QByteArray &)> onLine);

private:
    void readSome();
    QSocketNotifier m_notifier;
    std::function<void(const QByteArray &)> m_onLine;
    QByteArray m_pending;
};

} // namespace sws::bench
