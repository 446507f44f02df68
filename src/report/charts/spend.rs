//! Where the money goes: spend per category over the months, and the top merchants.

use super::*;

/// Stacked monthly bars of the seven largest categories and the rest.
pub(super) fn categories(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
    let n = month_span(a).1;
    if n == 0 || a.categories.is_empty() {
        return empty(root, title, tr(lang, "결제가 없습니다.", "No payments."));
    }
    let totals = crate::analysis::categories::totals(&a.categories);
    let shown: Vec<_> = totals.iter().take(7).map(|&(c, _)| c).collect();
    let series = shown.len() + usize::from(totals.len() > shown.len());
    // stack[month][series]: the net of a shown category, or of all the rest.
    let mut stack = vec![vec![0i64; series]; n];
    let first = a.months[0].month;
    for c in &a.categories {
        let Some(row) = stack.get_mut((c.month.index() - first.index()) as usize) else {
            continue;
        };
        let s = shown
            .iter()
            .position(|&k| k == c.category)
            .unwrap_or(series - 1);
        row[s] += c.net.max(0);
    }
    let y_max = top(stack.iter().map(|r| r.iter().sum::<i64>()));
    let (root, legend) = root.split_horizontally(WIDTH as i32 - 170);
    let mut chart = month_axes(&root, a, lang, title, 0.0..y_max)?;
    for s in 0..series {
        let color = shown.get(s).map_or(MUTED, |&c| category_color(c));
        let name = match shown.get(s) {
            Some(c) => tr(lang, c.korean(), c.english()).to_string(),
            None => tr(lang, "그 외", "the rest").to_string(),
        };
        chart
            .draw_series(stack.iter().enumerate().map(|(i, row)| {
                let below: i64 = row[..s].iter().sum();
                let x = i as f64;
                Rectangle::new(
                    [
                        (x - 0.35, below as f64),
                        (x + 0.35, (below + row[s]) as f64),
                    ],
                    color.filled(),
                )
            }))
            .map_err(plot)?;
        // The legend, beside the chart, in stacking order from the top.
        let y = 70 + 26 * (series - 1 - s) as i32;
        legend
            .draw(&Rectangle::new([(8, y), (24, y + 14)], color.filled()))
            .map_err(plot)?;
        legend
            .draw(&Text::new(name, (32, y), font(15)))
            .map_err(plot)?;
    }
    Ok(())
}

/// Horizontal bars of the ten merchants with the largest net spend.
pub(super) fn merchants(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
    let top10: Vec<_> = a.merchants.iter().filter(|m| m.net > 0).take(10).collect();
    if top10.is_empty() {
        return empty(root, title, tr(lang, "결제가 없습니다.", "No payments."));
    }
    let n = top10.len();
    let x_max = top(top10.iter().map(|m| m.net)) * 1.1;
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(26))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(210)
        .build_cartesian_2d(0.0..x_max, -0.5..n as f64 - 0.5)
        .map_err(plot)?;
    // The largest merchant on top.
    let row = |i: usize| (n - 1 - i) as f64;
    let name = |y: &f64| {
        let i = y.round();
        if (y - i).abs() > 0.01 || i < 0.0 || i as usize >= n {
            return String::new();
        }
        short(&top10[n - 1 - i as usize].merchant, 16)
    };
    let won = |v: &f64| axis_won(*v, lang);
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&name)
        .x_label_formatter(&won)
        .label_style(font(15))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(plot)?;
    chart
        .draw_series(top10.iter().enumerate().map(|(i, m)| {
            let color = category_color(m.category);
            Rectangle::new(
                [(0.0, row(i) - 0.35), (m.net as f64, row(i) + 0.35)],
                color.filled(),
            )
        }))
        .map_err(plot)?;
    chart
        .draw_series(top10.iter().enumerate().map(|(i, m)| {
            Text::new(
                format!(
                    "{} · {}",
                    Won(m.net),
                    tr(lang, m.category.korean(), m.category.english())
                ),
                (m.net as f64 + x_max * 0.01, row(i) + 0.15),
                font(14),
            )
        }))
        .map_err(plot)?;
    Ok(())
}
