//! Words: the one place where the analysis's facts become Korean or English.
//!
//! The analysis returns numbers and facts (enums carrying their values); the terminal,
//! the HTML report and the JSON `reasons` all ask this module for their sentences, so
//! a fact is said the same way everywhere. Particles follow the word before them
//! ([`crate::i18n::josa`]); the terms used are those of docs/GLOSSARY.md.
//!
//! - [`season`]: why a month's seasonal factor is what it is.
//! - [`limit`]: the recommendation's reasons and this month's warnings.
//! - [`alerts`]: what a suspicious payment looks like and what to do.
//! - [`safety`]: the safety advice, each carrier's steps and where to ask for help.

pub mod alerts;
pub mod limit;
pub mod safety;
pub mod season;

use crate::analysis::calendar::{Holiday, Season};
use crate::analysis::kind::SpendKind;
use crate::analysis::limit::Tier;
use crate::analysis::subscriptions::Cadence;
pub use crate::i18n::{josa, tr, Josa, Lang};

/// `n` won as people write it: `12,300원`.
pub fn won(n: i64) -> String {
    soaek_import::Won(n).to_string()
}

/// A count as people write it, grouped like money: `54,902` (건, 개, rows …).
pub fn count(n: usize) -> String {
    soaek_import::Won(i64::try_from(n).unwrap_or(i64::MAX)).grouped()
}

/// A category's label (categories.toml): 게임, 상품권 ….
pub fn category(c: soaek_merchants::Category, lang: Lang) -> &'static str {
    tr(lang, c.korean(), c.english())
}

/// A line as people read it: its name, or for the payments nobody named, "이름 없는 회선".
pub fn line_name(name: Option<&str>, lang: Lang) -> String {
    match name {
        Some(n) => n.to_string(),
        None => tr(lang, "이름 없는 회선", "unnamed line").to_string(),
    }
}

pub fn holiday(h: Holiday, lang: Lang) -> &'static str {
    match (h, lang) {
        (Holiday::Seollal, Lang::Ko) => "설날",
        (Holiday::Chuseok, Lang::Ko) => "추석",
        (Holiday::Seollal, Lang::En) => "Seollal (Lunar New Year)",
        (Holiday::Chuseok, Lang::En) => "Chuseok",
    }
}

pub fn season_name(s: Season, lang: Lang) -> &'static str {
    match (s, lang) {
        (Season::FamilyMonth, Lang::Ko) => "가정의 달",
        (Season::SaleFesta, Lang::Ko) => "코리아세일페스타·수능",
        (Season::YearEnd, Lang::Ko) => "연말",
        (Season::FamilyMonth, Lang::En) => "family month",
        (Season::SaleFesta, Lang::En) => "Korea Sale FESTA and the CSAT",
        (Season::YearEnd, Lang::En) => "year-end",
    }
}

pub fn cadence(c: Cadence, lang: Lang) -> &'static str {
    match (c, lang) {
        (Cadence::Weekly, Lang::Ko) => "매주",
        (Cadence::Monthly, Lang::Ko) => "매월",
        (Cadence::Yearly, Lang::Ko) => "매년",
        (Cadence::Weekly, Lang::En) => "weekly",
        (Cadence::Monthly, Lang::En) => "monthly",
        (Cadence::Yearly, Lang::En) => "yearly",
    }
}

/// The statement guide's tier, as the guide names it.
pub fn tier(t: Tier, lang: Lang) -> &'static str {
    match (t, lang) {
        (Tier::None, Lang::Ko) => "차단 (0원)",
        (Tier::Minimal, Lang::Ko) => "최소 (5만원 이하)",
        (Tier::Standard, Lang::Ko) => "보통 (10만원 이하)",
        (Tier::High, Lang::Ko) => "높음 (위험 관리 필수)",
        (Tier::None, Lang::En) => "blocked (0 won)",
        (Tier::Minimal, Lang::En) => "minimal (≤ 50,000 won)",
        (Tier::Standard, Lang::En) => "standard (≤ 100,000 won)",
        (Tier::High, Lang::En) => "high (manage the risk)",
    }
}

/// What kind of file a statement was, in plain words: `CSV, UTF-8`, `엑셀 .xlsx`,
/// `웹 페이지 표, 한글 완성형 CP949`. `format` and `encoding` are the import summary's ids.
pub fn file_kind(format: &str, encoding: &str, lang: Lang) -> String {
    let text = match encoding {
        "utf-8" | "utf-8-bom" => "UTF-8",
        "cp949" => tr(lang, "한글 완성형 CP949", "Korean CP949"),
        "utf-16le" | "utf-16be" => "UTF-16",
        _ => "",
    };
    match (format, lang) {
        ("csv", _) => format!("CSV, {text}"),
        ("xlsx", Lang::Ko) => "엑셀 .xlsx".into(),
        ("xls", Lang::Ko) => "엑셀 .xls".into(),
        ("ods", Lang::Ko) => "오픈오피스 .ods".into(),
        ("html", Lang::Ko) => format!("웹 페이지 표, {text}"),
        ("xlsx", Lang::En) => "Excel .xlsx".into(),
        ("xls", Lang::En) => "Excel .xls".into(),
        ("ods", Lang::En) => "OpenDocument .ods".into(),
        ("html", Lang::En) => format!("web page table, {text}"),
        (other, _) => other.to_string(),
    }
}

/// The cap's name in the user's words.
pub fn cap(kind: SpendKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (SpendKind::Content, Lang::Ko) => "콘텐츠이용료",
        (SpendKind::Content, Lang::En) => "content (app stores)",
        (SpendKind::Micropayment, Lang::Ko) => "소액결제",
        (SpendKind::Micropayment, Lang::En) => "micropayment",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(54_902), "54,902");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn every_label_has_both_languages() {
        for h in Holiday::ALL {
            assert_ne!(holiday(h, Lang::Ko), holiday(h, Lang::En));
        }
        for t in [Tier::None, Tier::Minimal, Tier::Standard, Tier::High] {
            assert!(tier(t, Lang::Ko)
                .chars()
                .any(|c| ('가'..='힣').contains(&c)));
            assert!(tier(t, Lang::En).is_ascii() || tier(t, Lang::En).contains('≤'));
        }
        assert_eq!(cap(SpendKind::Content, Lang::Ko), "콘텐츠이용료");
        assert_eq!(cadence(Cadence::Monthly, Lang::Ko), "매월");
    }
}
