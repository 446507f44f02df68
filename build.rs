//! Build script: how the `soaek` binaries are linked, on x86-64 Linux with glibc (where
//! both are measured; elsewhere — Windows, macOS, musl, other processors, cross builds —
//! nothing changes).
//!
//! - With glibc 2.36 or later their relocations are packed (`-z pack-relative-relocs`,
//!   DT_RELR): the loader then reads a 30 kB table instead of 1.8 MB at every start, and
//!   every run peaks 1.5 MB lower (its time is the same, BENCHMARKS.md). An older glibc
//!   cannot load such a binary, so the flag is given only when the glibc the binaries
//!   are built against says its version.
//! - The functions a run executes (`tools/hot-functions.txt`) are put side by side at
//!   the start of the code, by a linker script made from the list. The kernel maps code
//!   64 kB around each page first run: scattered over 22 MB, the ~1,100 functions an
//!   `analyze` runs kept 8–10 MB of it resident; side by side they are about 1.3 MB
//!   (BENCHMARKS.md, thirteenth run).
//!   Symbol names carry hashes of the compiler and the dependencies, so the list is
//!   used only when its key matches them (else a warning; `tools/hot_functions.py`
//!   makes it again), and only with the toolchain's own linker, which reads the script.

use std::process::Command;

/// Where the list of functions is, and what its key depends on (besides the compiler).
const HOT_FUNCTIONS: &str = "tools/hot-functions.txt";
const MANIFESTS: [&str; 4] = [
    "Cargo.lock",
    "Cargo.toml",
    "crates/soaek-import/Cargo.toml",
    "crates/soaek-merchants/Cargo.toml",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={HOT_FUNCTIONS}");
    for m in MANIFESTS {
        println!("cargo:rerun-if-changed={m}");
    }
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let x86_64_linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("CARGO_CFG_TARGET_ARCH") == "x86_64"
        && var("HOST") == var("TARGET");
    if !x86_64_linux_gnu {
        return;
    }
    if glibc().is_some_and(|v| v >= (2, 36)) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
        // Told to the tests, which check the binary has the packed table.
        println!("cargo:rustc-env=SOAEK_PACKED_RELOCS=1");
    }
    hot_functions(&var);
}

/// The linker script keeping the listed functions together, when the list is for this
/// compiler and these dependencies. Tells the tests `SOAEK_HOT_FUNCTIONS`: `used`,
/// `other compiler`, `other linker`, `not written` or `stale` (made for other
/// dependencies).
fn hot_functions(var: &dyn Fn(&str) -> String) {
    let state = |s: &str| println!("cargo:rustc-env=SOAEK_HOT_FUNCTIONS={s}");
    let Ok(list) = std::fs::read_to_string(HOT_FUNCTIONS) else {
        return state("stale");
    };
    let (rustc, manifests) = key(&var("RUSTC"));
    let want = format!("# key: rustc {rustc}, manifests {manifests}");
    let have = list
        .lines()
        .find(|l| l.starts_with("# key: "))
        .unwrap_or("");
    if !have.ends_with(&format!(", manifests {manifests}")) {
        println!(
            "cargo:warning={HOT_FUNCTIONS} was made for other dependencies: not used \
             (python3 tools/hot_functions.py makes it again)"
        );
        return state("stale");
    }
    if have != want {
        return state("other compiler");
    }
    // A linker of one's own (mold reads no such script) keeps the plain layout.
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    if !var("RUSTC_LINKER").is_empty() || flags.contains("linker") || flags.contains("fuse-ld") {
        return state("other linker");
    }
    // The linker tests every section against every pattern: the whole list adds 4 s to
    // a release link and 40 s to a debug one, whose code nobody keeps resident. A debug
    // build (the tests') gets the first names only, enough to show the script works.
    let names = match var("PROFILE").as_str() {
        "release" => usize::MAX,
        _ => 32,
    };
    let mut script = String::from("SECTIONS {\n  .text.hot : {\n");
    for name in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .take(names)
    {
        // As compiled (`.text.NAME`), marked cold (`.text.unlikely.NAME`), and either
        // with the suffix ThinLTO gives a function it makes visible (`.llvm.N`).
        script += &format!(
            "    *(.text.{name} .text.{name}.llvm.* .text.unlikely.{name} .text.unlikely.{name}.llvm.*)\n"
        );
    }
    script += "  }\n}\nINSERT BEFORE .text;\n";
    let path = std::path::Path::new(&var("OUT_DIR")).join("hot-functions.ld");
    if std::fs::write(&path, script).is_err() {
        return state("not written");
    }
    println!("cargo:rustc-link-arg-bin=soaek=-Wl,-T,{}", path.display());
    state("used");
}

/// The compiler's release (`1.95.0`) and a hash (FNV-1a, 64 bits) of the manifests:
/// what the symbols' names depend on. `tools/hot_functions.py` computes the same.
fn key(rustc: &str) -> (String, String) {
    let out = Command::new(if rustc.is_empty() { "rustc" } else { rustc })
        .arg("-vV")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let release = out
        .lines()
        .find_map(|l| l.strip_prefix("release: "))
        .unwrap_or("?")
        .to_string();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for m in MANIFESTS {
        for b in std::fs::read(m).unwrap_or_default() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (release, format!("{h:016x}"))
}

/// This system's glibc version, from `getconf GNU_LIBC_VERSION` ("glibc 2.36").
fn glibc() -> Option<(u32, u32)> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (major, minor) = text.trim().strip_prefix("glibc ")?.split_once('.')?;
    let minor = minor.split(|c: char| !c.is_ascii_digit()).next()?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}
