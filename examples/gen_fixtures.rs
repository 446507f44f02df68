//! Writes the import fixtures in `tests/fixtures/`: the same five payments in every
//! export style the spec lists. `.xls` and `.ods` are made from the `.xlsx` files by
//! LibreOffice (`tests/fixtures/make.sh`), so they are real files of those formats.
//!
//! `cargo run --example gen_fixtures -- tests/fixtures`

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// (date, time, merchant, item, amount, status, approval, kind)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
);

const ROWS: [Row; 5] = [
    (
        "2025-05-11",
        "14:23:01",
        "쿠팡",
        "로켓배송",
        12_000,
        "승인",
        "1001",
        "일반결제",
    ),
    (
        "2025-05-12",
        "00:05:09",
        "멜론",
        "스트리밍 클럽",
        10_900,
        "승인",
        "1002",
        "월자동결제",
    ),
    (
        "2025-05-20",
        "09:30:00",
        "컬쳐랜드",
        "문화상품권",
        50_000,
        "승인",
        "1003",
        "일반결제",
    ),
    (
        "2025-05-21",
        "18:00:00",
        "컬쳐랜드",
        "문화상품권",
        50_000,
        "취소",
        "1003",
        "일반결제",
    ),
    (
        "2025-06-01",
        "12:00:00",
        "구글플레이",
        "아이템",
        3_300,
        "승인",
        "1004",
        "일반결제",
    ),
];

fn won(n: i64) -> String {
    soaek_import::Won(n).grouped()
}

fn ampm(time: &str) -> String {
    let h: u32 = time[..2].parse().expect("hour");
    let rest = &time[2..];
    match h {
        0 => format!("오전 12{rest}"),
        1..=11 => format!("오전 {h}{rest}"),
        12 => format!("오후 12{rest}"),
        _ => format!("오후 {}{rest}", h - 12),
    }
}

fn compact(s: &str) -> String {
    s.replace(['-', ':'], "")
}

fn cp949(s: &str) -> Vec<u8> {
    let (b, _, bad) = encoding_rs::EUC_KR.encode(s);
    assert!(!bad);
    b.into_owned()
}

fn html(charset: &str) -> String {
    let mut s = format!(
        "<html>\n<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"><title>이용내역</title></head>\n<body>\n<h3>휴대폰 결제내역</h3>\n<table border=\"1\">\n<tr><th>결제일시</th><th>사용처</th><th>상품</th><th>결제금액(원)</th><th>결제상태</th><th>주문번호</th></tr>\n"
    );
    for (d, t, m, i, a, st, no, _) in ROWS {
        s += &format!("<tr><td>{d} {t}</td><td>{m}</td><td>{i}</td><td>{}</td><td>{}</td><td>{no}</td></tr>\n", won(a), if st == "취소" { "결제취소" } else { "결제완료" });
    }
    s += "<tr><td colspan=\"3\">합계</td><td>25,200</td><td></td><td></td></tr>\n</table>\n<p>※ 조회 결과</p>\n</body></html>\n";
    s
}

fn xlsx(real_dates: bool) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet: &mut Worksheet = book.add_worksheet();
    sheet.write_string(0, 0, "PG 결제내역")?;
    sheet.write_string(1, 0, "조회기간 2025-05-01 ~ 2025-06-30")?;
    let header = [
        "거래일시",
        "가맹점명",
        "상품명",
        "거래금액",
        "거래상태",
        "거래번호",
        "결제유형",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(3, c as u16, *h)?;
    }
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (r, (d, t, m, i, a, st, no, kind)) in ROWS.iter().enumerate() {
        let row = 4 + r as u32;
        if real_dates {
            let p = |s: &str, a: usize, b: usize| s[a..b].parse::<u16>().expect("digits");
            let dt = ExcelDateTime::from_ymd(p(d, 0, 4), p(d, 5, 7) as u8, p(d, 8, 10) as u8)?
                .and_hms(p(t, 0, 2), p(t, 3, 5) as u8, p(t, 6, 8))?;
            sheet.write_datetime_with_format(row, 0, &dt, &date_fmt)?;
            sheet.write_number(row, 3, *a as f64)?;
            sheet.write_number(row, 5, no.parse::<f64>().expect("number"))?;
        } else {
            sheet.write_string(row, 0, format!("{} {}", d.replace('-', "."), ampm(t)))?;
            sheet.write_string(row, 3, format!("{}원", won(*a)))?;
            sheet.write_string(row, 5, *no)?;
        }
        sheet.write_string(row, 1, *m)?;
        sheet.write_string(row, 2, *i)?;
        sheet.write_string(
            row,
            4,
            if *st == "취소" {
                "결제취소"
            } else {
                "결제완료"
            },
        )?;
        sheet.write_string(row, 6, *kind)?;
    }
    sheet.write_string(10, 0, "합계")?;
    sheet.write_number(10, 3, 25_200.0)?;
    book.save_to_buffer()
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures".into());
    let dir = Path::new(&dir);
    let w =
        |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write fixture");

    // 1. KT style: UTF-8, comma, title + period + blank line, quoted "12,000", totals and a note.
    let mut s = String::from("KT 휴대폰 소액결제 이용내역\n조회기간: 2025-05-01 ~ 2025-06-30\n\n결제일시,가맹점명,상품명,결제금액,상태,승인번호,결제유형\n");
    for (d, t, m, i, a, st, no, k) in ROWS {
        s += &format!("{d} {t},{m},{i},\"{}\",{st},{no},{k}\n", won(a));
    }
    s += "합계,,,\"25,200\",,,\n※ 본 내역은 조회 시점 기준입니다.\n";
    w("kt_utf8.csv", s.as_bytes());

    // 2. LG U+ style: CP949, CRLF, separate 이용시간 in 오전/오후, "12,000원", 구분 결제/취소, no number.
    let mut s = String::from(
        "LG U+ 휴대폰결제 이용내역\r\n이용일자,이용시간,이용처,서비스명,이용금액,구분\r\n",
    );
    for (d, t, m, i, a, st, _, _) in ROWS {
        s += &format!(
            "{},{},{m},{i},\"{}원\",{}\r\n",
            d.replace('-', "."),
            ampm(t),
            won(a),
            if st == "취소" { "취소" } else { "결제" }
        );
    }
    s += "총 이용금액,,,,\"25,200원\",\r\n";
    w("lgu_cp949.csv", &cp949(&s));

    // 3. UTF-8 with BOM, semicolon, 2025/05/11 14:23:01, negative amount instead of a status.
    let mut s = String::from("\u{feff}거래일시;이용처;상품내용;거래금액;거래번호\n");
    for (d, t, m, i, a, st, no, _) in ROWS {
        let a = if st == "취소" { -a } else { a };
        s += &format!("{} {t};{m};{i};{};{no}\n", d.replace('-', "/"), won(a));
    }
    w("bom_semicolon.csv", s.as_bytes());

    // 4. Tab-separated, 20250511 + 142301 in two columns, ₩ amounts, 거래구분.
    let mut s = String::from("거래일자\t거래시간\t가맹점\t상품\t금액\t거래구분\t승인번호\n");
    for (d, t, m, i, a, st, no, _) in ROWS {
        s += &format!(
            "{}\t{}\t{m}\t{i}\t₩{}\t{st}\t{no}\n",
            compact(d),
            compact(t),
            won(a),
        );
    }
    w("tab.tsv", s.as_bytes());

    // 5. English headers, accounting negatives "(50,000)".
    let mut s = String::from("Date,Time,Merchant,Item,Amount,Status,Approval No.\n");
    for (d, t, m, i, a, st, no, _) in ROWS {
        let (amount, status) = if st == "취소" {
            (format!("\"({})\"", won(a)), "Cancelled")
        } else {
            (format!("\"{}\"", won(a)), "Approved")
        };
        s += &format!("{d},{t},{m},{i},{amount},{status},{no}\n");
    }
    w("english.csv", s.as_bytes());

    // 6. Korean long dates in one column with 오전/오후, 25-05-11 short years, 결제유형.
    let mut s = String::from("이용일시,서비스명,내용,이용금액,결제상태,주문번호,결제유형\n");
    for (k, (d, t, m, i, a, st, no, kind)) in ROWS.iter().enumerate() {
        let (y, mo, da) = (
            &d[..4],
            d[5..7].trim_start_matches('0'),
            d[8..].trim_start_matches('0'),
        );
        let date = match k % 3 {
            0 => format!("{y}년 {mo}월 {da}일 {}", ampm(t)),
            1 => format!("{}-{}-{} {t}", &d[2..4], &d[5..7], &d[8..]),
            _ => format!("{}.{}.{}(월) {}", y, &d[5..7], &d[8..], ampm(t)),
        };
        s += &format!(
            "{date},{m},{i},{a},{},{no},{kind}\n",
            if *st == "취소" {
                "승인취소"
            } else {
                "결제완료"
            }
        );
    }
    w("korean_dates.csv", s.as_bytes());

    // 7–8. PG-style workbooks: real Excel dates and numbers; text dates and text amounts.
    w("pg_dates.xlsx", &xlsx(true).expect("xlsx"));
    w("pg_text.xlsx", &xlsx(false).expect("xlsx"));

    // 11–12. HTML tables saved as .xls, UTF-8 and EUC-KR.
    w("html_utf8.xls", html("utf-8").as_bytes());
    w("html_euckr.xls", &cp949(&html("euc-kr")));

    // 13. Odd headers that need a column profile.
    let mut s = String::from("사용일,사용시각,제공업체,청구액,비고\n");
    for (d, t, m, _, a, st, _, _) in ROWS {
        let a = if st == "취소" { -a } else { a };
        s += &format!("{},{},{m},{a},\n", compact(d), compact(t));
    }
    w("profile_needed.csv", s.as_bytes());
    w(
        "profile_needed.toml",
        b"# soaek column profile for profile_needed.csv\ndate_format = \"%Y%m%d\"\ntime_format = \"%H%M%S\"\n\n[columns]\ndate = \"\xec\x82\xac\xec\x9a\xa9\xec\x9d\xbc\"\ntime = 2\nmerchant = \"\xec\xa0\x9c\xea\xb3\xb5\xec\x97\x85\xec\xb2\xb4\"\namount = 4\n",
    );

    // 14. UTF-16LE with BOM, tab-separated (what Excel's "Unicode text" writes).
    let mut s = String::from("\u{feff}결제일시\t가맹점명\t결제금액\t상태\n");
    for (d, t, m, _, a, st, _, _) in ROWS {
        s += &format!("{d} {t}\t{m}\t{a}\t{st}\r\n");
    }
    let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    w("utf16.txt", &bytes);
    println!("fixtures written to {}", dir.display());
}
