//! Text output for the terminal, Korean by default: the monthly table of `analyze`,
//! the history of `list`, and the one-line import summary.

use crate::analysis::Analysis;
use crate::i18n::{tr, Lang};
use crate::ledger::Entry;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, Table};
use soaek_import::Won;

fn table(header: &[&str], right_from: usize) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    for i in right_from..header.len() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

pub fn analysis(a: &Analysis, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(today) = a.as_of_moved_from {
        out += &match lang {
            Lang::Ko => format!("기준일: {} (명세서가 오래되어 마지막 결제 다음 달 1일로 잡았습니다. 오늘은 {today})\n", a.as_of),
            Lang::En => format!("As of: {} (the statements are old, so the 1st of the month after the newest payment is used; today is {today})\n", a.as_of),
        };
    } else {
        out += &format!("{}: {}\n", tr(lang, "기준일", "As of"), a.as_of);
    }
    for f in &a.import.files {
        out += &match lang {
            Lang::Ko => format!(
                "  {} ({}, {}): 거래 {}건, 건너뛴 행 {}건, 오류 {}건\n",
                f.path,
                f.format,
                f.encoding,
                f.transactions,
                f.skipped_rows.len(),
                f.errors.len()
            ),
            Lang::En => format!(
                "  {} ({}, {}): {} transactions, {} rows skipped, {} errors\n",
                f.path,
                f.format,
                f.encoding,
                f.transactions,
                f.skipped_rows.len(),
                f.errors.len()
            ),
        };
    }
    for s in &a.import.skipped_files {
        out += &format!(
            "  {} {}: {}\n",
            tr(lang, "건너뜀", "skipped"),
            s.path,
            s.reason
        );
    }
    let mut t = table(
        &match lang {
            Lang::Ko => ["월", "승인", "취소", "순사용액", "건수"],
            Lang::En => ["Month", "Approved", "Cancelled", "Net", "Payments"],
        },
        1,
    );
    for m in &a.months {
        t.add_row(vec![
            m.month.to_string(),
            Won(m.approved).to_string(),
            Won(m.cancelled).to_string(),
            Won(m.net).to_string(),
            m.payments.to_string(),
        ]);
    }
    out += &t.to_string();
    out.push('\n');
    let r = &a.recommendation;
    let (first, last) = (r.months_used.first(), r.months_used.last());
    if let (Some(first), Some(last)) = (first, last) {
        out += &match lang {
            Lang::Ko => format!(
                "최근 3개월 평균 ({first}~{last}): {}\n",
                Won(r.three_month_average)
            ),
            Lang::En => format!(
                "3-month average ({first} to {last}): {}\n",
                Won(r.three_month_average)
            ),
        };
    }
    out
}

pub fn history(entries: &[&Entry], lang: Lang) -> String {
    let mut t = table(
        &match lang {
            Lang::Ko => ["일시", "금액", "가맹점", "승인번호", "상태"],
            Lang::En => ["Date/time", "Amount", "Merchant", "Approval no.", "Status"],
        },
        1,
    );
    for e in entries {
        let amount = if e.tx.status.is_cancellation() {
            Won(-e.tx.amount.0)
        } else {
            e.tx.amount
        };
        t.add_row(vec![
            e.tx.at
                .format(if e.tx.time_known {
                    "%Y-%m-%d %H:%M:%S"
                } else {
                    "%Y-%m-%d"
                })
                .to_string(),
            amount.to_string(),
            e.tx.merchant.clone(),
            e.tx.approval_no.clone().unwrap_or_default(),
            match lang {
                Lang::Ko => e.tx.status.korean(),
                Lang::En => e.tx.status.english(),
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
        Lang::Ko => format!("{}건, 합계 {}", entries.len(), Won(total)),
        Lang::En => format!("{} rows, total {}", entries.len(), Won(total)),
    };
    format!("{t}\n{summary}\n")
}

/// The one line `soaek import` prints.
pub fn import_summary(
    added: usize,
    duplicates: usize,
    matched: usize,
    skipped: usize,
    errors: usize,
    lang: Lang,
) -> String {
    match lang {
        Lang::Ko => format!("추가 {added}건 · 중복 건너뜀 {duplicates}건 · 취소 매칭 {matched}건 · 건너뛴 행 {skipped}건 · 오류 {errors}건"),
        Lang::En => format!("{added} added, {duplicates} duplicates skipped, {matched} cancellations matched, {skipped} rows skipped, {errors} errors"),
    }
}

/// `soaek categories`: net per month and category, then the merchants left in 기타.
pub fn categories(a: &Analysis, lang: Lang) -> String {
    use soaek_merchants::Category;
    let used: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| a.categories.iter().any(|x| x.category == *c && x.net != 0))
        .collect();
    let label = |c: Category| match lang {
        Lang::Ko => c.korean(),
        Lang::En => c.english(),
    };
    let mut header = vec![tr(lang, "월", "Month")];
    header.extend(used.iter().map(|c| label(*c)));
    header.push(tr(lang, "합계", "Total"));
    let mut t = table(&header, 1);
    for m in &a.months {
        let mut row = vec![m.month.to_string()];
        for c in &used {
            let net = a
                .categories
                .iter()
                .find(|x| x.month == m.month && x.category == *c)
                .map_or(0, |x| x.net);
            row.push(Won(net).to_string());
        }
        row.push(Won(m.net).to_string());
        t.add_row(row);
    }
    let mut out = format!("{t}\n");
    if a.uncategorized.is_empty() {
        out += tr(
            lang,
            "분류되지 않은 가맹점이 없습니다.\n",
            "No uncategorized merchants.\n",
        );
    } else {
        out += tr(
            lang,
            "분류되지 않은 가맹점 (기타, 지출 순 — 규칙을 추가하세요):\n",
            "Uncategorized merchants (other, by spend — add rules for them):\n",
        );
        for m in &a.uncategorized {
            out += &match lang {
                Lang::Ko => format!("  {} {} ({}건)\n", m.merchant, Won(m.net), m.payments),
                Lang::En => format!(
                    "  {} {} ({} payments)\n",
                    m.merchant,
                    Won(m.net),
                    m.payments
                ),
            };
        }
    }
    out
}
