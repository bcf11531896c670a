#!/usr/bin/env bash
# Installs what building and testing need on Debian 12, skipping what is already there.
# Usage: scripts/deps.sh [--gui]   (--gui adds what showing the desktop app needs)
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(cmake g++ make pkg-config qt6-base-dev qt6-websockets-dev qt6-qpa-plugins libsodium-dev
      libqrencode-dev libqt6sql6-sqlite qtkeychain-qt6-dev dbus gnome-keyring nodejs npm clang
      libclang-rt-14-dev clang-format qt6-l10n-tools qt6-tools-dev desktop-file-utils appstream
      shared-mime-info doxygen lintian)
if [ "${1:-}" = "--gui" ]; then
    pkgs+=(fonts-dejavu-core)
fi
missing=()
for p in "${pkgs[@]}"; do
    # A command already on PATH counts (node and npm may come from elsewhere).
    case "$p" in
        nodejs) command -v node >/dev/null 2>&1 && continue ;;
        npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The reference peer (node-sws 1.2.1, nacl-cert 1.0.4) for the interop tests.
if [ -f tests/interop/package-lock.json ]; then
    if [ ! -d tests/interop/node_modules/node-sws ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; then
        npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
    fi
fi
