//! Text output for the terminal, Korean by default: the monthly table of `analyze`
//! and the one-line import summary here; each other command's text in its own file.

use crate::analysis::kind::SpendKind;
use crate::analysis::Analysis;
use crate::i18n::{tr, Lang};
use crate::ledger::Entry;
use crate::report::privacy::mask_phones;
use crate::words::count;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};
use soaek_import::Won;

mod advice;
mod alerts;
mod categories;
mod history;
mod lines;
mod subs;

pub use advice::{limit_status_lines, recommendation};
pub use alerts::alerts;
pub use categories::categories;
pub use history::history;
pub use lines::{household, line_title, lines, per_line};
pub use subs::{subscription_advice, subscriptions};

/// Statement text as reports show it: mobile numbers masked.
fn masked(text: &str) -> String {
    mask_phones(text).into_owned()
}

/// The terminal's width in columns: `COLUMNS` when set, else the terminal's own, else
/// 80 (output to a file or a pipe).
pub fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c >= 20)
        .or_else(|| Table::new().width())
        .unwrap_or(80)
}

/// `t` rendered to fit the terminal: the columns not in `wrap` (amounts, dates) are
/// never broken, the `wrap` ones wrap, and while the table is still too wide the
/// `drop` columns are left out, in that order.
fn fit(mut t: Table, wrap: &[usize], drop: &[usize]) -> String {
    use comfy_table::ColumnConstraint;
    use unicode_width::UnicodeWidthStr;
    let columns = t.column_count();
    for i in (0..columns).filter(|i| !wrap.contains(i)) {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    let limit = usize::from(terminal_width());
    let wide = |t: &Table| t.lines().map(|l| l.width()).max().unwrap_or(0) > limit;
    for &i in drop {
        if !wide(&t) {
            break;
        }
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::Hidden);
        }
    }
    t.to_string()
}

/// A table that fits the terminal: cells wrap (Hangul counted as two columns) rather
/// than run past its width.
fn table(header: &[&str], right_from: usize) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(terminal_width())
        .set_header(header.to_vec());
    for i in right_from..header.len() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

pub fn analysis(a: &Analysis, lang: Lang) -> String {
    let mut out = lines::line_header(a, lang);
    out += &household_figures(a, lang);
    if !a.lines.is_empty() {
        out += "\n";
        out += &household(&a.lines, lang);
    }
    out
}

/// [`analysis`] of the data as a whole (the household's total when it holds lines).
fn household_figures(a: &Analysis, lang: Lang) -> String {
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
        let covers = f.covers.map(|c| c.shown()).unwrap_or_else(|| "—".into());
        out += &match lang {
            Lang::Ko => format!(
                "  {} ({}): {covers}, 거래 {}건, 건너뛴 행 {}건, 오류 {}건\n",
                f.path,
                crate::words::file_kind(f.format, f.encoding, lang),
                count(f.transactions),
                count(f.skipped_rows.len()),
                count(f.errors.len())
            ),
            Lang::En => format!(
                "  {} ({}): {covers}, {} transactions, {} rows skipped, {} errors\n",
                f.path,
                crate::words::file_kind(f.format, f.encoding, lang),
                count(f.transactions),
                count(f.skipped_rows.len()),
                count(f.errors.len())
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
            Lang::Ko => ["월", "승인", "취소", "사용액", "건수"],
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
    out += &fit(t, &[], &[]);
    out.push('\n');
    out += &coverage_line(a, lang);
    out.push('\n');
    let Some(r) = &a.recommendation else {
        out += &no_recommendation(a, lang);
        out.push('\n');
        return out + &subscriptions_line(a, lang);
    };
    let (first, last) = (r.months_used.first(), r.months_used.last());
    if let (Some(first), Some(last)) = (first, last) {
        let n = r.months_used.len();
        out += &match (lang, n) {
            (Lang::Ko, 3) => format!(
                "최근 3개월 평균 ({first}~{last}): {}\n",
                Won(r.three_month_average)
            ),
            (Lang::En, 3) => format!(
                "3-month average ({first} to {last}): {}\n",
                Won(r.three_month_average)
            ),
            (Lang::Ko, _) => format!(
                "최근 3개월 중 명세서가 있는 {n}개월 평균 ({}): {} — 짧은 기록이라 조심스럽게 보세요\n",
                months_list(&r.months_used),
                Won(r.three_month_average)
            ),
            (Lang::En, _) => format!(
                "Average of the {n} covered month(s) of the last three ({}): {} — a short history, read it with care\n",
                months_list(&r.months_used),
                Won(r.three_month_average)
            ),
        };
    }
    out += &match lang {
        Lang::Ko => format!(
            "{} 권장 한도 (계절 배수 {}): {} — 자세히: soaek recommend\n",
            r.target_month,
            r.seasonal_factor,
            caps_advice(r, lang)
        ),
        Lang::En => format!(
            "Recommended limits for {} (seasonal factor {}): {} — details: soaek recommend\n",
            r.target_month,
            r.seasonal_factor,
            caps_advice(r, lang)
        ),
    };
    out + &subscriptions_line(a, lang)
}

/// Each cap's recommended limit with its stars: `소액결제 300,000원 ★★☆☆☆ · 콘텐츠이용료 …`.
pub fn caps_advice(r: &crate::analysis::limit::Recommendation, lang: Lang) -> String {
    r.by_kind
        .iter()
        .map(|k| {
            format!(
                "{} {} {}",
                crate::words::cap(k.kind, lang),
                Won(k.recommended_limit),
                k.tier.stars()
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn subscriptions_line(a: &Analysis, lang: Lang) -> String {
    let subs = &a.subscription_summary;
    match lang {
        Lang::Ko => format!(
            "이용 중인 구독 {}개: 매월 {} — 자세히: soaek subs\n",
            subs.active,
            Won(subs.monthly_cost)
        ),
        Lang::En => format!(
            "{} active subscriptions: {} a month — details: soaek subs\n",
            subs.active,
            Won(subs.monthly_cost)
        ),
    }
}

fn months_list(months: &[crate::month::Month]) -> String {
    months
        .iter()
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn ranges_list(ranges: &[crate::coverage::MonthRange]) -> String {
    ranges
        .iter()
        .map(|r| r.shown())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The months the statements cover, and the gaps between them.
pub fn coverage_line(a: &Analysis, lang: Lang) -> String {
    let i = &a.import;
    if i.coverage.is_empty() {
        return tr(
            lang,
            "명세서가 다루는 달: 없음 (가져온 결제가 없습니다)",
            "Months covered by statements: none (nothing imported)",
        )
        .to_string();
    }
    let ends = i
        .data_ends_on
        .map(|d| match lang {
            Lang::Ko => format!(", 마지막 날 {d}"),
            Lang::En => format!(", last day {d}"),
        })
        .unwrap_or_default();
    let gaps = if i.coverage_gaps.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Ko => format!(
                " · 빠진 달 {} (명세서가 없어 0원이 아니라 모르는 달로 둡니다)",
                ranges_list(&i.coverage_gaps)
            ),
            Lang::En => format!(
                " · missing {} (no statement: unknown, not 0 won)",
                ranges_list(&i.coverage_gaps)
            ),
        }
    };
    match lang {
        Lang::Ko => format!(
            "명세서가 다루는 달: {}{ends}{gaps}",
            ranges_list(&i.coverage)
        ),
        Lang::En => format!(
            "Months covered by statements: {}{ends}{gaps}",
            ranges_list(&i.coverage)
        ),
    }
}

/// Why there is no recommendation, and which statements to add.
pub fn no_recommendation(a: &Analysis, lang: Lang) -> String {
    let need = ranges_list(&a.statements_needed);
    let month = crate::month::Month::of(a.as_of);
    match (lang, a.import.coverage.is_empty()) {
        (Lang::Ko, true) => format!(
            "권장 한도를 정할 수 없습니다: 가져온 명세서가 없습니다. 통신사 앱이나 PG 사이트에서 최근 3개월({need})의 소액결제 이용내역을 내려받아 가져오세요 (soaek import 파일)."
        ),
        (Lang::En, true) => format!(
            "No recommendation: no statement has been imported. Download the micropayment history of the last three months ({need}) from your carrier's app or the PG site and import it (soaek import FILE)."
        ),
        (Lang::Ko, false) => format!(
            "{month} 권장 한도를 정할 수 없습니다: 최근 3개월({need})의 명세서가 없습니다. 0원(차단)으로 권하지 않습니다. 이 기간의 이용내역을 내려받아 가져오세요."
        ),
        (Lang::En, false) => format!(
            "No recommendation for {month}: no statement covers the last three months ({need}). This is not advice to block. Download and import the history of that period."
        ),
    }
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
    let [added, duplicates, matched, skipped, errors] =
        [added, duplicates, matched, skipped, errors].map(count);
    match lang {
        Lang::Ko => format!("추가 {added}건 · 중복 건너뜀 {duplicates}건 · 취소 매칭 {matched}건 · 건너뛴 행 {skipped}건 · 오류 {errors}건"),
        Lang::En => format!("{added} added, {duplicates} duplicates skipped, {matched} cancellations matched, {skipped} rows skipped, {errors} errors"),
    }
}
