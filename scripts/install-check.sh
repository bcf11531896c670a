#!/usr/bin/env bash
# Checks the SwsQt package as another program sees it: installs the library from an existing
# build directory into a temporary prefix, compiles every installed header on its own
# (tests/install), builds examples/ against the installed package (CMAKE_PREFIX_PATH is the
# prefix, never the build tree) and runs them: echo_client against echo_server, chat_member in
# a `sws serve --mode chat` room.
#   scripts/install-check.sh [BUILD_DIR]     (default build; it must be built already)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
jobs=$(nproc 2>/dev/null || echo 2)
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

prefix="$work/prefix"
for component in libswsqt libswsqt-dev; do
    cmake --install "$build" --prefix "$prefix" --component "$component" >/dev/null
done

echo "== install: every installed header compiles on its own"
cmake -S tests/install -B "$work/headers" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/headers" -j"$jobs" >/dev/null

echo "== install: examples/ against the installed package"
cmake -S examples -B "$work/examples" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/examples" -j"$jobs" >/dev/null
if ldd "$work/examples/echo_client" | grep -q "$build"; then
    echo "echo_client links a library of the build tree, not the installed one" >&2
    exit 1
fi

# Starts a server in the background and sets url from its "listening URL" line. (Not called in
# a command substitution: its subshell would keep the pid from cleanup.)
url=""
start_server() {
    local out=$1
    shift
    "$@" >"$out" 2>"$out.err" &
    pids+=($!)
    for _ in $(seq 100); do
        if grep -q '^listening ' "$out"; then
            url=$(awk '/^listening /{print $2; exit}' "$out")
            return 0
        fi
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    echo "server did not start: $*" >&2
    cat "$out.err" >&2
    return 1
}

start_server "$work/echo_server.out" "$work/examples/echo_server"
"$work/examples/echo_client" "$url" "hello from echo_client"
echo "examples: echo_client got its echo"

start_server "$work/chat.out" "$build/app/sws" serve --listen 127.0.0.1:0 --mode chat
"$work/examples/chat_member" "$url" "hello from chat_member"
echo "examples: chat_member's message was delivered in a sws serve --mode chat room"
