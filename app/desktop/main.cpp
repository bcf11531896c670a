// sws-desktop: the GUI. Everything lives in ui/ (swsui); this only starts it.
#include "stdfds.h"
#include "trust/trustservice.h"
#include "window/historyopener.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>

int main(int argc, char *argv[]) {
    sws::app::reopenClosedStdFds(); // before Qt opens any descriptor
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("sws-desktop"));
    QApplication::setApplicationName(QStringLiteral("sws-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("SWS Desktop"));
    QApplication::setApplicationVersion(QStringLiteral(SWS_DESKTOP_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("sws-desktop"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sws-desktop.png")));

    sws::ui::StartOptions options;
    QString message;
    if (!sws::ui::parseStartOptions(QApplication::arguments(), &options, &message)) {
        std::fputs(qPrintable(message + QLatin1Char('\n')), stderr);
        return message.startsWith(QLatin1String("Usage")) ? 0 : 2;
    }
    // The profile and trust store of this run, for the window and everything it opens; its
    // destructor, after the window's, waits for pins still being written.
    sws::TrustService trust(sws::Profile(sws::Profile::resolveDirectory(options.profileDir)));
    // The conversations kept on disk; made before the window, which writes to it until it goes.
    sws::ui::HistoryOpener history(trust.profile().directory());
    sws::ui::MainWindow window(trust, options);
    QObject::connect(&history, &sws::ui::HistoryOpener::ready, &window,
                     &sws::ui::MainWindow::setHistory);
    QObject::connect(&history, &sws::ui::HistoryOpener::failed, &window,
                     &sws::ui::MainWindow::historyUnavailable);
    history.start();
    window.show();
    window.start();
    return QApplication::exec();
}
