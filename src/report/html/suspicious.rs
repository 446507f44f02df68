//! The report's alerts section: suspicious payments and what to do.

use super::*;

pub(super) fn alerts(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("alerts", heading);
    if a.alerts.is_empty() {
        s.lead.push(
            tr(
                lang,
                "의심스러운 결제가 없습니다.",
                "No suspicious payments.",
            )
            .into(),
        );
        return s;
    }
    s.lead
        .push(crate::words::alerts::severity_counts(&a.alerts, lang));
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["일시", "가맹점", "위험도", "이유", "금액"],
            Lang::En => vec!["Date/time", "Merchant", "Severity", "Why", "Amount"],
        },
        4,
    );
    for x in a.alerts.iter().take(MAX_ALERTS) {
        t.rows.push(vec![
            Cell {
                text: x.at.format("%Y-%m-%d %H:%M").to_string(),
                class: "",
            },
            Cell {
                text: masked(&x.merchant_on_line()),
                class: "",
            },
            Cell {
                text: crate::words::alerts::severity(x.severity, lang).into(),
                class: match x.severity {
                    Severity::High => "high",
                    Severity::Medium => "medium",
                    Severity::Low => "low",
                },
            },
            Cell {
                text: masked(&crate::words::alerts::reason(x, lang)),
                class: "",
            },
            Cell {
                text: if x.cancelled {
                    format!("{} ({})", won(x.amount), tr(lang, "취소됨", "cancelled"))
                } else {
                    won(x.amount)
                },
                class: "num",
            },
        ]);
    }
    t.cut(a.alerts.len(), MAX_ALERTS, lang);
    s.tables.push(t);
    if let Some(worst) = a.alerts.iter().max_by_key(|x| x.severity) {
        s.notes.push(tr(lang, "할 일:", "What to do:").into());
        s.notes.extend(
            crate::words::alerts::actions(worst.severity, lang)
                .iter()
                .enumerate()
                .map(|(i, act)| format!("{}. {act}", i + 1)),
        );
    }
    s
}
