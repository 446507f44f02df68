//! What the ledger folder is allowed to hold, and what happens when it holds anything else.
//!
//! `MANIFEST.json` lists one file per month with its row count and BLAKE3 checksum:
//! the ledger is exactly what it lists. A writer first records in `JOURNAL.json` the
//! files it is about to create and the files it will retire, so that after a crash the
//! next writer deletes those files, and only those, when the manifest does not list
//! them. A month file that neither explains is never deleted: the ledger is refused
//! ([`Damage::Unlisted`]) until `soaek ledger repair` rebuilds it with the user's
//! consent. [`LedgerError`] names the damaged file and says what is wrong with it.

use crate::coverage::Coverage;
use crate::fsutil::atomic_write;
use crate::i18n::Lang;
use crate::month::Month;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "MANIFEST.json";
pub const JOURNAL: &str = "JOURNAL.json";
pub const FORMAT: &str = "soaek.ledger/2";

/// The list of the ledger's files: the one thing a write replaces atomically.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// `YYYY-MM` → that month's file.
    pub months: BTreeMap<String, Part>,
    /// The months the imported statements cover (absent in ledgers written before
    /// coverage was kept: their span of months is taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    /// The phone lines, their coverage and names (docs/RULES.md rule 12); empty in
    /// ledgers from before lines, whose payments are all the unnamed line.
    #[serde(default, skip_serializing_if = "crate::lines::Lines::is_empty")]
    pub lines: crate::lines::Lines,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Relative to the ledger folder: `month=2025-11/part-XXXXXX.parquet`.
    pub file: String,
    pub rows: usize,
    /// BLAKE3 of the file's bytes, hex. Absent in ledgers written before checksums;
    /// the next write verifies such a file by reading it and records its checksum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blake3: Option<String>,
}

impl Manifest {
    pub fn empty() -> Manifest {
        Manifest {
            format: FORMAT.to_string(),
            months: BTreeMap::new(),
            coverage: None,
            lines: crate::lines::Lines::default(),
        }
    }

    /// The coverage recorded, or for an older ledger the span of its months.
    pub fn coverage(&self) -> Coverage {
        self.coverage.clone().unwrap_or_else(|| {
            Coverage::of_dates(
                self.months
                    .keys()
                    .filter_map(|k| Month::parse(k))
                    .map(|m| m.plus(1).first_day().pred_opt().unwrap_or(m.first_day())),
            )
        })
    }

    fn listed(&self) -> BTreeSet<&str> {
        self.months.values().map(|p| p.file.as_str()).collect()
    }
}

/// A writer's intent, written before its first month file: every name in it is the
/// writer's own, so a crash leaves nothing a later writer cannot account for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    /// New month files, listed by the manifest only once the write is done.
    pub writing: Vec<String>,
    /// Month files the new manifest no longer lists, deleted after it is in place.
    pub retiring: Vec<String>,
}

/// What is wrong with the ledger or one of its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Nothing at the ledger path: only `import` creates a ledger.
    NoLedger,
    /// The manifest or journal is not valid JSON of the expected shape.
    BadList(String),
    UnknownFormat(String),
    /// The manifest names a file outside its own month's folder, or one file twice.
    BadEntry {
        month: String,
        file: String,
    },
    Missing,
    Unreadable(String),
    Checksum,
    Rows {
        listed: usize,
        found: usize,
    },
    WrongMonth {
        listed: String,
        found: String,
    },
    /// Month files that neither the manifest nor a writer's journal accounts for.
    Unlisted(Vec<String>),
    /// A folder that holds other things and no ledger (`--ledger ~/Documents`).
    NotALedger,
}

/// A damaged or missing ledger, naming the file at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerError {
    pub file: PathBuf,
    pub damage: Damage,
}

impl LedgerError {
    pub fn new(file: impl Into<PathBuf>, damage: Damage) -> LedgerError {
        LedgerError {
            file: file.into(),
            damage,
        }
    }

    /// One line for the user. Every damage ends with what to do, except a missing file
    /// the user can only restore from a backup.
    pub fn message(&self, lang: Lang) -> String {
        use Damage::*;
        let f = self.file.display();
        let fix_ko = "`soaek ledger verify`로 원장 전체를 확인할 수 있습니다";
        let fix_en = "`soaek ledger verify` checks the whole ledger";
        match (lang, &self.damage) {
            (Lang::Ko, NoLedger) => format!(
                "원장이 없습니다: {f}. 명세서를 먼저 가져오세요(soaek import 파일). 경로를 잘못 적었다면 --ledger를 확인하세요"
            ),
            (Lang::En, NoLedger) => format!(
                "no ledger at {f}. Import a statement first (soaek import FILE), or check --ledger"
            ),
            (Lang::Ko, BadList(why)) => {
                format!("원장 목록 파일이 손상되었습니다: {f}: {why}. {fix_ko}")
            }
            (Lang::En, BadList(why)) => format!("the ledger's list is damaged: {f}: {why}. {fix_en}"),
            (Lang::Ko, UnknownFormat(v)) => {
                format!("이 soaek이 모르는 원장 형식입니다: {f} ({v:?}). soaek을 새 버전으로 바꾸세요")
            }
            (Lang::En, UnknownFormat(v)) => {
                format!("{f}: a ledger format this soaek does not know ({v:?}); update soaek")
            }
            (Lang::Ko, BadEntry { month, file }) => format!(
                "원장 목록이 잘못되었습니다: {f}: {month}월 항목이 다른 곳의 파일({file})을 가리킵니다. soaek ledger repair로 다시 만들 수 있습니다"
            ),
            (Lang::En, BadEntry { month, file }) => format!(
                "the ledger's list is wrong: {f}: month {month} points at {file:?}. soaek ledger repair can rebuild it"
            ),
            (Lang::Ko, Missing) => format!("원장 파일이 없습니다: {f}. 백업에서 되살리거나 soaek ledger repair로 남은 파일만으로 다시 만드세요"),
            (Lang::En, Missing) => format!("a ledger file is missing: {f}. Restore it from a backup, or rebuild from the rest with soaek ledger repair"),
            (Lang::Ko, Unreadable(why)) => format!("원장 파일을 읽을 수 없습니다: {f}: {why}. {fix_ko}"),
            (Lang::En, Unreadable(why)) => format!("cannot read the ledger {f}: {why}. {fix_en}"),
            (Lang::Ko, Checksum) => format!(
                "원장 파일이 손상되었습니다: {f}: 내용이 기록된 체크섬과 다릅니다. 백업에서 되살리세요. {fix_ko}"
            ),
            (Lang::En, Checksum) => format!(
                "a ledger file is damaged: {f}: its bytes do not match the recorded checksum. Restore it from a backup. {fix_en}"
            ),
            (Lang::Ko, Rows { listed, found }) => format!(
                "원장 파일이 목록과 다릅니다: {f}: 목록에는 {listed}건, 파일에는 {found}건. {fix_ko}"
            ),
            (Lang::En, Rows { listed, found }) => format!(
                "a ledger file does not match the list: {f}: {listed} rows listed, {found} in the file. {fix_en}"
            ),
            (Lang::Ko, WrongMonth { listed, found }) => format!(
                "원장 파일이 목록과 다릅니다: {f}: {listed}월 파일에 {found}월 결제가 있습니다. {fix_ko}"
            ),
            (Lang::En, WrongMonth { listed, found }) => format!(
                "a ledger file does not match the list: {f}: the file of {listed} holds a payment of {found}. {fix_en}"
            ),
            (Lang::Ko, NotALedger) => format!(
                "원장 폴더가 아닙니다: {f} (MANIFEST.json 없이 다른 파일이 있습니다). --ledger에 새 경로나 기존 원장(ledger.parquet)을 주세요"
            ),
            (Lang::En, NotALedger) => format!(
                "not a ledger folder: {f} (other files and no MANIFEST.json). Give --ledger a new path or an existing ledger (ledger.parquet)"
            ),
            (Lang::Ko, Unlisted(files)) => format!(
                "원장 폴더에 목록(MANIFEST.json)에 없는 월 파일이 {}개 있습니다: {f} ({}). 아무것도 지우지 않았습니다. 확인하고 soaek ledger repair로 이 파일들에서 원장을 다시 만드세요",
                files.len(),
                shortened(files)
            ),
            (Lang::En, Unlisted(files)) => format!(
                "the ledger folder holds {} month files its list (MANIFEST.json) does not name: {f} ({}). Nothing was deleted. Rebuild the ledger from them with soaek ledger repair",
                files.len(),
                shortened(files)
            ),
        }
    }
}

/// The first few names, and how many more.
fn shortened(files: &[String]) -> String {
    let mut s = files.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if files.len() > 3 {
        s.push_str(&format!(", … +{}", files.len() - 3));
    }
    s
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for LedgerError {}

fn read_json<T: for<'de> Deserialize<'de>>(file: &Path) -> Result<Option<T>, LedgerError> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(LedgerError::new(file, Damage::Unreadable(io_reason(&e)))),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| LedgerError::new(file, Damage::BadList(e.to_string())))
}

/// The OS's reason without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The manifest of the ledger folder `dir`, checked for shape: `None` when there is none.
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>, LedgerError> {
    let file = dir.join(MANIFEST);
    let Some(manifest) = read_json::<Manifest>(&file)? else {
        return Ok(None);
    };
    if manifest.format != FORMAT {
        return Err(LedgerError::new(
            &file,
            Damage::UnknownFormat(manifest.format),
        ));
    }
    let mut seen = BTreeSet::new();
    for (month, part) in &manifest.months {
        let name = part.file.strip_prefix(&format!("month={month}/"));
        let fits = Month::parse(month).is_some_and(|m| m.to_string() == *month)
            && name.is_some_and(|n| !n.is_empty() && !n.contains(['/', '\\']) && n != "..")
            && seen.insert(part.file.as_str());
        if !fits {
            return Err(LedgerError::new(
                &file,
                Damage::BadEntry {
                    month: month.clone(),
                    file: part.file.clone(),
                },
            ));
        }
    }
    Ok(Some(manifest))
}

fn read_journal(dir: &Path) -> Result<Option<Journal>, LedgerError> {
    read_json(&dir.join(JOURNAL))
}

/// Record a writer's intent before it creates anything.
pub fn write_journal(dir: &Path, journal: &Journal) -> anyhow::Result<()> {
    let mut json = serde_json::to_vec_pretty(journal)?;
    json.push(b'\n');
    Ok(atomic_write(&dir.join(JOURNAL), &json, 0o600)?)
}

/// The write is done: the journal goes.
pub fn close_journal(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(JOURNAL));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Every file inside the `month=…` folders, relative to `dir`, sorted.
pub fn month_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(listing) = std::fs::read_dir(dir) else {
        return out;
    };
    for d in listing.flatten() {
        let name = d.file_name().to_string_lossy().into_owned();
        if !name.starts_with("month=") || !d.path().is_dir() {
            continue;
        }
        if let Ok(files) = std::fs::read_dir(d.path()) {
            out.extend(
                files
                    .flatten()
                    .map(|f| format!("{name}/{}", f.file_name().to_string_lossy())),
            );
        }
    }
    out.sort();
    out
}

/// Under the writers' lock: finish what a killed writer's journal says. Its files that
/// the manifest does not list are deleted (new ones it never listed, old ones it had
/// retired), then the journal. Nothing else is touched.
pub fn settle(dir: &Path) -> Result<(), LedgerError> {
    let Some(journal) = read_journal(dir)? else {
        return Ok(());
    };
    let manifest = read_manifest(dir)?.unwrap_or_else(Manifest::empty);
    let listed = manifest.listed();
    for f in journal.writing.iter().chain(&journal.retiring) {
        let safe = f.starts_with("month=") && !f.contains("..") && f.matches('/').count() == 1;
        if safe && !listed.contains(f.as_str()) {
            let _ = std::fs::remove_file(dir.join(f));
            if let Some(folder) = Path::new(f).parent() {
                // Fails, harmlessly, while the folder still holds a file.
                let _ = std::fs::remove_dir(dir.join(folder));
            }
        }
    }
    close_journal(dir);
    Ok(())
}

/// The manifest of the ledger folder `dir` (empty when there is none yet), after
/// checking that every month file there is listed or is a journaled writer's own.
pub fn checked(dir: &Path) -> Result<Manifest, LedgerError> {
    let manifest = read_manifest(dir)?;
    let journal = read_journal(dir)?;
    // A folder with no manifest and no journal is a ledger only while it holds nothing
    // else: soaek never writes into someone's other folder.
    if manifest.is_none() && journal.is_none() {
        let foreign = std::fs::read_dir(dir)
            .ok()
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                !(name.starts_with("month=") || name.starts_with('.') && name.ends_with(".tmp"))
            });
        if foreign {
            return Err(LedgerError::new(dir, Damage::NotALedger));
        }
    }
    let journal = journal.unwrap_or_default();
    let explained: BTreeSet<&str> = manifest
        .iter()
        .flat_map(|m| m.listed())
        .chain(journal.writing.iter().map(String::as_str))
        .chain(journal.retiring.iter().map(String::as_str))
        .collect();
    let unlisted: Vec<String> = month_files(dir)
        .into_iter()
        .filter(|f| !explained.contains(f.as_str()))
        .collect();
    if !unlisted.is_empty() {
        let at = if manifest.is_some() {
            dir.join(MANIFEST)
        } else {
            dir.to_path_buf()
        };
        return Err(LedgerError::new(at, Damage::Unlisted(unlisted)));
    }
    Ok(manifest.unwrap_or_else(Manifest::empty))
}

/// BLAKE3 of `bytes`, hex.
pub fn checksum(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(files: &[&str], manifest: Option<&str>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        if let Some(m) = manifest {
            std::fs::write(dir.path().join(MANIFEST), m).unwrap();
        }
        dir
    }

    #[test]
    fn month_files_without_a_manifest_are_refused_and_kept() {
        for manifest in [None, Some(r#"{"format":"soaek.ledger/2","months":{}}"#)] {
            let dir = folder_with(&["month=2025-05/part-a.parquet"], manifest);
            let err = checked(dir.path()).unwrap_err();
            assert_eq!(
                err.damage,
                Damage::Unlisted(vec!["month=2025-05/part-a.parquet".into()])
            );
            assert!(err
                .message(Lang::Ko)
                .contains("목록(MANIFEST.json)에 없는 월 파일이 1개"));
            settle(dir.path()).unwrap();
            assert_eq!(month_files(dir.path()), ["month=2025-05/part-a.parquet"]);
        }
    }

    #[test]
    fn another_folder_is_not_taken_for_a_ledger() {
        let dir = folder_with(&["notes.txt", "photos/a.jpg"], None);
        assert_eq!(checked(dir.path()).unwrap_err().damage, Damage::NotALedger);
        // An empty folder, or one with only month folders, is (an empty or lost) ledger.
        let empty = tempfile::tempdir().unwrap();
        assert!(checked(empty.path()).unwrap().months.is_empty());
    }

    #[test]
    fn a_journal_accounts_for_a_killed_writers_files_and_settle_deletes_only_those() {
        let manifest = r#"{"format":"soaek.ledger/2","months":{"2025-05":{"file":"month=2025-05/part-new.parquet","rows":1}}}"#;
        let dir = folder_with(
            &[
                "month=2025-05/part-old.parquet",
                "month=2025-05/part-new.parquet",
                "month=2025-06/part-half.parquet",
            ],
            Some(manifest),
        );
        let journal = Journal {
            writing: vec![
                "month=2025-05/part-new.parquet".into(),
                "month=2025-06/part-half.parquet".into(),
            ],
            retiring: vec!["month=2025-05/part-old.parquet".into()],
        };
        write_journal(dir.path(), &journal).unwrap();
        // Readers accept the folder as it is; the writer's lock settles it.
        assert_eq!(checked(dir.path()).unwrap().months.len(), 1);
        settle(dir.path()).unwrap();
        assert_eq!(month_files(dir.path()), ["month=2025-05/part-new.parquet"]);
        assert!(!dir.path().join(JOURNAL).exists());
        assert!(!dir.path().join("month=2025-06").exists());
    }

    #[test]
    fn a_manifest_entry_outside_its_month_is_refused() {
        for file in [
            "month=2025-06/part-a.parquet",
            "month=2025-05/../x",
            "/etc/passwd",
            "month=2025-05/",
        ] {
            let m = format!(
                r#"{{"format":"soaek.ledger/2","months":{{"2025-05":{{"file":"{file}","rows":1}}}}}}"#
            );
            let dir = folder_with(&[], Some(&m));
            let err = read_manifest(dir.path()).unwrap_err();
            assert!(matches!(err.damage, Damage::BadEntry { .. }), "{file}");
        }
        let twice = r#"{"format":"soaek.ledger/2","months":{"2025-05":{"file":"month=2025-05/a","rows":1},"2025-5":{"file":"month=2025-05/a","rows":1}}}"#;
        let dir = folder_with(&[], Some(twice));
        assert!(read_manifest(dir.path()).is_err());
    }
}
