#!/usr/bin/env bash
# Runs every corpus input, kept regression and seed of each target once under
# AddressSanitizer (libFuzzer build with -sanitize=fuzzer,address, -runs=0).
#   asan.sh [TARGET...]     default: compile snapshot responses intrinsics
# Builds into .build (the fuzzing build of fuzz.sh lives in .build-fuzzer).
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release -Xswiftc -sanitize=fuzzer,address
mkdir -p logs
status=0
targets=("$@")
[ $# -gt 0 ] || targets=(compile snapshot responses intrinsics)
for target in "${targets[@]}"; do
    dirs=()
    for d in corpus/$target regressions/$target seeds/$target; do
        [ -n "$(ls -A "$d" 2>/dev/null)" ] && dirs+=("$d")
    done
    log="logs/asan-$target-$(date +%Y%m%d-%H%M%S).log"
    echo "asan.sh: $target: ${dirs[*]} (log $log)"
    # Leak checking is off: the Swift runtime's metadata caches live until exit.
    if SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} .build/release/fuzz-$target -runs=0 -timeout=30 \
            -rss_limit_mb=4096 "${dirs[@]}" > "$log" 2>&1; then
        grep -E '^Done [0-9]+ runs' "$log" || true
    else
        status=1
        grep -E '==ERROR|^SUMMARY|Fatal error|Test unit written|ALARM' "$log" || tail -n 5 "$log"
    fi
done
exit $status
