//! The merchant rules file parser (TOML) on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = soaek_merchants::Rules::parse(text);
    }
});
