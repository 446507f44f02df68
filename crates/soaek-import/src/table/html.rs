//! HTML tables (often saved as .xls by Korean sites) through the `scraper` HTML parser.
//! The table with the most rows of its own is the statement; its rows are its own `<tr>`
//! and their cells its own `<td>`/`<th>` (a table nested in a cell gives that cell text).
//!
//! Cost stays linear in the document: tables are found in one walk of the tree, and
//! tables nested deeper than [`MAX_TABLE_DEPTH`], or block elements deeper than
//! [`MAX_BLOCK_DEPTH`], are refused before parsing (the HTML parser scans its stack of
//! open elements at such tags, so deep nesting is quadratic).

use super::RowSink;
use crate::error::FileError;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// Tables inside tables: real statements use two or three levels.
pub const MAX_TABLE_DEPTH: usize = 32;

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

/// Block elements the HTML parser checks its whole stack of open elements for at each
/// start tag (to close an open `<p>`): nested deeply, parsing is quadratic (100,000
/// nested `<div>`s once took a minute). Real pages close them.
const BLOCKS: [&[u8]; 24] = [
    b"div",
    b"table",
    b"section",
    b"article",
    b"aside",
    b"blockquote",
    b"center",
    b"dl",
    b"fieldset",
    b"figure",
    b"footer",
    b"header",
    b"main",
    b"nav",
    b"ol",
    b"ul",
    b"form",
    b"pre",
    b"address",
    b"details",
    b"dialog",
    b"menu",
    b"hgroup",
    b"listing",
];

/// How deep block elements may nest.
pub const MAX_BLOCK_DEPTH: usize = 256;

/// The deepest `<table>` nesting and the deepest nesting of [`BLOCKS`] in the raw text
/// (case-insensitive tags; these elements are closed only by their end tag, so the
/// count is exact for well-formed pages and an overestimate only for unclosed ones).
fn depths(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut tables, mut deepest_table) = (0usize, 0usize);
    let (mut blocks, mut deepest_block) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        let closing = rest.first() == Some(&b'/');
        let name = if closing { &rest[1..] } else { rest };
        let len = name
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        let tag = &name[..len];
        let ends_well = name
            .get(len)
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
        if !ends_well || !BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(tag)) {
            continue;
        }
        let table = tag.eq_ignore_ascii_case(b"table");
        if closing {
            blocks = blocks.saturating_sub(1);
            if table {
                tables = tables.saturating_sub(1);
            }
        } else {
            blocks += 1;
            deepest_block = deepest_block.max(blocks);
            if table {
                tables += 1;
                deepest_table = deepest_table.max(tables);
            }
        }
    }
    (deepest_table, deepest_block)
}

fn is(node: &Node, name: &str) -> bool {
    node.as_element().is_some_and(|e| e.name() == name)
}

/// The rows of the table with the most rows of its own, each as its cells' text, and
/// the number of tree edges walked (twice the nodes, once per walk).
fn statement_rows(doc: &Html) -> (Option<Vec<Vec<String>>>, usize) {
    let mut steps = 0;
    // First walk: rows per table, each row counted for its innermost table.
    let mut rows_of: Vec<usize> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for edge in doc.tree.root().traverse() {
        steps += 1;
        match edge {
            Edge::Open(n) if is(n.value(), "table") => {
                open.push(rows_of.len());
                rows_of.push(0);
            }
            Edge::Close(n) if is(n.value(), "table") => {
                open.pop();
            }
            Edge::Open(n) if is(n.value(), "tr") => {
                if let Some(&t) = open.last() {
                    rows_of[t] += 1;
                }
            }
            _ => {}
        }
    }
    // The last of the tables with the most rows, as before.
    let Some(chosen) = (0..rows_of.len()).max_by_key(|&t| rows_of[t]) else {
        return (None, steps);
    };
    // Second walk: the chosen table's own rows and cells.
    let mut rows = Vec::with_capacity(rows_of[chosen]);
    let (mut tables, mut open, mut in_row) = (0usize, Vec::new(), Vec::new());
    for edge in doc.tree.root().traverse() {
        steps += 1;
        match edge {
            Edge::Open(n) if is(n.value(), "table") => {
                open.push(tables);
                tables += 1;
            }
            Edge::Close(n) if is(n.value(), "table") => {
                open.pop();
            }
            Edge::Open(n) if is(n.value(), "tr") => {
                let mine = open.last() == Some(&chosen);
                in_row.push(mine);
                if mine {
                    rows.push(Vec::new());
                }
            }
            Edge::Close(n) if is(n.value(), "tr") => {
                in_row.pop();
            }
            // A cell of the chosen table's own row (not of a table nested in it).
            Edge::Open(n)
                if (is(n.value(), "td") || is(n.value(), "th"))
                    && in_row.last() == Some(&true)
                    && open.last() == Some(&chosen) =>
            {
                if let (Some(row), Some(cell)) = (rows.last_mut(), ElementRef::wrap(n)) {
                    row.push(cell_text(cell));
                }
            }
            _ => {}
        }
    }
    (Some(rows), steps)
}

pub fn read(text: &str, sink: &mut dyn RowSink) -> Result<(), FileError> {
    let (tables, blocks) = depths(text);
    if tables > MAX_TABLE_DEPTH {
        return Err(FileError::TablesTooDeep(MAX_TABLE_DEPTH));
    }
    if blocks > MAX_BLOCK_DEPTH {
        return Err(FileError::TablesTooDeep(MAX_BLOCK_DEPTH));
    }
    let doc = Html::parse_document(text);
    let rows = statement_rows(&doc).0.ok_or(FileError::NoTable)?;
    for (i, cells) in rows.iter().enumerate() {
        let row_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if !sink.push(row_no, cells)? {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_is_the_table_with_most_rows_of_its_own() {
        let html = "<table><tr><td>제목</td></tr><tr><td><table>\
            <tr><th>결제일시</th><th>금액</th></tr>\
            <tr><td>2025-05-11</td><td>1,000<table><tr><td>x</td></tr></table></td></tr>\
            <tr><td>2025-05-12</td><td>2,000</td></tr></table></td></tr></table>";
        let doc = Html::parse_document(html);
        let rows = statement_rows(&doc).0.unwrap();
        assert_eq!(
            rows,
            [
                vec!["결제일시", "금액"],
                vec!["2025-05-11", "1,000 x"],
                vec!["2025-05-12", "2,000"]
            ]
        );
    }

    #[test]
    fn nesting_is_measured_and_the_walk_is_linear() {
        assert_eq!(
            depths("<TABLE><tr><td><table ><tr></table></Table>"),
            (2, 2)
        );
        assert_eq!(depths("<tables><tablex>"), (0, 0));
        assert_eq!(
            depths("<div><div class=x><table></table></div></div><div>"),
            (1, 3)
        );
        assert_eq!(depths("<divx><p><b><i><font>"), (0, 0));
        // Nested as deep as allowed, or wide: the work is two steps per node and walk.
        for (open, close, n) in [
            ("<table><tr><td>", "</td></tr></table>", MAX_TABLE_DEPTH),
            ("<table><tr><td>a</td></tr></table>", "", 2_000),
        ] {
            let html = format!("{}{}", open.repeat(n), close.repeat(n));
            let doc = Html::parse_document(&html);
            let nodes = doc.tree.nodes().count();
            let steps = statement_rows(&doc).1;
            assert_eq!(steps, 4 * nodes, "{n}");
        }
        struct Nothing;
        impl RowSink for Nothing {
            fn push(&mut self, _: u32, _: &dyn super::super::Row) -> Result<bool, FileError> {
                Ok(true)
            }
        }
        let deep = "<table><tr><td>".repeat(MAX_TABLE_DEPTH + 1);
        assert_eq!(
            read(&deep, &mut Nothing),
            Err(FileError::TablesTooDeep(MAX_TABLE_DEPTH))
        );
        let divs = format!(
            "{}<table><tr><td>x</table>",
            "<div>".repeat(MAX_BLOCK_DEPTH + 1)
        );
        assert_eq!(
            read(&divs, &mut Nothing),
            Err(FileError::TablesTooDeep(MAX_BLOCK_DEPTH))
        );
    }
}
