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

namespace {

// --help and --version are output asked for: stdout, exit 0.
bool isHelpOrVersion(const QString &message) {
    return message.startsWith(QLatin1String("Usage")) ||
           message.startsWith(QLatin1String("sws-desktop "));
}

// sws-desktop --version and --help answer without a display: before the QApplication, whose
// platform plugin would abort without one. Anything else is left to the parse after it (which
// also knows Qt's own options, such as -platform).
bool answeredWithoutDisplay(int argc, char *argv[]) {
    QStringList args;
    bool asked = false;
    for (int i = 0; i < argc; ++i) {
        args << QString::fromLocal8Bit(argv[i]);
        asked = asked ||
                (i > 0 &&
                 (args.last() == QLatin1String("-V") || args.last() == QLatin1String("--version") ||
                  args.last() == QLatin1String("-h") || args.last() == QLatin1String("--help")));
    }
    if (!asked)
        return false;
    QCoreApplication::setApplicationName(QStringLiteral("sws-desktop"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWS_DESKTOP_VERSION));
    sws::ui::StartOptions options;
    QString message;
    if (sws::ui::parseStartOptions(args, &options, &message) || !isHelpOrVersion(message))
        return false;
    // Again with an application object (no GUI), for the program's name in the help.
    QCoreApplication core(argc, argv);
    (void)sws::ui::parseStartOptions(QCoreApplication::arguments(), &options, &message);
    std::fputs(qPrintable(message + QLatin1Char('\n')), stdout);
    return true;
}

} // namespace

int main(int argc, char *argv[]) {
    sws::app::reopenClosedStdFds(); // before Qt opens any descriptor
    if (answeredWithoutDisplay(argc, argv))
        return std::fflush(stdout) == 0 ? 0 : 1;
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
        const bool asked = isHelpOrVersion(message); // else an error: stderr, exit 2
        std::fputs(qPrintable(message + QLatin1Char('\n')), asked ? stdout : stderr);
        return asked ? 0 : 2;
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
    window.expectHistory(); // saved servers wait for it before they dial
    history.start();
    window.show();
    window.start();
    return QApplication::exec();
}
