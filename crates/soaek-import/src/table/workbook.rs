//! .xlsx, .xls and .ods through calamine. Only cells that are real Excel dates
//! (`Data::DateTime`, `Data::DateTimeIso`) become dates: a plain number is never taken
//! for an Excel serial date.

use super::{CellRef, Row, RowSink};
use crate::error::FileError;
use crate::sniff::Format;
use calamine::{open_workbook_from_rs, Data, Ods, Reader, Sheets, Xls, Xlsx};
use std::io::Cursor;

/// A calamine row that starts at column `offset` of the sheet.
struct SheetRow<'a> {
    offset: usize,
    cells: &'a [Data],
}

impl Row for SheetRow<'_> {
    fn len(&self) -> usize {
        self.offset + self.cells.len()
    }
    fn cell(&self, col: usize) -> CellRef<'_> {
        let Some(data) = col.checked_sub(self.offset).and_then(|i| self.cells.get(i)) else {
            return CellRef::Empty;
        };
        match data {
            Data::Empty => CellRef::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => CellRef::Text(s),
            Data::Int(i) => CellRef::Number(*i as f64),
            Data::Float(f) => CellRef::Number(*f),
            Data::Bool(b) => CellRef::Text(if *b { "TRUE" } else { "FALSE" }),
            Data::DateTime(d) if d.is_datetime() => match d.as_datetime() {
                Some(dt) => CellRef::DateTime(dt),
                None => CellRef::Number(d.as_f64()),
            },
            Data::DateTime(d) => CellRef::Number(d.as_f64()),
            Data::Error(_) => CellRef::Text("#ERROR"),
        }
    }
}

fn open(bytes: &[u8], format: Format) -> Result<Sheets<Cursor<&[u8]>>, FileError> {
    let cursor = Cursor::new(bytes);
    let err = |e: &dyn std::fmt::Display| FileError::Workbook(e.to_string());
    Ok(match format {
        Format::Xlsx => {
            Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(|e| err(&e))?)
        }
        Format::Xls => {
            Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(|e| err(&e))?)
        }
        Format::Ods => {
            Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(|e| err(&e))?)
        }
        Format::Csv | Format::Html => return Err(FileError::Binary),
    })
}

/// Feed the rows of the first sheet on which `make_sink` finds a header.
/// `make_sink` is called once per sheet tried; `found` tells whether a sheet had one.
pub fn read<S: RowSink>(
    bytes: &[u8],
    format: Format,
    mut make_sink: impl FnMut() -> S,
    found: impl Fn(&S) -> bool,
) -> Result<S, FileError> {
    let mut book = open(bytes, format)?;
    let mut first = None;
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| FileError::Workbook(e.to_string()))?;
        let mut sink = make_sink();
        if let Some((row0, col0)) = range.start() {
            for (i, cells) in range.rows().enumerate() {
                let row = SheetRow {
                    offset: col0 as usize,
                    cells,
                };
                let row_no = row0
                    .saturating_add(1)
                    .saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                if !sink.push(row_no, &row)? {
                    break;
                }
            }
        }
        if found(&sink) {
            return Ok(sink);
        }
        first.get_or_insert(sink);
    }
    first.ok_or(FileError::NoHeader)
}
