//! The active subscriptions as bars of their monthly cost.

use super::*;

/// One row per subscription (active first): a dot per charge, a red triangle and the
/// new price where the price changed.
pub(super) fn subscriptions(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
    let mut subs: Vec<_> = a.subscriptions.iter().collect();
    if subs.is_empty() {
        return empty(
            root,
            title,
            tr(
                lang,
                "정기결제(구독)를 찾지 못했습니다.",
                "No subscriptions found.",
            ),
        );
    }
    subs.sort_by_key(|s| {
        (
            s.status != SubStatus::Active,
            std::cmp::Reverse(s.monthly_cost),
        )
    });
    subs.truncate(14);
    let n = subs.len();
    let day = |d: NaiveDate| d.num_days_from_ce() as f64;
    let start = subs.iter().map(|s| s.first_seen).min().unwrap_or(a.as_of);
    let end = subs
        .iter()
        .filter_map(|s| s.next_due)
        .chain([a.as_of])
        .max()
        .unwrap_or(a.as_of);
    let pad = ((day(end) - day(start)) * 0.03).max(7.0);
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(26))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(330)
        .build_cartesian_2d(day(start) - pad..day(end) + pad, -0.5..n as f64 - 0.5)
        .map_err(plot)?;
    let row = |i: usize| (n - 1 - i) as f64;
    let name = |y: &f64| {
        let i = y.round();
        if (y - i).abs() > 0.01 || i < 0.0 || i as usize >= n {
            return String::new();
        }
        // The service and the plan: "넷플릭스 · 스탠다드 멤버십", never the plan alone.
        let s = subs[n - 1 - i as usize];
        format!("{} {}", short(&s.label(), 30), Won(s.amount))
    };
    let date = |x: &f64| {
        NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
            .map(|d| d.format("%Y-%m").to_string())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&name)
        .x_label_formatter(&date)
        .x_labels(8)
        .label_style(font(14))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(plot)?;
    for (i, s) in subs.iter().enumerate() {
        let color = if s.status == SubStatus::Active {
            BAR
        } else {
            MUTED
        };
        let y = row(i);
        chart
            .draw_series(LineSeries::new(
                [(day(s.first_seen), y), (day(s.last_seen), y)],
                color.mix(0.4).stroke_width(2),
            ))
            .map_err(plot)?;
        chart
            .draw_series(
                s.charges
                    .iter()
                    .map(|c| Circle::new((day(c.date), y), 4, color.filled())),
            )
            .map_err(plot)?;
        if let Some(next) = s.next_due {
            chart
                .draw_series([Circle::new((day(next), y), 4, color.stroke_width(2))])
                .map_err(plot)?;
        }
        chart
            .draw_series(s.price_changes.iter().map(|p| {
                EmptyElement::at((day(p.date), y))
                    + TriangleMarker::new((0, 0), 7, LIMIT.filled())
                    + Text::new(format!("→{}", Won(p.to)), (6, -22), font(13).color(&LIMIT))
            }))
            .map_err(plot)?;
    }
    Ok(())
}
