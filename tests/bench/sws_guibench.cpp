// sws_guibench: does the desktop GUI keep up with a session streaming 10,000 messages/s? Opens
// the real MainWindow, lets a peer in another process (this binary with --stream) stream into
// one of its sessions, and reports the longest event-loop stall, messages shown per second,
// whether the chat and traffic views stay live, and the RSS over time. README.md in this folder.
#include "guibench.h"

#include <QCoreApplication>

#include <cstring>
#include <memory>

using namespace sws::bench::gui;

int main(int argc, char **argv) {
    if (argc >= 2 && std::strcmp(argv[1], "--stream") == 0) {
        QCoreApplication app(argc, argv); // the peer: no GUI
        return runStreamer(QCoreApplication::arguments());
    }
    TimedApplication app(argc, argv);
    // Never the user's settings or profile (MainWindow gets its own files as well).
    QApplication::setOrganizationName(QStringLiteral("sws-guibench"));
    QApplication::setApplicationName(QStringLiteral("sws-guibench"));
    Options o;
    if (const int exit = parseOptions(QApplication::arguments(), &o))
        return exit < 0 ? 0 : exit;
    return runGui(o, &app);
}
