//! The report's subscriptions section.

use super::*;

pub(super) fn subscriptions(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("subscriptions", heading);
    if a.subscriptions.is_empty() {
        s.lead.push(
            tr(
                lang,
                "정기결제(구독)를 찾지 못했습니다.",
                "No subscriptions found.",
            )
            .into(),
        );
        return s;
    }
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec![
                "구독",
                "주기",
                "상태",
                "다음 결제",
                "금액",
                "월 비용",
                "연 비용",
            ],
            Lang::En => vec![
                "Subscription",
                "Cadence",
                "Status",
                "Next due",
                "Amount",
                "Monthly",
                "Yearly",
            ],
        },
        4,
    );
    for sub in &a.subscriptions {
        let mut label = masked(&sub.label());
        for p in &sub.price_changes {
            label += &format!(" ({} → {}, {})", won(p.from), won(p.to), p.date);
        }
        t.row(vec![
            label,
            crate::words::cadence(sub.cadence, lang).into(),
            match sub.status {
                SubStatus::Active => tr(lang, "이용 중", "active"),
                SubStatus::Stopped => tr(lang, "해지됨", "stopped"),
            }
            .into(),
            sub.next_due.map(|d| d.to_string()).unwrap_or_default(),
            won(sub.amount),
            won(sub.monthly_cost),
            won(sub.annual_cost),
        ]);
    }
    s.tables.push(t);
    s.notes = text::subscription_advice(&a.subscription_summary, lang)
        .iter()
        .map(|l| masked(l))
        .collect();
    s
}
