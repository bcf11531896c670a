#!/bin/sh
# with-dbus.sh PROGRAM [ARGS...]: runs a test program on a private D-Bus session bus that starts
# no services (tests/common/dbus-session.conf has no service directory), with HOME and the XDG
# directories in a temporary directory. Whatever answers on that bus (a fake notification
# server) is the test's own; no keychain and no notification daemon of the machine is reached.
set -u
if ! command -v dbus-run-session >/dev/null 2>&1; then
    echo "with-dbus: dbus-run-session is missing (scripts/deps.sh installs dbus)" >&2
    exit 1
fi
conf=$(cd "$(dirname "$0")" && pwd)/dbus-session.conf
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run"
HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache \
XDG_RUNTIME_DIR=$tmp/run timeout 240 dbus-run-session --config-file="$conf" -- "$@"
rc=$?
[ "$rc" -eq 124 ] && echo "with-dbus: timed out after 240 s" >&2
exit "$rc"
