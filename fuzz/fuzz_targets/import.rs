//! The whole import path a statement file takes: sniff, decode, table, header, rows.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = soaek_import::import_bytes(data, None);
});
