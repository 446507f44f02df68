//! `soaek lines`: the household's phone lines in the ledger (docs/RULES.md rule 12),
//! with their payments and coverage; `lines label` names a line (and marks a child's),
//! `lines merge` makes several lines one. Names live in the ledger's manifest; no
//! payment is changed.

use super::context::Global;
use super::status::{self, exit};
use crate::analysis::lines::{summaries, LineSummary};
use crate::i18n::Lang;
use crate::ledger::store;
use crate::lines::{LineGroup, LineInfo, Lines};
use crate::report;
use anyhow::Result;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Name a line (and mark a child's line, whose advice keeps to the safer tiers).
    Label {
        /// The line: its number as shown (010-****-5678), its name, or - for the unnamed line.
        line: String,
        /// The new name (민준); lines given one name are one line.
        name: Option<String>,
        /// A child's line: limits advised in the guide's safer tiers, alerts worded for a parent.
        #[arg(long, conflicts_with = "not_child")]
        child: bool,
        /// No longer a child's line.
        #[arg(long)]
        not_child: bool,
    },
    /// Make the other lines part of the first one (they take its name).
    Merge {
        /// The line that stays.
        into: String,
        /// The lines that join it.
        #[arg(required = true)]
        others: Vec<String>,
    },
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    match args.action {
        None => list(g, args.json),
        Some(Action::Label {
            line,
            name,
            child,
            not_child,
        }) => edit(g, |groups, lines| {
            let group = find(groups, &line, g.lang)?;
            let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            for id in &group.ids {
                let info = lines.0.entry(id.clone()).or_insert_with(|| LineInfo {
                    coverage: group.coverage.clone(),
                    ..LineInfo::default()
                });
                if let Some(name) = name {
                    info.label = Some(name.to_string());
                }
                if child || not_child {
                    info.child = child;
                }
            }
            Ok(())
        }),
        Some(Action::Merge { into, others }) => edit(g, |groups, lines| {
            let target = find(groups, &into, g.lang)?;
            // Lines are one when they carry one name: the unnamed line has none to give.
            let Some(name) = target.name.clone() else {
                return Err(exit(
                    status::USAGE,
                    match g.lang {
                        Lang::Ko => {
                            "이름 없는 회선에는 먼저 이름을 붙이세요: soaek lines label - 이름"
                        }
                        Lang::En => "name the unnamed line first: soaek lines label - NAME",
                    }
                    .to_string(),
                ));
            };
            let mut joining = vec![target];
            for other in &others {
                joining.push(find(groups, other, g.lang)?);
            }
            for group in joining {
                for id in &group.ids {
                    let info = lines.0.entry(id.clone()).or_insert_with(|| LineInfo {
                        coverage: group.coverage.clone(),
                        ..LineInfo::default()
                    });
                    info.label = Some(name.clone());
                    info.child |= target.child;
                }
            }
            Ok(())
        }),
    }
}

/// The group `query` names, or the command ends listing the lines there are.
fn find<'a>(groups: &'a [LineGroup], query: &str, lang: Lang) -> Result<&'a LineGroup> {
    groups.iter().find(|g| g.is_named(query)).ok_or_else(|| {
        let known: Vec<String> = groups
            .iter()
            .map(|g| crate::words::line_name(g.name.as_deref(), lang))
            .collect();
        exit(
            status::USAGE,
            match lang {
                Lang::Ko => format!("'{query}' 회선이 없습니다. 있는 회선: {}", known.join(", ")),
                Lang::En => format!("no line {query:?}. The lines are: {}", known.join(", ")),
            },
        )
    })
}

/// The ledger's lines, grouped as the analysis groups them.
fn groups_of(ledger: &crate::ledger::Ledger, stored: &store::Stored) -> Vec<LineGroup> {
    let coverage = stored.coverage(ledger);
    stored
        .lines()
        .groups(ledger.entries().iter().map(|e| e.tx.line()), &coverage)
}

fn list(g: &Global, json: bool) -> Result<u8> {
    let (ledger, coverage, lines) = store::load_with_coverage(&g.ledger_path()?)?;
    let groups = lines.groups(ledger.entries().iter().map(|e| e.tx.line()), &coverage);
    let rows: Vec<LineSummary> = summaries(ledger.entries(), groups);
    if json {
        println!("{}", report::json::lines_json(&rows)?);
    } else {
        print!("{}", report::text::lines(&rows, g.lang));
    }
    Ok(status::OK)
}

/// Change the lines' names under the writers' lock and write the manifest again; the
/// month files stay as they are.
fn edit(g: &Global, change: impl FnOnce(&[LineGroup], &mut Lines) -> Result<()>) -> Result<u8> {
    let path = g.ledger_path()?;
    if !path.exists() {
        return Err(crate::ledger::manifest::LedgerError::new(
            &path,
            crate::ledger::manifest::Damage::NoLedger,
        )
        .into());
    }
    let _lock = store::lock(&path)?;
    let stored = store::Stored::open_for_write(&path)?;
    let ledger = stored.load(None)?;
    let groups = groups_of(&ledger, &stored);
    let mut lines = stored.lines();
    change(&groups, &mut lines)?;
    stored.save_with_lines(&ledger, &stored.coverage(&ledger), &lines)?;
    let coverage = stored.coverage(&ledger);
    let groups = lines.groups(ledger.entries().iter().map(|e| e.tx.line()), &coverage);
    print!(
        "{}",
        report::text::lines(&summaries(ledger.entries(), groups), g.lang)
    );
    Ok(status::OK)
}
