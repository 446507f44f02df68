//! What statements write, as data (`vocabulary.toml`, embedded): header synonyms per
//! column role, status words, total and note rows, billing words and automatic-payment
//! words. The parsers ask [`vocabulary`]; a new export's column name or status word is
//! a data change with a test, not code.

use crate::header::{fold_header, Role};
use crate::model::Status;
use serde::Deserialize;
use std::sync::OnceLock;

const DATA: &str = include_str!("vocabulary.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub headers: Headers,
    pub status: StatusWords,
    pub billing: Billing,
    pub pay_kind: PayKind,
    pub rows: RowWords,
}

/// Column names per role, best first, already folded by `header::normalize_header`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headers {
    date: Vec<String>,
    time: Vec<String>,
    merchant: Vec<String>,
    item: Vec<String>,
    amount: Vec<String>,
    status: Vec<String>,
    approval: Vec<String>,
    kind: Vec<String>,
    billing: Vec<String>,
    line: Vec<String>,
    /// Units written after a name (`결제금액(원)`), dropped before matching.
    pub units: Vec<String>,
}

impl Headers {
    pub fn of(&self, role: Role) -> &[String] {
        match role {
            Role::Date => &self.date,
            Role::Time => &self.time,
            Role::Merchant => &self.merchant,
            Role::Item => &self.item,
            Role::Amount => &self.amount,
            Role::Status => &self.status,
            Role::Approval => &self.approval,
            Role::Kind => &self.kind,
            Role::Billing => &self.billing,
            Role::Line => &self.line,
        }
    }
}

/// What a status cell may say (see `parse_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusId {
    Approved,
    Cancelled,
    PartiallyCancelled,
    Refunded,
    Failed,
}

impl StatusId {
    /// The status, `None` for a failed payment.
    pub fn status(self) -> Option<Status> {
        match self {
            StatusId::Approved => Some(Status::Approved),
            StatusId::Cancelled => Some(Status::Cancelled),
            StatusId::PartiallyCancelled => Some(Status::PartiallyCancelled),
            StatusId::Refunded => Some(Status::Refunded),
            StatusId::Failed => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusWords {
    /// Whole cells, compared as written.
    pub exact: Vec<(String, StatusId)>,
    partially_cancelled: Vec<String>,
    refunded: Vec<String>,
    cancelled: Vec<String>,
    failed: Vec<String>,
    approved: Vec<String>,
}

impl StatusWords {
    /// The word lists in the order they decide: the first with a word in the cell wins.
    pub fn by_words(&self) -> [(StatusId, &[String]); 5] {
        [
            (StatusId::PartiallyCancelled, &self.partially_cancelled),
            (StatusId::Refunded, &self.refunded),
            (StatusId::Cancelled, &self.cancelled),
            (StatusId::Failed, &self.failed),
            (StatusId::Approved, &self.approved),
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Billing {
    pub content: Vec<String>,
    pub micropayment: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayKind {
    pub automatic: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowWords {
    pub total: Vec<String>,
    pub note: Vec<String>,
}

fn parse(text: &str) -> Result<Vocabulary, String> {
    let v: Vocabulary = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut seen = std::collections::HashMap::new();
    for role in Role::ALL {
        for name in v.headers.of(role) {
            if fold_header(name, &v.headers.units) != *name {
                return Err(format!("{}: {name:?} is not folded", role.key()));
            }
            if let Some(other) = seen.insert(name.clone(), role) {
                return Err(format!(
                    "{name:?} names both {} and {}",
                    other.key(),
                    role.key()
                ));
            }
        }
    }
    let lists = [
        &v.billing.content,
        &v.billing.micropayment,
        &v.pay_kind.automatic,
        &v.rows.total,
        &v.rows.note,
    ];
    if lists.iter().any(|l| l.iter().any(String::is_empty)) {
        return Err("an empty word".into());
    }
    Ok(v)
}

/// The vocabulary shipped in the binary (checked by the tests below; an empty one is
/// the fallback rather than a panic, and reads nothing).
pub fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        parse(DATA).unwrap_or_else(|_| {
            toml::from_str(EMPTY).unwrap_or_else(|_| unreachable!("the empty vocabulary parses"))
        })
    })
}

const EMPTY: &str = "[headers]\ndate=[]\ntime=[]\nmerchant=[]\nitem=[]\namount=[]\nstatus=[]\napproval=[]\nkind=[]\nbilling=[]\nline=[]\nunits=[]\n[status]\nexact=[]\npartially_cancelled=[]\nrefunded=[]\ncancelled=[]\nfailed=[]\napproved=[]\n[billing]\ncontent=[]\nmicropayment=[]\n[pay_kind]\nautomatic=[]\n[rows]\ntotal=[]\nnote=[]\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_vocabulary_is_valid() {
        let v = parse(DATA).unwrap();
        for role in Role::ALL {
            assert!(!v.headers.of(role).is_empty(), "{}", role.key());
        }
        assert_eq!(v.headers.of(Role::Date)[0], "결제일시");
        assert!(v
            .status
            .exact
            .iter()
            .any(|(w, s)| w == "취소" && *s == StatusId::Cancelled));
        // The fallback parses too.
        assert!(toml::from_str::<Vocabulary>(EMPTY).is_ok());
    }

    #[test]
    fn a_bad_vocabulary_is_refused() {
        let unfolded = DATA.replace("\"결제일시\", \"거래일시\"", "\"결제 일시\", \"거래일시\"");
        assert!(parse(&unfolded).unwrap_err().contains("not folded"));
        let twice = DATA.replace("\"거래시간\"", "\"결제일시\"");
        assert!(parse(&twice).unwrap_err().contains("names both"));
        let unknown = format!("{DATA}\n[extra]\nx = 1\n");
        assert!(parse(&unknown).is_err());
    }
}
