//! `soaek analyze [FILE...]`: the monthly figures, the three-month average and the
//! advice, as text or as the stable JSON (docs/RULES.md); the ledger is not changed.

use super::args::{Inputs, Limits};
use super::context::{run_analysis, Global};
use super::output::{is_broken_pipe, write_reports};
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
    /// Print the JSON instead of the text.
    #[arg(long)]
    json: bool,
    /// Also write analysis.json and summary.txt into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let lang = g.lang;
    let a = run_analysis(g, &args.inputs, args.limits)?;
    let Some(dir) = &args.out else {
        // Only to the screen: the JSON goes out as it is written, not held whole.
        if args.json {
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match report::json::write_analysis(&a, lang, out) {
                Err(e) if is_broken_pipe(&e) => {}
                done => done?,
            }
        } else {
            print!("{}", report::text::analysis(&a, lang));
        }
        crate::timing::mark("output");
        return Ok(status::of_rows(&a));
    };
    let json = report::json::analysis(&a, lang)?;
    let text = report::text::analysis(&a, lang);
    crate::timing::mark("output");
    if args.json {
        println!("{json}");
    } else {
        print!("{text}");
    }
    let files = [("analysis.json", &json), ("summary.txt", &text)];
    write_reports(dir, files.map(|(name, body)| (name, body.as_bytes())))?;
    for (name, _) in files {
        eprintln!(
            "{} {}",
            tr(lang, "작성:", "wrote"),
            dir.join(name).display()
        );
    }
    Ok(status::of_rows(&a))
}
