//! Every input variant README "읽을 수 있는 명세서" names imports to exactly the same five payments.

use soaek_import::{import_path, FileImport, Format, Profile, SkipReason, Status, TextEncoding};
use std::path::Path;

/// (time, merchant, item, amount, status, approval, kind)
type Tx = (
    String,
    String,
    Option<String>,
    i64,
    Status,
    Option<String>,
    Option<String>,
);

struct Has {
    item: bool,
    approval: bool,
    kind: bool,
}

fn expected(has: Has) -> Vec<Tx> {
    let rows = [
        (
            "2025-05-11 14:23:01",
            "쿠팡",
            "로켓배송",
            12_000,
            Status::Approved,
            "1001",
            "일반결제",
        ),
        (
            "2025-05-12 00:05:09",
            "멜론",
            "스트리밍 클럽",
            10_900,
            Status::Approved,
            "1002",
            "월자동결제",
        ),
        (
            "2025-05-20 09:30:00",
            "컬쳐랜드",
            "문화상품권",
            50_000,
            Status::Approved,
            "1003",
            "일반결제",
        ),
        (
            "2025-05-21 18:00:00",
            "컬쳐랜드",
            "문화상품권",
            50_000,
            Status::Cancelled,
            "1003",
            "일반결제",
        ),
        (
            "2025-06-01 12:00:00",
            "구글플레이",
            "아이템",
            3_300,
            Status::Approved,
            "1004",
            "일반결제",
        ),
    ];
    rows.iter()
        .map(|&(at, m, item, amount, status, no, kind)| {
            (
                at.to_string(),
                m.to_string(),
                has.item.then(|| item.to_string()),
                amount,
                status,
                has.approval.then(|| no.to_string()),
                has.kind.then(|| kind.to_string()),
            )
        })
        .collect()
}

fn read(name: &str, profile: Option<&Profile>) -> FileImport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    import_path(&path, profile).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn txs(f: &FileImport) -> Vec<Tx> {
    f.transactions
        .iter()
        .map(|t| {
            (
                t.at().format("%Y-%m-%d %H:%M:%S").to_string(),
                t.merchant.to_string(),
                t.item.as_deref().map(str::to_string),
                t.amount.0,
                t.status(),
                t.approval_no.as_deref().map(str::to_string),
                t.pay_kind().map(str::to_string),
            )
        })
        .collect()
}

fn check(name: &str, format: Format, encoding: TextEncoding, has: Has) -> FileImport {
    let f = read(name, None);
    assert_eq!((f.format, f.encoding), (format, encoding), "{name}");
    assert!(f.errors.is_empty(), "{name}: {:?}", f.errors);
    assert_eq!(f.rows, 5, "{name}");
    assert_eq!(txs(&f), expected(has), "{name}");
    f
}

const ALL: Has = Has {
    item: true,
    approval: true,
    kind: true,
};
const ITEM_NO: Has = Has {
    item: true,
    approval: true,
    kind: false,
};

#[test]
fn kt_style_utf8_csv_with_title_period_total_and_note() {
    let f = check("kt_utf8.csv", Format::Csv, TextEncoding::Utf8, ALL);
    assert_eq!(f.delimiter, Some(','));
    assert_eq!(f.header_row, 4);
    assert_eq!(
        f.transactions
            .iter()
            .map(|t| t.source_row)
            .collect::<Vec<_>>(),
        [5, 6, 7, 8, 9]
    );
    let skipped: Vec<_> = f.skipped.iter().map(|s| (s.row, s.reason)).collect();
    assert_eq!(skipped, [(10, SkipReason::Total), (11, SkipReason::Note)]);
    assert!(f.transactions[1].is_auto_payment());
}

#[test]
fn lgu_style_cp949_with_separate_korean_12_hour_time() {
    let f = check(
        "lgu_cp949.csv",
        Format::Csv,
        TextEncoding::Cp949,
        Has {
            item: true,
            approval: false,
            kind: false,
        },
    );
    assert_eq!(f.header_row, 2);
    assert_eq!(f.skipped.len(), 1);
    assert_eq!(f.skipped[0].reason, SkipReason::Total);
}

#[test]
fn utf8_bom_semicolon_and_negative_amounts() {
    let f = check(
        "bom_semicolon.csv",
        Format::Csv,
        TextEncoding::Utf8Bom,
        ITEM_NO,
    );
    assert_eq!(f.delimiter, Some(';'));
}

#[test]
fn tab_separated_compact_dates_and_won_sign() {
    let f = check("tab.tsv", Format::Csv, TextEncoding::Utf8, ITEM_NO);
    assert_eq!(f.delimiter, Some('\t'));
}

#[test]
fn english_headers_and_accounting_negatives() {
    check("english.csv", Format::Csv, TextEncoding::Utf8, ITEM_NO);
}

#[test]
fn korean_long_dates_short_years_and_weekday_markers() {
    check("korean_dates.csv", Format::Csv, TextEncoding::Utf8, ALL);
}

#[test]
fn xlsx_with_real_excel_dates_and_numbers() {
    check("pg_dates.xlsx", Format::Xlsx, TextEncoding::Workbook, ALL);
}

#[test]
fn xlsx_with_dates_and_amounts_as_text() {
    let f = check("pg_text.xlsx", Format::Xlsx, TextEncoding::Workbook, ALL);
    assert_eq!(f.header_row, 4);
    assert_eq!(
        f.skipped
            .iter()
            .map(|s| (s.row, s.reason))
            .collect::<Vec<_>>(),
        [(11, SkipReason::Total)]
    );
}

#[test]
fn xls_made_by_libreoffice() {
    check("pg_dates.xls", Format::Xls, TextEncoding::Workbook, ALL);
}

#[test]
fn ods_made_by_libreoffice() {
    check("pg_text.ods", Format::Ods, TextEncoding::Workbook, ALL);
}

#[test]
fn html_table_saved_as_xls_in_utf8_and_euc_kr() {
    check("html_utf8.xls", Format::Html, TextEncoding::Utf8, ITEM_NO);
    let f = check("html_euckr.xls", Format::Html, TextEncoding::Cp949, ITEM_NO);
    assert_eq!(
        f.skipped.iter().map(|s| s.reason).collect::<Vec<_>>(),
        [SkipReason::Total]
    );
}

#[test]
fn utf16_tab_text_from_excel() {
    check(
        "utf16.txt",
        Format::Csv,
        TextEncoding::Utf16Le,
        Has {
            item: false,
            approval: false,
            kind: false,
        },
    );
}

#[test]
fn column_profile_maps_what_detection_cannot() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profile_needed.csv");
    assert_eq!(
        import_path(&path, None).err(),
        Some(soaek_import::FileError::NoHeader)
    );
    let text = std::fs::read_to_string(path.with_extension("toml")).unwrap();
    let profile = Profile::from_toml(&text).unwrap();
    let f = read("profile_needed.csv", Some(&profile));
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(
        txs(&f),
        expected(Has {
            item: false,
            approval: false,
            kind: false
        })
    );
}

#[test]
fn bad_rows_name_row_column_and_reason() {
    let f = read("bad/bad_rows.csv", None);
    assert_eq!(f.transactions.len(), 2);
    let lines: Vec<String> = f
        .errors
        .iter()
        .map(|e| e.render("bad_rows.csv", soaek_import::Lang::Ko))
        .collect();
    assert_eq!(
        lines,
        [
            "bad_rows.csv:4:결제금액 [C]: 금액을 읽을 수 없습니다: \"5O,000\"",
            "bad_rows.csv:5:결제일시 [A]: 날짜를 읽을 수 없습니다: \"2025-05-32 12:00:00\"",
            "bad_rows.csv:6:상태 [D]: 알 수 없는 거래상태입니다: \"보류\"",
        ]
    );
    let en = f.errors[0].render("bad_rows.csv", soaek_import::Lang::En);
    assert_eq!(en, "bad_rows.csv:4:결제금액 [C]: not an amount: \"5O,000\"");
}
