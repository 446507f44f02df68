//! `soaek export`, proven by the tools that read it: hledger's and beancount's monthly
//! sums equal `soaek analyze`'s net, a CSV round trip gives the same ledger, formulas are
//! neutralized, Parquet is the ledger's own schema.
//!
//! hledger and beancount are installed by `.ci/run` (which sets `SOAEK_REQUIRE_TOOLS=1`);
//! elsewhere a test whose tool is missing says so and passes.

mod common;

use common::{run, tool};
use serde_json::Value;
use std::path::Path;

fn soaek() -> assert_cmd::Command {
    common::soaek(None)
}

/// Net per month from `soaek analyze` on the sample.
fn analyze_nets() -> Vec<(String, i64)> {
    let out = run(soaek().args(["analyze", "sample_data", "--json", "--as-of", "2025-12-03"]));
    let a: Value = serde_json::from_slice(&out).unwrap();
    common::month_nets(&a["months"])
}

fn export(format: &str, out: &Path) {
    run(soaek()
        .args(["export", "sample_data", "--format", format, "-o"])
        .arg(out));
}

#[test]
fn hledger_monthly_totals_equal_the_analysis() {
    let Some(hledger) = tool("hledger") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("soaek.journal");
    export("ledger", &journal);
    let out = std::process::Command::new(hledger)
        .arg("-f")
        .arg(&journal)
        .args(["balance", "-M", "Expenses", "--depth", "1", "-O", "csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let months: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .map(|s| s.trim_matches('"').to_string())
        .collect();
    let totals: Vec<i64> = lines
        .find(|l| l.starts_with("\"Expenses\""))
        .unwrap()
        .split(',')
        .skip(1)
        .map(|s| {
            s.trim_matches('"')
                .trim_end_matches(" KRW")
                .parse()
                .unwrap_or(0)
        })
        .collect();
    let got: Vec<(String, i64)> = months.into_iter().zip(totals).collect();
    assert_eq!(got, analyze_nets());
    let journal_text = std::fs::read_to_string(&journal).unwrap();
    // Payee, approval tag and a reversing cancellation posted to the approval's month.
    assert!(
        journal_text.contains("2025-02-02 * 11번가 | 취소 블루투스 이어폰"),
        "{journal_text}"
    );
    assert!(journal_text.contains("; date:2025-01-31"));
    assert!(journal_text.contains("Liabilities:휴대폰요금:콘텐츠이용료"));
}

#[test]
fn beancount_checks_and_its_monthly_sums_equal_the_analysis() {
    let (Some(check), Some(query)) = (tool("bean-check"), tool("bean-query")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("soaek.beancount");
    export("beancount", &file);
    let out = std::process::Command::new(check)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bean-check: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new(query)
        .args(["-f", "csv"])
        .arg(&file)
        .arg("SELECT year(date) AS y, month(date) AS m, sum(number) AS n WHERE account ~ '^Expenses' GROUP BY y, m ORDER BY y, m")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<(String, i64)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').map(str::trim).collect();
            let n: f64 = f[2].parse().unwrap();
            (
                format!("{}-{:02}", f[0], f[1].parse::<u32>().unwrap()),
                n as i64,
            )
        })
        .collect();
    assert_eq!(got, analyze_nets());
}

#[test]
fn csv_round_trip_gives_the_same_ledger_and_parquet_is_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
    run(soaek()
        .arg("--ledger")
        .arg(&a)
        .args(["import", "sample_data"]));
    let csv = dir.path().join("export.csv");
    run(soaek()
        .arg("--ledger")
        .arg(&a)
        .args(["export", "--format", "csv", "-o"])
        .arg(&csv));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with BOM for Excel"
    );
    run(soaek().arg("--ledger").arg(&b).arg("import").arg(&csv));
    let list = |l: &Path| run(soaek().arg("--ledger").arg(l).args(["list", "--json"]));
    let original = list(&a);
    assert_eq!(
        String::from_utf8(list(&b)).unwrap(),
        String::from_utf8(original.clone()).unwrap()
    );
    // Parquet export: the ledger's own schema, so soaek reads it as a ledger.
    let pq = dir.path().join("export.parquet");
    run(soaek()
        .arg("--ledger")
        .arg(&a)
        .args(["export", "--format", "parquet", "-o"])
        .arg(&pq));
    assert_eq!(list(&pq), original);
    use std::os::unix::fs::PermissionsExt;
    for f in [&csv, &pq] {
        let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", f.display());
    }
}

#[test]
fn formulas_are_neutralized_and_amounts_stay_numbers() {
    let out = run(soaek().args([
        "export",
        "tests/fixtures/formula_merchant.csv",
        "--format",
        "csv",
    ]));
    assert_formula_merchant_neutralized(out);
    // JSON keeps the text as it was: JSON is not run by spreadsheets.
    let out = run(soaek().args([
        "export",
        "tests/fixtures/formula_merchant.csv",
        "--format",
        "json",
    ]));
    let j: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(j[0]["merchant"], "=HYPERLINK(\"http://x\")");
    assert_eq!(j[0]["amount"], 12000);
}

/// `list --csv` goes through the same writer: a BOM, formulas neutralized, amounts as numbers.
#[test]
fn list_csv_neutralizes_formulas_like_export() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let with_ledger = || {
        let mut c = soaek();
        c.arg("--ledger").arg(&ledger);
        c
    };
    run(with_ledger().args(["import", "tests/fixtures/formula_merchant.csv"]));
    assert_formula_merchant_neutralized(run(with_ledger().args(["list", "--csv"])));
}

/// `tests/fixtures/formula_merchant.csv` as CSV soaek wrote: a BOM, the formula-looking
/// merchants with a leading `'`, the amounts as plain numbers (merchant in column 2,
/// amount in column 4).
fn assert_formula_merchant_neutralized(out: Vec<u8>) {
    let text = String::from_utf8(out).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(&rows[0][1], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&rows[0][3], "12000");
    assert_eq!(&rows[1][1], "'+821012345678");
    assert_eq!(&rows[1][3], "5000");
}

/// `export -o` on a FIFO (like a device) writes through it and never renames a file
/// over it.
#[cfg(unix)]
#[test]
fn export_to_a_fifo_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = soaek()
        .args([
            "export",
            "tests/fixtures/kt_utf8.csv",
            "--format",
            "json",
            "-o",
        ])
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&reader.join().unwrap()).unwrap();
    assert!(got.as_array().is_some_and(|a| !a.is_empty()));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}
