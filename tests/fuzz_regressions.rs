//! The fuzzers' seed corpus and every crash they found (`fuzz/regressions/`), run
//! through the same entry points as the fuzz targets: `cargo test` proves none panics.
//! The fuzzer itself runs by hand (`fuzz/README.md`), not in CI.

use soaek::import::{fields, import_bytes, rows::RowParser, sniff, table, Format};
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Every entry point a fuzz target calls, on `data`.
fn all_targets(data: &[u8]) {
    let _ = import_bytes(data, None);
    let _ = sniff::sniff_workbook(data);
    if let Ok((text, _)) = sniff::decode_text(data) {
        let _ = sniff::is_binary_text(&text);
        let _ = sniff::sniff_delimiter(&text);
    }
    for format in [Format::Xlsx, Format::Ods, Format::Xls] {
        let _ = table::workbook::read(
            data,
            format,
            || RowParser::new(None),
            RowParser::found_header,
        );
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = table::csv::read(
            text,
            sniff::sniff_delimiter(text),
            &mut RowParser::new(None),
        );
        let _ = table::html::read(text, &mut RowParser::new(None));
        let _ = fields::parse_datetime(text);
        let _ = fields::parse_time(text);
        let _ = fields::parse_amount(text);
        let _ = fields::parse_status(text);
        let _ = soaek_merchants::Rules::parse(text);
    }
}

#[test]
fn the_seed_corpus_and_past_crashes_do_not_panic() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut seen = 0;
    for dir in files(&fuzz.join("corpus"))
        .into_iter()
        .chain([fuzz.join("regressions")])
    {
        for file in files(&dir) {
            all_targets(&std::fs::read(&file).unwrap());
            seen += 1;
        }
    }
    assert!(seen >= 60, "only {seen} corpus files");
}
