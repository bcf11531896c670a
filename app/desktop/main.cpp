// sws-desktop: the GUI. Everything lives in ui/ (swsui); this only starts it.
#include "stdfds.h"
#include "trust/trustservice.h"
#include "window/historyopener.h"
#include "window/mainwindow.h"
#include "window/theme.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

int main(int argc, char *argv[]) {
    sws::app::reopenClosedStdFds(); // before Qt opens any descriptor
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("sws-desktop"));
    QApplication::setApplicationName(QStringLiteral("sws-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("SWS Desktop"));
    QApplication::setApplicationVersion(QStringLiteral(SWS_DESKTOP_VERSION));
    // The application ID: the desktop file, icon and metainfo in resources/ carry this name.
    QApplication::setDesktopFileName(QStringLiteral("io.github.sws_desktop.SwsDesktop"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sws-desktop.png")));

    // The catalog of the user's language (none for English: the sources are English), and Qt's
    // own texts (standard buttons) from the system's Qt translations.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("sws-desktop"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    sws::ui::StartOptions options;
    QString message;
    if (!sws::ui::parseStartOptions(QApplication::arguments(), &options, &message)) {
        std::fputs(qPrintable(message + QLatin1Char('\n')), stderr);
        return message.startsWith(QLatin1String("Usage")) ? 0 : 2;
    }
    if (options.dark) {
        // Fusion follows the palette everywhere; the platform styles may not.
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(sws::ui::theme::darkPalette());
    }
    // The profile and trust store of this run, for the window and everything it opens; its
    // destructor, after the window's, waits for pins still being written.
    sws::TrustService trust(sws::Profile(sws::Profile::resolveDirectory(options.profileDir)));
    // The conversations kept on disk; made before the window, which writes to it until it goes.
    sws::ui::HistoryOpener history(trust.profile().directory());
    sws::ui::MainWindow window(trust, options);
    history.setDialogParent(&window); // the history passphrase is asked over the window
    QObject::connect(&history, &sws::ui::HistoryOpener::ready, &window,
                     &sws::ui::MainWindow::setHistory);
    QObject::connect(&history, &sws::ui::HistoryOpener::failed, &window,
                     &sws::ui::MainWindow::historyUnavailable);
    history.start();
    window.show();
    window.start();
    return QApplication::exec();
}
