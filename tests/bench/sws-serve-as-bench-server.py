#!/usr/bin/env python3
"""Runs `sws serve` in place of sws_bench's own SWS server, for `sws_bench --server-wrapper`.

sws_bench starts its server as `WRAPPER... sws_bench --serve sws1 --dir DIR`; this script takes
the key from DIR and starts `$SWS_SERVE serve --listen 127.0.0.1:0 --key DIR/server-kp.json
--threads $SWS_SERVE_THREADS --max-per-source 4096`, then speaks sws_bench's server protocol:
"listening PORT" on stdout, and on stdin "stats" (RSS and descriptors of `sws serve`) and "quit".
Version 1 only (sws1): `sws serve` needs its certificate files for version 2.

    SWS_SERVE=build-rel/app/sws SWS_SERVE_THREADS=2 build-rel/tests/bench/sws_bench \\
        --transports sws1 --phases echo,handshake --no-pin \\
        --server-wrapper "python3 tests/bench/sws-serve-as-bench-server.py"
"""
import os
import re
import signal
import subprocess
import sys


def main():
    args = sys.argv[1:]
    if "--serve" not in args or "--dir" not in args:
        sys.exit("usage: sws-serve-as-bench-server.py SWS_BENCH --serve sws1 --dir DIR")
    if args[args.index("--serve") + 1] != "sws1":
        sys.exit("sws-serve-as-bench-server.py: only sws1 is served by sws serve here")
    key = os.path.join(args[args.index("--dir") + 1], "server-kp.json")
    sws = os.environ.get("SWS_SERVE", "sws")
    threads = os.environ.get("SWS_SERVE_THREADS", "1")
    child = subprocess.Popen(
        [sws, "serve", "--listen", "127.0.0.1:0", "--key", key, "--threads", threads,
         "--max-per-source", "4096"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=sys.stderr)

    def stop(*_):
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            child.wait()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    first = child.stdout.readline().decode()
    m = re.match(r"listening ws://[^:]+:(\d+)/", first)
    if not m:
        stop()
    print("listening " + m.group(1), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if line == "stats":
            rss = 0
            with open(f"/proc/{child.pid}/status") as f:
                for row in f:
                    if row.startswith("VmRSS:"):
                        rss = int(row.split()[1])
            fds = len(os.listdir(f"/proc/{child.pid}/fd"))
            print(f"stats rss_kib={rss} heap_bytes=0 fds={fds} sessions=0", flush=True)
        elif line == "quit":
            break
    stop()


if __name__ == "__main__":
    main()
