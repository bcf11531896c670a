#!/usr/bin/env bash
# Writes the sws(1) manual page (roff) from the command line's own help, so that it lists every
# command and option the built binary has: sws --help, then 'sws COMMAND --help' for each
# command and 'sws COMMAND SUBCOMMAND --help' for each subcommand. Given sws-desktop, writes
# sws-desktop(1) from 'sws-desktop --help' the same way.
#   scripts/manpage.sh PATH/TO/sws > sws.1     (app/CMakeLists.txt runs it at build time)
#   scripts/manpage.sh PATH/TO/sws-desktop > sws-desktop.1
set -euo pipefail
sws=$1
export QT_QPA_PLATFORM=offscreen

# Help text as preformatted roff: backslashes doubled, a leading . or ' escaped.
verbatim() {
    printf '.nf\n'
    sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\&\\1/"
    printf '.fi\n'
}
# The names listed under "commands:" or "subcommands:" in a help text (two-space indent).
names() {
    awk -v head="$1" '$0 == head {on = 1; next} on && /^  [a-z]/ {print $1; next} on {on = 0}'
}

if [ "$(basename "$sws")" = sws-desktop ]; then
    version=$("$sws" --version | awk '{print $2}')
    cat <<ROFF
.TH SWS-DESKTOP 1 "" "sws-desktop $version" "User Commands"
.SH NAME
sws-desktop \\- secure chat over SecureWebSocket, with a handshake and traffic inspector
.SH SYNOPSIS
.B sws-desktop
[\\fIOPTIONS\\fR] [\\fITRANSCRIPT\\fR|\\fILINK\\fR]
.br
.B sws-desktop \\-\\-version
.SH DESCRIPTION
ROFF
    # Qt names the program by the path it was run as: the manual page says sws-desktop.
    "$sws" --help | sed "1s|^Usage: [^ ]*|Usage: sws-desktop|" | verbatim
    cat <<'ROFF'
.SH ENVIRONMENT
.TP
.B SWS_PROFILE
the profile directory (identities, pins, trusted CAs, history) when \fB\-\-profile\fR is not given
.SH SEE ALSO
.BR sws (1)
ROFF
    exit 0
fi

version=$("$sws" --version | awk '{print $2}')
cat <<ROFF
.TH SWS 1 "" "sws $version" "User Commands"
.SH NAME
sws \\- SecureWebSocket (NaCl over WebSocket) command line
.SH SYNOPSIS
.B sws
[\\fB\\-\\-profile\\fR \\fIDIR\\fR]
\\fICOMMAND\\fR [\\fIARGS\\fR...]
.br
.B sws \\-\\-version
.SH DESCRIPTION
ROFF
"$sws" --help | verbatim
echo '.SH COMMANDS'
for command in $("$sws" --help | names "commands:"); do
    echo ".SS sws $command"
    help=$("$sws" "$command" --help)
    printf '%s\n' "$help" | verbatim
    for sub in $(printf '%s\n' "$help" | names "subcommands:"); do
        echo ".SS sws $command $sub"
        "$sws" "$command" "$sub" --help | verbatim
    done
done
cat <<'ROFF'
.SH ENVIRONMENT
.TP
.B SWS_PROFILE
the profile directory (identities, pins, trusted CAs) when \fB\-\-profile\fR is not given
.TP
.B SWS_PASSPHRASE
the passphrase of a protected identity when \fB\-\-passphrase\-file\fR is not given
.SH SEE ALSO
.BR sws-desktop (1)
ROFF
