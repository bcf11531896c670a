#include "window/startoptions.h"

#include "trust/invitation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

namespace sws::ui {

bool parseStartOptions(const QStringList &arguments, StartOptions *out, QString *error) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "SWS Desktop: secure chat over SecureWebSocket, with a handshake and traffic inspector."));
    p.addHelpOption();
    // -V as in sws (addVersionOption() would take -v).
    const QCommandLineOption version({QStringLiteral("V"), QStringLiteral("version")},
                                     QStringLiteral("Print \"sws-desktop VERSION\" and exit."));
    const QCommandLineOption settings(
        QStringLiteral("settings"),
        QStringLiteral("Keep settings (remembered rooms and servers) in <file> "
                       "instead of the profile's settings.ini."),
        QStringLiteral("file"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Host the demo room: v1, v2 (with certificates) "
                                                 "or off. Default: only on a first start."),
                                  QStringLiteral("mode"));
    const QCommandLineOption join(QStringLiteral("join"),
                                  QStringLiteral("Join the demo room at once."));
    const QCommandLineOption invite(QStringLiteral("invite"),
                                    QStringLiteral("Show the demo room's invitation link."));
    const QCommandLineOption intercept(
        QStringLiteral("intercept"),
        QStringLiteral("Join the demo room through a paused Intercept window."));
    const QCommandLineOption say(QStringLiteral("say"),
                                 QStringLiteral("Send <text> once the joined room is secured."),
                                 QStringLiteral("text"));
    const QCommandLineOption tab(QStringLiteral("tab"),
                                 QStringLiteral("Start on a tab: chat, peer, handshake, traffic."),
                                 QStringLiteral("name"));
    const QCommandLineOption step(QStringLiteral("step"),
                                  QStringLiteral("Show handshake step <n> (1-6) in the inspector."),
                                  QStringLiteral("n"));
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QStringLiteral("Keys, certificates and trust in <dir>."),
                                     QStringLiteral("dir"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QStringLiteral("Colours: system (the desktop's palette, default) or dark."),
        QStringLiteral("name"));
    p.addOptions(
        {version, settings, demo, join, invite, intercept, say, tab, step, profile, theme});
    p.addPositionalArgument(QStringLiteral("transcript|link"),
                            QStringLiteral("A saved transcript to open read-only, or an "
                                           "invitation link (sws-invite:…) to join."),
                            QStringLiteral("[transcript|link]"));
    if (!p.parse(arguments)) {
        *error = p.errorText();
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        *error = p.helpText();
        return false;
    }
    if (p.isSet(version)) {
        *error = QStringLiteral("sws-desktop ") + QCoreApplication::applicationVersion();
        return false;
    }
    out->settingsFile = p.value(settings);
    out->profileDir = p.value(profile);
    const QString d = p.value(demo);
    if (d == QLatin1String("v1"))
        out->demo = StartOptions::Demo::V1;
    else if (d == QLatin1String("v2"))
        out->demo = StartOptions::Demo::V2;
    else if (d == QLatin1String("off"))
        out->demo = StartOptions::Demo::Off;
    else if (!d.isEmpty()) {
        *error = QStringLiteral("--demo takes v1, v2 or off");
        return false;
    }
    const QString t = p.value(theme);
    if (t == QLatin1String("dark"))
        out->dark = true;
    else if (!t.isEmpty() && t != QLatin1String("system")) {
        *error = QStringLiteral("--theme takes system or dark");
        return false;
    }
    out->joinDemo = p.isSet(join);
    out->invite = p.isSet(invite);
    out->intercept = p.isSet(intercept);
    out->say = p.values(say);
    out->tab = p.value(tab);
    if (p.isSet(step)) {
        out->step = p.value(step).toInt();
        if (out->step < 1 || out->step > 6) {
            *error = QStringLiteral("--step takes a number from 1 to 6");
            return false;
        }
    }
    if (!p.positionalArguments().isEmpty()) {
        const QString arg = p.positionalArguments().constFirst();
        // The desktop file passes %u: a link, a file path or a file: URL.
        if (isInvitationLink(arg))
            out->invitation = arg;
        else if (arg.startsWith(QLatin1String("file:")))
            out->transcript = QUrl(arg).toLocalFile();
        else
            out->transcript = arg;
    }
    return true;
}

} // namespace sws::ui
