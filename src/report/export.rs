//! Export of the ledger (or the given files) to the tools people already use: CSV that
//! Excel in Korea opens (UTF-8 with BOM, formulas neutralized, numbers as numbers), JSON,
//! Parquet (the ledger's own schema), an hledger journal and a beancount file.
//!
//! Accounts: `Expenses:소액결제:<분류>` against `Liabilities:휴대폰요금:<소액결제|콘텐츠이용료>`
//! (beancount: `Expenses:Micropayment:<Category>` against `Liabilities:PhoneBill:<Kind>`,
//! ASCII as its account rules want). A cancellation is a reversing transaction that
//! reduces the month of the approval it cancels (docs/RULES.md rule 2).

use crate::analysis::categories::Classified;
use crate::ledger::Entry;
use anyhow::Result;
use serde::Serialize;
use soaek_merchants::{Category, Merchant};
use std::fmt::Write as _;

/// The formats `soaek export` writes (`--format`, case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Json,
    Parquet,
    #[value(alias = "hledger", alias = "journal")]
    Ledger,
    #[value(alias = "bean")]
    Beancount,
}

/// The entries to export with what the analysis knows of them.
pub struct Rows<'a> {
    pub entries: &'a [Entry],
    /// For each entry, the approval a cancellation cancels.
    pub matches: &'a crate::ledger::netting::Matches,
    pub who: &'a Classified,
    /// Which entries to write (the `--from`/`--to` window).
    pub keep: Vec<usize>,
}

impl Rows<'_> {
    fn merchant(&self, i: usize) -> &Merchant {
        self.who.merchant(i)
    }
}

/// A text cell Excel would run as a formula gets a leading `'` (OWASP CSV injection).
pub fn neutralize(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A CSV cell: text is neutralized, a number is written as it is.
pub enum Cell<'a> {
    Text(&'a str),
    Number(i64),
}

/// Every CSV soaek writes (`export --format csv`, `list --csv`): UTF-8 with a BOM so
/// that Excel in Korea reads it, and every text cell [`neutralize`]d.
pub fn write_csv<'a>(
    header: &[&str],
    records: impl Iterator<Item = Vec<Cell<'a>>>,
) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(header)?;
    for record in records {
        w.write_record(record.iter().map(|c| match c {
            Cell::Text(t) => neutralize(t),
            Cell::Number(n) => n.to_string(),
        }))?;
    }
    Ok(w.into_inner()?)
}

/// CSV with Korean headers soaek itself imports again; UTF-8 with BOM.
pub fn csv(rows: &Rows<'_>) -> Result<Vec<u8>> {
    let header = [
        "결제일시",
        "가맹점명",
        "상품명",
        "결제금액",
        "상태",
        "승인번호",
        "결제유형",
        "가맹점(정리)",
        "분류",
    ];
    let times: Vec<String> = rows
        .keep
        .iter()
        .map(|&i| {
            let tx = &rows.entries[i].tx;
            let shown = if tx.time_known() {
                "%Y-%m-%d %H:%M:%S"
            } else {
                "%Y-%m-%d"
            };
            tx.at().format(shown).to_string()
        })
        .collect();
    write_csv(
        &header,
        rows.keep.iter().zip(&times).map(|(&i, at)| {
            let tx = &rows.entries[i].tx;
            let m = rows.merchant(i);
            vec![
                Cell::Text(at),
                Cell::Text(&tx.merchant),
                Cell::Text(tx.item.as_deref().unwrap_or_default()),
                Cell::Number(tx.amount.0),
                Cell::Text(tx.status().korean()),
                Cell::Text(tx.approval_no.as_deref().unwrap_or_default()),
                Cell::Text(tx.pay_kind().unwrap_or_default()),
                Cell::Text(&m.name),
                Cell::Text(m.category.korean()),
            ]
        }),
    )
}

#[derive(Serialize)]
struct JsonRow<'a> {
    at: String,
    merchant: &'a str,
    canonical_merchant: &'a str,
    category: Category,
    content: bool,
    item: Option<&'a str>,
    amount: i64,
    signed_amount: i64,
    status: &'static str,
    approval_no: Option<&'a str>,
    pay_kind: Option<&'a str>,
}

/// One JSON object per transaction.
pub fn json(rows: &Rows<'_>) -> Result<Vec<u8>> {
    let out: Vec<JsonRow<'_>> = rows
        .keep
        .iter()
        .map(|&i| {
            let tx = &rows.entries[i].tx;
            let m = rows.merchant(i);
            JsonRow {
                at: tx.at().format("%Y-%m-%dT%H:%M:%S").to_string(),
                merchant: &tx.merchant,
                canonical_merchant: &m.name,
                category: m.category,
                content: rows.who.is_content(rows.entries, i),
                item: tx.item.as_deref(),
                amount: tx.amount.0,
                signed_amount: tx.signed_amount(),
                status: tx.status().id(),
                approval_no: tx.approval_no.as_deref(),
                pay_kind: tx.pay_kind(),
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&out)?;
    s.push('\n');
    Ok(s.into_bytes())
}

/// Text a journal can hold on one line: no line breaks, no comment or payee separators.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' | ';' | '|' => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn category_component(c: Category) -> &'static str {
    match c {
        Category::AppStore => "AppStore",
        Category::Game => "Game",
        Category::Video => "Video",
        Category::Music => "Music",
        Category::Books => "Books",
        Category::Shopping => "Shopping",
        Category::Delivery => "Delivery",
        Category::GiftCard => "GiftCard",
        Category::Membership => "Membership",
        Category::Donation => "Donation",
        Category::Software => "Software",
        Category::Transport => "Transport",
        Category::Digital => "Digital",
        Category::Telecom => "Telecom",
        Category::Other => "Other",
    }
}

/// hledger's account for a category: spaces and `·` become `-` (two spaces end an
/// account name in a journal).
fn ledger_category(c: Category) -> String {
    c.korean().replace(['·', ' '], "-")
}

/// The date a transaction's spend belongs to: a matched cancellation's approval date.
fn spend_date(rows: &Rows<'_>, i: usize) -> chrono::NaiveDate {
    crate::ledger::netting::spend_time(rows.entries, rows.matches, i).date()
}

/// An hledger journal (`hledger -f FILE balance -M Expenses`).
pub fn ledger(rows: &Rows<'_>) -> Result<Vec<u8>> {
    let mut s = String::from("; soaek export: 휴대폰 소액결제·콘텐츠이용료\n\n");
    for &i in &rows.keep {
        let tx = &rows.entries[i].tx;
        let m = rows.merchant(i);
        let payee = one_line(&m.name);
        let note = one_line(tx.item.as_deref().unwrap_or_default());
        let expense = format!("Expenses:소액결제:{}", ledger_category(m.category));
        let liability = format!(
            "Liabilities:휴대폰요금:{}",
            if rows.who.is_content(rows.entries, i) {
                "콘텐츠이용료"
            } else {
                "소액결제"
            }
        );
        let mut tags = Vec::new();
        if let Some(no) = &tx.approval_no {
            tags.push(format!("approval:{}", one_line(no).replace(',', " ")));
        }
        tags.push(format!("status:{}", tx.status().id()));
        let cancel = tx.status().is_cancellation();
        let _ = writeln!(
            s,
            "{} * {payee} | {}{note}  ; {}",
            tx.date(),
            if cancel { "취소 " } else { "" },
            tags.join(", ")
        );
        let amount = tx.amount.0;
        if cancel {
            // Posted to the approval's month (rule 2) with a posting date.
            let _ = writeln!(
                s,
                "    {expense}  {} KRW  ; date:{}",
                -amount,
                spend_date(rows, i)
            );
            let _ = writeln!(s, "    {liability}  {amount} KRW\n");
        } else {
            let _ = writeln!(s, "    {expense}  {amount} KRW");
            let _ = writeln!(s, "    {liability}  {} KRW\n", -amount);
        }
    }
    Ok(s.into_bytes())
}

fn bean_string(s: &str) -> String {
    format!(
        "\"{}\"",
        one_line(s).replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// A beancount file `bean-check` accepts.
pub fn beancount(rows: &Rows<'_>) -> Result<Vec<u8>> {
    let mut s = String::from(
        "; soaek export: 휴대폰 소액결제·콘텐츠이용료\noption \"title\" \"soaek\"\noption \"operating_currency\" \"KRW\"\n\n",
    );
    let first = rows
        .keep
        .iter()
        .map(|&i| spend_date(rows, i).min(rows.entries[i].tx.date()))
        .min();
    if let Some(first) = first {
        for c in Category::ALL {
            let _ = writeln!(
                s,
                "{first} open Expenses:Micropayment:{} KRW",
                category_component(c)
            );
        }
        for k in ["Micropayment", "Content"] {
            let _ = writeln!(s, "{first} open Liabilities:PhoneBill:{k} KRW");
        }
        s.push('\n');
    }
    let mut order: Vec<usize> = rows.keep.clone();
    order.sort_by_key(|&i| (spend_date(rows, i), i));
    for i in order {
        let tx = &rows.entries[i].tx;
        let m = rows.merchant(i);
        let cancel = tx.status().is_cancellation();
        let narration = match (&tx.item, cancel) {
            (Some(item), false) => item.to_string(),
            (Some(item), true) => format!("취소 {item}"),
            (None, false) => String::new(),
            (None, true) => "취소".to_string(),
        };
        // A cancellation is dated in its approval's month (rule 2); the day it was
        // cancelled is kept as metadata.
        let _ = writeln!(
            s,
            "{} * {} {}",
            spend_date(rows, i),
            bean_string(&m.name),
            bean_string(&narration)
        );
        if let Some(no) = &tx.approval_no {
            let _ = writeln!(s, "  approval: {}", bean_string(no));
        }
        if cancel {
            let _ = writeln!(s, "  cancelled-on: {}", tx.date());
        }
        let _ = writeln!(s, "  merchant-raw: {}", bean_string(&tx.merchant));
        let signed = tx.signed_amount();
        let _ = writeln!(
            s,
            "  Expenses:Micropayment:{}  {signed} KRW",
            category_component(m.category)
        );
        let _ = writeln!(
            s,
            "  Liabilities:PhoneBill:{}  {} KRW\n",
            if rows.who.is_content(rows.entries, i) {
                "Content"
            } else {
                "Micropayment"
            },
            -signed
        );
    }
    Ok(s.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized_and_plain_text_is_not() {
        assert_eq!(
            neutralize("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralize(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(neutralize("넷플릭스"), "넷플릭스");
        assert_eq!(neutralize(""), "");
    }

    #[test]
    fn journal_text_stays_on_one_line() {
        assert_eq!(one_line("a;b|c\nd  e"), "a b c d e");
        assert_eq!(bean_string("say \"hi\" \\"), "\"say \\\"hi\\\" \\\\\"");
        assert_eq!(ledger_category(Category::Video), "동영상-OTT");
    }
}
