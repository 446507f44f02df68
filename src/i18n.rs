//! User-facing language: Korean by default, English with `--lang en`.

pub use soaek_import::Lang;

/// Pick the Korean or English text.
pub fn tr<'a>(lang: Lang, ko: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// A Korean particle whose form follows the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Josa {
    /// 이 / 가
    Subject,
    /// 은 / 는
    Topic,
    /// 을 / 를
    Object,
    /// 과 / 와
    And,
    /// 으로 / 로 (로 also after ㄹ)
    Toward,
}

/// `word` without a trailing parenthetical aside: a particle after `이자(가산금)` agrees
/// with 이자, the word outside the brackets. An aside alone is kept.
fn outside_brackets(word: &str) -> &str {
    let w = word.trim_end();
    let Some(inner) = w.strip_suffix(')') else {
        return w;
    };
    let mut depth = 1;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let before = inner[..i].trim_end();
                    return if before.is_empty() { inner } else { before };
                }
            }
            _ => {}
        }
    }
    w
}

/// Whether the word ends in a final consonant as read aloud, and whether that is ㄹ:
/// the last Hangul syllable, digit or Latin letter, past closing quotes and a trailing
/// parenthetical aside. Capitals after a capital are read as letter names (`KT` 케이티,
/// `URL` 유알엘); other Latin words as Koreans read the last letter (-l, -m, -n, -b, -k,
/// -p, -t close).
fn ending(word: &str) -> (bool, bool) {
    let word = outside_brackets(word);
    let mut chars = word
        .chars()
        .rev()
        .skip_while(|c| matches!(c, '"' | '\'' | '”' | '’' | ']' | '」' | '』' | ' '));
    let Some(c) = chars.next() else {
        return (false, false);
    };
    let before = chars.next();
    match c {
        '가'..='힣' => {
            let jong = (c as u32 - '가' as u32) % 28;
            (jong != 0, jong == 8)
        }
        // 영 일 이 삼 사 오 육 칠 팔 구
        '0' | '3' | '6' => (true, false),
        '1' | '7' | '8' => (true, true),
        '2' | '4' | '5' | '9' => (false, false),
        // An acronym: 엘 엠 엔 알 close (엘 and 알 with ㄹ).
        'A'..='Z' if before.is_some_and(|b| b.is_ascii_uppercase()) => {
            (matches!(c, 'L' | 'M' | 'N' | 'R'), matches!(c, 'L' | 'R'))
        }
        _ => {
            let l = c.to_ascii_lowercase();
            (
                matches!(l, 'l' | 'm' | 'n' | 'b' | 'k' | 'p' | 't'),
                l == 'l',
            )
        }
    }
}

/// `word` followed by the form of `josa` that agrees with it: `"멜론"과`, `1,000,000원은`.
pub fn josa(word: &str, josa: Josa) -> String {
    let (closed, rieul) = ending(word);
    let particle = match josa {
        Josa::Subject => {
            if closed {
                "이"
            } else {
                "가"
            }
        }
        Josa::Topic => {
            if closed {
                "은"
            } else {
                "는"
            }
        }
        Josa::Object => {
            if closed {
                "을"
            } else {
                "를"
            }
        }
        Josa::And => {
            if closed {
                "과"
            } else {
                "와"
            }
        }
        Josa::Toward => {
            if closed && !rieul {
                "으로"
            } else {
                "로"
            }
        }
    };
    format!("{word}{particle}")
}

/// The particles [`particle_mistakes`] checks, longest first, with their kind.
const PARTICLES: [(&str, Josa); 10] = [
    ("으로", Josa::Toward),
    ("이", Josa::Subject),
    ("가", Josa::Subject),
    ("은", Josa::Topic),
    ("는", Josa::Topic),
    ("을", Josa::Object),
    ("를", Josa::Object),
    ("과", Josa::And),
    ("와", Josa::And),
    ("로", Josa::Toward),
];

/// The inverse of [`josa`]: every particle in `text` that disagrees with the word before
/// it, where that word is an amount (`12,300원`), a number, a Latin word or a quoted or
/// bracketed name: the places a template fills in. (After an ordinary Hangul word the
/// particle is written by hand and the same letters are often part of the word.)
pub fn particle_mistakes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let separator = |c: char| c.is_whitespace() || matches!(c, '·' | '/');
    let mut start = 0;
    for piece in text.split_inclusive(separator) {
        let token_start = start;
        start += piece.len();
        let token = piece.trim_end_matches(separator);
        let token = token.trim_end_matches(['.', ',', ':', ';', '!', '?', ')']);
        for (particle, kind) in PARTICLES {
            let Some(word) = token.strip_suffix(particle) else {
                continue;
            };
            // An aside that began in an earlier token: the word is the one before it,
            // `줄(결제일시·금액 같은 열 이름)을`.
            let word = match (word.ends_with(')'), word.contains('(')) {
                (true, false) => match text[..token_start].rfind('(') {
                    Some(open) => {
                        let from = text[..open].rfind(separator).map_or(0, |i| {
                            i + text[i..].chars().next().map_or(1, char::len_utf8)
                        });
                        &text[from..token_start + word.len()]
                    }
                    None => word,
                },
                _ => word,
            };
            let mut chars = word.chars().rev();
            let (last, before) = (chars.next(), chars.next());
            let filled_in = match last {
                Some('원') => before.is_some_and(|c| c.is_ascii_digit()),
                Some(c) => {
                    c.is_ascii_alphanumeric()
                        || matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '」' | '』' | '%')
                }
                None => false,
            };
            if filled_in && josa(word, kind) != format!("{word}{particle}") {
                out.push(format!("{word}{particle}"));
            }
            break;
        }
    }
    out
}

/// `--lang ko|en`.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.to_ascii_lowercase().as_str() {
        "ko" | "kr" | "korean" | "한국어" => Ok(Lang::Ko),
        "en" | "english" => Ok(Lang::En),
        _ => Err(format!("unknown language {s:?} (ko, en)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_agree_with_the_word_before_them() {
        let cases = [
            ("\"멜론\"", Josa::And, "\"멜론\"과"),
            ("\"유튜브프리미엄\"", Josa::And, "\"유튜브프리미엄\"과"),
            ("\"엔씨소프트\"", Josa::Subject, "\"엔씨소프트\"가"),
            ("1,000,000원", Josa::Topic, "1,000,000원은"),
            ("300,000원", Josa::Object, "300,000원을"),
            ("서울", Josa::Toward, "서울로"),
            ("171,900원", Josa::Toward, "171,900원으로"),
            ("소액결제", Josa::Subject, "소액결제가"),
            ("Google Play", Josa::Subject, "Google Play가"),
            ("Netflix", Josa::Object, "Netflix를"),
            ("2025-11", Josa::Subject, "2025-11이"),
            ("이자(가산금)", Josa::Subject, "이자(가산금)가"),
            ("설날(02-16~02-18)", Josa::Subject, "설날(02-16~02-18)이"),
            ("(가산금)", Josa::Subject, "(가산금)이"),
            ("KT", Josa::Topic, "KT는"),
            ("SKT", Josa::Object, "SKT를"),
            ("URL", Josa::Toward, "URL로"),
            ("OTT", Josa::Subject, "OTT가"),
            ("Premium", Josa::Subject, "Premium이"),
        ];
        for (word, j, want) in cases {
            assert_eq!(josa(word, j), want, "{word}");
            assert!(particle_mistakes(want).is_empty(), "{want}");
        }
    }

    #[test]
    fn the_inverse_check_finds_the_mistakes_seen_before() {
        let text = "지금 한도 1,000,000원는 권장 500,000원보다 높습니다. 별칭 \"멜론\"와 일치. \
                    \"엔씨소프트\"이 있음. 한도 300,000원으로 낮추세요. Google Play가 청구.";
        assert_eq!(
            particle_mistakes(text),
            ["1,000,000원는", "\"멜론\"와", "\"엔씨소프트\"이"]
        );
        // Ordinary Hangul words are left alone: 있는, 하는, 원가.
        assert!(particle_mistakes("있는 것을 하는 원가로").is_empty());
        // An aside in brackets: the particle follows the word before it.
        assert!(particle_mistakes("머리글 줄(결제일시·금액 같은 열 이름)을 찾지").is_empty());
        assert_eq!(
            particle_mistakes("머리글 줄(결제일시·금액 같은 열 이름)를 찾지"),
            ["줄(결제일시·금액 같은 열 이름)를"]
        );
        assert!(particle_mistakes("이자(가산금)가 붙고, KT는 100번").is_empty());
    }
}
