//! The built-in Korean merchant dictionary (`dictionary.toml`, embedded in the binary)
//! and its lookup: exact alias first, then the longest alias found inside the name.

use crate::category::Category;
use crate::normalize::{candidates, fold};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("dictionary.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    category: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    content: bool,
    #[serde(default)]
    high_risk: bool,
    #[serde(default)]
    subscription: bool,
}

#[derive(Debug, Deserialize)]
struct RawDictionary {
    merchant: Vec<RawEntry>,
}

/// One known merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub category: Category,
    /// Billed against the 콘텐츠이용료 cap (app stores and in-app billing).
    pub content: bool,
    /// Gift certificates and transit top-ups: what fraudsters buy.
    pub high_risk: bool,
    /// A known recurring service.
    pub subscription: bool,
    pub aliases: Vec<String>,
}

/// How a name matched an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'d> {
    pub entry: &'d Entry,
    /// The folded alias that matched.
    pub alias: String,
    /// Whole name (true) or an alias inside a longer name (false).
    pub exact: bool,
}

#[derive(Debug)]
pub struct Dictionary {
    entries: Vec<Entry>,
    exact: HashMap<String, usize>,
    /// Aliases that may match inside longer names, longest first.
    inner: Vec<(String, usize)>,
}

fn may_match_inside(alias: &str) -> bool {
    let hangul = alias
        .chars()
        .filter(|c| ('\u{AC00}'..='\u{D7A3}').contains(c))
        .count();
    hangul >= 2 || (hangul == 0 && alias.chars().count() >= 4)
}

impl Dictionary {
    /// Parse a dictionary in the format of `dictionary.toml`.
    pub fn parse(text: &str) -> Result<Dictionary, String> {
        let raw: RawDictionary = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut d = Dictionary {
            entries: Vec::new(),
            exact: HashMap::new(),
            inner: Vec::new(),
        };
        for e in raw.merchant {
            let category = Category::from_id(&e.category)
                .ok_or_else(|| format!("{}: unknown category {}", e.name, e.category))?;
            let idx = d.entries.len();
            let mut keys: Vec<String> = std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|a| fold(a))
                .collect();
            keys.retain(|k| !k.is_empty());
            keys.dedup();
            for k in &keys {
                if let Some(&other) = d.exact.get(k) {
                    if other != idx {
                        return Err(format!(
                            "alias {k:?} of {} already belongs to {}",
                            e.name, d.entries[other].name
                        ));
                    }
                }
                d.exact.insert(k.clone(), idx);
                if may_match_inside(k) {
                    d.inner.push((k.clone(), idx));
                }
            }
            d.entries.push(Entry {
                name: e.name,
                category,
                content: e.content,
                high_risk: e.high_risk,
                subscription: e.subscription,
                aliases: e.aliases,
            });
        }
        d.inner.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.0.cmp(&b.0))
        });
        Ok(d)
    }

    /// The dictionary shipped in the binary.
    pub fn builtin() -> &'static Dictionary {
        static DICT: OnceLock<Dictionary> = OnceLock::new();
        DICT.get_or_init(|| match Dictionary::parse(DATA) {
            Ok(d) => d,
            // The embedded data is checked by a unit test; an empty dictionary is the
            // safe fallback rather than a panic.
            Err(_) => Dictionary {
                entries: Vec::new(),
                exact: HashMap::new(),
                inner: Vec::new(),
            },
        })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Find the merchant a statement name stands for.
    pub fn lookup(&self, name: &str) -> Option<Hit<'_>> {
        let keys = candidates(name);
        for k in &keys {
            if let Some(&i) = self.exact.get(k) {
                return Some(Hit {
                    entry: &self.entries[i],
                    alias: k.clone(),
                    exact: true,
                });
            }
        }
        let whole = keys.first()?;
        self.inner
            .iter()
            .find(|(alias, _)| whole.contains(alias.as_str()))
            .map(|(alias, i)| Hit {
                entry: &self.entries[*i],
                alias: alias.clone(),
                exact: false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_dictionary_parses_and_covers_every_category() {
        let d = Dictionary::parse(DATA).unwrap();
        assert!(d.entries().len() >= 150, "{}", d.entries().len());
        for c in Category::ALL.iter() {
            assert!(d.entries().iter().any(|e| e.category == *c), "{c:?}");
        }
        assert_eq!(Dictionary::builtin().entries().len(), d.entries().len());
    }

    #[test]
    fn exact_then_longest_inside() {
        let d = Dictionary::builtin();
        let hit = d.lookup("(주)한국문화진흥 컬쳐랜드").unwrap();
        assert_eq!((hit.entry.name.as_str(), hit.exact), ("컬쳐랜드", false));
        let hit = d.lookup("카카오게임즈 오딘").unwrap();
        assert_eq!(hit.entry.name, "카카오게임즈");
        assert!(d.lookup("동네 꽃집").is_none());
    }
}
