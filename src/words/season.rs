//! Why a month's seasonal factor is what it is (docs/RULES.md rule 7).

use super::{holiday, josa, season_name, Josa, Lang};
use crate::analysis::calendar::HolidaySpan;
use crate::analysis::season::{Factor, Why};

/// One 명절 with its days off: `설날(02-16~02-18)`.
fn span(s: &HolidaySpan, lang: Lang) -> String {
    let first = s.days[0].format("%m-%d");
    let last = s.all_days().max().unwrap_or(s.days[2]).format("%m-%d");
    match lang {
        Lang::Ko => format!("{}({first}~{last})", holiday(s.holiday, lang)),
        Lang::En => format!("{} ({first} to {last})", holiday(s.holiday, lang)),
    }
}

/// The sentence that explains `f`.
pub fn why(f: &Factor, lang: Lang) -> String {
    let (month, factor) = (f.month, f.factor);
    match (&f.why, lang) {
        (Why::Usual, Lang::Ko) => format!(
            "{}월은 특별한 지출 시기가 아니라 평소대로(1.00) 잡습니다.",
            month.month
        ),
        (Why::Usual, Lang::En) => {
            format!("{month} is not a spending season, so the usual level (1.00) applies.")
        }
        (Why::Prior { holidays, season }, _) => {
            let mut names: Vec<String> = holidays.iter().map(|s| span(s, lang)).collect();
            if let Some((s, suneung)) = season {
                let mut name = season_name(*s, lang).to_string();
                if let Some(d) = suneung {
                    name += &d.format("(%m-%d)").to_string();
                }
                names.push(name);
            }
            match lang {
                Lang::Ko => format!(
                    "{}월에는 {} 있어 평소의 {factor}배로 잡습니다 (달력에 따른 기본값).",
                    month.month,
                    josa(&names.join(", "), Josa::Subject)
                ),
                Lang::En => format!(
                    "{month} holds {}, so {factor}× the usual level is planned (calendar prior).",
                    names.join(", ")
                ),
            }
        }
        (Why::HolidayMovedAway { last_year }, Lang::Ko) => format!(
            "작년 {}월({last_year})에는 명절이 있었지만 올해 {}월에는 없어 올려 잡지 않습니다 (1.00).",
            last_year.month, month.month
        ),
        (Why::HolidayMovedAway { last_year }, Lang::En) => format!(
            "Last year's {last_year} held a holiday that {month} does not, so nothing is added (1.00)."
        ),
        (
            Why::Learned {
                from,
                holiday: h,
                mean,
                years,
            },
            _,
        ) => {
            let when = match (h, lang) {
                (Some(h), Lang::Ko) => {
                    format!("작년 {} 있던 {from}", josa(holiday(*h, lang), Josa::Subject))
                }
                (Some(h), Lang::En) => {
                    format!("{from}, the month of last year's {}", holiday(*h, Lang::Ko))
                }
                (None, Lang::Ko) => format!("작년 {}월({from})", from.month),
                (None, Lang::En) => from.to_string(),
            };
            let mean_text = format!("{mean:.2}");
            match (lang, *mean > 1.0) {
                (Lang::Ko, true) => format!(
                    "{when}에는 그 전 3개월 평균의 {mean_text}배를 썼습니다. 기록이 {years}년치뿐이라 평소(1배) 쪽으로 조금 낮춰 {factor}배로 잡습니다."
                ),
                (Lang::Ko, false) => format!(
                    "{when}에는 그 전 3개월 평균의 {mean_text}배를 써서 올려 잡지 않습니다 (1.00)."
                ),
                (Lang::En, true) => format!(
                    "In {when} you spent {mean_text}× the three months before it. With {years} year(s) of history this is pulled toward 1: {factor}×."
                ),
                (Lang::En, false) => format!(
                    "In {when} you spent {mean_text}× the three months before it, so nothing is added (1.00)."
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::monthly::MonthFigures;
    use crate::analysis::season::{factor, prior, Priors};
    use crate::month::Month;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn priors_name_the_holiday_and_its_days() {
        let p = Priors::default();
        let said = |s: &str| why(&prior(m(s), &p), Lang::Ko);
        assert_eq!(
            said("2026-02"),
            "2월에는 설날(02-16~02-18)이 있어 평소의 1.30배로 잡습니다 (달력에 따른 기본값)."
        );
        assert!(said("2025-10").contains("추석(10-05~10-08)이 있어"));
        assert_eq!(
            said("2025-07"),
            "7월은 특별한 지출 시기가 아니라 평소대로(1.00) 잡습니다."
        );
        assert!(
            said("2025-05").contains("가정의 달이 있어"),
            "{}",
            said("2025-05")
        );
        assert_eq!(
            why(&prior(m("2025-12"), &p), Lang::En),
            "2025-12 holds year-end, so 1.20× the usual level is planned (calendar prior)."
        );
    }

    #[test]
    fn a_learned_factor_says_where_it_learned() {
        // 설날 2025 was in January (300,000 against 100,000 before it).
        let months: Vec<MonthFigures> = (0..17)
            .map(|i| {
                let month = m("2024-09").plus(i);
                let net = if month == m("2025-01") {
                    300_000
                } else {
                    100_000
                };
                MonthFigures {
                    net,
                    approved: net,
                    payments: 5,
                    ..MonthFigures::zero(month)
                }
            })
            .collect();
        let feb = factor(m("2026-02"), &months, &Priors::default());
        assert_eq!(
            why(&feb, Lang::Ko),
            "작년 설날이 있던 2025-01에는 그 전 3개월 평균의 3.00배를 썼습니다. 기록이 1년치뿐이라 평소(1배) 쪽으로 조금 낮춰 2.00배로 잡습니다."
        );
        let jan = factor(m("2026-01"), &months, &Priors::default());
        assert!(why(&jan, Lang::Ko).contains("명절이 있었지만"));
    }
}
