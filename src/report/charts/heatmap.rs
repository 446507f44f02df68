//! When payments happen: the weekday × hour heatmap, with 새벽 marked.

use super::*;

/// Weekday × hour heatmap of approvals; 00:00–05:59 in red (the alerts' night), so night
/// payments stand out.
pub(super) fn hours(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
    let grid = &a.activity.hours;
    let max = grid.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let title = format!(
        "{title} ({})",
        tr(lang, "빨간 칸: 새벽 00:00~05:59", "red: night, 00:00–05:59")
    );
    let mut chart = ChartBuilder::on(root)
        .caption(&title, font(26))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(50)
        .build_cartesian_2d((0..23).into_segmented(), (0..6).into_segmented())
        .map_err(plot)?;
    let names = match lang {
        Lang::Ko => ["월", "화", "수", "목", "금", "토", "일"],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    };
    // Row 0 (Monday) at the top.
    let weekday = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(r) if (0..7).contains(r) => names[6 - *r as usize].to_string(),
        _ => String::new(),
    };
    let hour = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(h) if (0..24).contains(h) => format!("{h:02}"),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(24)
        .y_labels(7)
        .x_label_formatter(&hour)
        .y_label_formatter(&weekday)
        .label_style(font(14))
        .draw()
        .map_err(plot)?;
    // The far edge of the last hour and of the top row is the axis' end.
    let edge = |v: i32, last: i32| {
        if v > last {
            SegmentValue::Last
        } else {
            SegmentValue::Exact(v)
        }
    };
    let cell = |h: usize, d: usize| {
        let (x, y) = (h as i32, 6 - d as i32);
        (SegmentValue::Exact(x), SegmentValue::Exact(y), x, y)
    };
    let cells = (0..7).flat_map(|d| (0..24).map(move |h| (d, h)));
    chart
        .draw_series(cells.clone().map(|(d, h)| {
            let count = grid[d][h];
            let t = count as f64 / max;
            let color = if count == 0 {
                RGBColor(245, 245, 245)
            } else if h < crate::analysis::alerts::NIGHT_END_HOUR as usize {
                blend(RGBColor(255, 205, 210), RGBColor(183, 28, 28), t)
            } else {
                blend(RGBColor(227, 242, 253), RGBColor(13, 71, 161), t)
            };
            let (x0, y0, x, y) = cell(h, d);
            Rectangle::new(
                [(x0, y0), (edge(x + 1, 23), edge(y + 1, 6))],
                color.filled(),
            )
            .into_dyn()
        }))
        .map_err(plot)?;
    chart
        .draw_series(cells.filter(|&(d, h)| grid[d][h] > 0).map(|(d, h)| {
            let count = grid[d][h];
            let dark = (count as f64 / max) > 0.5;
            let style = font(13).color(if dark { &WHITE } else { &INK });
            let (_, _, x, y) = cell(h, d);
            EmptyElement::at((SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)))
                + Text::new(count.to_string(), (-4, 0), style)
        }))
        .map_err(plot)?;
    // The night band, 00:00–05:59, outlined.
    chart
        .draw_series([Rectangle::new(
            [
                (SegmentValue::Exact(0), SegmentValue::Exact(0)),
                (
                    SegmentValue::Exact(crate::analysis::alerts::NIGHT_END_HOUR as i32),
                    SegmentValue::Last,
                ),
            ],
            LIMIT.stroke_width(2),
        )])
        .map_err(plot)?;
    Ok(())
}

pub(super) fn blend(from: RGBColor, to: RGBColor, t: f64) -> RGBColor {
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t.clamp(0.0, 1.0)).round() as u8;
    RGBColor(mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
}
