#!/usr/bin/env python3
"""Regenerate tools/hot-functions.txt: the functions a run of soaek executes, which
build.rs has the linker put side by side at the start of the release binary's code.

Why: the kernel maps a program's code 64 kB around each page it first runs, so the
~1,100 functions an `analyze` runs, scattered over 22 MB of code, kept 8–10 MB of it
resident, more than a 100k-row statement's rows. Listed first and side by side, they
take about 1.3 MB (BENCHMARKS.md, thirteenth run).

How: builds soaek in release, runs it under valgrind's callgrind on the kinds of work
people do (analyze household and dense statements as CSV, CP949 and .xlsx; import into
a ledger and analyze that; write the report of sample_data/; the terminal's recommend,
subs, alerts, categories and list), and lists every function of the binary that ran:
those of the first run first, then each run's new ones (each run's sorted by name).
The list is only right for the compiler and dependencies it was made with (symbol
names carry hashes of both): its `# key` line records them, build.rs ignores a list
whose key differs (with a warning), and a test fails when Cargo.lock or a manifest
changed since (or when this script's key and build.rs's part ways).

Usage: tools/hot_functions.py   (needs valgrind; a minute, after a release build)
"""
import os, re, shutil, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
target = os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/soaek-target")
env = dict(os.environ, CARGO_TARGET_DIR=target)
env.pop("SOAEK_LEDGER", None)
out_path = os.path.join(root, "tools", "hot-functions.txt")


def key():
    """What the symbol names depend on, as build.rs computes it (its `key`)."""
    rustc = subprocess.run([os.environ.get("RUSTC", "rustc"), "-vV"], capture_output=True,
                           text=True, check=True).stdout
    release = next(l for l in rustc.splitlines() if l.startswith("release:")).split()[1]
    h = 0xCBF29CE484222325
    for name in ["Cargo.lock", "Cargo.toml", "crates/soaek-import/Cargo.toml",
                 "crates/soaek-merchants/Cargo.toml"]:
        for b in open(os.path.join(root, name), "rb").read():
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return release, f"{h:016x}"


def functions(callgrind_out):
    """Every function callgrind saw run or called, in the order it lists them (which
    object it was in is not always known to callgrind: `ob=???`)."""
    for line in open(callgrind_out, errors="replace"):
        if line.startswith("fn=") or line.startswith("cfn="):
            yield line.split("=", 1)[1].strip()


def defined(binary):
    """The functions `binary` defines, by the names the linker sees."""
    out = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True,
                         check=True).stdout
    return {clean(p[2]) for p in (l.split() for l in out.splitlines())
            if len(p) == 3 and p[1] in "tTwW"}


def clean(name):
    """The symbol as the linker sees it: no callgrind recursion mark ('2), no ThinLTO
    promotion suffix (.llvm.N, which changes with any edit of its module; build.rs
    matches it by pattern)."""
    name = re.sub(r"'\d+$", "", name)
    name = re.sub(r"\.llvm\.\d+$", "", name)
    if name.startswith("0x") or name.startswith("(") or not re.fullmatch(r"[A-Za-z0-9_.$]+", name):
        return None
    return name


def main():
    # The binary alone, as `cargo run --release` and `cargo install` build it: built
    # with the example, the dependencies' features would be unified with the example's
    # and every name's hash would differ.
    cargo = ["cargo", "build", "--release", "-q"]
    subprocess.run(cargo + ["--bin", "soaek"], cwd=root, env=env, check=True)
    tmp = tempfile.mkdtemp(prefix="soaek-hot-")
    soaek = os.path.join(tmp, "soaek")
    shutil.copy(os.path.join(target, "release", "soaek"), soaek)
    subprocess.run(cargo + ["--example", "gen_statement"], cwd=root, env=env, check=True)
    gen = os.path.join(target, "release", "examples", "gen_statement")
    ledger = os.path.join(tmp, "ledger")
    data = {}
    for name, args in [("household.csv", ["100000", "kt"]), ("dense.csv", ["100000", "kt", "--dense"]),
                       ("cp949.csv", ["20000", "cp949"]), ("pg.xlsx", ["20000", "xlsx"])]:
        path = os.path.join(tmp, name)
        subprocess.run([gen, args[0], args[1], path] + args[2:], check=True,
                       stdout=subprocess.DEVNULL)
        data[name] = path
    runs = [
        ["analyze", "--json", data["household.csv"]],
        ["analyze", "--json", data["dense.csv"]],
        ["analyze", "--json", data["cp949.csv"]],
        ["analyze", "--json", data["pg.xlsx"]],
        ["--ledger", ledger, "import", data["household.csv"]],
        ["--ledger", ledger, "analyze", "--json"],
        ["report", "sample_data/", "--out", os.path.join(tmp, "reports")],
        # The terminal's own commands (their tables), on the samples.
        ["recommend", "sample_data/"],
        ["subs", "sample_data/"],
        ["alerts", "sample_data/"],
        ["categories", "sample_data/"],
        ["--ledger", ledger, "list"],
    ]
    ours = defined(soaek)
    seen, order = set(), []
    for i, args in enumerate(runs):
        cg = os.path.join(tmp, f"callgrind.{i}")
        # (`alerts` ends with 3 when it finds a high-risk payment, as on the samples.)
        done = subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no",
                               "--compress-strings=no", f"--callgrind-out-file={cg}", soaek]
                              + args, cwd=root, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        if done.returncode not in (0, 3):
            raise SystemExit(f"soaek {' '.join(args)} failed ({done.returncode})")
        # Each run's new ones sorted by name: callgrind's order changes from run to run
        # (the threads'), and the list should change only when the code does.
        new = {n for n in map(clean, functions(cg)) if n and n in ours and n not in seen}
        seen |= new
        order += sorted(new)
        print(f"{' '.join(args[:2])}: {len(order)} functions so far", file=sys.stderr)
    release, lock = key()
    with open(out_path, "w") as f:
        f.write("# Functions a run of soaek executes, for build.rs: the release binary keeps\n"
                "# them side by side. Made by tools/hot_functions.py, not by hand.\n"
                f"# key: rustc {release}, manifests {lock}\n")
        f.write("".join(n + "\n" for n in order))
    print(f"{len(order)} functions -> {os.path.relpath(out_path, root)}", file=sys.stderr)


if __name__ == "__main__":
    main()
