//! Advice from the months the statements cover (README "명세서가 다루는 달"): short
//! histories, gaps between statements, stated periods, stale exports and subscriptions
//! at a statement's edge, through the real binary.

mod common;

use common::{json, run, soaek};
use serde_json::{json, Value};

const DIR: &str = "tests/fixtures/coverage";

fn analyze(files: &[&str], as_of: &str) -> Value {
    let mut c = soaek(None);
    c.arg("analyze");
    for f in files {
        c.arg(format!("{DIR}/{f}"));
    }
    json(&run(c.args(["--as-of", as_of, "--json"])))
}

fn text(args: &[&str]) -> String {
    let mut c = soaek(None);
    for a in args {
        c.arg(a.replace("@/", &format!("{DIR}/")));
    }
    String::from_utf8(run(&mut c)).unwrap()
}

#[test]
fn one_month_of_history_is_averaged_alone_not_with_two_zero_months() {
    // 245,000 in May, analyzed in June: once (0 + 0 + 245,000) / 3 = 81,667 → 100,000.
    let a = analyze(&["may_only.csv"], "2025-06-10");
    let r = &a["recommendation"];
    assert_eq!(r["months_used"], json!(["2025-05"]));
    assert_eq!(r["three_month_average"], 245_000);
    // 245,000 × 1.00 × 1.1 = 269,500 → 300,000
    assert_eq!(r["recommended_limit"], 300_000);
    assert!(
        r["reasons"][0]
            .as_str()
            .unwrap()
            .contains("명세서가 있는 달은 1개월뿐이라 그 달만 평균했습니다"),
        "{}",
        r["reasons"][0]
    );
    assert_eq!(
        a["statements_needed"],
        json!([{ "from": "2025-03", "to": "2025-04" }])
    );
    assert_eq!(
        a["import"]["coverage"],
        json!([{ "from": "2025-05", "to": "2025-05" }])
    );
    assert_eq!(
        a["import"]["files"][0]["covers"],
        json!({ "from": "2025-05", "to": "2025-05" })
    );
    assert_eq!(a["months"].as_array().unwrap().len(), 1);
}

#[test]
fn only_the_current_month_gives_no_advice_and_names_the_statements_to_add() {
    let a = analyze(&["may_only.csv"], "2025-05-25");
    assert_eq!(a["recommendation"], Value::Null);
    assert_eq!(
        a["statements_needed"],
        json!([{ "from": "2025-02", "to": "2025-04" }])
    );
    let out = text(&["recommend", "@/may_only.csv", "--as-of", "2025-05-25"]);
    assert!(
        out.contains("2025-05 권장 한도를 정할 수 없습니다: 최근 3개월(2025-02~2025-04)의 명세서가 없습니다. 0원(차단)으로 권하지 않습니다."),
        "{out}"
    );
    assert!(!out.contains("★★★★★"), "{out}");
    let report = text(&["analyze", "@/may_only.csv", "--as-of", "2025-05-25"]);
    assert!(report.contains("권장 한도를 정할 수 없습니다"), "{report}");
}

#[test]
fn an_empty_ledger_says_nothing_was_imported() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    run(soaek(Some(&ledger)).args(["import", "tests/fixtures/bad/header_only.csv"]));
    let out = String::from_utf8(run(soaek(Some(&ledger)).args(["recommend"]))).unwrap();
    assert!(
        out.contains("명세서가 다루는 달: 없음 (가져온 결제가 없습니다)")
            && out.contains("권장 한도를 정할 수 없습니다: 가져온 명세서가 없습니다."),
        "{out}"
    );
    assert!(!out.contains("0원"), "{out}");
    let a = json(&run(soaek(Some(&ledger)).args(["analyze", "--json"])));
    assert_eq!(a["recommendation"], Value::Null);
    let alerts = String::from_utf8(run(soaek(Some(&ledger)).args(["alerts"]))).unwrap();
    assert!(
        alerts.starts_with("살펴볼 결제가 없습니다: 가져온 명세서에 결제가 하나도 없습니다."),
        "{alerts}"
    );
}

#[test]
fn a_month_between_statements_is_a_gap_not_zero() {
    let a = analyze(&["jan_feb.csv", "apr_may.csv"], "2025-06-05");
    assert_eq!(
        a["import"]["coverage"],
        json!([{ "from": "2025-01", "to": "2025-02" }, { "from": "2025-04", "to": "2025-05" }])
    );
    assert_eq!(
        a["import"]["coverage_gaps"],
        json!([{ "from": "2025-03", "to": "2025-03" }])
    );
    let months: Vec<&str> = a["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2025-01", "2025-02", "2025-04", "2025-05"]);
    // (40,000 + 60,000) / 2, not (0 + 40,000 + 60,000) / 3.
    let r = &a["recommendation"];
    assert_eq!(r["months_used"], json!(["2025-04", "2025-05"]));
    assert_eq!(r["three_month_average"], 50_000);
    let out = text(&[
        "analyze",
        "@/jan_feb.csv",
        "@/apr_may.csv",
        "--as-of",
        "2025-06-05",
    ]);
    assert!(out.contains("빠진 달 2025-03"), "{out}");
}

#[test]
fn a_stated_period_widens_what_a_statement_covers_and_the_ledger_keeps_it() {
    // 조회기간 2025-03-01 ~ 2025-05-31, payments in May only: March and April are
    // covered months of 0원.
    let a = analyze(&["period_widens.csv"], "2025-06-10");
    assert_eq!(
        a["import"]["files"][0]["covers"],
        json!({ "from": "2025-03", "to": "2025-05" })
    );
    assert_eq!(a["recommendation"]["three_month_average"], 30_000);
    assert_eq!(
        a["recommendation"]["months_used"].as_array().unwrap().len(),
        3
    );
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    run(soaek(Some(&ledger)).args(["import", &format!("{DIR}/period_widens.csv")]));
    run(soaek(Some(&ledger)).args(["import", &format!("{DIR}/jan_feb.csv")]));
    let a = json(&run(soaek(Some(&ledger)).args([
        "analyze",
        "--json",
        "--as-of",
        "2025-06-10",
    ])));
    assert_eq!(
        a["import"]["coverage"],
        json!([{ "from": "2025-01", "to": "2025-05" }])
    );
    assert_eq!(a["import"]["data_ends_on"], "2025-05-31");
    assert_eq!(a["recommendation"]["three_month_average"], 30_000);
}

#[test]
fn subscriptions_due_after_the_statement_ends_stay_active() {
    // Charged every Monday up to 05-19; the statement's period ends on Sunday 05-25.
    // As of 05-30, the 05-26 charge (+3 days of grace) is after the data: not stopped.
    let out = soaek(None)
        .args([
            "subs",
            &format!("{DIR}/weekly_until_statement_end.csv"),
            "--as-of",
            "2025-05-30",
            "--json",
        ])
        .output()
        .unwrap();
    let s = json(&out.stdout);
    let subs = s["subscriptions"].as_array().unwrap();
    let weekly = subs
        .iter()
        .find(|x| x["merchant"] == "주간 웹툰패스")
        .unwrap();
    assert_eq!(weekly["status"], "active");
    assert_eq!(weekly["next_due"], "2025-05-26");
    assert_eq!(weekly["due_after_data"], true);
    // The one whose charges stopped in mid-April, inside the statement: stopped.
    let stopped = subs
        .iter()
        .find(|x| x["last_seen"] == "2025-04-15")
        .unwrap();
    assert_eq!(stopped["status"], "stopped");
    let out = text(&[
        "subs",
        "@/weekly_until_statement_end.csv",
        "--as-of",
        "2025-05-30",
    ]);
    assert!(
        out.contains("* 명세서가 2025-05-25에 끝나 그 뒤의 결제는 아직 알 수 없습니다."),
        "{out}"
    );
    // A monthly one, the export about a month old: still active.
    let s = json(&run(soaek(None).args([
        "subs",
        &format!("{DIR}/monthly_export.csv"),
        "--as-of",
        "2025-06-25",
        "--json",
    ])));
    let melon = &s["subscriptions"][0];
    assert_eq!(
        (melon["status"].as_str(), melon["next_due"].as_str()),
        (Some("active"), Some("2025-06-15"))
    );
}

/// Rule 10: a payment is 콘텐츠이용료 when its statement says so (a 결제수단 column),
/// whatever its merchant; the ledger keeps what the statement said.
#[test]
fn a_statement_that_names_the_cap_decides_it() {
    let caps = |a: &Value| -> Vec<(String, i64)> {
        a["recommendation"]["by_kind"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                (
                    k["kind"].as_str().unwrap().to_string(),
                    k["three_month_average"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let want = [
        ("micropayment".to_string(), 20_000),
        ("content".to_string(), 10_000),
    ];
    let a = analyze(&["billing_column.csv"], "2025-06-10");
    assert_eq!(caps(&a), want);
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    run(soaek(Some(&ledger)).args(["import", &format!("{DIR}/billing_column.csv")]));
    let a = json(&run(soaek(Some(&ledger)).args([
        "analyze",
        "--json",
        "--as-of",
        "2025-06-10",
    ])));
    assert_eq!(caps(&a), want);
    let rows = json(&run(
        soaek(Some(&ledger)).args(["export", "--format", "json"])
    ));
    let webtoon = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["merchant"] == "네이버웹툰")
        .unwrap();
    assert_eq!(webtoon["content"], true);
}

/// The report of a statement that ended last month does not open with "이번 달 사용
/// 0원": the month no statement covers is unknown, so it leads with the last month the
/// statement covers.
#[test]
fn the_report_does_not_call_an_uncovered_month_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    run(soaek(None)
        .args([
            "report",
            &format!("{DIR}/may_only.csv"),
            "--as-of",
            "2025-06-10",
            "--out",
        ])
        .arg(&out));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains(
            "<div class=\"label\">마지막 달 사용</div><div class=\"value\">245,000원</div><div class=\"note\">2025-05 · 명세서가 2025-05-20에 끝남"
        ),
        "{}",
        &html[..html.len().min(3000)]
    );
    // Covered: the month's spend.
    let out2 = dir.path().join("r2");
    run(soaek(None)
        .args([
            "report",
            &format!("{DIR}/may_only.csv"),
            "--as-of",
            "2025-05-25",
            "--out",
        ])
        .arg(&out2));
    let html = std::fs::read_to_string(out2.join("report.html")).unwrap();
    assert!(html.contains(
        "<div class=\"value\">245,000원</div><div class=\"note\">2025-05 · 기준일 2025-05-25"
    ));
}
