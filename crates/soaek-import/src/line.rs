//! Which phone line a payment belongs to (docs/RULES.md rule 12): the cell of a line
//! column (휴대폰번호, 회선번호 …) turned into the id the ledger keeps.
//!
//! A line id never holds more of a number than the statement showed, and never a
//! whole number: `010-1234-5678` and `01012345678` are kept as `010-****-5678`, the
//! way carriers mask a number; a number the statement already masked keeps only what
//! it showed. Text that is no number (a name a statement gives a line) is kept as
//! written.

/// The longest line id kept, in characters: a cell of a line column is a number or a
/// short name, not a paragraph.
pub const MAX_LINE_CHARS: usize = 40;

/// Characters statements mask digits with.
fn is_mask(c: char) -> bool {
    matches!(c, '*' | '＊' | 'x' | 'X' | '●' | '○' | '#' | '■' | '□')
}

/// The line id of a line column's cell; `None` for a blank cell or `-`.
pub fn line_id(cell: &str) -> Option<String> {
    let t = cell.trim();
    if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '–')) {
        return None;
    }
    let number_like = t.chars().all(|c| {
        c.is_ascii_digit() || is_mask(c) || matches!(c, '-' | ' ' | '+' | '(' | ')' | '.')
    }) && t.chars().any(|c| c.is_ascii_digit() || is_mask(c));
    if !number_like {
        let name: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        return Some(
            mask_digits_in_name(&name)
                .chars()
                .take(MAX_LINE_CHARS)
                .collect(),
        );
    }
    // Digits and mask characters, `*` for every mask; +82 10… is 010….
    let mut d: Vec<char> = t
        .chars()
        .filter(|c| c.is_ascii_digit() || is_mask(*c))
        .map(|c| if is_mask(c) { '*' } else { c })
        .collect();
    if t.starts_with('+') && d.starts_with(&['8', '2']) {
        d.splice(0..2, ['0']);
    }
    // A spreadsheet that stored the number as a number dropped its leading 0.
    if d.len() == 10 && d.starts_with(&['1', '0']) {
        d.insert(0, '0');
    }
    let n = d.len();
    let is_mobile = d.starts_with(&['0', '1']) && (n == 10 || n == 11);
    if is_mobile {
        // 010-XXXX-XXXX: the middle group is always hidden; the last four stay as shown.
        let middle = n - 7;
        let last: String = d[n - 4..].iter().collect();
        let prefix: String = d[..3].iter().collect();
        return Some(format!("{prefix}-{}-{last}", "*".repeat(middle)));
    }
    // Any other number (a 서비스번호, a landline): its last four as shown, the rest hidden.
    let keep = n.min(4);
    let hidden = (n - keep).clamp(1, 8);
    let last: String = d[n - keep..].iter().collect();
    Some(format!("{}{last}", "*".repeat(hidden)))
}

/// A name with a number in it (`민준 01012345678`): every digit but the last four hidden.
fn mask_digits_in_name(name: &str) -> String {
    let digits = name.chars().filter(char::is_ascii_digit).count();
    if digits <= 4 {
        return name.to_string();
    }
    let mut seen = 0;
    name.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= digits - 4 {
                '*'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_masked_like_a_carrier_masks_them() {
        for cell in [
            "010-1234-5678",
            "01012345678",
            " 010 1234 5678 ",
            "+82 10-1234-5678",
            "010.1234.5678",
            "1012345678",
        ] {
            assert_eq!(line_id(cell).as_deref(), Some("010-****-5678"), "{cell}");
        }
        assert_eq!(line_id("011-123-4567").as_deref(), Some("011-***-4567"));
    }

    #[test]
    fn masked_numbers_keep_no_more_than_they_show() {
        assert_eq!(line_id("010-****-1234").as_deref(), Some("010-****-1234"));
        assert_eq!(line_id("010****1234").as_deref(), Some("010-****-1234"));
        assert_eq!(line_id("010-12**-1234").as_deref(), Some("010-****-1234"));
        assert_eq!(line_id("010-XXXX-1234").as_deref(), Some("010-****-1234"));
        assert_eq!(line_id("010-●●●●-1234").as_deref(), Some("010-****-1234"));
        // The last group masked: nothing more is learned from the middle.
        assert_eq!(line_id("010-1234-****").as_deref(), Some("010-****-****"));
    }

    #[test]
    fn other_numbers_keep_their_last_four() {
        assert_eq!(line_id("123456789012").as_deref(), Some("********9012"));
        assert_eq!(line_id("02-123-4567").as_deref(), Some("*****4567"));
        assert_eq!(line_id("1234").as_deref(), Some("*1234"));
    }

    #[test]
    fn names_are_kept_and_blanks_are_no_line() {
        assert_eq!(line_id(" 민준  폰 ").as_deref(), Some("민준 폰"));
        assert_eq!(line_id("회선 1").as_deref(), Some("회선 1"));
        assert_eq!(line_id(""), None);
        assert_eq!(line_id(" - "), None);
        let long = "가".repeat(100);
        assert_eq!(line_id(&long).unwrap().chars().count(), MAX_LINE_CHARS);
    }

    /// More than seven digits is more than a masked mobile number shows.
    fn shows_whole_number(id: &str) -> bool {
        id.chars().filter(char::is_ascii_digit).count() > 7
    }

    #[test]
    fn no_id_shows_a_whole_number() {
        assert_eq!(
            line_id("민준 010-1234-5678").as_deref(),
            Some("민준 ***-****-5678")
        );
        for cell in [
            "010-1234-5678",
            "01012345678",
            "123456789012",
            "+82 10 1234 5678",
            "민준 01012345678",
        ] {
            let id = line_id(cell).unwrap();
            assert!(!shows_whole_number(&id), "{cell} → {id}");
        }
        assert!(shows_whole_number("01012345678"));
    }
}
