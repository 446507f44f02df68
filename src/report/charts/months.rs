//! The month charts, one panel per cap: monthly net bars with the 3-month average
//! and the limits, and this month's cumulative spend against its limit (burn).

use super::*;

/// A cap's current limit (when given) and its recommended one (when there is one).
pub(super) fn cap_limits(a: &Analysis, kind: SpendKind) -> (Option<i64>, Option<i64>) {
    let current = a
        .limit_status
        .iter()
        .flat_map(|s| &s.by_kind)
        .find(|c| c.kind == kind)
        .map(|c| c.current_limit);
    let recommended = a
        .recommendation
        .iter()
        .flat_map(|r| &r.by_kind)
        .find(|k| k.kind == kind)
        .map(|k| k.recommended_limit);
    (current, recommended)
}

/// One panel per cap: carriers limit 소액결제 and 콘텐츠이용료 separately.
pub(super) fn per_cap(
    root: &Area,
    a: &Analysis,
    lang: Lang,
    title: &str,
    panel: fn(&Area, &Analysis, Lang, &str, usize) -> Result<()>,
) -> Result<()> {
    let areas = root.split_evenly((2, 1));
    for (k, area) in areas.iter().enumerate() {
        let name = crate::words::cap(SpendKind::BOTH[k], lang);
        panel(area, a, lang, &format!("{title} · {name}"), k)?;
    }
    Ok(())
}

/// Monthly net bars of each cap, the 3-month moving average, and that cap's current
/// and recommended limits.
pub(super) fn monthly(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
    per_cap(root, a, lang, title, monthly_panel)
}

pub(super) fn monthly_panel(
    root: &Area,
    a: &Analysis,
    lang: Lang,
    title: &str,
    k: usize,
) -> Result<()> {
    let months = &a.months_by_kind[k];
    let n = month_span(a).1;
    if n == 0 {
        return empty(root, title, tr(lang, "결제가 없습니다.", "No payments."));
    }
    let (current, recommended) = cap_limits(a, SpendKind::BOTH[k]);
    let y_max = top(months
        .iter()
        .map(|m| m.net)
        .chain(current)
        .chain(recommended))
        * LEGEND_ROOM;
    let y_min = months.iter().map(|m| m.net).min().unwrap_or(0).min(0) as f64;
    let mut chart = month_axes(root, a, lang, title, y_min..y_max)?;
    chart
        .draw_series(months.iter().map(|m| {
            let x = month_x(a, m.month);
            Rectangle::new([(x - 0.35, 0.0), (x + 0.35, m.net as f64)], BAR.filled())
        }))
        .map_err(plot)?
        .label(tr(lang, "사용액", "net spend"))
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], BAR.filled()));
    // The moving average only where three covered months run back to back.
    let avg: Vec<(f64, f64)> = months
        .windows(3)
        .filter(|w| w[2].month.index() - w[0].month.index() == 2)
        .map(|w| {
            let sum: i64 = w.iter().map(|m| m.net).sum();
            (month_x(a, w[2].month), sum as f64 / 3.0)
        })
        .collect();
    chart
        .draw_series(LineSeries::new(avg, AVG.stroke_width(3)))
        .map_err(plot)?
        .label(tr(lang, "3개월 이동평균", "3-month moving average"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], AVG.stroke_width(3)));
    let mut hline = |value: i64, color: RGBColor, name: String| -> Result<()> {
        chart
            .draw_series(DashedLineSeries::new(
                [(-0.5, value as f64), (n as f64 - 0.5, value as f64)],
                10,
                6,
                color.stroke_width(2),
            ))
            .map_err(plot)?
            .label(name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], color.stroke_width(2)));
        Ok(())
    };
    if let Some(c) = current {
        hline(
            c,
            LIMIT,
            format!("{} {}", tr(lang, "현재 한도", "current limit"), Won(c)),
        )?;
    }
    if let Some(r) = recommended {
        hline(
            r,
            RECOMMENDED,
            format!("{} {}", tr(lang, "권장 한도", "recommended limit"), Won(r)),
        )?;
    }
    legend(&mut chart)
}

/// Each cap's cumulative net spend in the as-of month, the projection to the month's
/// end, and that cap's limit (the current one, else the recommended one).
pub(super) fn burn(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
    let title = format!("{title} ({})", a.activity.burn.month);
    if !a.import.coverage().covers(a.activity.burn.month) {
        let why = match lang {
            Lang::Ko => format!(
                "{}의 명세서가 아직 없어 이번 달 사용액을 알 수 없습니다.",
                a.activity.burn.month
            ),
            Lang::En => format!(
                "No statement covers {} yet: this month's spend is unknown.",
                a.activity.burn.month
            ),
        };
        return empty(root, &title, &why);
    }
    per_cap(root, a, lang, &title, burn_panel)
}

pub(super) fn burn_panel(
    root: &Area,
    a: &Analysis,
    lang: Lang,
    title: &str,
    k: usize,
) -> Result<()> {
    let b = &a.activity.burn;
    let cumulative = &b.by_kind[k];
    let projected = a.cap_projections[k];
    let (limit, limit_name) = match cap_limits(a, SpendKind::BOTH[k]) {
        (Some(c), _) => (Some(c), tr(lang, "현재 한도", "current limit")),
        (None, Some(r)) => (Some(r), tr(lang, "권장 한도", "recommended limit")),
        (None, None) => (None, ""),
    };
    let days = b.days as f64;
    let y_max = top(cumulative.iter().copied().chain([projected]).chain(limit)) * LEGEND_ROOM;
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(26))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(80)
        .build_cartesian_2d(0.5..days + 0.5, 0.0..y_max)
        .map_err(plot)?;
    let won = |v: &f64| axis_won(*v, lang);
    let day = |x: &f64| {
        let d = x.round();
        if (x - d).abs() > 0.01 {
            return String::new();
        }
        format!("{d}{}", tr(lang, "일", ""))
    };
    chart
        .configure_mesh()
        .x_labels(b.days as usize / 3)
        .x_label_formatter(&day)
        .y_label_formatter(&won)
        .label_style(font(14))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(plot)?;
    let used: Vec<(f64, f64)> = cumulative
        .iter()
        .enumerate()
        .map(|(i, v)| ((i + 1) as f64, *v as f64))
        .collect();
    let last = used.last().copied().unwrap_or((0.0, 0.0));
    chart
        .draw_series(
            AreaSeries::new(used.clone(), 0.0, BAR.mix(0.15)).border_style(BAR.stroke_width(3)),
        )
        .map_err(plot)?
        .label(tr(lang, "누적 사용액", "spent so far"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BAR.stroke_width(3)));
    chart
        .draw_series(DashedLineSeries::new(
            [last, (days, projected as f64)],
            8,
            6,
            AVG.stroke_width(3),
        ))
        .map_err(plot)?
        .label(format!(
            "{} {}",
            tr(lang, "월말 예상", "projected month end"),
            Won(projected)
        ))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], AVG.stroke_width(3)));
    if let Some(limit) = limit {
        chart
            .draw_series(LineSeries::new(
                [(0.5, limit as f64), (days + 0.5, limit as f64)],
                LIMIT.stroke_width(2),
            ))
            .map_err(plot)?
            .label(format!("{limit_name} {}", Won(limit)))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], LIMIT.stroke_width(2)));
    }
    legend(&mut chart)
}
