//! `soaek categories [FILE...]`: spend per month and category, and the merchants no
//! rule or dictionary entry knows (the ones to write rules for).

use super::args::{Inputs, Limits};
use super::context::{run_analysis, Global};
use super::status;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let a = run_analysis(g, &args.inputs, Limits::default())?;
    print!(
        "{}{}",
        report::text::categories(&a, g.lang),
        report::text::per_line(&a, g.lang)
    );
    Ok(status::of_rows(&a))
}
