#!/usr/bin/env bash
# Builds every libFuzzer target of tests/fuzz with clang (ASan + UBSan) and runs each for
# SECONDS (default 20) on a scratch copy of its committed corpus. Fails on any crash, leak,
# sanitizer report or oracle violation; the input that did it is kept in
# build-fuzz/findings/<target>/ — add it to tests/fuzz/corpus/<target>/ as regression-<name>
# together with the fix and a regression test.
#   tests/fuzz/run.sh [SECONDS]          all targets
#   FUZZ_TARGETS="json cert" tests/fuzz/run.sh 60
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
build=${SWS_FUZZ_BUILD_DIR:-build-fuzz}
jobs=$(nproc 2>/dev/null || echo 2)

# SWS_WERROR=ON in the environment (scripts/test.sh sets it) treats warnings as errors.
CC=clang CXX=clang++ cmake -S . -B "$build" -DSWS_FUZZ=ON -DSWS_BUILD_UI=OFF \
    -DSWS_WERROR="${SWS_WERROR:-OFF}" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target sws_fuzz -j"$jobs"

targets=${FUZZ_TARGETS:-$(cd tests/fuzz/corpus && ls)}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
for t in $targets; do
    bin="$build/tests/fuzz/fuzz_$t"
    work="$build/fuzz-work/$t"
    findings="$build/findings/$t"
    rm -rf "$work"
    mkdir -p "$work" "$findings"
    echo "== fuzz_$t for ${seconds}s"
    # New inputs go to the scratch directory; the committed corpus is read, never written.
    if ! "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$findings/" "$work" "tests/fuzz/corpus/$t" \
        >"$build/fuzz-$t.log" 2>&1; then
        tail -n 40 "$build/fuzz-$t.log"
        failed+=("$t")
        continue
    fi
    grep -E "^stat::number_of_executed_units|^#[0-9]+ *DONE" "$build/fuzz-$t.log" | tail -n 2
done
if ((${#failed[@]})); then
    echo "fuzzing found problems in: ${failed[*]} (inputs in $build/findings/)" >&2
    exit 1
fi
echo "fuzzing: no findings"
