//! The monthly-limit recommendation (docs/RULES.md rules 4–6): avg3 × seasonal factor × 1.10,
//! never below the active subscriptions × 1.10, rounded up to a carrier step, with the
//! statement guide's tier; the temporary plan for the target month and the next three;
//! the same for 소액결제 and 콘텐츠이용료 separately; and this month's limit status
//! (rule 8) with its month-end projection.

use super::kind::SpendKind;
use super::monthly::{last_three, three_month_average, MonthFigures};
use super::season::{self, Factor, Priors};
use super::subscriptions::{SubStatus, Subscription};
use crate::coverage::{Coverage, MonthRange};
use crate::month::Month;
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::*;
use serde::Serialize;

/// The carriers' limit steps in won (configurable; 0 = blocked).
pub const DEFAULT_STEPS: [i64; 11] = [
    0, 10_000, 30_000, 50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 700_000, 1_000_000,
];

/// The legal maximum of each monthly cap (since 2020-06).
pub const LEGAL_MAX: i64 = 1_000_000;

/// What the recommendation and the limit status need besides the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitOptions {
    /// Steps in ascending order.
    pub steps: Vec<i64>,
    pub priors: Priors,
    /// The current monthly limit of 휴대폰 소액결제.
    pub current_limit: Option<i64>,
    /// The current monthly limit of 콘텐츠이용료.
    pub content_limit: Option<i64>,
    /// The user's own monthly budget.
    pub budget: Option<i64>,
    /// A child's line (docs/RULES.md rule 12): advice keeps to [`CHILD_CAP`] or below.
    pub child: bool,
}

/// The highest limit advised for a child's line: the top of the guide's `minimal`
/// tier (★★★★☆). Active subscriptions still get their floor.
pub const CHILD_CAP: i64 = 50_000;

impl Default for LimitOptions {
    fn default() -> LimitOptions {
        LimitOptions {
            steps: DEFAULT_STEPS.to_vec(),
            priors: Priors::default(),
            current_limit: None,
            content_limit: None,
            budget: None,
            child: false,
        }
    }
}

/// The statement guide's tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    None,
    Minimal,
    Standard,
    High,
}

impl Tier {
    pub fn of(limit: i64) -> Tier {
        match limit {
            ..=0 => Tier::None,
            1..=50_000 => Tier::Minimal,
            50_001..=100_000 => Tier::Standard,
            _ => Tier::High,
        }
    }

    pub fn stars(self) -> &'static str {
        match self {
            Tier::None => "★★★★★",
            Tier::Minimal => "★★★★☆",
            Tier::Standard => "★★★☆☆",
            Tier::High => "★★☆☆☆",
        }
    }
}

/// The smallest step ≥ `need`; the largest step when none is.
pub fn step_for(need: Decimal, steps: &[i64]) -> i64 {
    steps
        .iter()
        .copied()
        .find(|&s| Decimal::from(s) >= need)
        .or_else(|| steps.last().copied())
        .unwrap_or(0)
}

const MARGIN: Decimal = Decimal::from_parts(110, 0, 0, false, 2);

/// need = avg3 × factor × 1.10, and never below the active subscriptions × 1.10.
fn need(avg3: i64, factor: Decimal, subscriptions: i64) -> Decimal {
    (Decimal::from(avg3) * factor * MARGIN).max(Decimal::from(subscriptions) * MARGIN)
}

/// One month of the plan: its seasonal factor and the limit it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    pub month: Month,
    pub factor: Factor,
    pub limit: i64,
    /// The month to go back down to the everyday limit; `None` when this month needs
    /// nothing above it.
    pub revert_to: Option<Month>,
}

/// One of the two caps: 소액결제 (`micropayment`) or 콘텐츠이용료 (`content`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindRecommendation {
    pub kind: SpendKind,
    /// Net spend in the as-of month up to the as-of date.
    pub used: i64,
    pub three_month_average: i64,
    pub subscriptions_monthly: i64,
    pub recommended_limit: i64,
    pub tier: Tier,
}

/// Why the recommendation is what it is, in the order it is told (worded by
/// `words::limit`).
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The months averaged with their net spend, out of the three before the target
    /// month (`three`); `missing` are the ones no statement covers.
    Average {
        three: MonthRange,
        totals: Vec<(Month, i64)>,
        average: i64,
        missing: Vec<MonthRange>,
    },
    /// The target month's seasonal factor; `left_out` won of high-alert payments were
    /// not learned from.
    Season { factor: Factor, left_out: i64 },
    /// No spend and no active subscription: block.
    Blocked,
    /// The active subscriptions (`monthly`) set the need (× 1.1, rounded up).
    SubscriptionFloor { monthly: i64, need: i64 },
    /// need = average × factor × 1.1; `exact` before rounding up to whole won.
    Need {
        average: i64,
        factor: Decimal,
        exact: Decimal,
        need: i64,
    },
    /// The step chosen; `above_highest` when the need is above every step.
    Step {
        limit: i64,
        tier: Tier,
        above_highest: bool,
    },
    /// The budget against the need (README "예산"); `floor` is the subscriptions × 1.1.
    Budget {
        budget: i64,
        need: i64,
        floor: i64,
        limit: i64,
    },
    /// A child's line: the rules' step (`rule_limit`) kept to the child cap (`limit`),
    /// or under it already.
    Child { rule_limit: i64, limit: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub months_used: Vec<Month>,
    pub three_month_average: i64,
    pub target_month: Month,
    pub seasonal_factor: Decimal,
    /// avg3 × factor × 1.10 (or the subscription floor), before rounding to a step.
    pub need: Decimal,
    /// Monthly cost of the active subscriptions.
    pub subscriptions_monthly: i64,
    pub recommended_limit: i64,
    pub tier: Tier,
    pub stars: &'static str,
    /// The everyday limit (factor 1.0) to go back to after a seasonal month.
    pub base_limit: i64,
    /// The user's monthly budget, when given.
    pub budget: Option<i64>,
    /// The budget is below the need, so the advice follows the budget (README "예산").
    pub limited_by_budget: bool,
    pub reasons: Vec<Reason>,
    pub adjustments: Vec<Adjustment>,
    pub by_kind: Vec<KindRecommendation>,
}

/// Monthly figures of one kind of spend, for [`recommend`].
pub struct KindMonths<'a> {
    pub kind: SpendKind,
    pub months: &'a [MonthFigures],
    pub used: i64,
}

/// What [`recommend`] advises from.
pub struct Inputs<'a> {
    /// The monthly figures of all spend (covered months only).
    pub months: &'a [MonthFigures],
    /// The same with high-severity alert payments taken out: what the seasonal factor
    /// learns from.
    pub season_months: &'a [MonthFigures],
    /// Won taken out of `season_months` (high-severity alert payments), by month.
    pub left_out_of_season: &'a [(Month, i64)],
    pub kinds: &'a [KindMonths<'a>],
    pub subs: &'a [Subscription],
    pub coverage: &'a Coverage,
}

/// The recommendation for `target` (rules 4–7, 10): `None` when none of the three
/// months before it is covered by a statement (never a 0원 advice for want of data).
pub fn recommend(input: &Inputs<'_>, target: Month, o: &LimitOptions) -> Option<Recommendation> {
    let Inputs {
        months,
        season_months,
        left_out_of_season,
        kinds,
        subs,
        coverage,
    } = *input;
    let (months_used, avg3) = three_month_average(months, target, coverage);
    let avg3 = avg3?;
    let active = |content: Option<bool>| -> i64 {
        subs.iter()
            .filter(|s| s.status == SubStatus::Active && content.is_none_or(|c| s.content == c))
            .map(|s| s.monthly_cost)
            .sum()
    };
    let subs_monthly = active(None);
    let f = season::factor(target, season_months, &o.priors);
    let need_now = need(avg3, f.factor, subs_monthly);
    let subs_floor = Decimal::from(subs_monthly) * MARGIN;
    let rule_limit = within_budget(need_now, subs_floor, o);
    let limit = for_child(rule_limit, subs_floor, o);
    let base_limit = for_child(
        within_budget(need(avg3, Decimal::ONE, subs_monthly), subs_floor, o),
        subs_floor,
        o,
    );
    let limited_by_budget = o.budget.is_some_and(|b| Decimal::from(b) < need_now);
    let tier = Tier::of(limit);

    let three = last_three(target);
    let mut reasons = vec![Reason::Average {
        three,
        totals: months_used
            .iter()
            .map(|m| (*m, super::monthly::net(months, *m).unwrap_or(0)))
            .collect(),
        average: avg3,
        missing: coverage.missing_in(three),
    }];
    let left_out: i64 = left_out_of_season
        .iter()
        .filter(|(m, _)| f.learned_from.contains(m))
        .map(|(_, won)| won)
        .sum();
    reasons.push(Reason::Season {
        factor: f.clone(),
        left_out,
    });
    let need_won = whole_won(need_now);
    if avg3 == 0 && subs_monthly == 0 {
        reasons.push(Reason::Blocked);
    } else if Decimal::from(subs_monthly) * MARGIN >= Decimal::from(avg3) * f.factor * MARGIN {
        reasons.push(Reason::SubscriptionFloor {
            monthly: subs_monthly,
            need: need_won,
        });
    } else {
        reasons.push(Reason::Need {
            average: avg3,
            factor: f.factor,
            exact: need_now,
            need: need_won,
        });
    }
    // Below a budget, the budget's reason says which step and why.
    if !limited_by_budget {
        // The rules' step: a child's line says below what it keeps to instead.
        reasons.push(Reason::Step {
            limit: rule_limit,
            tier: Tier::of(rule_limit),
            above_highest: need_now > Decimal::from(rule_limit),
        });
    }
    if let Some(budget) = o.budget {
        reasons.push(Reason::Budget {
            budget,
            need: need_won,
            floor: whole_won(subs_floor),
            limit: rule_limit,
        });
    }
    if o.child {
        reasons.push(Reason::Child { rule_limit, limit });
    }

    // The plan: the target month and the next three.
    let mut adjustments: Vec<Adjustment> = (0..4)
        .map(|k| {
            let month = target.plus(k);
            let f = if k == 0 {
                f.clone()
            } else {
                season::factor(month, season_months, &o.priors)
            };
            let limit = for_child(
                within_budget(need(avg3, f.factor, subs_monthly), subs_floor, o),
                subs_floor,
                o,
            );
            Adjustment {
                month,
                factor: f,
                limit,
                revert_to: None,
            }
        })
        .collect();
    // A raised month goes back down in the first following month that is not raised.
    for i in 0..adjustments.len() {
        if adjustments[i].limit > base_limit {
            let mut back = adjustments[i].month.plus(1);
            for a in &adjustments[i + 1..] {
                if a.limit > base_limit {
                    back = a.month.plus(1);
                } else {
                    break;
                }
            }
            adjustments[i].revert_to = Some(back);
        }
    }

    let by_kind = kinds
        .iter()
        .map(|k| {
            let kavg = three_month_average(k.months, target, coverage)
                .1
                .unwrap_or(0);
            let ksubs = active(Some(k.kind == SpendKind::Content));
            let limit = if kavg == 0 && ksubs == 0 {
                0
            } else {
                // A budget below the combined need scales each cap's need alike.
                let share = match o.budget {
                    Some(b) if limited_by_budget && need_now > Decimal::ZERO => {
                        Decimal::from(b) / need_now
                    }
                    _ => Decimal::ONE,
                };
                let kneed = need(kavg, f.factor, ksubs);
                let kfloor = Decimal::from(ksubs) * MARGIN;
                let rule = if share < Decimal::ONE {
                    step_at_most(kneed * share, &o.steps).max(step_for(kfloor, &o.steps))
                } else {
                    step_for(kneed, &o.steps)
                };
                for_child(rule, kfloor, o)
            };
            KindRecommendation {
                kind: k.kind,
                used: k.used,
                three_month_average: kavg,
                subscriptions_monthly: ksubs,
                recommended_limit: limit,
                tier: Tier::of(limit),
            }
        })
        .collect();

    Some(Recommendation {
        months_used,
        three_month_average: avg3,
        target_month: target,
        seasonal_factor: f.factor,
        need: need_now.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        subscriptions_monthly: subs_monthly,
        recommended_limit: limit,
        tier,
        stars: tier.stars(),
        base_limit,
        budget: o.budget,
        limited_by_budget,
        reasons,
        adjustments,
        by_kind,
    })
}

/// The largest step at or below `amount`; the smallest step when none is.
pub fn step_at_most(amount: Decimal, steps: &[i64]) -> i64 {
    steps
        .iter()
        .rev()
        .copied()
        .find(|&s| Decimal::from(s) <= amount)
        .or_else(|| steps.first().copied())
        .unwrap_or(0)
}

/// The budget rule (README "예산"): with no budget, or a budget at or above the need,
/// the smallest step at or above the need. With a budget below the need, the largest
/// step at or below the budget, so that the limit itself keeps spending within it,
/// but never below the step that lets the active subscriptions (× 1.1) through.
fn within_budget(need: Decimal, subs_floor: Decimal, o: &LimitOptions) -> i64 {
    match o.budget {
        Some(b) if Decimal::from(b) < need => {
            step_at_most(Decimal::from(b), &o.steps).max(step_for(subs_floor, &o.steps))
        }
        _ => step_for(need, &o.steps),
    }
}

/// `limit` on a child's line: at most the largest step within [`CHILD_CAP`], never
/// below what the active subscriptions need.
fn for_child(limit: i64, subs_floor: Decimal, o: &LimitOptions) -> i64 {
    if !o.child {
        return limit;
    }
    let cap = step_at_most(Decimal::from(CHILD_CAP), &o.steps).max(step_for(subs_floor, &o.steps));
    limit.min(cap)
}

/// Won rounded up to a whole won (a need is never rounded down).
fn whole_won(x: Decimal) -> i64 {
    x.round_dp_with_strategy(0, RoundingStrategy::AwayFromZero)
        .to_i64()
        .unwrap_or(0)
}

/// One cap this month against its current limit (rule 8, per cap by rule 10).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapStatus {
    pub kind: SpendKind,
    pub current_limit: i64,
    pub used: i64,
    /// What is left; 0 when the limit is used up.
    pub remaining: i64,
    pub projected_month_end: i64,
    /// Subscription charges expected later this month (part of the projection).
    pub subscriptions_due: i64,
    pub projected_over_limit: bool,
}

/// This month against the current limits (rule 8). The top-level figures are the
/// 소액결제 cap's when its limit is known, else the 콘텐츠이용료 cap's (`kind` says which);
/// `by_kind` holds every cap whose limit is known.
/// Something this month's figures warn of (worded by `words::limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// The cap's limit is already used up.
    UsedUp {
        kind: SpendKind,
        limit: i64,
        used: i64,
    },
    /// At this pace the cap ends the month over its limit.
    WillExceed {
        kind: SpendKind,
        projected: i64,
        limit: i64,
    },
    /// All spend is projected over the user's budget.
    OverBudget { projected: i64, budget: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LimitStatus {
    pub kind: SpendKind,
    pub month: Month,
    pub current_limit: i64,
    pub used: i64,
    /// What is left; 0 when the limit is used up.
    pub remaining: i64,
    pub resets_on: NaiveDate,
    pub projected_month_end: i64,
    /// Subscription charges expected later this month (part of the projection).
    pub subscriptions_due: i64,
    pub projected_over_limit: bool,
    pub by_kind: Vec<CapStatus>,
    /// The user's own budget against all spend this month (both caps).
    pub budget: Option<i64>,
    pub budget_remaining: Option<i64>,
    pub warnings: Vec<Warning>,
}

/// The month-end estimate: what is used, the burn rate of everything but subscriptions
/// over the days left, and the active subscriptions still due this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Projection {
    pub projected: i64,
    /// Subscription charges expected from `as_of` to the month's end.
    pub due: i64,
}

/// `used` is the month's net up to `as_of`; `used_subscriptions` the part of it that
/// subscriptions charged (left out of the burn rate).
pub fn projection(
    as_of: NaiveDate,
    used: i64,
    used_subscriptions: i64,
    subs: &[Subscription],
) -> Projection {
    let month = Month::of(as_of);
    let (elapsed, days) = (i64::from(as_of.day()), i64::from(month.days()));
    let burn = Decimal::from((used - used_subscriptions).max(0)) / Decimal::from(elapsed);
    let rest = (burn * Decimal::from(days - elapsed))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(0);
    let due: i64 = subs
        .iter()
        .filter(|s| s.status == SubStatus::Active)
        .filter(|s| {
            s.next_due
                .is_some_and(|d| Month::of(d) == month && d >= as_of)
        })
        .map(|s| s.amount)
        .sum();
    Projection {
        projected: used + rest + due,
        due,
    }
}

/// One cap's month so far, for [`status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapMonth {
    pub kind: SpendKind,
    pub limit: Option<i64>,
    pub used: i64,
    pub projection: Projection,
}

/// This month against the caps' current limits (none without one). `total` is all
/// spend's month so far, for the budget.
pub fn status(
    as_of: NaiveDate,
    caps: &[CapMonth],
    total: (i64, Projection),
    o: &LimitOptions,
) -> Option<LimitStatus> {
    let month = Month::of(as_of);
    let resets_on = month.plus(1).first_day();
    let mut warnings = Vec::new();
    let by_kind: Vec<CapStatus> = caps
        .iter()
        .filter_map(|c| {
            let limit = c.limit?;
            let Projection { projected, due } = c.projection;
            if c.used >= limit {
                warnings.push(Warning::UsedUp {
                    kind: c.kind,
                    limit,
                    used: c.used,
                });
            } else if projected > limit {
                warnings.push(Warning::WillExceed {
                    kind: c.kind,
                    projected,
                    limit,
                });
            }
            Some(CapStatus {
                kind: c.kind,
                current_limit: limit,
                used: c.used,
                remaining: (limit - c.used).max(0),
                projected_month_end: projected,
                subscriptions_due: due,
                projected_over_limit: projected > limit,
            })
        })
        .collect();
    let head = by_kind.first()?.clone();
    let (used_all, all) = total;
    if let Some(b) = o.budget {
        if all.projected > b {
            warnings.push(Warning::OverBudget {
                projected: all.projected,
                budget: b,
            });
        }
    }
    Some(LimitStatus {
        kind: head.kind,
        month,
        current_limit: head.current_limit,
        used: head.used,
        remaining: head.remaining,
        resets_on,
        projected_month_end: head.projected_month_end,
        subscriptions_due: head.subscriptions_due,
        projected_over_limit: head.projected_over_limit,
        by_kind,
        budget: o.budget,
        budget_remaining: o.budget.map(|b| b - used_all),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn step_rounding_at_every_boundary() {
        let s = &DEFAULT_STEPS;
        assert_eq!(step_for(d(0), s), 0);
        for w in DEFAULT_STEPS.windows(2) {
            let (lo, hi) = (w[0], w[1]);
            assert_eq!(step_for(d(lo), s), lo, "exactly {lo}");
            assert_eq!(
                step_for(d(lo) + Decimal::new(1, 2), s),
                hi,
                "just above {lo}"
            );
            assert_eq!(step_for(d(hi), s), hi);
            assert_eq!(step_for(d(hi - 1), s), hi);
        }
        assert_eq!(
            step_for(d(1_500_000), s),
            1_000_000,
            "capped at the legal max"
        );
        // Configurable steps.
        assert_eq!(step_for(d(60_000), &[0, 20_000, 70_000]), 70_000);
    }

    #[test]
    fn a_tier_for_each_step() {
        let tiers: Vec<(i64, Tier)> = DEFAULT_STEPS.iter().map(|&s| (s, Tier::of(s))).collect();
        assert_eq!(
            tiers,
            [
                (0, Tier::None),
                (10_000, Tier::Minimal),
                (30_000, Tier::Minimal),
                (50_000, Tier::Minimal),
                (100_000, Tier::Standard),
                (150_000, Tier::High),
                (200_000, Tier::High),
                (300_000, Tier::High),
                (500_000, Tier::High),
                (700_000, Tier::High),
                (1_000_000, Tier::High),
            ]
        );
        assert_eq!(Tier::of(0).stars(), "★★★★★");
        assert_eq!(Tier::of(50_000).stars(), "★★★★☆");
        assert_eq!(Tier::of(100_000).stars(), "★★★☆☆");
        assert_eq!(Tier::of(100_001).stars(), "★★☆☆☆");
    }

    fn sub(amount: i64, next_due: &str, content: bool) -> Subscription {
        use super::super::subscriptions::{Cadence, Evidence};
        let due = NaiveDate::parse_from_str(next_due, "%Y-%m-%d").unwrap();
        Subscription {
            merchant: "멜론".into(),
            item: None,
            category: soaek_merchants::Category::Music,
            content,
            cadence: Cadence::Monthly,
            amount,
            monthly_cost: amount,
            annual_cost: amount * 12,
            occurrences: 5,
            first_seen: due,
            last_seen: due,
            next_due: Some(due),
            status: SubStatus::Active,
            due_after_data: false,
            price_changes: Vec::new(),
            evidence: Evidence::AutoPayment,
            charges: Vec::new(),
            entries: Vec::new(),
        }
    }

    #[test]
    fn mid_month_projection_is_burn_rate_plus_subscriptions_still_due() {
        let o = LimitOptions {
            current_limit: Some(150_000),
            budget: Some(120_000),
            ..LimitOptions::default()
        };
        let as_of = NaiveDate::from_ymd_opt(2025, 6, 10).unwrap();
        // 60,000 used by the 10th, 10,000 of it a subscription: 5,000 a day for the
        // other 20 days of June, plus 11,900 due on the 15th (the one due on the 2nd of
        // July is next month's).
        let subs = [
            sub(11_900, "2025-06-15", false),
            sub(4_400, "2025-07-02", true),
        ];
        let p = projection(as_of, 60_000, 10_000, &subs);
        let micro = CapMonth {
            kind: SpendKind::Micropayment,
            limit: o.current_limit,
            used: 60_000,
            projection: p,
        };
        // 콘텐츠이용료: 8,000 by the 10th, no limit given.
        let content = CapMonth {
            kind: SpendKind::Content,
            limit: o.content_limit,
            used: 8_000,
            projection: projection(as_of, 8_000, 0, &[]),
        };
        let all = projection(as_of, 68_000, 10_000, &subs);
        let s = status(as_of, &[micro, content], (68_000, all), &o).unwrap();
        assert_eq!(s.kind, SpendKind::Micropayment);
        assert_eq!(s.by_kind.len(), 1, "no limit, no status for 콘텐츠이용료");
        assert_eq!(s.month.to_string(), "2025-06");
        assert_eq!(s.used, 60_000);
        assert_eq!(s.remaining, 90_000);
        assert_eq!(s.resets_on.to_string(), "2025-07-01");
        assert_eq!(s.subscriptions_due, 11_900);
        assert_eq!(s.projected_month_end, 60_000 + 100_000 + 11_900);
        assert!(s.projected_over_limit);
        // The budget is against all spend: 120,000 − 68,000.
        assert_eq!(s.budget_remaining, Some(52_000));
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert_eq!(
            s.warnings[0],
            Warning::WillExceed {
                kind: SpendKind::Micropayment,
                projected: 171_900,
                limit: 150_000
            }
        );
        // 68,000 + 24,000 (burn of 6,000 a day... of both caps) + 11,900 > 120,000.
        assert!(
            matches!(s.warnings[1], Warning::OverBudget { budget: 120_000, projected } if projected > 120_000),
            "{:?}",
            s.warnings[1]
        );
        // Only a 콘텐츠이용료 limit: the status is that cap's.
        let only_content = LimitOptions {
            content_limit: Some(10_000),
            ..LimitOptions::default()
        };
        let c = CapMonth {
            limit: Some(10_000),
            ..content
        };
        let m = CapMonth {
            limit: None,
            ..micro
        };
        let s = status(as_of, &[m, c], (68_000, all), &only_content).unwrap();
        assert_eq!(
            (s.kind, s.current_limit, s.used, s.remaining),
            (SpendKind::Content, 10_000, 8_000, 2_000)
        );
        // No current limit, no status.
        let none = [
            CapMonth {
                limit: None,
                ..micro
            },
            CapMonth {
                limit: None,
                ..content
            },
        ];
        assert!(status(as_of, &none, (68_000, all), &LimitOptions::default(),).is_none());
    }

    /// Recommend from `m` (all of it covered) with `subs`.
    fn rec(m: &[MonthFigures], subs: &[Subscription], target: Month) -> Option<Recommendation> {
        rec_with(m, subs, target, &LimitOptions::default())
    }

    fn rec_with(
        m: &[MonthFigures],
        subs: &[Subscription],
        target: Month,
        o: &LimitOptions,
    ) -> Option<Recommendation> {
        let coverage = Coverage::of_dates(m.iter().map(|f| f.month.first_day()));
        let input = Inputs {
            months: m,
            season_months: m,
            left_out_of_season: &[],
            kinds: &[],
            subs,
            coverage: &coverage,
        };
        recommend(&input, target, o)
    }

    #[test]
    fn a_budget_below_the_need_caps_the_advice_at_the_largest_step_within_it() {
        // 200,000 a month, September (factor 1.00): need 220,000 → 300,000 without a budget.
        let m = months(&[
            ("2025-06", 200_000),
            ("2025-07", 200_000),
            ("2025-08", 200_000),
        ]);
        let target = Month::parse("2025-09").unwrap();
        let with = |budget: i64, subs: &[Subscription]| {
            let o = LimitOptions {
                budget: Some(budget),
                ..LimitOptions::default()
            };
            rec_with(&m, subs, target, &o).unwrap()
        };
        assert_eq!(rec(&m, &[], target).unwrap().recommended_limit, 300_000);
        // A budget above the need changes nothing, and says so.
        let r = with(400_000, &[]);
        assert_eq!((r.recommended_limit, r.limited_by_budget), (300_000, false));
        assert_eq!(
            r.reasons.last().unwrap(),
            &Reason::Budget {
                budget: 400_000,
                need: 220_000,
                floor: 0,
                limit: 300_000
            }
        );
        // Above the need but below the step over it: still the usual advice.
        assert_eq!(with(250_000, &[]).recommended_limit, 300_000);
        // A budget below the need: the largest step within it, 150,000 for 180,000.
        let r = with(180_000, &[]);
        assert_eq!((r.recommended_limit, r.limited_by_budget), (150_000, true));
        assert!(matches!(
            r.reasons.last().unwrap(),
            Reason::Budget {
                budget: 180_000,
                need: 220_000,
                limit: 150_000,
                ..
            }
        ));
        assert!(r.adjustments.iter().all(|a| a.limit <= 150_000));
        // Never below what the active subscriptions need: 25,000 × 1.1 → 30,000.
        let subs = [sub(25_000, "2025-09-15", false)];
        let r = with(10_000, &subs);
        assert_eq!(r.recommended_limit, 30_000);
        assert!(matches!(
            r.reasons.last().unwrap(),
            Reason::Budget {
                floor: 27_500,
                limit: 30_000,
                ..
            }
        ));
    }

    fn months(nets: &[(&str, i64)]) -> Vec<MonthFigures> {
        nets.iter()
            .map(|(m, net)| MonthFigures {
                net: *net,
                approved: *net,
                payments: u32::from(*net > 0),
                ..MonthFigures::zero(Month::parse(m).unwrap())
            })
            .collect()
    }

    #[test]
    fn zero_spend_and_no_subscription_recommends_blocking() {
        let m = months(&[("2025-03", 0), ("2025-04", 0), ("2025-05", 0)]);
        let target = Month::parse("2025-06").unwrap();
        let r = rec(&m, &[], target).unwrap();
        assert_eq!((r.recommended_limit, r.tier), (0, Tier::None));
        assert!(r.reasons.contains(&Reason::Blocked), "{:?}", r.reasons);
        // One active subscription keeps it open: 1.1 × 9,900 = 10,890 → 30,000.
        let subs = [sub(9_900, "2025-06-15", false)];
        let r = rec(&m, &subs, target).unwrap();
        assert_eq!((r.recommended_limit, r.tier), (30_000, Tier::Minimal));
    }

    #[test]
    fn the_plan_covers_four_months_and_says_when_to_go_back_down() {
        // 100,000 a month; priors (short history): 2025-09 holds nothing, 2025-10 추석,
        // 2025-11 코리아세일페스타, 2025-12 연말.
        let m = months(&[
            ("2025-06", 100_000),
            ("2025-07", 100_000),
            ("2025-08", 100_000),
        ]);
        let target = Month::parse("2025-09").unwrap();
        let r = rec(&m, &[], target).unwrap();
        assert_eq!(r.three_month_average, 100_000);
        // 100,000 × 1.00 × 1.1 = 110,000 → 150,000
        assert_eq!((r.recommended_limit, r.base_limit), (150_000, 150_000));
        let plan: Vec<(String, String, i64, Option<String>)> = r
            .adjustments
            .iter()
            .map(|a| {
                (
                    a.month.to_string(),
                    a.factor.factor.to_string(),
                    a.limit,
                    a.revert_to.map(|m| m.to_string()),
                )
            })
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            plan,
            [
                (s("2025-09"), s("1.00"), 150_000, None),
                // 143,000 → 150,000: no raise needed.
                (s("2025-10"), s("1.30"), 150_000, None),
                (s("2025-11"), s("1.10"), 150_000, None),
                // 132,000 → 150,000
                (s("2025-12"), s("1.20"), 150_000, None),
            ]
        );
        let m = months(&[
            ("2025-06", 200_000),
            ("2025-07", 200_000),
            ("2025-08", 200_000),
        ]);
        let r = rec(&m, &[], target).unwrap();
        // base 220,000 → 300,000; October 286,000 → 300,000; December 264,000 → 300,000.
        assert_eq!(r.base_limit, 300_000);
        let m = months(&[
            ("2025-06", 250_000),
            ("2025-07", 250_000),
            ("2025-08", 250_000),
        ]);
        let r = rec(&m, &[], target).unwrap();
        // base 275,000 → 300,000; October 357,500, November 302,500 and December
        // 330,000 all round to 500,000: one raise, back down in January.
        let raised: Vec<(String, i64, Option<String>)> = r
            .adjustments
            .iter()
            .map(|a| {
                (
                    a.month.to_string(),
                    a.limit,
                    a.revert_to.map(|m| m.to_string()),
                )
            })
            .collect();
        assert_eq!(
            raised,
            [
                (s("2025-09"), 300_000, None),
                (s("2025-10"), 500_000, Some(s("2026-01"))),
                (s("2025-11"), 500_000, Some(s("2026-01"))),
                (s("2025-12"), 500_000, Some(s("2026-01"))),
            ]
        );
    }

    #[test]
    fn need_is_avg3_times_factor_times_1_1_with_the_subscription_floor() {
        assert_eq!(need(100_000, Decimal::new(130, 2), 0), d(143_000));
        assert_eq!(need(10_000, Decimal::ONE, 40_000), d(44_000));
        assert_eq!(need(0, Decimal::ONE, 0), d(0));
    }
}
