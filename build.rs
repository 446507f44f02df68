//! Build script: how the `soaek` binaries are linked. On Linux with glibc 2.36 or later
//! their relocations are packed (`-z pack-relative-relocs`, DT_RELR): the loader then
//! reads a 30 kB table instead of 1.8 MB at every start, and every run peaks 1.5 MB
//! lower (its time is the same, BENCHMARKS.md). An older glibc cannot load such a
//! binary, so the flag is given only when the glibc the binaries are built against says
//! its version, and only on x86-64, where it is measured.
//! Elsewhere (Windows, macOS, musl, other processors, cross builds) nothing changes.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let x86_64_linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("CARGO_CFG_TARGET_ARCH") == "x86_64";
    if x86_64_linux_gnu && var("HOST") == var("TARGET") && glibc().is_some_and(|v| v >= (2, 36)) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
        // Told to the tests, which check the binary has the packed table.
        println!("cargo:rustc-env=SOAEK_PACKED_RELOCS=1");
    }
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
