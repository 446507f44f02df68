//! A household's phone lines (docs/RULES.md rule 12): which lines the statements hold,
//! the months each line's statements cover, and the names and child marks the user
//! gave them. The ledger keeps this in its manifest; `soaek lines` edits it.
//!
//! A payment's line is its line id (a masked number such as `010-****-1234`, or the
//! name given with `import --line`), or none when nobody said: those payments form the
//! unnamed line, which is also every payment of a ledger from before lines. Lines with
//! the same label are one line: labelling is how lines are merged.

use crate::coverage::Coverage;
use serde::{Deserialize, Serialize};
use soaek_import::FileImport;
use std::collections::BTreeMap;

/// The id of the unnamed line (payments whose line nobody gave).
pub const UNNAMED: &str = "";

/// What is known of one line id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInfo {
    /// The name the user gave it (`soaek lines label`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A child's line: advice keeps to the safer tiers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub child: bool,
    /// The months the statements holding this line cover.
    #[serde(default)]
    pub coverage: Coverage,
}

/// Every line id seen, with what is known of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lines(pub BTreeMap<String, LineInfo>);

/// One line as the analysis sees it: the ids that carry its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineGroup {
    /// The label, else the line id; `None` for the unnamed line without a label.
    pub name: Option<String>,
    /// The line ids in it (`""` for the unnamed line).
    pub ids: Vec<String>,
    pub child: bool,
    /// The union of its ids' coverage.
    pub coverage: Coverage,
}

impl LineGroup {
    pub fn holds(&self, line: Option<&str>) -> bool {
        let id = line.unwrap_or(UNNAMED);
        self.ids.iter().any(|i| i == id)
    }

    /// The masked numbers of the line (its ids that are not names or the unnamed line).
    pub fn numbers(&self) -> impl Iterator<Item = &str> {
        self.ids
            .iter()
            .map(String::as_str)
            .filter(|i| i.chars().any(|c| c.is_ascii_digit()) && i.contains('*'))
    }

    /// Whether `query` names this line: its label, one of its ids, or for the unnamed
    /// line `-`.
    pub fn is_named(&self, query: &str) -> bool {
        let q = query.trim();
        self.name.as_deref() == Some(q)
            || self.ids.iter().any(|i| i == q)
            || (self.ids.iter().any(|i| i == UNNAMED) && q == "-")
            || soaek_import::line::line_id(q).is_some_and(|id| self.ids.contains(&id))
    }
}

impl Lines {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The lines of one statement: each line its rows name (and the unnamed line when
    /// some rows name none), each covering what the statement covers (`coverage`, the
    /// statement's own: `Coverage::of_file`).
    pub fn of_file(import: &FileImport, coverage: &Coverage) -> Lines {
        use rayon::prelude::*;
        let mut lines = Lines::default();
        // Each part's lines on either core (a statement may hold millions of rows, most
        // of one line), then every part's in order.
        let parts: Vec<Vec<Option<&str>>> = import
            .transactions
            .par_chunks(1 << 16)
            .map(|part| distinct(part.iter().map(|t| t.line())).collect())
            .collect();
        for id in distinct(parts.into_iter().flatten()) {
            let id = id.unwrap_or(UNNAMED);
            if !lines.0.contains_key(id) {
                lines.0.insert(
                    id.to_string(),
                    LineInfo {
                        coverage: coverage.clone(),
                        ..LineInfo::default()
                    },
                );
            }
        }
        lines
    }

    /// The lines of both: coverage joined, names and marks already given kept.
    pub fn join(&mut self, other: &Lines) {
        for (id, info) in &other.0 {
            let mine = self.0.entry(id.clone()).or_default();
            mine.coverage.join(&info.coverage);
            if mine.label.is_none() {
                mine.label = info.label.clone();
            }
            mine.child |= info.child;
        }
    }

    /// The lines as the analysis groups them: by label (else id), in order of first id.
    /// `all` stands in for the coverage of a line with none recorded (the unnamed line
    /// of a ledger from before lines). `present` are the line ids of the payments.
    pub fn groups<'a>(
        &self,
        present: impl Iterator<Item = Option<&'a str>>,
        all: &Coverage,
    ) -> Vec<LineGroup> {
        let mut ids: BTreeMap<&str, Option<&LineInfo>> =
            self.0.iter().map(|(k, v)| (k.as_str(), Some(v))).collect();
        for id in distinct(present) {
            ids.entry(id.unwrap_or(UNNAMED)).or_insert(None);
        }
        let mut groups: Vec<LineGroup> = Vec::new();
        for (id, info) in ids {
            let name = info
                .and_then(|i| i.label.clone())
                .or_else(|| (id != UNNAMED).then(|| id.to_string()));
            let coverage = match info {
                Some(i) if !i.coverage.is_empty() => i.coverage.clone(),
                _ => all.clone(),
            };
            let child = info.is_some_and(|i| i.child);
            match groups.iter_mut().find(|g| g.name == name) {
                Some(g) => {
                    g.ids.push(id.to_string());
                    g.coverage.join(&coverage);
                    g.child |= child;
                }
                None => groups.push(LineGroup {
                    name,
                    ids: vec![id.to_string()],
                    child,
                    coverage,
                }),
            }
        }
        groups
    }
}

/// `lines` without the repeats of the line just before: rows come in runs of one line
/// (a line's text is shared, so the same line is the same pointer), and a million rows of
/// one line are looked up once, not a million times.
pub(crate) fn distinct<'a>(
    lines: impl Iterator<Item = Option<&'a str>>,
) -> impl Iterator<Item = Option<&'a str>> {
    let mut last: Option<Option<&str>> = None;
    lines.filter(move |l| {
        let same = last.is_some_and(|p| match (p, *l) {
            (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
            (None, None) => true,
            _ => false,
        });
        last = Some(*l);
        !same
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::month::Month;

    fn covering(from: &str, to: &str) -> Coverage {
        let mut c = Coverage::default();
        let (from, to) = (Month::parse(from).unwrap(), Month::parse(to).unwrap());
        c.add(crate::coverage::MonthRange { from, to }, to.first_day());
        c
    }

    #[test]
    fn lines_with_one_label_are_one_line() {
        let mut lines = Lines::default();
        for (id, label, from) in [
            ("010-****-1234", Some("민준"), "2025-01"),
            ("010-****-5678", None, "2025-03"),
            ("민준", None, "2025-05"),
        ] {
            lines.0.insert(
                id.into(),
                LineInfo {
                    label: label.map(Into::into),
                    child: false,
                    coverage: covering(from, from),
                },
            );
        }
        let all = covering("2024-01", "2025-06");
        let groups = lines.groups([None, Some("민준")].into_iter(), &all);
        let names: Vec<Option<&str>> = groups.iter().map(|g| g.name.as_deref()).collect();
        assert_eq!(names, [None, Some("민준"), Some("010-****-5678")]);
        // The unnamed line of an older ledger covers what the ledger covers.
        assert_eq!(groups[0].coverage, all);
        assert_eq!(groups[1].ids, ["010-****-1234", "민준"]);
        assert_eq!(groups[1].coverage.ranges.len(), 2);
        assert!(groups[1].is_named("민준"));
        assert!(groups[1].is_named("010-1234-1234") && groups[1].is_named("010-****-1234"));
        assert!(groups[0].is_named("-") && !groups[2].is_named("-"));
        assert_eq!(groups[2].numbers().collect::<Vec<_>>(), ["010-****-5678"]);
    }
}
