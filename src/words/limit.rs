//! The recommendation's reasons and this month's warnings (docs/RULES.md rules 4–8, 10
//! and README "예산").

use super::{cap, josa, tier, won as w, Josa, Lang};
use crate::analysis::limit::{Reason, Recommendation, Warning};
use rust_decimal::prelude::*;

/// Every reason of `r`, in order.
pub fn reasons(r: &Recommendation, lang: Lang) -> Vec<String> {
    r.reasons.iter().map(|x| reason(x, lang)).collect()
}

pub fn reason(r: &Reason, lang: Lang) -> String {
    match r {
        Reason::Average {
            three,
            totals,
            average,
            missing,
        } => {
            let totals: Vec<String> = totals.iter().map(|(m, net)| format!("{m} {}", w(*net))).collect();
            let missing: Vec<String> = missing.iter().map(|r| r.shown()).collect();
            let (first, last) = (three.from, three.to);
            match (lang, missing.is_empty()) {
                (Lang::Ko, true) => format!(
                    "최근 3개월({first}~{last}) 사용액(승인 − 취소): {}. 평균 {}.",
                    totals.join(", "),
                    w(*average)
                ),
                (Lang::En, true) => format!(
                    "Net spend of the last three months ({first} to {last}): {}. Average {}.",
                    totals.join(", "),
                    w(*average)
                ),
                (Lang::Ko, false) => format!(
                    "최근 3개월({first}~{last}) 중 명세서가 있는 달은 {}개월뿐이라 그 달만 평균했습니다: {}. 평균 {}. {} 명세서를 더하면 더 정확해집니다.",
                    totals.len(),
                    totals.join(", "),
                    w(*average),
                    missing.join(", ")
                ),
                (Lang::En, false) => format!(
                    "Only {} of the last three months ({first} to {last}) are covered by a statement, so only they are averaged: {}. Average {}. Adding the statements for {} makes this more accurate.",
                    totals.len(),
                    totals.join(", "),
                    w(*average),
                    missing.join(", ")
                ),
            }
        }
        Reason::Season { factor, left_out } => {
            let mut s = super::season::why(factor, lang);
            if *left_out > 0 {
                s += &match lang {
                    Lang::Ko => format!(
                        " 의심 결제(위험 높음) {} 평소 지출이 아니라 계절 배수를 배울 때 뺐습니다.",
                        josa(&w(*left_out), Josa::Topic)
                    ),
                    Lang::En => format!(
                        " Suspicious payments (high alerts) of {} are not usual spending and were left out when learning it.",
                        w(*left_out)
                    ),
                };
            }
            s
        }
        Reason::Blocked => tr_owned(
            lang,
            "최근 3개월 사용액도 이용 중인 구독도 없으니 0원(차단)을 권합니다.",
            "No spend in the last three months and no active subscription: 0 won (blocked) is recommended.",
        ),
        Reason::SubscriptionFloor { monthly, need } => match lang {
            Lang::Ko => format!(
                "이용 중인 구독이 매월 {}이라 그 1.1배({})보다 낮출 수 없습니다.",
                w(*monthly),
                w(*need)
            ),
            Lang::En => format!(
                "Active subscriptions cost {} a month, so the limit cannot go below 1.1× that ({}).",
                w(*monthly),
                w(*need)
            ),
        },
        Reason::Need {
            average,
            factor,
            exact,
            need,
        } => {
            // The product as it multiplies out, then the rounding where it happens.
            let product = if exact.fract().is_zero() {
                w(*need)
            } else {
                let cents = exact.round_dp(2);
                let text = format!(
                    "{}.{:02}원",
                    w(cents.trunc().to_i64().unwrap_or(0)).trim_end_matches('원'),
                    (cents.fract() * Decimal::ONE_HUNDRED).abs().to_i64().unwrap_or(0)
                );
                match lang {
                    Lang::Ko => format!("{text} → {}(원 단위 올림)", w(*need)),
                    Lang::En => format!("{text} → {} (rounded up to the won)", w(*need)),
                }
            };
            match lang {
                Lang::Ko => format!(
                    "필요 한도 = {} × {} × 1.1(여유분) = {product}.",
                    w(*average),
                    factor
                ),
                Lang::En => format!(
                    "Need = {} × {} × 1.1 (margin) = {product}.",
                    w(*average),
                    factor
                ),
            }
        }
        Reason::Step {
            limit,
            tier: t,
            above_highest,
        } => {
            let (stars, label) = (t.stars(), tier(*t, lang));
            match (lang, above_highest) {
                (Lang::Ko, false) => format!(
                    "통신사 한도 단계 중 그 이상인 가장 작은 값: {} {stars} {label}.",
                    w(*limit)
                ),
                (Lang::Ko, true) => format!(
                    "필요 한도가 가장 높은 단계보다 커서 {} 잡습니다 {stars} {label}. 지출을 줄이는 것을 먼저 검토하세요.",
                    josa(&w(*limit), Josa::Toward)
                ),
                (Lang::En, false) => format!(
                    "The smallest carrier step at or above it: {} {stars} {label}.",
                    w(*limit)
                ),
                (Lang::En, true) => format!(
                    "The need is above the highest step, so {} {stars} {label}. Consider spending less first.",
                    w(*limit)
                ),
            }
        }
        Reason::Budget {
            budget,
            need,
            floor,
            limit,
        } => {
            let (budget, need, floor, limit) = (*budget, *need, *floor, *limit);
            match lang {
                Lang::Ko if budget >= need => format!(
                    "예산 {} 필요 한도 {}보다 많아 권장 한도는 그대로 {}입니다. 한도를 예산까지 올릴 필요는 없습니다.",
                    josa(&w(budget), Josa::Topic), w(need), w(limit)
                ),
                Lang::Ko if floor > budget => format!(
                    "예산 {} 필요 한도 {}보다 적지만, 이용 중인 구독만으로 매월 {}(1.1배)가 필요해 {}보다 낮출 수 없습니다. 구독을 정리하거나 예산을 다시 정하세요.",
                    josa(&w(budget), Josa::Subject), w(need), w(floor), w(limit)
                ),
                Lang::Ko => format!(
                    "예산 {} 필요 한도 {}보다 적어, 한도가 예산을 지키도록 예산 이하의 가장 큰 단계 {} 권합니다. 평소대로 쓰면 월말 전에 한도에 닿을 수 있으니 지출을 줄이거나 예산을 다시 정하세요.",
                    josa(&w(budget), Josa::Subject), w(need), josa(&w(limit), Josa::Object)
                ),
                Lang::En if budget >= need => format!(
                    "The budget of {} is above the need of {}, so the recommendation stays at {}; there is no reason to raise the limit to the budget.",
                    w(budget), w(need), w(limit)
                ),
                Lang::En if floor > budget => format!(
                    "The budget of {} is below the need of {}, but the active subscriptions alone need {} a month (× 1.1), so the limit cannot go below {}. Cancel some or revisit the budget.",
                    w(budget), w(need), w(floor), w(limit)
                ),
                Lang::En => format!(
                    "The budget of {} is below the need of {}, so the largest step within the budget, {}, is recommended: the limit then keeps the budget. Spending as usual may reach it before the month ends; spend less or revisit the budget.",
                    w(budget), w(need), w(limit)
                ),
            }
        }
        Reason::Child { rule_limit, limit } => {
            let (rule_limit, limit) = (*rule_limit, *limit);
            match lang {
                Lang::Ko if rule_limit > limit => format!(
                    "자녀 회선이라 가이드의 안전한 단계(최소 이용, 5만 원 이하)에 맞춰 {} 권합니다. 사용액대로라면 {} 되지만, 한도를 올리기 전에 아이와 함께 결제 내역을 살펴보세요.",
                    josa(&w(limit), Josa::Object), josa(&w(rule_limit), Josa::Subject)
                ),
                Lang::Ko => format!(
                    "자녀 회선입니다. 권장 한도 {} 가이드의 안전한 단계(5만 원 이하) 안에 있습니다.",
                    josa(&w(limit), Josa::Topic)
                ),
                Lang::En if rule_limit > limit => format!(
                    "A child's line: kept to the guide's safer tier (minimal, 50,000원 or less), {} is recommended. The spending alone would call for {}; look through the payments with the child before raising it.",
                    w(limit), w(rule_limit)
                ),
                Lang::En => format!(
                    "A child's line: the recommendation of {} is within the guide's safer tier (50,000원 or less).",
                    w(limit)
                ),
            }
        }
    }
}

fn tr_owned(lang: Lang, ko: &str, en: &str) -> String {
    super::tr(lang, ko, en).to_string()
}

/// One warning of this month's limit status.
pub fn warning(x: &Warning, lang: Lang) -> String {
    match (*x, lang) {
        (Warning::UsedUp { kind, limit, used }, Lang::Ko) => format!(
            "이번 달 {} 한도 {} 이미 다 썼습니다 ({} 사용).",
            cap(kind, lang),
            josa(&w(limit), Josa::Object),
            w(used)
        ),
        (Warning::UsedUp { kind, limit, used }, Lang::En) => format!(
            "This month's {} limit of {} is used up ({} used).",
            cap(kind, lang),
            w(limit),
            w(used)
        ),
        (
            Warning::WillExceed {
                kind,
                projected,
                limit,
            },
            Lang::Ko,
        ) => format!(
            "지금 속도면 월말에 {} {} 한도 {} 넘습니다.",
            josa(cap(kind, lang), Josa::Subject),
            josa(&w(projected), Josa::Toward),
            josa(&w(limit), Josa::Object)
        ),
        (
            Warning::WillExceed {
                kind,
                projected,
                limit,
            },
            Lang::En,
        ) => format!(
            "At this pace {} spend ends the month at {}, over its limit of {}.",
            cap(kind, lang),
            w(projected),
            w(limit)
        ),
        (Warning::OverBudget { projected, budget }, Lang::Ko) => format!(
            "예상 지출 {} 예산 {}보다 큽니다.",
            josa(&w(projected), Josa::Subject),
            w(budget)
        ),
        (Warning::OverBudget { projected, budget }, Lang::En) => format!(
            "Projected spend {} is over the budget of {}.",
            w(projected),
            w(budget)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::kind::SpendKind;

    #[test]
    fn budget_reasons_relate_need_budget_and_limit() {
        let said = |budget, need, floor, limit| {
            reason(
                &Reason::Budget {
                    budget,
                    need,
                    floor,
                    limit,
                },
                Lang::Ko,
            )
        };
        assert_eq!(
            said(400_000, 220_000, 0, 300_000),
            "예산 400,000원은 필요 한도 220,000원보다 많아 권장 한도는 그대로 300,000원입니다. 한도를 예산까지 올릴 필요는 없습니다."
        );
        assert!(said(180_000, 220_000, 0, 150_000).starts_with(
            "예산 180,000원이 필요 한도 220,000원보다 적어, 한도가 예산을 지키도록 예산 이하의 가장 큰 단계 150,000원을 권합니다."
        ));
        assert!(
            said(10_000, 220_000, 27_500, 30_000).contains("이용 중인 구독만으로 매월 27,500원")
        );
    }

    #[test]
    fn the_need_shows_the_product_and_its_rounding() {
        let need = |average: i64, factor: &str| {
            let factor: Decimal = factor.parse().unwrap();
            let exact = Decimal::from(average) * factor * Decimal::new(110, 2);
            let need = exact
                .round_dp_with_strategy(0, RoundingStrategy::AwayFromZero)
                .to_i64()
                .unwrap();
            reason(
                &Reason::Need {
                    average,
                    factor,
                    exact,
                    need,
                },
                Lang::Ko,
            )
        };
        assert_eq!(
            need(270_767, "1.36"),
            "필요 한도 = 270,767원 × 1.36 × 1.1(여유분) = 405,067.43원 → 405,068원(원 단위 올림)."
        );
        assert_eq!(
            need(100_000, "1.00"),
            "필요 한도 = 100,000원 × 1.00 × 1.1(여유분) = 110,000원."
        );
    }

    #[test]
    fn warnings_name_the_cap() {
        let x = Warning::WillExceed {
            kind: SpendKind::Micropayment,
            projected: 120_000,
            limit: 100_000,
        };
        assert_eq!(
            warning(&x, Lang::Ko),
            "지금 속도면 월말에 소액결제가 120,000원으로 한도 100,000원을 넘습니다."
        );
        assert_eq!(
            reason(&Reason::Blocked, Lang::Ko),
            "최근 3개월 사용액도 이용 중인 구독도 없으니 0원(차단)을 권합니다."
        );
    }
}
