//! User-facing language: Korean by default, English with `--lang en`.

pub use soaek_import::Lang;

/// Pick the Korean or English text.
pub fn tr<'a>(lang: Lang, ko: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// `--lang ko|en`.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.to_ascii_lowercase().as_str() {
        "ko" | "kr" | "korean" | "한국어" => Ok(Lang::Ko),
        "en" | "english" => Ok(Lang::En),
        _ => Err(format!("unknown language {s:?} (ko, en)")),
    }
}
