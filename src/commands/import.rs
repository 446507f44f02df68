//! `soaek import FILE...`: add statements to the ledger, all or nothing unless
//! `--skip-bad-rows`; duplicates are skipped and cancellations matched (docs/RULES.md
//! rules 2–3).

use super::context::{leave_to_exit, read_batch, report_problems, Global};
use super::status;
use crate::coverage::Coverage;
use crate::i18n::Lang;
use crate::ledger::{netting, store, Ledger, MergeStats};
use crate::month::Month;
use crate::report;
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Statement files or folders.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Column profile (TOML) for files auto-detection gets wrong.
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Import the readable rows even when some rows cannot be read.
    #[arg(long)]
    skip_bad_rows: bool,
    /// The phone line these statements are for (a name such as 민준, or the number),
    /// for rows whose statement names no line.
    #[arg(long, value_name = "NAME")]
    line: Option<String>,
    /// Import a statement whose payments are already in the ledger under another line
    /// (two lines that really paid the same).
    #[arg(long)]
    another_line: bool,
}

/// A statement already in the ledger under another line: most of its rows without an
/// approval number (which would be added again, their line being part of their key) are
/// there with the same time, merchant, amount and status on a different line. Gives the
/// rows found, the rows looked at and the other line.
fn already_under_another_line(
    ledger: &Ledger,
    txs: &[soaek_import::Transaction],
) -> Option<(usize, usize, String)> {
    type Seen<'a> = (chrono::NaiveDateTime, &'a str, i64, soaek_import::Status);
    let mut lines_of: foldhash::HashMap<Seen<'_>, Vec<Option<&str>>> = Default::default();
    for e in ledger
        .entries()
        .iter()
        .filter(|e| e.tx.approval_no.is_none())
    {
        let t = &e.tx;
        lines_of
            .entry((t.at(), &t.merchant, t.amount.0, t.status()))
            .or_default()
            .push(t.line());
    }
    let rows: Vec<&soaek_import::Transaction> =
        txs.iter().filter(|t| t.approval_no.is_none()).collect();
    let mut other: foldhash::HashMap<Option<&str>, usize> = Default::default();
    for t in &rows {
        let Some(lines) = lines_of.get(&(t.at(), &*t.merchant, t.amount.0, t.status())) else {
            continue;
        };
        if !lines.contains(&t.line()) {
            *other.entry(lines[0]).or_default() += 1;
        }
    }
    let (line, found) = other.into_iter().max_by_key(|(_, n)| *n)?;
    // Most of the statement: two lines sharing a few same-day subscriptions are not a copy.
    (rows.len() >= 3 && found * 5 >= rows.len() * 4).then(|| {
        (
            found,
            rows.len(),
            line.unwrap_or(crate::lines::UNNAMED).to_string(),
        )
    })
}

fn matched_count(ledger: &Ledger) -> usize {
    netting::match_cancellations(ledger.entries())
        .iter()
        .filter(|m| m.is_some())
        .count()
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let lang = g.lang;
    crate::timing::mark("start");
    let mut batch = read_batch(&args.files, args.profile.as_deref(), lang)?;
    crate::timing::mark("read files");
    if let Some(name) = &args.line {
        if !crate::intake::name_line(&mut batch, name) {
            let line = match lang {
                Lang::Ko => "--line에는 회선의 이름이나 번호를 쓰세요 (예: --line 민준).",
                Lang::En => "--line takes the line's name or number (e.g. --line Minjun).",
            };
            return Err(status::usage(line.to_string(), lang));
        }
    }
    report_problems(&batch, lang, true);
    let errors = batch.row_errors();
    if errors > 0 && !args.skip_bad_rows {
        let errors = crate::words::count(errors);
        eprintln!(
            "{}",
            match lang {
                Lang::Ko => format!("가져오지 않았습니다: 읽을 수 없는 행 {errors}건. 원장은 그대로입니다. 나머지만 가져오려면 --skip-bad-rows를 쓰세요."),
                Lang::En => format!("nothing imported: {errors} rows could not be read. The ledger is unchanged. Use --skip-bad-rows to import the rest."),
            }
        );
        return Ok(status::ROWS);
    }
    let path = g.ledger_path()?;
    let _lock = store::lock(&path)?;
    let stored = store::Stored::open_for_write(&path)?;
    // Only the months the files touch are read and rewritten, with their neighbours: a
    // re-export may move a payment across midnight at a month's end, and a cancellation
    // without a number matches an approval at most a month earlier (rule 2).
    let mut months = BTreeSet::new();
    for t in batch.files.iter().flat_map(|f| &f.import.transactions) {
        let m = Month::of(t.date());
        months.extend([m.plus(-1), m, m.plus(1)]);
    }
    let mut ledger = stored.load(Some(&months))?;
    crate::timing::mark("load ledger");
    // The ledger remembers the months its statements cover, whatever they held.
    let covered_before = stored.coverage(&ledger);
    let mut coverage = covered_before.clone();
    let lines_before = stored.lines();
    let mut lines = lines_before.clone();
    // A ledger from before lines: its payments are the unnamed line, covering what it covered.
    if lines.is_empty() && !covered_before.is_empty() {
        lines.0.insert(
            crate::lines::UNNAMED.to_string(),
            crate::lines::LineInfo {
                coverage: covered_before.clone(),
                ..Default::default()
            },
        );
    }
    for f in &batch.files {
        let covers = Coverage::of_file(&f.import);
        coverage.join(&covers);
        lines.join(&crate::lines::Lines::of_file(&f.import, &covers));
    }
    if !args.another_line {
        for f in &batch.files {
            if let Some((found, rows, other)) =
                already_under_another_line(&ledger, &f.import.transactions)
            {
                let other =
                    crate::words::line_name((!other.is_empty()).then_some(other.as_str()), lang);
                let (found, rows) = (crate::words::count(found), crate::words::count(rows));
                let line = match lang {
                    Lang::Ko => format!(
                        "{}: 결제 {rows}건 중 {found}건이 원장에 다른 회선({other})으로 이미 있어 가져오지 않았습니다. 같은 명세서라면 다시 넣지 말고 soaek lines label로 회선 이름을 바꾸세요. 정말 다른 회선의 결제라면 --another-line을 붙이세요.",
                        f.path
                    ),
                    Lang::En => format!(
                        "{}: {found} of its {rows} payments are already in the ledger under another line ({other}); nothing imported. If it is the same statement, rename the line with soaek lines label instead. If they really are another line's payments, add --another-line.",
                        f.path
                    ),
                };
                return Err(status::exit(status::FAILED, line));
            }
        }
    }
    let matched_before = matched_count(&ledger);
    let skipped = batch.files.iter().map(|f| f.import.skipped.len()).sum();
    let MergeStats { added, duplicates } = ledger.merge_files(
        batch
            .files
            .into_iter()
            .map(|f| f.import.transactions)
            .collect(),
    );
    let matched = matched_count(&ledger).saturating_sub(matched_before);
    crate::timing::mark("merge");
    if added > 0 || !path.exists() || coverage != covered_before || lines != lines_before {
        stored.save_with_lines(&ledger, &coverage, &lines)?;
    }
    crate::timing::mark("save ledger");
    leave_to_exit(ledger);
    println!(
        "{}",
        report::text::import_summary(added, duplicates, matched, skipped, errors, lang)
    );
    Ok(status::OK)
}
