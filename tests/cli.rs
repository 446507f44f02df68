//! The real binary on real files: analyze, import, list, errors and the ledger's safety.

mod common;

use common::{fixture, json, root, run, soaek};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The stderr of a run that must fail with status 2 and exactly one line.
fn one_line_failure(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

fn sample_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("sample_data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "xlsx"))
        .collect();
    v.sort();
    v
}

#[test]
fn sample_totals_match_the_generators_own_count() {
    let out = soaek(None)
        .args(["analyze", "sample_data", "--json", "--as-of", "2025-12-03"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = json(&out.stdout);
    let expected = json(&std::fs::read(fixture("sample_expected.json")).unwrap());
    let months: Vec<Value> = a["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| serde_json::json!({"month": m["month"], "approved": m["approved"], "cancelled": m["cancelled"], "net": m["net"], "payments": m["payments"]}))
        .collect();
    assert_eq!(Value::Array(months), expected["months"]);
    assert_eq!(a["schema"], "soaek.analysis/1");
    assert_eq!(a["as_of"], "2025-12-03");
    // The two KT exports overlap from December to February: every payment row of the
    // first that the second repeats is a duplicate.
    let kt = |name: &str| std::fs::read_to_string(root().join("sample_data").join(name)).unwrap();
    let (first, second) = (kt("kt_2024-09_2025-02.csv"), kt("kt_2024-12_2025-05.csv"));
    let repeated = first
        .lines()
        .filter(|l| l.starts_with("20") && second.lines().any(|m| m == *l))
        .count();
    assert!(repeated > 30);
    assert_eq!(a["import"]["duplicates"].as_u64().unwrap(), repeated as u64);
    // The README in the folder is not a statement: listed, not an error.
    let skipped = a["import"]["skipped_files"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["path"].as_str().unwrap().ends_with("README.md"));
    // avg3 = (235,400 + 393,600 + 183,300) / 3 = 270,766.67 → 270,767
    assert_eq!(a["recommendation"]["three_month_average"], 270_767);
    assert_eq!(
        a["recommendation"]["months_used"],
        serde_json::json!(["2025-09", "2025-10", "2025-11"])
    );
    assert_eq!(a["recommendation"]["target_month"], "2025-12");
    // The cancellation on 2 February of a 31 January purchase reduces January.
    let jan = a["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["month"] == "2025-01")
        .unwrap();
    assert_eq!(jan["cancelled"], 89_000);
    for key in ["categories", "merchants", "subscriptions", "alerts"] {
        assert!(a[key].is_array(), "{key}");
    }
    assert!(a.get("limit_status").is_some());
}

#[test]
fn a_stale_export_moves_the_as_of_date_and_says_so() {
    let out = soaek(None)
        .args(["analyze", "tests/fixtures/kt_utf8.csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "기준일: 2025-07-01 (명세서가 오래되어 마지막 결제 다음 달 1일로 잡았습니다. 오늘은 "
        ),
        "{text}"
    );
    assert!(
        text.contains("│ 2025-05 ┆ 72,900원 ┆ 50,000원 ┆ 22,900원 ┆    3 │"),
        "{text}"
    );
    let out = soaek(None)
        .args([
            "--lang",
            "en",
            "analyze",
            "tests/fixtures/kt_utf8.csv",
            "--json",
        ])
        .output()
        .unwrap();
    let a = json(&out.stdout);
    assert_eq!(a["as_of"], "2025-07-01");
    assert!(a["as_of_moved_from"].is_string());
}

fn ledger_rows(ledger: &Path) -> Value {
    let out = soaek(Some(ledger))
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    json(&out.stdout)
}

#[test]
fn overlapping_exports_in_any_order_give_the_same_ledger_and_import_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
    let files = sample_files();
    assert_eq!(files.len(), 4);
    soaek(Some(&a))
        .arg("import")
        .args(&files)
        .assert()
        .success();
    for f in files.iter().rev() {
        soaek(Some(&b)).arg("import").arg(f).assert().success();
    }
    let rows = ledger_rows(&a);
    assert_eq!(rows, ledger_rows(&b));
    // Same number of rows as the analysis of the files counts.
    let out = soaek(None)
        .arg("analyze")
        .arg("sample_data")
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(
        rows.as_array().unwrap().len() as u64,
        json(&out.stdout)["import"]["transactions"]
            .as_u64()
            .unwrap()
    );
    // Importing again adds nothing and leaves every file byte for byte.
    let before = common::ledger_files(&a);
    let out = soaek(Some(&a)).arg("import").args(&files).output().unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("추가 0건 · 중복 건너뜀"), "{line}");
    assert_eq!(common::ledger_files(&a), before);
    // The ledger analyzes to the same months as the files.
    let from_ledger = json(
        &soaek(Some(&a))
            .args(["analyze", "--json", "--as-of", "2025-12-03"])
            .output()
            .unwrap()
            .stdout,
    );
    let from_files = json(
        &soaek(None)
            .args(["analyze", "sample_data", "--json", "--as-of", "2025-12-03"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(from_ledger["months"], from_files["months"]);
}

#[test]
fn import_prints_one_summary_line_and_keeps_the_ledger_private() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("sub/ledger.parquet");
    let out = soaek(Some(&ledger))
        .args(["import", "tests/fixtures/kt_utf8.csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "추가 5건 · 중복 건너뜀 0건 · 취소 매칭 1건 · 건너뛴 행 2건 · 오류 0건\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ledger), 0o700);
        let files = common::ledger_files(&ledger);
        assert_eq!(files.len(), 3, "the manifest, May and June: {files:?}");
        for f in files.keys() {
            assert_eq!(mode(&ledger.join(f)), 0o600, "{f}");
        }
    }
    // The same payments from another export style are duplicates by approval number.
    let out = soaek(Some(&ledger))
        .args(["--lang", "en", "import", "tests/fixtures/pg_dates.xlsx"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "0 added, 5 duplicates skipped, 0 cancellations matched, 1 rows skipped, 0 errors\n"
    );
    // SOAEK_LEDGER names the ledger too.
    let out = assert_cmd::Command::cargo_bin("soaek")
        .unwrap()
        .env("SOAEK_LEDGER", &ledger)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout).as_array().unwrap().len(), 5);
}

#[test]
fn bad_rows_refuse_the_import_and_leave_the_ledger_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    soaek(Some(&ledger))
        .args(["import", "tests/fixtures/kt_utf8.csv"])
        .assert()
        .success();
    let before = common::ledger_files(&ledger);
    let out = soaek(Some(&ledger))
        .args(["import", "tests/fixtures/bad/bad_rows.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "tests/fixtures/bad/bad_rows.csv:4:결제금액 [C]: 금액을 읽을 수 없습니다: \"5O,000\""
        ),
        "{err}"
    );
    assert!(
        err.contains("tests/fixtures/bad/bad_rows.csv:5:결제일시 [A]: 날짜를 읽을 수 없습니다"),
        "{err}"
    );
    assert!(err.contains("원장은 그대로입니다"), "{err}");
    assert_eq!(common::ledger_files(&ledger), before);
    // --skip-bad-rows imports the two good rows.
    let out = soaek(Some(&ledger))
        .args([
            "import",
            "--skip-bad-rows",
            "tests/fixtures/bad/bad_rows.csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "추가 2건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 3건\n"
    );
    assert_eq!(ledger_rows(&ledger).as_array().unwrap().len(), 7);
}

#[test]
fn an_unreadable_file_is_one_line_and_exit_status_2() {
    let out = soaek(None)
        .args(["analyze", "tests/fixtures/bad/no_header.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "soaek: tests/fixtures/bad/no_header.txt: 표의 머리글 줄(결제일시·금액 같은 열 이름)을 찾지 못했습니다. 열 이름이 다르면 열 프로필을 만들어 --profile로 알려 주세요 (README \"열 프로필\")\n"
    );
    let out = soaek(None)
        .args(["--lang", "en", "analyze", "no/such/file.csv"])
        .output()
        .unwrap();
    assert_eq!(
        one_line_failure(&out),
        "soaek: no/such/file.csv: no such file: check the name and the folder\n"
    );
    let out = soaek(None)
        .args(["import", "no/such/file.csv"])
        .output()
        .unwrap();
    assert_eq!(
        one_line_failure(&out),
        "soaek: no/such/file.csv: 파일이 없습니다. 이름과 폴더를 확인하세요\n"
    );
    // A FIFO (or a device) is not read: it could block or never end.
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("statement.csv");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        for path in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
            let out = soaek(None).arg("analyze").arg(path).output().unwrap();
            assert_eq!(
                one_line_failure(&out),
                format!(
                    "soaek: {}: 일반 파일이 아닙니다(장치·FIFO 등). 표준 입력은 -로 주세요\n",
                    path.display()
                )
            );
        }
        // In a folder, such a file is skipped like any non-statement.
        let out = soaek(None)
            .args(["analyze", "--json", "--as-of", "2025-06-01"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let a = json(&out.stdout);
        assert_eq!(a["import"]["skipped_files"].as_array().unwrap().len(), 1);
    }
    // `-` reads standard input.
    let out = soaek(None)
        .args(["analyze", "-", "--json", "--as-of", "2025-06-01"])
        .write_stdin(std::fs::read(fixture("kt_utf8.csv")).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["import"]["files"][0]["transactions"], 5);
}

#[test]
fn list_filters_like_the_carrier_history_screen() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    soaek(Some(&ledger))
        .args(["import", "tests/fixtures/kt_utf8.csv"])
        .assert()
        .success();
    let out = soaek(Some(&ledger))
        .args(["list", "--from", "2025-05-12", "--to", "2025-05-31"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("│ 2025-05-12 00:05:09 ┆  10,900원 ┆ 멜론     ┆ 1002     ┆ 승인 │"),
        "{text}"
    );
    assert!(
        text.contains("│ 2025-05-21 18:00:00 ┆ -50,000원 ┆ 컬쳐랜드 ┆ 1003     ┆ 취소 │"),
        "{text}"
    );
    assert!(text.ends_with("3건, 합계 10,900원\n"), "{text}");
    let rows = json(
        &soaek(Some(&ledger))
            .args(["list", "--status", "cancelled", "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(
        rows,
        serde_json::json!([{ "at": "2025-05-21T18:00:00", "merchant": "컬쳐랜드", "item": "문화상품권", "amount": 50000,
                             "status": "cancelled", "approval_no": "1003", "pay_kind": "일반결제" }])
    );
    let csv = soaek(Some(&ledger))
        .args(["list", "--status", "approved", "--csv"])
        .output()
        .unwrap()
        .stdout;
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 5);
    assert_eq!(
        csv.lines().next().unwrap(),
        "\u{feff}at,merchant,item,amount,status,approval_no,pay_kind"
    );
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        "2025-05-11T14:23:01,쿠팡,로켓배송,12000,approved,1001,일반결제"
    );
}

#[test]
fn analyze_out_writes_the_reports_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("reports");
    soaek(None)
        .args(["analyze", "sample_data", "--as-of", "2025-12-03", "--out"])
        .arg(&out_dir)
        .assert()
        .success();
    let a = json(&std::fs::read(out_dir.join("analysis.json")).unwrap());
    assert_eq!(a["months"].as_array().unwrap().len(), 15);
    let summary = std::fs::read_to_string(out_dir.join("summary.txt")).unwrap();
    assert!(
        summary.contains("최근 3개월 평균 (2025-09~2025-11): 270,767원"),
        "{summary}"
    );
    // A report holds a statement's contents: private, like the ledger.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out_dir.join("summary.txt"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn categories_and_merchants_cover_the_sample_except_the_deliberate_unknown() {
    let a = json(
        &soaek(None)
            .args(["analyze", "sample_data", "--json", "--as-of", "2025-12-03"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(
        a["uncategorized"],
        serde_json::json!([{ "merchant": "플라워마켓 꽃배달", "category": "other", "net": 35000, "payments": 1 }])
    );
    // Every month's categories add up to the month's net.
    for m in a["months"].as_array().unwrap() {
        let sum: i64 = a["categories"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["month"] == m["month"])
            .map(|c| c["net"].as_i64().unwrap())
            .sum();
        assert_eq!(sum, m["net"].as_i64().unwrap(), "{}", m["month"]);
    }
    let merchants = a["merchants"].as_array().unwrap();
    let find = |name: &str| {
        merchants
            .iter()
            .find(|m| m["merchant"] == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(find("넷플릭스")["category"], "video");
    assert_eq!(find("넷플릭스")["net"], 15 * 13_500);
    assert_eq!(find("넷플릭스")["payments"], 15);
    assert_eq!(find("SOOP")["category"], "donation");
    assert_eq!(find("컬쳐랜드")["category"], "gift_card");
    assert_eq!(find("Google Play")["category"], "app_store");
    // Largest spend first.
    let nets: Vec<i64> = merchants
        .iter()
        .map(|m| m["net"].as_i64().unwrap())
        .collect();
    assert!(nets.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn user_rules_come_before_the_dictionary() {
    let out = soaek(None)
        .args([
            "--rules",
            "tests/fixtures/rules/good.toml",
            "analyze",
            "sample_data",
            "--json",
        ])
        .output()
        .unwrap();
    let a = json(&out.stdout);
    assert_eq!(a["uncategorized"], serde_json::json!([]));
    let merchants = a["merchants"].as_array().unwrap();
    let flowers = merchants
        .iter()
        .find(|m| m["merchant"] == "동네 꽃집")
        .unwrap();
    assert_eq!(flowers["category"], "shopping");
    assert_eq!(
        merchants.iter().find(|m| m["merchant"] == "쿠팡").unwrap()["category"],
        "delivery"
    );

    let out = soaek(None)
        .args([
            "--rules",
            "tests/fixtures/rules/good.toml",
            "rules",
            "test",
            "COUPANG",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "가맹점: 쿠팡\n분류: 배달 (delivery)\n근거: 사용자 규칙 tests/fixtures/rules/good.toml:7, 그 밖은 내장 사전 (별칭 \"coupang\")\n\
         콘텐츠이용료: 아니오 · 고위험: 아니오 · 구독: 아니오\n태그: 생활비\n"
    );
    let out = soaek(None)
        .args(["rules", "test", "(주)한국문화진흥 컬쳐랜드"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "가맹점: 컬쳐랜드\n분류: 상품권 (gift_card)\n근거: 내장 사전: 이름 안에 별칭 \"한국문화진흥\"이 있음\n\
         콘텐츠이용료: 아니오 · 고위험: 예 · 구독: 아니오\n"
    );
}

#[test]
fn a_bad_rules_file_gives_its_line_number() {
    let out = soaek(None)
        .args(["rules", "check", "tests/fixtures/rules/bad_category.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("tests/fixtures/rules/bad_category.toml:7: unknown category \"flowers\""),
        "{err}"
    );
    let out = soaek(None)
        .args(["rules", "check", "tests/fixtures/rules/good.toml"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "tests/fixtures/rules/good.toml: 규칙 2개, 이상 없음\n"
    );
    // Using a bad rules file stops the analysis with the same message and status 2.
    let out = soaek(None)
        .args([
            "--rules",
            "tests/fixtures/rules/bad_category.toml",
            "analyze",
            "sample_data",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("soaek: tests/fixtures/rules/bad_category.toml:7: unknown category"));
}

#[test]
fn categories_table_in_korean() {
    let out = soaek(None)
        .args(["categories", "sample_data"])
        .env("COLUMNS", "250")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Categories down, months across.
    let header = text.lines().nth(1).unwrap();
    for label in ["분류", "2024-09", "2024-10", "2025-11"] {
        assert!(header.contains(label), "{label} in {header}");
    }
    for label in [
        "앱마켓",
        "동영상·OTT",
        "음악",
        "도서·웹툰",
        "쇼핑",
        "배달",
        "상품권",
        "방송후원",
        "교통·충전",
        "기타",
        "합계",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("│ {label} "))),
            "{label} in {text}"
        );
    }
    let music = text.lines().find(|l| l.starts_with("│ 음악 ")).unwrap();
    assert!(music.contains("┆  10,900원 ┆  10,900원 ┆"), "{music}");
    assert!(text.ends_with("분류되지 않은 가맹점 (기타, 지출 순 — 규칙을 추가하세요):\n  플라워마켓 꽃배달 35,000원 (1건)\n"), "{text}");
}

#[test]
fn concurrent_imports_are_serialized_by_the_lock_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let files = sample_files();
    let children: Vec<_> = files
        .iter()
        .map(|f| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("soaek"))
                .current_dir(root())
                .arg("--ledger")
                .arg(&ledger)
                .arg("import")
                .arg(f)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let all = json(
        &soaek(None)
            .args(["analyze", "sample_data", "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(
        ledger_rows(&ledger).as_array().unwrap().len() as u64,
        all["import"]["transactions"].as_u64().unwrap()
    );
    // No temp file is left next to the ledger.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["ledger.parquet", "ledger.parquet.lock"]);
}

#[test]
fn a_column_profile_imports_what_detection_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let out = soaek(Some(&ledger))
        .args(["import", "tests/fixtures/profile_needed.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = soaek(Some(&ledger))
        .args([
            "import",
            "--profile",
            "tests/fixtures/profile_needed.toml",
            "tests/fixtures/profile_needed.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "추가 5건 · 중복 건너뜀 0건 · 취소 매칭 1건 · 건너뛴 행 0건 · 오류 0건\n"
    );
    let rows = ledger_rows(&ledger);
    assert_eq!(
        rows[0],
        serde_json::json!({ "at": "2025-05-11T14:23:01", "merchant": "쿠팡", "item": null, "amount": 12000,
                                            "status": "approved", "approval_no": null, "pay_kind": null })
    );
    // A broken profile is one line and status 2.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[columns]\nprice = 3\n").unwrap();
    let out = soaek(Some(&ledger))
        .arg("import")
        .arg("--profile")
        .arg(&bad)
        .arg("tests/fixtures/profile_needed.csv")
        .output()
        .unwrap();
    let err = one_line_failure(&out);
    assert!(
        err.contains("열 프로필 오류: unknown column role \"price\""),
        "{err}"
    );
}

#[test]
fn the_sample_persona_subscriptions_are_listed_exactly() {
    let out = soaek(None)
        .args(["analyze", "sample_data", "--json", "--as-of", "2025-12-03"])
        .output()
        .unwrap();
    let a = json(&out.stdout);
    let expected = json(&std::fs::read(fixture("sample_expected.json")).unwrap());
    let keys = [
        "merchant",
        "item",
        "cadence",
        "amount",
        "occurrences",
        "first_seen",
        "last_seen",
        "status",
        "price_changes",
    ];
    let mut found: Vec<Value> = a["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Value::Object(keys.iter().map(|k| (k.to_string(), s[k].clone())).collect()))
        .collect();
    found.sort_by_key(|s| (s["merchant"].to_string(), s["item"].to_string()));
    assert_eq!(Value::Array(found), expected["subscriptions"]);
    // Active ones are due next month; the stopped one has no due date.
    let subs = a["subscriptions"].as_array().unwrap();
    let netflix = subs.iter().find(|s| s["merchant"] == "넷플릭스").unwrap();
    assert_eq!(netflix["next_due"], "2025-12-07");
    assert_eq!(netflix["monthly_cost"], 13_500);
    assert_eq!(netflix["annual_cost"], 162_000);
    let millie = subs.iter().find(|s| s["merchant"] == "밀리의서재").unwrap();
    assert_eq!(millie["next_due"], Value::Null);
    // 14,900 + 13,500 + 11,900 + 2,400
    assert_eq!(a["subscription_summary"]["monthly_cost"], 42_700);
    assert_eq!(a["subscription_summary"]["annual_cost"], 512_400);

    // `soaek subs --json` prints the same block.
    let out = soaek(None)
        .args(["subs", "sample_data", "--json", "--as-of", "2025-12-03"])
        .output()
        .unwrap();
    let s = json(&out.stdout);
    assert_eq!(s["subscriptions"], a["subscriptions"]);
    assert_eq!(s["subscription_summary"], a["subscription_summary"]);
}

#[test]
fn subs_table_in_korean() {
    let out = soaek(None)
        .args(["subs", "sample_data", "--as-of", "2025-12-03"])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "넷플릭스 · 스탠다드 멤버십",
        "10,900원 → 11,900원 (2025-03-15)",
        "해지됨",
        "이용 중인 구독 4개: 매월 42,700원, 1년이면 512,400원",
        "가격 인상: 멜론 · 스트리밍 클럽 10,900원 → 11,900원 (2025-03-15부터)",
        "  Google Play · YouTube Premium 178,800원",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
}

#[test]
fn recommend_on_the_sample_persona() {
    let out = soaek(None)
        .args([
            "recommend",
            "sample_data",
            "--json",
            "--as-of",
            "2025-12-03",
            "--current-limit",
            "300,000",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = json(&out.stdout);
    let r = &j["recommendation"];
    assert_eq!(r["three_month_average"], 270_767);
    // 15 months of history: December learns from December 2024, which was 430,900
    // against (374,900 + 189,000 + 190,400) / 3 before it: 1.714, shrunk to 1.36.
    assert_eq!(r["seasonal_factor"], 1.36);
    // 270,767 × 1.36 × 1.1 = 405,067.43 → 500,000
    assert_eq!(r["need"], 405_067.43);
    assert_eq!(r["recommended_limit"], 500_000);
    assert_eq!(r["tier"], "high");
    assert_eq!(r["base_limit"], 300_000);
    assert_eq!(r["subscriptions_monthly"], 42_700);
    let plan: Vec<(String, Value, Value)> = r["adjustments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["month"].as_str().unwrap().to_string(),
                a["limit"].clone(),
                a["revert_to"].clone(),
            )
        })
        .collect();
    assert_eq!(
        plan,
        [
            (
                "2025-12".to_string(),
                Value::from(500_000),
                Value::from("2026-01")
            ),
            // January 2025 held 설날, January 2026 does not.
            ("2026-01".to_string(), Value::from(300_000), Value::Null),
            // February 2026 (설날) learns from January 2025: 1.25 → 372,305 → 500,000.
            (
                "2026-02".to_string(),
                Value::from(500_000),
                Value::from("2026-03")
            ),
            ("2026-03".to_string(), Value::from(300_000), Value::Null),
        ]
    );
    let kinds: Vec<&str> = r["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["micropayment", "content"]);
    let s = &j["limit_status"];
    assert_eq!(s["month"], "2025-12");
    assert_eq!(s["current_limit"], 300_000);
    assert_eq!(s["used"], 0);
    assert_eq!(s["remaining"], 300_000);
    assert_eq!(s["resets_on"], "2026-01-01");
    // The top-level figures are the 소액결제 cap's (the limit given is --current-limit):
    // nothing spent yet; its two subscriptions (25,400원 of the 42,700원) are still due.
    assert_eq!(s["kind"], "micropayment");
    assert_eq!(s["projected_month_end"], 25_400);
    assert_eq!(s["by_kind"].as_array().unwrap().len(), 1);

    // The same block in analyze.
    let out = soaek(None)
        .args([
            "analyze",
            "sample_data",
            "--json",
            "--as-of",
            "2025-12-03",
            "--current-limit",
            "300000",
        ])
        .output()
        .unwrap();
    let a = json(&out.stdout);
    assert_eq!(a["recommendation"], j["recommendation"]);
    assert_eq!(a["limit_status"], j["limit_status"]);

    // The Korean explanation.
    let out = soaek(None)
        .args([
            "recommend",
            "sample_data",
            "--as-of",
            "2025-12-03",
            "--current-limit",
            "300000",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "2025-09      235,400원",
        "권장 한도: 500,000원 ★★☆☆☆ 높음 (위험 관리 필수)",
        "필요 한도 = 270,767원 × 1.36 × 1.1(여유분) = 405,067.43원 → 405,068원(원 단위 올림).",
        "작년 설날이 있던 2025-01",
        "KT: 한도 바꾸기: 마이케이티 앱",
        "올리려면 본인 인증이 필요합니다",
        "2026-01-01에 초기화됩니다",
    ] {
        assert!(text.contains(want), "{want:?} missing in\n{text}");
    }
}

#[test]
fn a_bad_config_file_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "steps = [0, 50000, 30000]\n").unwrap();
    let out = soaek(None)
        .args([
            "recommend",
            "sample_data",
            "--as-of",
            "2025-12-03",
            "--config",
        ])
        .arg(&cfg)
        .output()
        .unwrap();
    let err = one_line_failure(&out);
    assert!(
        err.contains("config.toml: steps: must be in ascending order"),
        "{err}"
    );
    // A good one: its limit is used when no flag is given.
    std::fs::write(&cfg, "current_limit = 100000\n").unwrap();
    let out = soaek(None)
        .args([
            "recommend",
            "sample_data",
            "--json",
            "--as-of",
            "2025-12-03",
            "--config",
        ])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["limit_status"]["current_limit"], 100_000);
}

#[test]
fn the_sample_persona_alerts_are_exactly_the_planted_ones() {
    let out = soaek(None)
        .args(["alerts", "sample_data", "--json", "--as-of", "2025-12-03"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "a high alert exists");
    let j = json(&out.stdout);
    let got: Vec<String> = j["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let kinds: Vec<&str> = a["kinds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            format!(
                "{} {} {} {} {}{}",
                a["at"].as_str().unwrap(),
                a["merchant"].as_str().unwrap(),
                a["amount"],
                kinds.join("+"),
                a["severity"].as_str().unwrap(),
                if a["cancelled"] == true {
                    " cancelled"
                } else {
                    ""
                }
            )
        })
        .collect();
    let night = "gift_card+night+burst high";
    let expected = [
        // Two identical donations at the same second every third month: a possible
        // double charge.
        "2025-09-11T22:41:07 SOOP 11000 duplicate low".to_string(),
        // The fake-base-station pattern on 14 August, two of them already cancelled.
        format!("2025-08-14T02:21:48 티머니 20000 {night}"),
        format!("2025-08-14T02:13:21 구글 기프트카드 30000 {night}"),
        format!("2025-08-14T02:06:55 구글 기프트카드 30000 {night}"),
        format!("2025-08-14T02:00:03 해피머니 50000 {night} cancelled"),
        format!("2025-08-14T01:52:40 컬쳐랜드 50000 {night} cancelled"),
        format!("2025-08-14T01:47:12 컬쳐랜드 50000 {night}"),
        "2025-06-11T22:41:07 SOOP 11000 duplicate low".to_string(),
        "2025-03-11T22:41:07 SOOP 11000 duplicate low".to_string(),
        // Holiday gift certificates in the evening; by October 2025 they are a habit.
        "2025-01-14T19:53:00 컬쳐랜드 50000 gift_card low".to_string(),
        "2025-01-10T19:43:00 해피머니 50000 gift_card low".to_string(),
        // Daytime T-money top-ups until three months make them a habit.
        "2024-12-20T16:06:06 티머니 20000 gift_card low".to_string(),
        "2024-12-13T19:58:00 컬쳐랜드 50000 gift_card low".to_string(),
        "2024-12-12T19:22:00 해피머니 50000 gift_card low".to_string(),
        "2024-12-11T22:41:07 SOOP 11000 duplicate low".to_string(),
        "2024-10-16T14:23:01 티머니 20000 gift_card low".to_string(),
        "2024-09-30T13:49:24 티머니 20000 gift_card low".to_string(),
        "2024-09-26T21:33:30 티머니 10000 gift_card low".to_string(),
        "2024-09-14T19:17:00 컬쳐랜드 50000 gift_card low".to_string(),
        "2024-09-11T22:41:07 SOOP 11000 duplicate low".to_string(),
        "2024-09-10T19:39:00 해피머니 50000 gift_card low".to_string(),
    ];
    assert_eq!(got, expected);
    // YouTube Premium renews at 00:04 every month: never a night alert.
    assert!(!got.iter().any(|a| a.contains("Google Play")));
    // The analyze JSON carries the same block.
    let out = soaek(None)
        .args(["analyze", "sample_data", "--json", "--as-of", "2025-12-03"])
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["alerts"], j["alerts"]);

    // Filters: --since and --min-severity; without a high alert the status is 0.
    let out = soaek(None)
        .args([
            "alerts",
            "sample_data",
            "--as-of",
            "2025-12-03",
            "--since",
            "2025-09-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("높음 0건 · 중간 0건 · 낮음 1건"), "{text}");
    let out = soaek(None)
        .args([
            "alerts",
            "sample_data",
            "--as-of",
            "2025-12-03",
            "--min-severity",
            "high",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("높음 6건 · 중간 0건 · 낮음 0건"), "{text}");
    assert!(text.contains("114 또는 통신사 고객센터"), "{text}");
    assert!(text.contains("이 결제는 이미 취소되었습니다."), "{text}");
}

/// Every text table lines up in a terminal: each of its lines has the same display
/// width, Hangul counting two columns.
#[test]
fn korean_tables_align_by_display_width() {
    use unicode_width::UnicodeWidthStr;
    for command in ["analyze", "categories", "subs", "recommend", "alerts"] {
        let out = soaek(None)
            .args([command, "sample_data", "--as-of", "2025-12-03"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let mut tables = 0;
        let mut width = None;
        for line in text.lines() {
            let in_table = line.starts_with(['┌', '│', '╞', '├', '└']);
            if !in_table {
                width = None;
                continue;
            }
            if line.starts_with('┌') {
                tables += 1;
                assert!(line.contains('┬') || line.ends_with('┐'), "{line}");
            }
            let w = line.width();
            assert_eq!(*width.get_or_insert(w), w, "{command}: {line:?}\n{text}");
        }
        assert!(tables > 0, "{command} printed no table:\n{text}");
    }
}

#[test]
fn analyze_json_into_a_closed_pipe_ends_quietly() {
    // `soaek analyze --json | head -0`: the reader is gone before the JSON is written.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("soaek"))
        .current_dir(root())
        .env_remove("SOAEK_LEDGER")
        .args(["analyze", "sample_data", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// The exit statuses are the README's, the same for every command: 0 done, 1 some rows
/// unreadable (import adds nothing; an analysis is made without them), 2 a file or the
/// ledger unreadable, 3 a high alert, 4 a repair not confirmed, 64 a wrong command line
/// (said in Korean by default).
#[test]
fn exit_statuses_are_defined_once_and_documented() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let code = |args: &[&str]| {
        let out = soaek(Some(&ledger)).args(args).output().unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let bad = "tests/fixtures/bad/bad_rows.csv";
    assert_eq!(
        code(&["analyze", "sample_data", "--as-of", "2025-12-03"]).0,
        Some(0)
    );
    for args in [
        vec!["import", bad],
        vec!["analyze", bad, "--as-of", "2025-06-01"],
        vec!["report", bad, "--as-of", "2025-06-01", "--out"],
        vec!["export", bad, "--format", "json"],
        vec!["recommend", bad, "--as-of", "2025-06-01"],
        vec!["subs", bad, "--as-of", "2025-06-01"],
        vec!["categories", bad, "--as-of", "2025-06-01"],
    ] {
        let mut args = args.clone();
        let out_dir = dir.path().join("r").display().to_string();
        if args.last() == Some(&"--out") {
            args.push(&out_dir);
        }
        let (status, stderr) = code(&args);
        assert_eq!(status, Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("bad_rows.csv:4:결제금액 [C]"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(code(&["analyze", "no/such.csv"]).0, Some(2));
    assert_eq!(
        code(&["alerts", "sample_data", "--as-of", "2025-12-03"]).0,
        Some(3)
    );
    for args in [
        vec!["list", "--bogus"],
        vec!["list", "--from", "someday"],
        vec!["frobnicate"],
        vec!["recommend", "--current-limit", "2000000"],
    ] {
        let (status, stderr) = code(&args);
        assert_eq!(status, Some(64), "{args:?}");
        assert!(
            stderr.starts_with("soaek: ") && stderr.ends_with("\n도움말: soaek --help\n"),
            "{stderr}"
        );
    }
    assert_eq!(
        code(&["list", "--from", "someday"]).1,
        "soaek: --from 값이 올바르지 않습니다: 날짜(2025-08-14)나 달(2025-08)을 주세요 (받은 값 \"someday\")\n도움말: soaek --help\n"
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for line in ["| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 64 |"] {
        assert!(readme.contains(line), "README lacks the exit status {line}");
    }
}

/// The budget rule (README "예산"): below the need, the advice is the largest carrier
/// step within the budget, and says so; above it, the advice stays and says so.
#[test]
fn a_budget_below_the_need_sets_the_advice_and_is_explained() {
    let rec = |budget: &str| {
        json(&run(soaek(None).args([
            "recommend",
            "sample_data",
            "--as-of",
            "2025-12-03",
            "--json",
            "--budget",
            budget,
        ])))["recommendation"]
            .clone()
    };
    let r = rec("200000");
    assert_eq!(r["recommended_limit"], 200_000);
    assert_eq!(r["limited_by_budget"], true);
    assert_eq!(r["budget"], 200_000);
    let reasons: Vec<&str> = r["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|x| x.starts_with("예산 200,000원이 필요 한도 405,068원보다 적어")),
        "{reasons:?}"
    );
    // Each cap's need is scaled alike (200,000 / 405,068): 소액결제 306,186 → 151,177 →
    // 150,000; 콘텐츠이용료 98,888 → 48,825 → 30,000 (not below its subscriptions'
    // 19,030 → 30,000). Together within the budget.
    let caps: Vec<i64> = r["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["recommended_limit"].as_i64().unwrap())
        .collect();
    assert_eq!(caps, [150_000, 30_000]);
    let r = rec("1,000,000원");
    assert_eq!(
        (
            r["recommended_limit"].as_i64(),
            r["limited_by_budget"].as_bool()
        ),
        (Some(500_000), Some(false))
    );
}

/// Particles agree with the name before them (issue: `"멜론"와`, `"유튜브프리미엄"와`).
#[test]
fn rules_test_names_its_alias_with_the_right_particle() {
    for (name, want) in [
        ("멜론", "근거: 내장 사전: 별칭 \"멜론\"과 일치"),
        (
            "유튜브 프리미엄",
            "근거: 내장 사전: 별칭 \"유튜브프리미엄\"과 일치",
        ),
    ] {
        let out = String::from_utf8(run(soaek(None).args(["rules", "test", name]))).unwrap();
        assert!(out.contains(want), "{out}");
    }
}

/// Dates and amounts as people type them: the importer's date forms, a whole month,
/// `30만원`; `--from` after `--to` is a usage error, not an empty list.
#[test]
fn typed_values_take_the_forms_statements_use() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    run(soaek(Some(&ledger)).args(["import", "tests/fixtures/kt_utf8.csv"]));
    let count = |args: &[&str]| -> usize {
        let mut c = soaek(Some(&ledger));
        c.args(["list", "--json"]).args(args);
        json(&run(&mut c)).as_array().unwrap().len()
    };
    // Four rows in May, one on 2025-06-01.
    assert_eq!(count(&[]), 5);
    assert_eq!(count(&["--month", "2025-05"]), 4);
    assert_eq!(count(&["--month", "2025년 6월"]), 1);
    assert_eq!(count(&["--from", "2025.05.12"]), 4);
    assert_eq!(count(&["--from", "20250512", "--to", "2025-05"]), 3);
    assert_eq!(count(&["--from", "2025-06"]), 1);
    let out = soaek(Some(&ledger))
        .args(["list", "--from", "2025-05-20", "--to", "2025-05-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "soaek: --from(2025-05-20)이 --to(2025-05-01)보다 늦습니다. 순서를 바꿔 주세요\n도움말: soaek --help\n"
    );
    let s = json(&run(soaek(None).args([
        "recommend",
        "sample_data",
        "--as-of",
        "2025-12-03",
        "--current-limit",
        "30만원",
        "--json",
    ])));
    assert_eq!(s["limit_status"]["current_limit"], 300_000);
}

/// Help comes in the default language, Korean; `--lang en` gives the English one.
#[test]
fn help_is_korean_by_default() {
    let ko = String::from_utf8(run(soaek(None).args(["recommend", "--help"]))).unwrap();
    assert!(
        ko.starts_with("설정할 월 한도(소액결제·콘텐츠이용료 따로)"),
        "{ko}"
    );
    assert!(
        ko.contains("--content-limit <CONTENT_LIMIT>  지금 콘텐츠이용료 한도 (100000, 10만원)"),
        "{ko}"
    );
    assert!(!ko.contains("Options:"), "{ko}");
    let en = String::from_utf8(run(soaek(None).args([
        "--lang",
        "en",
        "recommend",
        "--help",
    ])))
    .unwrap();
    assert!(en.contains("Usage: soaek recommend"), "{en}");
}

#[test]
fn completions_and_manual_pages_come_from_the_same_definitions() {
    let bash = String::from_utf8(run(soaek(None).args(["completions", "bash"]))).unwrap();
    assert!(
        bash.contains("_soaek()") && bash.contains("recommend") && bash.contains("--content-limit")
    );
    let ps = String::from_utf8(run(soaek(None).args(["completions", "PowerShell"]))).unwrap();
    assert!(ps.contains("Register-ArgumentCompleter"), "{ps}");
    let man = String::from_utf8(run(soaek(None).arg("manual"))).unwrap();
    assert!(man.contains(".TH soaek 1"), "{man}");
    assert!(
        man.contains("명세서는 이 컴퓨터 밖으로 나가지 않습니다"),
        "{man}"
    );
    let en = String::from_utf8(run(soaek(None).args(["--lang", "en", "manual"]))).unwrap();
    assert!(en.contains("offline"), "{en}");
    let dir = tempfile::tempdir().unwrap();
    run(soaek(None).args(["manual", "--out"]).arg(dir.path()));
    let recommend = std::fs::read_to_string(dir.path().join("soaek-recommend.1")).unwrap();
    assert!(
        recommend.contains("--budget") || recommend.contains("\\-\\-budget"),
        "{recommend}"
    );
}

#[test]
fn help_follows_lang_then_the_locale() {
    let help = |env: &[(&str, &str)], args: &[&str]| {
        let mut c = soaek(None);
        for (k, v) in env {
            c.env(k, v);
        }
        String::from_utf8(run(c.args(args).arg("--help"))).unwrap()
    };
    assert!(help(&[], &[]).contains("사용법:"));
    assert!(help(&[("LANG", "en_US.UTF-8")], &[]).contains("Usage:"));
    assert!(help(&[("LC_ALL", "en_GB.UTF-8"), ("LANG", "ko_KR.UTF-8")], &[]).contains("Usage:"));
    assert!(help(&[("LANG", "en_US.UTF-8")], &["--lang", "ko"]).contains("사용법:"));
    assert!(help(&[("LANG", "ko_KR.UTF-8")], &["--lang", "en"]).contains("Usage:"));
    // The command's own words follow the same choice.
    let out = soaek(None)
        .env("LANG", "en_US.UTF-8")
        .args(["import", "nosuch.csv"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "soaek: nosuch.csv: no such file: check the name and the folder\n"
    );
}

#[test]
fn the_steps_are_the_statements_carriers_else_the_settings_else_all() {
    let text = |args: &[&str], config: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        let mut c = soaek(None);
        if let Some(body) = config {
            let file = dir.path().join("config.toml");
            std::fs::write(&file, body).unwrap();
            c.arg("--config").arg(file);
        }
        String::from_utf8(run(c
            .arg("recommend")
            .args(args)
            .args(["--as-of", "2025-07-10"])))
        .unwrap()
    };
    let kt = text(&["tests/fixtures/kt_utf8.csv"], None);
    assert!(
        kt.contains("KT 이용자: 한도 바꾸기와 차단\n  · 한도 바꾸기: 마이케이티 앱"),
        "{kt}"
    );
    assert!(!kt.contains("T world"));
    let lgu = text(&["tests/fixtures/lgu_cp949.csv"], Some("carrier = \"kt\""));
    assert!(
        lgu.contains("LG U+ 이용자"),
        "the statement's carrier first: {lgu}"
    );
    let set = text(&["tests/fixtures/english.csv"], Some("carrier = \"skt\""));
    assert!(
        set.contains("SKT 이용자") && set.contains("T world 앱"),
        "{set}"
    );
    let all = text(&["tests/fixtures/english.csv"], None);
    for name in ["KT:", "SKT:", "LG U+:", "알뜰폰:"] {
        assert!(all.contains(name), "{name} in {all}");
    }
}

/// Thousands of alerts: the terminal shows the 40 most severe and counts the rest, the
/// counts grouped as money is (`1,060건`); the JSON keeps them all.
#[test]
fn many_alerts_are_counted_not_all_printed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kt_nights.csv");
    let mut csv = String::from("결제일시,가맹점명,상품명,결제금액,상태,승인번호\n");
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    for k in 0..1_100 {
        let day = start + chrono::Duration::days(k);
        csv += &format!(
            "{day} 03:{:02}:00,컬쳐랜드,문화상품권,10000,승인,N{k}\n",
            k % 60
        );
        csv += &format!("{day} 13:00:00,쿠팡,로켓배송,12000,승인,D{k}\n");
    }
    std::fs::write(&file, csv).unwrap();
    let out = soaek(None)
        .args(["alerts", "--as-of", "2026-01-10"])
        .arg(&file)
        .env("COLUMNS", "120")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = text
        .lines()
        .filter(|l| l.contains("컬쳐랜드 ┆") || l.starts_with("│ 2025-"))
        .count();
    assert_eq!(rows, 40, "{text}");
    assert!(
        text.contains(
            "위험도 순으로 40건만 보였습니다. 나머지 1,060건은 soaek alerts --json에 모두 있습니다."
        ),
        "{text}"
    );
    assert!(
        text.contains("높음 1,100건 · 중간 0건 · 낮음 0건"),
        "{text}"
    );
    assert!(
        text.contains("(위험도 중간 이상 1,100건 중 최근 40건)"),
        "{text}"
    );
    let all = soaek(None)
        .args(["alerts", "--as-of", "2026-01-10", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(all.status.code(), Some(3), "high alerts");
    let all = json(&all.stdout);
    assert_eq!(all["alerts"].as_array().unwrap().len(), 1_100);
}

/// `SOAEK_TIMINGS=1` prints each stage once, in order, with its wall and CPU time, page
/// faults and memory, the resident memory split into the data and the program
/// (BENCHMARKS.md reads these lines), and the allocator's arenas: by the end one for the
/// main thread and one for each worker, so that no two workers wait for each other's
/// `malloc` (src/memory.rs); the JSON is the same as without.
#[test]
fn stage_timings_name_each_stage_with_its_time_cpu_faults_and_memory() {
    let args = [
        "analyze",
        "tests/fixtures/kt_utf8.csv",
        "--json",
        "--as-of",
        "2025-12-01",
    ];
    let plain = soaek(None).args(args).output().unwrap();
    let timed = soaek(None)
        .env("SOAEK_TIMINGS", "1")
        .env_remove("POLARS_MAX_THREADS")
        .args(args)
        .output()
        .unwrap();
    let workers = std::thread::available_parallelism().unwrap().get();
    assert!(timed.status.success());
    assert_eq!(timed.stdout, plain.stdout);
    assert!(plain.stderr.is_empty());
    let err = String::from_utf8(timed.stderr).unwrap();
    let stages: Vec<&str> = err
        .lines()
        .filter(|l| !l.starts_with("timing:   ("))
        .map(|l| {
            let rest = l.strip_prefix("timing: ").unwrap();
            let (name, figures) = rest.split_at(rest.find(|c: char| c.is_ascii_digit()).unwrap());
            let words: Vec<&str> = figures.split_whitespace().collect();
            assert_eq!(
                (words[1], words[2], words[4], words[5], words[7], words[9]),
                ("s", "cpu", "s", "faults", "rss", "MB"),
                "{l}"
            );
            assert_eq!(
                (words[10], words[12], words[13], words[15], words[16]),
                ("peak", "MB", "data", "MB", "program"),
                "{l}"
            );
            assert_eq!(
                (words[18], words[19], words.len()),
                ("MB", "arenas", 21),
                "{l}"
            );
            let arenas: usize = words[20].parse().unwrap();
            assert!((1..=1 + workers).contains(&arenas), "{l}");
            if name.trim_end() == "output" {
                assert_eq!(arenas, 1 + workers, "{l}");
            }
            assert!(words[6].ends_with('k'), "{l}");
            for k in [0, 3, 8, 11, 14, 17] {
                assert!(words[k].parse::<f64>().is_ok(), "{l}");
            }
            // The process's own pages and the mapped files' make up what is resident
            // (each rounded down to a MB; shared memory, if any, is neither).
            let mb = |k: usize| words[k].parse::<u64>().unwrap();
            let (rss, data, program) = (mb(8), mb(14), mb(17));
            assert!(program > 0 && data > 0, "{l}");
            assert!(data + program <= rss && rss <= data + program + 2, "{l}");
            name.trim_end()
        })
        .collect();
    assert_eq!(
        stages,
        [
            "read files",
            "dedup",
            "netting, classify",
            "monthly, categories | subscriptions",
            "alerts: rules",
            "alerts",
            "limit",
            "activity",
            "output"
        ]
    );
}

/// The list of the functions a run executes (`tools/hot-functions.txt`) is made for these
/// dependencies, and build.rs has the linker put the ones the binary has side by side in
/// its `.text.hot` section, first in its code.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
#[test]
fn the_functions_a_run_executes_are_linked_side_by_side() {
    // Not set in a cross build, where build.rs changes nothing.
    let state = option_env!("SOAEK_HOT_FUNCTIONS").unwrap_or("cross build");
    assert_ne!(
        state, "stale",
        "tools/hot-functions.txt was made for other dependencies (Cargo.lock or a \
         Cargo.toml changed since): run python3 tools/hot_functions.py and commit the list"
    );
    if state != "used" {
        return;
    }
    let out = std::process::Command::new("readelf")
        .args(["-SW", env!("CARGO_BIN_EXE_soaek")])
        .output()
        .unwrap();
    let sections = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str, n: usize| -> u64 {
        let line = sections.lines().find(|l| l.contains(name)).unwrap();
        let fields: Vec<&str> = line[line.find(name).unwrap()..]
            .split_whitespace()
            .collect();
        u64::from_str_radix(fields[n], 16).unwrap()
    };
    // `.text.hot` holds some of the listed functions (a test build is given only the
    // list's first names, and most of its names differ from the release binary's),
    // and comes right before the rest of the code.
    let (hot, hot_size, text) = (
        field(".text.hot", 2),
        field(".text.hot", 4),
        field(".text ", 2),
    );
    assert!(hot_size > 4096, "{sections}");
    assert!(hot < text && text - (hot + hot_size) < 4096, "{sections}");
}

/// Where the glibc loads them (2.36 on), the binary's relocations are packed (build.rs):
/// its dynamic section has the DT_RELR table, and the old table is nearly empty.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
#[test]
fn the_binary_is_linked_with_packed_relocations_where_glibc_loads_them() {
    let version = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    let (major, minor) = version.trim()["glibc ".len()..].split_once('.').unwrap();
    let minor: u32 = minor
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let loads = (major.parse::<u32>().unwrap(), minor) >= (2, 36);
    assert_eq!(
        option_env!("SOAEK_PACKED_RELOCS") == Some("1"),
        loads,
        "{version}"
    );
    let out = std::process::Command::new("readelf")
        .args(["-d", env!("CARGO_BIN_EXE_soaek")])
        .output()
        .unwrap();
    let dynamic = String::from_utf8_lossy(&out.stdout);
    let bytes = |tag: &str| -> Option<u64> {
        let line = dynamic.lines().find(|l| l.contains(tag))?;
        line.split_whitespace().rev().nth(1)?.parse().ok()
    };
    if loads {
        assert!(bytes("(RELRSZ)").is_some_and(|n| n > 0), "{dynamic}");
        assert!(bytes("(RELASZ)").is_some_and(|n| n < 64 << 10), "{dynamic}");
    } else {
        assert_eq!(bytes("(RELRSZ)"), None, "{dynamic}");
    }
}

/// polars brings in chrono-tz, but soaek never converts between time zones: it is built
/// with only the zones `.cargo/config.toml` names (Cargo.toml says why), so the world's
/// table of zones is not in the binary, to be relocated at every start.
#[test]
fn only_the_time_zones_named_are_built_in() {
    // chrono-tz keeps the fixed Etc/ zones and the names linked to those kept.
    let zones: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    assert!(
        zones.contains(&"Asia/Seoul") && zones.contains(&"UTC"),
        "{zones:?}"
    );
    assert!(!zones.contains(&"America/New_York"), "{zones:?}");
    assert!(zones.len() < 60, "{} zones", zones.len());
    let binary = std::fs::read(env!("CARGO_BIN_EXE_soaek")).unwrap();
    assert!(memchr::memmem::find(&binary, b"Asia/Seoul").is_some());
    assert!(memchr::memmem::find(&binary, b"America/New_York").is_none());
}
