//! Large realistic statements for benchmarks: any number of rows in the KT (UTF-8 CSV),
//! LG U+ (CP949 CSV) or PG (.xlsx with real Excel dates) style. A household's mix of
//! shops, app stores, delivery, gift cards and five monthly subscriptions (each on its
//! own day of the month, at dawn), about 3% of it cancelled (with the approval number),
//! times in KST, rows in time order.
//!
//! `cargo run --release --example gen_statement -- ROWS kt|cp949|xlsx OUT [--month YYYY-MM]
//! [--seed N] [--dense]`
//!
//! Without `--month` the rows spread over the 60 months up to 2025-11; with it they all
//! fall in that month (the "one more month" of an append benchmark).
//!
//! `--dense` is the other shape of statement (BENCHMARKS.md "dense"): 14 merchants (app
//! stores, games, gift cards, delivery, subscriptions), amounts anywhere from 100 to
//! 50,000 won in 100-won steps, one payment about every 5 minutes day and night up to
//! 2025-11, 3% cancelled with their own approval number.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use soaek::import::Won;
use std::io::Write;

#[path = "shared/rng.rs"]
mod rng;
use rng::Rng;

/// (merchant, item, typical amounts, is a monthly subscription)
const SHOPS: &[(&str, &str, &[i64], bool)] = &[
    ("쿠팡", "로켓배송", &[9_900, 12_000, 23_500, 45_000], false),
    ("11번가", "상품결제", &[15_000, 32_000, 8_900], false),
    ("G마켓", "상품", &[19_800, 27_000], false),
    ("무신사", "의류", &[39_000, 59_000, 89_000], false),
    ("배달의민족", "주문", &[18_000, 23_000, 31_000], false),
    ("요기요", "주문", &[16_500, 21_000], false),
    (
        "Google Play",
        "게임 아이템",
        &[1_200, 5_900, 11_000, 33_000],
        false,
    ),
    ("App Store", "앱 내 구입", &[1_100, 4_400, 12_000], false),
    ("원스토어", "캐시 충전", &[5_000, 10_000], false),
    ("컬쳐랜드", "문화상품권", &[10_000, 50_000], false),
    ("해피머니", "상품권", &[10_000, 30_000], false),
    ("티머니", "교통카드 충전", &[10_000, 20_000], false),
    ("카카오페이지", "캐시", &[3_000, 10_000], false),
    ("멜론", "스트리밍 클럽", &[10_900], true),
    ("넷플릭스", "스탠다드 멤버십", &[13_500], true),
    ("Google Play", "YouTube Premium", &[14_900], true),
    ("쿠팡", "와우 멤버십", &[7_890], true),
    ("밀리의서재", "정기구독", &[9_900], true),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_statement ROWS kt|cp949|xlsx OUT [--month YYYY-MM] [--seed N]";
    let (Some(rows), Some(style), Some(out)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let rows: usize = rows.replace('_', "").parse().expect(usage);
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let seed: u64 = flag("--seed").map_or(1, |s| s.parse().expect(usage));
    let (start, days) = match flag("--month") {
        Some(m) => {
            let first = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").expect(usage);
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .expect(usage);
            (first, (next - first).num_days())
        }
        None => {
            let first = NaiveDate::from_ymd_opt(2020, 12, 1).unwrap();
            (
                first,
                (NaiveDate::from_ymd_opt(2025, 12, 1).unwrap() - first).num_days(),
            )
        }
    };
    let payments = if args.iter().any(|a| a == "--dense") {
        dense(rows, seed)
    } else {
        generate(rows, seed, start, days)
    };
    match style.as_str() {
        "kt" => write(out, kt(&payments).as_bytes()),
        "cp949" => write(out, &encoding_rs::EUC_KR.encode(&lgu(&payments)).0),
        "xlsx" => write(out, &xlsx(&payments)),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }
}

fn write(path: &str, bytes: &[u8]) {
    let mut f = std::fs::File::create(path).expect("cannot create the output");
    f.write_all(bytes).expect("cannot write the output");
}

struct Payment {
    at: NaiveDateTime,
    merchant: &'static str,
    item: &'static str,
    amount: i64,
    cancelled: bool,
    no: String,
}

fn generate(rows: usize, seed: u64, start: NaiveDate, days: i64) -> Vec<Payment> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let origin = start.and_hms_opt(0, 0, 0).unwrap();
    let end = origin + Duration::days(days);
    let mut out: Vec<Payment> = Vec::with_capacity(rows);
    let push = |out: &mut Vec<Payment>, at, merchant, item, amount, rng: &mut Rng| {
        let no = format!("{seed:02}{:010}", out.len());
        out.push(Payment {
            at,
            merchant,
            item,
            amount,
            cancelled: false,
            no,
        });
        // About 3% cancelled later, with the approval number.
        if rng.below(100) < 3 && out.len() < rows {
            let original = &out[out.len() - 1];
            out.push(Payment {
                at: original.at + Duration::minutes(rng.below(600) as i64 + 1),
                merchant: original.merchant,
                item: original.item,
                amount: original.amount,
                cancelled: true,
                no: original.no.clone(),
            });
        }
    };
    // The household's subscriptions: each renews at dawn on its own day of every month.
    for &(merchant, item, amounts, _) in SHOPS.iter().filter(|s| s.3) {
        let day = 1 + rng.below(28) as u32;
        let mut month = start.with_day(1).unwrap();
        while out.len() < rows {
            let Some(d) = month.with_day(day) else { break };
            let at = d
                .and_hms_opt(5, rng.below(60) as u32, rng.below(60) as u32)
                .unwrap();
            if at >= end {
                break;
            }
            if at >= origin {
                push(&mut out, at, merchant, item, amounts[0], &mut rng);
            }
            month = month.checked_add_months(chrono::Months::new(1)).unwrap();
        }
    }
    // Everything else follows the day: few payments at night, most in the evening.
    let shops: Vec<_> = SHOPS.iter().filter(|s| !s.3).collect();
    let hour_weights = [
        1, 0, 0, 0, 0, 0, 1, 2, 3, 4, 4, 5, 6, 5, 4, 4, 5, 6, 7, 8, 8, 7, 5, 3,
    ];
    let total: u64 = hour_weights.iter().sum();
    while out.len() < rows {
        let &&(merchant, item, amounts, _) = rng.pick(&shops);
        let amount = *rng.pick(amounts);
        let mut pick = rng.below(total);
        let hour = hour_weights
            .iter()
            .position(|&w| {
                if pick < w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .unwrap_or(12) as i64;
        let at = origin
            + Duration::days(rng.below(days as u64) as i64)
            + Duration::hours(hour)
            + Duration::seconds(rng.below(3_600) as i64);
        push(
            &mut out,
            at.min(end - Duration::seconds(1)),
            merchant,
            item,
            amount,
            &mut rng,
        );
    }
    out.sort_by_key(|a| a.at);
    out
}

/// The dense statement: a payment about every 5 minutes (more often past a million
/// rows, to stay within ten years), any amount, 14 merchants.
fn dense(rows: usize, seed: u64) -> Vec<Payment> {
    const MERCHANTS: [(&str, &str); 14] = [
        ("Google Play", "게임 아이템"),
        ("App Store", "앱 내 구입"),
        ("원스토어", "캐시 충전"),
        ("넥슨", "캐시"),
        ("엔씨소프트", "리니지 다이아"),
        ("넷마블", "패키지"),
        ("컬쳐랜드", "문화상품권"),
        ("해피머니", "상품권"),
        ("구글 기프트카드", "기프트카드"),
        ("배달의민족", "주문"),
        ("요기요", "주문"),
        ("쿠팡이츠", "주문"),
        ("넷플릭스", "멤버십"),
        ("멜론", "스트리밍 클럽"),
    ];
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let end = NaiveDate::from_ymd_opt(2025, 12, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    // Every 5 minutes, closer together when that would reach back more than ten years
    // (statements older than 1990 are refused as misread dates).
    let step = (10 * 365 * 86_400 / rows.max(1) as i64).clamp(1, 300);
    let start = end - Duration::seconds(step * rows as i64);
    let mut out: Vec<Payment> = Vec::with_capacity(rows);
    let mut i = 0i64;
    while out.len() < rows {
        let at = start + Duration::seconds(step * i + rng.below(step as u64) as i64);
        i += 1;
        let &(merchant, item) = rng.pick(&MERCHANTS);
        let amount = 100 * (1 + rng.below(500) as i64);
        out.push(Payment {
            at,
            merchant,
            item,
            amount,
            cancelled: false,
            no: format!("{seed:02}{:010}", out.len()),
        });
        if rng.below(100) < 3 && out.len() < rows {
            out.push(Payment {
                at: at + Duration::seconds(30),
                merchant,
                item,
                amount,
                cancelled: true,
                no: format!("{seed:02}{:010}", out.len()),
            });
        }
    }
    out
}

fn kt(payments: &[Payment]) -> String {
    let mut s = String::from("결제일시,가맹점명,상품명,결제금액,상태,승인번호\n");
    for p in payments {
        s += &format!(
            "{},{},{},\"{}\",{},{}\n",
            p.at.format("%Y-%m-%d %H:%M:%S"),
            p.merchant,
            p.item,
            Won(p.amount).grouped(),
            if p.cancelled { "취소" } else { "승인" },
            p.no
        );
    }
    s
}

fn lgu(payments: &[Payment]) -> String {
    let mut s = String::from(
        "LG U+ 휴대폰결제 이용내역\n\n거래일시,사용처,서비스,이용금액,거래구분,거래번호\n",
    );
    for p in payments {
        s += &format!(
            "{},{},{},\"{}원\",{},{}\n",
            p.at.format("%Y.%m.%d %H:%M"),
            p.merchant,
            p.item,
            Won(p.amount).grouped(),
            if p.cancelled {
                "결제취소"
            } else {
                "결제"
            },
            p.no
        );
    }
    s
}

fn xlsx(payments: &[Payment]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, h) in [
        "결제일시",
        "가맹점명",
        "상품명",
        "결제금액",
        "상태",
        "승인번호",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, p) in payments.iter().enumerate() {
        let r = i as u32 + 1;
        let t =
            ExcelDateTime::parse_from_str(&p.at.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap();
        sheet.write_datetime_with_format(r, 0, &t, &date).unwrap();
        sheet.write_string(r, 1, p.merchant).unwrap();
        sheet.write_string(r, 2, p.item).unwrap();
        sheet.write_number(r, 3, p.amount as f64).unwrap();
        sheet
            .write_string(r, 4, if p.cancelled { "취소" } else { "승인" })
            .unwrap();
        sheet.write_string(r, 5, &p.no).unwrap();
    }
    book.save_to_buffer().unwrap()
}
