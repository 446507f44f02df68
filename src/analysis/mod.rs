//! Analysis of a ledger, as of a date: the figures behind the stable JSON of
//! `soaek analyze` (schema `soaek.analysis/1`). Rule numbers in this module and the
//! ones below it are those of docs/RULES.md.

pub mod activity;
pub mod alerts;
pub mod asof;
pub mod calendar;
pub mod categories;
pub mod kind;
pub mod limit;
pub mod lines;
pub mod monthly;
pub mod season;
pub mod subscriptions;

use crate::coverage::{Coverage, MonthRange};
use crate::intake::ImportSummary;
use crate::ledger::{netting, Entry, Ledger};
use crate::month::{Month, MonthOf};
use anyhow::Result;
use asof::AsOf;
use categories::{CategoryMonth, MerchantTotal};
use chrono::NaiveDate;
use foldhash::HashSet;
use kind::SpendKind;
use limit::LimitOptions;
use monthly::MonthFigures;
use soaek_merchants::{Categorizer, Category, MatchedBy};

pub const SCHEMA: &str = "soaek.analysis/1";

/// Everything `soaek analyze` finds: facts and figures, no words (see `report::json`
/// for the JSON and `words` for the sentences).
#[derive(Debug, Clone)]
pub struct Analysis {
    pub schema: &'static str,
    pub as_of: NaiveDate,
    /// Set when a stale export moved the as-of date (rule 9): the day it would have been.
    pub as_of_moved_from: Option<NaiveDate>,
    pub import: ImportSummary,
    pub months: Vec<MonthFigures>,
    pub categories: Vec<CategoryMonth>,
    pub merchants: Vec<MerchantTotal>,
    /// Unknown merchants that fell to `other`, largest spend first: the ones to write rules for.
    pub uncategorized: Vec<MerchantTotal>,
    pub subscriptions: Vec<subscriptions::Subscription>,
    /// The clean-up view of the active subscriptions.
    pub subscription_summary: subscriptions::Summary,
    /// `None` when none of the three months before the as-of month is covered by a
    /// statement: see `statements_needed`.
    pub recommendation: Option<limit::Recommendation>,
    /// Months of the three before the as-of month that no statement covers: the
    /// statements to add for a full three-month average.
    pub statements_needed: Vec<MonthRange>,
    /// This month against the current limit, when one is known.
    pub limit_status: Option<limit::LimitStatus>,
    /// Suspicious payments, newest first.
    pub alerts: Vec<alerts::Alert>,
    /// The as-of month day by day and the weekday × hour pattern, for the charts.
    pub activity: activity::Activity,
    /// The monthly figures of each cap, 휴대폰 소액결제 then 콘텐츠이용료 (the same
    /// months as `months`), for the charts.
    pub months_by_kind: [Vec<MonthFigures>; 2],
    /// Each cap's projected month end, for the charts.
    pub cap_projections: [i64; 2],
    /// The line analyzed, when the data holds one line (its name and child mark).
    pub line: Option<crate::lines::LineGroup>,
    /// Each line analyzed alone, when the data holds more than one (rule 12); the
    /// figures above are then the household's total.
    pub lines: Vec<lines::LineAnalysis>,
}

/// Analyze `ledger`. `as_of` is `--as-of` when given; `today` is today in KST.
pub fn analyze(
    ledger: &Ledger,
    mut import: ImportSummary,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
    categorizer: &Categorizer,
    limits: &LimitOptions,
) -> Result<Analysis> {
    let entries = ledger.entries();
    let groups = lines::groups(entries, &import);
    // One line marked a child's keeps to the safer tiers (rule 12).
    let child_limits;
    let limits = match groups.as_slice() {
        [one] if one.child && !limits.child => {
            child_limits = LimitOptions {
                child: true,
                ..limits.clone()
            };
            &child_limits
        }
        _ => limits,
    };
    // The months the statements cover; every payment's month is among them (a ledger or
    // a caller without a recorded coverage spans its payments).
    let mut coverage = import.coverage();
    if coverage.is_empty() {
        coverage = Coverage::of_dates(entries.iter().map(|e| e.tx.date()));
    } else {
        // The payments outside it, found on both cores, then added in order.
        use rayon::prelude::*;
        let outside: Vec<NaiveDate> = entries
            .par_iter()
            .map_init(MonthOf::default, |months, e| {
                let d = e.tx.date();
                (!coverage.covers(months.of(d))).then_some(d)
            })
            .flatten()
            .collect();
        for d in outside {
            let m = Month::of(d);
            if !coverage.covers(m) {
                coverage.add(MonthRange { from: m, to: m }, d);
            }
        }
    }
    import.set_coverage(&coverage);
    // The ledger is in time order: the newest payment is the last that is no
    // cancellation.
    let newest = entries
        .iter()
        .rev()
        .find(|e| !e.tx.status().is_cancellation())
        .map(|e| e.tx.at());
    let as_of: AsOf = asof::resolve(as_of, today, newest);
    // Stages that need only what is already known run side by side, one core each:
    // netting with classifying, polars' tables with the subscription search, then the
    // alerts (which leave out subscription charges) with the limit.
    let (matches, who) = rayon::join(
        || crate::timing::side("netting", || netting::match_cancellations(entries)),
        || crate::timing::side("classify", || categories::classify(entries, categorizer)),
    );
    crate::timing::mark("netting, classify");
    import.transactions = entries.len();
    import.cancellations_matched = matches.matched();
    let content: Vec<bool> = {
        use rayon::prelude::*;
        (0..entries.len())
            .into_par_iter()
            .map(|i| who.is_content(entries, i))
            .collect()
    };
    // polars' one grouping of the ledger first (on both cores), which the monthly
    // figures and the category and merchant tables are all summed from, then the
    // subscription search, one merchant per core: side by side they stole each other's
    // work and each waited.
    let tables = crate::timing::side("monthly, categories", || {
        monthly::groups(entries, &matches, &content, &who.of)
    })
    .map(|groups| {
        (
            monthly::figures(&groups, &coverage),
            categories::tables(&groups, &who),
        )
    });
    let subs = crate::timing::side("subscriptions", || {
        subscriptions::find(entries, &matches, &who, as_of.date, &coverage)
    });
    // The search's candidates are freed: their pages go back before the alerts' peak.
    crate::memory::give_back();
    let (by_kind, (by_category, merchants)) = tables?;
    let subscription_summary = subscriptions::summary(&subs, as_of.date);
    crate::timing::mark("monthly, categories | subscriptions");
    let ctx = alerts::Context {
        subs: &subs,
        limits: [limits.current_limit, limits.content_limit],
        as_of: as_of.date,
        months: &by_kind.all,
        child: limits.child,
    };
    let mut alerts = alerts::find(entries, &matches, &who, &ctx);
    name_lines(&mut alerts, &groups);
    crate::timing::mark("alerts");
    // The seasonal factor learns from usual spending: high alerts' payments left out.
    let mut season_months = by_kind.all.clone();
    let mut left_out: Vec<(Month, i64)> = Vec::new();
    for x in alerts
        .iter()
        .filter(|x| x.severity == alerts::Severity::High && !x.cancelled)
    {
        if let Some(f) = season_months
            .iter_mut()
            .find(|f| f.month == Month::of(x.at.date()))
        {
            f.net -= x.amount;
            left_out.push((f.month, x.amount));
        }
    }
    // The as-of month's entries, found once for the limit figures and the daily spend.
    let month_entries: Vec<usize> = this_months_entries(entries, &matches, as_of.month()).collect();
    let (recommendation, limit_status, projection, cap_projections) = limit_figures(
        entries,
        &month_entries,
        &matches,
        &content,
        &by_kind,
        (&season_months, &left_out),
        &subs,
        &as_of,
        &coverage,
        limits,
    )?;
    crate::timing::mark("limit");
    let statements_needed = coverage.missing_in(monthly::last_three(as_of.month()));
    let activity = activity::activity(
        entries,
        &month_entries,
        &matches,
        &content,
        as_of.date,
        projection.projected,
    );
    crate::timing::mark("activity");
    // Merchants nobody knows (no rule, no dictionary entry), left in `other`.
    let unknown: std::collections::HashSet<&str> = who
        .merchants
        .iter()
        .filter(|m| m.matched_by == MatchedBy::Unknown && m.category == Category::Other)
        .map(|m| m.name.as_str())
        .collect();
    let uncategorized = merchants
        .iter()
        .filter(|m| unknown.contains(m.merchant.as_str()))
        .cloned()
        .collect();
    let (line, lines) = if groups.len() > 1 {
        let each = lines::each(
            ledger,
            &import,
            &groups,
            as_of.date,
            today,
            categorizer,
            limits,
        )?;
        crate::timing::mark("lines");
        (None, each)
    } else {
        (groups.into_iter().next(), Vec::new())
    };
    Ok(Analysis {
        schema: SCHEMA,
        as_of: as_of.date,
        as_of_moved_from: as_of.moved_from,
        import,
        months: by_kind.all,
        categories: by_category,
        merchants,
        uncategorized,
        subscriptions: subs,
        subscription_summary,
        recommendation,
        statements_needed,
        limit_status,
        alerts,
        activity,
        months_by_kind: [by_kind.micro, by_kind.content],
        cap_projections,
        line,
        lines,
    })
}

/// In a household, each alert names the line that paid by the line's name; with one
/// line, none does.
fn name_lines(alerts: &mut [alerts::Alert], groups: &[crate::lines::LineGroup]) {
    let name: foldhash::HashMap<&str, String> = groups
        .iter()
        .flat_map(|g| {
            let shown = g.name.clone().unwrap_or_else(|| "-".to_string());
            g.ids.iter().map(move |id| (id.as_str(), shown.clone()))
        })
        .collect();
    for x in alerts {
        let id = x.line.take();
        if groups.len() > 1 {
            x.line = name
                .get(id.as_deref().unwrap_or(crate::lines::UNNAMED))
                .cloned();
        }
    }
}

/// What [`limit_figures`] finds: the recommendation, this month's limit status, the
/// month-end projection of all spend and of each cap.
type LimitFigures = (
    Option<limit::Recommendation>,
    Option<limit::LimitStatus>,
    limit::Projection,
    [i64; 2],
);

/// The entries that may count in `month`, in ledger order: those from its first day on
/// (the ledger is in time order), and the earlier cancellations matched to one of them.
/// Every other entry counts in an earlier month.
pub(crate) fn this_months_entries(
    entries: &[Entry],
    matches: &netting::Matches,
    month: Month,
) -> impl Iterator<Item = usize> {
    let first = month.first_day();
    let start = entries.partition_point(|e| e.tx.date() < first);
    let early: Vec<usize> = matches
        .iter()
        .take(start)
        .enumerate()
        .filter(|&(_, a)| a.is_some_and(|a| a >= start))
        .map(|(i, _)| i)
        .collect();
    early.into_iter().chain(start..entries.len())
}

/// The recommendation (combined and per kind), this month's limit status and its
/// month-end projection.
#[allow(clippy::too_many_arguments)]
fn limit_figures(
    entries: &[Entry],
    month_entries: &[usize],
    matches: &netting::Matches,
    content: &[bool],
    months: &monthly::ByKind,
    (season_months, left_out_of_season): (&[MonthFigures], &[(Month, i64)]),
    subs: &[subscriptions::Subscription],
    as_of: &AsOf,
    coverage: &Coverage,
    limits: &LimitOptions,
) -> Result<LimitFigures> {
    // The as-of month up to the as-of date: all, per kind, and charged by subscriptions.
    let this_month = as_of.month();
    let sub_entries: HashSet<usize> = subs
        .iter()
        .flat_map(|s| s.entries.iter().copied())
        .collect();
    let (mut used, mut used_content, mut used_subs, mut used_subs_content) =
        (0i64, 0i64, 0i64, 0i64);
    for &i in month_entries {
        let (e, m) = (&entries[i], matches.get(i));
        let at = netting::spend_time(entries, matches, i);
        if e.tx.date() > as_of.date || Month::of(at.date()) != this_month {
            continue;
        }
        let signed = e.tx.signed_amount();
        used += signed;
        if content[i] {
            used_content += signed;
        }
        if sub_entries.contains(&m.unwrap_or(i)) {
            used_subs += signed;
            if content[i] {
                used_subs_content += signed;
            }
        }
    }
    let kinds = [
        limit::KindMonths {
            kind: SpendKind::Micropayment,
            months: &months.micro,
            used: used - used_content,
        },
        limit::KindMonths {
            kind: SpendKind::Content,
            months: &months.content,
            used: used_content,
        },
    ];
    let input = limit::Inputs {
        months: &months.all,
        season_months,
        left_out_of_season,
        kinds: &kinds,
        subs,
        coverage,
    };
    let rec = limit::recommend(&input, this_month, limits);
    let projection = limit::projection(as_of.date, used, used_subs, subs);
    // Each cap's projection counts only its own subscriptions.
    let (micro_subs, content_subs): (Vec<_>, Vec<_>) =
        subs.iter().cloned().partition(|s| !s.content);
    let caps = [
        limit::CapMonth {
            kind: SpendKind::Micropayment,
            limit: limits.current_limit,
            used: used - used_content,
            projection: limit::projection(
                as_of.date,
                used - used_content,
                used_subs - used_subs_content,
                &micro_subs,
            ),
        },
        limit::CapMonth {
            kind: SpendKind::Content,
            limit: limits.content_limit,
            used: used_content,
            projection: limit::projection(
                as_of.date,
                used_content,
                used_subs_content,
                &content_subs,
            ),
        },
    ];
    let status = limit::status(as_of.date, &caps, (used, projection), limits);
    let cap_projections = caps.map(|c| c.projection.projected);
    Ok((rec, status, projection, cap_projections))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::dedup::keys_for_file;
    use soaek_import::{Status, Transaction};

    /// The analysis of `ledger` as of `d` (today too), default rules and limits.
    fn analyze_at(ledger: &Ledger, d: NaiveDate) -> Analysis {
        analyze(
            ledger,
            ImportSummary::default(),
            Some(d),
            d,
            &Categorizer::default(),
            &LimitOptions::default(),
        )
        .unwrap()
    }

    /// A month's entries are every entry that counts in it: its own payments and later
    /// cancellations of them, and a cancellation dated before the payment it names
    /// (an odd statement), but no other earlier entry.
    #[test]
    fn a_months_entries_are_all_that_count_in_it() {
        let at = |m: u32, d: u32| {
            NaiveDate::from_ymd_opt(2025, m, d)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap()
        };
        let pay = |at, no: &str, status| {
            let mut t = Transaction::new(at, "넷플릭스", 13_500, status);
            t.approval_no = Some(no.into());
            t
        };
        let ledger = Ledger::from_entries(keys_for_file(vec![
            pay(at(4, 20), "1", Status::Approved),
            pay(at(5, 2), "1", Status::Cancelled),
            pay(at(4, 28), "2", Status::Cancelled),
            pay(at(5, 3), "2", Status::Approved),
            pay(at(5, 9), "3", Status::Approved),
            pay(at(6, 1), "3", Status::Cancelled),
        ]));
        let entries = ledger.entries();
        let matches = crate::ledger::netting::match_cancellations(entries);
        let may = Month::parse("2025-05").unwrap();
        let counting: Vec<usize> = (0..entries.len())
            .filter(|&i| Month::of(netting::spend_time(entries, &matches, i).date()) == may)
            .collect();
        let given: Vec<usize> = this_months_entries(entries, &matches, may).collect();
        assert!(
            counting.iter().all(|i| given.contains(i)),
            "{counting:?} {given:?}"
        );
        // The April cancellation of May's payment, then everything from May on (the
        // cancellation of April's payment among them: it counts in April).
        assert_eq!(given, [1, 2, 3, 4, 5]);
        assert_eq!(counting, [1, 3, 4, 5]);
    }

    fn tx(merchant: &str, amount: i64) -> Transaction {
        let at = NaiveDate::from_ymd_opt(2025, 5, 11)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap();
        Transaction::new(at, merchant, amount, Status::Approved)
    }

    #[test]
    fn avg3_with_an_empty_month_and_a_cross_month_cancellation() {
        let at = |y, m, d| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(20, 0, 0)
                .unwrap()
        };
        let mut bought = Transaction::new(at(2025, 11, 30), "11번가", 50_000, Status::Approved);
        bought.approval_no = Some("A1".into());
        let mut back = Transaction::new(at(2025, 12, 2), "11번가", 50_000, Status::Cancelled);
        back.approval_no = Some("A1".into());
        let ledger = Ledger::from_entries(keys_for_file(vec![
            Transaction::new(at(2025, 9, 5), "쿠팡", 100_000, Status::Approved),
            // October: nothing.
            Transaction::new(at(2025, 11, 3), "쿠팡", 30_001, Status::Approved),
            bought,
            back,
        ]));
        let a = analyze_at(&ledger, NaiveDate::from_ymd_opt(2025, 12, 10).unwrap());
        let r = a.recommendation.as_ref().unwrap();
        // (100,000 + 0 + (80,001 − 50,000)) / 3 = 43,333.67 → 43,334
        assert_eq!(r.three_month_average, 43_334);
        assert_eq!(
            r.months_used
                .iter()
                .map(|m| m.to_string())
                .collect::<Vec<_>>(),
            ["2025-09", "2025-10", "2025-11"]
        );
        // December (연말 prior 1.20): 43,334 × 1.2 × 1.1 = 57,200.88 → 100,000
        assert_eq!(r.seasonal_factor.to_string(), "1.20");
        assert_eq!(r.recommended_limit, 100_000);
        assert_eq!(r.tier, limit::Tier::Standard);
        // The December cancellation belongs to November: nothing used in December.
        assert_eq!(r.by_kind[0].used + r.by_kind[1].used, 0);
    }

    #[test]
    fn seasonal_learning_follows_seollal_from_january_to_february() {
        // 100,000 a month from September 2024, but 300,000 in January 2025 (설날 was
        // 28–30 January 2025). 설날 2026 is 16–18 February.
        let mut txs = Vec::new();
        for i in 0..17 {
            let m = Month::parse("2024-09").unwrap().plus(i);
            let amount = if m.to_string() == "2025-01" {
                300_000
            } else {
                100_000
            };
            let at = m.first_day().and_hms_opt(12, 0, 0).unwrap();
            txs.push(Transaction::new(at, "쿠팡", amount, Status::Approved));
        }
        let ledger = Ledger::from_entries(keys_for_file(txs));
        let factor_on = |day: &str| {
            let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            let a = analyze_at(&ledger, d);
            (
                a.recommendation
                    .as_ref()
                    .unwrap()
                    .seasonal_factor
                    .to_string(),
                a.recommendation.as_ref().unwrap().reasons[1].clone(),
            )
        };
        // February 2026 learns from January 2025: ratio 3.0, shrunk to 2.00.
        let (feb, why) = factor_on("2026-02-05");
        assert_eq!(feb, "2.00", "{why:?}");
        assert!(
            matches!(&why, limit::Reason::Season { factor, .. }
                if matches!(factor.why, season::Why::Learned { from, .. } if from.to_string() == "2025-01")),
            "{why:?}"
        );
        // January 2026 holds no 설날 and does not inherit last January's spike.
        let (jan, why) = factor_on("2026-01-05");
        assert_eq!(jan, "1.00", "{why:?}");
    }

    #[test]
    fn suspicious_payments_do_not_teach_the_season() {
        // 100,000 a month from September 2024; in December 2024 also five night-time
        // gift-card purchases of 20,000 within minutes (the smishing pattern).
        let mut txs = Vec::new();
        for i in 0..16 {
            let m = Month::parse("2024-09").unwrap().plus(i);
            let at = m.first_day().and_hms_opt(12, 0, 0).unwrap();
            txs.push(Transaction::new(at, "쿠팡", 100_000, Status::Approved));
        }
        for k in 0..5 {
            let at = NaiveDate::from_ymd_opt(2024, 12, 14)
                .unwrap()
                .and_hms_opt(3, 10 + k, 0)
                .unwrap();
            let mut t = Transaction::new(at, "컬쳐랜드", 20_000, Status::Approved);
            t.approval_no = Some(format!("G{k}").into());
            txs.push(t);
        }
        let ledger = Ledger::from_entries(keys_for_file(txs));
        let a = analyze_at(&ledger, NaiveDate::from_ymd_opt(2025, 12, 5).unwrap());
        let high: i64 = a
            .alerts
            .iter()
            .filter(|x| x.severity == alerts::Severity::High)
            .map(|x| x.amount)
            .sum();
        assert_eq!(high, 100_000, "{:?}", a.alerts);
        let r = a.recommendation.unwrap();
        // December 2024 without the burst is an ordinary month: nothing to add. With it
        // (200,000 against 100,000) the learned factor would have been 1.50.
        assert_eq!(r.seasonal_factor.to_string(), "1.00", "{:?}", r.reasons);
        assert!(
            matches!(
                &r.reasons[1],
                limit::Reason::Season {
                    left_out: 100_000,
                    ..
                }
            ),
            "{:?}",
            r.reasons[1]
        );
    }

    #[test]
    fn only_unknown_merchants_are_uncategorized() {
        let ledger = Ledger::from_entries(keys_for_file(vec![
            tx("GS25 역삼점", 3000),
            tx("동네 꽃집", 20000),
            tx("COUPANG", 9900),
        ]));
        let today = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
        let a = analyze(
            &ledger,
            ImportSummary::default(),
            None,
            today,
            &Categorizer::default(),
            &LimitOptions::default(),
        )
        .unwrap();
        let names: Vec<(&str, Category, i64)> = a
            .merchants
            .iter()
            .map(|m| (m.merchant.as_str(), m.category, m.net))
            .collect();
        assert_eq!(
            names,
            [
                ("동네 꽃집", Category::Other, 20000),
                ("쿠팡", Category::Shopping, 9900),
                ("편의점", Category::Other, 3000)
            ]
        );
        assert_eq!(
            a.uncategorized
                .iter()
                .map(|m| m.merchant.as_str())
                .collect::<Vec<_>>(),
            ["동네 꽃집"]
        );
        let month = Month::parse("2025-05").unwrap();
        assert_eq!(
            a.categories,
            [
                CategoryMonth {
                    month,
                    category: Category::Shopping,
                    net: 9900
                },
                CategoryMonth {
                    month,
                    category: Category::Other,
                    net: 23000
                },
            ]
        );
    }
}
