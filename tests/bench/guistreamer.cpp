// sws_guibench --stream: the peer that streams into (and counts what comes from) the GUI. A
// process of its own, so that its work never runs in the GUI's event loop.
#include "guibench.h"
#include "session/securewebsocketserver.h"
#include "stdinlines.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <unistd.h>
#include <vector>

namespace sws::bench::gui {

namespace {

void printLine(const QByteArray &line) {
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

qint64 percentile(std::vector<qint64> v, double p) {
    if (v.empty())
        return 0;
    const auto k = static_cast<size_t>(std::min<double>(
        static_cast<double>(v.size() - 1), std::floor(p * static_cast<double>(v.size()))));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

} // namespace

int runStreamer(const QStringList &args) {
    Options o;
    bool send = false;
    bool listen = false;
    QUrl url;
    for (int i = 2; i < args.size(); ++i) {
        const QString a = args.at(i);
        if (a == QLatin1String("--rate"))
            o.rate = args.value(++i).toDouble();
        else if (a == QLatin1String("--seconds"))
            o.seconds = args.value(++i).toDouble();
        else if (a == QLatin1String("--size"))
            o.size = std::max(kMinMessageBytes, args.value(++i).toInt());
        else if (a == QLatin1String("--batch-ms"))
            o.batchMs = std::max(1, args.value(++i).toInt());
        else if (a == QLatin1String("--mixed"))
            o.mixed = true;
        else if (a == QLatin1String("--send"))
            send = true;
        else if (a == QLatin1String("--listen"))
            listen = true;
        else if (a == QLatin1String("--connect"))
            url = QUrl(args.value(++i));
    }
    if (!listen && !url.isValid()) {
        std::fputs("usage: sws_guibench --stream (--listen | --connect URL) [--send] ...\n",
                   stderr);
        return 2;
    }

    SessionConfig session;
    session.version = 1;
    session.keyPair = BoxKeyPair::generate();
    std::unique_ptr<SecureWebSocketServer> server;
    QPointer<SecureWebSocket> socket;

    qint64 received = 0;
    std::vector<qint64> latencies;
    latencies.reserve(static_cast<size_t>(std::min(o.rate * o.seconds, 1e7)) + 16);
    auto attach = [&](SecureWebSocket *s) {
        socket = s;
        QObject::connect(s, &SecureWebSocket::binaryMessageReceived, s, [&](const QByteArray &m) {
            ++received;
            quint64 seq = 0;
            qint64 sentUs = 0;
            if (parseMessage(QString::fromLatin1(m.left(27)), &seq, &sentUs))
                latencies.push_back(monotonicUs() - sentUs);
        });
        QObject::connect(s, &SecureWebSocket::disconnected, s,
                         [] { printLine(QByteArrayLiteral("closed")); });
        printLine(QByteArrayLiteral("secured"));
    };

    std::unique_ptr<SecureWebSocket> client;
    if (listen) {
        ServerConfig cfg;
        cfg.session = session;
        server = std::make_unique<SecureWebSocketServer>(std::move(cfg));
        QObject::connect(server.get(), &SecureWebSocketServer::sessionSecured, server.get(),
                         [&](SecureWebSocket *s) {
                             if (!socket)
                                 attach(s);
                         });
        if (!server->listen(QHostAddress::LocalHost, 0)) {
            std::fprintf(stderr, "sws_guibench --stream: %s\n", qPrintable(server->errorString()));
            return 1;
        }
        printLine(QByteArrayLiteral("listening ") + QByteArray::number(server->serverPort()));
    } else {
        client = std::make_unique<SecureWebSocket>(session);
        QObject::connect(client.get(), &SecureWebSocket::secured, client.get(),
                         [&] { attach(client.get()); });
        client->open(url);
    }

    // Paced sending: every batchMs, everything due by now (rate × elapsed) goes out.
    const auto total = static_cast<qint64>(std::llround(o.rate * o.seconds));
    qint64 sent = 0;
    qint64 failed = 0;
    QElapsedTimer clock;
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(o.batchMs);
    QObject::connect(&pacer, &QTimer::timeout, &pacer, [&] {
        const double elapsed = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        const qint64 due = std::min(total, static_cast<qint64>(o.rate * elapsed));
        while (socket && sent < due) {
            const auto seq = static_cast<quint64>(sent);
            if (socket->sendBinaryMessage(makeMessage(seq, sizeFor(o, seq))) < 0)
                ++failed;
            ++sent;
        }
        if (sent >= total || !socket) {
            pacer.stop();
            printLine(QByteArrayLiteral("done ") + QByteArray::number(sent) +
                      " failed=" + QByteArray::number(failed));
        }
    });
    QTimer report;
    report.setInterval(100);
    QObject::connect(&report, &QTimer::timeout, &report, [&] {
        printLine(QByteArrayLiteral("sent ") + QByteArray::number(sent));
        printLine(QByteArrayLiteral("recv ") + QByteArray::number(received));
    });

    StdinLines commands([&](const QByteArray &line) {
        if (line == "start") {
            clock.start();
            if (send)
                pacer.start();
            report.start();
        } else if (line == "quit") {
            printLine(QByteArrayLiteral("recv ") + QByteArray::number(received));
            printLine(QByteArrayLiteral("latency ") +
                      QByteArray::number(percentile(latencies, 0.5)) + ' ' +
                      QByteArray::number(percentile(latencies, 0.99)) + ' ' +
                      QByteArray::number(percentile(latencies, 1.0)));
            QCoreApplication::exit(0);
        }
    });
    return QCoreApplication::exec();
}

} // namespace sws::bench::gui
