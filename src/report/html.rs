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
            self.more = Some(match lang {
                Lang::Ko => format!("외 {}건", total - max),
                Lang::En => format!("and {} more", total - max),
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
    pub summary_images: Vec<Image>,
    pub sections: Vec<Section>,
    pub footer: String,
}

/// The headings of the report's sections, in order (the summary cards first).
pub fn headings(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Ko => [
            "요약",
            "계절 조정 계획",
            "구독",
            "의심 결제",
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

/// The page for `a` with its `charts` (from [`charts::all`]).
pub fn page(a: &Analysis, charts: &[Chart], lang: Lang) -> Result<String> {
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
    let cards = vec![
        Card {
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
        Section {
            images: chart(&["categories.png", "merchants.png"]),
            ..categories(a, lang, h[4])
        },
        uncategorized(a, lang, h[5]),
        quality(a, lang, h[6]),
        methodology(lang, h[7]),
    ];
    let page = Page {
        lang: tr(lang, "ko", "en"),
        title: tr(lang, "소액결제 리포트", "Micropayment report").into(),
        subtitle: match lang {
            Lang::Ko => format!(
                "기준일 {} · 결제 {}건 · 파일 {}개",
                a.as_of,
                a.import.transactions,
                a.import.files.len()
            ),
            Lang::En => format!(
                "As of {} · {} payments · {} files",
                a.as_of,
                a.import.transactions,
                a.import.files.len()
            ),
        },
        font_base64: base64::engine::general_purpose::STANDARD.encode(charts::FONT),
        summary_heading: h[0],
        cards,
        summary_images: chart(&["monthly.png", "burn.png"]),
        sections,
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

fn plan(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("plan", heading);
    let Some(r) = &a.recommendation else {
        s.lead = vec![
            text::coverage_line(a, lang),
            text::no_recommendation(a, lang),
        ];
        s.notes = text::limit_status_lines(a, lang);
        return s;
    };
    s.lead = crate::words::limit::reasons(r, lang);
    s.lead.insert(0, text::coverage_line(a, lang));
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["월", "요인", "한도", "되돌릴 달", "이유"],
            Lang::En => vec!["Month", "Factor", "Limit", "Back down in", "Why"],
        },
        1,
    );
    t.numeric[3] = false;
    t.numeric[4] = false;
    for adj in &r.adjustments {
        t.row(vec![
            adj.month.to_string(),
            adj.factor.factor.to_string(),
            won(adj.limit),
            adj.revert_to.map(|m| m.to_string()).unwrap_or_default(),
            crate::words::season::why(&adj.factor, lang),
        ]);
    }
    s.tables.push(t);
    s.notes = text::limit_status_lines(a, lang);
    s
}

fn subscriptions(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("subscriptions", heading);
    if a.subscriptions.is_empty() {
        s.lead.push(
            tr(
                lang,
                "정기결제(구독)를 찾지 못했습니다.",
                "No subscriptions found.",
            )
            .into(),
        );
        return s;
    }
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec![
                "구독",
                "주기",
                "상태",
                "다음 결제",
                "금액",
                "월 비용",
                "연 비용",
            ],
            Lang::En => vec![
                "Subscription",
                "Cadence",
                "Status",
                "Next due",
                "Amount",
                "Monthly",
                "Yearly",
            ],
        },
        4,
    );
    for sub in &a.subscriptions {
        let mut label = masked(&sub.label());
        for p in &sub.price_changes {
            label += &format!(" ({} → {}, {})", won(p.from), won(p.to), p.date);
        }
        t.row(vec![
            label,
            crate::words::cadence(sub.cadence, lang).into(),
            match sub.status {
                SubStatus::Active => tr(lang, "이용 중", "active"),
                SubStatus::Stopped => tr(lang, "해지됨", "stopped"),
            }
            .into(),
            sub.next_due.map(|d| d.to_string()).unwrap_or_default(),
            won(sub.amount),
            won(sub.monthly_cost),
            won(sub.annual_cost),
        ]);
    }
    s.tables.push(t);
    s.notes = text::subscription_advice(&a.subscription_summary, lang)
        .iter()
        .map(|l| masked(l))
        .collect();
    s
}

fn alerts(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("alerts", heading);
    if a.alerts.is_empty() {
        s.lead.push(
            tr(
                lang,
                "의심스러운 결제가 없습니다.",
                "No suspicious payments.",
            )
            .into(),
        );
        return s;
    }
    let count = |v: Severity| a.alerts.iter().filter(|x| x.severity == v).count();
    s.lead.push(match lang {
        Lang::Ko => format!(
            "높음 {}건 · 중간 {}건 · 낮음 {}건",
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
        Lang::En => format!(
            "{} high · {} medium · {} low",
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
    });
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["일시", "가맹점", "위험도", "이유", "금액"],
            Lang::En => vec!["Date/time", "Merchant", "Severity", "Why", "Amount"],
        },
        4,
    );
    for x in a.alerts.iter().take(MAX_ALERTS) {
        t.rows.push(vec![
            Cell {
                text: x.at.format("%Y-%m-%d %H:%M").to_string(),
                class: "",
            },
            Cell {
                text: masked(&x.merchant),
                class: "",
            },
            Cell {
                text: crate::words::alerts::severity(x.severity, lang).into(),
                class: match x.severity {
                    Severity::High => "high",
                    Severity::Medium => "medium",
                    Severity::Low => "low",
                },
            },
            Cell {
                text: masked(&crate::words::alerts::reason(x, lang)),
                class: "",
            },
            Cell {
                text: if x.cancelled {
                    format!("{} ({})", won(x.amount), tr(lang, "취소됨", "cancelled"))
                } else {
                    won(x.amount)
                },
                class: "num",
            },
        ]);
    }
    t.cut(a.alerts.len(), MAX_ALERTS, lang);
    s.tables.push(t);
    if let Some(worst) = a.alerts.iter().max_by_key(|x| x.severity) {
        s.notes.push(tr(lang, "할 일:", "What to do:").into());
        s.notes.extend(
            crate::words::alerts::actions(worst.severity, lang)
                .iter()
                .enumerate()
                .map(|(i, act)| format!("{}. {act}", i + 1)),
        );
    }
    s
}

fn categories(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("categories", heading);
    let totals = crate::analysis::categories::totals(&a.categories);
    let all: i64 = totals.iter().map(|(_, t)| t).sum();
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["분류", "순사용액", "비중"],
            Lang::En => vec!["Category", "Net spend", "Share"],
        },
        1,
    );
    for (c, net) in &totals {
        let share = if all > 0 {
            *net as f64 * 100.0 / all as f64
        } else {
            0.0
        };
        t.row(vec![
            tr(lang, c.korean(), c.english()).into(),
            won(*net),
            format!("{share:.1}%"),
        ]);
    }
    s.tables.push(t);
    s.tables
        .push(merchant_table(&a.merchants, MAX_MERCHANTS, lang));
    s
}

fn merchant_table(
    merchants: &[crate::analysis::categories::MerchantTotal],
    max: usize,
    lang: Lang,
) -> Table {
    let mut t = Table::new(
        match lang {
            Lang::Ko => vec!["가맹점", "분류", "결제 건수", "순사용액"],
            Lang::En => vec!["Merchant", "Category", "Payments", "Net spend"],
        },
        2,
    );
    for m in merchants.iter().take(max) {
        t.row(vec![
            masked(&m.merchant),
            tr(lang, m.category.korean(), m.category.english()).into(),
            m.payments.to_string(),
            won(m.net),
        ]);
    }
    t.cut(merchants.len(), max, lang);
    t
}

fn uncategorized(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("uncategorized", heading);
    if a.uncategorized.is_empty() {
        s.lead.push(
            tr(
                lang,
                "모든 가맹점이 분류되었습니다.",
                "Every merchant has a category.",
            )
            .into(),
        );
        return s;
    }
    s.lead.push(
        tr(
            lang,
            "사전과 규칙이 모르는 가맹점입니다. rules.toml에 규칙을 쓰면 분류됩니다 (soaek rules test 이름).",
            "Merchants neither the dictionary nor your rules know. A rule in rules.toml gives them a category (soaek rules test NAME).",
        )
        .into(),
    );
    s.tables
        .push(merchant_table(&a.uncategorized, MAX_UNCATEGORIZED, lang));
    s
}

fn quality(a: &Analysis, lang: Lang, heading: &'static str) -> Section {
    let mut s = section("quality", heading);
    let i = &a.import;
    s.lead.push(match lang {
        Lang::Ko => format!(
            "거래 {}건 (중복 {}건 제외), 취소 매칭 {}건",
            i.transactions, i.duplicates, i.cancellations_matched
        ),
        Lang::En => format!(
            "{} transactions ({} duplicates left out), {} cancellations matched",
            i.transactions, i.duplicates, i.cancellations_matched
        ),
    });
    s.lead.push(text::coverage_line(a, lang));
    let mut files = Table::new(
        match lang {
            Lang::Ko => vec![
                "파일",
                "형식",
                "인코딩",
                "다루는 달",
                "머리글 행",
                "행",
                "거래",
                "건너뛴 행",
                "오류",
            ],
            Lang::En => vec![
                "File",
                "Format",
                "Encoding",
                "Months covered",
                "Header row",
                "Rows",
                "Transactions",
                "Skipped",
                "Errors",
            ],
        },
        4,
    );
    let mut errors = Table::new(
        match lang {
            Lang::Ko => vec!["파일", "행", "열", "이유"],
            Lang::En => vec!["File", "Row", "Column", "Reason"],
        },
        4,
    );
    let mut total_errors = 0;
    for f in &i.files {
        files.row(vec![
            masked(&f.path),
            f.format.into(),
            f.encoding.into(),
            f.covers.map(|c| c.shown()).unwrap_or_else(|| "—".into()),
            f.header_row.to_string(),
            f.rows.to_string(),
            f.transactions.to_string(),
            f.skipped_rows.len().to_string(),
            f.errors.len().to_string(),
        ]);
        for e in &f.errors {
            total_errors += 1;
            if errors.rows.len() < MAX_ERRORS {
                errors.row(vec![
                    masked(&f.path),
                    e.row.to_string(),
                    masked(&e.column),
                    masked(&e.reason),
                ]);
            }
        }
    }
    s.tables.push(files);
    if total_errors > 0 {
        errors.cut(total_errors, MAX_ERRORS, lang);
        s.tables.push(errors);
    }
    for f in &i.skipped_files {
        s.notes.push(match lang {
            Lang::Ko => format!("건너뛴 파일 {}: {}", masked(&f.path), masked(&f.reason)),
            Lang::En => format!("Skipped file {}: {}", masked(&f.path), masked(&f.reason)),
        });
    }
    s
}

fn methodology(lang: Lang, heading: &'static str) -> Section {
    let mut s = section("methodology", heading);
    s.lead = match lang {
        Lang::Ko => vec![
            "결제의 달은 승인 시각(한국 시간)의 달입니다. 매달 1일~말일 결제가 다음 달 휴대폰 요금에 청구되고, 한도는 1일에 초기화됩니다.",
            "취소는 승인번호로, 없으면 31일 안의 같은 가맹점·같은 금액의 가장 가까운 이전 승인과 맞춥니다. 맞춘 취소는 원래 승인의 달에서 빼고, 못 맞춘 취소는 취소한 달에서 뺍니다. 순사용액 = 승인 − 취소.",
            "겹치는 명세서를 여러 번 넣어도 같은 결제는 한 번만 셉니다. 한 파일 안의 똑같은 두 행은 두 번의 결제입니다.",
            "최근 3개월 평균은 기준 달 직전의 완결된 세 달의 순사용액 평균입니다(결제가 없는 달은 0원, 원 단위 반올림).",
            "권장 한도는 '3개월 평균 × 계절 요인 × 1.10' 이상인 가장 작은 통신사 한도 단계입니다. 이용 중인 구독의 월 비용 × 1.10보다 낮게 잡지 않고, 평균도 구독도 없으면 0원(차단)을 권합니다.",
            "계절 요인은 1.0 이상입니다. 13개월 이상의 내역이 있으면 작년 같은 때의 내 지출 비율에서 배우고(1 쪽으로 줄여서), 없으면 설날·추석이 든 달, 5월 가정의 달, 11월 코리아세일페스타, 12월 연말의 기본값을 씁니다.",
            "등급: 0원 ★★★★★, 5만원 이하 ★★★★☆, 10만원 이하 ★★★☆☆, 10만원 초과 ★★☆☆☆(위험 관리 필수).",
            "의심 결제: 새벽(00:00~05:59) 상품권·교통카드 충전, 짧은 시간의 연속 결제, 이중 결제, 처음 보는 가맹점의 큰 결제, 평소보다 큰 지출, 한도 소진을 찾습니다.",
        ],
        Lang::En => vec![
            "A payment's month is the KST calendar month of its approval. Charges from the 1st to the last day are billed on the next month's phone bill; the limit resets on the 1st.",
            "A cancellation is matched to its approval by approval number, else to the nearest earlier approval of the same merchant and amount within 31 days. A matched cancellation reduces the approval's month, an unmatched one its own month. Net = approved − cancelled.",
            "Overlapping exports never count a payment twice; two identical rows in one file are two payments.",
            "The 3-month average is the mean net of the three complete months before the as-of month (empty months count as 0, rounded half-up to whole won).",
            "The recommended limit is the smallest carrier step at or above 3-month average × seasonal factor × 1.10, never below the active subscriptions' monthly cost × 1.10; with no spend and no subscription, 0 (blocked).",
            "The seasonal factor is at least 1.0. With 13 months of history it is learned from your own same-time-last-year ratio (shrunk toward 1); otherwise calendar priors: months with 설날 or 추석, May, November and December.",
            "Tiers: 0 won ★★★★★, up to 50,000 ★★★★☆, up to 100,000 ★★★☆☆, above 100,000 ★★☆☆☆ (manage the risk).",
            "Alerts look for gift cards and transit top-ups at night (00:00–05:59), bursts, duplicates, large first payments at a new merchant, spikes and a maxed-out limit.",
        ],
    }
    .into_iter()
    .map(String::from)
    .collect();
    s
}
