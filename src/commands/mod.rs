//! The subcommands, as library functions `main.rs` calls. Each returns the process
//! exit status, one of [`status`], the same for every command.

pub mod help;
pub mod ledger;

use crate::analysis;
use crate::analysis::alerts::Severity;
use crate::config::Config;
use crate::coverage::Coverage;
use crate::fsutil::{atomic_write, reason, Action, Doing, IoFailure};
use crate::i18n::{josa, tr, Josa, Lang};
use crate::intake::ImportSummary;
use crate::intake::{self, Batch};
use crate::ledger::manifest::LedgerError;
use crate::ledger::{netting, store, Ledger, MergeStats};
use crate::month::Month;
use crate::report::{self, export};
use anyhow::Result;
use chrono::NaiveDate;
use soaek_import::{Profile, Status};
use soaek_merchants::{Categorizer, MatchedBy, Rules, Subject};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The exit statuses, defined once (README "종료 코드").
pub mod status {
    /// Done.
    pub const OK: u8 = 0;
    /// Some rows could not be read: `import` added nothing; an analysis was made
    /// without them (each one was named on stderr).
    pub const ROWS: u8 = 1;
    /// A file, the ledger or an output could not be read or written at all.
    pub const FAILED: u8 = 2;
    /// `alerts` showed a high-severity alert (it wins over [`ROWS`]).
    pub const HIGH_ALERT: u8 = 3;
    /// `soaek ledger repair` was not confirmed: nothing changed.
    pub const NOT_CONFIRMED: u8 = 4;
    /// The command line is wrong (an unknown option, a bad value): nothing was read.
    pub const USAGE: u8 = 64;
}

/// [`status::ROWS`] when the analysis read files with rows it could not read.
fn rows_status(a: &analysis::Analysis) -> u8 {
    if a.import.files.iter().any(|f| !f.errors.is_empty()) {
        status::ROWS
    } else {
        status::OK
    }
}

/// An error that ends the command with a one-line message and exit status `code`.
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

fn exit(code: u8, message: String) -> anyhow::Error {
    Exit { code, message }.into()
}

/// An error and its causes on one line, each cause once (a cause whose text the line
/// already holds, like an OS error its wrapper repeats, is left out).
fn chain(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// The exit status and the one line to print for an error that ended a command.
pub fn failure(e: &anyhow::Error, lang: Lang) -> (u8, String) {
    if let Some(x) = e.downcast_ref::<Exit>() {
        (x.code, x.message.clone())
    } else if let Some(l) = e.downcast_ref::<LedgerError>() {
        (status::FAILED, l.message(lang))
    } else if let Some(io) = e.downcast_ref::<IoFailure>() {
        (status::FAILED, io.message(lang))
    } else {
        (status::FAILED, chain(e))
    }
}

/// Options shared by every command.
#[derive(Debug, Clone, Default)]
pub struct Global {
    pub lang: Lang,
    /// `--ledger` or `SOAEK_LEDGER`; else the platform data dir.
    pub ledger: Option<PathBuf>,
    /// `--rules`; else `rules.toml` in the platform config dir, when it exists.
    pub rules: Option<PathBuf>,
    /// `--config`; else `config.toml` in the platform config dir, when it exists.
    pub config: Option<PathBuf>,
}

impl Global {
    fn ledger_path(&self) -> Result<PathBuf> {
        match &self.ledger {
            Some(p) => Ok(p.clone()),
            None => store::default_path(),
        }
    }
}

/// `name` in the platform config dir (e.g. ~/.config/soaek/), if it exists.
fn default_config_file(name: &str) -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "soaek")
        .map(|d| d.config_dir().join(name))
        .filter(|p| p.exists())
}

/// The rules file in use: `--rules`, else the default in the config dir if it exists.
fn rules_path(g: &Global) -> Option<PathBuf> {
    g.rules
        .clone()
        .or_else(|| default_config_file("rules.toml"))
}

/// The settings: `--config`, else `config.toml` in the config dir, else defaults.
fn load_config(g: &Global) -> Result<Config> {
    let Some(path) = g
        .config
        .clone()
        .or_else(|| default_config_file("config.toml"))
    else {
        return Ok(Config::default());
    };
    let text = read_text(&path, g.lang)?;
    Config::parse(&text).map_err(|e| exit(status::FAILED, format!("{}: {e}", path.display())))
}

/// A settings, rules or profile file's text; a missing or unreadable one ends the command.
fn read_text(path: &Path, lang: Lang) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        exit(
            status::FAILED,
            format!("{}: {}", path.display(), reason(&e, lang)),
        )
    })
}

fn load_rules(path: &Path, lang: Lang) -> Result<Rules> {
    let text = read_text(path, lang)?;
    Rules::parse(&text).map_err(|e| {
        exit(
            status::FAILED,
            format!("{}:{}: {}", path.display(), e.line, e.message),
        )
    })
}

fn categorizer(g: &Global) -> Result<Categorizer> {
    Ok(Categorizer::new(match rules_path(g) {
        Some(p) => load_rules(&p, g.lang)?,
        None => Rules::default(),
    }))
}

fn load_profile(path: Option<&Path>, lang: Lang) -> Result<Option<Profile>> {
    let Some(path) = path else { return Ok(None) };
    let text = read_text(path, lang)?;
    Profile::from_toml(&text).map(Some).map_err(|e| {
        exit(
            status::FAILED,
            format!("{}: {}", path.display(), e.message(lang)),
        )
    })
}

fn read_batch(files: &[PathBuf], profile: Option<&Profile>, lang: Lang) -> Result<Batch> {
    intake::read_sources(files, profile, lang).map_err(|e| exit(status::FAILED, e.message(lang)))
}

/// Print every row error as `file:row:column: reason` on stderr, and, when
/// `with_skipped_files`, the files in folders that are not statements.
fn report_problems(batch: &Batch, lang: Lang, with_skipped_files: bool) {
    for f in &batch.files {
        for e in &f.import.errors {
            eprintln!("{}", e.render(&f.path, lang));
        }
    }
    for s in batch.skipped_files.iter().filter(|_| with_skipped_files) {
        eprintln!(
            "{}: {} ({})",
            s.path,
            tr(lang, "명세서가 아니라 건너뜀", "not a statement, skipped"),
            s.reason
        );
    }
}

fn matched_count(ledger: &Ledger) -> usize {
    netting::match_cancellations(ledger.entries())
        .iter()
        .filter(|m| m.is_some())
        .count()
}

/// `soaek import FILE...`: all or nothing unless `skip_bad_rows`.
pub fn import(
    g: &Global,
    files: &[PathBuf],
    profile: Option<&Path>,
    skip_bad_rows: bool,
) -> Result<u8> {
    let lang = g.lang;
    let profile = load_profile(profile, lang)?;
    crate::timing::mark("start");
    let batch = read_batch(files, profile.as_ref(), lang)?;
    crate::timing::mark("read files");
    report_problems(&batch, lang, true);
    let errors = batch.row_errors();
    if errors > 0 && !skip_bad_rows {
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
        let m = Month::of(t.at.date());
        months.extend([m.plus(-1), m, m.plus(1)]);
    }
    let mut ledger = stored.load(Some(&months))?;
    crate::timing::mark("load ledger");
    // The ledger remembers the months its statements cover, whatever they held.
    let covered_before = stored.coverage(&ledger);
    let mut coverage = covered_before.clone();
    for f in &batch.files {
        coverage.join(&Coverage::of_file(&f.import));
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
    if added > 0 || !path.exists() || coverage != covered_before {
        stored.save(&ledger, &coverage)?;
    }
    crate::timing::mark("save ledger");
    leave_to_exit(ledger);
    println!(
        "{}",
        report::text::import_summary(added, duplicates, matched, skipped, errors, lang)
    );
    Ok(status::OK)
}

/// Which rows `soaek list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Approved,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFormat {
    #[default]
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: StatusFilter,
    pub format: ListFormat,
}

/// `soaek list`: the ledger like the carrier's history screen.
pub fn list(g: &Global, o: &ListOptions) -> Result<u8> {
    let ledger = store::load(&g.ledger_path()?)?;
    let rows: Vec<_> = ledger
        .entries()
        .iter()
        .filter(|e| o.from.is_none_or(|d| e.tx.at.date() >= d))
        .filter(|e| o.to.is_none_or(|d| e.tx.at.date() <= d))
        .filter(|e| match o.status {
            StatusFilter::All => true,
            StatusFilter::Approved => e.tx.status == Status::Approved,
            StatusFilter::Cancelled => e.tx.status.is_cancellation(),
        })
        .collect();
    let out = match o.format {
        ListFormat::Table => report::text::history(&rows, g.lang).into_bytes(),
        ListFormat::Json => (report::json::rows_json(&rows)? + "\n").into_bytes(),
        ListFormat::Csv => report::json::rows_csv(&rows)?,
    };
    use std::io::Write;
    std::io::stdout().write_all(&out)?;
    Ok(status::OK)
}

#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    pub files: Vec<PathBuf>,
    pub as_of: Option<NaiveDate>,
    pub json: bool,
    pub profile: Option<PathBuf>,
    /// Also write `analysis.json` and `summary.txt` into this folder.
    pub out: Option<PathBuf>,
    /// `--current-limit`: the 소액결제 monthly limit now (else the config file's).
    pub current_limit: Option<i64>,
    /// `--content-limit`: the 콘텐츠이용료 monthly limit now (else the config file's).
    pub content_limit: Option<i64>,
    /// `--budget`: the user's own monthly budget (else the config file's).
    pub budget: Option<i64>,
}

/// The given files merged into a fresh ledger (the stored ledger untouched), or the
/// stored ledger when none are given.
fn load_source(
    g: &Global,
    files: &[PathBuf],
    profile: Option<&Path>,
) -> Result<(Ledger, ImportSummary)> {
    let lang = g.lang;
    if files.is_empty() {
        let (ledger, coverage) = store::load_with_coverage(&g.ledger_path()?)?;
        crate::timing::mark("load ledger");
        return Ok((ledger, ImportSummary::of_coverage(coverage)));
    }
    let profile = load_profile(profile, lang)?;
    let batch = read_batch(files, profile.as_ref(), lang)?;
    crate::timing::mark("read files");
    report_problems(&batch, lang, false);
    // The summary reads the files' metadata; then their transactions move into the ledger.
    let mut summary = ImportSummary::from_batch(&batch, lang);
    let mut ledger = Ledger::default();
    summary.duplicates = ledger
        .merge_files(
            batch
                .files
                .into_iter()
                .map(|f| f.import.transactions)
                .collect(),
        )
        .duplicates;
    crate::timing::mark("dedup");
    Ok((ledger, summary))
}

/// Analyze the given files without touching the ledger, or the ledger when none are given.
fn run_analysis(g: &Global, o: &AnalyzeOptions) -> Result<analysis::Analysis> {
    crate::timing::mark("start");
    let categorizer = categorizer(g)?;
    let limits = load_config(g)?.limit_options(o.current_limit, o.content_limit, o.budget);
    let (ledger, summary) = load_source(g, &o.files, o.profile.as_deref())?;
    let a = analysis::analyze(
        &ledger,
        summary,
        o.as_of,
        crate::month::today_kst(),
        &categorizer,
        &limits,
    );
    leave_to_exit(ledger);
    a
}

/// Leave `value` for the process exit to reclaim: every command ends soon after its
/// analysis, and freeing a million ledger entries one by one takes longer than that.
fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// `soaek analyze [FILE...]`.
pub fn analyze(g: &Global, o: &AnalyzeOptions) -> Result<u8> {
    let lang = g.lang;
    let a = run_analysis(g, o)?;
    let Some(dir) = &o.out else {
        // Only to the screen: the JSON goes out as it is written, not held whole.
        if o.json {
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match report::json::write_analysis(&a, g.lang, out) {
                Err(e) if is_broken_pipe(&e) => {}
                done => done?,
            }
        } else {
            print!("{}", report::text::analysis(&a, lang));
        }
        crate::timing::mark("output");
        return Ok(rows_status(&a));
    };
    let json = report::json::analysis(&a, g.lang)?;
    let text = report::text::analysis(&a, lang);
    crate::timing::mark("output");
    if o.json {
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
    Ok(rows_status(&a))
}

/// Whether `e` is output to a reader that went away (`soaek analyze --json | head`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

/// Write each `(name, body)` into `dir`, atomically and private (0600): reports hold
/// the contents of statements.
fn write_reports<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<()> {
    for (name, body) in files {
        let path = dir.join(name);
        atomic_write(&path, body, 0o600)?;
    }
    Ok(())
}

/// `soaek report [FILE...] --out DIR`: the analysis as report.html, the PNG charts,
/// analysis.json and summary.txt.
pub fn report(g: &Global, o: &AnalyzeOptions) -> Result<u8> {
    let lang = g.lang;
    let a = run_analysis(g, o)?;
    let dir = o.out.as_deref().unwrap_or(Path::new("reports"));
    let charts = report::charts::all(&a, lang)?;
    crate::timing::mark("charts");
    let html = report::html::page(&a, &charts, lang)?;
    crate::timing::mark("html");
    let json = report::json::analysis(&a, g.lang)?;
    let text = report::text::analysis(&a, lang);
    write_reports(
        dir,
        charts.iter().map(|c| (c.file, c.png.as_slice())).chain([
            ("report.html", html.as_bytes()),
            ("analysis.json", json.as_bytes()),
            ("summary.txt", text.as_bytes()),
        ]),
    )?;
    if o.json {
        println!("{json}");
    } else {
        print!("{text}");
    }
    eprintln!(
        "{} {}",
        tr(lang, "보고서:", "report:"),
        dir.join("report.html").display()
    );
    Ok(rows_status(&a))
}

/// `soaek categories [FILE...]`: month × category table and the uncategorized merchants.
pub fn categories(g: &Global, o: &AnalyzeOptions) -> Result<u8> {
    let a = run_analysis(g, o)?;
    print!("{}", report::text::categories(&a, g.lang));
    Ok(rows_status(&a))
}

/// Print the analysis' `block` (the same JSON as in analyze) with `--json`, else `text`.
fn print_block(
    json: bool,
    block: impl FnOnce() -> serde_json::Value,
    text: impl FnOnce() -> String,
) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(&block())?);
    } else {
        print!("{}", text());
    }
    Ok(())
}

/// `soaek subs [FILE...]`: the recurring subscriptions and what they cost.
pub fn subs(g: &Global, o: &AnalyzeOptions) -> Result<u8> {
    let a = run_analysis(g, o)?;
    print_block(
        o.json,
        || {
            serde_json::json!({
                "as_of": a.as_of,
                "subscriptions": a.subscriptions,
                "subscription_summary": a.subscription_summary,
            })
        },
        || report::text::subscriptions(&a, g.lang),
    )?;
    Ok(rows_status(&a))
}

/// `soaek recommend [FILE...]`: the limit to set, why, the seasonal plan and this
/// month's status.
pub fn recommend(g: &Global, o: &AnalyzeOptions) -> Result<u8> {
    let a = run_analysis(g, o)?;
    print_block(
        o.json,
        || {
            serde_json::json!({
                "as_of": a.as_of,
                "recommendation": a.recommendation.as_ref().map(|r| report::json::RecommendationJson::new(r, g.lang)),
                "statements_needed": a.statements_needed,
                "limit_status": a.limit_status.as_ref().map(|s| report::json::LimitStatusJson::new(s, g.lang)),
            })
        },
        || report::text::recommendation(&a, g.lang),
    )?;
    Ok(rows_status(&a))
}

/// `soaek alerts [FILE...]`: suspicious payments. Exit status 3 when a high one is shown.
pub fn alerts(
    g: &Global,
    o: &AnalyzeOptions,
    since: Option<NaiveDate>,
    min_severity: Severity,
) -> Result<u8> {
    let mut a = run_analysis(g, o)?;
    a.alerts
        .retain(|x| x.severity >= min_severity && since.is_none_or(|d| x.at.date() >= d));
    print_block(
        o.json,
        || serde_json::json!({ "as_of": a.as_of, "alerts": a.alerts.iter().map(|x| report::json::AlertJson::new(x, g.lang)).collect::<Vec<_>>() }),
        || report::text::alerts(&a, g.lang),
    )?;
    Ok(if a.alerts.iter().any(|x| x.severity == Severity::High) {
        status::HIGH_ALERT
    } else {
        rows_status(&a)
    })
}

/// What `soaek export` writes.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: export::Format,
    pub files: Vec<PathBuf>,
    pub profile: Option<PathBuf>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `-o FILE` (written atomically, mode 0600); else standard output.
    pub output: Option<PathBuf>,
}

/// Write an output file: a regular file (or a new one) is replaced atomically, 0600;
/// a device or FIFO the user named (`/dev/stdout`) is written to as it is, never
/// replaced by a rename.
fn write_output(path: &Path, bytes: &[u8], lang: Lang) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(exit(
            2,
            format!(
                "{}: {}",
                path.display(),
                tr(
                    lang,
                    "폴더입니다. 파일 이름을 주세요",
                    "a folder: give a file name"
                )
            ),
        )),
        Ok(m) if !m.is_file() => {
            use std::io::Write;
            Ok(std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .doing(Action::Write, path)?)
        }
        _ => Ok(atomic_write(path, bytes, 0o600)?),
    }
}

/// `soaek export --format F`: the ledger (or the given files) for other tools.
pub fn export(g: &Global, o: &ExportOptions) -> Result<u8> {
    let categorizer = categorizer(g)?;
    let (ledger, summary) = load_source(g, &o.files, o.profile.as_deref())?;
    let unreadable_rows = summary.files.iter().any(|f| !f.errors.is_empty());
    let entries = ledger.entries();
    let keep: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            let d = entries[i].tx.at.date();
            o.from.is_none_or(|f| d >= f) && o.to.is_none_or(|t| d <= t)
        })
        .collect();
    let who = analysis::categories::classify(entries, &categorizer);
    let matches = netting::match_cancellations(entries);
    let rows = export::Rows {
        entries,
        matches: &matches,
        who: &who,
        keep,
    };
    let bytes = match o.format {
        export::Format::Csv => export::csv(&rows)?,
        export::Format::Json => export::json(&rows)?,
        export::Format::Ledger => export::ledger(&rows)?,
        export::Format::Beancount => export::beancount(&rows)?,
        export::Format::Parquet => {
            if o.output.is_none() {
                return Err(exit(
                    2,
                    tr(
                        g.lang,
                        "parquet은 -o FILE로 파일에 씁니다",
                        "parquet needs -o FILE",
                    )
                    .to_string(),
                ));
            }
            let kept: Vec<_> = rows.keep.iter().map(|&i| entries[i].clone()).collect();
            store::to_parquet(Ledger::from_entries(kept).entries())?
        }
    };
    match &o.output {
        Some(path) => {
            write_output(path, &bytes, g.lang)?;
            eprintln!(
                "{} {} ({})",
                tr(g.lang, "작성:", "wrote"),
                path.display(),
                match g.lang {
                    Lang::Ko => format!("{}건", rows.keep.len()),
                    Lang::En => format!("{} transactions", rows.keep.len()),
                }
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(if unreadable_rows {
        status::ROWS
    } else {
        status::OK
    })
}

/// `soaek rules test NAME`: which rule or dictionary entry gives a merchant its name.
pub fn rules_test(
    g: &Global,
    merchant: &str,
    item: Option<&str>,
    amount: Option<i64>,
    minute_of_day: Option<u32>,
) -> Result<u8> {
    let lang = g.lang;
    let c = categorizer(g)?;
    let m = c.classify(&Subject {
        merchant,
        item,
        amount,
        minute_of_day,
        canonical: None,
    });
    let yes_no = |b: bool| {
        if b {
            tr(lang, "예", "yes")
        } else {
            tr(lang, "아니오", "no")
        }
    };
    let label = match lang {
        Lang::Ko => m.category.korean(),
        Lang::En => m.category.english(),
    };
    let rules_file = rules_path(g)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let why = match (&m.matched_by, lang) {
        (MatchedBy::Rules(lines), Lang::Ko) => {
            format!("사용자 규칙 {rules_file}:{}", join_lines(lines))
        }
        (MatchedBy::Rules(lines), Lang::En) => {
            format!("user rules {rules_file}:{}", join_lines(lines))
        }
        (MatchedBy::RulesAndDictionary { lines, alias }, Lang::Ko) => {
            format!(
                "사용자 규칙 {rules_file}:{}, 그 밖은 내장 사전 (별칭 \"{alias}\")",
                join_lines(lines)
            )
        }
        (MatchedBy::RulesAndDictionary { lines, alias }, Lang::En) => {
            format!("user rules {rules_file}:{}, the rest from the built-in dictionary (alias \"{alias}\")", join_lines(lines))
        }
        (MatchedBy::Dictionary { alias, exact: true }, Lang::Ko) => {
            format!(
                "내장 사전: 별칭 {} 일치",
                josa(&format!("\"{alias}\""), Josa::And)
            )
        }
        (MatchedBy::Dictionary { alias, exact: true }, Lang::En) => {
            format!("built-in dictionary: alias \"{alias}\" matches")
        }
        (
            MatchedBy::Dictionary {
                alias,
                exact: false,
            },
            Lang::Ko,
        ) => format!(
            "내장 사전: 이름 안에 별칭 {} 있음",
            josa(&format!("\"{alias}\""), Josa::Subject)
        ),
        (
            MatchedBy::Dictionary {
                alias,
                exact: false,
            },
            Lang::En,
        ) => format!("built-in dictionary: the name contains alias \"{alias}\""),
        (MatchedBy::Unknown, Lang::Ko) => {
            "알 수 없는 가맹점: 기타로 분류 (규칙을 추가하세요)".to_string()
        }
        (MatchedBy::Unknown, Lang::En) => {
            "unknown merchant: falls to other (add a rule)".to_string()
        }
    };
    println!("{}: {}", tr(lang, "가맹점", "Merchant"), m.name);
    println!(
        "{}: {label} ({})",
        tr(lang, "분류", "Category"),
        m.category.id()
    );
    println!("{}: {why}", tr(lang, "근거", "Why"));
    println!(
        "{}: {} · {}: {} · {}: {}",
        tr(lang, "콘텐츠이용료", "Content bill"),
        yes_no(m.content),
        tr(lang, "고위험", "High risk"),
        yes_no(m.high_risk),
        tr(lang, "구독", "Subscription"),
        yes_no(m.subscription)
    );
    if !m.tags.is_empty() {
        println!("{}: {}", tr(lang, "태그", "Tags"), m.tags.join(", "));
    }
    Ok(status::OK)
}

fn join_lines(lines: &[usize]) -> String {
    lines
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// `soaek rules check [FILE]`: validate a rules file; errors carry the line number.
pub fn rules_check(g: &Global, file: Option<&Path>) -> Result<u8> {
    let lang = g.lang;
    let Some(path) = file.map(Path::to_path_buf).or_else(|| rules_path(g)) else {
        println!(
            "{}",
            tr(
                lang,
                "규칙 파일이 없습니다 (내장 사전만 씁니다).",
                "No rules file (only the built-in dictionary is used)."
            )
        );
        return Ok(status::OK);
    };
    let text = read_text(&path, lang)?;
    match Rules::parse(&text) {
        Ok(r) => {
            match lang {
                Lang::Ko => println!("{}: 규칙 {}개, 이상 없음", path.display(), r.rules.len()),
                Lang::En => println!("{}: {} rules, all valid", path.display(), r.rules.len()),
            }
            Ok(status::OK)
        }
        Err(e) => {
            eprintln!("{}:{}: {}", path.display(), e.line, e.message);
            Ok(status::ROWS)
        }
    }
}
