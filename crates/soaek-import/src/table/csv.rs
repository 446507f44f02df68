//! Delimited text (CSV/TSV/semicolon) through the `csv` crate, one record at a time.

use super::{CellRef, Row, RowSink};
use crate::error::FileError;

impl Row for ::csv::StringRecord {
    fn len(&self) -> usize {
        ::csv::StringRecord::len(self)
    }
    fn cell(&self, col: usize) -> CellRef<'_> {
        self.get(col).map_or(CellRef::Empty, CellRef::Text)
    }
}

/// Stream decoded text into `sink`. Row numbers are the 1-based line on which each
/// record starts, as a spreadsheet opened on the file would number it.
pub fn read(text: &str, delimiter: u8, sink: &mut dyn RowSink) -> Result<(), FileError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = ::csv::StringRecord::new();
    let bytes = text.as_bytes();
    // Lines are counted here: the csv crate's own count lags behind blank lines.
    let (mut counted_to, mut line) = (0usize, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let mut start = record
                    .position()
                    .map_or(counted_to, |p| p.byte() as usize)
                    .min(bytes.len());
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                if start > counted_to {
                    line += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count() as u64;
                    counted_to = start;
                }
                let row_no = u32::try_from(line).unwrap_or(u32::MAX);
                if !sink.push(row_no, &record)? {
                    return Ok(());
                }
            }
            Ok(false) => return Ok(()),
            Err(e) => return Err(FileError::Io(e.to_string())),
        }
    }
}
