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

mod heatmap;
mod months;
mod spend;
mod subs;
use heatmap::*;
use months::*;
use spend::*;
use subs::*;

/// The embedded font. plotters is built without its `ttf` feature: text is drawn only
/// with fonts registered here, never with a system fallback that lacks Hangul.
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/NanumSquareR.ttf");
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

/// One colour per category, the same in every chart (in `Category::ALL` order).
const CATEGORY_COLORS: [RGBColor; 15] = [
    RGBColor(66, 133, 244),  // app_store
    RGBColor(142, 36, 170),  // game
    RGBColor(233, 30, 99),   // video
    RGBColor(0, 172, 193),   // music
    RGBColor(121, 85, 72),   // books
    RGBColor(251, 140, 0),   // shopping
    RGBColor(244, 81, 30),   // delivery
    RGBColor(211, 47, 47),   // gift_card
    RGBColor(46, 125, 50),   // membership
    RGBColor(255, 193, 7),   // donation
    RGBColor(63, 81, 181),   // software
    RGBColor(0, 137, 123),   // transport
    RGBColor(124, 179, 66),  // digital
    RGBColor(96, 125, 139),  // telecom
    RGBColor(189, 189, 189), // other
];

/// The colour of category `c` in every chart.
fn category_color(c: soaek_merchants::Category) -> RGBColor {
    let i = soaek_merchants::Category::ALL
        .iter()
        .position(|&k| k == c)
        .unwrap_or(CATEGORY_COLORS.len() - 1);
    CATEGORY_COLORS[i]
}

/// Charts with a legend in their upper left keep their data below this share of the
/// height, so the legend never covers a bar or a limit line.
const LEGEND_ROOM: f64 = 1.35;

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

/// The smallest top of a won axis: months of 0원 get a readable 0 … 1만 axis, not
/// ticks a fraction of a won apart that all round to 0 or 1.
const MIN_TOP: i64 = 10_000;

/// The largest of `values` (at least [`MIN_TOP`]), with 10% headroom.
fn top(values: impl IntoIterator<Item = i64>) -> f64 {
    values.into_iter().max().unwrap_or(0).max(MIN_TOP) as f64 * 1.1
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
        ("monthly.png", "월별 사용액", "Net spend by month", monthly),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_use_man_won_in_korean_and_separators_in_english() {
        assert_eq!(axis_won(300_000.0, Lang::Ko), "30만");
        // An axis of nothing but 0원 months still has distinct labels.
        assert_eq!(top([0, 0]), 11_000.0);
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
