//! Property: random transactions written as a statement (UTF-8 CSV, CP949 CSV, xlsx) and
//! imported again come back exactly.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use soaek_import::{import_bytes, Billing, Stamp, Status, Transaction, Won};

const PIECES: [&str; 12] = [
    "쿠팡",
    "멜론",
    "컬쳐랜드",
    "Google Play",
    "11번가",
    "(주)한국문화진흥",
    "A, B",
    "say \"hi\"",
    "넥슨 코리아",
    "티머니",
    "똠방각하",
    "Ltd.",
];

fn tx() -> impl Strategy<Value = Transaction> {
    (
        (
            2020i32..2031,
            1u32..13,
            1u32..29,
            0u32..24,
            0u32..60,
            0u32..60,
        ),
        proptest::collection::vec(0usize..PIECES.len(), 1..3),
        proptest::option::of(0usize..PIECES.len()),
        0i64..10_000_000,
        0usize..4,
        proptest::option::of("[0-9A-Z]{1,12}"),
        proptest::option::of(prop_oneof![Just("일반결제"), Just("월자동결제")]),
        proptest::option::of(any::<bool>()),
        proptest::option::of(prop_oneof![
            Just("010-****-1234"),
            Just("011-***-5678"),
            Just("민준"),
        ]),
    )
        .prop_map(
            |(
                (y, mo, d, h, mi, s),
                merchant,
                item,
                amount,
                status,
                approval,
                kind,
                content,
                line,
            )| {
                let at = NaiveDate::from_ymd_opt(y, mo, d)
                    .unwrap()
                    .and_hms_opt(h, mi, s)
                    .unwrap();
                let mut t = Transaction {
                    stamp: Stamp::new(at, true, Status::ALL[status]),
                    merchant: merchant
                        .iter()
                        .map(|&i| PIECES[i])
                        .collect::<Vec<_>>()
                        .join(" ")
                        .into(),
                    item: item.map(|i| format!("{} 상품", PIECES[i]).into()),
                    amount: Won(amount),
                    approval_no: approval.map(Into::into),
                    billing: None,
                    source_row: 0,
                    repeat: 0,
                };
                t.set_billing(Billing {
                    pay_kind: kind.map(Into::into),
                    content,
                    line: line.map(Into::into),
                });
                t
            },
        )
}

const HEADER: [&str; 9] = [
    "결제일시",
    "가맹점명",
    "상품명",
    "결제금액",
    "상태",
    "승인번호",
    "결제유형",
    "결제수단",
    "휴대폰번호",
];

/// The 결제수단 cell that says which cap bills the payment.
fn billing(t: &Transaction) -> &'static str {
    match t.content() {
        Some(true) => "콘텐츠이용료",
        Some(false) => "휴대폰 소액결제",
        None => "",
    }
}

fn csv_text(txs: &[Transaction]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).unwrap();
    for t in txs {
        w.write_record([
            t.at().format("%Y-%m-%d %H:%M:%S").to_string(),
            t.merchant.to_string(),
            t.item.as_deref().unwrap_or_default().to_string(),
            t.amount.grouped(),
            t.status().korean().to_string(),
            t.approval_no.as_deref().unwrap_or_default().to_string(),
            t.pay_kind().unwrap_or_default().to_string(),
            billing(t).to_string(),
            t.line().unwrap_or_default().to_string(),
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn xlsx(txs: &[Transaction]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, t) in txs.iter().enumerate() {
        let row = r as u32 + 1;
        let at: NaiveDateTime = t.at();
        let dt = ExcelDateTime::from_ymd(at.year() as u16, at.month() as u8, at.day() as u8)
            .unwrap()
            .and_hms(at.hour() as u16, at.minute() as u8, at.second())
            .unwrap();
        sheet.write_datetime_with_format(row, 0, &dt, &fmt).unwrap();
        sheet.write_string(row, 1, &*t.merchant).unwrap();
        if let Some(i) = &t.item {
            sheet.write_string(row, 2, &**i).unwrap();
        }
        sheet.write_number(row, 3, t.amount.0 as f64).unwrap();
        sheet.write_string(row, 4, t.status().korean()).unwrap();
        if let Some(a) = &t.approval_no {
            sheet.write_string(row, 5, a.as_str()).unwrap();
        }
        if let Some(k) = t.pay_kind() {
            sheet.write_string(row, 6, k).unwrap();
        }
        if t.content().is_some() {
            sheet.write_string(row, 7, billing(t)).unwrap();
        }
        if let Some(l) = t.line() {
            sheet.write_string(row, 8, l).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn without_rows(mut txs: Vec<Transaction>) -> Vec<Transaction> {
    for t in &mut txs {
        t.source_row = 0;
    }
    txs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn written_statements_import_to_the_same_transactions(txs in proptest::collection::vec(tx(), 1..30)) {
        let text = csv_text(&txs);
        let utf8 = import_bytes(text.as_bytes(), None).unwrap();
        prop_assert!(utf8.errors.is_empty(), "{:?}", utf8.errors);
        prop_assert_eq!(without_rows(utf8.transactions), txs.clone());

        let (cp949, _, unmappable) = encoding_rs::EUC_KR.encode(&text);
        prop_assert!(!unmappable);
        let cp = import_bytes(&cp949, None).unwrap();
        prop_assert_eq!(cp.encoding, soaek_import::TextEncoding::Cp949);
        prop_assert_eq!(without_rows(cp.transactions), txs.clone());

        let book = import_bytes(&xlsx(&txs), None).unwrap();
        prop_assert!(book.errors.is_empty(), "{:?}", book.errors);
        prop_assert_eq!(without_rows(book.transactions), txs);
    }
}
