//! What reports must not show in full: Korean mobile numbers in statement text
//! (a merchant or item name can carry one, e.g. a top-up for `010-1234-5678`) are
//! masked as `010-****-5678`, however they are written: any dash (hyphen, en dash,
//! minus sign, U+2010/U+2011, full-width), dots, spaces around separators, the area in
//! parentheses `(010)1234-5678`, full-width digits, `+82 10 …` and `+82 (0)10 …`.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// 010/011/016/017/018/019 numbers in any of the spellings above.
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    let d = "[0-9０-９]";
    let sep = r"(?:\s*[-.\x{2010}-\x{2015}\x{2212}\x{FE58}\x{FE63}\x{FF0D}\x{FF0E}]\s*|\s+)?";
    let pattern = format!(
        r"(?P<cc>[+＋]\s*[8８][2２]{sep}(?:\(\s*[0０]\s*\)\s*)?|\(\s*[0０]|[0０])(?P<op>[1１][016789０１６７８９])(?:\s*\))?{sep}(?P<mid>{d}{{3,4}}){sep}(?P<last>{d}{{4}})"
    );
    Regex::new(&pattern).expect("static regex")
});

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Full-width digits as ASCII.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// `text` with every mobile number masked: `010-****-5678`, `+82-10-****-5678`.
/// Digits run on either side (an approval number) are left alone.
pub fn mask_phones(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut last = 0;
    for c in MOBILE.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(is_digit) || after.is_some_and(is_digit) {
            continue;
        }
        let international = c["cc"].starts_with(['+', '＋']);
        let prefix = if international { "+82-" } else { "0" };
        out.push_str(&text[last..m.start()]);
        out.push_str(&format!(
            "{prefix}{}-****-{}",
            ascii_digits(&c["op"]),
            ascii_digits(&c["last"])
        ));
        last = m.end();
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::mask_phones;
    use proptest::prelude::*;

    #[test]
    fn mobile_numbers_are_masked_in_every_spelling() {
        let cases = [
            ("충전 010-1234-5678", "충전 010-****-5678"),
            ("01012345678님", "010-****-5678님"),
            ("011.234.5678", "011-****-5678"),
            ("+82 10 9876 5432 선물", "+82-10-****-5432 선물"),
            (
                "a 010-1234-5678, b 016-987-6543",
                "a 010-****-5678, b 016-****-6543",
            ),
            ("(010)1234-5678", "010-****-5678"),
            ("( 010 ) 1234-5678", "010-****-5678"),
            ("010 - 1234 - 5678", "010-****-5678"),
            ("010–1234–5678", "010-****-5678"),
            ("010−1234−5678", "010-****-5678"),
            ("010\u{2010}1234\u{2010}5678", "010-****-5678"),
            ("010\u{2011}1234\u{2011}5678", "010-****-5678"),
            ("０１０－１２３４－５６７８ 충전", "010-****-5678 충전"),
            ("０１０１２３４５６７８", "010-****-5678"),
            ("+82 (0)10-1234-5678", "+82-10-****-5678"),
            ("+82-10-1234-5678", "+82-10-****-5678"),
        ];
        for (input, want) in cases {
            assert_eq!(mask_phones(input), want, "{input}");
        }
    }

    #[test]
    fn other_numbers_stay() {
        for text in [
            "고객센터 1588-1234",
            "승인 2010123456789",
            "02-123-4567",
            "쿠팡",
            "주문 ２０１０１２３４５６７８９",
        ] {
            assert_eq!(mask_phones(text), text);
        }
    }

    /// One digit, ASCII or full-width.
    fn digit(wide: bool, d: u32) -> char {
        if wide {
            char::from_u32('０' as u32 + d).unwrap()
        } else {
            char::from_digit(d, 10).unwrap()
        }
    }

    proptest! {
        /// Any operator, middle and last part, any separator from the list with any
        /// spaces around it, either digit width, between words: the middle digits never
        /// survive and the result names the operator and the last four.
        #[test]
        fn every_written_form_is_masked(
            op in prop::sample::select(vec![0u32, 1, 6, 7, 8, 9]),
            mid in prop::collection::vec(0u32..10, 3..=4),
            last in prop::collection::vec(0u32..10, 4),
            sep in prop::sample::select(vec!["-", ".", " ", "", "–", "−", "\u{2010}", "\u{2011}", "－", " - ", "  "]),
            wide in any::<bool>(),
            paren in any::<bool>(),
            before in "[가-힣a-z ]{0,6}",
            after in "[가-힣a-z ]{0,6}",
        ) {
            let part = |ds: &[u32]| ds.iter().map(|&d| digit(wide, d)).collect::<String>();
            let area = format!("{}{}{}", digit(wide, 0), digit(wide, 1), digit(wide, op));
            let area = if paren { format!("({area})") } else { area };
            let sep2 = if paren && sep.is_empty() { "" } else { sep };
            let number = format!("{area}{sep2}{}{sep}{}", part(&mid), part(&last));
            let text = format!("{before}{number}{after}");
            let masked = mask_phones(&text);
            let last_ascii: String = last.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            let want = format!("{before}01{op}-****-{last_ascii}{after}");
            prop_assert_eq!(masked.as_ref(), want.as_str(), "{}", text);
        }
    }
}
