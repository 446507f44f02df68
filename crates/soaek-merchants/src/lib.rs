//! soaek-merchants: one name and one category per merchant.
//!
//! [`normalize`] folds spellings together, [`dictionary`] knows Korean merchants (with
//! 콘텐츠이용료, high-risk and subscription flags), [`rules`] are the user's overrides.
//! [`Categorizer`] puts them together: user rules first, then the dictionary.

// Module notes name their private parts: the docs are a map for whoever works here,
// read with `cargo doc --document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

pub mod category;
pub mod dictionary;
pub mod normalize;
pub mod rules;

pub use category::Category;
pub use dictionary::Dictionary;
pub use rules::{Rules, RulesError, Subject};

use unicode_normalization::UnicodeNormalization;

/// Why a merchant got its name and category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchedBy {
    /// User rules, by line number.
    Rules(Vec<usize>),
    /// A dictionary entry, by the folded alias that matched (`exact` = whole name).
    Dictionary {
        alias: String,
        exact: bool,
    },
    /// Both: rules set some fields, the dictionary the rest.
    RulesAndDictionary {
        lines: Vec<usize>,
        alias: String,
    },
    Unknown,
}

/// A merchant as soaek shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant {
    pub name: String,
    pub category: Category,
    pub content: bool,
    pub high_risk: bool,
    pub subscription: bool,
    pub tags: Vec<String>,
    pub matched_by: MatchedBy,
}

/// The display name of a merchant nobody knows: NFKC, single spaces, no legal form.
pub fn clean_name(raw: &str) -> String {
    let s: String = raw.nfkc().collect();
    let mut s = s
        .replace("(주)", " ")
        .replace("주식회사", " ")
        .replace("(유)", " ");
    if s.trim().is_empty() {
        s = raw.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// User rules first, then the dictionary.
#[derive(Debug, Clone, Default)]
pub struct Categorizer {
    pub rules: Rules,
}

impl Categorizer {
    pub fn new(rules: Rules) -> Categorizer {
        Categorizer { rules }
    }

    pub fn classify(&self, s: &Subject<'_>) -> Merchant {
        let hit = Dictionary::builtin().lookup(s.merchant);
        let mut m = match &hit {
            Some(h) => Merchant {
                name: h.entry.name.to_string(),
                category: h.entry.category,
                content: h.entry.content,
                high_risk: h.entry.high_risk,
                subscription: h.entry.subscription,
                tags: Vec::new(),
                matched_by: MatchedBy::Dictionary {
                    alias: h.alias.to_string(),
                    exact: h.exact,
                },
            },
            None => Merchant {
                name: clean_name(s.merchant),
                category: Category::Other,
                content: false,
                high_risk: false,
                subscription: false,
                tags: Vec::new(),
                matched_by: MatchedBy::Unknown,
            },
        };
        let (mut category, mut rename, mut subscription) = (None, None, None);
        let mut lines = Vec::new();
        let subject = Subject {
            canonical: hit.as_ref().map(|h| h.entry.name),
            ..*s
        };
        for r in self.rules.matching(&subject) {
            lines.push(r.line);
            category = category.or(r.category);
            rename = rename.or(r.rename.clone());
            subscription = subscription.or(r.subscription);
            if let Some(t) = &r.tag {
                if !m.tags.contains(t) {
                    m.tags.push(t.clone());
                }
            }
        }
        if lines.is_empty() {
            return m;
        }
        m.category = category.unwrap_or(m.category);
        m.name = rename.unwrap_or(m.name);
        m.subscription = subscription.unwrap_or(m.subscription);
        m.high_risk = m.high_risk || m.category == Category::GiftCard && hit.is_none();
        m.matched_by = match hit {
            Some(h) => MatchedBy::RulesAndDictionary {
                lines,
                alias: h.alias.to_string(),
            },
            None => MatchedBy::Rules(lines),
        };
        m
    }

    /// Classify by name only (what a merchant is regardless of one payment's details).
    pub fn classify_name(&self, merchant: &str) -> Merchant {
        self.classify(&Subject {
            merchant,
            ..Subject::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_override_the_dictionary() {
        let rules = Rules::parse("[[rule]]\nmerchant = \"쿠팡\"\ncategory = \"delivery\"\nrename = \"쿠팡(배달)\"\ntag = \"식비\"\n").unwrap();
        let c = Categorizer::new(rules);
        let m = c.classify_name("COUPANG");
        assert_eq!(
            (m.name.as_str(), m.category),
            ("쿠팡(배달)", Category::Delivery)
        );
        assert_eq!(m.tags, ["식비"]);
        assert_eq!(
            m.matched_by,
            MatchedBy::RulesAndDictionary {
                lines: vec![1],
                alias: "coupang".into()
            }
        );
        let plain = Categorizer::default().classify_name("COUPANG");
        assert_eq!(
            (plain.name.as_str(), plain.category),
            ("쿠팡", Category::Shopping)
        );
    }

    #[test]
    fn unknown_merchants_keep_a_clean_name() {
        let m = Categorizer::default().classify_name("  (주)동네   꽃집 ");
        assert_eq!(
            (m.name.as_str(), m.category, m.matched_by),
            ("동네 꽃집", Category::Other, MatchedBy::Unknown)
        );
    }
}
