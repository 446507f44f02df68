//! `soaek export --format F`: the ledger (or the given files) for other tools — CSV
//! for Excel, JSON, Parquet, an hledger journal or beancount.

use super::args::Period;
use super::context::{categorizer, load_source, Global};
use super::output::write_output;
use super::status::{self, exit};
use crate::analysis;
use crate::i18n::{tr, Lang};
use crate::ledger::{netting, store, Ledger};
use crate::report::export::{self, Format};
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Statement files or folders (default: the ledger).
    files: Vec<PathBuf>,
    /// csv (Excel, UTF-8 with BOM), json, parquet, ledger (hledger) or beancount.
    #[arg(long, value_enum, ignore_case = true)]
    format: Format,
    #[command(flatten)]
    period: Period,
    /// Output file (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Column profile (TOML) for files auto-detection gets wrong.
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Only this phone line: its name, its number (010-****-1234) or - for the unnamed line.
    #[arg(long, value_name = "LINE")]
    line: Option<String>,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let (from, to) = args.period.range(g.lang)?;
    let categorizer = categorizer(g)?;
    let inputs = super::args::Inputs {
        files: args.files,
        profile: args.profile,
        as_of: None,
        line: args.line,
    };
    let (ledger, summary) = load_source(g, &inputs)?;
    let unreadable_rows = summary.files.iter().any(|f| !f.errors.is_empty());
    let entries = ledger.entries();
    let keep: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            let d = entries[i].tx.date();
            from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t)
        })
        .collect();
    let who = analysis::categories::classify(entries, &categorizer);
    let matches = netting::match_cancellations(entries);
    let rows = export::Rows {
        entries,
        matches: &matches,
        who: &who,
        keep,
    };
    let bytes = match args.format {
        Format::Csv => export::csv(&rows)?,
        Format::Json => export::json(&rows)?,
        Format::Ledger => export::ledger(&rows)?,
        Format::Beancount => export::beancount(&rows)?,
        Format::Parquet => {
            if args.output.is_none() {
                return Err(exit(
                    status::FAILED,
                    tr(
                        g.lang,
                        "parquet은 -o FILE로 파일에 씁니다",
                        "parquet needs -o FILE",
                    )
                    .to_string(),
                ));
            }
            let kept: Vec<_> = rows.keep.iter().map(|&i| entries[i].clone()).collect();
            store::to_parquet(Ledger::from_entries(kept).entries())?
        }
    };
    match &args.output {
        Some(path) => {
            write_output(path, &bytes, g.lang)?;
            eprintln!(
                "{} {} ({})",
                tr(g.lang, "작성:", "wrote"),
                path.display(),
                match g.lang {
                    Lang::Ko => format!("{}건", crate::words::count(rows.keep.len())),
                    Lang::En => format!("{} transactions", crate::words::count(rows.keep.len())),
                }
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(if unreadable_rows {
        status::ROWS
    } else {
        status::OK
    })
}
