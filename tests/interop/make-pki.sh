#!/usr/bin/env bash
# Make a throw-away nacl-cert PKI for interop tests with the reference CLI (nacl-cert 1.0.4),
# run through node20-compat.js (see there). Needs `npm ci --prefix tests/interop` first.
#
#   tests/interop/make-pki.sh OUTDIR
#
# Writes into OUTDIR (created if missing):
#   interop-ca-ca-cert.json  CA certificate (self-signed, type "self", ca "interop-ca", 3650 days)
#   interop-ca-ca-key.json   {"cert": CA cert, "secretkey": [64-byte Ed25519 secret key]}
#   server-kp.json           box key pair {"secretkey":[32],"publickey":[32]} of the server
#   server-cert.json         CA-signed cert for server-kp: names localhost,127.0.0.1  ips 127.0.0.1
#   client-kp.json           box key pair of the client
#   client-cert.json         CA-signed cert for client-kp: names client  ips 127.0.0.1
#   server-wrongname-cert.json  server-kp cert for names example.invalid, ips 192.0.2.1 only
#   client-wrongip-cert.json    client-kp cert whose ips (192.0.2.1) do not contain 127.0.0.1
#   other-ca-ca-cert.json / other-ca-ca-key.json  a second, unrelated CA
#   other-ca-server-cert.json   server-kp cert signed by other-ca (wrong CA for interop-ca)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: make-pki.sh OUTDIR}"
mkdir -p "$out"
cd "$out"
cli() { node -r "$here/node20-compat.js" "$here/node_modules/nacl-cert/bin/nacl-cert" "$@" >/dev/null; }

cli -m genca -n interop-ca -d 3650
cli -m genca -n other-ca -d 3650

cli -m genkeypair && mv box-kp.json server-kp.json
cli -m genkeypair && mv box-kp.json client-kp.json

# gencert writes NAMES[0]-cert.json; -i is mandatory (the CLI crashes on ips.split without it)
cli -m gencert -n localhost,127.0.0.1 -i 127.0.0.1 -d 365 -p server-kp.json -c interop-ca-ca-key.json
mv localhost-cert.json server-cert.json
cli -m gencert -n client -i 127.0.0.1 -d 365 -p client-kp.json -c interop-ca-ca-key.json
# client-cert.json already has the right name
cli -m gencert -n example.invalid -i 192.0.2.1 -d 365 -p server-kp.json -c interop-ca-ca-key.json
mv example.invalid-cert.json server-wrongname-cert.json
cli -m gencert -n wrongip -i 192.0.2.1 -d 365 -p client-kp.json -c interop-ca-ca-key.json
mv wrongip-cert.json client-wrongip-cert.json
cli -m gencert -n otherca -i 127.0.0.1 -d 365 -p server-kp.json -c other-ca-ca-key.json
mv otherca-cert.json other-ca-server-cert.json

cli -m validateca -c interop-ca-ca-cert.json
for c in server-cert.json client-cert.json server-wrongname-cert.json client-wrongip-cert.json; do
    cli -m validatecert -p "$c" -c interop-ca-ca-cert.json
done
echo "make-pki: wrote $(ls | wc -l) files to $out" >&2
