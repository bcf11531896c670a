#!/bin/sh
# with-keyring.sh PROGRAM [ARGS...]: runs a test program in a private D-Bus session with an
# unlocked gnome-keyring (the Secret Service the OS keychain uses on Linux), HOME and the XDG
# directories in a temporary directory: the keychain for real, never the user's own keyring.
# Fails with a clear message (instead of hanging) when the keyring cannot start.
set -u
for tool in dbus-run-session gnome-keyring-daemon timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring: $tool is missing (scripts/deps.sh installs dbus and gnome-keyring)" >&2
        exit 1
    fi
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run"
HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache \
XDG_RUNTIME_DIR=$tmp/run timeout 240 dbus-run-session -- sh -c '
    # A non-empty password: with an empty one the login collection is not created without
    # asking a prompter (which needs a display).
    if ! printf "sws-test" | timeout 20 gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
        echo "with-keyring: gnome-keyring-daemon did not start" >&2
        exit 1
    fi
    "$@"' with-keyring "$@"
rc=$?
[ "$rc" -eq 124 ] && echo "with-keyring: timed out after 240 s" >&2
exit "$rc"
