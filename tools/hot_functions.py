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
subs, alerts, categories and list), each twice (see `main`), and lists every function
of the binary that ran: those of the first run first, then each run's new ones (each
run's sorted by name); then their kin (`kin`), and, where perf can record, what native
runs of the binary built with that list still fault in from outside it (`faulted`).
The list is only right for the compiler and dependencies it was made with (symbol
names carry hashes of both): its `# key` line records them, build.rs ignores a list
whose key differs (with a warning), and a test fails when Cargo.lock or a manifest
changed since (or when this script's key and build.rs's part ways).

Usage: tools/hot_functions.py   (needs valgrind, perf if it can; seven minutes)
"""
import bisect, os, re, shutil, subprocess, sys, tempfile

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


def symbols(binary):
    """The functions `binary` defines, by address: (address, size, name as the linker
    sees it, name in the binary), in address order."""
    out = subprocess.run(["nm", "-S", "--defined-only", binary], capture_output=True,
                         text=True, check=True).stdout
    return sorted((int(p[0], 16), int(p[1], 16), clean(p[3]), p[3])
                  for p in (l.split() for l in out.splitlines())
                  if len(p) == 4 and p[2] in "tTwW" and clean(p[3]))


def defined(binary):
    """The functions `binary` defines, by the names the linker sees."""
    return {name for _, _, name, _ in symbols(binary)}


def clean(name):
    """The symbol as the linker sees it: no callgrind recursion mark ('2), no ThinLTO
    promotion suffix (.llvm.N, which changes with any edit of its module; build.rs
    matches it by pattern)."""
    name = re.sub(r"'\d+$", "", name)
    name = re.sub(r"\.llvm\.\d+$", "", name)
    if name.startswith("0x") or name.startswith("(") or not re.fullmatch(r"[A-Za-z0-9_.$]+", name):
        return None
    return name


def kin(binary, listed):
    """Functions a real run may execute that valgrind does not see: those at the address
    of a listed one under another name (the compiler merges identical functions, and the
    linker places the section of the name it was compiled under, maybe not the name
    callgrind reports), and those whose address a listed function takes (chiefly the
    `execute` of each job a listed function hands to the thread pool, run only when
    another thread takes the job, which under valgrind seldom happens)."""
    by_addr, names = {}, {}
    for addr, _, name, raw in symbols(binary):
        by_addr.setdefault(addr, set()).add(name)
        names[raw] = name
    found = {n for same in by_addr.values() if same & listed for n in same}
    dis = subprocess.Popen(["objdump", "-d", "--no-show-raw-insn", binary],
                           stdout=subprocess.PIPE, text=True, errors="replace")
    inside = False
    for line in dis.stdout:
        head = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if head:
            inside = names.get(head.group(1)) in listed
        elif inside and "lea" in line:
            target = re.search(r"# [0-9a-f]+ <([^>+]+)>$", line.rstrip())
            if target and target.group(1) in names:
                found.add(names[target.group(1)])
    dis.wait()
    return found


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
        new = set()
        # Valgrind runs one thread at a time. As it does by default, a thread runs long
        # before the next, and the pool's workers seldom take each other's jobs; a real
        # run on two cores does, and then runs functions (a stolen job's `execute`, one
        # for each kind of job) that a list made that way lacks: each is then one more
        # 64 kB of code read in (14 of them, 0.9 MB on a 100k-row statement). So each
        # run is made twice, the second time with valgrind's fair turns between threads.
        for sched in ["--fair-sched=no", "--fair-sched=yes"]:
            cg = os.path.join(tmp, f"callgrind.{i}{sched[-3:]}")
            # (`alerts` ends with 3 when it finds a high-risk payment, as on the samples.)
            done = subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", sched,
                                   "--compress-strings=no", f"--callgrind-out-file={cg}",
                                   soaek] + args, cwd=root, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if done.returncode not in (0, 3):
                raise SystemExit(f"soaek {' '.join(args)} failed ({done.returncode})")
            new |= {n for n in map(clean, functions(cg)) if n and n in ours and n not in seen}
        # Each run's new ones sorted by name: callgrind's order changes from run to run
        # (the threads'), and the list should change only when the code does.
        seen |= new
        order += sorted(new)
        print(f"{' '.join(args[:2])}: {len(order)} functions so far", file=sys.stderr)
    more = sorted(kin(soaek, seen) - seen)
    seen |= set(more)
    order += more
    print(f"and {len(more)} more that share an address with them or whose address they "
          f"take: {len(order)} functions", file=sys.stderr)
    write(order)
    if not shutil.which("perf"):
        return
    # What a real run still reads in from outside the list, where perf can tell: built
    # with the list, the statements' analyses are run natively a few times each.
    subprocess.run(cargo + ["--bin", "soaek"], cwd=root, env=env, check=True)
    shutil.copy(os.path.join(target, "release", "soaek"), soaek)
    found = set()
    for args in runs[:4]:
        for _ in range(3):
            found |= faulted(soaek, args, tmp)
    found -= seen
    if not found:
        return
    more = sorted(found) + sorted(kin(soaek, found) - seen - found)
    seen |= set(more)
    order += more
    print(f"and {len(more)} more read in by real runs (or kin of those)", file=sys.stderr)
    write(order)


def write(order):
    release, lock = key()
    with open(out_path, "w") as f:
        f.write("# Functions a run of soaek executes, for build.rs: the release binary keeps\n"
                "# them side by side. Made by tools/hot_functions.py, not by hand.\n"
                f"# key: rustc {release}, manifests {lock}\n")
        f.write("".join(n + "\n" for n in order))
    print(f"{len(order)} functions -> {os.path.relpath(out_path, root)}", file=sys.stderr)


def faulted(binary, args, tmp):
    """The functions of `binary` outside its hot section whose code a native run of
    `args` faulted in (perf's page-fault events, each with its address): the ones run
    only when threads meet in ways valgrind's turns do not make (a receiver that has to
    wait, a job another thread took). Each fault reads in 64 kB, so only the first such
    function of each 64 kB is seen. Empty where perf cannot record (main runs it only
where perf is installed)."""
    data = os.path.join(tmp, "perf.data")
    done = subprocess.run(["perf", "record", "-q", "-e", "page-faults", "-c", "1", "-d",
                           "-o", data, "--", binary] + args, cwd=root, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode not in (0, 3):
        return set()
    script = subprocess.run(["perf", "script", "-i", data, "-F", "addr",
                             "--show-mmap-events"], capture_output=True, text=True).stdout
    sections = subprocess.run(["readelf", "-SW", binary], capture_output=True,
                              text=True).stdout
    hot = re.search(r"\.text\.hot\s+PROGBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", sections)
    text = re.search(r"\.text\s+PROGBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", sections)
    base = None
    spans = symbols(binary)
    starts = [a for a, _, _, _ in spans]
    found = set()
    for line in script.splitlines():
        if "PERF_RECORD_MMAP" in line:
            # The mapping of the file's start: addresses in it are the symbols' plus this.
            m = re.search(r"\[(0x[0-9a-f]+)\(0x[0-9a-f]+\) @ 0 .*" + re.escape(binary), line)
            if m and base is None:
                base = int(m.group(1), 16)
            continue
        if base is None or not text or not re.fullmatch(r"\s*[0-9a-f]+\s*", line):
            continue
        at = int(line, 16) - base
        inside = lambda m: int(m.group(1), 16) <= at < int(m.group(1), 16) + int(m.group(2), 16)
        if not inside(text) or (hot and inside(hot)):
            continue
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and at < spans[i][0] + max(spans[i][1], 1):
            found.add(spans[i][2])
    return found


if __name__ == "__main__":
    main()
