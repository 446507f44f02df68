//! `report.html`: one self-contained page (inline CSS, the charts as base64 PNG, the
//! Hangul font embedded, no script, no network) built from an analysis with an askama
//! template (`templates/report.html`), which escapes every value. Statement text
//! (merchants, items, reasons, file names) is also phone-masked here.

use crate::analysis::alerts::Severity;
use crate::analysis::kind::SpendKind;
use crate::analysis::subscriptions::SubStatus;
use crate::analysis::Analysis;
use crate::i18n::{tr, Lang};
use crate::report::charts::{self, Chart};
use crate::report::privacy::mask_phones;
use crate::report::text;
use anyhow::Result;
use askama::Template;
use base64::Engine;
use soaek_import::Won;

mod about;
mod advice;
mod history;
mod household;
mod safety;
mod spend;
mod subs;
mod suspicious;
use about::*;
use advice::*;
pub use history::{History, HistoryRow};
pub use household::{line_page, LineCard};
use safety::*;
use spend::*;
use subs::*;
use suspicious::*;

/// Rows beyond these are summarized in one line: a page stays readable on a phone
/// however large the ledger.
const MAX_ALERTS: usize = 200;
const MAX_MERCHANTS: usize = 20;
const MAX_UNCATEGORIZED: usize = 50;
const MAX_ERRORS: usize = 50;

pub struct Cell {
    pub text: String,
    /// `num` (right-aligned), a severity, or empty.
    pub class: &'static str,
}

pub struct Table {
    pub head: Vec<&'static str>,
    /// Right-align these columns.
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<Cell>>,
    /// "… and N more", when rows were left out.
    pub more: Option<String>,
}

impl Table {
    fn new(head: Vec<&'static str>, numeric_from: usize) -> Table {
        let numeric = (0..head.len()).map(|i| i >= numeric_from).collect();
        Table {
            head,
            numeric,
            rows: Vec::new(),
            more: None,
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .zip(&self.numeric)
            .map(|(text, &num)| Cell {
                text,
                class: if num { "num" } else { "" },
            })
            .collect();
        self.rows.push(cells);
    }

    fn cut(&mut self, total: usize, max: usize, lang: Lang) {
        if total > max {
            let more = crate::words::count(total - max);
            self.more = Some(match lang {
                Lang::Ko => format!("외 {more}건"),
                Lang::En => format!("and {more} more"),
            });
        }
    }
}

pub struct Card {
    pub label: &'static str,
    pub value: String,
    pub note: String,
}

pub struct Image {
    pub title: String,
    pub src: String,
}

pub struct Section {
    pub id: &'static str,
    pub heading: &'static str,
    pub lead: Vec<String>,
    pub images: Vec<Image>,
    pub tables: Vec<Table>,
    pub notes: Vec<String>,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct Page {
    pub lang: &'static str,
    pub title: String,
    pub subtitle: String,
    pub font_base64: String,
    pub summary_heading: &'static str,
    pub cards: Vec<Card>,
    /// The high-severity alerts, each with what to do: first thing on the page.
    pub warnings: Vec<String>,
    pub summary_images: Vec<Image>,
    /// The monthly figures.
    pub summary_tables: Vec<Table>,
    pub sections: Vec<Section>,
    pub history: History,
    pub footer: String,
    /// The household's lines (rule 12), when the data holds more than one.
    pub lines: Vec<LineCard>,
    pub lines_heading: &'static str,
    pub lines_lead: String,
    /// On a line's own page: the way back to the household's page.
    pub back: Option<(String, String)>,
}

/// The headings of the report's sections, in order (the summary cards first).
pub fn headings(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Ko => [
            "요약",
            "계절 조정 계획",
            "구독",
            "의심 결제",
            "안전 수칙과 도움받을 곳",
            "분류와 상위 가맹점",
            "분류되지 않은 가맹점",
            "데이터 품질",
            "계산 방법",
        ],
        Lang::En => [
            "Summary",
            "Seasonal plan",
            "Subscriptions",
            "Alerts",
            "Staying safe and getting help",
            "Categories and top merchants",
            "Uncategorized merchants",
            "Data quality",
            "Methodology",
        ],
    }
}

fn won(v: i64) -> String {
    Won(v).to_string()
}

fn masked(s: &str) -> String {
    mask_phones(s).into_owned()
}

fn image(c: &Chart) -> Image {
    Image {
        title: c.title.clone(),
        src: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&c.png)
        ),
    }
}

/// The high-severity alerts in one line each, then what to do.
fn warnings(a: &Analysis, lang: Lang) -> Vec<String> {
    let high: Vec<_> = a
        .alerts
        .iter()
        .filter(|x| x.severity == Severity::High)
        .collect();
    let Some(first) = high.first() else {
        return Vec::new();
    };
    let mut out = vec![match lang {
        Lang::Ko => format!(
            "위험도 높은 의심 결제가 {}건 있습니다. 본인이 한 결제인지 바로 확인하세요.",
            crate::words::count(high.len())
        ),
        Lang::En => format!(
            "{} high-severity suspicious payments: check at once whether you made them.",
            crate::words::count(high.len())
        ),
    }];
    out.extend(high.iter().take(5).map(|x| {
        let line = x.line.as_deref().map_or(String::new(), |l| {
            format!("{} {} · ", tr(lang, "회선", "line"), masked(l))
        });
        format!(
            "{} · {line}{}",
            x.at.format("%Y-%m-%d %H:%M"),
            masked(&crate::words::alerts::reason(x, lang))
        )
    }));
    if high.len() > 5 {
        let more = crate::words::count(high.len() - 5);
        out.push(match lang {
            Lang::Ko => format!("외 {more}건 (아래 '의심 결제')"),
            Lang::En => format!("and {more} more (see Alerts below)"),
        });
    }
    out.extend(
        crate::words::alerts::actions(first.severity, lang)
            .iter()
            .enumerate()
            .map(|(i, act)| format!("{}. {act}", i + 1)),
    );
    out
}

/// The months' figures, newest first.
fn monthly_table(a: &Analysis, lang: Lang) -> Table {
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["월", "승인", "취소", "사용액", "결제 건수"],
            Lang::En => vec!["Month", "Approved", "Cancelled", "Net", "Payments"],
        },
        1,
    );
    for m in a.months.iter().rev() {
        t.row(vec![
            m.month.to_string(),
            won(m.approved),
            won(m.cancelled),
            won(m.net),
            m.payments.to_string(),
        ]);
    }
    t
}

/// The page for `a` with its `charts` (from [`charts::all`]) and the ledger's
/// `entries` (the payment history).
/// Where a page sits: the household's (or a single line's) page, or the page of one
/// line of a household, with the household's page to go back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    Main,
    Line { household: &'a str },
}

pub fn page(
    a: &Analysis,
    charts: &[Chart],
    entries: &[crate::ledger::Entry],
    carrier: Option<crate::intake::carrier::Carrier>,
    place: Place<'_>,
    lang: Lang,
) -> Result<String> {
    let h = headings(lang);
    let chart = |files: &[&str]| {
        charts
            .iter()
            .filter(|c| files.contains(&c.file))
            .map(image)
            .collect::<Vec<_>>()
    };
    let r = a.recommendation.as_ref();
    let used: i64 = match r {
        Some(r) => r.by_kind.iter().map(|k| k.used).sum(),
        None => a.activity.burn.cumulative.last().copied().unwrap_or(0),
    };
    let resets_on = a.activity.burn.month.plus(1).first_day();
    let this_month_covered = a.import.coverage().covers(a.activity.burn.month);
    let remaining = match &a.limit_status {
        Some(s) => Card {
            label: tr(lang, "남은 금액", "Remaining"),
            value: won(s.remaining),
            // Each cap with a known limit: what is left of it.
            note: s
                .by_kind
                .iter()
                .map(|c| {
                    let name = crate::words::cap(c.kind, lang);
                    match lang {
                        Lang::Ko => format!(
                            "{name} {} 남음 (한도 {})",
                            won(c.remaining),
                            won(c.current_limit)
                        ),
                        Lang::En => format!(
                            "{name}: {} left of {}",
                            won(c.remaining),
                            won(c.current_limit)
                        ),
                    }
                })
                .collect::<Vec<_>>()
                .join(" · "),
        },
        None => Card {
            label: tr(lang, "남은 금액", "Remaining"),
            value: "—".into(),
            note: tr(
                lang,
                "현재 한도를 --current-limit(소액결제)와 --content-limit(콘텐츠이용료)로 알려 주세요",
                "give the current limits with --current-limit and --content-limit",
            )
            .into(),
        },
    };
    let last = a.months.last();
    let first_card = match last {
        // The statements ended before this month: lead with the last month they cover.
        Some(m) if !this_month_covered => Card {
            label: tr(lang, "마지막 달 사용", "Last month covered"),
            value: won(m.net),
            note: match (lang, a.import.data_ends_on) {
                (Lang::Ko, Some(d)) => format!("{} · 명세서가 {d}에 끝남", m.month),
                (Lang::En, Some(d)) => format!("{} · the statements end on {d}", m.month),
                (Lang::Ko, None) => m.month.to_string(),
                (Lang::En, None) => m.month.to_string(),
            },
        },
        _ => Card {
            label: tr(lang, "이번 달 사용", "Used this month"),
            // A month no statement covers is unknown, not 0원.
            value: if this_month_covered {
                won(used)
            } else {
                "—".into()
            },
            note: match (lang, this_month_covered) {
                (Lang::Ko, true) => format!("{} · 기준일 {}", a.activity.burn.month, a.as_of),
                (Lang::En, true) => format!("{} · as of {}", a.activity.burn.month, a.as_of),
                (Lang::Ko, false) => format!(
                    "{}의 명세서가 아직 없습니다 · 기준일 {}",
                    a.activity.burn.month, a.as_of
                ),
                (Lang::En, false) => format!(
                    "no statement for {} yet · as of {}",
                    a.activity.burn.month, a.as_of
                ),
            },
        },
    };
    let cards = vec![
        first_card,
        remaining,
        Card {
            label: tr(lang, "초기화", "Resets on"),
            value: resets_on.to_string(),
            note: tr(lang, "매월 1일 (KST)", "the 1st of each month (KST)").into(),
        },
        Card {
            label: tr(lang, "최근 3개월 평균", "3-month average"),
            value: r.map_or("—".into(), |r| won(r.three_month_average)),
            note: match r {
                Some(r) if r.months_used.len() < 3 => match lang {
                    Lang::Ko => format!("명세서가 있는 {}개월만", r.months_used.len()),
                    Lang::En => format!("only {} covered month(s)", r.months_used.len()),
                },
                Some(r) => r
                    .months_used
                    .first()
                    .zip(r.months_used.last())
                    .map(|(f, l)| format!("{f} ~ {l}"))
                    .unwrap_or_default(),
                None => tr(lang, "명세서가 없는 기간", "no statement for the period").into(),
            },
        },
    ];
    let mut cards = cards;
    // Each cap is limited on its own: one card each.
    for kind in SpendKind::BOTH {
        let k = r.and_then(|r| r.by_kind.iter().find(|k| k.kind == kind));
        cards.push(Card {
            label: match (kind, lang) {
                (SpendKind::Content, Lang::Ko) => "권장 콘텐츠이용료 한도",
                (_, Lang::Ko) => "권장 소액결제 한도",
                (SpendKind::Content, Lang::En) => "Recommended content limit",
                (_, Lang::En) => "Recommended micropayment limit",
            },
            value: k.map_or("—".into(), |k| won(k.recommended_limit)),
            note: k.map_or_else(
                || tr(lang, "명세서를 더 가져오세요", "import more statements").into(),
                |k| format!("{} {}", k.tier.stars(), crate::words::tier(k.tier, lang)),
            ),
        });
    }
    let sections = vec![
        plan(a, lang, h[1]),
        Section {
            images: chart(&["subscriptions.png"]),
            ..subscriptions(a, lang, h[2])
        },
        Section {
            images: chart(&["hours.png"]),
            ..alerts(a, lang, h[3])
        },
        safety(carrier, lang, h[4]),
        Section {
            images: chart(&["categories.png", "merchants.png"]),
            ..categories(a, lang, h[5])
        },
        uncategorized(a, lang, h[6]),
        quality(a, lang, h[7]),
        methodology(lang, h[8]),
    ];
    let page = Page {
        lang: tr(lang, "ko", "en"),
        title: match &a.line {
            Some(g) if g.name.is_some() => format!(
                "{} · {}",
                tr(lang, "소액결제 리포트", "Micropayment report"),
                masked(&text::line_title(g, lang))
            ),
            _ => tr(lang, "소액결제 리포트", "Micropayment report").into(),
        },
        subtitle: match lang {
            Lang::Ko => format!(
                "기준일 {} · 결제 {}건 · 파일 {}개",
                a.as_of,
                crate::words::count(a.import.transactions),
                a.import.files.len()
            ),
            Lang::En => format!(
                "As of {} · {} payments · {} files",
                a.as_of,
                crate::words::count(a.import.transactions),
                a.import.files.len()
            ),
        },
        font_base64: base64::engine::general_purpose::STANDARD.encode(charts::FONT),
        summary_heading: h[0],
        cards,
        warnings: warnings(a, lang),
        summary_images: chart(&["monthly.png", "burn.png"]),
        summary_tables: vec![monthly_table(a, lang)],
        sections,
        history: history::history(
            entries,
            &a.lines.iter().map(|l| l.group.clone()).collect::<Vec<_>>(),
            lang,
        ),
        lines: household::cards(&a.lines, lang),
        lines_heading: tr(lang, "가족 회선", "The household's lines"),
        lines_lead: tr(
            lang,
            "한도는 회선마다 따로 정합니다. 위의 숫자는 가족 전체의 합계이고, 아래는 회선마다 그 회선의 결제만으로 계산한 것입니다.",
            "Limits are set per line. The figures above are the household's total; below, each line from its own payments alone.",
        )
        .into(),
        back: match place {
            Place::Main => None,
            Place::Line { household } => Some((
                household.to_string(),
                tr(lang, "← 가족 전체 보고서", "← The household's report").into(),
            )),
        },
        footer: tr(
            lang,
            "soaek이 이 컴퓨터에서 만든 보고서입니다. 명세서는 어디로도 전송되지 않았습니다.",
            "Made by soaek on this computer. No statement left it.",
        )
        .into(),
    };
    Ok(page.render()?)
}

fn section(id: &'static str, heading: &'static str) -> Section {
    Section {
        id,
        heading,
        lead: Vec::new(),
        images: Vec::new(),
        tables: Vec::new(),
        notes: Vec::new(),
    }
}
