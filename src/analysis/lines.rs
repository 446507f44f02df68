//! A household's lines (docs/RULES.md rule 12): limits are set per phone line, so when
//! the data holds several lines each is analyzed again from its own payments and the
//! months its own statements cover (rules 4–11 unchanged), next to the household
//! total.

use super::limit::LimitOptions;
use super::{analyze, Analysis};
use crate::intake::ImportSummary;
use crate::ledger::{Entry, Ledger};
use crate::lines::{LineGroup, Lines};
use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use soaek_merchants::Categorizer;

/// One line's own analysis.
#[derive(Debug, Clone)]
pub struct LineAnalysis {
    pub group: LineGroup,
    pub analysis: Analysis,
}

/// The lines of `entries` as the summary names and covers them.
pub fn groups(entries: &[Entry], import: &ImportSummary) -> Vec<LineGroup> {
    use rayon::prelude::*;
    // The lines present, each core noting its half's (a run of one line once): the
    // groups are kept by id, in no order of the payments.
    let present: Vec<Option<&str>> = entries
        .par_chunks(entries.len().div_ceil(2).max(1))
        .flat_map_iter(|half| {
            crate::lines::distinct(half.iter().map(|e| e.tx.line())).collect::<Vec<_>>()
        })
        .collect();
    import.lines.groups(present.into_iter(), &import.coverage())
}

/// The payments of `group` alone, with a summary holding only its coverage and lines:
/// what `--line` analyzes, and what each line of a household is analyzed from.
pub fn only(ledger: &Ledger, import: &ImportSummary, group: &LineGroup) -> (Ledger, ImportSummary) {
    // The ledger is in canonical order; a part of it taken in order is too.
    let entries: Vec<Entry> = ledger
        .entries()
        .iter()
        .filter(|e| group.holds(e.tx.line()))
        .cloned()
        .collect();
    let lines = Lines(
        import
            .lines
            .0
            .iter()
            .filter(|(id, _)| group.ids.contains(id))
            .map(|(id, info)| (id.clone(), info.clone()))
            .collect(),
    );
    let mut summary = ImportSummary::of_coverage(group.coverage.clone(), lines);
    summary.files = import.files.clone();
    summary.duplicates = import.duplicates;
    (Ledger::from_sorted(entries), summary)
}

/// The limit options of one line: the household's steps and seasons; its current limits
/// and budget are the household's, not a line's, so none; child as marked.
pub fn options_for(group: &LineGroup, household: &LimitOptions) -> LimitOptions {
    LimitOptions {
        current_limit: None,
        content_limit: None,
        budget: None,
        child: group.child,
        ..household.clone()
    }
}

/// Each line analyzed alone, as of the household's as-of date.
pub fn each(
    ledger: &Ledger,
    import: &ImportSummary,
    groups: &[LineGroup],
    as_of: NaiveDate,
    today: NaiveDate,
    categorizer: &Categorizer,
    limits: &LimitOptions,
) -> Result<Vec<LineAnalysis>> {
    groups
        .par_iter()
        .map(|group| {
            let (ledger, summary) = only(ledger, import, group);
            let analysis = analyze(
                &ledger,
                summary,
                Some(as_of),
                today,
                categorizer,
                &options_for(group, limits),
            )?;
            Ok(LineAnalysis {
                group: group.clone(),
                analysis,
            })
        })
        .collect()
}

/// A line at a glance, for `soaek lines`: its payments and net spend.
#[derive(Debug, Clone)]
pub struct LineSummary {
    pub group: LineGroup,
    /// Rows (approvals and cancellations).
    pub payments: usize,
    /// Approved − cancelled, all months.
    pub net: i64,
}

/// Every line of `entries`, with its payments and net spend.
pub fn summaries(entries: &[Entry], groups: Vec<LineGroup>) -> Vec<LineSummary> {
    let mut out: Vec<LineSummary> = groups
        .into_iter()
        .map(|group| LineSummary {
            group,
            payments: 0,
            net: 0,
        })
        .collect();
    let index: foldhash::HashMap<String, usize> = out
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.group.ids.iter().map(move |id| (id.clone(), i)))
        .collect();
    for e in entries {
        let id = e.tx.line().unwrap_or(crate::lines::UNNAMED);
        if let Some(&i) = index.get(id) {
            out[i].payments += 1;
            out[i].net += e.tx.signed_amount();
        }
    }
    out
}
