//! Command line of soaek: parses arguments and calls [`soaek::commands`].

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
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

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        say(
            format!("YYYY-MM-DD 꼴의 날짜를 주세요 (받은 값 {s:?})"),
            format!("expected YYYY-MM-DD, got {s:?}"),
        )
    })
}

#[derive(Subcommand)]
enum Command {
    /// Add statement files (CSV, xlsx, xls, ods, HTML) to the ledger.
    Import {
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
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        #[arg(long, value_enum, default_value = "all")]
        status: StatusArg,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
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
        files: Vec<PathBuf>,
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
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
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
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
        merchant: String,
        #[arg(long)]
        item: Option<String>,
        #[arg(long)]
        amount: Option<i64>,
        /// Time of day, HH:MM.
        #[arg(long, value_parser = parse_time)]
        time: Option<u32>,
    },
    /// Validate a rules file (default: the one in use).
    Check { file: Option<PathBuf> },
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
    #[arg(long, value_parser = parse_won)]
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

fn parse_won(s: &str) -> Result<i64, String> {
    let digits: String = s
        .trim()
        .trim_end_matches('원')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    match digits.parse::<i64>() {
        Ok(n) if (0..=1_000_000).contains(&n) => Ok(n),
        Ok(n) => Err(say(
            format!("한도는 0원에서 1,000,000원 사이입니다 (받은 값 {n})"),
            format!("{n} is outside 0..=1,000,000 won"),
        )),
        Err(_) => Err(say(
            format!("300000처럼 원 단위 금액을 주세요 (받은 값 {s:?})"),
            format!("expected whole won like 300000, got {s:?}"),
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

fn main() -> ExitCode {
    let lang = lang_of_args();
    let _ = LANG.set(lang);
    let cli = match Cli::try_parse() {
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
            from,
            to,
            status,
            json,
            csv,
        } => {
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
            from,
            to,
            output,
            profile,
        } => commands::export(
            &g,
            &commands::ExportOptions {
                format,
                files,
                profile,
                from,
                to,
                output,
            },
        ),
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
