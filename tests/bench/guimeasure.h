#pragma once
// sws_guibench's measuring instruments: a fixed-memory histogram of stalls, percentiles, CPU
// and memory readings of this process, and a counter of a view's paints and what they show.
#include <QAbstractItemView>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QObject>

#include <algorithm>
#include <array>
#include <cmath>
#include <sys/resource.h>
#include <time.h>
#include <vector>

namespace sws::bench::gui {

using Clock = QElapsedTimer;

// Microsecond values in fixed memory (the measurement must not grow the process it measures):
// exact below 64 µs, then 64 buckets per power of two (under 1.6 % apart).
class Histogram {
public:
    void add(qint64 us) {
        us = std::max<qint64>(0, us);
        ++m_buckets[static_cast<size_t>(indexOf(us))];
        ++m_count;
        m_max = std::max(m_max, us);
    }
    qint64 count() const { return m_count; }
    qint64 max() const { return m_max; }
    double percentile(double p) const { // µs: the lower end of the bucket, the maximum for 1.0
        if (m_count == 0)
            return 0;
        if (p >= 1.0)
            return static_cast<double>(m_max);
        const auto rank = static_cast<qint64>(std::floor(p * static_cast<double>(m_count)));
        qint64 seen = 0;
        for (size_t i = 0; i < m_buckets.size(); ++i) {
            seen += m_buckets[i];
            if (seen > rank)
                return static_cast<double>(std::min(lowerOf(static_cast<int>(i)), m_max));
        }
        return static_cast<double>(m_max);
    }

private:
    static constexpr int kSub = 64;
    static int indexOf(qint64 v) {
        if (v < kSub)
            return static_cast<int>(v);
        const int e = 63 - __builtin_clzll(static_cast<unsigned long long>(v)); // >= 6
        return kSub + (e - 6) * kSub + static_cast<int>((v >> (e - 6)) & (kSub - 1));
    }
    static qint64 lowerOf(int i) {
        if (i < kSub)
            return i;
        const int e = (i - kSub) / kSub + 6;
        return (qint64(1) << e) + (static_cast<qint64>((i - kSub) % kSub) << (e - 6));
    }
    std::array<qint64, kSub + 58 * kSub> m_buckets{};
    qint64 m_count = 0;
    qint64 m_max = 0;
};

inline double percentileOf(std::vector<qint64> v, double p) {
    if (v.empty())
        return 0;
    const auto k = static_cast<size_t>(std::min<double>(
        static_cast<double>(v.size() - 1), std::floor(p * static_cast<double>(v.size()))));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]);
}

inline qint64 threadCpuUs() {
    struct timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

inline double toSeconds(const struct timeval &tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

inline qint64 statusField(const char *field) { // kB from /proc/self/status (VmHWM, VmRSS)
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(static_cast<qsizetype>(qstrlen(field)))
                .trimmed()
                .split(' ')
                .value(0)
                .toLongLong();
    return 0;
}

// Counts the paints of a view's viewport (a view is live when it repaints while data flows),
// whether each paint of the visible view shows its newest row, and how old the newest message
// in view is: from the time stamp in its text to the paint.
class PaintCounter : public QObject {
public:
    struct Paint {
        qint64 atUs;
        bool tail;    // the newest row was in view
        qint64 ageUs; // of the newest message in view; -1 when none had a time stamp
    };
    PaintCounter(QAbstractItemView *view, int textColumn, int textRole, const Clock *clock,
                 std::vector<Paint> *visiblePaints)
        : QObject(view)
        , m_view(view)
        , m_column(textColumn)
        , m_role(textRole)
        , m_clock(clock)
        , m_visible(visiblePaints) {
        view->viewport()->installEventFilter(this);
    }
    qint64 paints = 0;
    qint64 tailPaints = 0; // paints that showed the newest row

protected:
    bool eventFilter(QObject *, QEvent *e) override {
        if (e->type() != QEvent::Paint || !m_view->isVisible() || !m_clock->isValid())
            return false;
        ++paints;
        const QAbstractItemModel *m = m_view->model();
        const int n = m ? m->rowCount() : 0;
        const QRect area = m_view->viewport()->rect();
        const bool tail = n > 0 && area.intersects(m_view->visualRect(m->index(n - 1, 0)));
        tailPaints += tail;
        // The newest row in view: the last one, else the one at the bottom of the viewport.
        QModelIndex newest = tail ? m->index(n - 1, 0) : QModelIndex();
        for (int y = area.bottom(); !newest.isValid() && n > 0 && y > area.bottom() - 60; y -= 4)
            newest = m_view->indexAt(QPoint(area.width() / 2, y));
        qint64 age = -1;
        quint64 seq = 0;
        qint64 sentUs = 0;
        if (newest.isValid() &&
            parseMessage(newest.siblingAtColumn(m_column).data(m_role).toString(), &seq, &sentUs))
            age = monotonicUs() - sentUs;
        m_visible->push_back({m_clock->nsecsElapsed() / 1000, tail, age});
        return false;
    }

private:
    QAbstractItemView *m_view;
    int m_column;
    int m_role;
    const Clock *m_clock;
    std::vector<Paint> *m_visible;
};

} // namespace sws::bench::gui
