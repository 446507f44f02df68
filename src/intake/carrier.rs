//! Which carrier a statement comes from, when its file name says (the names carriers'
//! downloads and people give them: `kt_…`, `SKT 이용내역`, `lguplus_…`, `유플러스`, `알뜰폰`).

use serde::Deserialize;

/// The carriers whose menus and numbers soaek knows (`carrier` in the settings file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Carrier {
    Kt,
    Skt,
    #[serde(alias = "lgu", alias = "lgu+", alias = "uplus")]
    Lguplus,
    /// 알뜰폰 (MVNO): the plan's own company runs its customer centre.
    #[serde(alias = "알뜰폰")]
    Mvno,
}

impl Carrier {
    pub const ALL: [Carrier; 4] = [Carrier::Kt, Carrier::Skt, Carrier::Lguplus, Carrier::Mvno];

    /// The carrier a file name names, if exactly one.
    pub fn of_name(name: &str) -> Option<Carrier> {
        let n = name.to_lowercase();
        let words: Vec<&str> = n
            .split(|c: char| !c.is_alphanumeric() && c != '+')
            .filter(|w| !w.is_empty())
            .collect();
        let has = |w: &str| words.iter().any(|x| *x == w || x.starts_with(w));
        let found: Vec<Carrier> = [
            (
                Carrier::Skt,
                has("skt") || n.contains("sk텔레콤") || has("tworld"),
            ),
            (
                Carrier::Kt,
                words.contains(&"kt") || has("ktmobile") || n.contains("케이티"),
            ),
            (
                Carrier::Lguplus,
                has("lgu") || has("lguplus") || has("uplus") || n.contains("유플러스"),
            ),
            (Carrier::Mvno, n.contains("알뜰") || has("mvno")),
        ]
        .into_iter()
        .filter(|(_, yes)| *yes)
        .map(|(c, _)| c)
        .collect();
        match found[..] {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The one carrier all the named files agree on.
    pub fn of_files<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<Carrier> {
        let mut seen = None;
        for p in paths {
            let name = std::path::Path::new(p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match (Carrier::of_name(&name), seen) {
                (Some(c), None) => seen = Some(c),
                (Some(c), Some(s)) if c != s => return None,
                _ => {}
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriers_from_file_names() {
        assert_eq!(
            Carrier::of_name("kt_2024-09_2025-02.csv"),
            Some(Carrier::Kt)
        );
        assert_eq!(
            Carrier::of_name("SKT 소액결제 이용내역.xlsx"),
            Some(Carrier::Skt)
        );
        assert_eq!(
            Carrier::of_name("lguplus_2025-06.csv"),
            Some(Carrier::Lguplus)
        );
        assert_eq!(
            Carrier::of_name("유플러스_이용내역.xls"),
            Some(Carrier::Lguplus)
        );
        assert_eq!(Carrier::of_name("알뜰폰 결제내역.csv"), Some(Carrier::Mvno));
        assert_eq!(Carrier::of_name("content_kgmobilians.xlsx"), None);
        assert_eq!(Carrier::of_name("market.csv"), None);
        // Two carriers' files: no single one to show.
        assert_eq!(Carrier::of_files(["a/kt_1.csv", "b/lguplus_2.csv"]), None);
        assert_eq!(
            Carrier::of_files(["a/kt_1.csv", "b/pg.xlsx", "kt_3.csv"]),
            Some(Carrier::Kt)
        );
    }
}
