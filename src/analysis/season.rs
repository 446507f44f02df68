//! The seasonal factor of a month (spec rule 7): at least 1.0, always with a reason.
//! With 13 months of history it is learned from the user's own spending a year before,
//! aligned on 설날 and 추석 rather than on calendar months, and shrunk toward 1; with
//! less, it comes from configurable priors for 명절, 가정의 달, 코리아세일페스타 and 연말.

use super::calendar::{self, HolidaySpan, Season};
use super::monthly::MonthFigures;
use crate::i18n::Lang;
use crate::month::Month;
use chrono::Datelike;
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// The calendar priors (`[seasons]` in the config file).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Priors {
    /// A month holding 설날 or 추석 days.
    pub holiday: f64,
    /// May, 가정의 달.
    pub family_month: f64,
    /// November, 코리아세일페스타 and 수능.
    pub sale_festa: f64,
    /// December, 연말.
    pub year_end: f64,
}

impl Default for Priors {
    fn default() -> Priors {
        Priors {
            holiday: 1.3,
            family_month: 1.15,
            sale_festa: 1.1,
            year_end: 1.2,
        }
    }
}

/// Months of history needed before the factor is learned.
pub const LEARN_AFTER_MONTHS: i32 = 13;
/// The learned value is pulled toward 1 as years / (years + SHRINK).
const SHRINK: i32 = 1;
/// No month is planned above twice its usual spend.
const MAX_FACTOR: f64 = 2.0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    pub month: Month,
    /// Two decimals, ≥ 1.0.
    #[serde(with = "rust_decimal::serde::float")]
    pub factor: Decimal,
    pub reason: String,
    /// Learned from the user's history (else a calendar prior).
    pub learned: bool,
    /// The months it was learned from (each aligned month and the three before it).
    #[serde(skip)]
    pub learned_from: Vec<Month>,
}

/// A factor as shown: two decimals (`1.00`, `1.36`), never below 1.
fn two_dp(x: f64) -> Decimal {
    let mut d = Decimal::from_f64(x)
        .unwrap_or(Decimal::ONE)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .max(Decimal::ONE);
    d.rescale(2);
    d
}

/// The month's net; `None` when no statement covers it (the figures list only covered
/// months): a year whose aligned month or base months are unknown teaches nothing.
fn net(months: &[MonthFigures], m: Month) -> Option<i64> {
    months.iter().find(|f| f.month == m).map(|f| f.net)
}

fn span_text(s: &HolidaySpan, lang: Lang) -> String {
    let first = s.days[0].format("%m-%d");
    let last = s.all_days().max().unwrap_or(s.days[2]).format("%m-%d");
    match lang {
        Lang::Ko => format!("{}({first}~{last})", s.holiday.korean()),
        Lang::En => format!("{} ({first} to {last})", s.holiday.english()),
    }
}

/// The factor of `month` from the priors alone.
pub fn prior(month: Month, priors: &Priors, lang: Lang) -> Factor {
    let mut parts: Vec<(f64, String)> = calendar::holidays_in(month)
        .iter()
        .map(|s| (priors.holiday, span_text(s, lang)))
        .collect();
    if let Some(season) = Season::of(month) {
        let f = match season {
            Season::FamilyMonth => priors.family_month,
            Season::SaleFesta => priors.sale_festa,
            Season::YearEnd => priors.year_end,
        };
        let mut name = match lang {
            Lang::Ko => season.korean().to_string(),
            Lang::En => season.english().to_string(),
        };
        if season == Season::SaleFesta {
            if let Some(d) = calendar::suneung(month.year) {
                name += &d.format("(%m-%d)").to_string();
            }
        }
        parts.push((f, name));
    }
    let best = parts.iter().map(|p| p.0).fold(1.0, f64::max);
    let factor = two_dp(best);
    let names: Vec<&str> = parts.iter().map(|p| p.1.as_str()).collect();
    let reason = if parts.is_empty() || factor == Decimal::ONE {
        match lang {
            Lang::Ko => format!(
                "{}월은 특별한 지출 시기가 아니라 평소대로(1.00) 잡습니다.",
                month.month
            ),
            Lang::En => {
                format!("{month} is not a spending season, so the usual level (1.00) applies.")
            }
        }
    } else {
        match lang {
            Lang::Ko => format!(
                "{}월에는 {}이 있어 평소의 {factor}배로 잡습니다 (기본 계절 요인).",
                month.month,
                names.join(", ")
            ),
            Lang::En => format!(
                "{month} holds {}, so {factor}× the usual level is planned (calendar prior).",
                names.join(", ")
            ),
        }
    };
    Factor {
        month,
        factor,
        reason,
        learned: false,
        learned_from: Vec::new(),
    }
}

/// The month a year before `month` that played the same part: the month of last year's
/// 설날/추석 when `month` holds one, else the same calendar month. `None` when the same
/// calendar month last year held a 명절 that `month` does not (nothing to learn from).
fn aligned(month: Month, years_back: i32) -> Option<(Month, Option<String>)> {
    let here = calendar::holidays_in(month);
    if let Some(span) = here.first() {
        let year = span.main_day().year() - years_back;
        let then = calendar::holiday(span.holiday, year)?;
        return Some((
            Month::of(then.main_day()),
            Some(span.holiday.korean().into()),
        ));
    }
    let same = month.plus(-12 * years_back);
    if calendar::holidays_in(same).is_empty() {
        Some((same, None))
    } else {
        None
    }
}

/// The factor of `month`: learned from `months` (the monthly figures) when they span
/// at least 13 months before `month`, else from the priors.
pub fn factor(month: Month, months: &[MonthFigures], priors: &Priors, lang: Lang) -> Factor {
    let first = months.iter().find(|m| m.payments > 0).map(|m| m.month);
    let history = first.map_or(0, |f| month.index() - f.index());
    if history < LEARN_AFTER_MONTHS {
        return prior(month, priors, lang);
    }
    let Some(first) = first else {
        return prior(month, priors, lang);
    };
    // Ratio of the aligned month to the three months before it, for each past year.
    let mut ratios: Vec<(Month, f64, Option<String>)> = Vec::new();
    let mut shifted_away = None;
    for back in 1..=3 {
        match aligned(month, back) {
            Some((r, holiday)) if r.plus(-3) >= first => {
                let base: Option<i64> = (1..=3).map(|k| net(months, r.plus(-k))).sum();
                if let (Some(base), Some(then)) = (base.filter(|&b| b > 0), net(months, r)) {
                    ratios.push((r, then as f64 * 3.0 / base as f64, holiday));
                }
            }
            None if back == 1 => shifted_away = Some(month.plus(-12)),
            _ => {}
        }
    }
    if let Some(last_year) = shifted_away {
        // Last year this month held a 명절 it does not hold now: no uplift to learn.
        let reason = match lang {
            Lang::Ko => format!(
                "작년 {}월({last_year})에는 명절이 있었지만 올해 {}월에는 없어 올려 잡지 않습니다 (1.00).",
                last_year.month, month.month
            ),
            Lang::En => format!(
                "Last year's {last_year} held a holiday that {month} does not, so nothing is added (1.00)."
            ),
        };
        return Factor {
            month,
            factor: two_dp(1.0),
            reason,
            learned: true,
            learned_from: Vec::new(),
        };
    }
    if ratios.is_empty() {
        return prior(month, priors, lang);
    }
    let years = ratios.len() as f64;
    let mean = ratios.iter().map(|r| r.1).sum::<f64>() / years;
    let weight = years / (years + f64::from(SHRINK));
    let learned = (1.0 + (mean - 1.0) * weight).clamp(1.0, MAX_FACTOR);
    let factor = two_dp(learned);
    let (r, _, holiday) = &ratios[0];
    let when = match (holiday, lang) {
        (Some(h), Lang::Ko) => format!("작년 {h}이 있던 {r}"),
        (Some(h), Lang::En) => format!("{r}, the month of last year's {h}"),
        (None, Lang::Ko) => format!("작년 {}월({r})", r.month),
        (None, Lang::En) => r.to_string(),
    };
    let mean_text = format!("{mean:.2}");
    let reason = match (lang, mean > 1.0) {
        (Lang::Ko, true) => format!(
            "{when}에는 그 전 3개월 평균의 {mean_text}배를 썼습니다. 기록이 {}년치라 1 쪽으로 줄여 {factor}배로 잡습니다.",
            ratios.len()
        ),
        (Lang::Ko, false) => format!(
            "{when}에는 그 전 3개월 평균의 {mean_text}배를 써서 올려 잡지 않습니다 (1.00)."
        ),
        (Lang::En, true) => format!(
            "In {when} you spent {mean_text}× the three months before it. With {} year(s) of history this is pulled toward 1: {factor}×.",
            ratios.len()
        ),
        (Lang::En, false) => format!(
            "In {when} you spent {mean_text}× the three months before it, so nothing is added (1.00)."
        ),
    };
    let learned_from = ratios
        .iter()
        .flat_map(|(r, _, _)| (0..=3).map(move |k| r.plus(-k)))
        .collect();
    Factor {
        month,
        factor,
        reason,
        learned: true,
        learned_from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(from: &str, nets: &[(&str, i64)], until: &str) -> Vec<MonthFigures> {
        let (from, until) = (Month::parse(from).unwrap(), Month::parse(until).unwrap());
        (from.index()..=until.index())
            .map(|i| {
                let month = Month::from_index(i);
                let net = nets
                    .iter()
                    .find(|(m, _)| Month::parse(m) == Some(month))
                    .map_or(100_000, |x| x.1);
                MonthFigures {
                    net,
                    approved: net,
                    payments: 5,
                    ..MonthFigures::zero(month)
                }
            })
            .collect()
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn priors_for_holidays_and_seasons() {
        let p = Priors::default();
        let f = |s: &str| prior(m(s), &p, Lang::Ko);
        assert_eq!(f("2026-02").factor.to_string(), "1.30");
        assert!(
            f("2026-02").reason.contains("설날(02-16~02-18)"),
            "{}",
            f("2026-02").reason
        );
        assert_eq!(f("2026-01").factor.to_string(), "1.00");
        assert_eq!(f("2025-05").factor.to_string(), "1.15");
        assert_eq!(f("2025-10").factor.to_string(), "1.30");
        assert!(f("2025-10").reason.contains("추석(10-05~10-08)"));
        assert_eq!(f("2025-11").factor.to_string(), "1.10");
        assert_eq!(f("2025-12").factor.to_string(), "1.20");
        assert_eq!(f("2025-07").factor.to_string(), "1.00");
        assert!(f("2025-07").reason.contains("평소대로"));
    }

    #[test]
    fn holidays_are_aligned_not_calendar_months() {
        // 설날 2025 was in January (spent 300,000 against 100,000 before); 설날 2026 is
        // in February. February 2026 learns from January 2025, not February 2025.
        let months = history("2024-09", &[("2025-01", 300_000)], "2026-01");
        let feb = factor(m("2026-02"), &months, &Priors::default(), Lang::Ko);
        assert!(feb.learned);
        // ratio 3.0, one year → 1 + 2.0 × 1/2 = 2.0
        assert_eq!(feb.factor.to_string(), "2.00");
        assert!(
            feb.reason.contains("작년 설날이 있던 2025-01"),
            "{}",
            feb.reason
        );
        // January 2026 holds no 설날: last January's spike is not carried over.
        let jan = factor(m("2026-01"), &months, &Priors::default(), Lang::Ko);
        assert_eq!(jan.factor, Decimal::ONE);
        assert!(jan.reason.contains("명절"), "{}", jan.reason);
    }

    #[test]
    fn the_learned_factor_is_shrunk_and_never_below_one() {
        let months = history("2024-08", &[("2024-12", 160_000)], "2025-11");
        let dec = factor(m("2025-12"), &months, &Priors::default(), Lang::Ko);
        // ratio 1.6 → 1.3
        assert_eq!(dec.factor.to_string(), "1.30");
        let months = history("2024-08", &[("2024-12", 40_000)], "2025-11");
        let dec = factor(m("2025-12"), &months, &Priors::default(), Lang::Ko);
        assert_eq!(dec.factor, Decimal::ONE);
        assert!(dec.reason.contains("올려 잡지 않습니다"));
    }

    #[test]
    fn a_year_with_an_uncovered_month_teaches_nothing() {
        // As above, but October 2024 (one of December's base months) was in no statement.
        let months: Vec<MonthFigures> = history("2024-08", &[("2024-12", 160_000)], "2025-11")
            .into_iter()
            .filter(|f| f.month != m("2024-10"))
            .collect();
        let dec = factor(m("2025-12"), &months, &Priors::default(), Lang::Ko);
        assert!(!dec.learned, "{}", dec.reason);
        assert_eq!(dec.factor.to_string(), "1.20");
        // The uncovered month itself (December 2024) likewise.
        let months: Vec<MonthFigures> = history("2024-08", &[], "2025-11")
            .into_iter()
            .filter(|f| f.month != m("2024-12"))
            .collect();
        assert!(!factor(m("2025-12"), &months, &Priors::default(), Lang::Ko).learned);
    }

    #[test]
    fn short_history_uses_the_priors() {
        let months = history("2025-01", &[], "2025-11");
        let dec = factor(m("2025-12"), &months, &Priors::default(), Lang::Ko);
        assert!(!dec.learned);
        assert_eq!(dec.factor.to_string(), "1.20");
    }
}
