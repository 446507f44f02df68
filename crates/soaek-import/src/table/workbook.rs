//! .xlsx, .xls and .ods through calamine. Only cells that are real Excel dates
//! (`Data::DateTime`, `Data::DateTimeIso`) become dates: a plain number is never taken
//! for an Excel serial date.
//!
//! Memory follows the cells a file holds, never the size it claims: an .xlsx sheet is
//! read a cell at a time and handed on a row at a time (calamine's `Range` would size
//! itself from the farthest cell, XFD1048576 in a 1.5 KB file), zipped parts may unpack
//! to at most [`MAX_UNZIPPED`] bytes, a sheet may hold at most [`MAX_CELLS`] cells, and
//! an .xls is checked against the BIFF8 limits before calamine reads it.

use super::{CellRef, Row, RowSink};
use crate::error::{FileError, Limit};
use crate::sniff::Format;
use calamine::{open_workbook_from_rs, Data, Ods, Reader, Sheets, Xls, Xlsx};
use std::cell::Cell;
use std::io::Cursor;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while calamine runs on this thread: its panics are caught, not printed.
    static IN_CALAMINE: Cell<bool> = const { Cell::new(false) };
}

/// Run calamine on untrusted bytes. A malformed workbook can make calamine panic (the
/// fuzzer found a slice index out of range in its OLE2 reader); that is a file that
/// cannot be read, not a crash. Panics anywhere else still reach the previous hook.
fn guarded<T>(f: impl FnOnce() -> Result<T, FileError>) -> Result<T, FileError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_CALAMINE.with(Cell::get) {
                previous(info);
            }
        }));
    });
    IN_CALAMINE.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    IN_CALAMINE.with(|c| c.set(false));
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(FileError::Workbook(format!("malformed workbook ({why})")))
    })
}

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
            // calamine panics on a serial beyond chrono's range (found by the fuzzer):
            // only serials of years 1900–9999 are dates.
            Data::DateTime(d) if d.is_datetime() && (0.0..2_958_466.0).contains(&d.as_f64()) => {
                match d.as_datetime() {
                    Some(dt) => CellRef::DateTime(dt),
                    None => CellRef::Number(d.as_f64()),
                }
            }
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

/// BIFF8 sheets have at most 65,536 rows and 256 columns, but calamine sizes a sheet
/// from the DIMENSIONS record and its cells' positions: a damaged .xls claiming a cell
/// in column 60,000 makes it allocate tens of GB and the process abort (found by the
/// fuzzer). Scan the Workbook stream's records first and refuse such a file.
fn check_xls_limits(bytes: &[u8]) -> Result<(), FileError> {
    // calamine's own OLE2 reader is more lenient than the cfb crate; a container that
    // cfb cannot read is damaged for us, so calamine never sees what was not checked.
    let mut book = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| damaged(format!("OLE2 container: {e}")))?;
    let mut stream = ["/Workbook", "/Book"]
        .iter()
        .find_map(|name| book.open_stream(name).ok())
        .ok_or_else(|| damaged("no Workbook stream"))?;
    let mut data = Vec::new();
    stream
        .by_ref()
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .map_err(|e| damaged(format!("Workbook stream: {e}")))?;
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    };
    let mut at = 0;
    // The current sheet's cells: first and last row, first and last column.
    let mut span: Option<(u32, u32, u32, u32)> = None;
    while let (Some(kind), Some(len)) = (u16_at(&data, at), u16_at(&data, at + 2)) {
        let body = data.get(at + 4..).unwrap_or_default();
        let body = &body[..body.len().min(len as usize)];
        match kind {
            // DIMENSIONS: BIFF8 rows as u32, BIFF5 as u16; then first and last+1 column.
            0x0200 => {
                let (rows, cols) = if body.len() >= 14 {
                    (u32_at(body, 0).zip(u32_at(body, 4)), (8, 10))
                } else {
                    (
                        u16_at(body, 0)
                            .zip(u16_at(body, 2))
                            .map(|(a, b)| (u32::from(a), u32::from(b))),
                        (4, 6),
                    )
                };
                let cols = u16_at(body, cols.0).zip(u16_at(body, cols.1));
                if let (Some((r0, r1)), Some((c0, c1))) = (rows, cols) {
                    if r0 > r1 || r1 > 65_536 || c0 > c1 || c1 > 256 {
                        return Err(damaged(format!(
                            "sheet dimensions rows {r0}..{r1}, columns {c0}..{c1}"
                        )));
                    }
                }
            }
            // Cell records: row, then column; MULRK/MULBLANK end with their last column.
            0x0006 | 0x00BD | 0x00BE | 0x00D6 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205
            | 0x027E => {
                let first = u16_at(body, 2);
                let last = if matches!(kind, 0x00BD | 0x00BE) {
                    body.len().checked_sub(2).and_then(|i| u16_at(body, i))
                } else {
                    first
                };
                if let Some(col) = first.into_iter().chain(last).find(|&c| c > 255) {
                    return Err(damaged(format!("a cell in column {col} of 256")));
                }
                if let (Some(row), Some(first), Some(last)) = (u16_at(body, 0), first, last) {
                    let (r, c0, c1) = (u32::from(row), u32::from(first), u32::from(last));
                    span = Some(match span {
                        None => (r, r, c0.min(c1), c0.max(c1)),
                        Some((r0, r1, a, b)) => (r0.min(r), r1.max(r), a.min(c0), b.max(c1)),
                    });
                }
            }
            // BOF: a new sheet, whose cells calamine sizes on their own.
            0x0809 => {
                check_span(span)?;
                span = None;
            }
            _ => {}
        }
        at += 4 + len as usize;
    }
    check_span(span)
}

/// calamine sizes a sheet's cells from its first to its last row and column: a file
/// with cells at A1 and IV65536 would ask for 16 million cells (537 MB).
fn check_span(span: Option<(u32, u32, u32, u32)>) -> Result<(), FileError> {
    if let Some((r0, r1, c0, c1)) = span {
        let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        if cells > MAX_CELLS as u64 {
            return Err(FileError::TooLarge(Limit::Cells(MAX_CELLS)));
        }
    }
    Ok(())
}

/// What the parts of a zipped workbook (.xlsx, .ods) may unpack to, all together.
pub const MAX_UNZIPPED: u64 = 256 << 20;
/// Cells in one sheet: a statement of 500,000 payments in 10 columns.
pub const MAX_CELLS: usize = 5_000_000;
/// The last column of an .xlsx sheet (XFD), counted from 0.
const LAST_XLSX_COLUMN: u32 = 16_383;

fn damaged(what: impl std::fmt::Display) -> FileError {
    FileError::Workbook(format!("malformed workbook ({what})"))
}

/// Unpack every part of a zipped workbook into nothing, counting the bytes it really
/// gives (not what its headers claim): a zip bomb is refused before calamine keeps any
/// of it in memory.
fn check_zip_limits(bytes: &[u8]) -> Result<(), FileError> {
    // A damaged archive is calamine's to name (it reads zips the same way).
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            return Ok(());
        };
        let room = MAX_UNZIPPED - total;
        let Ok(n) = std::io::copy(&mut part.by_ref().take(room + 1), &mut std::io::sink()) else {
            return Ok(());
        };
        total += n;
        if total > MAX_UNZIPPED {
            return Err(FileError::TooLarge(Limit::Unzipped(MAX_UNZIPPED >> 20)));
        }
    }
    Ok(())
}

/// The value of `attr="…"` inside one tag's text, as a number.
fn attr_number(tag: &[u8], attr: &[u8]) -> Option<usize> {
    let at = memchr::memmem::find(tag, attr)? + attr.len();
    let rest = tag.get(at..)?.strip_prefix(b"=\"")?;
    let end = memchr::memchr(b'"', rest)?;
    std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
}

/// The cells calamine would hold for the largest sheet of an .ods: its `Range` spans
/// from the first to the last row with a value and to the farthest column with one,
/// with every `number-rows-repeated` and `number-columns-repeated` expanded (an 867-byte
/// file can ask for 96 million cells, 12 GB). Empty cells (self-closing, no value type)
/// do not widen it. Counted on `content.xml` before calamine reads it.
fn ods_cells(content: &[u8]) -> u128 {
    let (mut largest, mut sheet) = (0u128, None::<(u128, u128, u128)>);
    let (mut row, mut row_repeat, mut col, mut row_width) = (0u128, 1u128, 0u128, 0u128);
    let span = |s: Option<(u128, u128, u128)>| s.map_or(0, |(lo, hi, w)| (hi - lo + 1) * w);
    for at in memchr::memchr_iter(b'<', content) {
        let rest = &content[at + 1..];
        let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        let tag = &rest[..end];
        let closing = tag.first() == Some(&b'/');
        let body = if closing { &tag[1..] } else { tag };
        let name_len = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(body.len());
        let name = &body[..name_len];
        let self_closing = tag.ends_with(b"/");
        match (closing, name) {
            (false, b"table:table") => {
                largest = largest.max(span(sheet));
                (sheet, row) = (None, 0);
            }
            (false, b"table:table-row") => {
                row_repeat = attr_number(tag, b"table:number-rows-repeated").unwrap_or(1) as u128;
                (col, row_width) = (0, 0);
                if self_closing {
                    row += row_repeat;
                }
            }
            (true, b"table:table-row") => {
                if row_width > 0 {
                    let (lo, hi, w) = sheet.unwrap_or((row, row, 0));
                    sheet = Some((lo.min(row), hi.max(row + row_repeat - 1), w.max(row_width)));
                }
                row += row_repeat;
            }
            (false, b"table:table-cell" | b"table:covered-table-cell") => {
                let repeat =
                    attr_number(tag, b"table:number-columns-repeated").unwrap_or(1) as u128;
                let empty = self_closing && memchr::memmem::find(tag, b"value-type").is_none();
                col += repeat;
                if !empty {
                    row_width = col;
                }
            }
            _ => {}
        }
    }
    largest.max(span(sheet))
}

/// Refuse an .ods whose sheets would expand to more than [`MAX_CELLS`] cells.
fn check_ods_limits(bytes: &[u8]) -> Result<(), FileError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut content = Vec::new();
    if part.take(MAX_UNZIPPED).read_to_end(&mut content).is_err() {
        return Ok(());
    }
    if ods_cells(&content) > MAX_CELLS as u128 {
        return Err(FileError::TooLarge(Limit::Cells(MAX_CELLS)));
    }
    Ok(())
}

/// One .xlsx sheet, a cell at a time, as rows: each row spans only its own cells.
/// Rows must come in order, as the format requires.
fn xlsx_rows<S: RowSink>(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    sink: &mut S,
) -> Result<(), FileError> {
    let mut cells = book.worksheet_cells_reader(name).map_err(damaged)?;
    let mut row: Vec<(u32, Data)> = Vec::new();
    let mut at: Option<u32> = None;
    let mut count = 0usize;
    // Push the row gathered so far; false when the sink wants no more.
    let flush = |at: u32, row: &mut Vec<(u32, Data)>, sink: &mut S| -> Result<bool, FileError> {
        let (Some(first), Some(last)) =
            (row.iter().map(|c| c.0).min(), row.iter().map(|c| c.0).max())
        else {
            return Ok(true);
        };
        let mut dense = vec![Data::Empty; (last - first) as usize + 1];
        for (col, value) in row.drain(..) {
            dense[(col - first) as usize] = value;
        }
        let r = SheetRow {
            offset: first as usize,
            cells: &dense,
        };
        sink.push(at.saturating_add(1), &r)
    };
    while let Some(cell) = cells.next_cell().map_err(damaged)? {
        let (r, c) = cell.get_position();
        if c > LAST_XLSX_COLUMN {
            return Err(damaged(format!("a cell in column {} of 16,384", c + 1)));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(FileError::TooLarge(Limit::Cells(MAX_CELLS)));
        }
        match at {
            Some(a) if r < a => {
                return Err(damaged(format!("row {} after row {}", r + 1, a + 1)));
            }
            Some(a) if r > a => {
                if !flush(a, &mut row, sink)? {
                    return Ok(());
                }
                at = Some(r);
            }
            Some(_) => {}
            None => at = Some(r),
        }
        let value: Data = cell.get_value().clone().into();
        if value != Data::Empty {
            row.push((c, value));
        }
    }
    if let Some(a) = at {
        flush(a, &mut row, sink)?;
    }
    Ok(())
}

/// Feed the rows of the first sheet on which `make_sink` finds a header.
/// `make_sink` is called once per sheet tried; `found` tells whether a sheet had one.
pub fn read<S: RowSink>(
    bytes: &[u8],
    format: Format,
    mut make_sink: impl FnMut() -> S,
    found: impl Fn(&S) -> bool,
) -> Result<S, FileError> {
    // Each reader gets only what it reads: a zip for .xlsx and .ods (calamine's .xlsx
    // reader would otherwise take an OLE2 file for an encrypted workbook and size its
    // sector chains from the file's claims).
    let zipped = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
    if matches!(format, Format::Xlsx | Format::Ods) && !zipped {
        return Err(damaged("not a zip archive"));
    }
    match format {
        Format::Xls => check_xls_limits(bytes)?,
        Format::Xlsx => check_zip_limits(bytes)?,
        Format::Ods => {
            check_zip_limits(bytes)?;
            check_ods_limits(bytes)?;
        }
        Format::Csv | Format::Html => {}
    }
    let mut book = guarded(|| open(bytes, format))?;
    let mut first = None;
    for name in book.sheet_names() {
        if let Sheets::Xlsx(xlsx) = &mut book {
            let mut sink = make_sink();
            guarded(|| xlsx_rows(xlsx, &name, &mut sink))?;
            if found(&sink) {
                return Ok(sink);
            }
            first.get_or_insert(sink);
            continue;
        }
        let range = guarded(|| {
            book.worksheet_range(&name)
                .map_err(|e| FileError::Workbook(e.to_string()))
        })?;
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

#[cfg(test)]
mod tests {
    use super::ods_cells;

    fn content(rows: &str) -> String {
        format!("<office:spreadsheet><table:table table:name=\"s\">{rows}</table:table></office:spreadsheet>")
    }
    const CELL: &str =
        "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";

    #[test]
    fn ods_cells_count_the_range_calamine_would_build() {
        // Two rows of three values.
        let two = format!("<table:table-row>{CELL}{CELL}{CELL}</table:table-row>").repeat(2);
        assert_eq!(ods_cells(content(&two).as_bytes()), 6);
        // LibreOffice's trailing filler: empty cells and rows repeated, never counted.
        let filler = format!(
            "<table:table-row>{CELL}</table:table-row><table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
        );
        assert_eq!(ods_cells(content(&filler).as_bytes()), 1);
        // A value repeated over 6,000 columns and 16,000 rows: 96 million cells.
        let bomb = "<table:table-row table:number-rows-repeated=\"16000\"><table:table-cell table:number-columns-repeated=\"6000\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>";
        assert_eq!(ods_cells(content(bomb).as_bytes()), 96_000_000);
        // Empty rows between two values are part of the range.
        let gap = format!(
            "<table:table-row>{CELL}{CELL}</table:table-row><table:table-row table:number-rows-repeated=\"999\"><table:table-cell/></table:table-row><table:table-row>{CELL}</table:table-row>"
        );
        assert_eq!(ods_cells(content(&gap).as_bytes()), 1001 * 2);
    }
}
