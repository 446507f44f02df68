//! `soaek recommend [FILE...]`: the limit to set for each cap, why, the seasonal plan
//! and this month's status (docs/RULES.md rules 4–8, 10).

use super::args::{Inputs, Limits};
use super::context::{carrier, run_analysis, Global};
use super::output::print_block;
use super::status;
use crate::report::{self, json::LimitStatusJson, json::RecommendationJson};
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    limits: Limits,
    /// Print JSON (the analyze JSON's recommendation block) instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let a = run_analysis(g, &args.inputs, args.limits)?;
    let carrier = carrier(g, &a)?;
    print_block(
        args.json,
        || {
            serde_json::json!({
                "as_of": a.as_of,
                "recommendation": a.recommendation.as_ref().map(|r| RecommendationJson::new(r, g.lang)),
                "statements_needed": a.statements_needed,
                "limit_status": a.limit_status.as_ref().map(|s| LimitStatusJson::new(s, g.lang)),
            })
        },
        || report::text::recommendation(&a, carrier, g.lang),
    )?;
    Ok(status::of_rows(&a))
}
