//! The date, time, amount and status parsers on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use soaek_import::fields;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = fields::parse_datetime(text);
    let _ = fields::parse_time(text);
    let _ = fields::parse_amount(text);
    let _ = fields::parse_status(text);
});
