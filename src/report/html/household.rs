//! The household page of the report (docs/RULES.md rule 12): one card per line with
//! its spend, limit advice, subscriptions and alerts, each linking to that line's own
//! report page (`report-line-N.html`, the same report from its payments alone).

use super::*;
use crate::analysis::lines::LineAnalysis;
use crate::words::count;

/// One line's card.
pub struct LineCard {
    pub title: String,
    /// The recommended limits, or "—" without a recommendation.
    pub value: String,
    pub notes: Vec<String>,
    /// That line's own page.
    pub href: String,
    pub link: String,
}

/// The file of the `n`th line's page (0-based `n`): ASCII, for every file system.
pub fn line_page(n: usize) -> String {
    format!("report-line-{}.html", n + 1)
}

pub fn cards(lines: &[LineAnalysis], lang: Lang) -> Vec<LineCard> {
    lines
        .iter()
        .enumerate()
        .map(|(n, l)| {
            let a = &l.analysis;
            let r = a.recommendation.as_ref();
            let mut notes = Vec::new();
            if let Some(m) = a.months.last() {
                notes.push(match lang {
                    Lang::Ko => format!("{} 사용액 {}", m.month, won(m.net)),
                    Lang::En => format!("{} net {}", m.month, won(m.net)),
                });
            }
            match r {
                Some(r) => {
                    notes.push(match lang {
                        Lang::Ko => format!("최근 3개월 평균 {}", won(r.three_month_average)),
                        Lang::En => format!("3-month average {}", won(r.three_month_average)),
                    });
                    notes.push(format!(
                        "{} {}",
                        r.tier.stars(),
                        crate::words::tier(r.tier, lang)
                    ));
                    if let Some(child) = r
                        .reasons
                        .iter()
                        .find(|x| matches!(x, crate::analysis::limit::Reason::Child { .. }))
                    {
                        notes.push(crate::words::limit::reason(child, lang));
                    }
                }
                None => notes.push(text::no_recommendation(a, lang)),
            }
            let active: Vec<&crate::analysis::subscriptions::Subscription> = a
                .subscriptions
                .iter()
                .filter(|s| s.status == SubStatus::Active)
                .collect();
            if !active.is_empty() {
                let monthly: i64 = active.iter().map(|s| s.monthly_cost).sum();
                notes.push(match lang {
                    Lang::Ko => format!("이용 중인 구독 {}개, 매월 {}", active.len(), won(monthly)),
                    Lang::En => format!(
                        "{} active subscriptions, {} a month",
                        active.len(),
                        won(monthly)
                    ),
                });
            }
            let high: Vec<&crate::analysis::alerts::Alert> = a
                .alerts
                .iter()
                .filter(|x| x.severity == Severity::High)
                .collect();
            let (all, h) = (count(a.alerts.len()), count(high.len()));
            notes.push(match (lang, high.len()) {
                (Lang::Ko, 0) => format!("의심 결제 {all}건 (높음 없음)"),
                (Lang::En, 0) => format!("{all} alerts (none high)"),
                (Lang::Ko, _) => format!("의심 결제 {all}건, 위험도 높음 {h}건"),
                (Lang::En, _) => format!("{all} alerts, {h} high"),
            });
            // The most severe alert, said in full (for a child's line, to the parent).
            if let Some(x) = high.first().copied().or(a.alerts.first()) {
                notes.push(masked(&crate::words::alerts::reason(x, lang)));
            }
            LineCard {
                title: masked(&text::line_title(&l.group, lang)),
                value: r.map_or("—".into(), |r| text::caps_advice(r, lang)),
                notes,
                href: line_page(n),
                link: tr(lang, "이 회선의 보고서", "This line's report").into(),
            }
        })
        .collect()
}
