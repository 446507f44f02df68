//! The fixed category ids of the stable JSON and their report labels (data:
//! `categories.toml`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    AppStore,
    Game,
    Video,
    Music,
    Books,
    Shopping,
    Delivery,
    GiftCard,
    Membership,
    Donation,
    Software,
    Transport,
    Digital,
    Telecom,
    Other,
}

impl Category {
    pub const ALL: [Category; 15] = [
        Category::AppStore,
        Category::Game,
        Category::Video,
        Category::Music,
        Category::Books,
        Category::Shopping,
        Category::Delivery,
        Category::GiftCard,
        Category::Membership,
        Category::Donation,
        Category::Software,
        Category::Transport,
        Category::Digital,
        Category::Telecom,
        Category::Other,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::AppStore => "app_store",
            Category::Game => "game",
            Category::Video => "video",
            Category::Music => "music",
            Category::Books => "books",
            Category::Shopping => "shopping",
            Category::Delivery => "delivery",
            Category::GiftCard => "gift_card",
            Category::Membership => "membership",
            Category::Donation => "donation",
            Category::Software => "software",
            Category::Transport => "transport",
            Category::Digital => "digital",
            Category::Telecom => "telecom",
            Category::Other => "other",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Korean label for reports (`categories.toml`).
    pub fn korean(self) -> &'static str {
        labels()[self as usize].0
    }

    /// English label for reports (`categories.toml`).
    pub fn english(self) -> &'static str {
        labels()[self as usize].1
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    ko: String,
    en: String,
}

fn parse_labels(text: &str) -> Result<Vec<(String, String)>, String> {
    let raw: BTreeMap<String, Label> = toml::from_str(text).map_err(|e| e.to_string())?;
    if let Some(unknown) = raw.keys().find(|k| Category::from_id(k).is_none()) {
        return Err(format!("unknown category id {unknown:?}"));
    }
    Category::ALL
        .iter()
        .map(|c| {
            raw.get(c.id())
                .map(|l| (l.ko.clone(), l.en.clone()))
                .ok_or_else(|| format!("no labels for {}", c.id()))
        })
        .collect()
}

/// Each category's (Korean, English) label, in [`Category::ALL`] order. The embedded
/// file is checked by a test; the ids are the fallback rather than a panic.
fn labels() -> &'static [(&'static str, &'static str)] {
    static LABELS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    LABELS.get_or_init(|| match parse_labels(include_str!("categories.toml")) {
        Ok(v) => v
            .into_iter()
            .map(|(ko, en)| (&*ko.leak(), &*en.leak()))
            .collect(),
        Err(_) => Category::ALL.iter().map(|c| (c.id(), c.id())).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_both_labels() {
        let v = parse_labels(include_str!("categories.toml")).unwrap();
        assert_eq!(v.len(), Category::ALL.len());
        assert_eq!(Category::GiftCard.korean(), "상품권");
        assert_eq!(Category::Other.english(), "Other");
        assert!(parse_labels("[nope]\nko = \"x\"\nen = \"y\"\n").is_err());
        assert!(parse_labels("[game]\nko = \"게임\"\nen = \"Games\"\n").is_err());
    }
}
