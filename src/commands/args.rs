//! What people type, read as values: days, months, amounts, times; and the option
//! groups several commands share (what to read, the limits, a period). Every refusal
//! says in the user's language what to type instead.

use crate::i18n::{parse_lang, Lang};
use crate::month::Month;
use chrono::NaiveDate;
use std::path::PathBuf;

/// The language asked for on the command line, read before clap parses it, so that
/// the value parsers' and clap's own complaints come in that language.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// `--lang` from the raw arguments; without it `LC_ALL`, then `LANG` (`en…` is English);
/// else Korean. Remembered for [`say`].
pub fn lang_of_args() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let from_env = || {
        ["LC_ALL", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .map(|v| {
                if v.to_ascii_lowercase().starts_with("en") {
                    Lang::En
                } else {
                    Lang::Ko
                }
            })
    };
    let lang = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| {
            a.strip_prefix("--lang=").or_else(|| {
                (a == "--lang")
                    .then(|| args.get(i + 1).map(String::as_str))
                    .flatten()
            })
        })
        .and_then(|v| parse_lang(v).ok())
        .or_else(from_env)
        .unwrap_or_default();
    let _ = LANG.set(lang);
    lang
}

fn say(ko: String, en: String) -> String {
    match LANG.get().copied().unwrap_or_default() {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// What an analysis reads: statements (or the ledger), as of a day.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Inputs {
    /// Statement files or folders (default: the ledger).
    pub files: Vec<PathBuf>,
    /// The day to analyze as of, 2025-08-14 (default: today in KST).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Column profile (TOML) for files auto-detection gets wrong.
    #[arg(long)]
    pub profile: Option<PathBuf>,
    /// Only this phone line: its name, its number (010-****-1234) or - for the unnamed line.
    #[arg(long, value_name = "LINE")]
    pub line: Option<String>,
}

/// The user's limits and budget, for the commands whose advice depends on them.
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Your current monthly 휴대폰 소액결제 limit in won (300000, 30만원).
    #[arg(long, value_parser = parse_won)]
    pub current_limit: Option<i64>,
    /// Your current monthly 콘텐츠이용료 (app store) limit in won.
    #[arg(long, value_parser = parse_won)]
    pub content_limit: Option<i64>,
    /// Your own monthly budget in won, both caps together.
    #[arg(long, value_parser = parse_budget)]
    pub budget: Option<i64>,
}

/// A day, in any form a statement writes one (2025-08-14, 2025.08.14, 20250814,
/// 2025년 8월 14일, …).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    soaek_import::fields::parse_datetime(s)
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
pub struct Days {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

pub fn parse_days(s: &str) -> Result<Days, String> {
    if let Ok(d) = parse_date(s) {
        return Ok(Days { first: d, last: d });
    }
    let digits: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let month = match digits[..] {
        [y, m] if (2000..=2100).contains(&y) => Month::parse(&format!("{y}-{m}")),
        [ym] if (200_001..=210_012).contains(&ym) => {
            Month::parse(&format!("{}-{}", ym / 100, ym % 100))
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
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct Period {
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
    /// The first and last day; a first day after the last is a usage error.
    pub fn range(&self, lang: Lang) -> anyhow::Result<(Option<NaiveDate>, Option<NaiveDate>)> {
        let from = self.month.or(self.from).map(|d| d.first);
        let to = self.month.or(self.to).map(|d| d.last);
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(super::status::usage(
                    match lang {
                        Lang::Ko => {
                            format!("--from({f})이 --to({t})보다 늦습니다. 순서를 바꿔 주세요")
                        }
                        Lang::En => format!("--from ({f}) is after --to ({t}); swap them"),
                    },
                    lang,
                ));
            }
        }
        Ok((from, to))
    }
}

/// A number written with Korean units below 만: `1천5백` = 1,500, `3` = 3, `1백` = 100.
fn below_man(s: &str) -> Option<i64> {
    let (mut total, mut rest) = (0i64, s);
    for (unit, value) in [('천', 1_000i64), ('백', 100), ('십', 10)] {
        if let Some((n, after)) = rest.split_once(unit) {
            let n = if n.is_empty() {
                1
            } else {
                n.parse::<i64>().ok()?
            };
            total = total.checked_add(n.checked_mul(value)?)?;
            rest = after;
        }
    }
    if !rest.is_empty() {
        total = total.checked_add(rest.parse().ok()?)?;
    }
    Some(total)
}

/// Whole won as people write it: `300000`, `300,000`, `300,000원`, `₩300,000`, `30만원`,
/// `30만`, `1만5천원`, `1백만원`.
pub fn won_of(s: &str) -> Option<i64> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '₩' | '￦'))
        .collect();
    let t = t.strip_suffix('원').unwrap_or(&t);
    if t.is_empty() || t.starts_with(['만', '천', '백', '십']) {
        return None;
    }
    match t.split_once('만') {
        Some((man, rest)) => below_man(man)?
            .checked_mul(10_000)?
            .checked_add(if rest.is_empty() { 0 } else { below_man(rest)? }),
        None => below_man(t),
    }
}

pub fn parse_won(s: &str) -> Result<i64, String> {
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
pub fn parse_budget(s: &str) -> Result<i64, String> {
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

/// A time of day, HH:MM, as minutes after midnight.
pub fn parse_time(s: &str) -> Result<u32, String> {
    chrono::NaiveTime::parse_from_str(s, "%H:%M")
        .map(|t| chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t))
        .map_err(|_| {
            say(
                format!("HH:MM 꼴의 시각을 주세요 (받은 값 {s:?})"),
                format!("expected HH:MM, got {s:?}"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("1백만원", Some(1_000_000)),
            ("1백만", Some(1_000_000)),
            ("2천만원", Some(20_000_000)),
            ("1천5백원", Some(1_500)),
            ("만원", None),
            ("abc", None),
            ("30만abc", None),
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
