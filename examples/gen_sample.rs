//! Generates `sample_data/`: synthetic statements of one persona (김소액, 15 months,
//! 2024-09 … 2025-11) in three export styles, and the independent monthly totals the
//! tests check `soaek analyze` against.
//!
//! `cargo run --example gen_sample -- sample_data tests/fixtures/sample_expected.json`
//!
//! The totals are counted here from the generator's own list of payments, not by
//! reading the files back, so they check the whole import → ledger → analysis path.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[path = "shared/rng.rs"]
mod rng;
use rng::Rng;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    /// 휴대폰 소액결제: the carrier's history (KT until 2025-05, LG U+ after).
    Carrier,
    /// 콘텐츠이용료: the PG's app-store billing history (.xlsx).
    Content,
}

#[derive(Clone)]
struct Payment {
    at: NaiveDateTime,
    merchant: &'static str,
    item: &'static str,
    amount: i64,
    channel: Channel,
    auto: bool,
    approval: String,
    /// (time, amount, partial)
    cancels: Vec<(NaiveDateTime, i64, bool)>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn at(d: NaiveDate, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    d.and_hms_opt(h, mi, s).expect("valid time")
}

const START: (i32, u32) = (2024, 9);
const MONTHS: i32 = 15;
const CARRIER_SWITCH: (i32, u32, u32) = (2025, 6, 1);

fn months() -> impl Iterator<Item = (i32, u32)> {
    (0..MONTHS).map(|k| {
        let i = START.0 * 12 + START.1 as i32 - 1 + k;
        (i / 12, (i % 12) as u32 + 1)
    })
}

fn last_day(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        date(y + 1, 1, 1)
    } else {
        date(y, m + 1, 1)
    };
    (next - Duration::days(1)).day()
}

type Catalogue = [(&'static str, &'static str, &'static [i64])];

/// One purchase from `catalogue` on a random day of the month, in the `hours` hours from
/// `first_hour`.
fn random_purchase(
    rng: &mut Rng,
    out: &mut Vec<Payment>,
    (y, m): (i32, u32),
    catalogue: &Catalogue,
    first_hour: u32,
    hours: u64,
    channel: Channel,
) {
    let (merchant, item, prices) = *rng.pick(catalogue);
    let day = 1 + rng.below(u64::from(last_day(y, m))) as u32;
    let t = at(
        date(y, m, day),
        first_hour + rng.below(hours) as u32,
        rng.below(60) as u32,
        rng.below(60) as u32,
    );
    let amount = *rng.pick(prices);
    out.push(Payment {
        at: t,
        merchant,
        item,
        amount,
        channel,
        auto: false,
        approval: String::new(),
        cancels: Vec::new(),
    });
}

fn generate() -> Vec<Payment> {
    let mut rng = Rng(0x5eed_50ae);
    let mut out: Vec<Payment> = Vec::new();
    let push =
        |out: &mut Vec<Payment>, at: NaiveDateTime, merchant, item, amount, channel, auto| {
            out.push(Payment {
                at,
                merchant,
                item,
                amount,
                channel,
                auto,
                approval: String::new(),
                cancels: Vec::new(),
            });
        };
    for (y, m) in months() {
        // Subscriptions.
        push(
            &mut out,
            at(date(y, m, 7), 9, 12, 40),
            "넷플릭스",
            "스탠다드 멤버십",
            13_500,
            Channel::Carrier,
            true,
        );
        let melon = if (y, m) >= (2025, 3) { 11_900 } else { 10_900 };
        push(
            &mut out,
            at(date(y, m, 15), 6, 30, 5),
            "멜론",
            "스트리밍 클럽",
            melon,
            Channel::Carrier,
            true,
        );
        push(
            &mut out,
            at(date(y, m, 3), 0, 4, 11),
            "Google Play",
            "YouTube Premium",
            14_900,
            Channel::Content,
            true,
        );
        push(
            &mut out,
            at(date(y, m, 20), 12, 1, 0),
            "Google Play",
            "Google One 100GB",
            2_400,
            Channel::Content,
            true,
        );
        if (y, m) <= (2025, 6) {
            push(
                &mut out,
                at(date(y, m, 25.min(last_day(y, m))), 10, 0, 0),
                "밀리의서재",
                "정기구독",
                9_900,
                Channel::Carrier,
                true,
            );
        }
        // Everyday purchases.
        let shops: [(&'static str, &'static str, &'static [i64]); 8] = [
            ("쿠팡", "로켓배송 주문", &[8_900, 12_800, 19_900, 27_500]),
            ("배달의민족", "배달 주문", &[15_000, 18_500, 23_000]),
            ("요기요", "배달 주문", &[14_000, 21_000]),
            ("11번가", "상품 주문", &[9_900, 32_000]),
            ("G마켓", "상품 주문", &[11_000, 24_900]),
            ("무신사", "의류", &[39_000, 59_000]),
            ("카카오페이지", "캐시 충전", &[3_000, 5_000]),
            ("티머니", "모바일 티머니 충전", &[10_000, 20_000]),
        ];
        let seasonal = matches!((y, m), (2024, 9) | (2025, 1) | (2025, 10) | (2024, 12));
        let count = 4 + rng.below(3) + if seasonal { 5 } else { 0 };
        for _ in 0..count {
            random_purchase(&mut rng, &mut out, (y, m), &shops, 8, 14, Channel::Carrier);
        }
        if seasonal {
            // 명절 and year-end gifts: gift certificates.
            for (merchant, item) in [
                ("컬쳐랜드", "문화상품권 5만원권"),
                ("해피머니", "해피머니 상품권"),
            ] {
                let t = at(
                    date(y, m, 8 + rng.below(10) as u32),
                    19,
                    rng.below(60) as u32,
                    0,
                );
                push(&mut out, t, merchant, item, 50_000, Channel::Carrier, false);
            }
        }
        // In-app purchases on the content bill.
        let apps: [(&'static str, &'static str, &'static [i64]); 4] = [
            (
                "Google Play",
                "메이플스토리M 아이템",
                &[1_100, 4_400, 11_000, 33_000],
            ),
            ("Google Play", "카카오웹툰 캐시", &[3_300, 5_500]),
            ("App Store", "리니지M 패키지", &[11_000, 55_000]),
            ("원스토어", "원스토어 캐시", &[5_000, 10_000]),
        ];
        for _ in 0..(2 + rng.below(3)) {
            random_purchase(&mut rng, &mut out, (y, m), &apps, 13, 10, Channel::Content);
        }
        // Stream donations, two identical rows at the same second (two real payments).
        if m % 3 == 0 {
            let t = at(date(y, m, 11), 22, 41, 7);
            push(
                &mut out,
                t,
                "SOOP(아프리카TV)",
                "별풍선 100개",
                11_000,
                Channel::Carrier,
                false,
            );
            push(
                &mut out,
                t,
                "SOOP(아프리카TV)",
                "별풍선 100개",
                11_000,
                Channel::Carrier,
                false,
            );
        }
    }
    // A purchase on the last evening of January, cancelled on 2 February (crosses the month).
    push(
        &mut out,
        at(date(2025, 1, 31), 21, 5, 33),
        "11번가",
        "블루투스 이어폰",
        89_000,
        Channel::Carrier,
        false,
    );
    // A local shop no dictionary knows: left in 기타 on purpose, so the report shows the
    // uncategorized list.
    push(
        &mut out,
        at(date(2025, 5, 8), 18, 40, 2),
        "플라워마켓 꽃배달",
        "카네이션 꽃바구니",
        35_000,
        Channel::Carrier,
        false,
    );
    // Partial cancellation on the KT bill.
    push(
        &mut out,
        at(date(2025, 4, 10), 13, 20, 0),
        "G마켓",
        "생활용품 묶음",
        45_000,
        Channel::Carrier,
        false,
    );
    // A return on the LG U+ bill (no approval numbers there).
    push(
        &mut out,
        at(date(2025, 7, 10), 20, 15, 9),
        "무신사",
        "운동화",
        79_000,
        Channel::Carrier,
        false,
    );
    // Night burst of gift certificates and transit top-ups (fake-base-station pattern).
    let burst = [
        (1, 47, 12, "컬쳐랜드", "문화상품권 5만원권", 50_000),
        (1, 52, 40, "컬쳐랜드", "문화상품권 5만원권", 50_000),
        (2, 0, 3, "해피머니", "해피머니 상품권", 50_000),
        (
            2,
            6,
            55,
            "구글 기프트카드",
            "Google Play 기프트 코드",
            30_000,
        ),
        (
            2,
            13,
            21,
            "구글 기프트카드",
            "Google Play 기프트 코드",
            30_000,
        ),
        (2, 21, 48, "티머니", "모바일 티머니 충전", 20_000),
    ];
    for (h, mi, s, merchant, item, amount) in burst {
        push(
            &mut out,
            at(date(2025, 8, 14), h, mi, s),
            merchant,
            item,
            amount,
            Channel::Carrier,
            false,
        );
    }
    out.sort_by_key(|p| p.at);
    // Approval numbers (the LG U+ export shows none).
    for (i, p) in out.iter_mut().enumerate() {
        p.approval = format!(
            "{}{:02}{:02}{:05}",
            if p.channel == Channel::Content {
                "KG"
            } else {
                "KT"
            },
            p.at.year() % 100,
            p.at.month(),
            10_000 + i
        );
    }
    let find = |out: &mut Vec<Payment>, when: NaiveDateTime| -> usize {
        out.iter()
            .position(|p| p.at == when)
            .expect("planted payment")
    };
    let i = find(&mut out, at(date(2025, 1, 31), 21, 5, 33));
    out[i]
        .cancels
        .push((at(date(2025, 2, 2), 10, 3, 0), 89_000, false));
    let i = find(&mut out, at(date(2025, 4, 10), 13, 20, 0));
    out[i]
        .cancels
        .push((at(date(2025, 4, 12), 9, 0, 0), 15_000, true));
    let i = find(&mut out, at(date(2025, 7, 10), 20, 15, 9));
    out[i]
        .cancels
        .push((at(date(2025, 7, 12), 11, 30, 0), 79_000, false));
    // The user spots the burst and gets two of it cancelled within the month.
    let i = find(&mut out, at(date(2025, 8, 14), 1, 52, 40));
    out[i]
        .cancels
        .push((at(date(2025, 8, 16), 10, 0, 0), 50_000, false));
    let i = find(&mut out, at(date(2025, 8, 14), 2, 0, 3));
    out[i]
        .cancels
        .push((at(date(2025, 8, 16), 10, 5, 0), 50_000, false));
    // A refunded in-app purchase: a negative row with the same 거래번호 on the content bill.
    if let Some(p) = out
        .iter_mut()
        .find(|p| p.channel == Channel::Content && !p.auto && p.at.month() == 5)
    {
        let when = p.at + Duration::hours(20);
        let amount = p.amount;
        p.cancels.push((when, amount, false));
    }
    out
}

/// One row of an export: the approval or one of its cancellations.
struct Row<'a> {
    p: &'a Payment,
    at: NaiveDateTime,
    amount: i64,
    cancel: Option<bool>,
}

fn rows(payments: &[Payment], channel: Channel, from: NaiveDate, to: NaiveDate) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for p in payments.iter().filter(|p| p.channel == channel) {
        out.push(Row {
            p,
            at: p.at,
            amount: p.amount,
            cancel: None,
        });
        for &(t, amount, partial) in &p.cancels {
            out.push(Row {
                p,
                at: t,
                amount,
                cancel: Some(partial),
            });
        }
    }
    out.retain(|r| r.at.date() >= from && r.at.date() <= to);
    out.sort_by_key(|r| r.at);
    out
}

fn won(n: i64) -> String {
    soaek_import::Won(n).grouped()
}

/// KT style: UTF-8 CSV, one 결제일시 column, quoted "12,000", 상태 승인/취소/부분취소, 승인번호.
fn kt_csv(payments: &[Payment], from: NaiveDate, to: NaiveDate) -> String {
    let mut s = String::new();
    s += "KT 휴대폰 소액결제 이용내역\n";
    let _ = writeln!(s, "조회기간: {from} ~ {to}");
    s += "\n결제일시,가맹점명,상품명,결제금액,상태,승인번호,결제유형\n";
    let mut total = 0;
    for r in rows(payments, Channel::Carrier, from, to) {
        let status = match r.cancel {
            None => "승인",
            Some(true) => "부분취소",
            Some(false) => "취소",
        };
        total += if r.cancel.is_some() {
            -r.amount
        } else {
            r.amount
        };
        let kind = if r.p.auto {
            "월자동결제"
        } else {
            "일반결제"
        };
        let _ = writeln!(
            s,
            "{},{},{},\"{}\",{status},{},{kind}",
            r.at.format("%Y-%m-%d %H:%M:%S"),
            r.p.merchant,
            r.p.item,
            won(r.amount),
            r.p.approval
        );
    }
    let _ = writeln!(s, "합계,,,\"{}\",,,", won(total));
    s += "※ 본 내역은 조회 시점 기준이며 실제 청구 금액과 다를 수 있습니다.\n";
    s
}

/// LG U+ style: CP949 CSV, 이용일자 + 이용시간 (오전/오후), "12,000원", 구분 결제/취소, no approval number.
fn lgu_csv(payments: &[Payment], from: NaiveDate, to: NaiveDate) -> Vec<u8> {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "LG U+ 휴대폰결제 이용내역 (조회기간 {} ~ {})",
        from.format("%Y.%m.%d"),
        to.format("%Y.%m.%d")
    );
    s += "\r\n이용일자,이용시간,이용처,서비스명,이용금액,구분\r\n";
    let mut total = 0;
    for r in rows(payments, Channel::Carrier, from, to) {
        let (h, ampm) = match r.at.hour() {
            0 => (12, "오전"),
            h @ 1..=11 => (h, "오전"),
            12 => (12, "오후"),
            h => (h - 12, "오후"),
        };
        total += if r.cancel.is_some() {
            -r.amount
        } else {
            r.amount
        };
        let _ = write!(
            s,
            "{},{ampm} {h}:{:02}:{:02},{},{},\"{}원\",{}\r\n",
            r.at.format("%Y.%m.%d"),
            r.at.minute(),
            r.at.second(),
            r.p.merchant,
            r.p.item,
            won(r.amount),
            if r.cancel.is_some() {
                "취소"
            } else {
                "결제"
            }
        );
    }
    let _ = write!(s, "총 이용금액,,,,\"{}원\",\r\n", won(total));
    let (bytes, _, unmappable) = encoding_rs::EUC_KR.encode(&s);
    assert!(!unmappable, "sample text must be CP949");
    bytes.into_owned()
}

/// PG style: .xlsx of 콘텐츠이용료 with real Excel date cells and numeric amounts; refunds
/// as negative amounts with 결제취소.
fn content_xlsx(payments: &[Payment], from: NaiveDate, to: NaiveDate) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let _ = sheet.set_name("결제내역");
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let money = Format::new().set_num_format("#,##0");
    let write = |r: Result<&mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError>| {
        r.expect("xlsx cell");
    };
    write(sheet.write_string(0, 0, "콘텐츠이용료 결제내역 (KG모빌리언스)"));
    write(sheet.write_string(1, 0, format!("조회기간: {from} ~ {to}")));
    for (c, h) in [
        "거래일시",
        "서비스명",
        "상품명",
        "거래금액",
        "거래상태",
        "거래번호",
        "결제유형",
    ]
    .iter()
    .enumerate()
    {
        write(sheet.write_string(3, c as u16, *h));
    }
    for (row, r) in (4..).zip(rows(payments, Channel::Content, from, to)) {
        let t = r.at;
        let dt = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
            .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second()))
            .expect("excel date");
        write(sheet.write_datetime_with_format(row, 0, &dt, &date_fmt));
        write(sheet.write_string(row, 1, r.p.merchant));
        write(sheet.write_string(row, 2, r.p.item));
        let signed = if r.cancel.is_some() {
            -r.amount
        } else {
            r.amount
        };
        write(sheet.write_number_with_format(row, 3, signed as f64, &money));
        write(sheet.write_string(
            row,
            4,
            if r.cancel.is_some() {
                "결제취소"
            } else {
                "결제완료"
            },
        ));
        write(sheet.write_string(row, 5, &r.p.approval));
        write(sheet.write_string(
            row,
            6,
            if r.p.auto {
                "월자동결제"
            } else {
                "일반결제"
            },
        ));
    }
    book.save_to_buffer().expect("xlsx")
}

/// The monthly totals counted from the generator's own payments (rules 1 and 2), and
/// the persona's subscriptions (its automatic payments, per merchant and item) as of
/// the sample's as-of date, 2025-12-03.
fn expected(payments: &[Payment]) -> String {
    let mut months: BTreeMap<String, (i64, i64, u32)> = BTreeMap::new();
    for p in payments {
        let key = p.at.format("%Y-%m").to_string();
        let e = months.entry(key).or_default();
        e.0 += p.amount;
        e.2 += 1;
        for &(_, amount, _) in &p.cancels {
            e.1 += amount;
        }
    }
    let mut s = String::from("{\n  \"months\": [\n");
    let n = months.len();
    for (i, (m, (a, c, k))) in months.iter().enumerate() {
        let _ = writeln!(
            s,
            "    {{ \"month\": \"{m}\", \"approved\": {a}, \"cancelled\": {c}, \"net\": {}, \"payments\": {k} }}{}",
            a - c,
            if i + 1 < n { "," } else { "" }
        );
    }
    s += "  ],\n  \"subscriptions\": [\n";
    let mut subs: BTreeMap<(&str, &str), Vec<&Payment>> = BTreeMap::new();
    for p in payments.iter().filter(|p| p.auto) {
        subs.entry((p.merchant, p.item)).or_default().push(p);
    }
    let n = subs.len();
    for (i, ((merchant, item), charges)) in subs.iter().enumerate() {
        let (first, last) = (charges[0], charges[charges.len() - 1]);
        let changes: Vec<String> = charges
            .windows(2)
            .filter(|w| w[0].amount != w[1].amount)
            .map(|w| {
                format!(
                    "{{ \"date\": \"{}\", \"from\": {}, \"to\": {} }}",
                    w[1].at.date(),
                    w[0].amount,
                    w[1].amount
                )
            })
            .collect();
        // The sample ends with November 2025: a service last charged before it stopped.
        let status = if last.at.date() >= date(2025, 11, 1) {
            "active"
        } else {
            "stopped"
        };
        let _ = writeln!(
            s,
            "    {{ \"merchant\": \"{merchant}\", \"item\": \"{item}\", \"cadence\": \"monthly\", \"amount\": {}, \"occurrences\": {}, \"first_seen\": \"{}\", \"last_seen\": \"{}\", \"status\": \"{status}\", \"price_changes\": [{}] }}{}",
            last.amount,
            charges.len(),
            first.at.date(),
            last.at.date(),
            changes.join(", "),
            if i + 1 < n { "," } else { "" }
        );
    }
    s += "  ]\n}\n";
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).map_or("sample_data", String::as_str));
    let expected_path = args
        .get(2)
        .map_or("tests/fixtures/sample_expected.json", String::as_str);
    let payments = generate();
    let switch = date(CARRIER_SWITCH.0, CARRIER_SWITCH.1, CARRIER_SWITCH.2);
    std::fs::create_dir_all(dir).expect("output folder");
    let write =
        |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write sample");
    // Two overlapping KT exports (each at most 6 months, as the carrier allows).
    write(
        "kt_2024-09_2025-02.csv",
        kt_csv(&payments, date(2024, 9, 1), date(2025, 2, 28)).as_bytes(),
    );
    write(
        "kt_2024-12_2025-05.csv",
        kt_csv(&payments, date(2024, 12, 1), switch - Duration::days(1)).as_bytes(),
    );
    write(
        "lguplus_2025-06_2025-11.csv",
        &lgu_csv(&payments, switch, date(2025, 11, 30)),
    );
    write(
        "content_kgmobilians_2024-09_2025-11.xlsx",
        &content_xlsx(&payments, date(2024, 9, 1), date(2025, 11, 30)),
    );
    std::fs::write(expected_path, expected(&payments)).expect("write expected totals");
    let cancels: usize = payments.iter().map(|p| p.cancels.len()).sum();
    println!(
        "{} payments, {cancels} cancellations → {}",
        payments.len(),
        dir.display()
    );
}
