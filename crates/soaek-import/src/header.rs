//! Finding the header row and mapping its columns to roles by Korean/English synonyms
//! (the synonyms are data: `vocabulary.toml`).

use crate::error::FileError;
use crate::vocabulary::vocabulary;

/// A header is looked for in a row's first this many cells: statements have a dozen
/// columns, and a row of thousands of cells is not turned into thousands of names.
pub const MAX_HEADER_COLUMNS: usize = 256;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Date,
    Time,
    Merchant,
    Item,
    Amount,
    Status,
    Approval,
    Kind,
    /// Which cap bills the payment: 결제수단 / 서비스구분 (콘텐츠이용료 or 휴대폰 소액결제).
    Billing,
    /// Which phone line paid: 휴대폰번호 / 회선번호 (often masked, 010-****-1234).
    Line,
}

/// How many roles there are.
pub const ROLES: usize = 10;

impl Role {
    pub const ALL: [Role; ROLES] = [
        Role::Date,
        Role::Time,
        Role::Merchant,
        Role::Item,
        Role::Amount,
        Role::Status,
        Role::Approval,
        Role::Kind,
        Role::Billing,
        Role::Line,
    ];

    /// Name used in profiles and messages.
    pub fn key(self) -> &'static str {
        match self {
            Role::Date => "date",
            Role::Time => "time",
            Role::Merchant => "merchant",
            Role::Item => "item",
            Role::Amount => "amount",
            Role::Status => "status",
            Role::Approval => "approval",
            Role::Kind => "kind",
            Role::Billing => "billing",
            Role::Line => "line",
        }
    }

    pub fn korean(self) -> &'static str {
        match self {
            Role::Date => "결제일시",
            Role::Time => "결제시간",
            Role::Merchant => "가맹점",
            Role::Item => "상품명",
            Role::Amount => "결제금액",
            Role::Status => "상태",
            Role::Approval => "승인번호",
            Role::Kind => "결제유형",
            Role::Billing => "결제수단",
            Role::Line => "휴대폰번호",
        }
    }
}

/// Fold a header cell for matching: no whitespace, lower case, no unit in brackets
/// (`결제금액(원)` → `결제금액`), no `.`/`_`/`-` (`Approval No.` → `approvalno`).
pub fn normalize_header(s: &str) -> String {
    fold_header(s, &vocabulary().headers.units)
}

/// [`normalize_header`] with these units.
pub(crate) fn fold_header(s: &str, units: &[String]) -> String {
    let mut t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '_' | '-' | '*' | ':'))
        .flat_map(char::to_lowercase)
        .collect();
    for unit in units {
        if let Some(x) = t.strip_suffix(unit.as_str()) {
            t = x.to_string();
        }
    }
    t
}

/// The role a header name stands for, with its rank among that role's synonyms.
pub fn role_of(name: &str) -> Option<(Role, usize)> {
    let n = normalize_header(name);
    if n.is_empty() {
        return None;
    }
    let headers = &vocabulary().headers;
    Role::ALL.iter().find_map(|&r| {
        headers
            .of(r)
            .iter()
            .position(|s| *s == n)
            .map(|rank| (r, rank))
    })
}

/// A row that names statement columns but lacks the date or the amount one: the
/// missing column, for a clearer error than "no header".
pub fn missing_in_header<'a>(cells: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let roles: Vec<Role> = cells.filter_map(|c| role_of(c).map(|(r, _)| r)).collect();
    let has = |r: Role| roles.contains(&r);
    if roles.len() < 2 {
        return None;
    }
    match (has(Role::Date), has(Role::Amount)) {
        (true, false) => Some("결제금액/amount"),
        (false, true) => Some("결제일시/date"),
        _ => None,
    }
}

/// Which column (0-based) holds each role, and the header names for messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub cols: [Option<usize>; ROLES],
    pub names: Vec<String>,
    /// Two columns with the same name for one role (two 결제금액): the first two.
    pub duplicate: Option<(usize, usize)>,
}

impl ColumnMap {
    pub fn get(&self, role: Role) -> Option<usize> {
        self.cols[role as usize]
    }

    pub fn set(&mut self, role: Role, col: Option<usize>) {
        self.cols[role as usize] = col;
    }

    /// `결제금액(C)`: the header name with its spreadsheet column letter.
    pub fn column_label(&self, col: usize) -> String {
        let letter = column_letter(col);
        match self
            .names
            .get(col)
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            Some(name) => format!("{name} [{letter}]"),
            None => letter,
        }
    }

    /// Map a header row by synonyms. `None` unless it has a date and an amount column.
    pub fn from_header<'a>(cells: impl Iterator<Item = &'a str>) -> Option<ColumnMap> {
        let mut map = ColumnMap::default();
        let mut ranks = [usize::MAX; ROLES];
        for (col, name) in cells.enumerate() {
            map.names.push(name.trim().to_string());
            let Some((mut role, rank)) = role_of(name) else {
                continue;
            };
            // A second merchant-like column (서비스명 beside 가맹점명) describes the item.
            if role == Role::Merchant
                && map.get(Role::Merchant).is_some()
                && map.get(Role::Item).is_none()
            {
                role = Role::Item;
            }
            let slot = role as usize;
            if rank == ranks[slot] && map.duplicate.is_none() {
                map.duplicate = map.cols[slot].map(|first| (first, col));
            }
            if rank < ranks[slot] {
                ranks[slot] = rank;
                map.cols[slot] = Some(col);
            }
        }
        (map.get(Role::Date).is_some() && map.get(Role::Amount).is_some()).then_some(map)
    }

    /// The merchant column, falling back to the item column.
    pub fn require_merchant(&mut self) -> Result<(), FileError> {
        if self.get(Role::Merchant).is_none() {
            match self.get(Role::Item) {
                Some(item) => {
                    self.set(Role::Merchant, Some(item));
                    self.set(Role::Item, None);
                }
                None => return Err(FileError::MissingColumn("가맹점/merchant")),
            }
        }
        Ok(())
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letter(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_and_english_headers() {
        let m = ColumnMap::from_header(
            [
                "No",
                "결제일시",
                "가맹점명",
                "상품명",
                "결제금액(원)",
                "상태",
                "승인번호",
                "결제유형",
            ]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(m.get(Role::Date), Some(1));
        assert_eq!(m.get(Role::Merchant), Some(2));
        assert_eq!(m.get(Role::Item), Some(3));
        assert_eq!(m.get(Role::Amount), Some(4));
        assert_eq!(m.get(Role::Status), Some(5));
        assert_eq!(m.get(Role::Approval), Some(6));
        assert_eq!(m.get(Role::Kind), Some(7));
        assert_eq!(m.get(Role::Time), None);
        assert_eq!(m.column_label(4), "결제금액(원) [E]");

        let m = ColumnMap::from_header(
            [
                "Date",
                "Time",
                "Merchant",
                "Amount",
                "Status",
                "Approval No.",
            ]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(m.get(Role::Time), Some(1));
        assert_eq!(m.get(Role::Approval), Some(5));
    }

    #[test]
    fn separate_time_column_and_second_merchant_column() {
        let m = ColumnMap::from_header(
            [
                "이용일자",
                "이용시간",
                "가맹점",
                "서비스명",
                "이용금액",
                "구분",
            ]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(m.get(Role::Date), Some(0));
        assert_eq!(m.get(Role::Time), Some(1));
        assert_eq!(m.get(Role::Merchant), Some(2));
        assert_eq!(m.get(Role::Item), Some(3));
        assert_eq!(m.get(Role::Status), Some(5));
    }

    #[test]
    fn a_phone_line_column() {
        for name in [
            "휴대폰번호",
            "회선번호",
            "이용번호",
            "전화번호",
            "서비스번호",
            "Phone",
        ] {
            let m = ColumnMap::from_header(["결제일시", name, "가맹점명", "결제금액"].into_iter())
                .unwrap();
            assert_eq!(m.get(Role::Line), Some(1), "{name}");
        }
    }

    #[test]
    fn a_title_row_is_no_header() {
        assert!(ColumnMap::from_header(["휴대폰 소액결제 이용내역"].into_iter()).is_none());
        assert!(
            ColumnMap::from_header(["조회기간: 2025-01-01 ~ 2025-06-30", ""].into_iter()).is_none()
        );
        assert!(
            ColumnMap::from_header(["결제일시", "가맹점"].into_iter()).is_none(),
            "no amount"
        );
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
