#pragma once

#include <QString>
#include <QStringList>

namespace sws::ui {

// How the desktop app starts (its command line). Everything is optional: a plain start hosts
// the demo room when nothing is configured yet.
struct StartOptions {
    enum class Demo { Auto, Off, V1, V2 };
    QString settingsFile;   // --settings FILE: settings in FILE instead of the profile's
    Demo demo = Demo::Auto; // --demo v1|v2|off; Auto: only when nothing is configured
    bool joinDemo = false;  // --join: join the demo room at once
    bool invite = false;    // --invite: show the demo room's invitation (link and QR code)
    bool intercept = false; // --intercept: join the demo room through a paused Intercept window
    QStringList say;        // --say TEXT (repeatable): send once the joined room is secured
    QString tab;            // --tab chat|peer|handshake|traffic
    int step = 0;           // --step 1..6: the handshake step the inspector shows
    QString transcript;     // a transcript file to open (positional)
    QString invitation;     // an sws-invite: link (positional): opens Join by invitation with it
    QString profileDir;     // --profile DIR: keys and trust (else $SWS_PROFILE, else default)
    bool dark = false;      // --theme dark: Fusion with a dark palette (else the system's)
};

// Parses the arguments (argv[0] first). Returns false with a message for bad ones; --help and
// --version are handled (printed) by the caller through QCommandLineParser's text in *error.
bool parseStartOptions(const QStringList &arguments, StartOptions *out, QString *error);

} // namespace sws::ui
