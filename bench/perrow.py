#!/usr/bin/env python3
"""A soaek binary's cost per row at 100k, 1M and 5M rows, every size in every round.

    bench/perrow.py [-r ROUNDS] [--profile kt|dense] [BINARY]

Issue 21 asks that no size cost more than 1.2× a row what another costs. One pass of
bench/compare.sh times each size minutes apart, and this shared machine's speed changes
by up to 1.5× within minutes, so the ratio of two sizes from one pass says as much about
the machine as about soaek. Here each round runs every size, in an order that reads the
same both ways (100k 5 times, 1M, 5M, 1M, 100k 5 times: a machine slowing down or
speeding up through the round weighs on every size alike), the median of each size,
and the ratios are taken within a round, then their median over the rounds. The statements are bench/data/PROFILE_ROWS.csv (bench/compare.sh
makes them). The binary defaults to $CARGO_TARGET_DIR/release/soaek; it is dropped from
the page cache and run once first, as in bench/ab.py.
"""

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ab import drop_from_cache, run  # noqa: E402

SIZES = (100_000, 1_000_000, 5_000_000)
# One round: (size, runs), the same read from either end.
ROUND = ((100_000, 5), (1_000_000, 1), (5_000_000, 1), (1_000_000, 1), (100_000, 5))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--rounds", type=int, default=8)
    parser.add_argument("--profile", default="kt", choices=["kt", "dense"])
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    parser.add_argument("binary", nargs="?", default=f"{target}/release/soaek")
    args = parser.parse_args()
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    files = {n: os.path.join(data, f"{args.profile}_{n}.csv") for n in SIZES}
    for f in files.values():
        if not os.path.exists(f):
            raise SystemExit(f"{f} is missing: bench/compare.sh makes it")
    drop_from_cache(args.binary)
    run(args.binary, files[100_000])
    per_row = {n: [] for n in SIZES}
    ratios = []
    for r in range(args.rounds):
        times = {n: [] for n in SIZES}
        for n, reps in ROUND:
            times[n] += [run(args.binary, files[n])[0] for _ in range(reps)]
        us = {n: statistics.median(t) / n * 1e6 for n, t in times.items()}
        for n in SIZES:
            per_row[n].append(us[n])
        ratios.append(max(us.values()) / min(us.values()))
        sizes = "  ".join(f"{n:>9,}: {us[n]:.3f} µs" for n in SIZES)
        print(f"round {r + 1}: {sizes}  highest/lowest {ratios[-1]:.2f}")
    medians = "  ".join(f"{n:,}: {statistics.median(v):.3f} µs" for n, v in per_row.items())
    print(f"median a row: {medians}")
    print(f"median of the rounds' highest/lowest: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
