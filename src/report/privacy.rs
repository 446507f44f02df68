//! What reports must not show in full: Korean mobile numbers in statement text
//! (a merchant or item name can carry one, e.g. a top-up for `010-1234-5678`) are
//! masked as `010-****-5678`.

use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// 010/011/016/017/018/019 numbers, with or without separators, or written +82 10 ….
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\+82[-. ]?|0)(1[016789])[-. ]?(\d{3,4})[-. ]?(\d{4})").expect("static regex")
});

/// `text` with every mobile number masked: `010-****-5678`, `+82-10-****-5678`.
/// Digits run on either side (an approval number) are left alone.
pub fn mask_phones(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut last = 0;
    for c in MOBILE.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(|ch| ch.is_ascii_digit())
            || after.is_some_and(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        let prefix = if c[1].starts_with('+') { "+82-" } else { "0" };
        out.push_str(&text[last..m.start()]);
        out.push_str(&format!("{prefix}{}-****-{}", &c[2], &c[4]));
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
        ] {
            assert_eq!(mask_phones(text), text);
        }
    }
}
