//! `soaek recommend`: the limit per cap with its reasons, the seasonal plan and this
//! month's status against the current limits.

use super::*;

/// `soaek recommend`: the months used, the average, the factor, the limit with its
/// stars, the temporary plan, this month's status and how to apply it; for a household,
/// each line's advice after it.
pub fn recommendation(
    a: &Analysis,
    carrier: Option<crate::intake::carrier::Carrier>,
    lang: Lang,
) -> String {
    let mut out = super::lines::line_header(a, lang);
    out += &one_line(a, carrier, lang);
    if !a.lines.is_empty() {
        out += "
";
        out += &super::household(&a.lines, lang);
    }
    out
}

fn one_line(a: &Analysis, carrier: Option<crate::intake::carrier::Carrier>, lang: Lang) -> String {
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
        "최근 3개월 사용액\n",
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
            "  · 계절 배수: {} · 평소 한도(배수 1.00): {}\n\n",
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
    out += &format!("{}\n\n", fit(t, &[0], &[3]));
    out += tr(
        lang,
        "임시 조정 계획 (이번 달과 다음 3개월)\n",
        "Temporary plan (this month and the next three)\n",
    );
    let mut t = table(
        &match lang {
            Lang::Ko => ["월", "배수", "한도", "평소 한도로", "이유"],
            Lang::En => ["Month", "Factor", "Limit", "Back down on", "Why"],
        },
        1,
    );
    for adj in &r.adjustments {
        t.add_row(vec![
            adj.month.to_string(),
            adj.factor.factor.to_string(),
            Won(adj.limit).to_string(),
            adj.revert_to
                .map(|m| m.first_day().to_string())
                .unwrap_or_default(),
            crate::words::season::why(&adj.factor, lang),
        ]);
    }
    for col in [3, 4] {
        if let Some(c) = t.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Left);
        }
    }
    out += &format!("{}\n", fit(t, &[4], &[]));
    if r.adjustments.iter().any(|a| a.revert_to.is_some()) {
        out += &match lang {
            Lang::Ko => format!(
                "'평소 한도로'에 적힌 날이 되면 한도를 평소 한도 {} 다시 낮추세요. 올려 둔 채로 두면 사기 피해가 커질 수 있습니다.\n",
                crate::i18n::josa(&Won(r.base_limit).to_string(), crate::i18n::Josa::Toward)
            ),
            Lang::En => format!(
                "On the day under 'Back down on', lower the limit again to the everyday {}: a raised limit left in place makes fraud costlier.\n",
                Won(r.base_limit)
            ),
        };
    }
    out.push('\n');
    if a.limit_status.is_some() {
        for line in limit_status_lines(a, lang) {
            out += &line;
            out.push('\n');
        }
        out.push('\n');
    }
    use crate::words::safety;
    out += &safety::steps_heading(carrier, lang);
    out.push('\n');
    for c in safety::carriers(carrier) {
        let [limit, _] = safety::steps(c, lang);
        match carrier {
            Some(_) => out += &format!("  · {limit}\n"),
            None => out += &format!("  · {}: {limit}\n", safety::carrier_name(c, lang)),
        }
    }
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
