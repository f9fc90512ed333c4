#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (see README.md).
#   fuzz.sh build                          build the four targets (-sanitize=fuzzer, into
#                                          .build-fuzzer; asan.sh has the AddressSanitizer build)
#   fuzz.sh run TARGET [SECONDS] [ARGS...]  fuzz TARGET (compile, snapshot, responses or intrinsics) with
#                                          corpus/TARGET (make-corpus.sh), default 1800 s; extra
#                                          ARGS go to libFuzzer. Findings go to artifacts/TARGET/,
#                                          the log to logs/TARGET-<time>.log.
set -euo pipefail
cd "$(dirname "$0")"

build() {
    swift build -c release -Xswiftc -sanitize=fuzzer --build-path .build-fuzzer
}

run() {
    local target=$1 seconds=${2:-1800}
    shift $(( $# < 2 ? $# : 2 ))
    local bin=.build-fuzzer/release/fuzz-$target
    [ -x "$bin" ] || { echo "fuzz.sh: $bin missing: run 'fuzz.sh build'" >&2; exit 2; }
    [ -d "corpus/$target" ] || { echo "fuzz.sh: corpus/$target missing: run make-corpus.sh" >&2; exit 2; }
    mkdir -p "artifacts/$target" logs
    local dict=()
    case $target in
        compile) dict=(-dict=dictionaries/javascript.dict) ;;
        responses) dict=(-dict=dictionaries/responses.dict) ;;
    esac
    local log="logs/$target-$(date +%Y%m%d-%H%M%S).log"
    echo "fuzz.sh: fuzzing $target for $seconds s, log $log"
    # SWIFT_BACKTRACE: Swift's own crash handler would keep libFuzzer's from saving the input.
    SWIFT_BACKTRACE=enable=no "$bin" "corpus/$target" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" "$@" > "$log" 2>&1 || status=$?
    grep -E '^Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec|^SUMMARY|==ERROR|Test unit written|Fatal error' "$log" || true
    return "${status:-0}"
}

case ${1:-} in
    build) build ;;
    run) shift; [ $# -ge 1 ] || { echo "usage: fuzz.sh run TARGET [SECONDS] [ARGS...]" >&2; exit 2; }; run "$@" ;;
    *) echo "usage: fuzz.sh build | fuzz.sh run TARGET [SECONDS] [LIBFUZZER ARGS...]" >&2; exit 2 ;;
esac
