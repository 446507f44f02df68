//! `soaek alerts [FILE...]`: suspicious payments, with what to do. Exit status 3 when
//! a high-severity one is shown.

use super::args::{parse_date, Inputs, Limits};
use super::context::{run_analysis, Global};
use super::output::print_block;
use super::status;
use crate::analysis::alerts::Severity;
use crate::report::{self, json::AlertJson};
use anyhow::Result;
use chrono::NaiveDate;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    #[command(flatten)]
    limits: Limits,
    /// Print JSON (the analyze JSON's alerts) instead of a table.
    #[arg(long)]
    json: bool,
    /// Only alerts on or after this date.
    #[arg(long, value_parser = parse_date)]
    since: Option<NaiveDate>,
    /// low, medium or high.
    #[arg(long, value_enum, default_value = "low", ignore_case = true)]
    min_severity: Severity,
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    let mut a = run_analysis(g, &args.inputs, args.limits)?;
    a.alerts
        .retain(|x| x.severity >= args.min_severity && args.since.is_none_or(|d| x.at.date() >= d));
    print_block(
        args.json,
        || {
            let alerts: Vec<_> = a.alerts.iter().map(|x| AlertJson::new(x, g.lang)).collect();
            serde_json::json!({ "as_of": a.as_of, "alerts": alerts })
        },
        || report::text::alerts(&a, g.lang) + &report::text::per_line(&a, g.lang),
    )?;
    Ok(if a.alerts.iter().any(|x| x.severity == Severity::High) {
        status::HIGH_ALERT
    } else {
        status::of_rows(&a)
    })
}
