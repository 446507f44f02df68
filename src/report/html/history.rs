//! The report's payment history, like the carrier's 이용내역 screen: the latest six
//! months, older ones behind a 더 보기, filtered 전체 / 승인 / 취소 and, for a household,
//! by line (rule 12), by radio buttons and CSS alone (the page has no script).

use super::*;
use crate::ledger::Entry;
use crate::month::Month;
use crate::words::count;

/// At most this many rows in the page (newest first); the rest are counted.
const MAX_ROWS: usize = 5_000;
/// Months shown open; older ones are behind a 더 보기.
const RECENT_MONTHS: i32 = 6;

pub struct HistoryRow {
    pub at: String,
    pub merchant: String,
    pub item: String,
    pub amount: String,
    pub status: &'static str,
    pub approval: String,
    /// `approved` or `cancelled` (the filters hide rows by it).
    pub kind: &'static str,
    /// The line's place among the household's lines (the line filter hides rows by it),
    /// and its name; `None` when the page has one line.
    pub line: Option<(usize, String)>,
}

pub struct History {
    pub heading: &'static str,
    pub lead: String,
    /// 전체, 승인, 취소.
    pub filters: [&'static str; 3],
    /// 모든 회선, then each line's name: the line filter (empty for one line).
    pub lines: Vec<String>,
    pub head: Vec<&'static str>,
    pub recent: Vec<HistoryRow>,
    pub older: Vec<HistoryRow>,
    pub older_label: String,
    pub more: Option<String>,
}

fn row(e: &Entry, line: Option<(usize, String)>, lang: Lang) -> HistoryRow {
    let tx = &e.tx;
    let cancel = tx.status().is_cancellation();
    HistoryRow {
        at: tx
            .at()
            .format(if tx.time_known() {
                "%Y-%m-%d %H:%M"
            } else {
                "%Y-%m-%d"
            })
            .to_string(),
        merchant: masked(&tx.merchant),
        item: masked(tx.item.as_deref().unwrap_or_default()),
        amount: won(if cancel { -tx.amount.0 } else { tx.amount.0 }),
        status: tr(lang, tx.status().korean(), tx.status().english()),
        approval: tx.approval_no.as_deref().unwrap_or_default().to_string(),
        kind: if cancel { "cancelled" } else { "approved" },
        line,
    }
}

/// The history of `entries` (the ledger's order: by time), newest first; with a
/// household's `lines`, each row names its line and the lines filter the rows.
pub(super) fn history(entries: &[Entry], lines: &[crate::lines::LineGroup], lang: Lang) -> History {
    let titles: Vec<String> = lines
        .iter()
        .map(|g| masked(&text::line_title(g, lang)))
        .collect();
    let place: foldhash::HashMap<&str, usize> = lines
        .iter()
        .enumerate()
        .flat_map(|(k, g)| g.ids.iter().map(move |id| (id.as_str(), k)))
        .collect();
    let line_of = |e: &Entry| {
        let id = e.tx.line().unwrap_or(crate::lines::UNNAMED);
        place.get(id).map(|&k| (k, titles[k].clone()))
    };
    let row = |e: &Entry| row(e, line_of(e), lang);
    let newest = entries.iter().map(|e| Month::of(e.tx.date())).max();
    let from = newest.map(|m| m.plus(1 - RECENT_MONTHS));
    let (mut recent, mut older) = (Vec::new(), Vec::new());
    for e in entries.iter().rev().take(MAX_ROWS) {
        if from.is_some_and(|f| Month::of(e.tx.date()) >= f) {
            recent.push(row(e));
        } else {
            older.push(row(e));
        }
    }
    let left = entries.len().saturating_sub(MAX_ROWS);
    History {
        heading: tr(lang, "결제 내역", "Payment history"),
        lead: match (lang, from) {
            (Lang::Ko, Some(f)) => format!(
                "통신사 이용내역처럼 최근 6개월({f}부터)의 결제를 새것부터 보여 줍니다. 승인·취소만 골라 볼 수 있습니다."
            ),
            (Lang::En, Some(f)) => format!(
                "Like the carrier's history screen: the payments of the last six months (from {f}), newest first. Show approvals or cancellations only with the buttons."
            ),
            (Lang::Ko, None) => "결제가 없습니다.".into(),
            (Lang::En, None) => "No payments.".into(),
        },
        filters: match lang {
            Lang::Ko => ["전체", "승인", "취소"],
            Lang::En => ["All", "Approved", "Cancelled"],
        },
        head: {
            let mut head = match lang {
                Lang::Ko => vec!["결제일시", "서비스·업체명", "상품명", "금액", "상태", "승인번호"],
                Lang::En => vec!["Date/time", "Merchant", "Item", "Amount", "Status", "Approval no."],
            };
            if !lines.is_empty() {
                head.push(tr(lang, "회선", "Line"));
            }
            head
        },
        lines: if lines.is_empty() {
            Vec::new()
        } else {
            std::iter::once(tr(lang, "모든 회선", "All lines").to_string())
                .chain(titles.iter().cloned())
                .collect()
        },
        older_label: match (lang, count(older.len())) {
            (Lang::Ko, n) => format!("이전 달 모두 보기 ({n}건)"),
            (Lang::En, n) => format!("Show all earlier months ({n} payments)"),
        },
        recent,
        older,
        more: (left > 0).then(|| match (lang, count(left)) {
            (Lang::Ko, left) => format!("더 오래된 {left}건은 soaek list로 보세요."),
            (Lang::En, left) => format!("{left} older payments: see soaek list."),
        }),
    }
}
