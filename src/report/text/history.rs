//! The ledger as `soaek list` shows it, like the carrier's 이용내역 screen.

use super::*;

pub fn history(entries: &[&Entry], lang: Lang) -> String {
    let mut t = table(
        &match lang {
            Lang::Ko => ["일시", "금액", "가맹점", "승인번호", "상태"],
            Lang::En => ["Date/time", "Amount", "Merchant", "Approval no.", "Status"],
        },
        1,
    );
    for e in entries {
        let amount = if e.tx.status().is_cancellation() {
            Won(-e.tx.amount.0)
        } else {
            e.tx.amount
        };
        t.add_row(vec![
            e.tx.at()
                .format(if e.tx.time_known() {
                    "%Y-%m-%d %H:%M:%S"
                } else {
                    "%Y-%m-%d"
                })
                .to_string(),
            amount.to_string(),
            e.tx.merchant.to_string(),
            e.tx.approval_no.as_deref().unwrap_or_default().to_string(),
            match lang {
                Lang::Ko => e.tx.status().korean(),
                Lang::En => e.tx.status().english(),
            }
            .to_string(),
        ]);
    }
    for col in 2..5 {
        if let Some(c) = t.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Left);
        }
    }
    let total: i64 = entries.iter().map(|e| e.tx.signed_amount()).sum();
    let summary = match lang {
        Lang::Ko => format!("{}건, 합계 {}", count(entries.len()), Won(total)),
        Lang::En => format!("{} rows, total {}", count(entries.len()), Won(total)),
    };
    format!("{}\n{summary}\n", fit(t, &[2], &[3]))
}
