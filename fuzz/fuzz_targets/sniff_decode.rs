//! Format sniffing and text decoding (BOM, UTF-8, CP949, UTF-16) on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use soaek_import::sniff;

fuzz_target!(|data: &[u8]| {
    let _ = sniff::sniff_workbook(data);
    if let Ok((text, _)) = sniff::decode_text(data) {
        let _ = sniff::is_binary_text(&text);
        let _ = sniff::is_html(&text);
        let _ = sniff::sniff_delimiter(&text);
    }
});
