//! `soaek report [FILE...] --out DIR`: the report folder — report.html (one
//! self-contained page), the PNG charts, analysis.json and summary.txt.

use super::args::{Inputs, Limits};
use super::context::{analysis_and_ledger, carrier, leave_to_exit, Global};
use super::output::write_reports;
use super::status;
use crate::i18n::tr;
use crate::report;
use anyhow::Result;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    limits: Limits,
    /// The folder to write.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let lang = g.lang;
    let (a, ledger) = analysis_and_ledger(g, &args.inputs, args.limits)?;
    let dir = &args.out;
    let charts = report::charts::all(&a, lang)?;
    crate::timing::mark("charts");
    let carrier = carrier(g, &a)?;
    let html = report::html::page(
        &a,
        &charts,
        ledger.entries(),
        carrier,
        report::html::Place::Main,
        lang,
    )?;
    // Each line of a household: the same report from its own payments (rule 12).
    let mut line_pages: Vec<(String, Vec<u8>)> = Vec::new();
    for (n, l) in a.lines.iter().enumerate() {
        let entries: Vec<crate::ledger::Entry> = ledger
            .entries()
            .iter()
            .filter(|e| l.group.holds(e.tx.line()))
            .cloned()
            .collect();
        let charts = report::charts::all(&l.analysis, lang)?;
        let page = report::html::page(
            &l.analysis,
            &charts,
            &entries,
            carrier,
            report::html::Place::Line {
                household: "report.html",
            },
            lang,
        )?;
        line_pages.push((report::html::line_page(n), page.into_bytes()));
    }
    leave_to_exit(ledger);
    crate::timing::mark("html");
    let json = report::json::analysis(&a, lang)?;
    let text = report::text::analysis(&a, lang);
    write_reports(
        dir,
        charts
            .iter()
            .map(|c| (c.file, c.png.as_slice()))
            .chain([
                ("report.html", html.as_bytes()),
                ("analysis.json", json.as_bytes()),
                ("summary.txt", text.as_bytes()),
            ])
            .chain(line_pages.iter().map(|(f, b)| (f.as_str(), b.as_slice()))),
    )?;
    print!("{text}");
    eprintln!(
        "{} {}",
        tr(lang, "보고서:", "report:"),
        dir.join("report.html").display()
    );
    Ok(status::of_rows(&a))
}
