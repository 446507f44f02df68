#!/usr/bin/env bash
# fuzz/run.sh [SECONDS [TARGET...]]: run the fuzz targets (default all) for SECONDS
# (default 600) each with the invariants as libFuzzer
# limits: no panic, no input slower than 10 s (hang), no more than 1 GB resident and no
# single allocation over 256 MB. Two targets at a time (one per core). New inputs go to
# fuzz/work/<target> (not committed); crashes to fuzz/artifacts/<target>.
# Summary lines (execs, corpus) are appended to fuzz/runs.log.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-600}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/soaek-fuzz-target}"
TARGETS=(sniff_decode csv_table html_table workbook fields rules import)
if [ $# -gt 1 ]; then TARGETS=("${@:2}"); fi
cargo +nightly fuzz build
run() {
  local t="$1"
  mkdir -p "fuzz/work/$t"
  cargo +nightly fuzz run "$t" "fuzz/work/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=1024 \
    -malloc_limit_mb=256 -max_len=1048576 -print_final_stats=1 \
    > "fuzz/work/$t.log" 2>&1 || echo "$t: FAILED (see fuzz/work/$t.log)"
  local execs corpus
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/work/$t.log" | grep -o '[0-9]*$' || echo "?")
  corpus=$(ls "fuzz/work/$t" | wc -l)
  echo "$(date -u +%F) $t ${SECONDS_PER_TARGET}s execs=$execs new_corpus=$corpus" | tee -a fuzz/runs.log
}
for ((i = 0; i < ${#TARGETS[@]}; i += 2)); do
  run "${TARGETS[$i]}" &
  if [ $((i + 1)) -lt ${#TARGETS[@]} ]; then run "${TARGETS[$((i + 1))]}" & fi
  wait
done
