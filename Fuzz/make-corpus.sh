#!/usr/bin/env bash
# Generates the seed corpora of the fuzz targets into Fuzz/corpus/<target>/
# (not committed; see README.md):
#   compile    the conformance programs and the bench programs
#   snapshot   every snapshot of a stepwise difftest run of the conformance cases
#   responses  every responses file of that run, plus Fuzz/seeds/responses
# Needs the release CLI (built here when missing) and python3 for difftest.
set -euo pipefail
cd "$(dirname "$0")"
shared=${FETCHFLOW_SHARED:-../../shared}
corpus=corpus
cli=../.build/release/fetchflow

rm -rf "$corpus"
mkdir -p "$corpus"/{compile,snapshot,responses}

cp "$shared"/conformance/cases/*.js "$shared"/bench/programs/*.js "$corpus/compile/"

[ -x "$cli" ] || (cd .. && swift build -c release --product fetchflow)
# --keep-temp leaves each case's s<k>.ffsnap and r<k>.json in a temporary directory.
"$shared/tools/difftest" --fetchflow "$cli" --keep-temp -j 1 > "$corpus/difftest.log" || true
grep '^temp ' "$corpus/difftest.log" | while read -r _ name dir; do
    name=${name%:}
    for f in "$dir"/s*.ffsnap; do [ -e "$f" ] && cp "$f" "$corpus/snapshot/$name-$(basename "$f")"; done
    for f in "$dir"/r*.json; do [ -e "$f" ] && cp "$f" "$corpus/responses/$name-$(basename "$f")"; done
    rm -rf "$dir"
done
cp seeds/responses/*.json "$corpus/responses/"

for t in compile snapshot responses; do
    echo "$t: $(ls "$corpus/$t" | wc -l) files, $(du -sh "$corpus/$t" | cut -f1)"
done
tail -n 1 "$corpus/difftest.log" | sed 's/^/difftest: /'
