//! HTML tables (often saved as .xls by Korean sites) through the `scraper` HTML parser.
//! The table with the most rows is the statement.

use super::RowSink;
use crate::error::FileError;
use scraper::{ElementRef, Html, Selector};

fn selector(s: &str) -> Selector {
    // The selectors are constants; parsing them cannot fail.
    Selector::parse(s).unwrap_or_else(|_| unreachable!("constant selector {s}"))
}

/// Text of a cell with runs of whitespace folded to one space.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut out = String::new();
    for part in cell.text() {
        for word in part.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

pub fn read(text: &str, sink: &mut dyn RowSink) -> Result<(), FileError> {
    let doc = Html::parse_document(text);
    let (table_sel, tr_sel, cell_sel) = (selector("table"), selector("tr"), selector("td, th"));
    let table = doc
        .select(&table_sel)
        .max_by_key(|t| t.select(&tr_sel).count())
        .ok_or(FileError::NoTable)?;
    for (i, tr) in table.select(&tr_sel).enumerate() {
        let cells: Vec<String> = tr.select(&cell_sel).map(cell_text).collect();
        let row_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if !sink.push(row_no, &cells)? {
            break;
        }
    }
    Ok(())
}
