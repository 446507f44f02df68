//! soaek-import: statement files → clean [`Transaction`]s.
//!
//! The path is: sniff the format from the bytes ([`sniff`]) → decode the text →
//! read the table ([`table`]) → find the header and map columns ([`header`],
//! [`profile`]) → parse each row ([`rows`], [`fields`]). No polars here, so the
//! parsers build and fuzz fast.

pub mod error;
pub mod fields;
pub mod header;
pub mod model;
pub mod profile;
pub mod rows;
pub mod sniff;
pub mod table;

pub use error::{FileError, Lang, Reason, RowError};
pub use model::{Status, Transaction, Won};
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
}

impl FileImport {
    /// Payments dated after `latest` (today plus a day of grace) cannot be real: each
    /// becomes an error of its row instead of a transaction.
    pub fn reject_after(&mut self, latest: chrono::NaiveDate) {
        if self.transactions.iter().all(|t| t.at.date() <= latest) {
            return;
        }
        let (keep, future): (Vec<_>, Vec<_>) = std::mem::take(&mut self.transactions)
            .into_iter()
            .partition(|t| t.at.date() <= latest);
        self.transactions = keep;
        for t in future {
            self.errors.push(RowError {
                row: t.source_row,
                column: self.date_column.clone(),
                reason: Reason::FutureDate(t.at.format("%Y-%m-%d %H:%M:%S").to_string()),
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
    let delimiter = profile
        .and_then(Profile::delimiter_byte)
        .unwrap_or_else(|| sniff::sniff_delimiter(&text));
    table::csv::read_parallel(&text, delimiter, &mut parser)?;
    finish(parser, Format::Csv, encoding, Some(char::from(delimiter)))
}

/// Read a statement file.
pub fn import_path(path: &Path, profile: Option<&Profile>) -> Result<FileImport, FileError> {
    let bytes = std::fs::read(path).map_err(|e| FileError::Io(e.to_string()))?;
    import_bytes(&bytes, profile)
}
