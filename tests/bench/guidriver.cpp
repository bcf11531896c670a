// sws_guibench, GUI side: the real MainWindow with a session that a peer in another process
// streams into; measures event-loop stalls, messages shown, view liveness and memory.
#include "chat/chathistory.h"
#include "chat/chatmodel.h"
#include "chat/chatview.h"
#include "connections/clientconnection.h"
#include "connections/connectionview.h"
#include "connections/hostedroom.h"
#include "crypto/crypto.h"
#include "guibench.h"
#include "guimeasure.h"
#include "history/historystore.h"
#include "inspector/trafficmodel.h"
#include "inspector/trafficview.h"
#include "procstats.h"
#include "trust/trustservice.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QMetaEnum>
#include <QPointer>
#include <QProcess>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <sys/resource.h>
#include <time.h>
#include <vector>

namespace sws::bench::gui {

namespace {

using namespace sws::ui;

// Messages the chat list skipped (ChatListView); -1 for a list that never skips.
template <typename List> auto skippedOf(const List *l, int) -> decltype(l->skippedMessages()) {
    return l->skippedMessages();
}
template <typename List> qint64 skippedOf(const List *, long) {
    return -1;
}

struct Sample {
    double t = 0; // s since streaming started
    bool chatTab = true;
    qint64 peerSent = 0; // the peer's last report
    qint64 peerRecv = 0;
    qint64 guiSent = 0;
    qint64 shown = 0; // streamed messages inserted into the chat model so far
    int chatRows = 0;
    qint64 trafficTotal = 0;
    int trafficRows = 0;
    qint64 trafficBytes = 0;
    bool statusChanged = false;
    qint64 rssKiB = 0;
    qint64 heapBytes = 0;
    qint64 maxStallUs = 0; // the longest stall since the previous sample
};

class GuiBench {
public:
    GuiBench(const Options &o, TimedApplication *app)
        : m_o(o)
        , m_app(app) {}
    int run();

private:
    bool startPeer(const QStringList &extra, QString *error);
    void onPeerLine(const QByteArray &line);
    bool waitFor(const std::function<bool()> &done, int timeoutMs);
    void onChatRows(int first, int last);
    void takeSample(double t);
    bool chatListConsistent() const;
    void showTab(bool chat);
    bool finished() const;
    void report(double streamS);
    void printPerSecond();

    Options m_o;
    TimedApplication *m_app;
    QTemporaryDir m_dir;
    MainWindow *m_w = nullptr;
    Connection *m_conn = nullptr;
    QProcess m_peer;
    quint16 m_peerPort = 0;
    bool m_peerSecured = false;
    qint64 m_peerSent = 0;
    qint64 m_peerRecv = 0;
    qint64 m_peerDone = -1;
    qint64 m_peerDoneUs = 0;
    QList<qint64> m_peerLatency; // µs: p50 p99 max of what the peer received

    Clock m_clock; // from the start of streaming
    struct Tick {
        qint64 atUs = 0;    // since streaming started
        qint64 stallUs = 0; // the gap since the previous tick, less the interval
        qint64 cpuUs = 0;   // CPU time the GUI thread used in the gap
    };
    Histogram m_stalls;         // stallUs of every tick
    Histogram m_busy;           // cpuUs of every tick
    Tick m_worst;               // the longest stall
    qint64 m_intervalMaxUs = 0; // the longest stall since the last sample
    int m_over[3] = {0, 0, 0};  // gaps over 16, 50, 100 ms
    qint64 m_lastCpuUs = 0;
    qint64 m_lastProbeUs = 0;
    std::vector<PaintCounter::Paint> m_visiblePaints;
    PaintCounter *m_chatPaints = nullptr;
    PaintCounter *m_trafficPaints = nullptr;

    qint64 m_shown = 0;
    qint64 m_lastShownUs = 0;
    qint64 m_outOfOrder = 0;
    quint64 m_nextSeq = 0;
    Histogram m_latency; // µs from the peer's send to the chat row
    qint64 m_guiSent = 0;
    qint64 m_guiTotal = 0;
    QString m_lastStatus;
    bool m_chatVisible = true;
    int m_switches = 0;

    std::vector<Sample> m_samples;
    bool m_listConsistent = false; // the chat list: the chat's newest rows, in order
    int m_listRowsAtEnd = 0;
    bool m_listComplete = false; // the chat list took in every row of the chat ...
    double m_listCompleteS = 0;  // ... this long after the stream
    double m_cpuS = 0;           // CPU time of the GUI process while streaming
    long m_preempted = 0;        // its involuntary context switches meanwhile
    QByteArray m_loadAvg;        // /proc/loadavg at the start
    qint64 m_historyKept = -1;   // --history: messages in the store after the stream
};

bool GuiBench::waitFor(const std::function<bool()> &done, int timeoutMs) {
    Clock t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!done())
            m_peer.waitForReadyRead(5);
    }
    return true;
}

bool GuiBench::startPeer(const QStringList &extra, QString *error) {
    m_peer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QList<int> cpus = allowedCpus();
    if (m_o.pin && cpus.size() >= 2) {
        const int cpu = cpus.at(1);
        m_peer.setChildProcessModifier([cpu] { pinToCpu(cpu); });
    }
    QObject::connect(&m_peer, &QProcess::readyReadStandardOutput, &m_peer, [this] {
        while (m_peer.canReadLine())
            onPeerLine(m_peer.readLine().trimmed());
    });
    m_peer.start(QCoreApplication::applicationFilePath(), streamerArguments(m_o) + extra);
    if (!m_peer.waitForStarted(10000)) {
        *error = m_peer.errorString();
        return false;
    }
    return true;
}

void GuiBench::onPeerLine(const QByteArray &line) {
    const QList<QByteArray> f = line.split(' ');
    if (f.value(0) == "listening")
        m_peerPort = static_cast<quint16>(f.value(1).toUInt());
    else if (f.value(0) == "secured")
        m_peerSecured = true;
    else if (f.value(0) == "sent")
        m_peerSent = f.value(1).toLongLong();
    else if (f.value(0) == "recv")
        m_peerRecv = f.value(1).toLongLong();
    else if (f.value(0) == "done") {
        m_peerDone = m_peerSent = f.value(1).toLongLong();
        m_peerDoneUs = m_clock.isValid() ? m_clock.nsecsElapsed() / 1000 : 0;
    } else if (f.value(0) == "latency") {
        m_peerLatency.clear();
        for (int i = 1; i < f.size(); ++i)
            m_peerLatency << f.at(i).toLongLong();
    }
}

void GuiBench::onChatRows(int first, int last) {
    const QAbstractItemModel *chat = m_conn->chat();
    const qint64 now = monotonicUs();
    for (int r = first; r <= last; ++r) {
        const QModelIndex i = chat->index(r, 0);
        if (i.data(ChatModel::OutgoingRole).toBool() || i.data(ChatModel::NoticeRole).toBool())
            continue;
        quint64 seq = 0;
        qint64 sentUs = 0;
        if (!parseMessage(i.data(ChatModel::TextRole).toString(), &seq, &sentUs))
            continue;
        ++m_shown;
        if (seq != m_nextSeq)
            ++m_outOfOrder;
        m_nextSeq = seq + 1;
        m_latency.add(now - sentUs);
        m_lastShownUs = m_clock.isValid() ? m_clock.nsecsElapsed() / 1000 : 0;
    }
}

void GuiBench::showTab(bool chat) {
    m_chatVisible = chat;
    m_w->view()->tabs()->setCurrentIndex(chat ? ConnectionView::ChatTab
                                              : ConnectionView::TrafficTab);
}

void GuiBench::takeSample(double t) {
    Sample s;
    s.t = t;
    s.chatTab = m_chatVisible;
    s.peerSent = m_peerSent;
    s.peerRecv = m_peerRecv;
    s.guiSent = m_guiSent;
    s.shown = m_shown;
    s.chatRows = m_conn->chat()->rowCount();
    s.trafficTotal = m_conn->traffic()->totalFrames();
    s.trafficRows = m_conn->traffic()->rowCount();
    s.trafficBytes = m_conn->traffic()->storedBytes();
    const QString status = m_w->statusLabel()->text();
    s.statusChanged = status != m_lastStatus;
    m_lastStatus = status;
    s.maxStallUs = m_intervalMaxUs;
    m_intervalMaxUs = 0;
    const ProcStats p = currentProcStats();
    s.rssKiB = p.rssKiB;
    s.heapBytes = p.heapBytes;
    m_samples.push_back(s);
}

// The chat list's rows are a contiguous run of the chat model's rows, ending with its newest.
bool GuiBench::chatListConsistent() const {
    const QAbstractItemModel *list = m_w->view()->chat()->list()->model();
    const ChatModel *chat = m_conn->chat();
    const int n = list->rowCount();
    const int first = chat->rowCount() - n;
    if (first < 0)
        return false;
    for (int r = 0; r < n; ++r)
        if (list->index(r, 0).data(ChatModel::IdRole) !=
            chat->index(first + r).data(ChatModel::IdRole))
            return false;
    return true;
}

bool GuiBench::finished() const {
    const bool in = m_o.direction != Options::Direction::Out;
    const bool out = m_o.direction != Options::Direction::In;
    if (in && (m_peerDone < 0 || m_shown < m_peerDone))
        return false;
    if (out && (m_guiSent < m_guiTotal || m_peerRecv < m_guiTotal))
        return false;
    return true;
}

int GuiBench::run() {
    if (!m_dir.isValid()) {
        std::fputs("sws_guibench: no temporary directory\n", stderr);
        return 1;
    }
    const QList<int> cpus = allowedCpus();
    if (m_o.pin && cpus.size() >= 2)
        pinToCpu(cpus.at(0));
    QFile loadAvg(QStringLiteral("/proc/loadavg"));
    if (loadAvg.open(QIODevice::ReadOnly))
        m_loadAvg = loadAvg.readAll().split(' ').mid(0, 3).join(' ');

    StartOptions so;
    so.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
    so.profileDir = m_dir.filePath(QStringLiteral("profile"));
    so.demo = StartOptions::Demo::Off;
    TrustService trust(Profile(so.profileDir));
    // Declared before the window: its chats flush into the store when they go.
    std::unique_ptr<HistoryStore> history;
    if (m_o.history) {
        auto opened = HistoryStore::open(so.profileDir, randomSecret(HistoryStore::kKeyBytes));
        if (!opened) {
            std::fputs("sws_guibench: cannot open the history store\n", stderr);
            return 1;
        }
        history = std::move(opened).value();
    }
    MainWindow w(trust, so);
    if (history)
        w.setHistory(history.get());
    m_w = &w;
    w.show();
    w.start();
    if (!waitFor([&] { return w.windowHandle() && w.windowHandle()->isExposed(); }, 10000)) {
        std::fputs("sws_guibench: the window was never exposed\n", stderr);
        return 1;
    }

    QString error;
    if (m_o.topology == Options::Topology::Client) {
        if (!startPeer({QStringLiteral("--listen")}, &error) ||
            !waitFor([&] { return m_peerPort != 0; }, 15000)) {
            std::fprintf(stderr, "sws_guibench: the peer did not start %s\n", qPrintable(error));
            return 1;
        }
        ClientOptions co;
        co.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_peerPort));
        co.title = QStringLiteral("guibench peer");
        co.session.version = 1;
        co.session.keyPair = BoxKeyPair::generate();
        m_conn = w.connectTo(std::move(co));
    } else {
        RoomOptions ro = demoRoomOptions(1);
        ro.title = QStringLiteral("guibench room");
        HostedRoom *room = w.hostRoom(std::move(ro));
        if (!room) {
            std::fputs("sws_guibench: cannot host the room\n", stderr);
            return 1;
        }
        m_conn = room;
        if (!startPeer({QStringLiteral("--connect"), room->url().toString()}, &error)) {
            std::fprintf(stderr, "sws_guibench: the peer did not start %s\n", qPrintable(error));
            return 1;
        }
    }
    if (!waitFor([&] { return m_peerSecured && m_conn->canSend(); }, 15000) ||
        (m_o.topology == Options::Topology::Client &&
         !waitFor([&] { return m_conn->state() == SessionState::Secured; }, 15000))) {
        std::fputs("sws_guibench: the session was not secured\n", stderr);
        return 1;
    }
    w.select(m_conn);
    showTab(m_o.tab != Options::Tab::Traffic);
    QObject::connect(m_conn->chat(), &QAbstractItemModel::rowsInserted, m_conn->chat(),
                     [this](const QModelIndex &, int first, int last) { onChatRows(first, last); });
    m_chatPaints = new PaintCounter(w.view()->chat()->list(), 0, ChatModel::TextRole, &m_clock,
                                    &m_visiblePaints);
    m_trafficPaints = new PaintCounter(w.view()->traffic()->table(),
                                       static_cast<int>(TrafficModel::Column::Plaintext),
                                       Qt::DisplayRole, &m_clock, &m_visiblePaints);
    waitFor([] { return false; }, 500); // settle: greeting, first paints
    m_shown = 0;
    m_nextSeq = 0;
    m_latency = Histogram();
    m_lastStatus = w.statusLabel()->text();
    takeSample(0);

    // The probe: a 2 ms precise timer; any gap beyond its interval is a stall.
    const qint64 intervalUs = m_o.probeMs * 1000LL;
    QTimer probe;
    probe.setObjectName(QStringLiteral("bench-probe"));
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(m_o.probeMs);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = m_clock.nsecsElapsed() / 1000;
        const qint64 cpu = threadCpuUs();
        const Tick t{now, std::max<qint64>(0, now - m_lastProbeUs - intervalUs), cpu - m_lastCpuUs};
        m_stalls.add(t.stallUs);
        m_busy.add(t.cpuUs);
        if (t.stallUs > m_worst.stallUs)
            m_worst = t;
        m_intervalMaxUs = std::max(m_intervalMaxUs, t.stallUs);
        const qint64 gap = t.stallUs + intervalUs;
        m_over[0] += gap > 16000;
        m_over[1] += gap > 50000;
        m_over[2] += gap > 100000;
        m_lastProbeUs = now;
        m_lastCpuUs = cpu;
    });
    QTimer sampler;
    sampler.setObjectName(QStringLiteral("bench-sampler"));
    sampler.setTimerType(Qt::PreciseTimer);
    sampler.setInterval(1000);
    QObject::connect(&sampler, &QTimer::timeout, &sampler,
                     [&] { takeSample(static_cast<double>(m_clock.nsecsElapsed()) / 1e9); });
    QTimer switcher;
    switcher.setObjectName(QStringLiteral("bench-switcher"));
    switcher.setInterval(m_o.switchMs);
    QObject::connect(&switcher, &QTimer::timeout, &switcher, [&] {
        ++m_switches;
        showTab(!m_chatVisible);
    });
    // The GUI's own sending (--direction out|both), paced like the peer's.
    const bool guiSends = m_o.direction != Options::Direction::In;
    m_guiTotal = guiSends ? static_cast<qint64>(std::llround(m_o.rate * m_o.seconds)) : 0;
    QTimer pacer;
    pacer.setObjectName(QStringLiteral("bench-pacer"));
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(m_o.batchMs);
    QObject::connect(&pacer, &QTimer::timeout, &pacer, [&] {
        const double elapsed = static_cast<double>(m_clock.nsecsElapsed()) / 1e9;
        const qint64 due = std::min(m_guiTotal, static_cast<qint64>(m_o.rate * elapsed));
        for (; m_guiSent < due; ++m_guiSent) {
            const auto seq = static_cast<quint64>(m_guiSent);
            m_conn->sendMessage(QString::fromLatin1(makeMessage(seq, sizeFor(m_o, seq))),
                                payload::Format::Text);
        }
        if (m_guiSent >= m_guiTotal)
            pacer.stop();
    });
    QEventLoop loop;
    QTimer check;
    check.setObjectName(QStringLiteral("bench-check"));
    check.setInterval(50);
    const double deadlineS = m_o.seconds + m_o.drainS;
    QObject::connect(&check, &QTimer::timeout, &check, [&] {
        const double t = static_cast<double>(m_clock.nsecsElapsed()) / 1e9;
        if ((t >= m_o.seconds && finished()) || t > deadlineS ||
            m_peer.state() != QProcess::Running)
            loop.quit();
    });

    m_app->record(m_o.slowMs * 1000LL);
    m_clock.start();
    m_lastProbeUs = 0;
    m_lastCpuUs = threadCpuUs();
    struct rusage usageBefore {};
    getrusage(RUSAGE_SELF, &usageBefore);
    probe.start();
    sampler.start();
    if (m_o.tab == Options::Tab::Alternate)
        switcher.start();
    if (guiSends)
        pacer.start();
    check.start();
    m_peer.write("start\n");
    loop.exec();
    const double streamS = static_cast<double>(m_clock.nsecsElapsed()) / 1e9;
    struct rusage usageAfter {};
    getrusage(RUSAGE_SELF, &usageAfter);
    m_cpuS = (toSeconds(usageAfter.ru_utime) + toSeconds(usageAfter.ru_stime)) -
             (toSeconds(usageBefore.ru_utime) + toSeconds(usageBefore.ru_stime));
    m_preempted = usageAfter.ru_nivcsw - usageBefore.ru_nivcsw;
    m_app->record(0);
    probe.stop();
    sampler.stop();
    switcher.stop();
    pacer.stop();
    check.stop();
    takeSample(streamS);

    // The chat list takes in the last messages within 33 ms, and after a stream that made it
    // skip, the older ones once the stream paused (chatlistview.h).
    {
        showTab(true);
        Clock after;
        after.start();
        m_listConsistent = waitFor([this] { return chatListConsistent(); }, 2000);
        m_listRowsAtEnd = m_w->view()->chat()->list()->model()->rowCount();
        m_listComplete = waitFor(
            [this] {
                return chatListConsistent() && m_w->view()->chat()->list()->model()->rowCount() ==
                                                   m_conn->chat()->rowCount();
            },
            15000);
        m_listCompleteS = static_cast<double>(after.nsecsElapsed()) / 1e9;
    }
    m_peer.write("quit\n");
    m_peer.closeWriteChannel();
    waitFor([&] { return m_peer.state() == QProcess::NotRunning; }, 10000);
    if (m_peer.state() != QProcess::NotRunning) {
        m_peer.kill();
        m_peer.waitForFinished(3000);
    }
    if (history) {
        // What the store holds once the chat's pending writes are committed.
        if (auto *h = m_conn->findChild<ChatHistory *>())
            (void)h->flush();
        if (auto convs = history->conversations()) {
            m_historyKept = 0;
            for (const HistoryStore::Conversation &c : std::as_const(*convs))
                m_historyKept += c.count;
        }
    }
    report(streamS);

    if (m_o.smoke && m_o.history && m_historyKept < m_shown) {
        std::fputs("sws_guibench --smoke: the history did not keep every message\n", stderr);
        return 1;
    }
    if (m_o.smoke) {
        const bool inOk =
            m_o.direction == Options::Direction::Out || (m_peerDone > 0 && m_shown >= m_peerDone);
        const bool outOk = !guiSends || (m_guiSent > 0 && m_peerRecv >= m_guiSent);
        if (!inOk || !outOk) {
            std::fputs("sws_guibench --smoke: not every message arrived\n", stderr);
            return 1;
        }
    }
    return 0;
}

void GuiBench::printPerSecond() {
    std::printf("\n   t  tab      peer sent  shown/s  chat rows  traffic/s  traffic rows  max stall"
                "  paints  newest  status   RSS MiB  heap MiB\n");
    const Sample *prev = nullptr;
    for (const Sample &s : m_samples) {
        // The longest stall and the paints of the visible view in (prev.t, s.t].
        const qint64 from = prev ? static_cast<qint64>(prev->t * 1e6) : -1;
        const qint64 to = static_cast<qint64>(s.t * 1e6);
        const qint64 maxStall = s.maxStallUs;
        qint64 paints = 0;
        qint64 tails = 0;
        for (const auto &p : m_visiblePaints)
            if (p.atUs > from && p.atUs <= to) {
                ++paints;
                tails += p.tail;
            }
        const double dt = prev ? s.t - prev->t : 0;
        auto perSecond = [&](qint64 now, qint64 before) {
            return dt > 0 ? static_cast<double>(now - before) / dt : 0.0;
        };
        std::printf(
            "%5.1f  %-7s  %9lld  %7.0f  %9d  %9.0f  %12d  %6.1f ms  %6lld  %5s  %6s  %8.1f  "
            "%8.1f\n",
            s.t, s.chatTab ? "chat" : "traffic", static_cast<long long>(s.peerSent),
            perSecond(s.shown, prev ? prev->shown : 0), s.chatRows,
            perSecond(s.trafficTotal, prev ? prev->trafficTotal : 0), s.trafficRows,
            prev ? static_cast<double>(maxStall) / 1000 : 0.0, static_cast<long long>(paints),
            paints ? qPrintable(QStringLiteral("%1%").arg(100 * tails / paints)) : "-",
            prev ? (s.statusChanged ? "new" : "same") : "-", static_cast<double>(s.rssKiB) / 1024,
            static_cast<double>(s.heapBytes) / 1048576);
        prev = &s;
    }
}

void GuiBench::report(double streamS) {
    const char *topology = m_o.topology == Options::Topology::Client
                               ? "the GUI joined the peer's server"
                               : "the peer joined a room the GUI hosts";
    const char *direction = m_o.direction == Options::Direction::In    ? "peer -> GUI"
                            : m_o.direction == Options::Direction::Out ? "GUI -> peer"
                                                                       : "both ways";
    std::printf("sws_guibench%s%s: %s; %s at %.0f msg/s for %.1f s, %s; platform %s; tab %s%s%s\n",
                m_o.label.isEmpty() ? "" : " ", qPrintable(m_o.label), topology, direction,
                m_o.rate, m_o.seconds,
                m_o.mixed ? "mixed sizes (32 B-16 KiB)"
                          : qPrintable(QStringLiteral("%1 B messages").arg(m_o.size)),
                qPrintable(QGuiApplication::platformName()),
                m_o.tab == Options::Tab::Chat      ? "chat"
                : m_o.tab == Options::Tab::Traffic ? "traffic"
                                                   : "alternating",
                m_o.tab == Options::Tab::Alternate
                    ? qPrintable(QStringLiteral(" every %1 ms").arg(m_o.switchMs))
                    : "",
                m_o.history ? "; history kept" : "");
    if (m_o.perSecond)
        printPerSecond();

    qint64 longestNoPaint = 0;
    const qint64 endUs = static_cast<qint64>(streamS * 1e6);
    for (size_t i = 1; i < m_visiblePaints.size(); ++i)
        if (m_visiblePaints[i].atUs > 0 && m_visiblePaints[i].atUs <= endUs)
            longestNoPaint =
                std::max(longestNoPaint, m_visiblePaints[i].atUs -
                                             std::max<qint64>(0, m_visiblePaints[i - 1].atUs));
    const Sample &first = m_samples.front();
    const Sample &last = m_samples.back();
    qint64 peakRss = 0;
    int statusNew = 0;
    for (size_t i = 1; i < m_samples.size(); ++i) {
        peakRss = std::max(peakRss, m_samples[i].rssKiB);
        statusNew += m_samples[i].statusChanged;
    }
    auto ms = [](double us) { return us / 1000; };
    std::printf("\nevent loop (%s ms probe, %lld ticks over %.1f s):\n"
                "  longest stall        %.1f ms (at t = %.2f s; the GUI thread was on a CPU for "
                "%.1f ms of that %.1f ms gap)\n"
                "  stall p50/p99/p99.9  %.2f / %.2f / %.2f ms\n"
                "  gaps > 16 / 50 / 100 ms: %d / %d / %d\n"
                "  busy per gap         longest %.1f ms, p99 %.1f ms (CPU time of the GUI thread "
                "between two ticks: its own work, not time it waited for a CPU)\n"
                "  GUI process          %.0f%% of a CPU while streaming, %ld involuntary context "
                "switches; load average at start %s\n",
                qPrintable(QString::number(m_o.probeMs)), static_cast<long long>(m_stalls.count()),
                streamS, ms(static_cast<double>(m_worst.stallUs)),
                static_cast<double>(m_worst.atUs) / 1e6, ms(static_cast<double>(m_worst.cpuUs)),
                ms(static_cast<double>(m_worst.stallUs + m_o.probeMs * 1000LL)),
                ms(m_stalls.percentile(0.5)), ms(m_stalls.percentile(0.99)),
                ms(m_stalls.percentile(0.999)), m_over[0], m_over[1], m_over[2],
                ms(static_cast<double>(m_busy.max())), ms(m_busy.percentile(0.99)),
                100 * m_cpuS / streamS, m_preempted, m_loadAvg.constData());
    if (m_o.direction != Options::Direction::Out) {
        const double streamed = m_o.seconds;
        // Shown while the peer streamed: the samples up to its last "sent" report.
        qint64 shownInWindow = 0;
        for (const Sample &s : m_samples)
            if (s.t <= streamed + 0.05)
                shownInWindow = s.shown;
        std::printf(
            "messages in (peer -> GUI):\n"
            "  sent by the peer     %lld in %.1f s (%.0f msg/s)\n"
            "  shown in the chat    %lld (%s), %lld out of order; %.0f msg/s while streaming\n"
            "  last one shown       %.2f s after the peer's last send\n"
            "  latency send->row    p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
            static_cast<long long>(m_peerDone < 0 ? m_peerSent : m_peerDone), m_o.seconds,
            static_cast<double>(m_peerDone < 0 ? m_peerSent : m_peerDone) / m_o.seconds,
            static_cast<long long>(m_shown),
            m_peerDone >= 0 && m_shown >= m_peerDone ? "all" : "NOT ALL",
            static_cast<long long>(m_outOfOrder),
            static_cast<double>(shownInWindow) / std::min(streamed, last.t),
            m_peerDoneUs > 0 ? static_cast<double>(m_lastShownUs - m_peerDoneUs) / 1e6 : -1.0,
            ms(m_latency.percentile(0.5)), ms(m_latency.percentile(0.99)),
            ms(m_latency.percentile(1.0)));
    }
    if (m_o.direction != Options::Direction::In)
        std::printf("messages out (GUI -> peer):\n"
                    "  sent by the GUI      %lld, received by the peer %lld (%s)\n"
                    "  latency send->peer   p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                    static_cast<long long>(m_guiSent), static_cast<long long>(m_peerRecv),
                    m_peerRecv >= m_guiTotal ? "all" : "NOT ALL",
                    ms(static_cast<double>(m_peerLatency.value(0))),
                    ms(static_cast<double>(m_peerLatency.value(1))),
                    ms(static_cast<double>(m_peerLatency.value(2))));
    const qint64 skipped = skippedOf(m_w->view()->chat()->list(), 0);
    std::vector<qint64> ages;
    for (const auto &p : m_visiblePaints)
        if (p.ageUs >= 0 && p.atUs <= endUs)
            ages.push_back(p.ageUs);
    std::printf("views:\n"
                "  chat model           %d rows kept (cap %d); the chat list held the newest %d of "
                "them at the end%s%s; %s\n"
                "  traffic model        %lld frames seen, %d rows kept (cap %d), %.1f MiB held\n"
                "  newest row shown     in %lld of %lld chat paints, %lld of %lld traffic paints\n"
                "  on screen            the newest message in view was p50 %.1f ms, p99 %.1f ms, "
                "max %.1f ms old (its send to the paint)\n"
                "  visible view         painted %lld times, longest without a paint %.0f ms; "
                "%d tab switches\n"
                "  status line changed  in %d of %zu samples\n",
                last.chatRows, m_conn->chat()->maxMessages(), m_listRowsAtEnd,
                m_listConsistent ? "" : " (NOT the chat's rows in order)",
                skipped < 0 ? ""
                            : qPrintable(QStringLiteral(", skipped %1 while messages came faster "
                                                        "than it could lay them out")
                                             .arg(skipped)),
                m_listComplete ? qPrintable(QStringLiteral("all of them %1 s after the stream")
                                                .arg(m_listCompleteS, 0, 'f', 2))
                               : "NOT all of them 15 s after the stream",
                static_cast<long long>(last.trafficTotal), last.trafficRows,
                m_conn->traffic()->maxFrames(), static_cast<double>(last.trafficBytes) / 1048576,
                static_cast<long long>(m_chatPaints->tailPaints),
                static_cast<long long>(m_chatPaints->paints),
                static_cast<long long>(m_trafficPaints->tailPaints),
                static_cast<long long>(m_trafficPaints->paints), ms(percentileOf(ages, 0.5)),
                ms(percentileOf(ages, 0.99)), ms(percentileOf(ages, 1.0)),
                static_cast<long long>(m_visiblePaints.size()),
                ms(static_cast<double>(longestNoPaint)), m_switches, statusNew,
                m_samples.size() - 1);
    const QList<TimedApplication::Slow> slow = m_app->slowest(8);
    if (!slow.isEmpty()) {
        std::printf("event deliveries of %d ms or more (the longest first):\n", m_o.slowMs);
        for (const auto &s : slow)
            std::printf("  %6.1f ms max, %5d times, %7.1f ms in all: %s\n",
                        static_cast<double>(s.maxUs) / 1000, s.count,
                        static_cast<double>(s.totalUs) / 1000, qPrintable(s.what));
    }
    if (m_o.history)
        std::printf("history: %lld messages kept in the store\n",
                    static_cast<long long>(m_historyKept));
    std::printf("memory (GUI process):\n"
                "  RSS start %.1f MiB, end %.1f MiB, peak sampled %.1f MiB, VmHWM %.1f MiB; "
                "heap start %.1f MiB, end %.1f MiB\n",
                static_cast<double>(first.rssKiB) / 1024, static_cast<double>(last.rssKiB) / 1024,
                static_cast<double>(peakRss) / 1024,
                static_cast<double>(statusField("VmHWM:")) / 1024,
                static_cast<double>(first.heapBytes) / 1048576,
                static_cast<double>(last.heapBytes) / 1048576);
    std::fflush(stdout);
}

} // namespace

TimedApplication::TimedApplication(int &argc, char **argv)
    : QApplication(argc, argv) {}

void TimedApplication::record(qint64 thresholdUs) {
    if (thresholdUs > 0)
        m_slow.clear(); // a new recording
    m_thresholdUs = thresholdUs;
}

bool TimedApplication::notify(QObject *receiver, QEvent *event) {
    if (m_thresholdUs <= 0 || m_depth > 0) {
        ++m_depth;
        const bool done = QApplication::notify(receiver, event);
        --m_depth;
        return done;
    }
    const QEvent::Type type = event->type(); // the event may not outlive the delivery
    // Named before the delivery: a receiver may delete itself.
    QString what;
    for (QObject *o = receiver; o && what.count(QLatin1Char('<')) < 3; o = o->parent()) {
        if (!what.isEmpty())
            what += QStringLiteral(" < ");
        what += QString::fromLatin1(o->metaObject()->className());
        if (!o->objectName().isEmpty())
            what += QLatin1Char('#') + o->objectName();
    }
    Clock t;
    t.start();
    ++m_depth;
    const bool done = QApplication::notify(receiver, event);
    --m_depth;
    const qint64 us = t.nsecsElapsed() / 1000;
    if (us >= m_thresholdUs) {
        what += QStringLiteral(": ") +
                QString::fromLatin1(QMetaEnum::fromType<QEvent::Type>().valueToKey(type));
        Slow &s = m_slow[what];
        s.what = what;
        ++s.count;
        s.maxUs = std::max(s.maxUs, us);
        s.totalUs += us;
    }
    return done;
}

QList<TimedApplication::Slow> TimedApplication::slowest(int n) const {
    QList<Slow> all = m_slow.values();
    std::sort(all.begin(), all.end(), [](const Slow &a, const Slow &b) {
        return a.maxUs != b.maxUs ? a.maxUs > b.maxUs : a.totalUs > b.totalUs;
    });
    return all.mid(0, n);
}

int runGui(const Options &o, TimedApplication *app) {
    GuiBench bench(o, app);
    return bench.run();
}

} // namespace sws::bench::gui
