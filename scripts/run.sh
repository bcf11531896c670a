#!/usr/bin/env bash
# Installs what is missing, builds, and starts the desktop app (arguments pass through).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --gui
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)"
if [ -x build/app/sws-desktop ]; then
    exec build/app/sws-desktop "$@"
fi
exec build/app/sws "$@"
