//! The household's lines (docs/RULES.md rule 12) in the terminal: `soaek lines`, and
//! the per-line summary under the household's figures.

use super::*;
use crate::analysis::lines::{LineAnalysis, LineSummary};
use crate::lines::LineGroup;
use crate::words::line_name;

/// A line's name with its numbers and child mark: `민준 (010-****-5678, 자녀)`.
pub fn line_title(g: &LineGroup, lang: Lang) -> String {
    let mut notes: Vec<String> = g
        .numbers()
        .filter(|n| g.name.as_deref() != Some(*n))
        .map(str::to_string)
        .collect();
    if g.child {
        notes.push(tr(lang, "자녀", "child").to_string());
    }
    let name = line_name(g.name.as_deref(), lang);
    if notes.is_empty() {
        name
    } else {
        format!("{name} ({})", notes.join(", "))
    }
}

/// `회선: 민준 (010-****-5678, 자녀)` when the analysis is of one named line.
pub fn line_header(a: &crate::analysis::Analysis, lang: Lang) -> String {
    match &a.line {
        Some(g) if g.name.is_some() || g.child => {
            format!(
                "{}: {}
",
                tr(lang, "회선", "Line"),
                line_title(g, lang)
            )
        }
        _ => String::new(),
    }
}

/// `soaek lines`: each line with its payments, net spend and the months covered.
pub fn lines(rows: &[LineSummary], lang: Lang) -> String {
    if rows.is_empty() {
        return tr(
            lang,
            "원장에 결제가 없습니다.\n",
            "The ledger holds no payment.\n",
        )
        .to_string();
    }
    let mut t = table(
        &[
            tr(lang, "회선", "Line"),
            tr(lang, "명세서 기간", "Covered"),
            tr(lang, "결제", "Payments"),
            tr(lang, "사용액", "Net"),
        ],
        2,
    );
    for r in rows {
        let covered: Vec<String> = r.group.coverage.ranges.iter().map(|m| m.shown()).collect();
        t.add_row(vec![
            line_title(&r.group, lang),
            covered.join(", "),
            match lang {
                Lang::Ko => format!("{}건", count(r.payments)),
                Lang::En => count(r.payments),
            },
            Won(r.net).to_string(),
        ]);
    }
    let mut out = format!("{}\n", fit(t, &[0, 1], &[]));
    out += tr(
        lang,
        "이름 붙이기: soaek lines label 010-****-5678 민준 (자녀 회선이면 --child) · 합치기: soaek lines merge 민준 010-****-9999\n",
        "Name a line: soaek lines label 010-****-5678 Minjun (--child for a child's line) · merge: soaek lines merge Minjun 010-****-9999\n",
    );
    out
}

/// The line analyzed (`회선: 민준`), or under a household's figures its lines: what
/// subs, alerts and categories end with.
pub fn per_line(a: &crate::analysis::Analysis, lang: Lang) -> String {
    if a.lines.is_empty() {
        return line_header(a, lang);
    }
    format!("\n{}", household(&a.lines, lang))
}

/// Under the household's figures: each line's average, advice, subscriptions and alerts.
pub fn household(lines: &[LineAnalysis], lang: Lang) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let mut t = table(
        &[
            tr(lang, "회선", "Line"),
            tr(lang, "3개월 평균", "3-month avg"),
            tr(lang, "권장 한도", "Advised"),
            tr(lang, "구독", "Subs"),
            tr(lang, "알림", "Alerts"),
        ],
        1,
    );
    for l in lines {
        let a = &l.analysis;
        let (avg, advised) = match &a.recommendation {
            Some(r) => (
                Won(r.three_month_average).to_string(),
                Won(r.recommended_limit).to_string(),
            ),
            None => ("-".to_string(), "-".to_string()),
        };
        let active = a
            .subscriptions
            .iter()
            .filter(|s| s.status == crate::analysis::subscriptions::SubStatus::Active)
            .count();
        let high = a
            .alerts
            .iter()
            .filter(|x| x.severity == crate::analysis::alerts::Severity::High)
            .count();
        let payments = |n: usize| match lang {
            Lang::Ko => format!("{}건", count(n)),
            Lang::En => count(n),
        };
        let alerts = match (high, lang) {
            (0, _) => payments(a.alerts.len()),
            (h, Lang::Ko) => format!("{} (높음 {})", payments(a.alerts.len()), count(h)),
            (h, Lang::En) => format!("{} ({} high)", count(a.alerts.len()), count(h)),
        };
        t.add_row(vec![
            line_title(&l.group, lang),
            avg,
            advised,
            match lang {
                Lang::Ko => format!("{active}개"),
                Lang::En => active.to_string(),
            },
            alerts,
        ]);
    }
    let mut out = tr(
        lang,
        "회선별 (한도는 회선마다 따로 정합니다. 위 숫자는 가족 전체 합계):\n",
        "Per line (limits are set per line; the figures above are the household's total):\n",
    )
    .to_string();
    out += &fit(t, &[0], &[3]);
    out += "\n";
    out += tr(
        lang,
        "한 회선만 보기: --line 이름 (예: soaek recommend --line 010-****-5678)\n",
        "One line only: --line NAME (e.g. soaek recommend --line 010-****-5678)\n",
    );
    out
}
