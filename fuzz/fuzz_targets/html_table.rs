//! HTML tables (the .xls files Korean sites save), header detection and rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use soaek_import::rows::RowParser;
use soaek_import::table;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parser = RowParser::new(None);
    let _ = table::html::read(text, &mut parser);
});
