//! Records of decoded text with the spreadsheet row each starts on.

use super::*;

/// Records of decoded text with the 1-based line on which each starts, as a
/// spreadsheet opened on the file would number it.
pub(super) struct Records<'a> {
    reader: ::csv::Reader<&'a [u8]>,
    bytes: &'a [u8],
    /// Lines are counted here: the csv crate's own count lags behind blank lines.
    counted_to: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// Records of `text`, whose first line is line `first_line` of the file.
    pub(super) fn new(text: &'a [u8], delimiter: u8, first_line: u64) -> Records<'a> {
        Records {
            reader: ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text),
            bytes: text,
            counted_to: 0,
            line: first_line,
        }
    }

    /// The byte the reader has reached (the start of the next record).
    pub(super) fn byte_position(&self) -> usize {
        self.reader.position().byte() as usize
    }

    /// Read the next record into `record`; its row number, or `None` at the end.
    pub(super) fn next(
        &mut self,
        record: &mut ::csv::ByteRecord,
    ) -> Result<Option<u32>, FileError> {
        match self.reader.read_byte_record(record) {
            Ok(true) => {
                let bytes = self.bytes;
                let mut start = record
                    .position()
                    .map_or(self.counted_to, |p| p.byte() as usize)
                    .min(bytes.len());
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                if start > self.counted_to {
                    self.line +=
                        memchr::memchr_iter(b'\n', &bytes[self.counted_to..start]).count() as u64;
                    self.counted_to = start;
                }
                Ok(Some(u32::try_from(self.line).unwrap_or(u32::MAX)))
            }
            Ok(false) => Ok(None),
            Err(e) => Err(FileError::Io(e.to_string())),
        }
    }
}
