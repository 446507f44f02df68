//! Delimited text with header detection and row parsing, on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use soaek_import::rows::RowParser;
use soaek_import::{sniff, table};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parser = RowParser::new(None);
    let _ = table::csv::read(text, sniff::sniff_delimiter(text), &mut parser);
});
