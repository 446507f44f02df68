//! Records of decoded text with the spreadsheet row each starts on.
//!
//! A plain record (unquoted fields, or fields quoted whole with no quote or line break
//! inside) is cut straight from the text: its cells are slices of it, with no copy and
//! no second UTF-8 check. Any other record is read by the `csv` crate from where it
//! starts, so every record reads as the csv rules say (tested against the crate alone).

use super::*;
use std::io::Cursor;

/// One record: its cells as slices of the text, or as the `csv` crate read them.
pub(super) struct Record<'a> {
    /// Byte of the text where the record starts.
    start: usize,
    cells: Vec<&'a str>,
    /// A record that is not plain, read by the `csv` crate (then `cells` is unused).
    read: ::csv::StringRecord,
    plain: bool,
}

impl Record<'_> {
    pub(super) fn new() -> Self {
        Record {
            start: 0,
            cells: Vec::new(),
            read: ::csv::StringRecord::new(),
            plain: true,
        }
    }

    /// Byte of the text where the record starts.
    pub(super) fn start(&self) -> usize {
        self.start
    }
}

impl Row for Record<'_> {
    fn len(&self) -> usize {
        match self.plain {
            true => self.cells.len(),
            false => self.read.len(),
        }
    }
    fn cell(&self, col: usize) -> CellRef<'_> {
        let cell = match self.plain {
            true => self.cells.get(col).copied(),
            false => self.read.get(col),
        };
        cell.map_or(CellRef::Empty, CellRef::Text)
    }
}

/// Records of `text` with the 1-based line on which each starts, as a spreadsheet
/// opened on the file would number it.
pub(super) struct Records<'a> {
    text: &'a str,
    delimiter: u8,
    /// Reads the records that are not plain, from where each starts; made at the first
    /// (most texts have none, and a chunk of a large file is a text of its own).
    reader: Option<::csv::Reader<Cursor<&'a [u8]>>>,
    /// Where `reader` stands, when it read the last record that was not plain.
    reader_at: Option<usize>,
    /// Where the next record (or the blank lines before it) starts.
    at: usize,
    /// Lines are counted up to here.
    counted_to: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// Records of `text`, whose first line is line `first_line` of the file.
    pub(super) fn new(text: &'a str, delimiter: u8, first_line: u64) -> Records<'a> {
        Records {
            text,
            delimiter,
            reader: None,
            reader_at: None,
            at: 0,
            counted_to: 0,
            line: first_line,
        }
    }

    /// The byte the reader has reached (the start of the next record).
    pub(super) fn byte_position(&self) -> usize {
        self.at
    }

    /// Read the next record into `record`; its row number, or `None` at the end.
    pub(super) fn next(&mut self, record: &mut Record<'a>) -> Result<Option<u32>, FileError> {
        let bytes = self.text.as_bytes();
        // Blank lines are no records.
        let mut start = self.at;
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= bytes.len() {
            self.at = bytes.len();
            return Ok(None);
        }
        if start > self.counted_to {
            // A few bytes (a line end, blank lines): a plain count beats a search.
            let newlines = bytes[self.counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines as u64;
            self.counted_to = start;
        }
        record.start = start;
        match plain_record(self.text, start, self.delimiter, &mut record.cells) {
            Some((end, next)) => {
                record.plain = true;
                // No line break inside: counting goes on from the record's end.
                self.counted_to = end;
                self.at = next;
            }
            None => {
                let (text, delimiter) = (self.text, self.delimiter);
                let reader = self.reader.get_or_insert_with(|| {
                    ::csv::ReaderBuilder::new()
                        .has_headers(false)
                        .flexible(true)
                        .delimiter(delimiter)
                        .from_reader(Cursor::new(text.as_bytes()))
                });
                // The reader goes on by itself from the record it read last.
                if self.reader_at != Some(start) {
                    let mut position = ::csv::Position::new();
                    position.set_byte(start as u64);
                    reader
                        .seek_raw(std::io::SeekFrom::Start(start as u64), position)
                        .map_err(|e| FileError::Io(e.to_string()))?;
                }
                match reader.read_record(&mut record.read) {
                    Ok(true) => {}
                    Ok(false) => {
                        self.at = bytes.len();
                        return Ok(None);
                    }
                    Err(e) => return Err(FileError::Io(e.to_string())),
                }
                record.plain = false;
                let end = reader.position().byte() as usize;
                self.reader_at = Some(end);
                self.at = end.clamp(start + 1, bytes.len());
            }
        }
        Ok(Some(u32::try_from(self.line).unwrap_or(u32::MAX)))
    }
}

/// The length of the unquoted field at the start of `bytes`: up to the first
/// delimiter, quote or line end, or the end. Eight bytes are looked at in one step, as
/// one word (a field is mostly a date, a name or a number; a byte at a time, this loop
/// was a fifth of reading a CSV).
fn field_len(bytes: &[u8], delimiter: u8) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of each byte of `v` that is zero. A byte above a zero byte may be
    // marked too (the borrow), but never one below it: the lowest mark is exact.
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let stops = [delimiter, b'"', b'\r', b'\n'].map(|b| ONES * u64::from(b));
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        let hits = stops.iter().fold(0, |m, &s| m | zero(x ^ s));
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = words.remainder();
    let stop = |b: &u8| [delimiter, b'"', b'\r', b'\n'].contains(b);
    at + rest.iter().position(stop).unwrap_or(rest.len())
}

/// The cells of the record starting at byte `start` of `text`, when it is plain:
/// every field unquoted without a quote or line break in it, or quoted whole with
/// neither inside. Returns where its last cell ends and where the next record may
/// start (after its line end); `None` for any other record.
fn plain_record<'a>(
    text: &'a str,
    start: usize,
    delimiter: u8,
    cells: &mut Vec<&'a str>,
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    cells.clear();
    let mut i = start;
    loop {
        // One field from `i`: its text and the byte after it.
        let (from, to, after) = if bytes.get(i) == Some(&b'"') {
            let close = i + 1 + memchr::memchr(b'"', &bytes[i + 1..])?;
            let inner = &bytes[i + 1..close];
            if memchr::memchr2(b'\r', b'\n', inner).is_some() {
                return None;
            }
            (i + 1, close, close + 1)
        } else {
            let len = field_len(&bytes[i..], delimiter);
            (i, i + len, i + len)
        };
        cells.push(text.get(from..to)?);
        match bytes.get(after) {
            None => return Some((after, after)),
            Some(&b) if b == delimiter => i = after + 1,
            Some(b'\r') if bytes.get(after + 1) == Some(&b'\n') => {
                return Some((after, after + 2));
            }
            Some(b'\r' | b'\n') => return Some((after, after + 1)),
            // A quote inside an unquoted field, or text after a closing quote.
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text` with its line, as the `csv` crate alone reads them.
    fn by_csv(text: &str) -> Vec<(u64, Vec<String>)> {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut out = Vec::new();
        let mut record = ::csv::StringRecord::new();
        while reader.read_record(&mut record).unwrap() {
            let start = record.position().unwrap().byte() as usize;
            let mut start = start;
            while start < text.len() && matches!(text.as_bytes()[start], b'\r' | b'\n') {
                start += 1;
            }
            let line = 1 + text.as_bytes()[..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            out.push((line, record.iter().map(str::to_string).collect()));
        }
        out
    }

    fn by_records(text: &str) -> (Vec<(u64, Vec<String>)>, usize) {
        let mut records = Records::new(text, b',', 1);
        let mut record = Record::new();
        let mut out = Vec::new();
        let mut plain = 0;
        while let Some(line) = records.next(&mut record).unwrap() {
            plain += usize::from(record.plain);
            let cells = (0..record.len()).map(|c| record.cell(c).text().into_owned());
            out.push((u64::from(line), cells.collect()));
        }
        (out, plain)
    }

    /// A field ends at its first delimiter, quote or line end wherever it falls in or
    /// across the eight-byte steps, and at the text's end without one.
    #[test]
    fn a_field_ends_at_its_first_stop_byte() {
        for len in 0..40 {
            let field = "가".repeat(len / 3) + &"x".repeat(len % 3);
            assert_eq!(field_len(field.as_bytes(), b','), field.len(), "{len}");
            for stop in [',', '"', '\r', '\n'] {
                let text = format!("{field}{stop}y,z\n");
                assert_eq!(
                    field_len(text.as_bytes(), b','),
                    field.len(),
                    "{len} {stop:?}"
                );
            }
            let tabbed = format!("{field},\t");
            assert_eq!(
                field_len(tabbed.as_bytes(), b'\t'),
                field.len() + 1,
                "{len}"
            );
        }
    }

    #[test]
    fn plain_records_are_cut_as_the_csv_rules_read_them() {
        let text = "a,\"1,000\",가\r\n\n\"\",b,\n\r\nc";
        let (got, plain) = by_records(text);
        assert_eq!(got, by_csv(text));
        assert_eq!(plain, 3);
        assert_eq!(got[1], (3, vec!["".into(), "b".into(), "".into()]));
        assert_eq!(got[2], (5, vec!["c".into()]));
    }

    /// Random texts of quotes, delimiters, line ends and letters: the same records and
    /// lines as the `csv` crate gives, plain or not.
    #[test]
    fn any_text_reads_as_the_csv_crate_reads_it() {
        const PIECES: [&str; 10] = ["a", "가", ",", "\"", "\n", "\r\n", "\r", " ", "\"\"", "1"];
        let mut seed: u64 = 7;
        let mut plain_seen = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 59) as usize + 1;
            for _ in 0..len * 2 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let k = (seed >> 33) as usize % PIECES.len();
                // Quotes and line ends are rarer than text, as in a statement.
                let k = if k < 8 && !(seed >> 40).is_multiple_of(3) {
                    k % 2
                } else {
                    k
                };
                text += PIECES[k];
            }
            let (got, plain) = by_records(&text);
            plain_seen += plain;
            assert_eq!(got, by_csv(&text), "{text:?}");
        }
        assert!(plain_seen > 10_000, "{plain_seen}");
    }
}
