//! `soaek analyze --json` on the bundled statements and the import fixtures, in both
//! languages, compared byte for byte with `tests/golden/`. The files were written before
//! the analysis stopped writing sentences (ARCHITECTURE.md "Words"): a change of layout
//! must not change one figure or one word of the stable JSON. After a deliberate change,
//! rewrite them with `SOAEK_BLESS=1 cargo test --test golden` and read the diff.

mod common;
use common::*;

/// Each case: a name, the inputs and the as-of day.
const CASES: &[(&str, &[&str], &str)] = &[
    ("sample_data", &["sample_data"], "2025-12-03"),
    (
        "sample_data_budget",
        &[
            "sample_data",
            "--current-limit",
            "300000",
            "--content-limit",
            "100000",
            "--budget",
            "150000",
        ],
        "2025-11-20",
    ),
    ("kt_utf8", &["tests/fixtures/kt_utf8.csv"], "2025-07-10"),
    ("lgu_cp949", &["tests/fixtures/lgu_cp949.csv"], "2025-07-10"),
    (
        "korean_dates",
        &["tests/fixtures/korean_dates.csv"],
        "2025-07-10",
    ),
    ("english", &["tests/fixtures/english.csv"], "2025-07-10"),
    (
        "bom_semicolon",
        &["tests/fixtures/bom_semicolon.csv"],
        "2025-07-10",
    ),
    ("tab", &["tests/fixtures/tab.tsv"], "2025-07-10"),
    ("utf16", &["tests/fixtures/utf16.txt"], "2025-07-10"),
    (
        "html_euckr",
        &["tests/fixtures/html_euckr.xls"],
        "2025-07-10",
    ),
    ("html_utf8", &["tests/fixtures/html_utf8.xls"], "2025-07-10"),
    (
        "pg_dates_xls",
        &["tests/fixtures/pg_dates.xls"],
        "2025-07-10",
    ),
    (
        "pg_dates_xlsx",
        &["tests/fixtures/pg_dates.xlsx"],
        "2025-07-10",
    ),
    ("pg_text_ods", &["tests/fixtures/pg_text.ods"], "2025-07-10"),
    (
        "pg_text_xlsx",
        &["tests/fixtures/pg_text.xlsx"],
        "2025-07-10",
    ),
    ("xss", &["tests/fixtures/xss.csv"], "2025-11-05"),
    (
        "formula_merchant",
        &["tests/fixtures/formula_merchant.csv"],
        "2025-07-10",
    ),
    (
        "profile_needed",
        &[
            "tests/fixtures/profile_needed.csv",
            "--profile",
            "tests/fixtures/profile_needed.toml",
        ],
        "2025-07-10",
    ),
    ("coverage", &["tests/fixtures/coverage"], "2025-07-01"),
];

#[test]
fn analyze_json_is_unchanged() {
    let bless = std::env::var_os("SOAEK_BLESS").is_some();
    let config = tempfile::tempdir().unwrap();
    let mut changed = Vec::new();
    for (name, args, as_of) in CASES {
        for lang in ["ko", "en"] {
            let out = run(soaek(None)
                .env("XDG_CONFIG_HOME", config.path())
                .args(["analyze", "--json", "--as-of", as_of, "--lang", lang])
                .args(*args));
            let file = root().join(format!("tests/golden/{name}.{lang}.json"));
            if bless {
                std::fs::write(&file, &out).unwrap();
            } else if std::fs::read(&file).ok().as_deref() != Some(&out[..]) {
                changed.push(file.display().to_string());
            }
        }
    }
    assert!(changed.is_empty(), "analyze --json changed: {changed:?}");
}
