#!/usr/bin/env bash
# soaek against hledger and bare polars, on the same generated statements, in one run.
#
#   bench/compare.sh [ROWS...]        (default: 100000 1000000 5000000)
#   PROFILES=dense bench/compare.sh   (default: "household dense")
#
# Two profiles of statement: a household's (a few payments a day, examples/gen_statement)
# and a dense one (`--dense`: a payment every 5 minutes, any amount, 14 merchants).
#
# Installs what it needs: hledger from Debian's packages, polars from PyPI into a
# virtualenv (~/.cache/soaek-bench-venv). Builds soaek in release. Prints medians of
# RUNS runs (default 3; wall time to the millisecond) with peak RSS (the kernel's
# count), and the ratios the targets in BENCHMARKS.md are stated in. Data goes to
# bench/data/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS="${RUNS:-3}"
SIZES=("${@:-100000 1000000 5000000}")
read -r -a SIZES <<<"${SIZES[*]}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/soaek-target}"
DATA="$ROOT/bench/data"
mkdir -p "$DATA"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
need_apt=""
command -v hledger >/dev/null || need_apt="$need_apt hledger"
if [ -n "$need_apt" ]; then
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $need_apt
fi
VENV="$HOME/.cache/soaek-bench-venv"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import polars" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q polars
fi

# The binary alone, as users build it (`cargo run --release`): built together with the
# example, the dependencies' features would be unified with the example's dev-dependencies
# and the binary would differ (its functions' names too, so build.rs's list of the hot
# ones would not apply).
cargo build --release -q --bin soaek
cargo build --release -q --example gen_statement
SOAEK="$CARGO_TARGET_DIR/release/soaek"
GEN="$CARGO_TARGET_DIR/release/examples/gen_statement"
# The binary's pages are dropped from the page cache, to be read back as after a restart:
# how a binary came into the cache (just linked, just copied, read from disk) moves a
# short run's time and peak RSS by up to a millisecond and 1.7 MB (BENCHMARKS.md, eighth
# run). One run on a short statement reads them back. bench/ab.py does the same for the
# builds it compares.
sync
python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)' "$SOAEK"
[ -s "$DATA/kt_1000.csv" ] || "$GEN" 1000 kt "$DATA/kt_1000.csv"
"$SOAEK" analyze "$DATA/kt_1000.csv" --json >/dev/null

# timed CMD...: runs CMD once; prints "seconds peak_rss_kb". Python's clock times it to
# the millisecond (GNU time's %e counts in 10 ms steps, a quarter of a 40 ms run, and a
# `date` before and after adds its own start), the kernel's count of the child gives
# the peak RSS (never below Python's own 14 MB: the child starts as a copy of it).
cat >"$DATA/timed.py" <<'EOF'
import resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "w") as err:
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err).returncode
seconds = time.perf_counter() - start
print(f"{seconds:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code)
EOF
timed() {
  python3 "$DATA/timed.py" "$DATA/.err" "$@" || {
    echo "failed: $*" >&2
    cat "$DATA/.err" >&2
    return 1
  }
}

# median_of CMD...: runs CMD $RUNS times; prints "median_seconds peak_rss_mb".
median_of() {
  local times=() rss=0 t r
  for _ in $(seq "$RUNS"); do
    read -r t r < <(timed "$@")
    times+=("$t")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")" "$((rss / 1024))"
}

cat >"$DATA/kt.rules" <<'EOF'
skip 1
fields date, merchant, item, amount, status, approval
date-format %Y-%m-%d %H:%M:%S
decimal-mark .
currency KRW
account1 Expenses:소액결제
account2 Liabilities:휴대폰요금
if %status 취소
  amount -%amount
EOF

cat >"$DATA/polars_baseline.py" <<'EOF'
import sys, polars as pl
df = (
    pl.scan_csv(sys.argv[1])
    .with_columns(
        pl.col("결제일시").str.strptime(pl.Datetime, "%Y-%m-%d %H:%M:%S").alias("at"),
        pl.col("결제금액").str.replace_all(",", "").cast(pl.Int64).alias("amount"),
    )
    .group_by(pl.col("at").dt.strftime("%Y-%m").alias("month"))
    .agg(
        pl.col("amount").filter(pl.col("상태") == "승인").sum().alias("approved"),
        pl.col("amount").filter(pl.col("상태") == "취소").sum().alias("cancelled"),
    )
    .sort("month")
    .collect()
)
print(df.height, file=sys.stderr)
EOF

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -srm)"
echo "soaek $(git rev-parse --short HEAD), $(hledger --version | head -1), polars $("$VENV/bin/python" -c 'import polars; print(polars.__version__)')"
echo "median of $RUNS runs; seconds and peak RSS"
echo
printf '%-34s %10s %9s %10s\n' "what" "rows" "seconds" "rss MB"
read -r -a PROFILE_LIST <<<"${PROFILES:-household dense}"
for profile in "${PROFILE_LIST[@]}"; do
echo "-- $profile statement"
for n in "${SIZES[@]}"; do
  if [ "$profile" = dense ]; then
    csv="$DATA/dense_$n.csv"
    [ -s "$csv" ] || "$GEN" "$n" kt "$csv" --dense
  else
    csv="$DATA/kt_$n.csv"
    [ -s "$csv" ] || "$GEN" "$n" kt "$csv"
  fi
  bytes=$(stat -c %s "$csv")
  mb=$(awk "BEGIN {printf \"%.1f\", $bytes / 1048576}")
  read -r s_an r_an < <(median_of "$SOAEK" analyze "$csv" --as-of 2025-12-03 --json)
  printf '%-34s %10s %9s %10s   (file %s MB, %s µs a row)\n' "soaek analyze --json" "$n" "$s_an" "$r_an" "$mb" \
    "$(awk "BEGIN {printf \"%.2f\", $s_an * 1000000 / $n}")"
  read -r s_py r_py < <(median_of "$VENV/bin/python" "$DATA/polars_baseline.py" "$csv")
  printf '%-34s %10s %9s %10s\n' "polars read + group-by (Python)" "$n" "$s_py" "$r_py"
  echo "  ratio soaek/polars: $(awk "BEGIN {printf \"%.2f\", $s_an / $s_py}")   rss/file: $(awk "BEGIN {printf \"%.2f\", $r_an * 1048576 / $bytes}")"
  if [ "$n" = 1000000 ] && [ "$profile" = household ]; then
    month="$DATA/kt_month.csv"
    [ -s "$month" ] || "$GEN" 17000 kt "$month" --month 2025-12 --seed 7
    ledger="$DATA/ledger.parquet"
    rm -rf "$ledger" "$ledger".*
    read -r t r < <(timed "$SOAEK" --ledger "$ledger" import "$csv")
    printf '%-34s %10s %9s %10s\n' "soaek import, empty ledger" "$n" "$t" "$((r / 1024))"
    rm -rf "$DATA/full.parquet"
    cp -r "$ledger" "$DATA/full.parquet"
    times=()
    for _ in $(seq "$RUNS"); do
      rm -rf "$ledger"
      cp -r "$DATA/full.parquet" "$ledger"
      read -r t r < <(timed "$SOAEK" --ledger "$ledger" import "$month")
      times+=("$t")
    done
    printf '%-34s %10s %9s %10s\n' "soaek import, +1 month (17k rows)" "$n" \
      "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")" "$((r / 1024))"
    read -r s_led r_led < <(median_of "$SOAEK" --ledger "$ledger" analyze --as-of 2025-12-03 --json)
    printf '%-34s %10s %9s %10s\n' "soaek analyze (the stored ledger)" "$n" "$s_led" "$r_led"
    read -r s_rep r_rep < <(median_of "$SOAEK" report "$csv" --as-of 2025-12-03 --out "$DATA/reports")
    printf '%-34s %10s %9s %10s\n' "soaek report (6 charts + html)" "$n" "$s_rep" "$r_rep"
    head -100001 "$csv" >"$DATA/kt_100k_for_hledger.csv"
    read -r s_hl r_hl < <(median_of hledger -f "$DATA/kt_100k_for_hledger.csv" --rules-file "$DATA/kt.rules" balance -M Expenses)
    printf '%-34s %10s %9s %10s   (x10 = %s s for 1M)\n' "hledger balance -M" 100000 "$s_hl" "$r_hl" \
      "$(awk "BEGIN {print $s_hl * 10}")"
    echo "  ratio hledger(1M, scaled)/soaek: $(awk "BEGIN {printf \"%.1f\", $s_hl * 10 / $s_an}")"
  fi
done
# The cost a row above comes from runs minutes apart; bench/perrow.py runs the three
# sizes by turns, which this machine's drift moves far less.
if [[ " ${SIZES[*]} " == *" 100000 "* && " ${SIZES[*]} " == *" 1000000 "* &&
  " ${SIZES[*]} " == *" 5000000 "* ]]; then
  [ "$profile" = dense ] && short=dense || short=kt
  echo "  cost a row, the sizes by turns (bench/perrow.py, 5 rounds):"
  python3 bench/perrow.py -r 5 --profile "$short" "$SOAEK" | tail -2 | sed 's/^/    /'
fi
done
xlsx="$DATA/pg_100000.xlsx"
[ -s "$xlsx" ] || "$GEN" 100000 xlsx "$xlsx"
read -r s_x r_x < <(median_of "$SOAEK" analyze "$xlsx" --as-of 2025-12-03 --json)
printf '%-34s %10s %9s %10s\n' "soaek analyze, xlsx" 100000 "$s_x" "$r_x"
cp949="$DATA/lgu_1000000.csv"
[ -s "$cp949" ] || "$GEN" 1000000 cp949 "$cp949"
read -r s_c r_c < <(median_of "$SOAEK" analyze "$cp949" --as-of 2025-12-03 --json)
printf '%-34s %10s %9s %10s\n' "soaek analyze, CP949 CSV" 1000000 "$s_c" "$r_c"
