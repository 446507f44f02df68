//! `soaek ledger verify` and `soaek ledger repair`: check every file of the ledger
//! against its manifest, and rebuild the ledger from the month files in its folder
//! when the manifest is lost or does not account for them (only with the user's yes).

use super::context::Global;
use super::status::{self, exit};
use crate::i18n::Lang;
use crate::ledger::manifest::{Damage, LedgerError};
use crate::ledger::store;
use crate::words::count;
use anyhow::Result;
use std::io::{BufRead, IsTerminal, Write};

#[derive(clap::Subcommand, Debug)]
pub enum Args {
    /// Check every month file against the manifest (checksum, rows, month).
    Verify,
    /// Rebuild the ledger from the month files in its folder; the old folder is kept as a backup.
    Repair {
        /// Rebuild without asking.
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(g: &Global, args: Args) -> Result<u8> {
    match args {
        Args::Verify => verify(g),
        Args::Repair { yes } => repair(g, yes),
    }
}

/// `soaek ledger verify`: 0 when every month file matches the manifest, else 2.
fn verify(g: &Global) -> Result<u8> {
    let lang = g.lang;
    let path = g.ledger_path()?;
    let checks = store::verify(&path)?;
    println!(
        "{} {}",
        match lang {
            Lang::Ko => "원장:",
            Lang::En => "ledger:",
        },
        path.display()
    );
    let mut bad = 0;
    let mut rows = 0;
    for c in &checks {
        match &c.result {
            Ok(()) => {
                rows += c.rows;
                println!(
                    "  {}  {}",
                    c.month,
                    match lang {
                        Lang::Ko => format!("{}건 정상", count(c.rows)),
                        Lang::En => format!("{} rows, ok", count(c.rows)),
                    }
                );
            }
            Err(e) => {
                bad += 1;
                println!("  {}  {}", c.month, e.message(lang));
            }
        }
    }
    if bad > 0 {
        return Err(exit(
            status::FAILED,
            match lang {
                Lang::Ko => format!(
                    "원장의 월 파일 {}개 중 {bad}개가 손상되었습니다",
                    checks.len()
                ),
                Lang::En => format!(
                    "{bad} of the ledger's {} month files are damaged",
                    checks.len()
                ),
            },
        ));
    }
    println!(
        "{}",
        match lang {
            Lang::Ko => format!(
                "월 {}개, 결제 {}건: 모두 정상입니다",
                checks.len(),
                count(rows)
            ),
            Lang::En => format!("{} months, {} rows: all intact", checks.len(), count(rows)),
        }
    );
    Ok(status::OK)
}

/// `soaek ledger repair`: shows what the rebuilt ledger would hold, and rebuilds it
/// when the user says yes (`--yes`, or `y` at the prompt). The old folder is kept.
fn repair(g: &Global, yes: bool) -> Result<u8> {
    let lang = g.lang;
    let path = g.ledger_path()?;
    if !path.exists() {
        return Err(LedgerError::new(&path, Damage::NoLedger).into());
    }
    if path.is_file() {
        // A ledger from before month files: one Parquet file, no list to lose.
        println!(
            "{}",
            match lang {
                Lang::Ko => "예전 한 파일짜리 원장이라 다시 만들 목록이 없습니다. 다음 가져오기 때 달마다 나뉜 폴더로 바뀝니다",
                Lang::En => "a single-file ledger from before month files: there is no list to rebuild. The next import turns it into a folder",
            }
        );
        return Ok(status::OK);
    }
    let _lock = store::lock(&path)?;
    let plan = store::plan_repair(&path)?;
    let months = plan
        .ledger
        .entries()
        .iter()
        .map(|e| crate::month::Month::of(e.tx.date()))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let file_rows = count(plan.read.iter().map(|r| r.1).sum());
    match lang {
        Lang::Ko => {
            println!("원장 다시 만들기: {}", path.display());
            println!(
                "  월 파일 {}개에서 {file_rows}행을 읽었습니다. 겹친 행을 하나로 치면 결제 {}건, 월 {months}개입니다",
                plan.read.len(),
                count(plan.ledger.len())
            );
        }
        Lang::En => {
            println!("rebuild the ledger: {}", path.display());
            println!(
                "  read {file_rows} rows from {} month files: {} payments once each, {months} months",
                plan.read.len(),
                count(plan.ledger.len())
            );
        }
    }
    for (f, e) in &plan.unreadable {
        match lang {
            Lang::Ko => println!("  읽지 못해 빼는 파일: {f} — {}", e.message(lang)),
            Lang::En => println!("  left out, unreadable: {f} — {}", e.message(lang)),
        }
    }
    let confirmed = yes || ask(lang);
    if !confirmed {
        println!(
            "{}",
            match lang {
                Lang::Ko => "아무것도 바꾸지 않았습니다. 다시 만들려면 --yes를 붙여 실행하세요(지금 폴더는 지우지 않고 백업으로 옮깁니다)",
                Lang::En => "nothing changed. Run again with --yes to rebuild (the current folder is kept as a backup, not deleted)",
            }
        );
        return Ok(status::NOT_CONFIRMED);
    }
    let backup = store::repair(&path, &plan)?;
    match lang {
        Lang::Ko => println!(
            "다시 만들었습니다: 결제 {}건, 월 {months}개. 이전 폴더는 {}에 그대로 있습니다",
            count(plan.ledger.len()),
            backup.display()
        ),
        Lang::En => println!(
            "rebuilt: {} payments, {months} months. The previous folder is kept at {}",
            count(plan.ledger.len()),
            backup.display()
        ),
    }
    Ok(status::OK)
}

/// Ask on the terminal; anything but yes (or no terminal at all) is no.
fn ask(lang: Lang) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    print!(
        "{}",
        match lang {
            Lang::Ko => "다시 만들까요? [y/N] ",
            Lang::En => "rebuild? [y/N] ",
        }
    );
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes" | "예" | "네" | "ㅇ")
}
