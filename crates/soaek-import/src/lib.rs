//! soaek-import: statement files → clean [`Transaction`]s.
//!
//! The path is: sniff the format from the bytes ([`sniff`]) → decode the text →
//! read the table ([`table`]) → find the header and map columns ([`header`],
//! [`profile`]) → parse each row ([`rows`], [`fields`]). No polars here, so the
//! parsers build and fuzz fast.

// Module notes name their private parts: the docs are a map for whoever works here,
// read with `cargo doc --document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

pub mod error;
pub mod fields;
pub mod header;
pub mod line;
pub mod model;
pub mod profile;
pub mod rows;
pub mod sniff;
pub mod table;
pub mod vocabulary;

pub use compact_str::CompactString;
pub use error::{FileError, Lang, Reason, RowError};
pub use model::{Billing, Billings, Stamp, Status, Text, Texts, Transaction, Won};
pub use profile::Profile;
pub use rows::{SkipReason, SkippedRow};
pub use sniff::{Format, TextEncoding};

use rows::RowParser;
use std::path::Path;

/// Everything read from one statement file.
#[derive(Debug, Clone)]
pub struct FileImport {
    pub format: Format,
    pub encoding: TextEncoding,
    /// The delimiter of delimited text.
    pub delimiter: Option<char>,
    /// 1-based row of the header.
    pub header_row: u32,
    /// Data rows below the header (blank rows not counted, skipped rows not counted).
    pub rows: u32,
    pub transactions: Vec<Transaction>,
    pub errors: Vec<RowError>,
    pub skipped: Vec<SkippedRow>,
    /// The date column as messages name it (`결제일시 [A]`).
    pub date_column: String,
    /// The period the file states it covers (조회기간, 이용기간 in a title line).
    pub period: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// The earliest and the latest time among `transactions`, kept by the reading and
    /// by [`FileImport::reject_after`] (so nothing reads every transaction for them);
    /// `None` when there are none, or when whoever made the import did not say.
    pub oldest: Option<chrono::NaiveDateTime>,
    pub newest: Option<chrono::NaiveDateTime>,
}

impl FileImport {
    /// Payments dated after `latest` (today plus a day of grace) cannot be real: each
    /// becomes an error of its row instead of a transaction.
    pub fn reject_after(&mut self, latest: chrono::NaiveDate) {
        // The reading kept the latest time: the transactions are not read again for it.
        if self.newest.is_some_and(|n| n.date() <= latest)
            || self.transactions.iter().all(|t| t.date() <= latest)
        {
            return;
        }
        let (keep, future): (Vec<_>, Vec<_>) = std::mem::take(&mut self.transactions)
            .into_iter()
            .partition(|t| t.date() <= latest);
        self.transactions = keep;
        self.oldest = self.transactions.iter().map(|t| t.at()).min();
        self.newest = self.transactions.iter().map(|t| t.at()).max();
        for t in future {
            self.errors.push(RowError {
                row: t.source_row,
                column: self.date_column.clone(),
                reason: Reason::FutureDate(t.at().format("%Y-%m-%d %H:%M:%S").to_string()),
            });
        }
        self.errors.sort_by_key(|e| e.row);
    }
}

fn finish(
    parser: RowParser<'_>,
    format: Format,
    encoding: TextEncoding,
    delimiter: Option<char>,
) -> Result<FileImport, FileError> {
    if let Some(e) = parser.header_error {
        return Err(e);
    }
    let Some(header_row) = parser.header_row else {
        return Err(match parser.near_header {
            Some(column) => FileError::MissingColumn(column),
            None => FileError::NoHeader,
        });
    };
    let date_column = parser
        .map
        .get(header::Role::Date)
        .map(|c| parser.map.column_label(c))
        .unwrap_or_default();
    Ok(FileImport {
        date_column,
        format,
        encoding,
        delimiter,
        header_row,
        rows: parser.rows,
        transactions: parser.transactions,
        errors: parser.errors,
        skipped: parser.skipped,
        period: parser.period,
        oldest: parser.oldest,
        newest: parser.newest,
    })
}

/// Read a statement from its bytes. Row errors are in the result; a file that cannot be
/// read at all is an `Err`.
pub fn import_bytes(bytes: &[u8], profile: Option<&Profile>) -> Result<FileImport, FileError> {
    if let Some(format) = sniff::sniff_workbook(bytes)? {
        let parser = table::workbook::read(
            bytes,
            format,
            || RowParser::new(profile),
            RowParser::found_header,
        )?;
        return finish(parser, format, TextEncoding::Workbook, None);
    }
    let (text, encoding) = sniff::decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    if sniff::is_binary_text(&text) {
        return Err(FileError::Binary);
    }
    let mut parser = RowParser::new(profile);
    if sniff::is_html(&text) {
        table::html::read(&text, &mut parser)?;
        return finish(parser, Format::Html, encoding, None);
    }
    if let Some(line) = first_long_line(&text) {
        return Err(FileError::TooLarge(error::Limit::Line {
            line,
            kb: MAX_LINE_BYTES >> 10,
        }));
    }
    let delimiter = profile
        .and_then(Profile::delimiter_byte)
        .unwrap_or_else(|| sniff::sniff_delimiter(&text));
    table::csv::read_parallel(&text, delimiter, &mut parser)?;
    finish(parser, Format::Csv, encoding, Some(char::from(delimiter)))
}

/// The longest line of delimited text: a statement's row is a few hundred bytes, and a
/// line of millions of fields (`x,x,x,…`) would cost memory for every one of them.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The 1-based number of the first line longer than [`MAX_LINE_BYTES`].
fn first_long_line(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, end) in memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(bytes.len()))
        .enumerate()
    {
        if end - start > MAX_LINE_BYTES {
            return Some(i + 1);
        }
        start = end + 1;
    }
    None
}

/// Files from this size on are read a chunk at a time when they are UTF-8 or CP949
/// delimited text.
const STREAM_FROM: u64 = 2 << 20;
/// How much of such a file is read first, to recognise it and find its header: the
/// sniffing looks at its first 8 kB and 30 lines, a statement's header is within its
/// first lines. (A header further down sends the file to be read whole. A megabyte, as
/// before, kept a 100k-row statement's parsing waiting 4–5 ms longer.)
const HEAD: usize = 64 << 10;

/// Read a statement file. A UTF-8 or CP949 CSV of [`STREAM_FROM`] bytes or more is read
/// a chunk at a time (its text is never all in memory); everything else is read whole.
/// Both give the same result.
///
/// Only regular files are read: a device or a FIFO could give bytes without end or
/// none at all (`-` reads standard input, up to [`MAX_WHOLE_MB`]). A file read whole
/// may be at most [`MAX_WHOLE_MB`] MB.
pub fn import_path(path: &Path, profile: Option<&Profile>) -> Result<FileImport, FileError> {
    use std::io::Read;
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take((MAX_WHOLE_MB << 20) + 1)
            .read_to_end(&mut bytes)
            .map_err(FileError::from)?;
        if bytes.len() as u64 > MAX_WHOLE_MB << 20 {
            return Err(FileError::TooLarge(error::Limit::FileMb(MAX_WHOLE_MB)));
        }
        return import_bytes(&bytes, profile);
    }
    let meta = std::fs::metadata(path).map_err(FileError::from)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    let len = meta.len();
    if len >= STREAM_FROM {
        if let Some(import) = import_large_text(path, len, profile)? {
            return Ok(import);
        }
    }
    if len > MAX_WHOLE_MB << 20 {
        return Err(FileError::TooLarge(error::Limit::FileMb(MAX_WHOLE_MB)));
    }
    // The length read is capped too: the file may grow while it is read.
    let mut bytes = Vec::with_capacity(len as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(len).read_to_end(&mut bytes))
        .map_err(FileError::from)?;
    import_bytes(&bytes, profile)
}

/// The largest file read whole (workbooks, HTML, small or unusual text); large UTF-8
/// and CP949 statements are read in chunks whatever their size.
pub const MAX_WHOLE_MB: u64 = 256;

/// A large file whose first [`HEAD`] bytes are UTF-8 or CP949 delimited text holding the
/// header, read in chunks. `None` when it is not such a file, or turns out not to be in
/// that encoding further on: then it is read whole. The sniffing looks at what it looks
/// at in the whole file (the first kilobytes, the first 30 lines), so both paths decide
/// alike.
fn import_large_text(
    path: &Path,
    len: u64,
    profile: Option<&Profile>,
) -> Result<Option<FileImport>, FileError> {
    use std::io::Read;
    use table::csv::ChunkEncoding;
    let mut head = vec![0; HEAD];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map_err(FileError::from)?;
    // Workbooks are read whole.
    if head.starts_with(sniff::OLE2) || head.starts_with(b"PK") {
        return Ok(None);
    }
    let Some(cut) = memchr::memrchr(b'\n', &head) else {
        return Ok(None);
    };
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let (text, encoding) = match sniff::decode_text(&head[..=cut]) {
        Ok((
            text,
            encoding @ (TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Cp949),
        )) => (text, encoding),
        _ => return Ok(None),
    };
    let lines = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .count();
    if text.len() < 8192 || lines < 30 || sniff::is_binary_text(&text) || sniff::is_html(&text) {
        return Ok(None);
    }
    // A UTF-8 byte-order mark before the text (some tools put one before CP949 too).
    let skip = if bom { 3 } else { 0 };
    let chunks = match encoding {
        TextEncoding::Cp949 => ChunkEncoding::Cp949,
        _ => ChunkEncoding::Utf8,
    };
    let delimiter = profile
        .and_then(Profile::delimiter_byte)
        .unwrap_or_else(|| sniff::sniff_delimiter(&text));
    let mut parser = RowParser::new(profile);
    match table::csv::read_file_parallel(path, (skip, len), &text, chunks, delimiter, &mut parser)?
    {
        table::csv::Streamed::Read => {
            finish(parser, Format::Csv, encoding, Some(char::from(delimiter))).map(Some)
        }
        table::csv::Streamed::ReadWhole => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &FileImport, b: &FileImport) {
        assert_eq!(a.transactions, b.transactions);
        assert_eq!(a.errors, b.errors);
        assert_eq!(a.skipped, b.skipped);
        assert_eq!((a.rows, a.header_row), (b.rows, b.header_row));
        assert_eq!((a.encoding, a.delimiter), (b.encoding, b.delimiter));
        // Both readings kept the latest time, as the transactions have it.
        assert_eq!((a.oldest, a.newest), (b.oldest, b.newest));
        assert_eq!(a.oldest, a.transactions.iter().map(|t| t.at()).min());
        assert_eq!(a.newest, a.transactions.iter().map(|t| t.at()).max());
    }

    #[test]
    fn a_large_file_read_in_chunks_is_read_as_a_whole_file_is() {
        let dir = tempfile::tempdir().unwrap();
        let cp949_row = encoding_rs::EUC_KR
            .encode("2025-05-02 10:00,편의점,1500,승인,Z1\n")
            .0;
        let text = table::csv::tests::statement(185_000, None);
        let utf8 = text.as_bytes();
        let cp949 = encoding_rs::EUC_KR.encode(&text).0;
        for (name, bom, body, tail) in [
            ("plain.csv", &b""[..], utf8, &b""[..]),
            ("bom.csv", &b"\xEF\xBB\xBF"[..], utf8, &b""[..]),
            ("cp949.csv", &b""[..], &cp949[..], &b""[..]),
            ("bom-cp949.csv", &b"\xEF\xBB\xBF"[..], &cp949[..], &b""[..]),
            // UTF-8 in its head, CP949 at the end: not UTF-8 after all.
            ("mixed.csv", &b""[..], utf8, &cp949_row[..]),
        ] {
            // Over `STREAM_FROM`: read in chunks.
            let mut bytes = bom.to_vec();
            bytes.extend_from_slice(body);
            bytes.extend_from_slice(tail);
            assert!(bytes.len() as u64 > STREAM_FROM, "{}", bytes.len());
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            // The chunked path takes the UTF-8 and CP949 files and gives the mixed one back.
            let streamed = import_large_text(&path, bytes.len() as u64, None).unwrap();
            assert_eq!(streamed.is_some(), name != "mixed.csv", "{name}");
            let whole = import_bytes(&bytes, None);
            let chunked = import_path(&path, None);
            match (whole, chunked) {
                (Ok(a), Ok(b)) => {
                    same(&a, &b);
                    assert!(a.transactions.len() > 150_000, "{name}");
                    // Data row 1,009 (line 1,013: title, blank line and header come
                    // first) has month 13: named by row, column and value.
                    let first = &b.errors[0];
                    assert_eq!(
                        (
                            first.row,
                            first.column.as_str(),
                            first.reason.message(Lang::En)
                        ),
                        (1_013, "결제일시 [A]", a.errors[0].reason.message(Lang::En))
                    );
                    assert!(
                        first.reason.message(Lang::En).contains("2025-13-01"),
                        "{first:?}"
                    );
                    assert!(a.errors.len() > 100, "{name}");
                    // Payments after a day are taken out as errors of their rows, however
                    // the file was read; none after the newest leaves the file as it was.
                    let newest = b.newest.unwrap().date();
                    let mut same_file = b;
                    same_file.reject_after(newest);
                    same(&a, &same_file);
                    let cut = a.transactions[a.transactions.len() / 2].date();
                    let later = a.transactions.iter().filter(|t| t.date() > cut).count();
                    assert!(later > 1_000, "{name}: {later}");
                    let mut cut_file = same_file;
                    cut_file.reject_after(cut);
                    assert!(cut_file.transactions.iter().all(|t| t.date() <= cut));
                    // The earliest and latest times are the kept transactions'.
                    let times = || cut_file.transactions.iter().map(|t| t.at());
                    assert_eq!(cut_file.oldest, times().min());
                    assert_eq!(cut_file.newest, times().max());
                    assert!(cut_file.newest.unwrap().date() <= cut);
                    assert_eq!(
                        cut_file.transactions.len() + later,
                        a.transactions.len(),
                        "{name}"
                    );
                    assert_eq!(cut_file.errors.len(), a.errors.len() + later, "{name}");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
                (a, b) => panic!("{name}: {a:?} / {b:?}"),
            }
        }
    }

    /// A header past the first [`HEAD`] bytes (a long notice above it): the file is
    /// read whole, with the same result.
    #[test]
    fn a_header_past_the_head_is_read_as_a_whole_file_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for i in 0..50 {
            text += &format!("안내 {i}: {}\n", "가".repeat(500));
        }
        let above = text.len();
        text += &table::csv::tests::statement(60_000, None);
        assert!(
            above > HEAD && text.len() as u64 > STREAM_FROM,
            "{above} {}",
            text.len()
        );
        let path = dir.path().join("notice.csv");
        std::fs::write(&path, &text).unwrap();
        assert!(import_large_text(&path, text.len() as u64, None)
            .unwrap()
            .is_none());
        let whole = import_bytes(text.as_bytes(), None).unwrap();
        let read = import_path(&path, None).unwrap();
        same(&whole, &read);
        assert!(
            whole.transactions.len() > 50_000,
            "{}",
            whole.transactions.len()
        );
        assert_eq!(whole.header_row, 53);
    }
}
