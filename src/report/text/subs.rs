//! `soaek subs`: the subscriptions table and the clean-up advice.

use super::*;

/// `soaek subs`: every subscription, then the clean-up view of the active ones.
pub fn subscriptions(a: &Analysis, lang: Lang) -> String {
    use crate::analysis::subscriptions::SubStatus;
    let subs = &a.subscriptions;
    if subs.is_empty() {
        return tr(
            lang,
            "정기결제(구독)를 찾지 못했습니다.\n",
            "No recurring subscriptions found.\n",
        )
        .to_string();
    }
    let mut t = table(
        &match lang {
            Lang::Ko => [
                "구독",
                "주기",
                "금액",
                "월 비용",
                "연 비용",
                "횟수",
                "처음",
                "마지막",
                "다음 결제",
                "상태",
            ],
            Lang::En => [
                "Subscription",
                "Cadence",
                "Amount",
                "Monthly",
                "Yearly",
                "Charges",
                "First",
                "Last",
                "Next due",
                "Status",
            ],
        },
        2,
    );
    for s in subs {
        let mut label = masked(&s.label());
        for p in &s.price_changes {
            label += &format!("\n  {} → {} ({})", Won(p.from), Won(p.to), p.date);
        }
        t.add_row(vec![
            label,
            crate::words::cadence(s.cadence, lang).to_string(),
            Won(s.amount).to_string(),
            Won(s.monthly_cost).to_string(),
            Won(s.annual_cost).to_string(),
            s.occurrences.to_string(),
            s.first_seen.to_string(),
            s.last_seen.to_string(),
            s.next_due.map(|d| d.to_string()).unwrap_or_default(),
            match (s.status, s.due_after_data, lang) {
                (SubStatus::Active, false, Lang::Ko) => "이용 중",
                (SubStatus::Active, true, Lang::Ko) => "이용 중*",
                (SubStatus::Stopped, _, Lang::Ko) => "해지됨",
                (SubStatus::Active, false, Lang::En) => "active",
                (SubStatus::Active, true, Lang::En) => "active*",
                (SubStatus::Stopped, _, Lang::En) => "stopped",
            }
            .to_string(),
        ]);
    }
    let unconfirmed = subs.iter().any(|s| s.due_after_data);
    for col in [1, 6, 7, 8, 9] {
        if let Some(c) = t.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Left);
        }
    }
    let sum = &a.subscription_summary;
    let mut out = format!("{}\n", fit(t, &[0], &[5, 6, 4, 7]));
    out += &match lang {
        Lang::Ko => format!(
            "이용 중인 구독 {}개: 매월 {}, 1년이면 {}\n",
            sum.active,
            Won(sum.monthly_cost),
            Won(sum.annual_cost)
        ),
        Lang::En => format!(
            "{} active subscriptions: {} a month, {} a year\n",
            sum.active,
            Won(sum.monthly_cost),
            Won(sum.annual_cost)
        ),
    };
    if let (true, Some(end)) = (unconfirmed, a.import.data_ends_on) {
        out += &match lang {
            Lang::Ko => format!(
                "* 명세서가 {end}에 끝나 그 뒤의 결제는 아직 알 수 없습니다. 다음 결제일이 그 뒤인 구독은 해지되지 않은 것으로 둡니다. 새 명세서를 가져오면 확인됩니다.\n"
            ),
            Lang::En => format!(
                "* The statements end on {end}, so later charges cannot be seen yet. A subscription due after that is kept as active; a newer statement will tell.\n"
            ),
        };
    }
    for line in subscription_advice(sum, lang) {
        out += &line;
        out.push('\n');
    }
    out
}

/// The clean-up advice on subscriptions: overlaps, price rises, what cancelling saves.
pub fn subscription_advice(
    sum: &crate::analysis::subscriptions::Summary,
    lang: Lang,
) -> Vec<String> {
    let mut lines = Vec::new();
    for o in &sum.overlaps {
        let names = masked(&o.merchants.join(", "));
        lines.push(match lang {
            Lang::Ko => format!(
                "겹치는 구독 ({}): {names}. 하나만 남겨도 되는지 확인하세요.",
                o.category.korean()
            ),
            Lang::En => format!(
                "Overlapping ({}): {names}. Check whether one is enough.",
                o.category.english()
            ),
        });
    }
    for p in &sum.price_rises {
        let name = p
            .item
            .as_ref()
            .map_or(p.merchant.clone(), |i| format!("{} · {i}", p.merchant));
        let name = masked(&name);
        lines.push(match lang {
            Lang::Ko => format!(
                "가격 인상: {name} {} → {} ({}부터)",
                Won(p.from),
                Won(p.to),
                p.date
            ),
            Lang::En => format!(
                "Price rise: {name} {} → {} (from {})",
                Won(p.from),
                Won(p.to),
                p.date
            ),
        });
    }
    if !sum.savings.is_empty() {
        lines.push(
            tr(
                lang,
                "해지하면 1년에 아끼는 금액:",
                "Cancelling saves, per year:",
            )
            .to_string(),
        );
        for s in &sum.savings {
            let name = s
                .item
                .as_ref()
                .map_or(s.merchant.clone(), |i| format!("{} · {i}", s.merchant));
            let name = masked(&name);
            lines.push(format!("  {name} {}", Won(s.annual_saving)));
        }
    }
    lines
}
