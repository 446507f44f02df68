//! The built-in Korean merchant dictionary and its lookup: exact alias first, then the
//! longest alias found inside the name.
//!
//! The merchants are written in `dictionary.toml`. [`table`] is that file folded into
//! sorted tables (`dictionary/table.rs`), so that a run reads no TOML and folds no alias
//! (that took about a millisecond at every start, BENCHMARKS.md). The test
//! `the_table_is_dictionary_toml_folded` makes the tables from the TOML and rewrites the
//! file when they differ: edit the TOML, run the tests, commit both.

mod table;

use crate::category::Category;
use crate::normalize::candidates;

/// One known merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: &'static str,
    pub category: Category,
    /// Billed against the 콘텐츠이용료 cap (app stores and in-app billing).
    pub content: bool,
    /// Gift certificates and transit top-ups: what fraudsters buy.
    pub high_risk: bool,
    /// A known recurring service.
    pub subscription: bool,
}

/// How a name matched an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub entry: &'static Entry,
    /// The folded alias that matched.
    pub alias: &'static str,
    /// Whole name (true) or an alias inside a longer name (false).
    pub exact: bool,
}

#[derive(Debug)]
pub struct Dictionary {
    entries: &'static [Entry],
    /// Every folded alias and name with its entry, sorted by alias.
    exact: &'static [(&'static str, u16)],
    /// Aliases that may match inside longer names, longest first.
    inner: &'static [(&'static str, u16)],
}

impl Dictionary {
    /// The dictionary shipped in the binary.
    pub fn builtin() -> &'static Dictionary {
        static DICT: Dictionary = Dictionary {
            entries: &table::ENTRIES,
            exact: &table::EXACT,
            inner: &table::INNER,
        };
        &DICT
    }

    pub fn entries(&self) -> &'static [Entry] {
        self.entries
    }

    /// Find the merchant a statement name stands for.
    pub fn lookup(&self, name: &str) -> Option<Hit> {
        let keys = candidates(name);
        let hit = |&(alias, i): &(&'static str, u16), exact| Hit {
            entry: &self.entries[usize::from(i)],
            alias,
            exact,
        };
        for k in &keys {
            if let Ok(at) = self.exact.binary_search_by(|(alias, _)| (*alias).cmp(k)) {
                return Some(hit(&self.exact[at], true));
            }
        }
        let whole = keys.first()?;
        self.inner
            .iter()
            .find(|(alias, _)| whole.contains(alias))
            .map(|found| hit(found, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;
    use serde::Deserialize;
    use std::collections::BTreeMap;
    use std::fmt::Write;

    /// Whether `alias` (folded) may match inside a longer name: two Hangul syllables, or
    /// four characters of a name with none.
    fn may_match_inside(alias: &str) -> bool {
        let hangul = alias
            .chars()
            .filter(|c| ('\u{AC00}'..='\u{D7A3}').contains(c))
            .count();
        hangul >= 2 || (hangul == 0 && alias.chars().count() >= 4)
    }

    const TOML: &str = include_str!("dictionary.toml");
    const TABLE: &str = "src/dictionary/table.rs";

    #[derive(Debug, Deserialize)]
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

    /// `dictionary.toml` as the source of `table.rs`: each merchant's name and aliases
    /// folded, an alias of two merchants an error.
    fn table_source(text: &str) -> Result<String, String> {
        let raw: RawDictionary = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut entries = String::new();
        let mut exact: BTreeMap<String, usize> = BTreeMap::new();
        for (i, e) in raw.merchant.iter().enumerate() {
            let category = Category::from_id(&e.category)
                .ok_or_else(|| format!("{}: unknown category {}", e.name, e.category))?;
            let _ = writeln!(
                entries,
                "    Entry {{ name: {:?}, category: Category::{category:?}, content: {}, high_risk: {}, subscription: {} }},",
                e.name, e.content, e.high_risk, e.subscription
            );
            for key in std::iter::once(&e.name).chain(&e.aliases).map(|a| fold(a)) {
                match exact.get(&key) {
                    _ if key.is_empty() => {}
                    Some(&other) if other != i => {
                        let other = &raw.merchant[other].name;
                        return Err(format!(
                            "alias {key:?} of {} already belongs to {other}",
                            e.name
                        ));
                    }
                    _ => {
                        exact.insert(key, i);
                    }
                }
            }
        }
        let mut inner: Vec<(&String, &usize)> =
            exact.iter().filter(|(k, _)| may_match_inside(k)).collect();
        inner.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        let pairs = |list: &mut dyn Iterator<Item = (&String, &usize)>| {
            list.map(|(k, i)| format!("    ({k:?}, {i}),\n"))
                .collect::<String>()
        };
        Ok(format!(
            "//! Generated from `dictionary.toml` by the test `the_table_is_dictionary_toml_folded`\n\
             //! (see `dictionary.rs`): do not edit.\n\n\
             use super::Entry;\n\
             use crate::category::Category;\n\n\
             /// The merchants, in the order of `dictionary.toml`.\n\
             #[rustfmt::skip]\n\
             pub(super) static ENTRIES: [Entry; {}] = [\n{entries}];\n\n\
             /// Every folded name and alias with its merchant, sorted by alias.\n\
             #[rustfmt::skip]\n\
             pub(super) static EXACT: [(&str, u16); {}] = [\n{}];\n\n\
             /// The aliases that may match inside a longer name, longest first.\n\
             #[rustfmt::skip]\n\
             pub(super) static INNER: [(&str, u16); {}] = [\n{}];\n",
            raw.merchant.len(),
            exact.len(),
            pairs(&mut exact.iter()),
            inner.len(),
            pairs(&mut inner.into_iter()),
        ))
    }

    /// The tables are `dictionary.toml` folded: when they are not, the file is rewritten
    /// and the test fails once (run the tests again, commit both).
    #[test]
    fn the_table_is_dictionary_toml_folded() {
        let want = table_source(TOML).unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLE);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            std::fs::write(&path, want).unwrap();
            panic!("{TABLE} was not dictionary.toml folded; it is now: run the tests again and commit it");
        }
    }

    #[test]
    fn an_alias_of_two_merchants_or_an_unknown_category_is_an_error() {
        let two = "merchant = [{ name = \"가\", category = \"game\", aliases = [\"Ab Cd\"] },\n\
                   { name = \"나\", category = \"game\", aliases = [\"abcd\"] }]";
        assert_eq!(
            table_source(two).unwrap_err(),
            "alias \"abcd\" of 나 already belongs to 가"
        );
        let unknown = "merchant = [{ name = \"가\", category = \"casino\" }]";
        assert_eq!(
            table_source(unknown).unwrap_err(),
            "가: unknown category casino"
        );
    }

    #[test]
    fn the_builtin_dictionary_covers_every_category() {
        let d = Dictionary::builtin();
        assert!(d.entries().len() >= 150, "{}", d.entries().len());
        for c in Category::ALL.iter() {
            assert!(d.entries().iter().any(|e| e.category == *c), "{c:?}");
        }
        assert!(d.exact.windows(2).all(|w| w[0].0 < w[1].0));
        // The README says how many merchants it knows.
        let readme = include_str!("../../../README.md");
        let n = d.entries().len();
        assert!(
            readme.contains(&format!("내장 사전({n}개 가맹점")),
            "README: {n}개"
        );
        assert!(
            readme.contains(&format!("dictionary of {n} Korean")),
            "README: {n}"
        );
    }

    #[test]
    fn exact_then_longest_inside() {
        let d = Dictionary::builtin();
        let hit = d.lookup("(주)한국문화진흥 컬쳐랜드").unwrap();
        assert_eq!(
            (hit.entry.name, hit.alias, hit.exact),
            ("컬쳐랜드", "한국문화진흥", false)
        );
        let hit = d.lookup("카카오게임즈 오딘").unwrap();
        assert_eq!(hit.entry.name, "카카오게임즈");
        let hit = d.lookup("GOOGLE PLAY").unwrap();
        assert_eq!(
            (hit.entry.name, hit.alias, hit.exact),
            ("Google Play", "googleplay", true)
        );
        assert!(d.lookup("동네 꽃집").is_none());
    }
}
