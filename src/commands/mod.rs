//! The command line: one file per subcommand (its clap `Args` and `run`), like xsv's
//! `src/cmd/`. [`Cli`] is the whole command line; [`Command`] lists the subcommands and
//! dispatches; `main.rs` only calls [`main`].
//!
//! Shared pieces: [`args`] (values people type and the option groups several commands
//! flatten), [`context`] (global options, settings, rules, reading what to analyze),
//! [`config`] (the settings file), [`output`] (stdout, report folders, output files), [`status`] (exit statuses and
//! error lines), [`help`] (the help in Korean).
//!
//! A new subcommand is a new file here with `Args` and `run`, and one variant in
//! [`Command`] (plus its Korean help lines in [`help`]).

pub mod args;
pub mod config;
pub mod context;
pub mod help;
pub mod output;
pub mod status;

mod alerts;
mod analyze;
mod categories;
mod completions;
mod export;
mod import;
mod ledger;
mod lines;
mod list;
mod manual;
mod recommend;
mod report;
mod rules;
mod subs;

pub use context::Global;

use crate::i18n::Lang;
use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "soaek",
    version,
    about = "휴대폰 소액결제·콘텐츠이용료 명세서 분석기 (offline)"
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add statement files (CSV, xlsx, xls, ods, HTML) to the ledger.
    Import(import::Args),
    /// Show the ledger like the carrier's history screen.
    List(list::Args),
    /// Monthly figures of the given files (or folders), or of the ledger when none are given.
    Analyze(analyze::Args),
    /// The report folder: report.html (self-contained), PNG charts, analysis.json, summary.txt.
    Report(report::Args),
    /// The monthly limit to set (3-month average, seasonal plan), and this month's status.
    Recommend(recommend::Args),
    /// Spend per month and category, and the merchants left uncategorized.
    Categories(categories::Args),
    /// Recurring subscriptions (구독): cadence, cost, next charge, stopped ones, price changes.
    Subs(subs::Args),
    /// Suspicious payments (night-time gift cards, bursts, double charges…); exit status 3 when a high one is found.
    Alerts(alerts::Args),
    /// Write the ledger (or the given files) as csv, json, parquet, an hledger journal or beancount.
    Export(export::Args),
    /// The household's phone lines: list them, name them, mark a child's, merge them.
    Lines(lines::Args),
    /// Merchant rules: test a name, or check a rules file.
    #[command(subcommand)]
    Rules(rules::Args),
    /// The ledger's own files: verify them, or rebuild them.
    #[command(subcommand)]
    Ledger(ledger::Args),
    /// Tab completion for your shell (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// The manual page (roff), or every command's page into a folder.
    Manual(manual::Args),
}

impl Command {
    pub fn run(self, g: &Global) -> Result<u8> {
        match self {
            Command::Import(a) => import::run(g, a),
            Command::List(a) => list::run(g, a),
            Command::Analyze(a) => analyze::run(g, a),
            Command::Report(a) => report::run(g, a),
            Command::Recommend(a) => recommend::run(g, a),
            Command::Categories(a) => categories::run(g, a),
            Command::Subs(a) => subs::run(g, a),
            Command::Alerts(a) => alerts::run(g, a),
            Command::Export(a) => export::run(g, a),
            Command::Lines(a) => lines::run(g, a),
            Command::Rules(a) => rules::run(g, a),
            Command::Ledger(a) => ledger::run(g, a),
            Command::Completions(a) => completions::run(g, a),
            Command::Manual(a) => manual::run(g, a),
        }
    }
}

/// The command line's definition in `lang`: Korean help by default.
pub fn definition(lang: Lang) -> clap::Command {
    match lang {
        Lang::Ko => help::korean(Cli::command()),
        Lang::En => Cli::command(),
    }
}

/// Parse the command line, run the command, and turn its outcome into the exit status
/// (printing the one error line, if any).
pub fn main() -> ExitCode {
    // Freed memory is kept for the next stage (see `memory`); our thread pool's workers
    // one a core (see `threads`).
    crate::memory::tune();
    crate::threads::setup();
    let lang = args::lang_of_args();
    let parsed = definition(lang)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::from(status::OK);
            }
            eprintln!("{}", help::usage_error(&e, lang));
            return ExitCode::from(status::USAGE);
        }
    };
    // `--lang`, else the environment's language (the flag's default is only for help).
    let g = Global { lang, ..cli.global };
    match crate::threads::in_pool(|| cli.command.run(&g)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let (code, message) = status::failure(&e, g.lang);
            eprintln!("soaek: {message}");
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Korean help text names a command and an option that exist, and the Korean
    /// command line is a valid one.
    #[test]
    fn every_korean_text_has_its_place() {
        let cmd = help::korean(Cli::command());
        // Every command's help builds (clap checks each command when it is built).
        fn paths(c: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
            out.push(prefix.clone());
            for s in c.get_subcommands() {
                let mut p = prefix.clone();
                p.push(s.get_name().to_string());
                paths(s, p, out);
            }
        }
        let mut all = Vec::new();
        paths(&cmd, Vec::new(), &mut all);
        assert!(all.len() > 12);
        for (lang, c) in [("ko", cmd.clone()), ("en", Cli::command())] {
            for p in &all {
                let args = std::iter::once("soaek".to_string())
                    .chain(["--lang".into(), lang.into()])
                    .chain(p.iter().cloned())
                    .chain(["--help".to_string()]);
                let e = c.clone().try_get_matches_from(args).unwrap_err();
                assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{p:?}");
                if lang == "ko" {
                    let text = e.render().to_string();
                    assert!(
                        !text.contains("Options:") && !text.contains("[default"),
                        "{p:?}: {text}"
                    );
                }
            }
        }
        for (path, arg) in help::places() {
            let c = path
                .split_whitespace()
                .try_fold(&cmd, |c, name| c.find_subcommand(name))
                .unwrap_or_else(|| panic!("no command {path:?}"));
            if !arg.is_empty() {
                assert!(c.get_arguments().any(|a| a.get_id() == arg), "{path} {arg}");
            }
        }
        // Every option of every command has a Korean help line.
        fn untold(c: &clap::Command, path: &str, out: &mut Vec<String>) {
            for a in c.get_arguments() {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                if !help.chars().any(|ch| ('가'..='힣').contains(&ch)) {
                    out.push(format!("{path} --{}", a.get_id()));
                }
            }
            for s in c.get_subcommands() {
                untold(s, &format!("{path} {}", s.get_name()), out);
            }
        }
        let mut missing = Vec::new();
        untold(&cmd, "soaek", &mut missing);
        assert!(missing.is_empty(), "no Korean help: {missing:?}");
    }

    #[test]
    fn options_appear_only_where_they_mean_something() {
        let cmd = Cli::command();
        let has = |sub: &str, arg: &str| {
            cmd.find_subcommand(sub)
                .unwrap()
                .get_arguments()
                .any(|a| a.get_id() == arg)
        };
        assert!(!has("report", "json"));
        assert!(!has("subs", "current_limit") && !has("subs", "budget"));
        assert!(!has("categories", "budget"));
        assert!(has("recommend", "budget") && has("alerts", "current_limit"));
    }
}
