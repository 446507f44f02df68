#!/usr/bin/env python3
"""Two or more soaek binaries on one statement, run by turns: which is faster, which peaks lower.

    bench/ab.py [-n RUNS] STATEMENT BINARY BINARY...

    cp "$CARGO_TARGET_DIR/release/soaek" /tmp/soaek-old   # before the change
    cargo build --release && cp "$CARGO_TARGET_DIR/release/soaek" /tmp/soaek-new
    bench/ab.py -n 300 bench/data/kt_100000.csv /tmp/soaek-old /tmp/soaek-new

Each binary runs `analyze --json STATEMENT` RUNS times (default 60), one run of each in
turn, so that the machine's slower and faster minutes fall on all of them alike. Prints
each one's median, first quartile and fastest wall time and its median peak RSS.

Before the runs, every binary's pages are dropped from the page cache and each runs once:
how a binary came into the cache changes its start and its memory. A binary just copied
is mapped in larger pieces than one read back from disk, and ran a one-row statement
0.9 ms faster with a 1.7 MB higher peak than the same binary copied an hour before
(BENCHMARKS.md, eighth run). Compared as they were, the older copy looks slower.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

PEAK_FILE = os.path.join(tempfile.mkdtemp(prefix="soaek-ab-"), "peak")


def drop_from_cache(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def run(binary, statement):
    """One run: (seconds, peak RSS in MB).

    The peak is GNU time's (`/usr/bin/time -f %M`), where there is one: a process forked
    from this script starts its count at this script's own peak (the kernel carries it
    across `exec`), about 15 MB, which hid every smaller peak. The wall time then
    includes time's fork and exec, the same for every binary."""
    wrap = ["/usr/bin/time", "-f", "%M", "-o", PEAK_FILE] if os.path.exists("/usr/bin/time") else []
    start = time.perf_counter()
    child = subprocess.Popen(
        wrap + [binary, "analyze", "--json", statement],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{binary} failed on {statement}")
    if wrap:
        with open(PEAK_FILE) as f:
            return seconds, int(f.read().split()[-1]) / 1024
    return seconds, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=60)
    parser.add_argument("statement")
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    os.sync()
    for binary in args.binaries:
        drop_from_cache(binary)
    for binary in args.binaries:
        run(binary, args.statement)
    times = {b: [] for b in args.binaries}
    peaks = {b: [] for b in args.binaries}
    for _ in range(args.runs):
        for binary in args.binaries:
            seconds, peak = run(binary, args.statement)
            times[binary].append(seconds * 1000)
            peaks[binary].append(peak)
    for binary in args.binaries:
        t = sorted(times[binary])
        print(
            f"{binary}: median {statistics.median(t):.1f} ms  first quartile "
            f"{t[len(t) // 4]:.1f}  fastest {t[0]:.1f}  "
            f"peak RSS {statistics.median(peaks[binary]):.1f} MB"
        )


if __name__ == "__main__":
    main()
