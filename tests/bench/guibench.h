#pragma once

#include <QApplication>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace sws::bench::gui {

// What sws_guibench runs (README.md in this folder).
struct Options {
    enum class Topology { Client, Room }; // GUI joins the peer's server / the peer joins a room
    enum class Direction { In, Out, Both };
    enum class Tab { Chat, Traffic, Alternate };

    double rate = 10000; // messages per second, each direction that streams
    double seconds = 10; // streaming time
    int size = 64;       // payload bytes (at least kMinMessageBytes)
    bool mixed = false;  // sizes from 32 B to 16 KiB instead (sizeFor)
    int batchMs = 5;     // the sender sends what is due every batchMs
    int probeMs = 2;     // interval of the stall probe
    int switchMs = 2000; // Tab::Alternate: the visible tab changes this often
    int slowMs = 8;      // event deliveries this long are listed (what the stalls were)
    double drainS = 20;  // waiting for the last messages after the peer stopped
    Topology topology = Topology::Client;
    Direction direction = Direction::In;
    Tab tab = Tab::Alternate;
    bool pin = true;      // GUI on the first allowed CPU, the peer on the second
    bool history = false; // the window keeps its chats in an encrypted history store
    bool smoke = false;
    bool perSecond = true; // the per-second table
    QString label;         // printed in the header line (e.g. "offscreen")
};

// Fills *o; returns 0 to go on, -1 after --help, else an exit code.
int parseOptions(const QStringList &args, Options *o);
// The peer's command line (after the program): --stream plus what it needs of *o.
QStringList streamerArguments(const Options &o);

// Messages are printable text: "#<seq, 10 digits> <send time, µs, 14 digits> " and filler
// words. The time is CLOCK_MONOTONIC, which both processes share.
inline constexpr int kMinMessageBytes = 32;
qint64 monotonicUs();
int sizeFor(const Options &o, quint64 seq);
QByteArray makeMessage(quint64 seq, int size);
bool parseMessage(QStringView text, quint64 *seq, qint64 *sentUs);

// The streaming peer (this binary with --stream): a SecureWebSocketServer (--listen) or a
// client (--connect URL). Talks to the GUI process over stdin/stdout lines:
//   out: "listening PORT", "secured", "sent N" and "recv N" every 100 ms, "done N"
//        (all sent), "latency P50 P99 MAX" (µs, what it received) before it exits
//   in:  "start" (begin streaming), "quit" (or end of input)
int runStreamer(const QStringList &args);

// The GUI process's QApplication. It times every event delivered from the event loop (not the
// ones sent from inside a handler), so that the report can say what the long stalls were spent
// on: receiver (and its parents) and event type.
class TimedApplication : public QApplication {
public:
    TimedApplication(int &argc, char **argv);
    bool notify(QObject *receiver, QEvent *event) override;

    struct Slow {
        QString what;
        int count = 0;
        qint64 maxUs = 0;
        qint64 totalUs = 0;
    };
    void record(qint64 thresholdUs); // starts a recording; 0 stops it
    QList<Slow> slowest(int n) const;

private:
    int m_depth = 0;
    qint64 m_thresholdUs = 0;
    QHash<QString, Slow> m_slow;
};

// The GUI side: the real MainWindow, the peer in a child process, the measurement.
int runGui(const Options &o, TimedApplication *app);

} // namespace sws::bench::gui
