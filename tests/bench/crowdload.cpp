#include "crowdload.h"

#include <QEventLoop>
#include <QTimer>
#include <QtEndian>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <unordered_set>

namespace sws::bench::crowdload {

void progress(const QString &line) {
    std::fprintf(stderr, "%s\n", qPrintable(line));
    std::fflush(stderr);
}

double secondsOf(const QElapsedTimer &t) {
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}

FillResult fill(const ClientSetup &setup, int count, int window, std::vector<ClientConn *> *out,
                int *droppedLive) {
    FillResult r;
    QEventLoop loop;
    QElapsedTimer clock;
    int started = 0;
    int inFlight = 0;
    std::unordered_set<ClientConn *> inProgress;
    const int tenth = std::max(1, count / 10);
    double tenthAt = 0;
    double lastTenthStart = 0;
    std::function<void()> launch;
    auto finish = [&](const QString &error) {
        if (r.error.isEmpty())
            r.error = error;
        loop.quit();
    };
    auto settled = [&](ClientConn *c, bool ok, const QString &error) {
        --inFlight;
        inProgress.erase(c);
        if (ok) {
            ++r.secured;
            c->onReady = nullptr;
            c->onFailed = nullptr;
            c->onClosed = [droppedLive] { ++*droppedLive; };
            out->push_back(c);
            const double t = secondsOf(clock);
            if (r.secured == tenth)
                tenthAt = t;
            if (r.secured == count - tenth)
                lastTenthStart = t;
            if (r.secured == count) {
                r.seconds = t;
                r.firstTenth = tenthAt > 0 ? tenth / tenthAt : 0;
                r.lastTenth = t > lastTenthStart ? tenth / (t - lastTenthStart) : 0;
                loop.quit();
                return;
            }
        } else {
            ++r.failures;
            --started; // opened again
            c->onReady = nullptr;
            c->onFailed = nullptr;
            c->onClosed = nullptr;
            c->deleteLater();
            if (r.failures > std::max(10, count / 10)) {
                finish(QStringLiteral("%1 handshakes failed, the last: %2")
                           .arg(r.failures)
                           .arg(error));
                return;
            }
        }
        launch();
    };
    launch = [&] {
        while (inFlight < window && started < count) {
            ClientConn *c = makeConn(setup);
            ++started;
            ++inFlight;
            inProgress.insert(c);
            c->onReady = [&settled, c] { settled(c, true, {}); };
            c->onFailed = [&settled, c](const QString &e) { settled(c, false, e); };
            c->onClosed = [&settled, c] {
                settled(c, false, QStringLiteral("closed before it was secured"));
            };
            c->open(setup.url);
        }
    };
    // Progress once a second; a fill that stops moving for 60 s is given up.
    QTimer tick;
    int lastSecured = 0;
    QElapsedTimer stalled;
    stalled.start();
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        progress(QStringLiteral("   %1 of %2 secured (%3 in the last second), %4 failed")
                     .arg(r.secured)
                     .arg(count)
                     .arg(r.secured - lastSecured)
                     .arg(r.failures));
        if (r.secured != lastSecured)
            stalled.restart();
        else if (stalled.elapsed() > 60000)
            finish(QStringLiteral("no handshake finished for 60 s"));
        lastSecured = r.secured;
    });
    tick.start(1000);
    clock.start();
    launch();
    if (r.secured < count && r.error.isEmpty())
        loop.exec();
    tick.stop();
    if (r.seconds == 0)
        r.seconds = secondsOf(clock);
    // Connections still under way when it was given up.
    for (ClientConn *c : inProgress) {
        c->onReady = nullptr;
        c->onFailed = nullptr;
        c->onClosed = nullptr;
        c->deleteLater();
    }
    return r;
}

LatencyResult echoLatency(const std::vector<ClientConn *> &conns, int samples) {
    LatencyResult r;
    if (conns.empty()) {
        r.error = QStringLiteral("no sessions");
        return r;
    }
    const QByteArray payload(64, 'e');
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(samples));
    QEventLoop loop;
    QElapsedTimer one;
    const size_t n = conns.size();
    ClientConn *waiting = nullptr;
    std::function<void()> next;
    // One handler on every session, never replaced while it runs.
    for (ClientConn *c : conns) {
        c->onMessage = [&, c](const QByteArray &m) {
            if (c != waiting)
                return;
            if (m != payload) {
                r.error = QStringLiteral("echo differs from what was sent");
                loop.quit();
                return;
            }
            ms.push_back(static_cast<double>(one.nsecsElapsed()) / 1e6);
            next();
        };
    }
    next = [&] {
        if (static_cast<int>(ms.size()) == samples) {
            waiting = nullptr;
            loop.quit();
            return;
        }
        // Spread over all sessions: sample i goes to session i * n / samples.
        waiting = conns[(ms.size() * n / static_cast<size_t>(samples)) % n];
        one.start();
        waiting->send(payload);
    };
    QTimer::singleShot(0, &loop, [&] { next(); });
    QTimer::singleShot(std::max(60000, samples * 100), &loop, [&] {
        r.error =
            QStringLiteral("%1 of %2 echoes within the time allowed").arg(ms.size()).arg(samples);
        loop.quit();
    });
    loop.exec();
    for (ClientConn *c : conns)
        c->onMessage = nullptr;
    r.samples = static_cast<int>(ms.size());
    if (!ms.empty()) {
        std::sort(ms.begin(), ms.end());
        r.p50 = ms[ms.size() / 2];
        r.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
        r.max = ms.back();
    }
    return r;
}

RoomResult roomRun(const std::vector<ClientConn *> &members, int inflight, double seconds) {
    RoomResult r;
    const int m = static_cast<int>(members.size());
    r.members = m;
    std::vector<int> got; // deliveries per message id
    QEventLoop loop;
    QElapsedTimer clock;
    bool measuring = false;
    bool sending = true;
    int open = 0; // messages not yet delivered to every other member
    quint32 nextId = 0;
    qint64 counted = 0;
    const double warmup = std::min(1.0, seconds / 4);
    auto sendOne = [&] {
        QByteArray msg(64, 'r');
        qToBigEndian<quint32>(nextId, msg.data());
        got.push_back(0);
        members[nextId % static_cast<quint32>(m)]->send(msg);
        ++nextId;
        ++open;
    };
    for (int i = 0; i < m; ++i) {
        members[i]->onMessage = [&, i](const QByteArray &msg) {
            if (msg.size() != 64) {
                r.error =
                    QStringLiteral("a relayed message has %1 bytes, expected 64").arg(msg.size());
                loop.quit();
                return;
            }
            const quint32 id = qFromBigEndian<quint32>(msg.constData());
            if (id >= got.size() || id % static_cast<quint32>(m) == static_cast<quint32>(i)) {
                r.error =
                    QStringLiteral("member %1 got message %2, not meant for it").arg(i).arg(id);
                loop.quit();
                return;
            }
            if (measuring)
                ++counted;
            if (++got[id] == m - 1) {
                --open;
                if (sending)
                    sendOne();
                else if (open == 0)
                    loop.quit();
            }
        };
    }
    QTimer phase;
    QObject::connect(&phase, &QTimer::timeout, &loop, [&] {
        const double t = secondsOf(clock);
        if (!measuring && t >= warmup) {
            measuring = true;
            counted = 0;
            clock.restart();
        } else if (measuring && t >= seconds) {
            r.seconds = t;
            r.deliveries = counted;
            measuring = false;
            sending = false;
            phase.stop();
            if (open == 0)
                loop.quit();
        }
    });
    QTimer::singleShot(static_cast<int>((seconds + warmup) * 1000) + 60000, &loop, [&] {
        if (r.error.isEmpty())
            r.error = QStringLiteral("%1 messages not delivered to every member").arg(open);
        loop.quit();
    });
    clock.start();
    phase.start(10);
    for (int i = 0; i < inflight; ++i)
        sendOne();
    loop.exec();
    for (ClientConn *c : members)
        c->onMessage = nullptr;
    if (r.error.isEmpty() && open != 0)
        r.error = QStringLiteral("%1 messages not delivered to every member").arg(open);
    if (r.error.isEmpty()) {
        for (size_t id = 0; id < got.size(); ++id) {
            if (got[id] != m - 1) {
                r.error = QStringLiteral("message %1 reached %2 of %3 members")
                              .arg(id)
                              .arg(got[id])
                              .arg(m - 1);
                break;
            }
        }
    }
    if (r.seconds > 0) {
        r.deliveriesPerSec = static_cast<double>(r.deliveries) / r.seconds;
        r.messagesPerSec = r.deliveriesPerSec / (m - 1);
    }
    return r;
}

} // namespace sws::bench::crowdload
