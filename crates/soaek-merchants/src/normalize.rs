//! Folding merchant names so that spellings of one merchant meet: NFKC, case folding,
//! whitespace and punctuation, legal forms ((주), ㈜, 주식회사, Inc., Co., Ltd.) and PG
//! prefixes/suffixes. Bracketed aliases are offered as extra candidates.

use unicode_normalization::UnicodeNormalization;

/// Legal forms and PG decorations removed before matching (already folded).
const NOISE: [&str; 22] = [
    "(주)",
    "(유)",
    "(재)",
    "(사)",
    "주식회사",
    "유한회사",
    "유한책임회사",
    "inc",
    "corp",
    "corporation",
    "co",
    "ltd",
    "llc",
    "limited",
    "korea",
    "코리아",
    "다날",
    "kg모빌리언스",
    "모빌리언스",
    "갤럭시아",
    "휴대폰결제",
    "모바일결제",
];

/// Separators that never distinguish merchants.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | '_' | '-' | '·' | '/' | ':' | '*' | '\'' | '"' | '&' | '!' | '+'
        )
}

/// NFKC + lower case (㈜ → (주), full-width → ASCII).
fn nfkc_lower(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).collect()
}

/// Remove the ASCII word `w` where it stands alone (not inside a longer word).
fn remove_ascii_word(s: &str, w: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            word.push(c);
            continue;
        }
        if word != w {
            out.push_str(&word);
        }
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// Remove legal forms and PG words, keeping brackets; a name that is only noise stays.
fn strip_noise(s: &str) -> String {
    let mut out = s.to_string();
    for n in NOISE {
        // Most names hold none of the words: skip the copies then.
        if !out.contains(n) {
            continue;
        }
        let next = if n.is_ascii() {
            remove_ascii_word(&out, n)
        } else {
            out.replace(n, " ")
        };
        if squash(&next).chars().count() >= 2 {
            out = next;
        }
    }
    out
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !is_separator(*c) && !matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>')
        })
        .collect()
}

/// The folded key of a name: what dictionary aliases and rules compare against.
pub fn fold(name: &str) -> String {
    squash(&strip_noise(&nfkc_lower(name)))
}

/// Keys to try, best first: the whole name, the name without bracketed parts, and
/// each bracketed part (`SOOP(아프리카TV)` → `soop아프리카tv`, `soop`, `아프리카tv`).
pub fn candidates(name: &str) -> Vec<String> {
    let lower = strip_noise(&nfkc_lower(name));
    let mut out = vec![squash(&lower)];
    let mut outside = String::new();
    let mut inside = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in lower.chars() {
        match c {
            '(' | '[' | '{' | '<' => {
                depth += 1;
                if depth == 1 {
                    cur.clear();
                    continue;
                }
            }
            ')' | ']' | '}' | '>' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(cur.clone());
                    continue;
                }
            }
            _ => {}
        }
        if depth == 0 {
            outside.push(c);
        } else {
            cur.push(c);
        }
    }
    for k in std::iter::once(outside).chain(inside) {
        let k = squash(&k);
        if !k.is_empty() && !out.contains(&k) {
            out.push(k);
        }
    }
    out.retain(|k| !k.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("YouTube Premium"), "youtubepremium");
        assert_eq!(fold("YOUTUBE  PREMIUM"), "youtubepremium");
        assert_eq!(fold("쿠팡(주)"), "쿠팡");
        assert_eq!(fold("㈜쿠팡"), "쿠팡");
        assert_eq!(fold("주식회사 카카오"), "카카오");
        assert_eq!(fold("Coupang Corp."), "coupang");
        assert_eq!(fold("Netflix Korea Co., Ltd."), "netflix");
        assert_eq!(fold("ＧＯＯＧＬＥ"), "google");
        assert_eq!(fold("다날_컬쳐랜드"), "컬쳐랜드");
        assert_eq!(fold("코리아"), "코리아", "a name that is only noise stays");
    }

    #[test]
    fn bracketed_aliases_are_candidates() {
        assert_eq!(
            candidates("SOOP(아프리카TV)"),
            ["soop아프리카tv", "soop", "아프리카tv"]
        );
        assert_eq!(
            candidates("(주)한국문화진흥 컬쳐랜드"),
            ["한국문화진흥컬쳐랜드"]
        );
        assert_eq!(candidates("[다날] 넥슨"), ["넥슨"]);
    }
}
