//! Text output for the terminal, Korean by default: the monthly table of `analyze`,
//! the history of `list`, and the one-line import summary.

use crate::analysis::kind::SpendKind;
use crate::analysis::Analysis;
use crate::i18n::{tr, Lang};
use crate::ledger::Entry;
use crate::report::privacy::mask_phones;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, Table};
use soaek_import::Won;

/// Statement text as reports show it: mobile numbers masked.
fn masked(text: &str) -> String {
    mask_phones(text).into_owned()
}

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
        let covers = f.covers.map(|c| c.shown()).unwrap_or_else(|| "—".into());
        out += &match lang {
            Lang::Ko => format!(
                "  {} ({}, {}): {covers}, 거래 {}건, 건너뛴 행 {}건, 오류 {}건\n",
                f.path,
                f.format,
                f.encoding,
                f.transactions,
                f.skipped_rows.len(),
                f.errors.len()
            ),
            Lang::En => format!(
                "  {} ({}, {}): {covers}, {} transactions, {} rows skipped, {} errors\n",
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
            "{} 권장 한도 (계절 요인 {}): {} — 자세히: soaek recommend\n",
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
            e.tx.merchant.to_string(),
            e.tx.approval_no.as_deref().unwrap_or_default().to_string(),
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
                Lang::Ko => format!(
                    "  {} {} ({}건)\n",
                    masked(&m.merchant),
                    Won(m.net),
                    m.payments
                ),
                Lang::En => format!(
                    "  {} {} ({} payments)\n",
                    masked(&m.merchant),
                    Won(m.net),
                    m.payments
                ),
            };
        }
    }
    out
}

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
    let mut out = format!("{t}\n");
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

/// `soaek recommend`: the months used, the average, the factor, the limit with its
/// stars, the temporary plan, this month's status and how to apply it.
pub fn recommendation(a: &Analysis, lang: Lang) -> String {
    let Some(r) = &a.recommendation else {
        let mut out = match lang {
            Lang::Ko => format!("기준일 {}\n\n", a.as_of),
            Lang::En => format!("As of {}\n\n", a.as_of),
        };
        out += &coverage_line(a, lang);
        out += "\n";
        out += &no_recommendation(a, lang);
        out += "\n";
        for line in limit_status_lines(a, lang) {
            out += &format!("\n{line}");
        }
        return out;
    };
    let mut out = String::new();
    out += &match lang {
        Lang::Ko => format!("기준일 {} · 대상 월 {}\n\n", a.as_of, r.target_month),
        Lang::En => format!("As of {} · target month {}\n\n", a.as_of, r.target_month),
    };
    out += tr(
        lang,
        "최근 3개월 순사용액\n",
        "Net spend, last three months\n",
    );
    for m in &r.months_used {
        let net = crate::analysis::monthly::net(&a.months, *m).unwrap_or(0);
        out += &format!("  {m}  {:>12}\n", Won(net).to_string());
    }
    out += &format!(
        "  {}  {:>12}\n\n",
        tr(lang, "평균   ", "average"),
        Won(r.three_month_average).to_string()
    );
    out += &match lang {
        Lang::Ko => format!(
            "권장 한도: {} {} {}\n",
            Won(r.recommended_limit),
            r.stars,
            crate::words::tier(r.tier, lang)
        ),
        Lang::En => format!(
            "Recommended limit: {} {} {}\n",
            Won(r.recommended_limit),
            r.stars,
            crate::words::tier(r.tier, lang)
        ),
    };
    for reason in crate::words::limit::reasons(r, lang) {
        out += &format!("  · {reason}\n");
    }
    out += &match lang {
        Lang::Ko => format!(
            "  · 계절 요인: {} · 평소 한도(요인 1.00): {}\n\n",
            r.seasonal_factor,
            Won(r.base_limit)
        ),
        Lang::En => format!(
            "  · Seasonal factor: {} · everyday limit (factor 1.00): {}\n\n",
            r.seasonal_factor,
            Won(r.base_limit)
        ),
    };
    out += tr(lang, "한도는 둘로 나뉩니다\n", "The two caps, separately\n");
    let mut t = table(
        &match lang {
            Lang::Ko => [
                "종류",
                "이번 달 사용",
                "3개월 평균",
                "구독(월)",
                "권장 한도",
                "등급",
            ],
            Lang::En => [
                "Kind",
                "Used this month",
                "3-month avg",
                "Subscriptions",
                "Recommended",
                "Tier",
            ],
        },
        1,
    );
    for k in &r.by_kind {
        let name = match (k.kind, lang) {
            (SpendKind::Content, Lang::Ko) => "콘텐츠이용료",
            (SpendKind::Content, Lang::En) => "content (app stores)",
            (_, Lang::Ko) => "휴대폰 소액결제",
            (_, Lang::En) => "micropayments",
        };
        t.add_row(vec![
            name.to_string(),
            Won(k.used).to_string(),
            Won(k.three_month_average).to_string(),
            Won(k.subscriptions_monthly).to_string(),
            Won(k.recommended_limit).to_string(),
            k.tier.stars().to_string(),
        ]);
    }
    if let Some(c) = t.column_mut(0) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    out += &format!("{t}\n\n");
    out += tr(
        lang,
        "임시 조정 계획 (이번 달과 다음 3개월)\n",
        "Temporary plan (this month and the next three)\n",
    );
    let mut t = table(
        &match lang {
            Lang::Ko => ["월", "요인", "한도", "되돌릴 달", "이유"],
            Lang::En => ["Month", "Factor", "Limit", "Back down in", "Why"],
        },
        1,
    );
    for adj in &r.adjustments {
        t.add_row(vec![
            adj.month.to_string(),
            adj.factor.factor.to_string(),
            Won(adj.limit).to_string(),
            adj.revert_to.map(|m| m.to_string()).unwrap_or_default(),
            crate::words::season::why(&adj.factor, lang),
        ]);
    }
    for col in [3, 4] {
        if let Some(c) = t.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Left);
        }
    }
    out += &format!("{t}\n\n");
    if a.limit_status.is_some() {
        for line in limit_status_lines(a, lang) {
            out += &line;
            out.push('\n');
        }
        out.push('\n');
    }
    out += tr(
        lang,
        "적용 방법: 통신사 앱에서 마이 > 요금/서비스 > 요금조회 > 소액결제 > 한도 변경. 낮추는 것은 바로 적용되고, 올리려면 본인 인증이 필요합니다. 콘텐츠이용료 한도는 따로 바꿉니다. 임시로 올린 한도는 '되돌릴 달'의 1일에 다시 낮추세요.\n",
        "How to apply: in your carrier's app, My > Billing/Services > Bill inquiry > Micropayments > Change limit. Lowering applies at once; raising needs identity verification. The content (app store) limit is changed separately. Lower a temporary raise again on the 1st of the 'back down in' month.\n",
    );
    out
}

/// This month against the current limit (none without one): used, left, reset,
/// projection, budget and warnings.
pub fn limit_status_lines(a: &Analysis, lang: Lang) -> Vec<String> {
    let Some(s) = &a.limit_status else {
        return Vec::new();
    };
    use crate::words::cap as cap_name;
    let mut lines = Vec::new();
    for c in &s.by_kind {
        let name = cap_name(c.kind, lang);
        lines.push(match lang {
            Lang::Ko => format!(
                "이번 달({}) {name} 한도 {} 중 {} 사용, 남은 금액 {}. 월말 예상 {} (남은 구독 결제 {} 포함).",
                s.month,
                Won(c.current_limit),
                Won(c.used),
                Won(c.remaining),
                Won(c.projected_month_end),
                Won(c.subscriptions_due)
            ),
            Lang::En => format!(
                "This month ({}), {name}: {} of the {} limit used, {} left. Projected month end {} (including {} of subscriptions still due).",
                s.month,
                Won(c.used),
                Won(c.current_limit),
                Won(c.remaining),
                Won(c.projected_month_end),
                Won(c.subscriptions_due)
            ),
        });
    }
    lines.push(match lang {
        Lang::Ko => format!("한도는 {}에 초기화됩니다.", s.resets_on),
        Lang::En => format!("The limits reset on {}.", s.resets_on),
    });
    if let (Some(b), Some(left)) = (s.budget, s.budget_remaining) {
        lines.push(match lang {
            Lang::Ko => format!(
                "예산 {} 대비 사용 {}(두 한도 합계), 남은 예산 {}.",
                Won(b),
                Won(b - left),
                Won(left)
            ),
            Lang::En => format!(
                "Budget {}: {} used (both caps), {} left.",
                Won(b),
                Won(b - left),
                Won(left)
            ),
        });
    }
    for w in &s.warnings {
        lines.push(format!("⚠ {}", crate::words::limit::warning(w, lang)));
    }
    let recommended = a.recommendation.iter().flat_map(|r| &r.by_kind);
    for (c, r) in s.by_kind.iter().flat_map(|c| {
        recommended
            .clone()
            .filter(move |r| r.kind == c.kind && c.current_limit > r.recommended_limit)
            .map(move |r| (c, r))
    }) {
        let name = cap_name(c.kind, lang);
        lines.push(match lang {
            Lang::Ko => format!(
                "지금 {name} 한도 {}은 권장 {}보다 높습니다. 낮추면 피해를 줄일 수 있습니다.",
                Won(c.current_limit),
                Won(r.recommended_limit)
            ),
            Lang::En => format!(
                "Your {name} limit of {} is above the recommended {}. Lowering it limits the damage of fraud.",
                Won(c.current_limit),
                Won(r.recommended_limit)
            ),
        });
    }
    lines
}

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
    for x in &a.alerts {
        let kinds: Vec<&str> = x
            .kinds
            .iter()
            .map(|k| crate::words::alerts::kind(*k, lang))
            .collect();
        t.add_row(vec![
            x.at.format("%Y-%m-%d %H:%M").to_string(),
            masked(&x.merchant),
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
    let count = |s: Severity| a.alerts.iter().filter(|x| x.severity == s).count();
    let mut out = format!("{t}\n");
    out += &match lang {
        Lang::Ko => format!(
            "높음 {}건 · 중간 {}건 · 낮음 {}건\n",
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
        Lang::En => format!(
            "{} high · {} medium · {} low\n",
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
    };
    let serious: Vec<_> = a
        .alerts
        .iter()
        .filter(|x| x.severity >= Severity::Medium)
        .collect();
    if !serious.is_empty() {
        out.push('\n');
    }
    for x in serious {
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
