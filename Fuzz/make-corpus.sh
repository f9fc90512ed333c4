#!/usr/bin/env bash
# Generates the seed corpora of the fuzz targets into Fuzz/corpus/<target>/
# (not committed; see README.md), replacing what is there:
#   make-corpus.sh [TARGET...]     default: compile snapshot responses intrinsics
#   compile    the conformance programs and the bench programs
#   snapshot   every snapshot of a stepwise difftest run of the conformance cases
#   responses  every responses file of that run, plus Fuzz/seeds/responses
#   intrinsics Fuzz/seeds/intrinsics
# Builds the release CLI; difftest needs python3.
set -euo pipefail
cd "$(dirname "$0")"
shared=${FETCHFLOW_SHARED:-../../shared}
corpus=corpus
cli=../.build/release/fetchflow

targets=("$@")
[ $# -gt 0 ] || targets=(compile snapshot responses intrinsics)
wants() { [[ " ${targets[*]} " == *" $1 "* ]]; }
for t in "${targets[@]}"; do
    rm -rf "${corpus:?}/$t"
    mkdir -p "$corpus/$t"
done

if wants compile; then
    cp "$shared"/conformance/cases/*.js "$shared"/bench/programs/*.js seeds/compile/*.js "$corpus/compile/"
fi

if wants snapshot || wants responses; then
    (cd .. && swift build -c release --product fetchflow)  # snapshots of the current engine
    # --keep-temp leaves each case's s<k>.ffsnap and r<k>.json in a temporary directory.
    "$shared/tools/difftest" --fetchflow "$cli" --keep-temp -j 1 > "$corpus/difftest.log" || true
    grep '^temp ' "$corpus/difftest.log" | while read -r _ name dir; do
        name=${name%:}
        if wants snapshot; then
            for f in "$dir"/s*.ffsnap; do [ -e "$f" ] && cp "$f" "$corpus/snapshot/$name-$(basename "$f")"; done
        fi
        if wants responses; then
            for f in "$dir"/r*.json; do [ -e "$f" ] && cp "$f" "$corpus/responses/$name-$(basename "$f")"; done
        fi
        rm -rf "$dir"
    done
    tail -n 1 "$corpus/difftest.log" | sed 's/^/difftest: /'
fi
if wants responses; then
    cp seeds/responses/*.json "$corpus/responses/"
fi
if wants intrinsics; then
    cp seeds/intrinsics/* "$corpus/intrinsics/"
fi

for t in "${targets[@]}"; do
    echo "$t: $(ls "$corpus/$t" | wc -l) files, $(du -sh "$corpus/$t" | cut -f1)"
done
