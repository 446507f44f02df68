//! The ledger survives what happens to real machines: `soaek import` killed with SIGKILL
//! at random moments, a killed writer's lock and temp files, and a disk that fills up.
//! After each, the ledger a reader sees (the manifest and the month files it lists) is
//! byte for byte the old or the new version, and the next writer clears the leftovers.

mod common;

use common::{ledger_files, ledger_listed, ledger_state, restore_ledger, root, run, soaek};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A KT-style statement of `n` distinct payments.
fn statement(dir: &Path, name: &str, n: usize) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "결제일시,가맹점명,상품명,결제금액,상태,승인번호").unwrap();
    for i in 0..n {
        writeln!(
            f,
            "2025-{:02}-{:02} {:02}:{:02}:00,가맹점{},상품,\"{},000\",승인,K{i}",
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 60,
            i % 97,
            i % 50 + 1
        )
        .unwrap();
    }
    f.into_inner().unwrap().sync_all().unwrap();
    path
}

fn import(ledger: &Path, file: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("soaek"));
    c.current_dir(root())
        .env_remove("SOAEK_LEDGER")
        .arg("--ledger")
        .arg(ledger)
        .arg("import")
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// xorshift: reproducible "random" kill moments without a dependency.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn kill_at_random_moments(rounds: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let small = statement(dir.path(), "small.csv", 50);
    let big = statement(dir.path(), "big.csv", 20_000);
    let ledger = dir.path().join("ledger.parquet");
    assert!(import(&ledger, &small).status().unwrap().success());
    let old_files = ledger_files(&ledger);
    let old = ledger_state(&ledger);
    // The new version, and how long an import takes here.
    let started = Instant::now();
    assert!(import(&ledger, &big).status().unwrap().success());
    let took = started.elapsed();
    let new = ledger_state(&ledger);
    assert_ne!(old, new);
    let mut rng = Rng(seed);
    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..rounds {
        restore_ledger(&ledger, &old_files);
        let mut child = import(&ledger, &big).spawn().unwrap();
        // Anywhere from the start to well past the usual end.
        let at = Duration::from_micros(rng.below(took.as_micros() as u64 * 2));
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = ledger_state(&ledger);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("round {round}: killed after {at:?}, the ledger is neither version");
        }
    }
    eprintln!("{rounds} kills: {saw_old} left the old ledger, {saw_new} the new one");
    assert!(saw_old > 0, "no kill landed before the rename");
    // The killed writers' lock is free and their leftovers are cleared by the next one:
    // the folder holds the manifest and the files it lists, nothing else.
    let started = Instant::now();
    assert!(import(&ledger, &small).status().unwrap().success());
    assert!(started.elapsed() < took * 20 + Duration::from_secs(10));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    let present: Vec<String> = ledger_files(&ledger).into_keys().collect();
    assert_eq!(present, ledger_listed(&ledger));
}

#[test]
fn sigkill_during_import_leaves_the_old_or_the_new_ledger() {
    kill_at_random_moments(50, 0x9E37_79B9_7F4A_7C15);
}

/// The longer run: `cargo test --test reliability -- --ignored`.
#[test]
#[ignore]
fn sigkill_five_hundred_times() {
    kill_at_random_moments(500, 0xD1B5_4A32_D192_ED03);
}

/// A full disk, simulated with the file-size limit (`ulimit -f`): the write fails with
/// EFBIG, the error names the ledger, and the old ledger is untouched.
#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_old_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let small = statement(dir.path(), "small.csv", 20);
    let big = statement(dir.path(), "big.csv", 50_000);
    let ledger = dir.path().join("ledger.parquet");
    assert!(import(&ledger, &small).status().unwrap().success());
    let old = ledger_state(&ledger);
    assert!(old.iter().all(|(_, _, b)| b.len() < 16 * 1024));
    // 32 blocks of 512 bytes: the small ledger fits, the big one does not. SIGXFSZ is
    // ignored so that write() returns the error instead of killing the process.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 32; trap '' XFSZ; exec \"$0\" --ledger \"$1\" import \"$2\"")
        .arg(assert_cmd::cargo::cargo_bin("soaek"))
        .arg(&ledger)
        .arg(&big)
        .current_dir(root())
        .env_remove("SOAEK_LEDGER")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("soaek: {}/month=", ledger.display())),
        "{err}"
    );
    assert!(
        err.ends_with(": 쓸 수 없습니다 (파일 크기 한도를 넘었습니다)\n"),
        "{err}"
    );
    assert_eq!(ledger_state(&ledger), old);
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert_eq!(
        ledger_files(&ledger).into_keys().collect::<Vec<_>>(),
        ledger_listed(&ledger),
        "nothing left behind"
    );
    // The same import with room to write succeeds.
    soaek(Some(&ledger))
        .arg("import")
        .arg(&big)
        .assert()
        .success();
}

/// No code path opens a network connection: the whole job (import, analysis, report)
/// under strace makes no internet socket. (No HTTP client is linked since polars' lazy
/// engine was dropped; this checks the behaviour, not the link.)
#[test]
fn the_main_job_opens_no_network_socket() {
    let Some(strace) = common::tool("strace") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("strace.log");
    let ledger = dir.path().join("ledger.parquet");
    for args in [
        vec!["import", "sample_data"],
        vec![
            "report",
            "--out",
            dir.path().join("reports").to_str().unwrap(),
        ],
    ] {
        let out = std::process::Command::new(&strace)
            .args(["-f", "-e", "trace=socket,connect", "-o"])
            .arg(&log)
            .arg(assert_cmd::cargo::cargo_bin("soaek"))
            .arg("--ledger")
            .arg(&ledger)
            .args(&args)
            .current_dir(root())
            .env_remove("SOAEK_LEDGER")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let trace = std::fs::read_to_string(&log).unwrap();
        let sockets: Vec<&str> = trace
            .lines()
            .filter(|l| l.contains("socket(AF_INET") || l.contains("connect("))
            .collect();
        assert!(
            sockets.is_empty(),
            "{args:?} opened sockets:\n{}",
            sockets.join("\n")
        );
    }
    assert!(dir.path().join("reports/report.html").is_file());
}

/// A damaged ledger (a truncated manifest, a month file overwritten) is refused with one
/// line naming the damaged file, and neither import nor analyze touches it.
#[test]
fn a_damaged_ledger_is_named_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let statement = common::fixture("kt_utf8.csv");
    assert!(import(&ledger, &statement).status().unwrap().success());
    let month = ledger_listed(&ledger)
        .into_iter()
        .find(|f| f.starts_with("month=2025-05/"))
        .unwrap();
    for (damaged, bytes, reason) in [
        (
            "MANIFEST.json".to_string(),
            &b"{\"format\":\n"[..],
            "원장 목록 파일이 손상되었습니다: {}: EOF while parsing a value at line 2 column 0. `soaek ledger verify`로 원장 전체를 확인할 수 있습니다",
        ),
        (
            month,
            &b"garbage\n"[..],
            "원장 파일이 손상되었습니다: {}: 내용이 기록된 체크섬과 다릅니다. 백업에서 되살리세요. `soaek ledger verify`로 원장 전체를 확인할 수 있습니다",
        ),
    ] {
        let good = ledger_files(&ledger);
        std::fs::write(ledger.join(&damaged), bytes).unwrap();
        let before = ledger_files(&ledger);
        for args in [
            vec!["import", "tests/fixtures/kt_utf8.csv"],
            vec!["analyze"],
            vec!["ledger", "verify"],
        ] {
            let out = soaek(Some(&ledger)).args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let want = reason.replace("{}", &ledger.join(&damaged).display().to_string());
            let stderr = String::from_utf8(out.stderr).unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            // verify lists every month and names the damaged one there.
            assert!(
                stderr == format!("soaek: {want}\n") || stdout.contains(&want),
                "{args:?}: {stderr}{stdout}"
            );
            assert_eq!(ledger_files(&ledger), before, "{args:?}");
        }
        restore_ledger(&ledger, &good);
    }
}

/// The issue's reproduction: a missing or emptied manifest must not make the next
/// import delete the history. The folder is refused and kept; `ledger repair --yes`
/// rebuilds it from its month files and keeps the old folder.
#[test]
fn a_lost_manifest_never_costs_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let sample = root().join("sample_data");
    assert!(import(&ledger, &sample).status().unwrap().success());
    let listed_json = run(soaek(Some(&ledger)).args(["list", "--json"]));
    let months = ledger_listed(&ledger).len() - 1;
    assert_eq!(months, 15);
    let good = ledger_files(&ledger);
    for emptied in [
        None,
        Some(&b"{\"format\":\"soaek.ledger/2\",\"months\":{}}"[..]),
    ] {
        restore_ledger(&ledger, &good);
        match emptied {
            None => std::fs::remove_file(ledger.join("MANIFEST.json")).unwrap(),
            Some(b) => std::fs::write(ledger.join("MANIFEST.json"), b).unwrap(),
        }
        let before = ledger_files(&ledger);
        for args in [
            vec!["import", "tests/fixtures/kt_utf8.csv"],
            vec!["list"],
            vec!["analyze"],
        ] {
            let out = soaek(Some(&ledger)).args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(
                stderr.contains("목록(MANIFEST.json)에 없는 월 파일이 15개 있습니다")
                    && stderr.contains("soaek ledger repair"),
                "{args:?}: {stderr}"
            );
            assert_eq!(ledger_files(&ledger), before, "{args:?}");
        }
        // Without a yes, repair only says what it would do.
        let out = soaek(Some(&ledger))
            .args(["ledger", "repair"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4));
        let said = String::from_utf8(out.stdout).unwrap();
        assert!(
            said.contains("월 파일 15개에서 247행을 읽었습니다"),
            "{said}"
        );
        assert_eq!(ledger_files(&ledger), before);
        run(soaek(Some(&ledger)).args(["ledger", "repair", "--yes"]));
        let again = run(soaek(Some(&ledger)).args(["list", "--json"]));
        assert_eq!(again, listed_json);
        let out = soaek(Some(&ledger))
            .args(["ledger", "verify"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8(out.stdout)
            .unwrap()
            .contains("월 15개, 결제 247건: 모두 정상입니다"));
        // The old folder is kept beside the ledger, every file in it.
        let backups: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".backup-"))
            .collect();
        assert_eq!(backups.len(), 1);
        assert_eq!(ledger_files(&backups[0]), before);
        std::fs::remove_dir_all(&backups[0]).unwrap();
    }
}

/// A mistyped `--ledger` is not an empty ledger: every reading command says there is
/// no ledger there and exits 2, and creates nothing. Only import creates one.
#[test]
fn reading_a_ledger_that_does_not_exist_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("typo/ledger.parquet");
    for args in [
        vec!["list"],
        vec!["analyze"],
        vec!["recommend"],
        vec!["alerts"],
        vec!["subs"],
        vec!["categories"],
        vec!["export", "--format", "csv"],
        vec!["report", "--out", "r"],
        vec!["ledger", "verify"],
        vec!["ledger", "repair", "--yes"],
    ] {
        let out = soaek(Some(&ledger))
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "soaek: 원장이 없습니다: {}. 명세서를 먼저 가져오세요(soaek import 파일). 경로를 잘못 적었다면 --ledger를 확인하세요\n",
                ledger.display()
            ),
            "{args:?}"
        );
        assert!(!dir.path().join("typo").exists(), "{args:?}");
        assert!(!dir.path().join("r").exists(), "{args:?}");
    }
    let out = soaek(Some(&ledger))
        .args(["--lang", "en", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("soaek: no ledger at "));
}

/// The lock file is the user's only, like the ledger, whatever the umask.
#[cfg(unix)]
#[test]
fn the_lock_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 000 && exec '{}' --ledger '{}' import '{}'",
            assert_cmd::cargo::cargo_bin("soaek").display(),
            ledger.display(),
            common::fixture("kt_utf8.csv").display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(dir.path().join("ledger.parquet.lock"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}
