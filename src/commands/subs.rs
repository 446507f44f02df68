//! `soaek subs [FILE...]`: the recurring subscriptions (구독) — cadence, cost, next
//! charge, stopped ones, price changes — and what cancelling some would save.

use super::args::{Inputs, Limits};
use super::context::{run_analysis, Global};
use super::output::print_block;
use super::status;
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Print JSON (the analyze JSON's subscription blocks) instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let a = run_analysis(g, &args.inputs, Limits::default())?;
    print_block(
        args.json,
        || {
            serde_json::json!({
                "as_of": a.as_of,
                "subscriptions": a.subscriptions,
                "subscription_summary": a.subscription_summary,
            })
        },
        || report::text::subscriptions(&a, g.lang) + &report::text::per_line(&a, g.lang),
    )?;
    Ok(status::of_rows(&a))
}
