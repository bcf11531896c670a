#!/usr/bin/env bash
# Node-only self test of the interop tooling: ref-client.js against ref-server.js (both the
# reference node-sws 1.2.1), v1 and v2, plus the reference behaviours README.md documents.
# Needs `npm ci --prefix tests/interop`. Prints one line per check and "N passed, N failed".
#
#   bash tests/interop/selftest.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
pass=0
fail=0
srv_pid=""

cleanup() {
    [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

ok() { echo "ok   - $1"; pass=$((pass + 1)); }
ko() { echo "FAIL - $1"; fail=$((fail + 1)); [ -n "${2:-}" ] && sed 's/^/       /' "$2" | tail -n 15; }

# start_server ARGS... : sets URL; server stderr goes to $work/server.log
start_server() {
    : > "$work/server.out"
    node "$here/ref-server.js" --ignore-stdin "$@" > "$work/server.out" 2> "$work/server.log" &
    srv_pid=$!
    for _ in $(seq 100); do
        [ -s "$work/server.out" ] && break
        sleep 0.05
    done
    URL="$(sed -n 's/^listening \(ws:[^ ]*\)$/\1/p' "$work/server.out")"
    [ -n "$URL" ] || { ko "server did not start: $*" "$work/server.log"; return 1; }
}
stop_server() {
    kill -TERM "$srv_pid" 2>/dev/null
    wait "$srv_pid" 2>/dev/null
    local rc=$?
    srv_pid=""
    return $rc
}

# expect_echo NAME CLIENT-ARGS... : client must exit 0 and print the hex messages back
expect_echo() {
    local name="$1"; shift
    local want="" skip=0 a
    for a in "$@"; do
        if [ $skip -eq 1 ]; then skip=0; continue; fi
        case "$a" in
            --version|--key|--cert|--ca|--timeout) skip=1 ;;
            --*) ;;
            *) want+="$a"$'\n' ;;
        esac
    done
    node "$here/ref-client.js" "$URL" "$@" > "$work/client.out" 2> "$work/client.log"
    local rc=$?
    if [ $rc -eq 0 ] && [ "$(cat "$work/client.out"; echo .)" = "$want." ]; then
        ok "$name"
    else
        ko "$name (rc=$rc)" "$work/client.log"
    fi
}
# expect_fail NAME PATTERN CLIENT-ARGS... : client must exit 1 with PATTERN in its error line
expect_fail() {
    local name="$1" pattern="$2"; shift 2
    node "$here/ref-client.js" "$URL" "$@" > "$work/client.out" 2> "$work/client.log"
    local rc=$?
    if [ $rc -eq 1 ] && grep -q "^ref-client: error: .*$pattern" "$work/client.log"; then
        ok "$name"
    else
        ko "$name (rc=$rc, wanted error matching '$pattern')" "$work/client.log"
    fi
}
server_log_has() { # NAME PATTERN
    if grep -q -- "$2" "$work/server.log"; then ok "$1"; else ko "$1" "$work/server.log"; fi
}

pki="$work/pki"
if "$here/make-pki.sh" "$pki" 2> "$work/pki.log"; then ok "make-pki.sh (reference nacl-cert CLI via node20-compat.js)"; else ko "make-pki.sh" "$work/pki.log"; fi
CA=(--ca "$pki/interop-ca-ca-cert.json")

# ---- v1 ----
if start_server --version 1; then
    expect_echo "v1 echo incl. empty message" 00 48656c6c6f "" deadbeef
    expect_echo "v1 handshake only (no messages)"
    node "$here/ref-client.js" "$URL" --msgpack "text" $'h\xc3\xa9' > "$work/client.out" 2> "$work/client.log"
    if [ $? -eq 0 ] && [ "$(head -1 "$work/client.out")" = "a474657874" ]; then ok "v1 --msgpack"; else ko "v1 --msgpack" "$work/client.log"; fi
    expect_fail "v2 client vs v1 server: handshake timeout" "\(handshake timeout\|closed before the session opened\)" --version 2 "${CA[@]}" 01
    server_log_has "v1 server ignores a version 2 ClientHello (warn)" "Invalid ClientHello opc message"
    if stop_server; then ok "v1 server exits 0 on SIGTERM"; else ko "v1 server exit code" "$work/server.log"; fi
fi

# ---- v1 greet: the reference client drops the early frame and then cannot decrypt ----
if start_server --version 1 --mode greet; then
    expect_fail "greet vs reference client: frame in the 20 ms window breaks the session" "decryption" 01
    stop_server
fi

# ---- path ----
if start_server --version 1 --path /sws; then
    expect_echo "v1 with --path" 0102
    URL="${URL%/sws}/wrong" expect_fail "wrong path: server never answers the upgrade" "no session" --timeout 2 01
    stop_server
fi

# ---- v2 ----
if start_server --version 2 --key "$pki/server-kp.json" --cert "$pki/server-cert.json" "${CA[@]}"; then
    expect_echo "v2 echo (no client cert requested)" --version 2 "${CA[@]}" 0102 ""
    URL="${URL/127.0.0.1/localhost}" expect_echo "v2 via ws://localhost" --version 2 "${CA[@]}" 03
    expect_fail "v2 client without --ca: rootCACert rejects our CA" "Invalid server cert" --version 2 01
    # both ends run a 2 s handshake timer; whichever fires first decides the client's error
    expect_fail "v1 client vs v2 server: handshake timeout" "\(handshake timeout\|closed before the session opened\)" --version 1 01
    stop_server
fi
if start_server --version 2 --key "$pki/server-kp.json" --cert "$pki/server-wrongname-cert.json" "${CA[@]}"; then
    expect_fail "v2 server cert without 127.0.0.1 in names/ips" "Invalid server endpoint" --version 2 "${CA[@]}" 01
    stop_server
fi
if start_server --version 2 --key "$pki/server-kp.json" --cert "$pki/other-ca-server-cert.json" "${CA[@]}"; then
    expect_fail "v2 server cert from another CA" "Invalid server cert" --version 2 "${CA[@]}" 01
    stop_server
fi
if start_server --version 2 --cert "$pki/server-cert.json" "${CA[@]}"; then
    expect_fail "v2 server cert for another key" "Unexpected server cert" --version 2 "${CA[@]}" 01
    stop_server
fi

# ---- v2 --require-cert ----
if start_server --version 2 --key "$pki/server-kp.json" --cert "$pki/server-cert.json" "${CA[@]}" --require-cert; then
    expect_echo "v2 --require-cert with client cert (ips 127.0.0.1)" --version 2 --key "$pki/client-kp.json" --cert "$pki/client-cert.json" "${CA[@]}" 0102 ""
    server_log_has "v2 server saw the client cert" "client cert gid="
    expect_fail "v2 --require-cert, client has no cert" "Miss client cert" --version 2 "${CA[@]}" 01
    expect_fail "v2 --require-cert, client cert ips without 127.0.0.1" "closed" --version 2 --key "$pki/client-kp.json" --cert "$pki/client-wrongip-cert.json" "${CA[@]}" 01
    server_log_has "v2 server rejected the wrong-ip client cert" "error (during handshake, state=SendServerHello): Invalid client endpoint"
    stop_server
fi

# ---- generated file is current ----
if node "$here/json-cases.js" | cmp -s - "$here/json-cases.json"; then ok "json-cases.json matches json-cases.js"; else ko "json-cases.json is stale: run node json-cases.js > json-cases.json"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
