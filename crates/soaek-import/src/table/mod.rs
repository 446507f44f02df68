//! Reading a table out of a decoded file: one reader per format, all feeding rows one at
//! a time (with their 1-based spreadsheet row number) into a [`RowSink`], so that large
//! files stream.

pub mod csv;
pub mod html;
pub mod workbook;

use crate::error::FileError;
use chrono::NaiveDateTime;
use std::borrow::Cow;

/// One cell as a reader sees it. Only workbooks have numbers and real dates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    Empty,
    Text(&'a str),
    Number(f64),
    DateTime(NaiveDateTime),
}

impl CellRef<'_> {
    /// The cell as text (numbers without a needless `.0`).
    #[inline]
    pub fn text(&self) -> Cow<'_, str> {
        match *self {
            CellRef::Empty => Cow::Borrowed(""),
            CellRef::Text(s) => Cow::Borrowed(s),
            _ => self.written(),
        }
    }

    /// A workbook's number or date, written out.
    #[cold]
    fn written(&self) -> Cow<'_, str> {
        match *self {
            CellRef::Empty => Cow::Borrowed(""),
            CellRef::Text(s) => Cow::Borrowed(s),
            CellRef::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                Cow::Owned(format!("{}", n as i64))
            }
            CellRef::Number(n) => Cow::Owned(n.to_string()),
            CellRef::DateTime(dt) => Cow::Owned(dt.format("%Y-%m-%d %H:%M:%S").to_string()),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }
}

/// A row of cells; columns past its end are empty.
pub trait Row {
    fn len(&self) -> usize;
    fn cell(&self, col: usize) -> CellRef<'_>;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn is_blank(&self) -> bool {
        (0..self.len()).all(|c| self.cell(c).is_blank())
    }

    fn non_blank_count(&self) -> usize {
        (0..self.len())
            .filter(|&c| !self.cell(c).is_blank())
            .count()
    }
}

impl Row for Vec<String> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn cell(&self, col: usize) -> CellRef<'_> {
        self.get(col).map_or(CellRef::Empty, |s| CellRef::Text(s))
    }
}

/// Where readers send rows. `Ok(false)` asks the reader to stop early.
pub trait RowSink {
    fn push(&mut self, row_no: u32, row: &dyn Row) -> Result<bool, FileError>;
}

/// A sink whose rows, past some point, no longer depend on each other: it can hand out
/// forks that parse later rows on other threads, then take their results back in order.
pub trait ParallelSink: RowSink + Send + Sized {
    /// Whether the rows from here on can go to forks.
    fn can_fork(&self) -> bool;
    /// A sink for later rows, in the state this one is in now.
    fn fork(&self) -> Self;
    /// Take a fork's results; forks are joined in the order of their rows.
    fn join(&mut self, part: Self);
    /// Make room for about this many more rows' results (an estimate).
    fn reserve(&mut self, rows: usize);
    /// Move the results of the rows pushed since the fork (or the last `take`) into a
    /// sink of their own, to [`join`](ParallelSink::join); this fork is left as it was
    /// made, ready for later rows.
    fn take(&mut self) -> Self;
}
