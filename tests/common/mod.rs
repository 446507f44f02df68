//! What the integration tests share: paths, the real binary, JSON, external tools.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The real `soaek` binary, run from the repository root, on `ledger` when given.
pub fn soaek(ledger: Option<&Path>) -> Command {
    let mut c = Command::cargo_bin("soaek").unwrap();
    c.current_dir(root()).env_remove("SOAEK_LEDGER");
    if let Some(l) = ledger {
        c.arg("--ledger").arg(l);
    }
    c
}

/// Run `c`, which must succeed, and return its stdout.
pub fn run(c: &mut Command) -> Vec<u8> {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// `tool` on PATH or in the CI virtualenv; `None` (the test passes with a note) when it
/// is missing and the CI did not ask for it with `SOAEK_REQUIRE_TOOLS`.
pub fn tool(name: &str) -> Option<PathBuf> {
    let venv =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/soaek-venv/bin").join(name));
    let on_path = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(name))
            .find(|f| f.is_file())
    });
    let found = on_path.or(venv.filter(|p| p.is_file()));
    if found.is_none() {
        assert!(
            std::env::var_os("SOAEK_REQUIRE_TOOLS").is_none(),
            "{name} is required (SOAEK_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("skipped: {name} is not installed (.ci/run installs it)");
    }
    found
}
