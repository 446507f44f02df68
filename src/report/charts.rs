//! PNG charts of an analysis, drawn with plotters in the embedded Hangul font
//! (NanumSquareR, OFL-1.1, `assets/fonts/`). Every chart draws aggregates from the
//! analysis (months, categories, merchants, subscriptions, one month's days, a 7 × 24
//! grid), never one mark per transaction, so a million-row ledger draws as fast as a
//! small one.

use crate::analysis::kind::SpendKind;
use crate::analysis::subscriptions::SubStatus;
use crate::analysis::Analysis;
use crate::i18n::{tr, Lang};
use crate::month::Month;
use crate::report::privacy::mask_phones;
use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use soaek_import::Won;
use std::sync::OnceLock;

/// The embedded font. plotters is built without its `ttf` feature: text is drawn only
/// with fonts registered here, never with a system fallback that lacks Hangul.
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/NanumSquareR.ttf");
/// The family name charts ask plotters for.
pub const FAMILY: &str = "NanumSquare";

pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 520;
/// The charts drawn once per cap (소액결제 above, 콘텐츠이용료 below).
const TWO_CAPS: [&str; 2] = ["monthly.png", "burn.png"];

const INK: RGBColor = RGBColor(40, 44, 52);
const BAR: RGBColor = RGBColor(66, 133, 244);
const AVG: RGBColor = RGBColor(251, 140, 0);
const LIMIT: RGBColor = RGBColor(211, 47, 47);
const RECOMMENDED: RGBColor = RGBColor(46, 125, 50);
const MUTED: RGBColor = RGBColor(158, 158, 158);
const GRID: RGBColor = RGBColor(225, 228, 232);
const PALETTE: [RGBColor; 8] = [
    RGBColor(66, 133, 244),
    RGBColor(251, 140, 0),
    RGBColor(46, 125, 50),
    RGBColor(142, 36, 170),
    RGBColor(0, 172, 193),
    RGBColor(233, 30, 99),
    RGBColor(121, 85, 72),
    RGBColor(158, 158, 158),
];

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    pub file: &'static str,
    pub title: String,
    pub png: Vec<u8>,
}

/// Register the embedded font with plotters (once per process).
pub fn register() -> Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    if *DONE.get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok()) {
        Ok(())
    } else {
        Err(anyhow!("the embedded chart font cannot be read"))
    }
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// Draws one chart: the canvas, the analysis, the language and the title.
type Draw = fn(&Area, &Analysis, Lang, &str) -> Result<()>;

/// Draw on a white `w` × `h` canvas and encode it as PNG.
pub fn render(w: u32, h: u32, draw: impl FnOnce(&Area) -> Result<()>) -> Result<Vec<u8>> {
    register()?;
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(plot)?;
        draw(&root)?;
        root.present().map_err(plot)?;
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(png)
}

fn plot<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow!("chart: {e}")
}

fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&INK)
}

/// An axis label: 만원 units in Korean (`30만`), separators in English (`300,000`).
pub fn axis_won(v: f64, lang: Lang) -> String {
    let v = v.round() as i64;
    match lang {
        Lang::Ko if v != 0 && v % 10_000 == 0 => format!("{}만", Won(v / 10_000).grouped()),
        Lang::Ko if v.abs() >= 10_000 => format!("{:.1}만", v as f64 / 10_000.0),
        _ => Won(v).grouped(),
    }
}

/// The largest of `values` (at least 1), with 10% headroom.
fn top(values: impl IntoIterator<Item = i64>) -> f64 {
    values.into_iter().max().unwrap_or(0).max(1) as f64 * 1.1
}

/// `text` shortened to `max` characters, with the phone numbers masked.
fn short(text: &str, max: usize) -> String {
    let text = mask_phones(text);
    if text.chars().count() <= max {
        return text.into_owned();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// A chart with nothing to show: the title and one line of why.
fn empty(root: &Area, title: &str, why: &str) -> Result<()> {
    root.titled(title, font(26))
        .map_err(plot)?
        .draw(&Text::new(why.to_string(), (40, 80), font(20)))
        .map_err(plot)?;
    Ok(())
}

/// The label of month index `x` (a bar's centre) or nothing between bars.
/// The first month of the axis and how many months it spans: every month from the
/// first covered to the last, so that a month no statement covers is a gap, not a 0 bar.
fn month_span(a: &Analysis) -> (Month, usize) {
    match (a.months.first(), a.months.last()) {
        (Some(f), Some(l)) => (f.month, (l.month.index() - f.month.index() + 1) as usize),
        _ => (Month::from_index(0), 0),
    }
}

/// Where a month stands on the axis.
fn month_x(a: &Analysis, m: Month) -> f64 {
    (m.index() - month_span(a).0.index()) as f64
}

fn month_label(a: &Analysis, x: f64) -> String {
    let i = x.round();
    let (first, n) = month_span(a);
    if (x - i).abs() > 0.01 || i < 0.0 || i as usize >= n {
        return String::new();
    }
    first.plus(i as i32).to_string()
}

type MonthChart<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The series' legend, top left on a light box.
fn legend<'a, 'b: 'a>(chart: &mut MonthChart<'a, 'b>) -> Result<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(MUTED)
        .label_font(font(14))
        .draw()
        .map_err(plot)?;
    Ok(())
}

/// A chart with one bar slot per month across and won up, its grid and labels drawn.
fn month_axes<'a, 'b>(
    root: &'a Area<'b>,
    a: &Analysis,
    lang: Lang,
    title: &str,
    y: std::ops::Range<f64>,
) -> Result<MonthChart<'a, 'b>> {
    let n = month_span(a).1;
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(26))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(-0.5..n as f64 - 0.5, y)
        .map_err(plot)?;
    let label = |x: &f64| month_label(a, *x);
    let won = |v: &f64| axis_won(*v, lang);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(12))
        .x_label_formatter(&label)
        .y_label_formatter(&won)
        .label_style(font(14))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .draw()
        .map_err(plot)?;
    Ok(chart)
}

/// All charts of the report, in the order the report shows them.
pub fn all(a: &Analysis, lang: Lang) -> Result<Vec<Chart>> {
    let charts: [(&str, &str, &str, Draw); 6] = [
        (
            "monthly.png",
            "월별 순사용액",
            "Net spend by month",
            monthly,
        ),
        (
            "categories.png",
            "분류별 월 지출",
            "Spend by category",
            categories,
        ),
        (
            "merchants.png",
            "가맹점 상위 10",
            "Top 10 merchants",
            merchants,
        ),
        (
            "subscriptions.png",
            "구독 결제 타임라인",
            "Subscription charges",
            subscriptions,
        ),
        (
            "burn.png",
            "이번 달 누적 사용액",
            "This month, cumulative",
            burn,
        ),
        (
            "hours.png",
            "요일 × 시간대 결제 건수",
            "Payments by weekday and hour",
            hours,
        ),
    ];
    charts
        .into_iter()
        .map(|(file, ko, en, draw)| {
            let title = tr(lang, ko, en).to_string();
            // The two caps' charts have a panel for each cap.
            let height = if TWO_CAPS.contains(&file) {
                2 * HEIGHT - 80
            } else {
                HEIGHT
            };
            let png = render(WIDTH, height, |root| draw(root, a, lang, &title))?;
            Ok(Chart { file, title, png })
        })
        .collect()
}

/// A cap's current limit (when given) and its recommended one (when there is one).
fn cap_limits(a: &Analysis, kind: SpendKind) -> (Option<i64>, Option<i64>) {
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
fn per_cap(
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
fn monthly(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
    per_cap(root, a, lang, title, monthly_panel)
}

fn monthly_panel(root: &Area, a: &Analysis, lang: Lang, title: &str, k: usize) -> Result<()> {
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
        .chain(recommended));
    let y_min = months.iter().map(|m| m.net).min().unwrap_or(0).min(0) as f64;
    let mut chart = month_axes(root, a, lang, title, y_min..y_max)?;
    chart
        .draw_series(months.iter().map(|m| {
            let x = month_x(a, m.month);
            Rectangle::new([(x - 0.35, 0.0), (x + 0.35, m.net as f64)], BAR.filled())
        }))
        .map_err(plot)?
        .label(tr(lang, "순사용액", "net spend"))
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

/// Stacked monthly bars of the seven largest categories and the rest.
fn categories(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
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
        let color = PALETTE[s % PALETTE.len()];
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
fn merchants(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
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
            let color = PALETTE[category_slot(m.category)];
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

/// A stable colour per category, for the merchant bars.
fn category_slot(c: soaek_merchants::Category) -> usize {
    soaek_merchants::Category::ALL
        .iter()
        .position(|&k| k == c)
        .unwrap_or(0)
        % PALETTE.len()
}

/// One row per subscription (active first): a dot per charge, a red triangle and the
/// new price where the price changed.
fn subscriptions(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
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
        .y_label_area_size(250)
        .build_cartesian_2d(day(start) - pad..day(end) + pad, -0.5..n as f64 - 0.5)
        .map_err(plot)?;
    let row = |i: usize| (n - 1 - i) as f64;
    let name = |y: &f64| {
        let i = y.round();
        if (y - i).abs() > 0.01 || i < 0.0 || i as usize >= n {
            return String::new();
        }
        let s = subs[n - 1 - i as usize];
        let name = s.item.as_deref().unwrap_or(&s.merchant);
        format!("{} {}", short(name, 18), Won(s.amount))
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

/// Each cap's cumulative net spend in the as-of month, the projection to the month's
/// end, and that cap's limit (the current one, else the recommended one).
fn burn(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
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

fn burn_panel(root: &Area, a: &Analysis, lang: Lang, title: &str, k: usize) -> Result<()> {
    let b = &a.activity.burn;
    let cumulative = &b.by_kind[k];
    let projected = a.cap_projections[k];
    let (limit, limit_name) = match cap_limits(a, SpendKind::BOTH[k]) {
        (Some(c), _) => (Some(c), tr(lang, "현재 한도", "current limit")),
        (None, Some(r)) => (Some(r), tr(lang, "권장 한도", "recommended limit")),
        (None, None) => (None, ""),
    };
    let days = b.days as f64;
    let y_max = top(cumulative.iter().copied().chain([projected]).chain(limit));
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

/// Weekday × hour heatmap of approvals; 00:00–05:59 in red (the alerts' night), so night
/// payments stand out.
fn hours(root: &Area, a: &Analysis, lang: Lang, title: &str) -> Result<()> {
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

fn blend(from: RGBColor, to: RGBColor, t: f64) -> RGBColor {
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t.clamp(0.0, 1.0)).round() as u8;
    RGBColor(mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_use_man_won_in_korean_and_separators_in_english() {
        assert_eq!(axis_won(300_000.0, Lang::Ko), "30만");
        assert_eq!(axis_won(12_000_000.0, Lang::Ko), "1,200만");
        assert_eq!(axis_won(25_000.0, Lang::Ko), "2.5만");
        assert_eq!(axis_won(0.0, Lang::Ko), "0");
        assert_eq!(axis_won(300_000.0, Lang::En), "300,000");
    }

    /// The title is drawn with the embedded NanumSquareR: the inked pixels are the ones
    /// ab_glyph rasterizes from `FONT` itself (a fallback font or tofu boxes would not
    /// match), and every syllable has a real glyph in it.
    #[test]
    fn hangul_titles_are_drawn_with_the_embedded_font() {
        use ab_glyph::{Font, FontRef, ScaleFont};
        let title = "월별 순사용액 한도 힣";
        let size = 40.0;
        let png = render(600, 100, |root| {
            root.draw(&Text::new(
                title,
                (10, 20),
                (FAMILY, size).into_font().color(&BLACK),
            ))
            .map_err(plot)
        })
        .unwrap();
        let mut reader = png::Decoder::new(png.as_slice()).read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut rgb).unwrap();
        let drawn = rgb.chunks(3).filter(|p| p[0] < 128).count();

        let font = FontRef::try_from_slice(FONT).unwrap();
        let scaled = font.as_scaled(size as f32);
        let mut expected = 0;
        let mut x = 0.0;
        for c in title.chars() {
            let id = font.glyph_id(c);
            if c != ' ' {
                assert_ne!(id.0, 0, "{c} is missing from the embedded font");
            }
            let glyph = id.with_scale_and_position(size as f32, ab_glyph::point(x, 0.0));
            if let Some(outline) = font.outline_glyph(glyph) {
                outline.draw(|_, _, coverage| expected += usize::from(coverage > 0.5));
            }
            x += scaled.h_advance(id);
        }
        assert!(expected > 2_000, "{expected}");
        let diff = drawn.abs_diff(expected) as f64 / expected as f64;
        assert!(
            diff < 0.03,
            "drawn {drawn} pixels, NanumSquareR gives {expected}"
        );
    }

    #[test]
    fn short_names_are_masked_and_cut() {
        assert_eq!(short("선물 010-1234-5678", 40), "선물 010-****-5678");
        assert_eq!(short("아주아주긴가맹점이름입니다", 5), "아주아주…");
    }
}
