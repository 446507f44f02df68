//! `soaek alerts`: the suspicious payments and what to do.

use super::*;
use crate::words::count;

/// Alerts in the terminal's table (and sentences), at most.
const MAX_SHOWN: usize = 40;

/// `soaek alerts`: one row per suspicious payment, then what to do.
pub fn alerts(a: &Analysis, lang: Lang) -> String {
    use crate::analysis::alerts::Severity;
    if a.import.transactions == 0 {
        return tr(
            lang,
            "살펴볼 결제가 없습니다: 가져온 명세서에 결제가 하나도 없습니다. 의심 결제가 없다는 뜻이 아닙니다.\n",
            "Nothing to look at: the statements hold no payment. This does not mean there is nothing suspicious.\n",
        )
        .to_string();
    }
    if a.alerts.is_empty() {
        return match lang {
            Lang::Ko => format!("의심스러운 결제가 없습니다 ({}).\n", coverage_line(a, lang)),
            Lang::En => format!("No suspicious payments ({}).\n", coverage_line(a, lang)),
        };
    }
    let mut t = table(
        &match lang {
            Lang::Ko => ["일시", "가맹점", "금액", "위험도", "신호"],
            Lang::En => ["Date/time", "Merchant", "Amount", "Severity", "Signals"],
        },
        2,
    );
    // On a dense statement the alerts run to thousands: the terminal shows the most
    // severe (newest first among equals) and counts the rest; the JSON keeps them all.
    let shown: Vec<&crate::analysis::alerts::Alert> = if a.alerts.len() <= MAX_SHOWN {
        a.alerts.iter().collect()
    } else {
        let mut v: Vec<_> = a.alerts.iter().collect();
        v.sort_by(|x, y| y.severity.cmp(&x.severity).then(y.at.cmp(&x.at)));
        v.truncate(MAX_SHOWN);
        v
    };
    for &x in &shown {
        let kinds: Vec<&str> = x
            .kinds
            .iter()
            .map(|k| crate::words::alerts::kind(*k, lang))
            .collect();
        t.add_row(vec![
            x.at.format("%Y-%m-%d %H:%M").to_string(),
            masked(&x.merchant_on_line()),
            if x.cancelled {
                format!("{} ({})", Won(x.amount), tr(lang, "취소됨", "cancelled"))
            } else {
                Won(x.amount).to_string()
            },
            crate::words::alerts::severity(x.severity, lang).to_string(),
            kinds.join(", "),
        ]);
    }
    for col in [3, 4] {
        if let Some(c) = t.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Left);
        }
    }
    let mut out = format!("{}\n", fit(t, &[1, 4], &[]));
    let rest = a.alerts.len() - shown.len();
    if rest > 0 {
        let rest = count(rest);
        out += &match lang {
            Lang::Ko => format!(
                "위험도 순으로 {}건만 보였습니다. 나머지 {rest}건은 soaek alerts --json에 모두 있습니다.\n",
                shown.len()
            ),
            Lang::En => format!(
                "The {} most severe shown; the other {rest} are all in soaek alerts --json.\n",
                shown.len()
            ),
        };
    }
    out += &crate::words::alerts::severity_counts(&a.alerts, lang);
    out.push('\n');
    let serious: Vec<_> = a
        .alerts
        .iter()
        .filter(|x| x.severity >= Severity::Medium)
        .collect();
    if !serious.is_empty() {
        out.push('\n');
    }
    if serious.len() > MAX_SHOWN {
        out += &match lang {
            Lang::Ko => format!(
                "(위험도 중간 이상 {}건 중 최근 {MAX_SHOWN}건)\n",
                count(serious.len())
            ),
            Lang::En => format!(
                "(the latest {MAX_SHOWN} of {} medium or high)\n",
                count(serious.len())
            ),
        };
    }
    for x in serious.iter().take(MAX_SHOWN) {
        out += &format!(
            "[{}] {}\n",
            crate::words::alerts::severity(x.severity, lang),
            masked(&crate::words::alerts::reason(x, lang))
        );
    }
    // What to do: the steps of the most severe alert (they include the lesser ones').
    if let Some(worst) = a.alerts.iter().max_by_key(|x| x.severity) {
        out += tr(lang, "\n할 일:\n", "\nWhat to do:\n");
        let actions = crate::words::alerts::actions(worst.severity, lang);
        for (i, act) in actions.iter().enumerate() {
            out += &format!("  {}. {act}\n", i + 1);
        }
    }
    out
}
