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
    // Korean unless a test asks otherwise, whatever the machine's locale.
    c.current_dir(root())
        .env_remove("SOAEK_LEDGER")
        .env_remove("LC_ALL")
        .env_remove("LANG");
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

/// `(month, net)` of a JSON `months` list.
pub fn month_nets(months: &Value) -> Vec<(String, i64)> {
    months
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["net"].as_i64().unwrap(),
            )
        })
        .collect()
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

/// Every file in the ledger folder, by path relative to it, with its bytes.
pub fn ledger_files(ledger: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(ledger, ledger, &mut out);
    out
}

/// The ledger as a reader sees it: each month its manifest lists, with the row count
/// and the bytes of the month's file (file names are random, so they are left out;
/// anything the manifest does not list is a killed writer's leftover, never read).
pub fn ledger_state(ledger: &Path) -> Vec<(String, u64, Vec<u8>)> {
    let manifest = json(&std::fs::read(ledger.join("MANIFEST.json")).unwrap());
    manifest["months"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(month, part)| {
            let file = ledger.join(part["file"].as_str().unwrap());
            (
                month.clone(),
                part["rows"].as_u64().unwrap(),
                std::fs::read(file).unwrap(),
            )
        })
        .collect()
}

/// The files a ledger's manifest lists, and the manifest itself.
pub fn ledger_listed(ledger: &Path) -> Vec<String> {
    let manifest = json(&std::fs::read(ledger.join("MANIFEST.json")).unwrap());
    let mut out: Vec<String> = manifest["months"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p["file"].as_str().unwrap().to_string())
        .chain(["MANIFEST.json".to_string()])
        .collect();
    out.sort();
    out
}

/// Put the ledger folder back to `files` (from [`ledger_files`]), exactly.
pub fn restore_ledger(ledger: &Path, files: &std::collections::BTreeMap<String, Vec<u8>>) {
    let _ = std::fs::remove_dir_all(ledger);
    for (rel, bytes) in files {
        let p = ledger.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}
