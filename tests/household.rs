//! A household's lines (docs/RULES.md rule 12) through the real binary: one statement
//! holding two lines, the same payments as two single-line statements named at import,
//! and a ledger mixing both, with labels, a child's line, merging and `--line`.
//!
//! `tests/fixtures/household/`: `two_lines.csv` has a 휴대폰번호 column (a parent's
//! 010-****-1234: YouTube, shopping, delivery; a child's 010-****-5678: Melon, game
//! items rising month by month, two late gift cards); `parent.csv` and `child.csv` are
//! the same payments without the column; `grandma.csv` is a third line; and
//! `full_numbers.csv` shows whole phone numbers.

mod common;

use common::{json, run, soaek};
use serde_json::{json, Value};
use std::path::Path;

const DIR: &str = "tests/fixtures/household";
const AS_OF: &str = "2025-10-15";

use common::month_nets as nets;

fn months(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(m, n)| (m.to_string(), *n)).collect()
}

fn line<'a>(a: &'a Value, name: &str) -> &'a Value {
    a["lines"]
        .as_array()
        .unwrap_or_else(|| panic!("no lines: {a}"))
        .iter()
        .find(|l| l["line"] == name)
        .unwrap_or_else(|| panic!("no line {name}: {}", a["lines"]))
}

fn analyze_ledger(ledger: &Path, extra: &[&str]) -> Value {
    json(&run(soaek(Some(ledger))
        .args(["analyze", "--as-of", AS_OF, "--json"])
        .args(extra)))
}

fn import(ledger: &Path, file: &str, name: Option<&str>) -> String {
    let mut c = soaek(Some(ledger));
    c.arg("import").arg(format!("{DIR}/{file}"));
    if let Some(n) = name {
        c.args(["--line", n]);
    }
    String::from_utf8(run(&mut c)).unwrap()
}

/// The parent's and the child's figures, worked by hand from the fixture (rules 4–7;
/// October 2025 holds 추석, so its factor is 1.30).
fn assert_parent_and_child(parent: &Value, child: &Value) {
    assert_eq!(
        nets(&parent["months"]),
        months(&[
            ("2025-06", 56_500),
            ("2025-07", 56_600),
            ("2025-08", 56_700),
            ("2025-09", 56_800)
        ])
    );
    let r = &parent["recommendation"];
    assert_eq!(r["months_used"], json!(["2025-07", "2025-08", "2025-09"]));
    // (56,600 + 56,700 + 56,800) / 3 = 56,700; × 1.30 × 1.1 = 81,081 → 100,000.
    assert_eq!(r["three_month_average"], 56_700);
    assert_eq!(r["recommended_limit"], 100_000);
    assert_eq!(r["tier"], "standard");

    // The child's August game item was cancelled (16,500 back in August).
    assert_eq!(
        nets(&child["months"]),
        months(&[
            ("2025-06", 21_900),
            ("2025-07", 43_900),
            ("2025-08", 60_400),
            ("2025-09", 220_900)
        ])
    );
    let r = &child["recommendation"];
    // (43,900 + 60,400 + 220,900) / 3 = 108,400; × 1.30 × 1.1 = 155,012 → 200,000.
    assert_eq!(r["three_month_average"], 108_400);
    assert_eq!(r["recommended_limit"], 200_000);
    assert_eq!(r["tier"], "high");

    // Each line's subscriptions and alerts are its own.
    let merchants = |l: &Value| -> Vec<String> {
        l["subscriptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["merchant"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(merchants(parent).iter().any(|m| m.contains("YouTube")));
    assert!(!merchants(parent).iter().any(|m| m.contains("멜론")));
    assert!(merchants(child).iter().any(|m| m.contains("멜론")));
    assert_eq!(parent["alerts"], json!([]));
    let kinds: Vec<&Value> = child["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|x| x["kinds"].as_array().unwrap())
        .collect();
    assert!(kinds.contains(&&json!("gift_card")), "{}", child["alerts"]);
}

/// The household's months are the sum of its lines' months.
fn assert_total_is_the_sum(a: &Value) {
    let mut sum: std::collections::BTreeMap<String, i64> = Default::default();
    for l in a["lines"].as_array().unwrap() {
        for (m, n) in nets(&l["months"]) {
            *sum.entry(m).or_default() += n;
        }
    }
    let top: std::collections::BTreeMap<String, i64> = nets(&a["months"]).into_iter().collect();
    assert_eq!(top, sum);
}

#[test]
fn one_statement_holding_two_lines_is_advised_per_line() {
    let a = json(&run(soaek(None).args([
        "analyze",
        &format!("{DIR}/two_lines.csv"),
        "--as-of",
        AS_OF,
        "--json",
    ])));
    assert_eq!(a["lines"].as_array().unwrap().len(), 2);
    let (parent, child) = (line(&a, "010-****-1234"), line(&a, "010-****-5678"));
    assert_eq!(parent["numbers"], json!(["010-****-1234"]));
    assert_eq!(child["child"], false);
    assert_parent_and_child(parent, child);
    assert_total_is_the_sum(&a);
    // The household's alerts say which line paid.
    let gift: Vec<&Value> = a["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["merchant"] == "컬쳐랜드")
        .collect();
    assert_eq!(gift.len(), 2);
    assert!(
        gift.iter().all(|x| x["line"] == "010-****-5678"),
        "{gift:?}"
    );
    // The household's own figures follow the same rules on the total:
    // (100,500 + 117,100 + 277,700) / 3 = 165,100; × 1.30 × 1.1 = 236,093 → 300,000.
    assert_eq!(a["recommendation"]["three_month_average"], 165_100);
    assert_eq!(a["recommendation"]["recommended_limit"], 300_000);

    // The terminal shows the total, then a row per line.
    let text = String::from_utf8(run(soaek(None).args([
        "analyze",
        &format!("{DIR}/two_lines.csv"),
        "--as-of",
        AS_OF,
    ])))
    .unwrap();
    assert!(text.contains("회선별"), "{text}");
    assert!(
        text.contains("010-****-5678") && text.contains("108,400원"),
        "{text}"
    );

    // subs, alerts and categories end with the same per-line table.
    for command in ["subs", "alerts", "categories"] {
        let out = soaek(None)
            .args([command, &format!("{DIR}/two_lines.csv"), "--as-of", AS_OF])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("회선별") && text.contains("108,400원") && text.contains("200,000원"),
            "{command}: {text}"
        );
    }

    // --line: that line alone, the same figures as its entry in `lines`.
    let alone = json(&run(soaek(None).args([
        "analyze",
        &format!("{DIR}/two_lines.csv"),
        "--as-of",
        AS_OF,
        "--json",
        "--line",
        "010-****-5678",
    ])));
    assert_eq!(alone["line"], "010-****-5678");
    assert!(alone.get("lines").is_none());
    assert_eq!(alone["months"], child["months"]);
    assert_eq!(alone["recommendation"]["recommended_limit"], 200_000);
}

#[test]
fn two_single_line_statements_named_at_import_are_the_same_household() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    assert!(import(&ledger, "parent.csv", Some("엄마")).starts_with("추가 12건"));
    assert!(import(&ledger, "child.csv", Some("민준")).starts_with("추가 21건"));
    // Importing again adds nothing (rule 3 holds per line).
    assert!(import(&ledger, "child.csv", Some("민준")).starts_with("추가 0건"));
    let a = analyze_ledger(&ledger, &[]);
    assert_parent_and_child(line(&a, "엄마"), line(&a, "민준"));
    assert_total_is_the_sum(&a);

    // `soaek lines` lists them; a child's mark keeps the advice in the safer tiers.
    let listed = json(&run(soaek(Some(&ledger)).args(["lines", "--json"])));
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(line(&json!({ "lines": listed }), "민준")["payments"], 21);
    run(soaek(Some(&ledger)).args(["lines", "label", "민준", "--child"]));
    let a = analyze_ledger(&ledger, &[]);
    let child = line(&a, "민준");
    assert_eq!(child["child"], true);
    let r = &child["recommendation"];
    assert_eq!(
        r["three_month_average"], 108_400,
        "the average is the rules'"
    );
    assert_eq!(r["recommended_limit"], 50_000);
    assert_eq!(r["tier"], "minimal");
    let reasons = r["reasons"].to_string();
    assert!(reasons.contains("자녀 회선이라"), "{reasons}");
    assert!(reasons.contains("200,000원이 되지만"), "{reasons}");
    // Alerts on the child's gift cards speak to the parent.
    let alerts = child["alerts"].to_string();
    assert!(alerts.contains("자녀 회선입니다"), "{alerts}");
    // September's games passed twice their average (31,167) with the third 22,000.
    assert!(
        child["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["at"] == "2025-09-11T16:30:00" && x["kinds"] == json!(["rising"])),
        "{alerts}"
    );
    // The parent's line is unchanged.
    assert_eq!(
        line(&a, "엄마")["recommendation"]["recommended_limit"],
        100_000
    );
}

#[test]
fn a_ledger_mixing_a_two_line_statement_and_a_named_one() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    import(&ledger, "two_lines.csv", None);
    import(&ledger, "grandma.csv", Some("할머니"));
    let a = analyze_ledger(&ledger, &[]);
    assert_eq!(a["lines"].as_array().unwrap().len(), 3);
    assert_parent_and_child(line(&a, "010-****-1234"), line(&a, "010-****-5678"));
    assert_total_is_the_sum(&a);
    // Grandma's statement covers July to September only: her average is hers alone.
    let g = line(&a, "할머니");
    assert_eq!(
        g["coverage"],
        json!([{ "from": "2025-07", "to": "2025-09" }])
    );
    // (7,400 + 7,400 + 207,400) / 3 = 74,067 (half up).
    assert_eq!(g["recommendation"]["three_month_average"], 74_067);
    // Night-time 북앤라이프 in a burst: the smishing pattern, on her line alone.
    assert!(g["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["severity"] == "high"));

    // The history of one line.
    let rows = json(&run(soaek(Some(&ledger)).args([
        "list",
        "--line",
        "할머니",
        "--json",
    ])));
    assert_eq!(rows.as_array().unwrap().len(), 5);
    assert!(rows
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["line"] == "할머니"));
    // Naming by number, then merging two lines into one.
    run(soaek(Some(&ledger)).args(["lines", "label", "010-****-5678", "민준"]));
    let a = analyze_ledger(&ledger, &["--line", "민준"]);
    assert_eq!(a["line"], "민준");
    assert_eq!(a["recommendation"]["three_month_average"], 108_400);
    run(soaek(Some(&ledger)).args(["lines", "merge", "할머니", "010-****-1234"]));
    let a = analyze_ledger(&ledger, &[]);
    assert_eq!(a["lines"].as_array().unwrap().len(), 2);
    let merged = line(&a, "할머니");
    assert_eq!(merged["numbers"], json!(["010-****-1234"]));
    assert_eq!(merged["months"][3]["net"], 56_800 + 207_400);
    assert_total_is_the_sum(&a);

    // An unknown line is refused with the lines there are.
    let out = soaek(Some(&ledger))
        .args(["recommend", "--line", "서연"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "a usage error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'서연' 회선이 없습니다") && err.contains("민준"),
        "{err}"
    );
}

#[test]
fn whole_phone_numbers_never_reach_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    import(&ledger, "full_numbers.csv", None);
    let listed = json(&run(soaek(Some(&ledger)).args(["lines", "--json"])));
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_str().unwrap())
        .collect();
    // Two numbers, one written two ways: kept as a carrier masks them.
    assert_eq!(ids, ["010-****-1357", "010-****-2468"]);
    assert_eq!(listed[0]["payments"], 2);
    for (file, bytes) in common::ledger_files(&ledger) {
        for whole in ["2468-1357", "24681357", "97532468", "9753-2468"] {
            assert!(
                !bytes.windows(whole.len()).any(|w| w == whole.as_bytes()),
                "{whole} in {file}"
            );
        }
    }
}

#[test]
fn an_older_ledger_without_lines_is_one_unnamed_line() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    run(soaek(Some(&ledger))
        .arg("import")
        .arg(common::fixture("kt_utf8.csv")));
    // One line: no `lines` in the JSON, nothing named.
    let a = analyze_ledger(&ledger, &[]);
    assert!(a.get("lines").is_none() && a.get("line").is_none());
    import(&ledger, "two_lines.csv", None);
    let a = analyze_ledger(&ledger, &[]);
    let lines = a["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().any(|l| l["line"].is_null()));
    assert_total_is_the_sum(&a);
    // `-` is the unnamed line; it can be named.
    let unnamed = analyze_ledger(&ledger, &["--line", "-"]);
    assert_eq!(
        unnamed["months"],
        lines.iter().find(|l| l["line"].is_null()).unwrap()["months"]
    );
    run(soaek(Some(&ledger)).args(["lines", "label", "-", "아빠"]));
    let a = analyze_ledger(&ledger, &[]);
    assert!(line(&a, "아빠")["months"].as_array().is_some());
}

#[test]
fn the_report_has_a_card_per_line_and_a_page_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    run(soaek(None)
        .args([
            "report",
            &format!("{DIR}/two_lines.csv"),
            "--as-of",
            AS_OF,
            "--out",
        ])
        .arg(&out));
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    let cards = &page[page
        .find("<section id=\"lines\">")
        .expect("a household section")..];
    let cards = &cards[..cards.find("</section>").unwrap()];
    for want in [
        "010-****-1234",
        "010-****-5678",
        "최근 3개월 평균 108,400원",
        "소액결제 200,000원",
        "href=\"report-line-2.html\"",
    ] {
        assert!(cards.contains(want), "{want} in {cards}");
    }
    // The child's line alone: its own figures and the way back.
    let child = std::fs::read_to_string(out.join("report-line-2.html")).unwrap();
    assert!(child.contains("소액결제 리포트 · 010-****-5678"));
    assert!(child.contains("href=\"report.html\""));
    assert!(child.contains("108,400원") && !child.contains("165,100원"));
}

#[test]
fn the_same_statement_under_another_line_is_not_added_twice() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    import(&ledger, "two_lines.csv", None);
    let before = common::ledger_files(&ledger);
    // The child's payments again, now named: they are already there as 010-****-5678.
    let out = soaek(Some(&ledger))
        .args(["import", &format!("{DIR}/child.csv"), "--line", "민준"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("결제 21건 중 21건이 원장에 다른 회선(010-****-5678)으로 이미 있어")
            && err.contains("soaek lines label"),
        "{err}"
    );
    assert_eq!(common::ledger_files(&ledger), before, "nothing changed");
    // Renaming is the way; a line that really paid the same can still be added.
    run(soaek(Some(&ledger)).args(["lines", "label", "010-****-5678", "민준"]));
    let a = analyze_ledger(&ledger, &[]);
    assert_eq!(
        line(&a, "민준")["recommendation"]["three_month_average"],
        108_400
    );
    let added = String::from_utf8(run(soaek(Some(&ledger)).args([
        "import",
        &format!("{DIR}/child.csv"),
        "--line",
        "쌍둥이",
        "--another-line",
    ])))
    .unwrap();
    assert!(added.starts_with("추가 21건"), "{added}");
}

/// A line named at import is added to what the statement says of each row, not put in
/// its place: the payment kind (결제유형) stays, in the ledger as in the listing.
#[test]
fn a_line_named_at_import_keeps_the_statements_payment_kind() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    run(soaek(Some(&ledger)).args(["import", "tests/fixtures/kt_utf8.csv", "--line", "민준"]));
    let rows = json(&run(soaek(Some(&ledger)).args(["list", "--json"])));
    let rows = rows.as_array().unwrap();
    let first = &rows[0];
    assert_eq!(
        (&first["merchant"], &first["pay_kind"], &first["line"]),
        (&json!("쿠팡"), &json!("일반결제"), &json!("민준"))
    );
    assert!(rows.iter().all(|r| r["line"] == "민준"), "{rows:?}");
    let kinds: Vec<&Value> = rows.iter().map(|r| &r["pay_kind"]).collect();
    assert!(kinds.contains(&&json!("월자동결제")), "{kinds:?}");
}
