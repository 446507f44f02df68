//! The user's column profile (TOML): maps columns by header name or 1-based number and
//! sets date/time formats, for anything auto-detection gets wrong.
//!
//! ```toml
//! header_row = 3              # optional: 1-based row of the header
//! date_format = "%Y%m%d"      # optional: chrono format of the date cell
//! time_format = "%H%M%S"      # optional: chrono format of the time cell
//! delimiter = ";"             # optional: CSV delimiter
//! [columns]
//! date = "이용일자"            # header name ...
//! time = 2                    # ... or 1-based column number (A = 1)
//! merchant = "제공업체"
//! amount = "청구액"
//! ```

use crate::error::FileError;
use crate::header::{normalize_header, ColumnMap, Role};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A column named by its header text or by its 1-based number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    Number(usize),
    Name(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// 1-based row of the header; rows above are ignored.
    pub header_row: Option<u32>,
    pub date_format: Option<String>,
    pub time_format: Option<String>,
    pub delimiter: Option<String>,
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnRef>,
}

impl Profile {
    pub fn from_toml(text: &str) -> Result<Profile, FileError> {
        let p: Profile =
            toml::from_str(text).map_err(|e| FileError::Profile(e.message().to_string()))?;
        for key in p.columns.keys() {
            if !Role::ALL.iter().any(|r| r.key() == key) {
                return Err(FileError::Profile(format!(
                    "unknown column role {key:?} (date, time, merchant, item, amount, status, approval, kind, billing, line)"
                )));
            }
        }
        if let Some(ColumnRef::Number(0)) = p.columns.values().find(|c| **c == ColumnRef::Number(0))
        {
            return Err(FileError::Profile("column numbers start at 1".into()));
        }
        if let Some(d) = &p.delimiter {
            if d.len() != 1 && d != "\\t" {
                return Err(FileError::Profile(format!(
                    "delimiter must be one character: {d:?}"
                )));
            }
        }
        Ok(p)
    }

    pub fn delimiter_byte(&self) -> Option<u8> {
        self.delimiter
            .as_deref()
            .map(|d| if d == "\\t" { b'\t' } else { d.as_bytes()[0] })
    }

    fn column(&self, role: Role) -> Option<&ColumnRef> {
        self.columns.get(role.key())
    }

    /// Whether every named column of the profile appears in this row.
    pub fn names_match(&self, cells: &[&str]) -> bool {
        let names: Vec<String> = cells.iter().map(|c| normalize_header(c)).collect();
        self.columns.values().all(|c| match c {
            ColumnRef::Name(n) => names.contains(&normalize_header(n)),
            ColumnRef::Number(_) => true,
        })
    }

    pub fn has_named_columns(&self) -> bool {
        self.columns
            .values()
            .any(|c| matches!(c, ColumnRef::Name(_)))
    }

    /// Apply the profile's columns on top of an auto-detected (or empty) map.
    pub fn apply(&self, map: &mut ColumnMap, header: &[&str]) -> Result<(), FileError> {
        let names: Vec<String> = header.iter().map(|c| normalize_header(c)).collect();
        for role in Role::ALL {
            match self.column(role) {
                None => {}
                Some(ColumnRef::Number(n)) => map.set(role, Some(n - 1)),
                Some(ColumnRef::Name(name)) => {
                    let want = normalize_header(name);
                    let col = names
                        .iter()
                        .position(|n| *n == want)
                        .ok_or_else(|| FileError::Profile(format!("no column named {name:?}")))?;
                    // Another role auto-mapped to that column gives way.
                    for r in Role::ALL {
                        if map.get(r) == Some(col) {
                            map.set(r, None);
                        }
                    }
                    map.set(role, Some(col));
                }
            }
        }
        if map.get(Role::Date).is_none() {
            return Err(FileError::MissingColumn("결제일시/date"));
        }
        if map.get(Role::Amount).is_none() {
            return Err(FileError::MissingColumn("결제금액/amount"));
        }
        Ok(())
    }

    /// Parse a date cell with the profile's `date_format`, when it has one.
    pub fn parse_date(&self, s: &str) -> Option<Option<(NaiveDate, Option<NaiveTime>)>> {
        let fmt = self.date_format.as_deref()?;
        let s = s.trim();
        Some(
            NaiveDateTime::parse_from_str(s, fmt)
                .map(|dt| (dt.date(), Some(dt.time())))
                .or_else(|_| NaiveDate::parse_from_str(s, fmt).map(|d| (d, None)))
                .ok(),
        )
    }

    /// Parse a time cell with the profile's `time_format`, when it has one.
    pub fn parse_time(&self, s: &str) -> Option<Option<NaiveTime>> {
        let fmt = self.time_format.as_deref()?;
        Some(NaiveTime::parse_from_str(s.trim(), fmt).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_maps_names_and_numbers() {
        let p = Profile::from_toml(
            "header_row = 2\ndate_format = \"%Y%m%d\"\n[columns]\ndate = \"사용일\"\nmerchant = 3\namount = \"청구액\"\n",
        )
        .unwrap();
        assert_eq!(p.header_row, Some(2));
        let header = ["사용일", "비고", "업체", "청구액"];
        assert!(p.names_match(&header));
        let mut map = ColumnMap::default();
        p.apply(&mut map, &header).unwrap();
        assert_eq!(map.get(Role::Date), Some(0));
        assert_eq!(map.get(Role::Merchant), Some(2));
        assert_eq!(map.get(Role::Amount), Some(3));
        assert_eq!(
            p.parse_date("20250511"),
            Some(Some((NaiveDate::from_ymd_opt(2025, 5, 11).unwrap(), None)))
        );
        assert_eq!(p.parse_date("x"), Some(None));
    }

    #[test]
    fn bad_profiles_are_explained() {
        assert!(
            matches!(Profile::from_toml("[columns]\nprice = 1"), Err(FileError::Profile(m)) if m.contains("price"))
        );
        assert!(matches!(
            Profile::from_toml("[columns]\ndate = 0"),
            Err(FileError::Profile(_))
        ));
        assert!(matches!(
            Profile::from_toml("bogus = 1"),
            Err(FileError::Profile(_))
        ));
        let p = Profile::from_toml("[columns]\ndate = \"없는열\"\namount = 2").unwrap();
        let mut map = ColumnMap::default();
        assert!(
            matches!(p.apply(&mut map, &["a", "b"]), Err(FileError::Profile(m)) if m.contains("없는열"))
        );
    }
}
