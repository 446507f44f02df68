//! `soaek rules test NAME` and `soaek rules check [FILE]`: which rule or dictionary
//! entry names and categorizes a merchant and why, and whether a rules file is valid.

use super::args::parse_time;
use super::context::{categorizer, read_text, rules_path, Global};
use super::status;
use crate::i18n::{josa, tr, Josa, Lang};
use anyhow::Result;
use soaek_merchants::{MatchedBy, Rules, Subject};
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand, Debug)]
pub enum Args {
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

pub fn run(g: &Global, args: Args) -> Result<u8> {
    match args {
        Args::Test {
            merchant,
            item,
            amount,
            time,
        } => test(g, &merchant, item.as_deref(), amount, time),
        Args::Check { file } => check(g, file.as_deref()),
    }
}

/// `soaek rules test NAME`: which rule or dictionary entry gives a merchant its name.
fn test(
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
fn check(g: &Global, file: Option<&Path>) -> Result<u8> {
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
