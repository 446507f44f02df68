//! Command line of soaek: parses arguments and calls [`soaek::commands`].

use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use soaek::analysis::alerts::Severity;
use soaek::commands::{self, AnalyzeOptions, Global, ListFormat, ListOptions, StatusFilter};
use soaek::i18n::{parse_lang, Lang};
use soaek::report::export;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "soaek",
    version,
    about = "휴대폰 소액결제·콘텐츠이용료 명세서 분석기 (offline)"
)]
struct Cli {
    /// Output language: ko (default) or en.
    #[arg(long, global = true, default_value = "ko", value_parser = parse_lang)]
    lang: Lang,
    /// Ledger file (default: the platform data dir, e.g. ~/.local/share/soaek/ledger.parquet).
    #[arg(long, global = true, env = "SOAEK_LEDGER")]
    ledger: Option<PathBuf>,
    /// Merchant rules file (TOML; default: rules.toml in the config dir, e.g. ~/.config/soaek/rules.toml).
    #[arg(long, global = true)]
    rules: Option<PathBuf>,
    /// Settings file (TOML; default: config.toml in the config dir): current_limit, content_limit, budget, steps, [seasons].
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    All,
    Approved,
    Cancelled,
}

/// The language asked for on the command line, read before clap parses it, so that
/// the value parsers' and clap's own complaints come in that language.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

fn lang_of_args() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .enumerate()
        .find_map(|(i, a)| {
            a.strip_prefix("--lang=").or_else(|| {
                (a == "--lang")
                    .then(|| args.get(i + 1).map(String::as_str))
                    .flatten()
            })
        })
        .and_then(|v| parse_lang(v).ok())
        .unwrap_or_default()
}

fn say(ko: String, en: String) -> String {
    match LANG.get().copied().unwrap_or_default() {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// A day, in any form a statement writes one (2025-08-14, 2025.08.14, 20250814,
/// 2025년 8월 14일, …).
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    soaek::import::fields::parse_datetime(s)
        .map(|(d, _)| d)
        .ok_or_else(|| {
            say(
                format!("날짜를 2025-08-14처럼 주세요 (받은 값 {s:?})"),
                format!("expected a date like 2025-08-14, got {s:?}"),
            )
        })
}

/// A day or a whole month (2025-08, 2025.08, 2025년 8월): its first and last day.
#[derive(Debug, Clone, Copy)]
struct Days {
    first: NaiveDate,
    last: NaiveDate,
}

fn parse_days(s: &str) -> Result<Days, String> {
    if let Ok(d) = parse_date(s) {
        return Ok(Days { first: d, last: d });
    }
    let digits: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let month = match digits[..] {
        [y, m] if (2000..=2100).contains(&y) => soaek::month::Month::parse(&format!("{y}-{m}")),
        [ym] if (200_001..=210_012).contains(&ym) => {
            soaek::month::Month::parse(&format!("{}-{}", ym / 100, ym % 100))
        }
        _ => None,
    };
    match month {
        Some(m) => Ok(Days {
            first: m.first_day(),
            last: m.day_clamped(31),
        }),
        None => Err(say(
            format!("날짜(2025-08-14)나 달(2025-08)을 주세요 (받은 값 {s:?})"),
            format!("expected a day (2025-08-14) or a month (2025-08), got {s:?}"),
        )),
    }
}

/// Which days a listing covers: `--from`, `--to` (a day or a month each), or `--month`.
#[derive(clap::Args)]
struct Period {
    /// From this day, or the 1st of this month (2025-08-14, 2025.08.14, 2025-08).
    #[arg(long, value_parser = parse_days)]
    from: Option<Days>,
    /// Up to this day, or the end of this month.
    #[arg(long, value_parser = parse_days)]
    to: Option<Days>,
    /// One month (2025-08), or one day.
    #[arg(long, value_parser = parse_days, conflicts_with_all = ["from", "to"])]
    month: Option<Days>,
}

impl Period {
    /// The first and last day, refused when the first comes after the last.
    fn range(&self) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
        let from = self.month.or(self.from).map(|d| d.first);
        let to = self.month.or(self.to).map(|d| d.last);
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(say(
                    format!("--from({f})이 --to({t})보다 늦습니다. 순서를 바꿔 주세요"),
                    format!("--from ({f}) is after --to ({t}); swap them"),
                ));
            }
        }
        Ok((from, to))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Add statement files (CSV, xlsx, xls, ods, HTML) to the ledger.
    Import {
        /// Statement files or folders.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Column profile (TOML) for files auto-detection gets wrong.
        #[arg(long)]
        profile: Option<PathBuf>,
        /// Import the readable rows even when some rows cannot be read.
        #[arg(long)]
        skip_bad_rows: bool,
    },
    /// Show the ledger like the carrier's history screen.
    List {
        #[command(flatten)]
        period: Period,
        /// all, approved or cancelled rows.
        #[arg(long, value_enum, default_value = "all")]
        status: StatusArg,
        /// Print JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV (UTF-8 with a BOM, for Excel).
        #[arg(long)]
        csv: bool,
    },
    /// Monthly figures of the given files (or folders), or of the ledger when none are given.
    Analyze {
        #[command(flatten)]
        src: SourceArgs,
        /// Also write analysis.json and summary.txt into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The report folder: report.html (self-contained), PNG charts, analysis.json, summary.txt.
    Report {
        #[command(flatten)]
        src: SourceArgs,
        /// The folder to write.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// The monthly limit to set (3-month average, seasonal plan), and this month's status.
    Recommend {
        #[command(flatten)]
        src: SourceArgs,
    },
    /// Spend per month and category, and the merchants left uncategorized.
    Categories {
        /// Statement files or folders (default: the ledger).
        files: Vec<PathBuf>,
        /// The day to analyze as of (default: today in KST).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Column profile (TOML) for files auto-detection gets wrong.
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// Recurring subscriptions (구독): cadence, cost, next charge, stopped ones, price changes.
    Subs {
        #[command(flatten)]
        src: SourceArgs,
    },
    /// Suspicious payments (night-time gift cards, bursts, double charges…); exit status 3 when a high one is found.
    Alerts {
        #[command(flatten)]
        src: SourceArgs,
        /// Only alerts on or after this date.
        #[arg(long, value_parser = parse_date)]
        since: Option<NaiveDate>,
        /// low, medium or high.
        #[arg(long, default_value = "low", value_parser = parse_severity)]
        min_severity: Severity,
    },
    /// Write the ledger (or the given files) as csv, json, parquet, an hledger journal or beancount.
    Export {
        /// Statement files or folders (default: the ledger).
        files: Vec<PathBuf>,
        /// csv (Excel, UTF-8 with BOM), json, parquet, ledger (hledger) or beancount.
        #[arg(long, value_parser = parse_format)]
        format: export::Format,
        #[command(flatten)]
        period: Period,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Column profile (TOML) for files auto-detection gets wrong.
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// Merchant rules: test a name, or check a rules file.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// The ledger's own files: verify them, or rebuild them.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Check every month file against the manifest (checksum, rows, month).
    Verify,
    /// Rebuild the ledger from the month files in its folder; the old folder is kept as a backup.
    Repair {
        /// Rebuild without asking.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Show which rule or dictionary entry names and categorizes a merchant, and why.
    Test {
        /// The merchant name as a statement writes it.
        merchant: String,
        /// The item, for rules that look at it.
        #[arg(long)]
        item: Option<String>,
        /// The amount in won, for rules that look at it.
        #[arg(long)]
        amount: Option<i64>,
        /// Time of day, HH:MM.
        #[arg(long, value_parser = parse_time)]
        time: Option<u32>,
    },
    /// Validate a rules file (default: the one in use).
    Check {
        /// The rules file to check.
        file: Option<PathBuf>,
    },
}

/// What an analysis reads and the figures it needs from the user.
#[derive(clap::Args)]
struct SourceArgs {
    /// Statement files or folders (default: the ledger).
    files: Vec<PathBuf>,
    /// The day to analyze as of, YYYY-MM-DD (default: today in KST).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Print JSON (the analyze schema's block) instead of a table.
    #[arg(long)]
    json: bool,
    /// Column profile (TOML) for files auto-detection gets wrong.
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Your current monthly 휴대폰 소액결제 limit in won (e.g. 300000 or 300,000).
    #[arg(long, value_parser = parse_won)]
    current_limit: Option<i64>,
    /// Your current monthly 콘텐츠이용료 (app store) limit in won.
    #[arg(long, value_parser = parse_won)]
    content_limit: Option<i64>,
    /// Your own monthly budget in won.
    #[arg(long, value_parser = parse_budget)]
    budget: Option<i64>,
}

impl SourceArgs {
    fn options(self) -> AnalyzeOptions {
        AnalyzeOptions {
            files: self.files,
            as_of: self.as_of,
            json: self.json,
            profile: self.profile,
            out: None,
            current_limit: self.current_limit,
            content_limit: self.content_limit,
            budget: self.budget,
        }
    }
}

/// Whole won as people write it: `300000`, `300,000`, `300,000원`, `₩300,000`, `30만원`,
/// `30만`, `1만5천원`.
fn won_of(s: &str) -> Option<i64> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '₩' | '￦'))
        .collect();
    let t = t.strip_suffix('원').unwrap_or(&t);
    if t.is_empty() {
        return None;
    }
    let (mut total, mut rest) = (0i64, t);
    for (unit, value) in [('만', 10_000i64), ('천', 1_000)] {
        if let Some((n, after)) = rest.split_once(unit) {
            total = total.checked_add(n.parse::<i64>().ok()?.checked_mul(value)?)?;
            rest = after;
        }
    }
    if !rest.is_empty() {
        total = total.checked_add(rest.parse().ok()?)?;
    }
    Some(total)
}

fn parse_won(s: &str) -> Result<i64, String> {
    match won_of(s) {
        Some(n) if (0..=1_000_000).contains(&n) => Ok(n),
        Some(n) => Err(say(
            format!("한도는 0원에서 1,000,000원 사이입니다 (받은 값 {n})"),
            format!("{n} is outside 0..=1,000,000 won"),
        )),
        None => Err(say(
            format!("300000이나 30만원처럼 금액을 주세요 (받은 값 {s:?})"),
            format!("expected whole won like 300000, got {s:?}"),
        )),
    }
}

/// A budget: both caps together, so up to twice the legal maximum of one.
fn parse_budget(s: &str) -> Result<i64, String> {
    match won_of(s) {
        Some(n) if (0..=2_000_000).contains(&n) => Ok(n),
        Some(n) => Err(say(
            format!("예산은 0원에서 2,000,000원(두 한도의 최대 합계) 사이입니다 (받은 값 {n})"),
            format!("{n} is outside 0..=2,000,000 won (both caps at most)"),
        )),
        None => Err(say(
            format!("200000이나 20만원처럼 금액을 주세요 (받은 값 {s:?})"),
            format!("expected whole won like 200000, got {s:?}"),
        )),
    }
}

fn parse_format(s: &str) -> Result<export::Format, String> {
    export::Format::parse(s).ok_or_else(|| {
        say(
            format!("csv, json, parquet, ledger, beancount 중 하나를 주세요 (받은 값 {s:?})"),
            format!("expected csv, json, parquet, ledger or beancount, got {s:?}"),
        )
    })
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| {
        say(
            format!("low, medium, high 중 하나를 주세요 (받은 값 {s:?})"),
            format!("expected low, medium or high, got {s:?}"),
        )
    })
}

fn parse_time(s: &str) -> Result<u32, String> {
    chrono::NaiveTime::parse_from_str(s, "%H:%M")
        .map(|t| chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t))
        .map_err(|_| {
            say(
                format!("HH:MM 꼴의 시각을 주세요 (받은 값 {s:?})"),
                format!("expected HH:MM, got {s:?}"),
            )
        })
}

/// A command line clap refused, in one line of the user's language and a pointer to
/// the help.
fn usage_error(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
    // `--from <FROM>` → `--from`
    let name = arg.split(' ').next().unwrap_or_default();
    // The value parser's own reason names the value; clap's bare refusal does not.
    let why = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("{value:?}"));
    let line = match (lang, e.kind()) {
        (Lang::Ko, ErrorKind::UnknownArgument) => format!("알 수 없는 옵션입니다: {arg}"),
        (Lang::Ko, ErrorKind::InvalidSubcommand) => {
            format!(
                "알 수 없는 명령입니다: {}",
                get(ContextKind::InvalidSubcommand)
            )
        }
        (Lang::Ko, ErrorKind::InvalidValue | ErrorKind::ValueValidation) => {
            format!("{name} 값이 올바르지 않습니다: {why}")
        }
        (Lang::Ko, ErrorKind::MissingRequiredArgument) => {
            format!("꼭 필요한 값이 빠졌습니다: {name}")
        }
        (Lang::Ko, ErrorKind::ArgumentConflict) => format!(
            "함께 쓸 수 없는 옵션입니다: {arg}, {}",
            get(ContextKind::PriorArg)
        ),
        (
            Lang::Ko,
            ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
        ) => "할 일(명령)을 주세요. 예: soaek report 명세서폴더".to_string(),
        (Lang::Ko, _) => "명령줄을 이해하지 못했습니다".to_string(),
        (Lang::En, _) => e
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string(),
    };
    match lang {
        Lang::Ko => format!("soaek: {line}\n도움말: soaek --help"),
        Lang::En => format!("soaek: {line}\nhelp: soaek --help"),
    }
}

/// A command line that parsed but means nothing (`--from` after `--to`).
fn usage(line: &str, lang: Lang) -> ExitCode {
    match lang {
        Lang::Ko => eprintln!("soaek: {line}\n도움말: soaek --help"),
        Lang::En => eprintln!("soaek: {line}\nhelp: soaek --help"),
    }
    ExitCode::from(commands::status::USAGE)
}

fn main() -> ExitCode {
    let lang = lang_of_args();
    let _ = LANG.set(lang);
    let command = match lang {
        Lang::Ko => commands::help::korean(Cli::command()),
        Lang::En => Cli::command(),
    };
    let parsed = command
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::from(commands::status::OK);
            }
            eprintln!("{}", usage_error(&e, lang));
            return ExitCode::from(commands::status::USAGE);
        }
    };
    let g = Global {
        lang: cli.lang,
        ledger: cli.ledger,
        rules: cli.rules,
        config: cli.config,
    };
    let result = match cli.command {
        Command::Import {
            files,
            profile,
            skip_bad_rows,
        } => commands::import(&g, &files, profile.as_deref(), skip_bad_rows),
        Command::List {
            period,
            status,
            json,
            csv,
        } => {
            let (from, to) = match period.range() {
                Ok(r) => r,
                Err(e) => return usage(&e, lang),
            };
            let status = match status {
                StatusArg::All => StatusFilter::All,
                StatusArg::Approved => StatusFilter::Approved,
                StatusArg::Cancelled => StatusFilter::Cancelled,
            };
            let format = if json {
                ListFormat::Json
            } else if csv {
                ListFormat::Csv
            } else {
                ListFormat::Table
            };
            commands::list(
                &g,
                &ListOptions {
                    from,
                    to,
                    status,
                    format,
                },
            )
        }
        Command::Analyze { src, out } => commands::analyze(
            &g,
            &AnalyzeOptions {
                out,
                ..src.options()
            },
        ),
        Command::Report { src, out } => commands::report(
            &g,
            &AnalyzeOptions {
                out: Some(out),
                ..src.options()
            },
        ),
        Command::Recommend { src } => commands::recommend(&g, &src.options()),
        Command::Categories {
            files,
            as_of,
            profile,
        } => commands::categories(
            &g,
            &AnalyzeOptions {
                files,
                as_of,
                profile,
                ..Default::default()
            },
        ),
        Command::Subs { src } => commands::subs(&g, &src.options()),
        Command::Alerts {
            src,
            since,
            min_severity,
        } => commands::alerts(&g, &src.options(), since, min_severity),
        Command::Export {
            files,
            format,
            period,
            output,
            profile,
        } => {
            let (from, to) = match period.range() {
                Ok(r) => r,
                Err(e) => return usage(&e, lang),
            };
            commands::export(
                &g,
                &commands::ExportOptions {
                    format,
                    files,
                    profile,
                    from,
                    to,
                    output,
                },
            )
        }
        Command::Rules {
            command:
                RulesCommand::Test {
                    merchant,
                    item,
                    amount,
                    time,
                },
        } => commands::rules_test(&g, &merchant, item.as_deref(), amount, time),
        Command::Rules {
            command: RulesCommand::Check { file },
        } => commands::rules_check(&g, file.as_deref()),
        Command::Ledger {
            command: LedgerCommand::Verify,
        } => commands::ledger::verify(&g),
        Command::Ledger {
            command: LedgerCommand::Repair { yes },
        } => commands::ledger::repair(&g, yes),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let (code, message) = commands::failure(&e, g.lang);
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
        let cmd = soaek::commands::help::korean(Cli::command());
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
        for (path, arg) in soaek::commands::help::places() {
            let c = path
                .split_whitespace()
                .try_fold(&cmd, |c, name| c.find_subcommand(name))
                .unwrap_or_else(|| panic!("no command {path:?}"));
            if !arg.is_empty() {
                assert!(c.get_arguments().any(|a| a.get_id() == arg), "{path} {arg}");
            }
        }
    }

    #[test]
    fn won_as_people_write_it() {
        for (text, want) in [
            ("300000", Some(300_000)),
            ("300,000원", Some(300_000)),
            ("₩300,000", Some(300_000)),
            ("30만원", Some(300_000)),
            ("30만", Some(300_000)),
            ("30 만 원", Some(300_000)),
            ("1만5천원", Some(15_000)),
            ("5천", Some(5_000)),
            ("100만원", Some(1_000_000)),
            ("만원", None),
            ("abc", None),
            ("", None),
        ] {
            assert_eq!(won_of(text), want, "{text}");
        }
    }

    #[test]
    fn days_and_months() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (text, first, last) in [
            ("2025-08-14", "2025-08-14", "2025-08-14"),
            ("2025.08.14", "2025-08-14", "2025-08-14"),
            ("20250814", "2025-08-14", "2025-08-14"),
            ("2025-08", "2025-08-01", "2025-08-31"),
            ("2025.02", "2025-02-01", "2025-02-28"),
            ("2025년 2월", "2025-02-01", "2025-02-28"),
            ("202402", "2024-02-01", "2024-02-29"),
        ] {
            let got = parse_days(text).unwrap();
            assert_eq!((got.first, got.last), (d(first), d(last)), "{text}");
        }
        assert!(parse_days("someday").is_err());
        assert!(parse_days("2025-13").is_err());
    }
}
