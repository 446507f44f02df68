//! `soaek list`: the ledger like the carrier's history screen (이용내역), as a table,
//! JSON or CSV.

use super::args::Period;
use super::context::Global;
use super::status;
use crate::report;
use anyhow::Result;
use soaek_import::Status;

/// Which rows to show.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Approved,
    Cancelled,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    period: Period,
    /// all, approved or cancelled rows.
    #[arg(long, value_enum, default_value = "all")]
    status: StatusFilter,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV (UTF-8 with a BOM, for Excel).
    #[arg(long)]
    csv: bool,
    /// Only this phone line: its name, its number (010-****-1234) or - for the unnamed line.
    #[arg(long, value_name = "LINE")]
    line: Option<String>,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let (from, to) = args.period.range(g.lang)?;
    let inputs = super::args::Inputs {
        line: args.line,
        ..Default::default()
    };
    let (ledger, _) = super::context::load_source(g, &inputs)?;
    let rows: Vec<_> = ledger
        .entries()
        .iter()
        .filter(|e| from.is_none_or(|d| e.tx.date() >= d))
        .filter(|e| to.is_none_or(|d| e.tx.date() <= d))
        .filter(|e| match args.status {
            StatusFilter::All => true,
            StatusFilter::Approved => e.tx.status() == Status::Approved,
            StatusFilter::Cancelled => e.tx.status().is_cancellation(),
        })
        .collect();
    let out = if args.json {
        (report::json::rows_json(&rows)? + "\n").into_bytes()
    } else if args.csv {
        report::json::rows_csv(&rows)?
    } else {
        report::text::history(&rows, g.lang).into_bytes()
    };
    use std::io::Write;
    std::io::stdout().write_all(&out)?;
    Ok(status::OK)
}
