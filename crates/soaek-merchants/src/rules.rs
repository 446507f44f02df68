//! The user's rules file (TOML): match on merchant (exact, contains, regex), item text,
//! amount range and time of day; set the category, rename, add a tag, or mark/unmark a
//! subscription. Rules apply in file order, before the dictionary; for each field the
//! first matching rule that sets it wins. Errors carry the line number.
//!
//! ```toml
//! [[rule]]
//! merchant_contains = "회사식당"
//! category = "delivery"
//! rename = "회사 식당"
//! tag = "업무"
//!
//! [[rule]]
//! merchant = "Google Play"
//! item_contains = "YouTube"
//! subscription = true
//! ```

use crate::category::Category;
use crate::normalize::fold;
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Option<String>,
    merchant: Option<String>,
    merchant_contains: Option<String>,
    merchant_regex: Option<Spanned<String>>,
    item_contains: Option<String>,
    amount_min: Option<i64>,
    amount_max: Option<i64>,
    time_from: Option<Spanned<String>>,
    time_to: Option<Spanned<String>>,
    category: Option<Spanned<String>>,
    rename: Option<String>,
    tag: Option<String>,
    subscription: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

/// One rule, checked.
#[derive(Debug, Clone)]
pub struct Rule {
    /// 1-based line where the rule starts.
    pub line: usize,
    pub name: Option<String>,
    merchant: Option<String>,
    merchant_contains: Option<String>,
    merchant_regex: Option<Regex>,
    item_contains: Option<String>,
    amount: (Option<i64>, Option<i64>),
    /// Minutes since midnight; a range may wrap midnight (22:00–06:00).
    time: Option<(u32, u32)>,
    pub category: Option<Category>,
    pub rename: Option<String>,
    pub tag: Option<String>,
    pub subscription: Option<bool>,
}

/// What a rule is tested against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    pub merchant: &'a str,
    pub item: Option<&'a str>,
    pub amount: Option<i64>,
    /// Minutes since midnight, when the time is known.
    pub minute_of_day: Option<u32>,
    /// The dictionary's name for the merchant, when it knows it: a rule for `쿠팡`
    /// also matches `COUPANG`.
    pub canonical: Option<&'a str>,
}

/// A rules file that cannot be used: `line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

impl Rule {
    fn matches(&self, s: &Subject<'_>) -> bool {
        let names = [Some(fold(s.merchant)), s.canonical.map(fold)];
        let names = names.iter().flatten();
        if self
            .merchant
            .as_ref()
            .is_some_and(|m| !names.clone().any(|n| n == m))
        {
            return false;
        }
        if self
            .merchant_contains
            .as_ref()
            .is_some_and(|m| !names.clone().any(|n| n.contains(m.as_str())))
        {
            return false;
        }
        if self
            .merchant_regex
            .as_ref()
            .is_some_and(|r| !r.is_match(s.merchant))
        {
            return false;
        }
        if let Some(needle) = &self.item_contains {
            if !s.item.is_some_and(|i| fold(i).contains(needle.as_str())) {
                return false;
            }
        }
        if let (Some(min), Some(a)) = (self.amount.0, s.amount) {
            if a < min {
                return false;
            }
        }
        if let (Some(max), Some(a)) = (self.amount.1, s.amount) {
            if a > max {
                return false;
            }
        }
        if (self.amount.0.is_some() || self.amount.1.is_some()) && s.amount.is_none() {
            return false;
        }
        if let Some((from, to)) = self.time {
            let Some(t) = s.minute_of_day else {
                return false;
            };
            let inside = if from <= to {
                t >= from && t < to
            } else {
                t >= from || t < to
            };
            if !inside {
                return false;
            }
        }
        true
    }
}

/// The rules of one file, in order.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub rules: Vec<Rule>,
}

impl Rules {
    pub fn parse(text: &str) -> Result<Rules, RulesError> {
        let raw: RawRules = toml::from_str(text).map_err(|e| RulesError {
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            message: e.message().to_string(),
        })?;
        let mut rules = Vec::new();
        for spanned in raw.rule {
            let line = line_of(text, spanned.span().start);
            let r = spanned.into_inner();
            let err = |span: std::ops::Range<usize>, message: String| RulesError {
                line: line_of(text, span.start),
                message,
            };
            let category = match &r.category {
                Some(c) => Some(Category::from_id(c.get_ref()).ok_or_else(|| {
                    err(
                        c.span(),
                        format!(
                            "unknown category {:?}; use one of: {}",
                            c.get_ref(),
                            Category::ALL.map(|c| c.id()).join(", ")
                        ),
                    )
                })?),
                None => None,
            };
            let merchant_regex = match &r.merchant_regex {
                Some(re) => Some(
                    Regex::new(re.get_ref())
                        .map_err(|e| err(re.span(), format!("bad regex: {e}")))?,
                ),
                None => None,
            };
            let time = match (&r.time_from, &r.time_to) {
                (None, None) => None,
                (Some(f), Some(t)) => {
                    let from = parse_hhmm(f.get_ref()).ok_or_else(|| {
                        err(f.span(), format!("not a time (HH:MM): {:?}", f.get_ref()))
                    })?;
                    let to = parse_hhmm(t.get_ref()).ok_or_else(|| {
                        err(t.span(), format!("not a time (HH:MM): {:?}", t.get_ref()))
                    })?;
                    Some((from, to))
                }
                (Some(s), None) | (None, Some(s)) => {
                    return Err(err(s.span(), "time_from and time_to go together".into()))
                }
            };
            let has_condition = r.merchant.is_some()
                || r.merchant_contains.is_some()
                || merchant_regex.is_some()
                || r.item_contains.is_some()
                || r.amount_min.is_some()
                || r.amount_max.is_some()
                || time.is_some();
            if !has_condition {
                return Err(RulesError { line, message: "a rule needs a condition (merchant, merchant_contains, merchant_regex, item_contains, amount_min/max, time_from/to)".into() });
            }
            if category.is_none()
                && r.rename.is_none()
                && r.tag.is_none()
                && r.subscription.is_none()
            {
                return Err(RulesError {
                    line,
                    message: "a rule needs an action (category, rename, tag, subscription)".into(),
                });
            }
            rules.push(Rule {
                line,
                name: r.name,
                merchant: r.merchant.as_deref().map(fold),
                merchant_contains: r.merchant_contains.as_deref().map(fold),
                merchant_regex,
                item_contains: r.item_contains.as_deref().map(fold),
                amount: (r.amount_min, r.amount_max),
                time,
                category,
                rename: r.rename,
                tag: r.tag,
                subscription: r.subscription,
            });
        }
        Ok(Rules { rules })
    }

    /// The rules that match, in order.
    pub fn matching(&self, s: &Subject<'_>) -> Vec<&Rule> {
        self.rules.iter().filter(|r| r.matches(s)).collect()
    }

    /// Whether any rule looks past the merchant name (item, amount, time).
    pub fn needs_details(&self) -> bool {
        self.rules
            .iter()
            .any(|r| r.item_contains.is_some() || r.amount != (None, None) || r.time.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let e = Rules::parse("[[rule]]\nmerchant = \"a\"\ncategory = \"food\"\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.message.starts_with("unknown category \"food\""),
            "{}",
            e.message
        );
        let e = Rules::parse("\n\n[[rule]]\nmerchant_regex = \"(\"\ntag = \"x\"\n").unwrap_err();
        assert_eq!(e.line, 4);
        let e = Rules::parse("[[rule]]\nmerchant = \"a\"\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = Rules::parse("[[rule]]\ntag = \"x\"\n\n[[rule]]\nmerchant = \"a\"\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e =
            Rules::parse("[[rule]]\nmerchant = \"a\"\ntag = \"t\"\n[[rule]]\nmerchant = \"b\"\n")
                .unwrap_err();
        assert_eq!((e.line, e.message.contains("action")), (4, true));
        let e = Rules::parse(
            "[[rule]]\nmerchant = \"a\"\ntag = \"x\"\ntime_from = \"25:00\"\ntime_to = \"01:00\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 4);
    }

    #[test]
    fn conditions() {
        let rules = Rules::parse(
            "[[rule]]\nmerchant_contains = \"구글\"\nitem_contains = \"youtube\"\nsubscription = true\n\n[[rule]]\nmerchant_regex = \"^편의점\"\namount_max = 10000\ntime_from = \"22:00\"\ntime_to = \"06:00\"\ntag = \"야식\"\n",
        )
        .unwrap();
        let s = |m, item, amount, minute| Subject {
            merchant: m,
            item,
            amount: Some(amount),
            minute_of_day: Some(minute),
            canonical: None,
        };
        assert_eq!(
            rules
                .matching(&s("구글플레이", Some("YouTube Premium"), 14900, 3))
                .len(),
            1
        );
        assert_eq!(
            rules
                .matching(&s("구글플레이", Some("메이플"), 14900, 3))
                .len(),
            0
        );
        assert_eq!(
            rules
                .matching(&s("편의점 CU", None, 5000, 23 * 60))
                .iter()
                .map(|r| r.line)
                .collect::<Vec<_>>(),
            [6]
        );
        assert_eq!(
            rules.matching(&s("편의점 CU", None, 5000, 12 * 60)).len(),
            0
        );
        assert_eq!(
            rules.matching(&s("편의점 CU", None, 50000, 23 * 60)).len(),
            0
        );
    }
}
