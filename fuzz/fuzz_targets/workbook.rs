//! .xlsx, .ods and .xls through calamine, then header detection and rows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use soaek_import::rows::RowParser;
use soaek_import::{table, Format};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Xlsx, Format::Ods, Format::Xls] {
        let _ = table::workbook::read(
            data,
            format,
            || RowParser::new(None),
            RowParser::found_header,
        );
    }
});
