//! Every text soaek prints or writes on the sample data, in Korean: particles agree
//! with the word before them (`i18n::particle_mistakes`, the inverse of `i18n::josa`),
//! and every terminal table fits 80 columns (Hangul counted as two).

mod common;
use common::*;
use soaek::i18n::particle_mistakes;
use unicode_width::UnicodeWidthStr;

/// Each command's stdout and stderr on the sample data, by name.
fn outputs() -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    let reports = dir.path().join("reports");
    let limits = [
        "--current-limit",
        "300000",
        "--content-limit",
        "50000",
        "--budget",
        "150000",
    ];
    let mut runs: Vec<(String, Vec<String>)> = Vec::new();
    let mut add =
        |args: &[&str]| runs.push((args.join(" "), args.iter().map(|s| s.to_string()).collect()));
    add(&["import", "sample_data"]);
    add(&["import", "sample_data"]);
    add(&["list", "--month", "2025-11"]);
    add(&["list", "--status", "cancelled"]);
    for cmd in ["analyze", "recommend", "subs", "categories", "alerts"] {
        add(&[cmd, "--as-of", "2025-11-20"]);
        add(&[cmd, "sample_data", "--as-of", "2025-12-03"]);
    }
    let mut with_limits = vec!["recommend", "sample_data", "--as-of", "2025-11-20"];
    with_limits.extend(limits);
    add(&with_limits);
    let mut with_limits = vec!["alerts", "sample_data", "--as-of", "2025-11-20"];
    with_limits.extend(limits);
    add(&with_limits);
    add(&[
        "analyze",
        "tests/fixtures/coverage/may_only.csv",
        "--as-of",
        "2025-07-01",
    ]);
    add(&[
        "analyze",
        "tests/fixtures/kt_utf8.csv",
        "--as-of",
        "2025-06-10",
    ]);
    for name in [
        "멜론",
        "유튜브 프리미엄",
        "엔씨소프트",
        "컬쳐랜드",
        "동네 꽃집",
    ] {
        add(&["rules", "test", name]);
    }
    add(&["ledger", "verify"]);
    add(&["import", "tests/fixtures/bad/no_header.txt"]);
    add(&["list", "--from", "2025-09", "--to", "2025-08"]);
    let mut out = Vec::new();
    for (name, args) in runs {
        let o = soaek(Some(&ledger))
            .env("COLUMNS", "80")
            .args(&args)
            .output()
            .unwrap();
        let text =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        out.push((name, text));
    }
    let o = soaek(Some(&ledger))
        .args(["report", "sample_data", "--as-of", "2025-12-03", "--out"])
        .arg(&reports)
        .args(limits)
        .output()
        .unwrap();
    assert!(o.status.success());
    for file in ["summary.txt", "report.html"] {
        let text = std::fs::read_to_string(reports.join(file)).unwrap();
        // The page's words without its tags.
        let words = regex_lite_strip_tags(&text);
        out.push((file.to_string(), words));
    }
    out
}

fn regex_lite_strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"").replace("&#39;", "'")
}

#[test]
fn every_korean_text_has_agreeing_particles_and_tables_fit_80_columns() {
    let mut wrong = Vec::new();
    let mut wide = Vec::new();
    for (name, text) in outputs() {
        for m in particle_mistakes(&text) {
            wrong.push(format!("{name}: {m}"));
        }
        for line in text.lines() {
            let table = line.starts_with(['┌', '│', '╞', '├', '└']);
            if table && line.width() > 80 {
                wide.push(format!("{name}: {} columns: {line}", line.width()));
            }
        }
    }
    assert!(wrong.is_empty(), "particles: {wrong:#?}");
    assert!(wide.is_empty(), "wide tables: {wide:#?}");
}
