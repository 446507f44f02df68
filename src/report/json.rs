//! Machine-readable output: the analysis JSON (schema `soaek.analysis/1`, docs/RULES.md
//! "Stable JSON"), and ledger rows as JSON or CSV.
//!
//! The analysis holds facts; the few fields of the JSON that are sentences (`reasons`,
//! `reason`, `actions`, `warnings`) are said by [`crate::words`] in the language asked
//! for. The view types below are the JSON's shape: field order is the schema's.

use crate::analysis::alerts::{Alert, Kind, Severity};
use crate::analysis::kind::SpendKind;
use crate::analysis::limit::{CapStatus, KindRecommendation, LimitStatus, Recommendation, Tier};
use crate::analysis::{activity, categories, monthly, subscriptions, Analysis};
use crate::coverage::MonthRange;
use crate::i18n::Lang;
use crate::intake::ImportSummary;
use crate::ledger::Entry;
use crate::month::Month;
use crate::words;
use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::value::RawValue;
use std::hash::BuildHasher;

pub fn analysis(a: &Analysis, lang: Lang) -> Result<String> {
    Ok(serde_json::to_string_pretty(&AnalysisJson::new(a, lang))?)
}

/// [`analysis`] written straight to `out` (a large ledger's JSON is not held whole).
pub fn write_analysis(a: &Analysis, lang: Lang, out: impl std::io::Write) -> Result<()> {
    write_analysis_from(a, lang, out, PARALLEL_ALERTS)
}

/// Lists of at least this many alerts (two batches) are written on both cores:
/// a dense 100k-row statement's 8,490 alerts took 7 ms on one core, 4 ms on two, and
/// 3.7 ms with each batch written while the next is worded (BENCHMARKS.md, eleventh run).
const PARALLEL_ALERTS: usize = 2_048;
/// Alerts worded at once: a batch is written while the next is worded, so two are held
/// at a time (about 1.4 MB of JSON; twice as many raised a dense 100k-row statement's
/// peak by 0.8 MB, and were no faster at 1M rows: BENCHMARKS.md, fifteenth run).
const ALERTS_AT_ONCE: usize = 1_024;
/// Alerts a job words (a batch is worded in pieces, on all cores).
const ALERTS_A_PIECE: usize = 256;

/// [`write_analysis`], with lists of `parallel_from` alerts or more worded and written on
/// both cores: the document is made with a placeholder for each such list (a string no
/// statement can hold: it carries a number drawn for this run), and each placeholder is
/// replaced by its list, written exactly as serde_json's pretty printer writes it.
fn write_analysis_from(
    a: &Analysis,
    lang: Lang,
    mut out: impl std::io::Write,
    parallel_from: usize,
) -> Result<()> {
    let lists: Vec<&[Alert]> = std::iter::once(&a.alerts[..])
        .chain(a.lines.iter().map(|l| &l.analysis.alerts[..]))
        .collect();
    let mut doc = AnalysisJson::new(a, lang);
    if lists.iter().all(|l| l.len() < parallel_from) {
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(out.flush()?);
    }
    // 128 bits no statement can foresee: std's hash keys come from the system's randomness.
    let keys = std::hash::RandomState::new();
    let nonce = format!(
        "{:016x}{:016x}",
        keys.hash_one((std::process::id(), 0u8)),
        keys.hash_one((std::ptr::from_ref(&doc) as usize, 1u8))
    );
    let marker = |k: usize| format!("\u{1}soaek {nonce} alerts {k}\u{1}");
    let big = |k: usize| (lists[k].len() >= parallel_from).then(|| marker(k));
    doc.alerts.placeholder = big(0);
    for (k, line) in doc.lines.iter_mut().enumerate() {
        line.alerts.placeholder = big(k + 1);
    }
    let text = serde_json::to_vec_pretty(&doc)?;
    let mut rest = &text[..];
    for (k, list) in lists.iter().enumerate().filter(|(k, _)| big(*k).is_some()) {
        let quoted = serde_json::to_vec(&marker(k))?;
        let at = memchr::memmem::find(rest, &quoted)
            .ok_or_else(|| anyhow::anyhow!("the alerts' placeholder is missing"))?;
        // The field's own indentation: its line's leading spaces.
        let line_start = rest[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1);
        let indent = rest[line_start..at]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        out.write_all(&rest[..at])?;
        write_alerts(list, lang, indent, &mut out)?;
        rest = &rest[at + quoted.len()..];
    }
    out.write_all(rest)?;
    writeln!(out)?;
    Ok(out.flush()?)
}

/// `list` as serde_json's pretty printer writes an array whose field's line is indented
/// by `indent` spaces; each batch of alerts worded and written on both cores.
fn write_alerts(
    list: &[Alert],
    lang: Lang,
    indent: usize,
    out: &mut impl std::io::Write,
) -> Result<()> {
    use rayon::prelude::*;
    if list.is_empty() {
        out.write_all(b"[]")?;
        return Ok(());
    }
    use serde_json::ser::{Formatter, PrettyFormatter};
    // The pretty printer as it stands `levels` deep (two spaces each), so what it writes
    // is indented as it would be there.
    let at_level = |levels: usize| -> serde_json::Result<PrettyFormatter<'static>> {
        let mut f = PrettyFormatter::new();
        for _ in 0..levels {
            f.begin_array(&mut std::io::sink())
                .map_err(serde_json::Error::io)?;
        }
        Ok(f)
    };
    // Each alert is written inside the array; its fields one level deeper. The actions
    // depend on the severity only: each list is written once, as it stands in an alert.
    let alert_level = (indent + 2) / 2;
    let written = |s: Severity| -> serde_json::Result<Box<RawValue>> {
        let mut buf = Vec::new();
        let at = at_level(alert_level + 1)?;
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, at);
        words::alerts::actions(s, lang).serialize(&mut ser)?;
        RawValue::from_string(String::from_utf8(buf).map_err(serde::ser::Error::custom)?)
    };
    let (low, medium, high) = (
        written(Severity::Low)?,
        written(Severity::Medium)?,
        written(Severity::High)?,
    );
    let inner = format!("\n{}", " ".repeat(indent + 2));
    let render = |(n, chunk): (usize, &[Alert])| -> serde_json::Result<Vec<u8>> {
        let mut buf = Vec::new();
        for (j, x) in chunk.iter().enumerate() {
            if n + j > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(inner.as_bytes());
            let at = at_level(alert_level)?;
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, at);
            let actions = match x.severity {
                Severity::Low => &low,
                Severity::Medium => &medium,
                Severity::High => &high,
            };
            AlertJson::with_actions(x, lang, Actions::Written(actions)).serialize(&mut ser)?;
        }
        Ok(buf)
    };
    let render_batch = |(b, batch): (usize, &[Alert])| -> serde_json::Result<Vec<Vec<u8>>> {
        batch
            .par_chunks(ALERTS_A_PIECE)
            .enumerate()
            .map(|(c, chunk)| (b * ALERTS_AT_ONCE + c * ALERTS_A_PIECE, chunk))
            .map(render)
            .collect()
    };
    out.write_all(b"[")?;
    let mut batches = list.chunks(ALERTS_AT_ONCE).enumerate();
    let mut parts = batches.next().map(render_batch).transpose()?;
    // Each batch is written while the next is worded, on the other cores.
    while let Some(these) = parts.take() {
        let mut next = None;
        let written = rayon::in_place_scope(|scope| {
            if let Some(batch) = batches.next() {
                let next = &mut next;
                scope.spawn(move |_| *next = Some(render_batch(batch)));
            }
            these.iter().try_for_each(|part| out.write_all(part))
        });
        written?;
        parts = next.transpose()?;
    }
    write!(out, "\n{}]", " ".repeat(indent))?;
    Ok(())
}

#[derive(Serialize)]
struct AnalysisJson<'a> {
    schema: &'static str,
    as_of: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of_moved_from: Option<NaiveDate>,
    import: &'a ImportSummary,
    months: &'a [monthly::MonthFigures],
    categories: &'a [categories::CategoryMonth],
    merchants: &'a [categories::MerchantTotal],
    uncategorized: &'a [categories::MerchantTotal],
    subscriptions: &'a [subscriptions::Subscription],
    subscription_summary: &'a subscriptions::Summary,
    recommendation: Option<RecommendationJson<'a>>,
    statements_needed: &'a [MonthRange],
    limit_status: Option<LimitStatusJson<'a>>,
    alerts: Alerts<'a>,
    activity: &'a activity::Activity,
    /// The line's name when the data is one named line (`--line`, rule 12).
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<&'a str>,
    /// Each line alone, when the data holds more than one (rule 12).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lines: Vec<LineJson<'a>>,
}

/// One line of a household (docs/RULES.md rule 12), from its own payments alone.
#[derive(Serialize)]
struct LineJson<'a> {
    /// Its name (the label, else the masked number or the name given at import);
    /// `null` for the payments no statement or import named.
    line: Option<&'a str>,
    /// The masked numbers its statements show.
    numbers: Vec<&'a str>,
    child: bool,
    coverage: &'a [MonthRange],
    months: &'a [monthly::MonthFigures],
    merchants: &'a [categories::MerchantTotal],
    subscriptions: &'a [subscriptions::Subscription],
    recommendation: Option<RecommendationJson<'a>>,
    statements_needed: &'a [MonthRange],
    alerts: Alerts<'a>,
}

impl<'a> LineJson<'a> {
    fn new(l: &'a crate::analysis::lines::LineAnalysis, lang: Lang) -> LineJson<'a> {
        let a = &l.analysis;
        LineJson {
            line: l.group.name.as_deref(),
            numbers: l.group.numbers().collect(),
            child: l.group.child,
            coverage: &a.import.coverage,
            months: &a.months,
            merchants: &a.merchants,
            subscriptions: &a.subscriptions,
            recommendation: a
                .recommendation
                .as_ref()
                .map(|r| RecommendationJson::new(r, lang)),
            statements_needed: &a.statements_needed,
            alerts: Alerts::new(&a.alerts, lang),
        }
    }
}

impl<'a> AnalysisJson<'a> {
    fn new(a: &'a Analysis, lang: Lang) -> AnalysisJson<'a> {
        AnalysisJson {
            schema: a.schema,
            as_of: a.as_of,
            as_of_moved_from: a.as_of_moved_from,
            import: &a.import,
            months: &a.months,
            categories: &a.categories,
            merchants: &a.merchants,
            uncategorized: &a.uncategorized,
            subscriptions: &a.subscriptions,
            subscription_summary: &a.subscription_summary,
            recommendation: a
                .recommendation
                .as_ref()
                .map(|r| RecommendationJson::new(r, lang)),
            statements_needed: &a.statements_needed,
            limit_status: a
                .limit_status
                .as_ref()
                .map(|s| LimitStatusJson::new(s, lang)),
            alerts: Alerts::new(&a.alerts, lang),
            activity: &a.activity,
            line: a.line.as_ref().and_then(|g| g.name.as_deref()),
            lines: a.lines.iter().map(|l| LineJson::new(l, lang)).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct RecommendationJson<'a> {
    months_used: &'a [Month],
    three_month_average: i64,
    target_month: Month,
    #[serde(with = "rust_decimal::serde::float")]
    seasonal_factor: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    need: Decimal,
    subscriptions_monthly: i64,
    recommended_limit: i64,
    tier: Tier,
    stars: &'static str,
    base_limit: i64,
    budget: Option<i64>,
    limited_by_budget: bool,
    reasons: Vec<String>,
    adjustments: Vec<AdjustmentJson>,
    by_kind: &'a [KindRecommendation],
}

impl<'a> RecommendationJson<'a> {
    pub fn new(r: &'a Recommendation, lang: Lang) -> RecommendationJson<'a> {
        RecommendationJson {
            months_used: &r.months_used,
            three_month_average: r.three_month_average,
            target_month: r.target_month,
            seasonal_factor: r.seasonal_factor,
            need: r.need,
            subscriptions_monthly: r.subscriptions_monthly,
            recommended_limit: r.recommended_limit,
            tier: r.tier,
            stars: r.tier.stars(),
            base_limit: r.base_limit,
            budget: r.budget,
            limited_by_budget: r.limited_by_budget,
            reasons: words::limit::reasons(r, lang),
            adjustments: r
                .adjustments
                .iter()
                .map(|a| AdjustmentJson {
                    month: a.month,
                    factor: a.factor.factor,
                    limit: a.limit,
                    reason: words::season::why(&a.factor, lang),
                    revert_to: a.revert_to,
                })
                .collect(),
            by_kind: &r.by_kind,
        }
    }
}

#[derive(Serialize)]
struct AdjustmentJson {
    month: Month,
    #[serde(with = "rust_decimal::serde::float")]
    factor: Decimal,
    limit: i64,
    reason: String,
    revert_to: Option<Month>,
}

#[derive(Serialize)]
pub struct LimitStatusJson<'a> {
    kind: SpendKind,
    month: Month,
    current_limit: i64,
    used: i64,
    remaining: i64,
    resets_on: NaiveDate,
    projected_month_end: i64,
    subscriptions_due: i64,
    projected_over_limit: bool,
    by_kind: &'a [CapStatus],
    budget: Option<i64>,
    budget_remaining: Option<i64>,
    warnings: Vec<String>,
}

impl<'a> LimitStatusJson<'a> {
    pub fn new(s: &'a LimitStatus, lang: Lang) -> LimitStatusJson<'a> {
        LimitStatusJson {
            kind: s.kind,
            month: s.month,
            current_limit: s.current_limit,
            used: s.used,
            remaining: s.remaining,
            resets_on: s.resets_on,
            projected_month_end: s.projected_month_end,
            subscriptions_due: s.subscriptions_due,
            projected_over_limit: s.projected_over_limit,
            by_kind: &s.by_kind,
            budget: s.budget,
            budget_remaining: s.budget_remaining,
            warnings: s
                .warnings
                .iter()
                .map(|w| words::limit::warning(w, lang))
                .collect(),
        }
    }
}

/// The alerts, each worded as it is written out: a dense statement's tens of thousands
/// of reasons are never all held at once.
struct Alerts<'a> {
    list: &'a [Alert],
    lang: Lang,
    /// Written instead of the list, which [`write_analysis_from`] puts in its place.
    placeholder: Option<String>,
}

impl<'a> Alerts<'a> {
    fn new(list: &'a [Alert], lang: Lang) -> Self {
        Alerts {
            list,
            lang,
            placeholder: None,
        }
    }
}

impl Serialize for Alerts<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.placeholder {
            Some(p) => s.serialize_str(p),
            None => s.collect_seq(self.list.iter().map(|x| AlertJson::new(x, self.lang))),
        }
    }
}

#[derive(Serialize)]
pub struct AlertJson<'a> {
    #[serde(serialize_with = "kst")]
    at: NaiveDateTime,
    merchant: &'a str,
    amount: i64,
    kinds: &'a [Kind],
    severity: Severity,
    reason: String,
    actions: Actions<'a>,
    approval_no: Option<&'a str>,
    cancelled: bool,
    /// The line that paid, when the data holds several (rule 12).
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<&'a str>,
}

impl<'a> AlertJson<'a> {
    pub fn new(x: &'a Alert, lang: Lang) -> AlertJson<'a> {
        let actions = Actions::Worded(words::alerts::actions(x.severity, lang));
        AlertJson::with_actions(x, lang, actions)
    }

    fn with_actions(x: &'a Alert, lang: Lang, actions: Actions<'a>) -> AlertJson<'a> {
        AlertJson {
            at: x.at,
            merchant: &x.merchant,
            amount: x.amount,
            kinds: &x.kinds,
            severity: x.severity,
            reason: words::alerts::reason(x, lang),
            actions,
            approval_no: x.approval_no.as_deref(),
            cancelled: x.cancelled,
            line: x.line.as_deref(),
        }
    }
}

/// An alert's `actions`: worded for it, or the list of its severity already written as
/// the pretty printer writes it where it stands ([`write_alerts`]).
enum Actions<'a> {
    Worded(Vec<&'static str>),
    Written(&'a RawValue),
}

impl Serialize for Actions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Actions::Worded(list) => list.serialize(s),
            Actions::Written(raw) => raw.serialize(s),
        }
    }
}

/// A local KST time as `YYYY-MM-DDTHH:MM:SS`.
fn kst<S: serde::Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    use chrono::{Datelike, Timelike};
    // Written digit by digit (the alerts of a dense statement have hundreds of
    // thousands); a year of other than four digits, or a leap second, as chrono does.
    let (d, t) = (at.date(), at.time());
    if !(0..=9999).contains(&d.year()) || t.nanosecond() >= 1_000_000_000 {
        return s.collect_str(&at.format("%Y-%m-%dT%H:%M:%S"));
    }
    let mut b = *b"0000-00-00T00:00:00";
    for (at, n, width) in [
        (0, d.year() as u32, 4),
        (5, d.month(), 2),
        (8, d.day(), 2),
        (11, t.hour(), 2),
        (14, t.minute(), 2),
        (17, t.second(), 2),
    ] {
        let mut n = n;
        for k in (at..at + width).rev() {
            b[k] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    s.serialize_str(std::str::from_utf8(&b).map_err(serde::ser::Error::custom)?)
}

/// `soaek lines --json`: each line with its payments, net spend and coverage.
pub fn lines_json(rows: &[crate::analysis::lines::LineSummary]) -> Result<String> {
    #[derive(Serialize)]
    struct Row<'a> {
        line: Option<&'a str>,
        ids: &'a [String],
        numbers: Vec<&'a str>,
        child: bool,
        payments: usize,
        net: i64,
        coverage: &'a [MonthRange],
    }
    let rows: Vec<Row<'_>> = rows
        .iter()
        .map(|r| Row {
            line: r.group.name.as_deref(),
            ids: &r.group.ids,
            numbers: r.group.numbers().collect(),
            child: r.group.child,
            payments: r.payments,
            net: r.net,
            coverage: &r.group.coverage.ranges,
        })
        .collect();
    Ok(serde_json::to_string_pretty(&rows)?)
}

/// One ledger row as `soaek list --json` and `--csv` show it.
#[derive(Debug, Serialize)]
pub struct ListedRow<'a> {
    /// Local KST time, `YYYY-MM-DDTHH:MM:SS`.
    pub at: String,
    pub merchant: &'a str,
    pub item: Option<&'a str>,
    pub amount: i64,
    pub status: &'static str,
    pub approval_no: Option<&'a str>,
    pub pay_kind: Option<&'a str>,
    /// The phone line, when the statement or the import named one (rule 12).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<&'a str>,
}

impl<'a> From<&'a Entry> for ListedRow<'a> {
    fn from(e: &'a Entry) -> Self {
        ListedRow {
            at: e.tx.at().format("%Y-%m-%dT%H:%M:%S").to_string(),
            merchant: &e.tx.merchant,
            item: e.tx.item.as_deref(),
            amount: e.tx.amount.0,
            status: e.tx.status().id(),
            approval_no: e.tx.approval_no.as_deref(),
            pay_kind: e.tx.pay_kind(),
            line: e.tx.line(),
        }
    }
}

pub fn rows_json(entries: &[&Entry]) -> Result<String> {
    let rows: Vec<ListedRow<'_>> = entries.iter().map(|e| ListedRow::from(*e)).collect();
    Ok(serde_json::to_string_pretty(&rows)?)
}

/// The rows as CSV, through the one CSV writer (BOM, formulas neutralized).
pub fn rows_csv(entries: &[&Entry]) -> Result<Vec<u8>> {
    use crate::report::export::{write_csv, Cell};
    let rows: Vec<ListedRow<'_>> = entries.iter().map(|e| ListedRow::from(*e)).collect();
    write_csv(
        &[
            "at",
            "merchant",
            "item",
            "amount",
            "status",
            "approval_no",
            "pay_kind",
        ],
        rows.iter().map(|r| {
            vec![
                Cell::Text(&r.at),
                Cell::Text(r.merchant),
                Cell::Text(r.item.unwrap_or_default()),
                Cell::Number(r.amount),
                Cell::Text(r.status),
                Cell::Text(r.approval_no.unwrap_or_default()),
                Cell::Text(r.pay_kind.unwrap_or_default()),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, limit::LimitOptions};
    use crate::ledger::Ledger;
    use soaek_import::{Status, Transaction};
    use soaek_merchants::Categorizer;

    /// A household's night-time gift-card payments on two lines: alerts at the top and
    /// in each line.
    fn household() -> Analysis {
        let mut txs = Vec::new();
        for k in 0..40u32 {
            for (line, merchant) in [("010-****-1111", "컬쳐랜드"), ("010-****-2222", "해피머니")]
            {
                let at = NaiveDate::from_ymd_opt(2025, 5, 1 + k % 28)
                    .unwrap()
                    .and_hms_opt(2, k % 60, 0)
                    .unwrap();
                let amount = 10_000 + 100 * i64::from(k);
                let mut t = Transaction::new(at, merchant, amount, Status::Approved);
                t.set_billing(soaek_import::Billing {
                    line: Some(line.into()),
                    ..Default::default()
                });
                txs.push(t);
            }
        }
        let mut ledger = Ledger::default();
        ledger.merge_files(vec![txs]);
        let day = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        analyze(
            &ledger,
            ImportSummary::default(),
            Some(day),
            day,
            &Categorizer::default(),
            &LimitOptions::default(),
        )
        .unwrap()
    }

    /// The analysis JSON as written with lists of `from` alerts or more on both cores.
    fn written(a: &Analysis, lang: Lang, from: usize) -> String {
        let mut out = Vec::new();
        write_analysis_from(a, lang, &mut out, from).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn alerts_written_on_both_cores_read_as_one_writer_writes_them() {
        let a = household();
        assert_eq!(a.lines.len(), 2);
        assert_eq!(a.alerts.len(), 80);
        assert!(a.lines.iter().all(|l| l.analysis.alerts.len() == 40));
        for lang in [Lang::Ko, Lang::En] {
            let written = |from: usize| written(&a, lang, from);
            let one = written(usize::MAX);
            assert_eq!(one, analysis(&a, lang).unwrap() + "\n");
            // Every list (from 0 or 1 alert on), the top one only (from 41).
            for from in [1, 41, 0] {
                assert_eq!(written(from), one, "{from}");
            }
            assert!(one.contains("\"at\": \"2025-05-01T02:00:00\""));
            assert!(one.contains("\"at\": \"2025-05-28T02:27:00\""));
        }
    }

    /// A list of several batches of several pieces each, of every severity (whose
    /// actions are written once for all), reads as one writer writes it.
    #[test]
    fn many_alerts_written_in_batches_read_as_one_writer_writes_them() {
        let mut a = household();
        let severities = [Severity::Low, Severity::Medium, Severity::High];
        a.alerts = (a.alerts.iter().cycle().take(2 * ALERTS_AT_ONCE + 1_500))
            .zip(severities.iter().cycle())
            .map(|(x, &severity)| Alert {
                severity,
                ..x.clone()
            })
            .collect();
        for lang in [Lang::Ko, Lang::En] {
            let written = |from: usize| written(&a, lang, from);
            let one = written(usize::MAX);
            assert_eq!(one, analysis(&a, lang).unwrap() + "\n");
            assert_eq!(written(PARALLEL_ALERTS), one);
            let json: serde_json::Value = serde_json::from_str(&one).unwrap();
            let alerts = json["alerts"].as_array().unwrap();
            assert_eq!(alerts.len(), 2 * ALERTS_AT_ONCE + 1_500);
            let steps = |k: usize| alerts[k]["actions"].as_array().unwrap().len();
            assert_eq!((steps(0), steps(1), steps(2)), (1, 2, 4));
        }
    }
}
