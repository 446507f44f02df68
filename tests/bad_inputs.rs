//! The bad-input corpus (`tests/fixtures/bad/`, written by its `make.py`): each file
//! imported into an empty ledger gives exactly its one-line error (file, row, column,
//! reason) or its documented handling, and a refused file leaves no ledger behind.

mod common;

use common::{fixture, soaek};
use std::path::Path;

enum Want {
    /// The whole file is refused: exit 2, `soaek: FILE: reason`.
    File(&'static str),
    /// Rows cannot be read: exit 1, one `FILE:row:column: reason` line each, nothing added.
    Rows(&'static [&'static str]),
    /// Documented handling: it imports, with this summary line.
    Imports(&'static str),
}
use Want::*;

/// What a file without a recognizable header gets: where the header is, and how to
/// tell soaek about other column names.
const NO_HEADER: &str = "표의 머리글 줄(결제일시·금액 같은 열 이름)을 찾지 못했습니다. 열 이름이 다르면 열 프로필을 만들어 --profile로 알려 주세요 (README \"열 프로필\")";

const CORPUS: &[(&str, Want)] = &[
    ("empty.csv", File("빈 파일입니다")),
    // a header and no rows: nothing to add
    ("header_only.csv", Imports("추가 0건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    ("garbage.bin", File("명세서 형식이 아닙니다 (알 수 없는 바이너리 또는 인코딩)")),
    ("truncated.xlsx", File("엑셀 파일을 열 수 없습니다 (손상되었거나 암호가 걸려 있음): Zip error: invalid Zip archive: Could not find EOCD")),
    ("password.xlsx", File("암호가 걸린 엑셀 파일입니다. 엑셀에서 암호를 해제하고 저장한 뒤 다시 가져오세요")),
    ("not_a_workbook.zip", File("xlsx/ods가 아닌 zip 파일입니다")),
    ("not_a_workbook.xlsx", File("xlsx/ods가 아닌 zip 파일입니다")),
    ("broken_ods.ods", File("엑셀 파일을 열 수 없습니다 (손상되었거나 암호가 걸려 있음): Zip error: InvalidArchive(\"Could not find EOCD\")")),
    (
        "ole2_garbage.xls",
        File("엑셀 파일을 열 수 없습니다 (손상되었거나 암호가 걸려 있음): malformed workbook (OLE2 container: Invalid CFB byte order mark (expected 0xFFFE, found 0x86F1))"),
    ),
    // Found by the fuzzer: calamine panicked on this OLE2 container; cfb refuses it first.
    (
        "calamine_panic.xls",
        File("엑셀 파일을 열 수 없습니다 (손상되었거나 암호가 걸려 있음): malformed workbook (OLE2 container: Malformed FAT (FAT has 12 entries, but file has only 10 sectors))"),
    ),
    // Found by the fuzzer: a cell in column 60,584 made calamine allocate ~91 GB and abort.
    (
        "calamine_huge_range.xls",
        File("엑셀 파일을 열 수 없습니다 (손상되었거나 암호가 걸려 있음): malformed workbook (a cell in column 60584 of 256)"),
    ),
    // Found by the fuzzer: cells at both ends of a BIFF8 sheet made calamine ask for 537 MB.
    ("xls_cell_span.xls", File("한 시트의 칸이 5,000,000개를 넘어 읽지 않았습니다")),
    // a BOM that lies: strict UTF-8 fails, CP949 decodes
    ("cp949_with_utf8_bom.csv", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    // CRLF and LF in one file
    ("mixed_line_endings.csv", Imports("추가 3건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    ("nul_bytes.csv", File("명세서 형식이 아닙니다 (알 수 없는 바이너리 또는 인코딩)")),
    ("invalid_encoding.csv", File("명세서 형식이 아닙니다 (알 수 없는 바이너리 또는 인코딩)")),
    // UTF-16LE recognized by its zero bytes
    ("utf16_no_bom.csv", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    ("missing_amount.csv", File("필수 열이 없습니다: 결제금액/amount")),
    ("time_only_column.csv", File("필수 열이 없습니다: 결제일시/date")),
    ("duplicate_headers.csv", File("같은 이름의 열이 둘 있어 어느 쪽인지 알 수 없습니다: 결제금액 (C, D열). 열 프로필(--profile)로 고르세요")),
    ("title_lines_only.csv", File(NO_HEADER)),
    ("no_header.txt", File(NO_HEADER)),
    ("bad_date.csv", Rows(&["2:결제일시 [A]: 날짜를 읽을 수 없습니다: \"2025-13-45 25:61:00\""])),
    ("future_date.csv", Rows(&["2:결제일시 [A]: 미래의 날짜입니다: \"2099-01-01 10:00:00\""])),
    ("amount_overflow.csv", Rows(&["2:결제금액 [D]: 금액이 너무 큽니다: \"99999999999999999999\" (한 건에 1,000만 원까지)"])),
    // Two rows of i64::MAX once summed to 합계 -2원: refused by the per-row maximum.
    ("max_i64_amounts.csv", Rows(&["2:결제금액 [D]: 금액이 너무 큽니다: \"9223372036854775807\" (한 건에 1,000만 원까지)", "3:결제금액 [D]: 금액이 너무 큽니다: \"9223372036854775807\" (한 건에 1,000만 원까지)"])),
    ("double_won.csv", Rows(&["2:결제금액 [D]: 금액을 읽을 수 없습니다: \"12,000원원\""])),
    // A sign never starts a date; a row with a merchant and an amount is never a note.
    ("signed_dates.csv", Rows(&["2:결제일시 [A]: 날짜를 읽을 수 없습니다: \"-2025-05-11 14:23:01\"", "3:결제일시 [A]: 날짜를 읽을 수 없습니다: \"-5\""])),
    // A cell at XFD1048576 is read like any other: the statement imports, the lone cell is a note.
    ("far_cell.xlsx", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 1건 · 오류 0건")),
    ("repeat_bomb.ods", File("한 시트의 칸이 5,000,000개를 넘어 읽지 않았습니다")),
    ("zip_bomb.xlsx", File("압축을 풀면 256MB가 넘는 엑셀 파일이라 읽지 않았습니다 (명세서로 보기에는 너무 큽니다)")),
    ("amount_text.csv", Rows(&["2:결제금액 [D]: 금액을 읽을 수 없습니다: \"만이천원\""])),
    ("bad_status.csv", Rows(&["2:상태 [E]: 알 수 없는 거래상태입니다: \"보류\""])),
    ("bad_rows.csv", Rows(&["4:결제금액 [C]: 금액을 읽을 수 없습니다: \"5O,000\"", "5:결제일시 [A]: 날짜를 읽을 수 없습니다: \"2025-05-32 12:00:00\"", "6:상태 [D]: 알 수 없는 거래상태입니다: \"보류\""])),
    ("unterminated_quote.csv", Rows(&["2:결제금액 [D]: 금액을 읽을 수 없습니다: \"승인\"", "2:상태 [E]: 알 수 없는 거래상태입니다: \"1001\""])),
    // a negative amount is a cancellation (rule 2 matches it)
    ("negative_without_status.csv", Imports("추가 2건 · 중복 건너뜀 0건 · 취소 매칭 1건 · 건너뛴 행 0건 · 오류 0건")),
    // an unmatched cancellation reduces its own month
    ("status_cancel_no_original.csv", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    ("nested_divs.xls", File("HTML 표나 상자가 256겹보다 깊게 겹쳐 있어 읽지 않았습니다")),
    ("nested_tables.xls", File("HTML 표나 상자가 32겹보다 깊게 겹쳐 있어 읽지 않았습니다")),
    ("html_without_table.xls", File("HTML 파일에 표가 없습니다")),
    // a table with a header and no rows
    ("html_empty_table.xls", Imports("추가 0건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    // kept as text; CSV export neutralizes it (tests/export.rs)
    ("formula_cell.csv", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    // kept as text; report.html escapes it (tests/report.rs)
    ("script_merchant.csv", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    // 200,000 empty columns after the data
    ("wide_row.csv", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
    // the 합계 row is skipped, not an error
    ("total_row_only.csv", Imports("추가 0건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 1건 · 오류 0건")),
    // 0원 (free trials) is a real approval
    ("zero_amount.csv", Imports("추가 1건 · 중복 건너뜀 0건 · 취소 매칭 0건 · 건너뛴 행 0건 · 오류 0건")),
];

fn check(path: &Path, shown: &str, want: &Want) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.parquet");
    let out = soaek(Some(&ledger))
        .arg("import")
        .arg(path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    match want {
        File(reason) => {
            assert_eq!(out.status.code(), Some(2), "{shown}: {stderr}");
            assert_eq!(stderr, format!("soaek: {shown}: {reason}\n"));
            assert!(!ledger.exists(), "{shown}");
        }
        Rows(lines) => {
            assert_eq!(out.status.code(), Some(1), "{shown}: {stderr}");
            let mut expected: Vec<String> = lines.iter().map(|l| format!("{shown}:{l}")).collect();
            expected.push(format!(
                "가져오지 않았습니다: 읽을 수 없는 행 {}건. 원장은 그대로입니다. 나머지만 가져오려면 --skip-bad-rows를 쓰세요.",
                lines.iter().map(|l| l.split(':').next()).collect::<std::collections::BTreeSet<_>>().len()
            ));
            assert_eq!(stderr.lines().collect::<Vec<_>>(), expected);
            assert!(!ledger.exists(), "{shown}");
        }
        Imports(summary) => {
            assert!(out.status.success(), "{shown}: {stderr}");
            assert_eq!(stdout.trim_end(), *summary, "{shown}");
        }
    }
}

#[test]
fn every_bad_input_gives_its_exact_error_or_documented_handling() {
    for (name, want) in CORPUS {
        let shown = format!("tests/fixtures/bad/{name}");
        check(Path::new(&shown), &shown, want);
    }
}

#[test]
fn the_corpus_is_complete_and_every_file_has_a_case() {
    let mut files: Vec<String> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "make.py")
        .collect();
    files.sort();
    let mut cased: Vec<String> = CORPUS.iter().map(|(n, _)| n.to_string()).collect();
    cased.sort();
    assert_eq!(files, cased);
    assert!(files.len() >= 45, "{}", files.len());
}

/// A 10 MB line with no newline, and a header followed by a line of five million
/// fields (`x,x,…`, once 1.6 GB of memory for 20 MB), written here rather than committed:
/// refused before any row is read.
#[test]
fn lines_too_long_for_a_statement() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, line) in [
        ("long_line.csv", "가".repeat(10 * 1024 * 1024 / 3), 1),
        (
            "many_fields.csv",
            format!("결제일시,가맹점명,결제금액\n{}\n", "x,".repeat(5_000_000)),
            2,
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let shown = path.display().to_string();
        let reason = format!(
            "{line}번째 줄이 1024KB보다 길어 읽지 않았습니다 (명세서의 한 행으로 보기에는 너무 깁니다)"
        );
        check(&path, &shown, &File(Box::leak(reason.into_boxed_str())));
    }
}

/// Memory follows the data, not the file's claims: every file of the corpus, and the
/// long lines above, are read with the address space limited to 1 GiB (`ulimit -v`),
/// and each ends with its own exit status (0, 1 or 2), never an abort.
#[cfg(unix)]
#[test]
fn every_bad_input_is_read_within_one_gigabyte() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("many_fields.csv");
    std::fs::write(
        &long,
        format!("결제일시,가맹점명,결제금액\n{}\n", "x,".repeat(5_000_000)),
    )
    .unwrap();
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "make.py"))
        .collect();
    files.sort();
    files.push(long);
    let bin = assert_cmd::cargo::cargo_bin("soaek");
    for f in files {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1048576 && exec \"$0\" analyze \"$1\" --as-of 2025-12-01")
            .arg(&bin)
            .arg(&f)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{}: {:?} {}",
            f.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
