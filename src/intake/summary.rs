//! The import summary of the stable JSON (`import` in docs/RULES.md): each file read,
//! its format, coverage, skipped rows and row errors, and the ledger's coverage.

use super::Batch;
use crate::coverage::{Coverage, MonthRange};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RowErrorJson {
    pub row: u32,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedRowJson {
    pub row: u32,
    pub reason: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub format: &'static str,
    pub encoding: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub header_row: u32,
    pub rows: u32,
    pub transactions: usize,
    /// The months this statement covers (its payments, widened to a stated period).
    pub covers: Option<MonthRange>,
    /// The period the statement states (조회기간), when it states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub states_period: Option<(NaiveDate, NaiveDate)>,
    pub skipped_rows: Vec<SkippedRowJson>,
    pub errors: Vec<RowErrorJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedFileJson {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub files: Vec<FileSummary>,
    /// Rows found again in overlapping exports (rule 3).
    pub duplicates: usize,
    /// Files in a folder that are not statements.
    pub skipped_files: Vec<SkippedFileJson>,
    /// Transactions after de-duplication.
    pub transactions: usize,
    pub cancellations_matched: usize,
    /// The months the statements cover, as `{from, to}` ranges.
    pub coverage: Vec<MonthRange>,
    /// Months between the first and the last covered month that no statement covers.
    pub coverage_gaps: Vec<MonthRange>,
    /// The last day the statements speak for.
    pub data_ends_on: Option<NaiveDate>,
    /// The phone lines of the statements, each with its coverage (rule 12); the
    /// analysis writes them out itself.
    #[serde(skip)]
    pub lines: crate::lines::Lines,
}

impl ImportSummary {
    /// The summary of a stored ledger: no files, its coverage and lines.
    pub fn of_coverage(c: Coverage, lines: crate::lines::Lines) -> ImportSummary {
        let mut s = ImportSummary {
            lines,
            ..ImportSummary::default()
        };
        s.set_coverage(&c);
        s
    }

    pub fn set_coverage(&mut self, c: &Coverage) {
        self.coverage = c.ranges.clone();
        self.coverage_gaps = c.gaps();
        self.data_ends_on = c.ends_on;
    }

    /// The coverage as the analysis uses it.
    pub fn coverage(&self) -> Coverage {
        Coverage {
            ranges: self.coverage.clone(),
            ends_on: self.data_ends_on,
        }
    }
    /// The files' part of the summary; `duplicates` is counted while merging.
    pub fn from_batch(batch: &Batch, lang: soaek_import::Lang) -> ImportSummary {
        let mut all = Coverage::default();
        let mut lines = crate::lines::Lines::default();
        let covers: Vec<Coverage> = batch
            .files
            .iter()
            .map(|f| Coverage::of_file(&f.import))
            .collect();
        for (f, c) in batch.files.iter().zip(&covers) {
            all.join(c);
            lines.join(&crate::lines::Lines::of_file(&f.import, c));
        }
        let mut summary = ImportSummary {
            files: batch
                .files
                .iter()
                .zip(&covers)
                .map(|(f, c)| FileSummary {
                    path: f.path.clone(),
                    format: f.import.format.id(),
                    encoding: f.import.encoding.id(),
                    delimiter: f.import.delimiter.map(|d| d.to_string()),
                    header_row: f.import.header_row,
                    rows: f.import.rows,
                    transactions: f.import.transactions.len(),
                    covers: c.ranges.first().copied(),
                    states_period: f.import.period,
                    skipped_rows: f
                        .import
                        .skipped
                        .iter()
                        .map(|s| SkippedRowJson {
                            row: s.row,
                            reason: s.reason.id(),
                        })
                        .collect(),
                    errors: f
                        .import
                        .errors
                        .iter()
                        .map(|e| RowErrorJson {
                            row: e.row,
                            column: e.column.clone(),
                            reason: e.reason.message(lang),
                        })
                        .collect(),
                })
                .collect(),
            duplicates: 0,
            skipped_files: batch
                .skipped_files
                .iter()
                .map(|s| SkippedFileJson {
                    path: s.path.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
            transactions: 0,
            cancellations_matched: 0,
            lines,
            ..ImportSummary::default()
        };
        summary.set_coverage(&all);
        summary
    }
}
