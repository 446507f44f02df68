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
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
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
