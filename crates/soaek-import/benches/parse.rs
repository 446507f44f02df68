//! Criterion benchmarks of the import hot paths: sniffing and decoding, CSV rows through
//! header detection and parsing, the date/amount/status parsers, and the xlsx read.
//! `cargo bench -p soaek-import` (results in target/criterion). End-to-end numbers
//! against hledger and polars: bench/compare.sh and BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use soaek_import::{fields, import_bytes, sniff};
use std::hint::black_box;

const ROWS: usize = 20_000;

/// A KT-style statement of `ROWS` rows, as UTF-8 text.
fn kt_csv() -> String {
    let mut s = String::from("결제일시,가맹점명,상품명,결제금액,상태,승인번호\n");
    let shops = [
        "쿠팡",
        "배달의민족",
        "Google Play",
        "컬쳐랜드",
        "넷플릭스",
        "11번가",
    ];
    for i in 0..ROWS {
        s += &format!(
            "2025-{:02}-{:02} {:02}:{:02}:{:02},{},상품{},\"{},{:03}\",{},A{i}\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 60,
            (i * 7) % 60,
            shops[i % shops.len()],
            i % 97,
            i % 90 + 1,
            (i * 100) % 1000,
            if i % 31 == 0 { "취소" } else { "승인" },
        );
    }
    s
}

fn xlsx(csv: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in csv.lines().take(5_001).enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet
                .write_string(r as u32, c as u16, cell.trim_matches('"'))
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn benches(c: &mut Criterion) {
    let text = kt_csv();
    let utf8 = text.as_bytes().to_vec();
    let cp949 = encoding_rs::EUC_KR.encode(&text).0.into_owned();

    let mut g = c.benchmark_group("sniff_decode");
    g.throughput(Throughput::Bytes(utf8.len() as u64));
    g.bench_function("utf8", |b| b.iter(|| sniff::decode_text(black_box(&utf8))));
    g.bench_function("cp949", |b| {
        b.iter(|| sniff::decode_text(black_box(&cp949)))
    });
    g.finish();

    let mut g = c.benchmark_group("csv_rows");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("utf8", |b| b.iter(|| import_bytes(black_box(&utf8), None)));
    g.bench_function("cp949", |b| {
        b.iter(|| import_bytes(black_box(&cp949), None))
    });
    g.finish();

    let dates = [
        "2025-05-11 14:23:01",
        "2025.05.11",
        "2025/05/11 14:23",
        "20250511",
        "2025년 5월 11일 오후 2:23",
    ];
    let amounts = [
        "12000",
        "12,000",
        "\"12,000원\"",
        "₩12,000",
        "-3,300",
        "(3,300)",
    ];
    let mut g = c.benchmark_group("fields");
    g.bench_function("dates", |b| {
        b.iter(|| dates.map(|d| fields::parse_datetime(black_box(d))))
    });
    g.bench_function("amounts", |b| {
        b.iter(|| amounts.map(|a| fields::parse_amount(black_box(a))))
    });
    g.bench_function("status", |b| {
        b.iter(|| ["승인", "결제취소", "부분취소"].map(|s| fields::parse_status(black_box(s))))
    });
    g.finish();

    let book = xlsx(&text);
    let mut g = c.benchmark_group("xlsx");
    g.sample_size(20);
    g.throughput(Throughput::Elements(5_000));
    g.bench_function("read_5000_rows", |b| {
        b.iter(|| import_bytes(black_box(&book), None))
    });
    g.finish();
}

criterion_group!(import, benches);
criterion_main!(import);
