//! Turning table rows into transactions: find the header, then parse each data row,
//! stopping at total rows and skipping notes. Row errors are collected, never dropped.

use crate::error::{FileError, Reason, RowError};
use crate::fields::{self, AmountError, StatusWord};
use crate::header::{self, ColumnMap, Role};
use crate::model::{Billing, Billings, Stamp, Status, Text, Texts, Transaction, Won};
use crate::profile::Profile;
use crate::table::{CellRef, ParallelSink, Row, RowSink};
use crate::vocabulary::vocabulary;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use compact_str::CompactString;

/// How far down a file the header may be.
const HEADER_SEARCH_ROWS: u32 = 100;

/// Why a row below the header was passed over. These are reported, not errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// 합계 / 총계 / 총 이용금액.
    Total,
    /// Text below or between the data (※ 안내, 비고 …).
    Note,
    /// 결제실패 / 거절: no money moved.
    Failed,
    /// The header repeated (multi-page exports).
    RepeatedHeader,
}

impl SkipReason {
    pub fn id(self) -> &'static str {
        match self {
            SkipReason::Total => "total",
            SkipReason::Note => "note",
            SkipReason::Failed => "failed_payment",
            SkipReason::RepeatedHeader => "repeated_header",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedRow {
    pub row: u32,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    SeekingHeader,
    Data,
    AfterTotal,
}

/// Collects the transactions, errors and skipped rows of one table.
#[derive(Debug)]
pub struct RowParser<'p> {
    profile: Option<&'p Profile>,
    state: State,
    pub map: ColumnMap,
    pub header_row: Option<u32>,
    /// Data rows below the header (blank rows not counted).
    pub rows: u32,
    pub transactions: Vec<Transaction>,
    pub errors: Vec<RowError>,
    pub skipped: Vec<SkippedRow>,
    /// Set when no header turned up within the first rows.
    pub no_header: bool,
    /// The header was found but a required column is missing (or the profile is wrong).
    pub header_error: Option<FileError>,
    /// A row above the data that looked like a header but lacked this required column.
    pub near_header: Option<&'static str>,
    /// Merchant, item and payment-kind texts seen so far: rows share one copy of each.
    texts: Texts,
    /// Billings seen so far: rows share one copy of each.
    billings: Billings,
    /// Line cells seen so far and their line ids (docs/RULES.md rule 12).
    line_ids: foldhash::HashMap<Box<str>, Option<Text>>,
    /// The period the statement states above its header (조회기간 …), if any.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// The earliest and the latest time of the transactions pushed.
    pub oldest: Option<NaiveDateTime>,
    pub newest: Option<NaiveDateTime>,
}

fn is_total_text(s: &str) -> bool {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    vocabulary()
        .rows
        .total
        .iter()
        .any(|w| t.starts_with(w.as_str()))
}

fn is_note_text(s: &str) -> bool {
    let t = s.trim_start();
    vocabulary()
        .rows
        .note
        .iter()
        .any(|p| t.starts_with(p.as_str()))
}

impl<'p> RowParser<'p> {
    /// A parser that has seen nothing yet.
    fn empty(profile: Option<&'p Profile>) -> Self {
        RowParser {
            profile,
            state: State::SeekingHeader,
            map: ColumnMap::default(),
            header_row: None,
            rows: 0,
            transactions: Vec::new(),
            errors: Vec::new(),
            skipped: Vec::new(),
            no_header: false,
            header_error: None,
            near_header: None,
            texts: Texts::default(),
            billings: Billings::default(),
            line_ids: Default::default(),
            period: None,
            oldest: None,
            newest: None,
        }
    }

    pub fn new(profile: Option<&'p Profile>) -> Self {
        let mut parser = RowParser::empty(profile);
        // `header_row = 0`: the file has no header; the profile numbers every column.
        if let Some(p) = profile.filter(|p| p.header_row == Some(0)) {
            let mut map = ColumnMap::default();
            if let Err(e) = p.apply(&mut map, &[]) {
                parser.header_error = Some(e);
            }
            parser.header_found(0, map);
        }
        parser
    }

    pub fn found_header(&self) -> bool {
        self.header_row.is_some()
    }

    fn try_header(&mut self, row_no: u32, row: &dyn Row) -> Option<ColumnMap> {
        let texts: Vec<String> = (0..row.len().min(header::MAX_HEADER_COLUMNS))
            .map(|c| row.cell(c).text().into_owned())
            .collect();
        let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
        let auto = ColumnMap::from_header(cells.iter().copied());
        if auto.is_none() && self.near_header.is_none() {
            self.near_header = crate::header::missing_in_header(cells.iter().copied());
        }
        let Some(profile) = self.profile else {
            return auto;
        };
        let is_header = match profile.header_row {
            Some(h) => h == row_no,
            None if profile.has_named_columns() => profile.names_match(&cells),
            None => auto.is_some(),
        };
        if !is_header {
            return None;
        }
        let mut map = auto.unwrap_or_else(|| ColumnMap {
            names: texts.clone(),
            ..Default::default()
        });
        if let Err(e) = profile.apply(&mut map, &cells) {
            self.header_error = Some(e);
        }
        Some(map)
    }

    fn header_found(&mut self, row_no: u32, mut map: ColumnMap) -> bool {
        // A profile says which column is which; without one, two equal names are a guess.
        if let (Some((a, b)), None) = (map.duplicate, self.profile) {
            self.header_error.get_or_insert(FileError::DuplicateColumn {
                name: map.names.get(a).cloned().unwrap_or_default(),
                columns: format!(
                    "{}, {}",
                    crate::header::column_letter(a),
                    crate::header::column_letter(b)
                ),
            });
        }
        if self.header_error.is_none() {
            if let Err(e) = map.require_merchant() {
                self.header_error = Some(e);
            }
        }
        self.map = map;
        self.header_row = Some(row_no);
        self.state = State::Data;
        self.header_error.is_none()
    }

    fn cell<'r>(&self, row: &'r dyn Row, role: Role) -> CellRef<'r> {
        self.map.get(role).map_or(CellRef::Empty, |c| row.cell(c))
    }

    fn error(&mut self, row: u32, role: Role, reason: Reason) {
        let column = self
            .map
            .get(role)
            .map_or_else(|| role.korean().to_string(), |c| self.map.column_label(c));
        self.errors.push(RowError {
            row,
            column,
            reason,
        });
    }

    fn parse_date(&self, cell: CellRef<'_>) -> Option<(NaiveDate, Option<NaiveTime>)> {
        match cell {
            CellRef::DateTime(dt) => Some((dt.date(), Some(dt.time()))),
            CellRef::Empty => None,
            other => {
                let text = other.text();
                match self.profile.and_then(|p| p.parse_date(&text)) {
                    Some(parsed) => parsed,
                    None => fields::parse_datetime(&text),
                }
            }
        }
    }

    fn parse_time(&self, cell: CellRef<'_>) -> Option<NaiveTime> {
        match cell {
            CellRef::DateTime(dt) => Some(dt.time()),
            // A time cell without a time format holds a fraction of a day.
            CellRef::Number(n) if (0.0..1.0).contains(&n) => {
                let secs = (n * 86_400.0).round() as u32;
                NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
            }
            CellRef::Number(n) if n.fract() == 0.0 && (0.0..240_000.0).contains(&n) => {
                fields::parse_time(&format!("{:06}", n as u32))
            }
            other => {
                let text = other.text();
                match self.profile.and_then(|p| p.parse_time(&text)) {
                    Some(parsed) => parsed,
                    None => fields::parse_time(&text),
                }
            }
        }
    }

    /// The cell's text, trimmed; `None` when blank or `-`.
    fn text_of<T>(cell: CellRef<'_>, make: impl FnOnce(&str) -> T) -> Option<T> {
        let t = cell.text();
        let t = fields::trim(&t);
        (!t.is_empty() && t != "-").then(|| make(t))
    }

    /// The cell's text shared with earlier rows that had the same text.
    fn shared_text(&mut self, row: &dyn Row, role: Role) -> Option<Text> {
        let texts = &mut self.texts;
        Self::text_of(
            self.map.get(role).map_or(CellRef::Empty, |c| row.cell(c)),
            |t| texts.get(t),
        )
    }

    fn data_row(&mut self, row_no: u32, row: &dyn Row) {
        let date_cell = self.cell(row, Role::Date);
        let date = self.parse_date(date_cell);
        if date.is_none() && row.is_blank() {
            return;
        }
        if date.is_none() {
            // Totals and notes are passed over, not errors.
            let first_text = (0..row.len()).map(|c| row.cell(c)).find(|c| !c.is_blank());
            let first_text = first_text
                .map(|c| c.text().into_owned())
                .unwrap_or_default();
            if (0..row.len().min(4)).any(|c| is_total_text(&row.cell(c).text())) {
                self.skipped.push(SkippedRow {
                    row: row_no,
                    reason: SkipReason::Total,
                });
                self.state = State::AfterTotal;
                return;
            }
            // A row with a merchant and an amount is a payment with a bad date, never a note.
            let payment_like = !self.cell(row, Role::Merchant).is_blank()
                && match self.cell(row, Role::Amount) {
                    CellRef::Number(_) => true,
                    CellRef::Text(s) => fields::parse_amount(s).is_ok(),
                    _ => false,
                };
            if !payment_like && (row.non_blank_count() <= 1 || is_note_text(&first_text)) {
                self.skipped.push(SkippedRow {
                    row: row_no,
                    reason: SkipReason::Note,
                });
                return;
            }
            // A header repeated mid-file is no wider than a header can be.
            let names: Vec<String> = (0..row.len().min(header::MAX_HEADER_COLUMNS))
                .map(|c| row.cell(c).text().into_owned())
                .collect();
            if ColumnMap::from_header(names.iter().map(String::as_str)).is_some() {
                self.skipped.push(SkippedRow {
                    row: row_no,
                    reason: SkipReason::RepeatedHeader,
                });
                return;
            }
        }
        self.rows += 1;
        let errors_before = self.errors.len();

        let time_cell = self.cell(row, Role::Time);
        let time = if time_cell.is_blank() {
            None
        } else {
            let t = self.parse_time(time_cell);
            if t.is_none() {
                self.error(
                    row_no,
                    Role::Time,
                    Reason::BadTime(time_cell.text().into_owned()),
                );
            }
            t
        };
        if date.is_none() {
            let reason = if date_cell.is_blank() {
                Reason::Empty
            } else {
                Reason::BadDate(date_cell.text().into_owned())
            };
            self.error(row_no, Role::Date, reason);
        }

        let amount_cell = self.cell(row, Role::Amount);
        let amount = match amount_cell {
            CellRef::Number(n) => fields::amount_from_f64(n),
            CellRef::Text(s) if !fields::trim(s).is_empty() => fields::parse_amount(s),
            CellRef::DateTime(_) => Err(AmountError::Bad),
            _ => {
                self.error(row_no, Role::Amount, Reason::Empty);
                Err(AmountError::Bad)
            }
        };
        if let Err(e) = amount {
            if !amount_cell.is_blank() {
                let v = amount_cell.text().into_owned();
                let reason = match e {
                    AmountError::Bad => Reason::BadAmount(v),
                    AmountError::TooLarge => Reason::AmountTooLarge(v),
                    AmountError::NotWhole => Reason::NotWholeWon(v),
                };
                self.error(row_no, Role::Amount, reason);
            }
        }

        let status_cell = self.cell(row, Role::Status);
        let word = fields::parse_status(&status_cell.text());
        if word.is_none() {
            self.error(
                row_no,
                Role::Status,
                Reason::UnknownStatus(status_cell.text().into_owned()),
            );
        }

        let merchant = self.shared_text(row, Role::Merchant);
        let item = self.shared_text(row, Role::Item);
        let merchant = match merchant.or_else(|| item.clone()) {
            Some(m) => Some(m),
            None => {
                self.error(row_no, Role::Merchant, Reason::Empty);
                None
            }
        };

        if self.errors.len() > errors_before {
            return;
        }
        let (Some((d, date_time)), Ok(amount), Some(word), Some(merchant)) =
            (date, amount, word, merchant)
        else {
            return;
        };
        let status = match word {
            StatusWord::Failed => {
                self.skipped.push(SkippedRow {
                    row: row_no,
                    reason: SkipReason::Failed,
                });
                return;
            }
            StatusWord::Is(s) if s.is_cancellation() => s,
            // A negative amount is a cancellation whatever the status column says.
            _ if amount < 0 => Status::Cancelled,
            StatusWord::Is(s) => s,
            StatusWord::Blank => Status::Approved,
        };
        let time_known = time.is_some() || date_time.is_some();
        let at = NaiveDateTime::new(d, time.or(date_time).unwrap_or(NaiveTime::MIN));
        let pay_kind = self.shared_text(row, Role::Kind);
        // The billing column, else a payment kind that names the cap (결제구분 콘텐츠이용료).
        let content = fields::billed_as_content(&self.cell(row, Role::Billing).text())
            .or_else(|| pay_kind.as_deref().and_then(fields::billed_as_content));
        let line = self.line_of(row);
        self.oldest = Some(self.oldest.map_or(at, |o| o.min(at)));
        self.newest = self.newest.max(Some(at));
        self.transactions.push(Transaction {
            stamp: Stamp::new(at, time_known, status),
            merchant,
            item,
            amount: Won(amount.abs()),
            approval_no: Self::text_of(self.cell(row, Role::Approval), |t| CompactString::from(t)),
            billing: self.billings.get(Billing {
                pay_kind,
                content,
                line,
            }),
            source_row: row_no,
            repeat: 0,
        });
    }

    /// The row's line id, masked ([`crate::line::line_id`]); one id per distinct cell.
    fn line_of(&mut self, row: &dyn Row) -> Option<Text> {
        let cell = self.cell(row, Role::Line);
        if cell.is_blank() {
            return None;
        }
        let raw = cell.text();
        if let Some(id) = self.line_ids.get(&*raw) {
            return id.clone();
        }
        let id = crate::line::line_id(&raw).map(|id| self.texts.get(&id));
        self.line_ids.insert(raw.into(), id.clone());
        id
    }
}

impl RowSink for RowParser<'_> {
    fn push(&mut self, row_no: u32, row: &dyn Row) -> Result<bool, FileError> {
        match self.state {
            State::SeekingHeader => {
                if row_no > HEADER_SEARCH_ROWS && self.profile.and_then(|p| p.header_row).is_none()
                {
                    self.no_header = true;
                    return Ok(false);
                }
                if row.is_blank() {
                    return Ok(true);
                }
                if let Some(map) = self.try_header(row_no, row) {
                    return Ok(self.header_found(row_no, map));
                }
                // A title line may state the period the statement covers.
                if self.period.is_none() {
                    let cells: Vec<String> = (0..row.len().min(16))
                        .map(|c| row.cell(c).text().into_owned())
                        .collect();
                    self.period = cells
                        .iter()
                        .find_map(|c| fields::parse_period(c))
                        .or_else(|| fields::parse_period(&cells.join(" ")));
                }
            }
            // A blank row has no date: [`data_row`] passes it over then.
            State::Data => self.data_row(row_no, row),
            State::AfterTotal => {
                if !row.is_blank() {
                    self.skipped.push(SkippedRow {
                        row: row_no,
                        reason: SkipReason::Note,
                    });
                }
            }
        }
        Ok(true)
    }
}

impl ParallelSink for RowParser<'_> {
    /// Below the header each row stands alone (a total row only turns the rest into
    /// notes, which [`join`](ParallelSink::join) redoes).
    fn can_fork(&self) -> bool {
        self.state == State::Data && self.header_error.is_none()
    }

    fn fork(&self) -> Self {
        RowParser {
            state: self.state,
            map: self.map.clone(),
            header_row: self.header_row,
            ..RowParser::empty(self.profile)
        }
    }

    fn reserve(&mut self, rows: usize) {
        self.transactions.reserve(rows);
    }

    /// The rows' results move out; the texts seen stay (one copy per worker, not per
    /// chunk) and so do the header's map, and the state is the fork's again.
    fn take(&mut self) -> Self {
        let rows = RowParser {
            state: self.state,
            rows: std::mem::take(&mut self.rows),
            transactions: std::mem::take(&mut self.transactions),
            errors: std::mem::take(&mut self.errors),
            skipped: std::mem::take(&mut self.skipped),
            oldest: self.oldest.take(),
            newest: self.newest.take(),
            ..RowParser::empty(self.profile)
        };
        self.state = State::Data;
        rows
    }

    fn join(&mut self, mut part: Self) {
        if self.state == State::AfterTotal {
            // The part was read as data, but a total came before it: every row it saw
            // (each left a transaction, an error or a skip) is a note after the total.
            let mut rows: Vec<u32> = part
                .transactions
                .iter()
                .map(|t| t.source_row)
                .chain(part.errors.iter().map(|e| e.row))
                .chain(part.skipped.iter().map(|s| s.row))
                .collect();
            rows.sort_unstable();
            rows.dedup();
            self.skipped.extend(rows.into_iter().map(|row| SkippedRow {
                row,
                reason: SkipReason::Note,
            }));
            return;
        }
        self.rows += part.rows;
        self.oldest = match (self.oldest, part.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.newest = self.newest.max(part.newest);
        self.transactions.append(&mut part.transactions);
        self.errors.append(&mut part.errors);
        self.skipped.append(&mut part.skipped);
        self.state = part.state;
    }
}
