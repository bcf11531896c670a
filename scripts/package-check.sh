#!/usr/bin/env bash
# Builds the Debian packages (CPack, cmake/packaging.cmake) from an existing build directory,
# checks them with lintian (fails on errors; the expected warnings are explained in the README,
# "Install from packages") and, only when asked, installs them with apt-get, runs the installed
# programs from /usr/bin and removes the packages again (apt-get purge: nothing is left behind).
#   scripts/package-check.sh [--install] [BUILD_DIR]    (default build; it must be built already)
# The install step changes the system (root, apt-get): it runs with --install or when CI=true
# (scripts/test.sh in CI), never by default on a developer's machine.
set -euo pipefail
cd "$(dirname "$0")/.."
install=false
[ "${CI:-}" = "true" ] && install=true
if [ "${1:-}" = "--install" ]; then
    install=true
    shift
fi
build=${1:-build}
packages=(sws-desktop sws libswsqt libswsqt-dev)

echo "== packages: cpack (DEB) from $build"
rm -f "$build"/*.deb
(cd "$build" && cpack -G DEB >/dev/null)
ls "$build"/*.deb

echo "== packages: lintian (errors fail; warnings are listed)"
lintian --fail-on error --tag-display-limit 0 "$build"/*.deb

if ! $install; then
    echo "packages: not installed (pass --install, or CI=true, to install and remove them)"
    exit 0
fi

echo "== packages: apt-get install, run from /usr/bin, apt-get remove"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
for p in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        echo "$p is installed already: not replacing it (remove it first)" >&2
        exit 1
    fi
done
remove() { $SUDO apt-get purge -y -qq "${packages[@]}" >/dev/null; }
trap remove EXIT
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$(realpath "$build")"/*.deb >/dev/null

version=$(/usr/bin/sws --version)
echo "installed: $version"
[ "$version" = "sws $(sed -n 's/^project(sws-desktop VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" ]
QT_QPA_PLATFORM=offscreen /usr/bin/sws-desktop --help >/dev/null 2>&1 || { echo "sws-desktop --help failed" >&2; exit 1; }
[ "$(QT_QPA_PLATFORM=offscreen /usr/bin/sws-desktop --version 2>/dev/null)" = "sws-desktop ${version#sws }" ]
man -w sws >/dev/null
man -w sws-desktop >/dev/null
# The completion offers the installed binary's commands.
# shellcheck disable=SC1091
commands=$(bash -c 'source /usr/share/bash-completion/completions/sws
    COMP_WORDS=(sws se); COMP_CWORD=1; _sws; echo "${COMPREPLY[*]}"')
[ "$commands" = "serve" ]
[ -f /usr/lib/cmake/SwsQt/SwsQtConfig.cmake ] && [ -e /usr/lib/libswsqt.so.0 ]

remove
trap - EXIT
for p in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        echo "$p is still installed after apt-get purge" >&2
        exit 1
    fi
done
echo "packages: installed, ran and removed"
