//! What commands read before their own work: the global options, the settings, the
//! merchant rules, a column profile, and the statements (or the ledger) to analyze.

use super::args::{Inputs, Limits};
use super::config::Config;
use super::status::{self, exit};
use crate::analysis::{self, Analysis};
use crate::fsutil::reason;
use crate::i18n::{parse_lang, tr, Lang};
use crate::intake::{self, Batch, ImportSummary};
use crate::ledger::{store, Ledger};
use anyhow::Result;
use soaek_import::Profile;
use soaek_merchants::{Categorizer, Rules};
use std::path::{Path, PathBuf};

/// Options every command takes.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Global {
    /// Output language: ko (default) or en; without it, English when LC_ALL or LANG is en….
    #[arg(long, global = true, default_value = "ko", value_parser = parse_lang)]
    pub lang: Lang,
    /// Ledger file (default: the platform data dir, e.g. ~/.local/share/soaek/ledger.parquet).
    #[arg(long, global = true, env = "SOAEK_LEDGER")]
    pub ledger: Option<PathBuf>,
    /// Merchant rules file (TOML; default: rules.toml in the config dir, e.g. ~/.config/soaek/rules.toml).
    #[arg(long, global = true)]
    pub rules: Option<PathBuf>,
    /// Settings file (TOML; default: config.toml in the config dir): current_limit, content_limit, budget, steps, [seasons].
    // The text is `--help`'s, where `[seasons]` is the settings file's table.
    #[allow(rustdoc::broken_intra_doc_links)]
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
}

impl Global {
    pub fn ledger_path(&self) -> Result<PathBuf> {
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
pub fn rules_path(g: &Global) -> Option<PathBuf> {
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
pub fn read_text(path: &Path, lang: Lang) -> Result<String> {
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

pub fn categorizer(g: &Global) -> Result<Categorizer> {
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

/// The statements named on the command line, read with the profile when one is given.
pub fn read_batch(files: &[PathBuf], profile: Option<&Path>, lang: Lang) -> Result<Batch> {
    let profile = load_profile(profile, lang)?;
    intake::read_sources(files, profile.as_ref(), lang)
        .map_err(|e| exit(status::FAILED, e.message(lang)))
}

/// Print every row error as `file:row:column: reason` on stderr, and, when
/// `with_skipped_files`, the files in folders that are not statements.
pub fn report_problems(batch: &Batch, lang: Lang, with_skipped_files: bool) {
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

/// The given files merged into a fresh ledger (the stored ledger untouched), or the
/// stored ledger when none are given; only the line `--line` names when given.
pub fn load_source(g: &Global, inputs: &Inputs) -> Result<(Ledger, ImportSummary)> {
    let (ledger, summary) = load_all(g, inputs)?;
    match &inputs.line {
        Some(query) => only_line(ledger, summary, query, g.lang),
        None => Ok((ledger, summary)),
    }
}

/// The payments and coverage of the line `query` names (rule 12); an unknown name ends
/// the command with the lines there are.
fn only_line(
    ledger: Ledger,
    summary: ImportSummary,
    query: &str,
    lang: Lang,
) -> Result<(Ledger, ImportSummary)> {
    let groups = analysis::lines::groups(ledger.entries(), &summary);
    match groups.iter().find(|g| g.is_named(query)) {
        Some(group) => Ok(analysis::lines::only(&ledger, &summary, group)),
        None => {
            let known: Vec<String> = groups
                .iter()
                .map(|g| crate::words::line_name(g.name.as_deref(), lang))
                .collect();
            Err(exit(
                status::USAGE,
                match lang {
                    Lang::Ko => format!(
                        "'{query}' 회선이 없습니다. 있는 회선: {}. 이름은 soaek lines로 볼 수 있습니다.",
                        known.join(", ")
                    ),
                    Lang::En => format!(
                        "no line {query:?}. The lines are: {}. soaek lines lists them.",
                        known.join(", ")
                    ),
                },
            ))
        }
    }
}

fn load_all(g: &Global, inputs: &Inputs) -> Result<(Ledger, ImportSummary)> {
    let lang = g.lang;
    if inputs.files.is_empty() {
        let (ledger, coverage, lines) = store::load_with_coverage(&g.ledger_path()?)?;
        crate::timing::mark("load ledger");
        return Ok((ledger, ImportSummary::of_coverage(coverage, lines)));
    }
    let batch = read_batch(&inputs.files, inputs.profile.as_deref(), lang)?;
    crate::timing::mark("read files");
    report_problems(&batch, lang, false);
    // The summary reads the files' metadata; then their transactions move into the ledger.
    let mut summary = crate::timing::side("summary", || ImportSummary::from_batch(&batch, lang));
    let mut ledger = Ledger::default();
    summary.duplicates = crate::timing::side("merge", || {
        ledger.merge_files(
            batch
                .files
                .into_iter()
                .map(|f| f.import.transactions)
                .collect(),
        )
    })
    .duplicates;
    crate::timing::mark("dedup");
    Ok((ledger, summary))
}

/// Analyze the given files without touching the ledger, or the ledger when none are
/// given, with the limits from the command line over the settings file's.
pub fn run_analysis(g: &Global, inputs: &Inputs, limits: Limits) -> Result<Analysis> {
    let (a, ledger) = analysis_and_ledger(g, inputs, limits)?;
    leave_to_exit(ledger);
    Ok(a)
}

/// [`run_analysis`], and the payments it was made from.
pub fn analysis_and_ledger(
    g: &Global,
    inputs: &Inputs,
    limits: Limits,
) -> Result<(Analysis, Ledger)> {
    crate::timing::mark("start");
    let categorizer = categorizer(g)?;
    let limits =
        load_config(g)?.limit_options(limits.current_limit, limits.content_limit, limits.budget);
    let (ledger, summary) = load_source(g, inputs)?;
    let a = analysis::analyze(
        &ledger,
        summary,
        inputs.as_of,
        crate::month::today_kst(),
        &categorizer,
        &limits,
    )?;
    Ok((a, ledger))
}

/// Whose menus to show: the carrier the statements' names say, else the settings
/// file's `carrier`, else none (every carrier's steps are shown).
pub fn carrier(g: &Global, a: &Analysis) -> Result<Option<crate::intake::carrier::Carrier>> {
    use crate::intake::carrier::Carrier;
    Ok(
        Carrier::of_files(a.import.files.iter().map(|f| f.path.as_str()))
            .or(load_config(g)?.carrier),
    )
}

/// Leave `value` for the process exit to reclaim: every command ends soon after its
/// analysis, and freeing a million ledger entries one by one takes longer than that.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}
