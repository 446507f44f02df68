//! The ledger on disk: a folder of Parquet files, one per month, in the hive layout that
//! polars, DuckDB and Spark read (`ledger.parquet/month=2025-11/part-….parquet`), listed
//! by `MANIFEST.json`. A write puts each rewritten month in a new file under a new name,
//! fsyncs it, then replaces the manifest atomically (temp file, fsync, rename, fsync of
//! the folder); only after that are the files the old manifest listed deleted. A reader
//! sees the old or the new manifest, never a mix, and an import rewrites only the
//! months it touches. Writers are serialized by an exclusive lock on `<ledger>.lock`,
//! readers hold a shared one; files (0600) and folders (0700) are the user's only.
//!
//! A ledger written by soaek before partitioning (one Parquet file at the same path) is
//! read as it is and turned into the folder on the next import.

use super::dedup::Key;
use super::{Entry, Ledger};
use crate::fsutil::{atomic_write, create_private_dir};
use crate::month::Month;
use anyhow::{bail, Context, Result};
use chrono::DateTime;
use polars::prelude::{
    Column, DataFrame, DataType, NamedFrom, ParquetReader, ParquetWriter, PolarsResult, SerReader,
    Series, StringChunked, TimeUnit,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use soaek_import::{CompactString, Status, Texts, Transaction, Won};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the ledger lives when neither `--ledger` nor `SOAEK_LEDGER` says: the
/// platform data dir (`$XDG_DATA_HOME/soaek/ledger.parquet` on Linux).
pub fn default_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "soaek")
        .context("no home directory to keep the ledger in")?;
    Ok(dirs.data_dir().join("ledger.parquet"))
}

/// A lock on `<ledger>.lock`, released when dropped.
pub struct LedgerLock {
    _file: File,
}

fn open_lock(path: &Path) -> Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let lock_path = lock_path(path);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("cannot open the lock file {}", lock_path.display()))
}

/// The writers' lock. Holding it, clear what killed writers left behind.
pub fn lock(path: &Path) -> Result<LedgerLock> {
    let file = open_lock(path)?;
    file.lock()
        .with_context(|| format!("cannot lock {}", lock_path(path).display()))?;
    // The OS drops a killed writer's lock with the process; what it may leave behind
    // is its temp files and unlisted partitions, which no one else can own now.
    remove_stale_temps(path);
    recover_conversion(path)?;
    if path.is_dir() {
        if let Ok(manifest) = read_manifest(path) {
            remove_unlisted(path, &manifest);
        }
    }
    Ok(LedgerLock { _file: file })
}

/// The readers' lock: no writer deletes a file while it is held.
fn lock_shared(path: &Path) -> Result<LedgerLock> {
    let file = open_lock(path)?;
    file.lock_shared()
        .with_context(|| format!("cannot lock {}", lock_path(path).display()))?;
    Ok(LedgerLock { _file: file })
}

/// Delete the temp files [`atomic_write`] leaves when a writer is killed before its
/// rename (`.ledger.parquet.XXXXXX.tmp` next to the ledger, `.MANIFEST.json.XXXXXX.tmp`
/// inside it). Returns how many.
fn remove_stale_temps(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let inner = format!(".{MANIFEST}.");
    let temps = |dir: &Path, prefix: &str| -> Vec<PathBuf> {
        let Ok(listing) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        listing
            .flatten()
            .filter(|e| {
                let n = e.file_name();
                let n = n.to_string_lossy();
                n.starts_with(prefix) && n.ends_with(".tmp")
            })
            .map(|e| e.path())
            .collect()
    };
    let mut found = temps(dir, &prefix);
    found.extend(temps(path, &inner));
    found
        .iter()
        .filter(|p| {
            if p.is_dir() {
                std::fs::remove_dir_all(p).is_ok()
            } else {
                std::fs::remove_file(p).is_ok()
            }
        })
        .count()
}

/// Delete partition files the manifest does not list (a killed writer's new months,
/// or old months it had replaced but not yet deleted), and emptied month folders.
fn remove_unlisted(path: &Path, manifest: &Manifest) {
    let listed: BTreeSet<&str> = manifest.months.values().map(|p| p.file.as_str()).collect();
    let Ok(dirs) = std::fs::read_dir(path) else {
        return;
    };
    for dir in dirs.flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        if !name.starts_with("month=") || !dir.path().is_dir() {
            continue;
        }
        if let Ok(files) = std::fs::read_dir(dir.path()) {
            for f in files.flatten() {
                let rel = format!("{name}/{}", f.file_name().to_string_lossy());
                if !listed.contains(rel.as_str()) {
                    let _ = std::fs::remove_file(f.path());
                }
            }
        }
        // Fails, harmlessly, while the folder still holds a listed file.
        let _ = std::fs::remove_dir(dir.path());
    }
}

fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

const MANIFEST: &str = "MANIFEST.json";
const FORMAT: &str = "soaek.ledger/2";

/// The list of the ledger's files: the one thing a write replaces atomically.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Manifest {
    format: String,
    /// `YYYY-MM` → that month's file.
    months: BTreeMap<String, Part>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Part {
    /// Relative to the ledger folder: `month=2025-11/part-XXXXXX.parquet`.
    file: String,
    rows: usize,
}

fn read_manifest(path: &Path) -> Result<Manifest> {
    let file = path.join(MANIFEST);
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        // A first import killed before its manifest: nothing was ever listed.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Manifest {
                format: FORMAT.to_string(),
                months: BTreeMap::new(),
            })
        }
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read the ledger {}", file.display()))
        }
    };
    let manifest: Manifest = serde_json::from_str(&text)
        .with_context(|| format!("cannot read the ledger {}", file.display()))?;
    if manifest.format != FORMAT {
        bail!(
            "{}: a ledger format this soaek does not know ({:?})",
            file.display(),
            manifest.format
        );
    }
    if let Some(bad) = manifest
        .months
        .values()
        .find(|p| p.file.contains("..") || p.file.starts_with('/'))
    {
        bail!(
            "{}: a file outside the ledger ({:?})",
            file.display(),
            bad.file
        );
    }
    Ok(manifest)
}

const COLUMNS: [&str; 9] = [
    "key",
    "at",
    "time_known",
    "merchant",
    "item",
    "amount",
    "status",
    "approval_no",
    "pay_kind",
];

fn to_frame(e: &[Entry]) -> PolarsResult<DataFrame> {
    let col_str = |name: &str, f: &dyn Fn(&Entry) -> Option<&str>| -> Column {
        Series::new(name.into(), e.iter().map(f).collect::<Vec<_>>()).into()
    };
    let at: Vec<i64> = e
        .iter()
        .map(|x| x.tx.at.and_utc().timestamp_millis())
        .collect();
    let at =
        Series::new("at".into(), at).cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?;
    DataFrame::new_infer_height(vec![
        Series::new(
            "key".into(),
            e.iter().map(|x| x.key().to_string()).collect::<Vec<_>>(),
        )
        .into(),
        at.into(),
        Series::new(
            "time_known".into(),
            e.iter().map(|x| x.tx.time_known).collect::<Vec<_>>(),
        )
        .into(),
        col_str("merchant", &|x| Some(&x.tx.merchant)),
        col_str("item", &|x| x.tx.item.as_deref()),
        Series::new(
            "amount".into(),
            e.iter().map(|x| x.tx.amount.0).collect::<Vec<_>>(),
        )
        .into(),
        col_str("status", &|x| Some(x.tx.status.id())),
        col_str("approval_no", &|x| x.tx.approval_no.as_deref()),
        col_str("pay_kind", &|x| x.tx.pay_kind.as_deref()),
    ])
}

fn from_frame(df: &DataFrame) -> Result<Vec<Entry>> {
    for c in COLUMNS {
        if df.column(c).is_err() {
            bail!("not a soaek ledger: column {c:?} is missing");
        }
    }
    let s = |name: &str| -> Result<&StringChunked> { Ok(df.column(name)?.str()?) };
    let (key, merchant, item, status, approval, kind) = (
        s("key")?,
        s("merchant")?,
        s("item")?,
        s("status")?,
        s("approval_no")?,
        s("pay_kind")?,
    );
    let at = df.column("at")?.datetime()?;
    let unit = at.time_unit();
    let at = at.physical();
    let time_known = df.column("time_known")?.bool()?;
    let amount = df.column("amount")?.i64()?;
    // Merchant, item and kind repeat: rows share one copy of each text.
    let mut texts = Texts::default();
    let mut shared = |t: &str| texts.get(t);
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let millis = match (at.get(i), unit) {
            (Some(v), TimeUnit::Milliseconds) => v,
            (Some(v), TimeUnit::Microseconds) => v / 1_000,
            (Some(v), TimeUnit::Nanoseconds) => v / 1_000_000,
            (None, _) => bail!("ledger row {} has no time", i + 1),
        };
        let at = DateTime::from_timestamp_millis(millis)
            .with_context(|| format!("ledger row {} has a time out of range", i + 1))?
            .naive_utc();
        let status = status
            .get(i)
            .and_then(Status::from_id)
            .with_context(|| format!("ledger row {} has no valid status", i + 1))?;
        let repeat = key
            .get(i)
            .and_then(Key::repeat_in)
            .with_context(|| format!("ledger row {} has no valid key", i + 1))?;
        out.push(Entry {
            tx: Transaction {
                at,
                time_known: time_known.get(i).unwrap_or(true),
                merchant: shared(merchant.get(i).unwrap_or_default()),
                item: item.get(i).map(&mut shared),
                amount: Won(amount
                    .get(i)
                    .with_context(|| format!("ledger row {} has no amount", i + 1))?),
                status,
                approval_no: approval.get(i).map(CompactString::from),
                pay_kind: kind.get(i).map(&mut shared),
                source_row: 0,
                repeat,
            },
        });
    }
    Ok(out)
}

fn read_parquet(file: &Path) -> Result<Vec<Entry>> {
    let f =
        File::open(file).with_context(|| format!("cannot open the ledger {}", file.display()))?;
    let df = ParquetReader::new(f)
        .finish()
        .with_context(|| format!("cannot read the ledger {}", file.display()))?;
    from_frame(&df).with_context(|| format!("cannot read the ledger {}", file.display()))
}

/// The entries as Parquet bytes (the store's own schema).
pub fn to_parquet(entries: &[Entry]) -> Result<Vec<u8>> {
    let mut df = to_frame(entries)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(&mut df)
        .context("cannot write the ledger")?;
    Ok(bytes)
}

/// The ledger as found on disk, before any month is read.
pub struct Stored {
    path: PathBuf,
    /// `None`: nothing at the path yet, or a single-file ledger from before partitions.
    manifest: Option<Manifest>,
}

impl Stored {
    /// Look at the ledger at `path` (a folder, an older single file, or nothing yet).
    pub fn open(path: &Path) -> Result<Stored> {
        let manifest = if path.is_dir() {
            Some(read_manifest(path)?)
        } else {
            None
        };
        Ok(Stored {
            path: path.to_path_buf(),
            manifest,
        })
    }

    /// The months stored, oldest first.
    pub fn months(&self) -> Vec<Month> {
        self.manifest
            .iter()
            .flat_map(|m| m.months.keys())
            .filter_map(|k| Month::parse(k))
            .collect()
    }

    /// Read the given months (all when `None`), in parallel, into a ledger. A
    /// single-file ledger is always read whole.
    pub fn load(&self, only: Option<&BTreeSet<Month>>) -> Result<Ledger> {
        let Some(manifest) = &self.manifest else {
            return match std::fs::metadata(&self.path) {
                Ok(_) => Ok(Ledger::from_sorted(read_parquet(&self.path)?)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::default()),
                Err(e) => Err(e)
                    .with_context(|| format!("cannot open the ledger {}", self.path.display())),
            };
        };
        let parts: Vec<&Part> = manifest
            .months
            .iter()
            .filter(|(m, _)| only.is_none_or(|o| Month::parse(m).is_some_and(|m| o.contains(&m))))
            .map(|(_, p)| p)
            .collect();
        let files: Vec<PathBuf> = parts.iter().map(|p| self.path.join(&p.file)).collect();
        // Months in order, each in canonical order: the whole is in canonical order.
        // A few months are read at a time, in parallel, and moved into the whole.
        // Room for the rows the manifest lists (a damaged count only loses the reservation).
        let mut all = Vec::new();
        let rows = parts.iter().fold(0usize, |n, p| n.saturating_add(p.rows));
        let _ = all.try_reserve_exact(rows);
        for batch in files.chunks(2 * rayon::current_num_threads()) {
            let parts: Vec<Vec<Entry>> = batch
                .par_iter()
                .map(|f| read_parquet(f))
                .collect::<Result<_>>()?;
            for mut part in parts {
                all.append(&mut part);
            }
        }
        Ok(Ledger::from_sorted(all))
    }

    /// Write `ledger`, which holds every month this store holds or only `loaded` of
    /// them: months whose row count changed get a new file, then the manifest is
    /// replaced. Months of the store outside `ledger` are kept as they are.
    pub fn save(&self, ledger: &Ledger) -> Result<()> {
        create_private_dir(&self.path.parent().map_or(PathBuf::new(), Path::to_path_buf))?;
        let converting = self.manifest.is_none() && self.path.exists();
        // A single-file ledger is converted in a new folder, swapped in at the end.
        let root = if converting {
            with_suffix(&self.path, ".converting")
        } else {
            self.path.clone()
        };
        create_private_dir(&root)?;
        let old = self.manifest.clone().unwrap_or_default();
        let mut new = Manifest {
            format: FORMAT.to_string(),
            months: if converting {
                BTreeMap::new()
            } else {
                old.months.clone()
            },
        };
        let (mut written, mut replaced) = (Vec::new(), Vec::new());
        let mut write = || -> Result<()> {
            for (month, rows) in by_month(ledger.entries()) {
                let key = month.to_string();
                if !converting && old.months.get(&key).is_some_and(|p| p.rows == rows.len()) {
                    continue;
                }
                let file = write_part(&root, &key, rows)?;
                written.push(file.clone());
                let part = Part {
                    file,
                    rows: rows.len(),
                };
                if let Some(p) = new.months.insert(key, part) {
                    replaced.push(p.file);
                }
            }
            if new == old && !converting {
                return Ok(());
            }
            let mut json = serde_json::to_vec_pretty(&new)?;
            json.push(b'\n');
            atomic_write(&root.join(MANIFEST), &json, 0o600)
                .with_context(|| format!("cannot write {}", self.path.display()))
        };
        if let Err(e) = write() {
            // The manifest still lists the old files: the new ones are no one's.
            for f in &written {
                let _ = std::fs::remove_file(root.join(f));
            }
            return Err(e);
        }
        if converting {
            swap_in_conversion(&self.path, &root)?;
        }
        for f in replaced {
            let _ = std::fs::remove_file(self.path.join(f));
        }
        Ok(())
    }
}

/// The ledger's entries (canonical order) cut into months.
fn by_month(entries: &[Entry]) -> Vec<(Month, &[Entry])> {
    let mut out = Vec::new();
    let mut rest = entries;
    while let Some(first) = rest.first() {
        let m = Month::of(first.tx.at.date());
        let n = rest.partition_point(|e| Month::of(e.tx.at.date()) == m);
        out.push((m, &rest[..n]));
        rest = &rest[n..];
    }
    out
}

/// Write one month's file under a new name, fsynced; the name relative to `root`.
fn write_part(root: &Path, month: &str, rows: &[Entry]) -> Result<String> {
    let dir_name = format!("month={month}");
    let dir = root.join(&dir_name);
    create_private_dir(&dir)?;
    let bytes = to_parquet(rows)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix("part-").suffix(".parquet");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut tmp = builder
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write {}", root.display()))?;
    tmp.write_all(&bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", root.display()))?;
    let (_, path) = tmp
        .keep()
        .with_context(|| format!("cannot write {}", root.display()))?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Ok(format!("{dir_name}/{name}"))
}

/// Put a converted folder in place of the single file: the file is first moved aside
/// (`<ledger>.single-file`), so that a crash between the two renames leaves it to
/// [`recover_conversion`].
fn swap_in_conversion(path: &Path, converted: &Path) -> Result<()> {
    let aside = with_suffix(path, ".single-file");
    std::fs::rename(path, &aside)
        .and_then(|()| std::fs::rename(converted, path))
        .with_context(|| format!("cannot replace {}", path.display()))?;
    if let Some(d) = path.parent().and_then(|d| File::open(d).ok()) {
        let _ = d.sync_all();
    }
    let _ = std::fs::remove_file(&aside);
    Ok(())
}

/// After a crash in [`swap_in_conversion`]: with the single file moved aside and no
/// folder in its place, move it back (the conversion is redone by the next import);
/// with the folder in place, the aside file is no longer needed. An unfinished
/// `.converting` folder is removed.
fn recover_conversion(path: &Path) -> Result<()> {
    let aside = with_suffix(path, ".single-file");
    if aside.exists() {
        if path.exists() {
            let _ = std::fs::remove_file(&aside);
        } else {
            std::fs::rename(&aside, path)
                .with_context(|| format!("cannot restore {}", path.display()))?;
        }
    }
    let converting = with_suffix(path, ".converting");
    if converting.is_dir() {
        let _ = std::fs::remove_dir_all(&converting);
    }
    Ok(())
}

/// Read the whole ledger (under the readers' lock); a ledger that does not exist yet
/// is empty.
pub fn load(path: &Path) -> Result<Ledger> {
    if !path.exists() {
        return Ok(Ledger::default());
    }
    // A read-only place cannot hold a lock file: read without one.
    let _lock = lock_shared(path).ok();
    Stored::open(path)?.load(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::dedup::keys_for_file;
    use chrono::NaiveDate;

    fn month_of_payments(month: u32, n: usize) -> Vec<Transaction> {
        (0..n)
            .map(|i| {
                let at = NaiveDate::from_ymd_opt(2025, month, 1 + (i % 28) as u32)
                    .unwrap()
                    .and_hms_opt(12, (i % 60) as u32, 0)
                    .unwrap();
                Transaction::new(at, "쿠팡", 1_000 + i as i64, Status::Approved)
            })
            .collect()
    }

    fn files(path: &Path) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for d in std::fs::read_dir(path).unwrap().flatten() {
            let name = d.file_name().to_string_lossy().into_owned();
            if d.path().is_dir() {
                for f in std::fs::read_dir(d.path()).unwrap().flatten() {
                    out.insert(format!("{name}/{}", f.file_name().to_string_lossy()));
                }
            } else {
                out.insert(name);
            }
        }
        out
    }

    #[test]
    fn an_append_rewrites_only_the_months_it_touches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        let mut ledger = Ledger::default();
        for m in 1..=3 {
            ledger.merge_file(month_of_payments(m, 50));
        }
        Stored::open(&path).unwrap().save(&ledger).unwrap();
        let before = files(&path);
        assert_eq!(before.len(), 4, "{before:?}");
        let stored = Stored::open(&path).unwrap();
        let months = stored.months();
        assert_eq!(months.len(), 3);
        // Load March alone, add April and more of March, save.
        let only: BTreeSet<Month> = [months[2]].into();
        let mut part = stored.load(Some(&only)).unwrap();
        assert_eq!(part.len(), 50);
        let mut more = month_of_payments(3, 60);
        more.extend(month_of_payments(4, 10));
        part.merge_file(more);
        stored.save(&part).unwrap();
        let after = files(&path);
        let kept: Vec<_> = before.intersection(&after).collect();
        let untouched: Vec<&String> = before.iter().filter(|f| !f.contains("2025-03")).collect();
        assert_eq!(kept, untouched, "the manifest's name, January and February");
        assert_eq!(after.len(), 5, "{after:?}");
        let all = load(&path).unwrap();
        assert_eq!(all.len(), 50 + 50 + 60 + 10);
        assert!(all.entries().windows(2).all(|w| w[0].tx.at <= w[1].tx.at));
        let mut whole = ledger.clone();
        whole.merge_file(month_of_payments(3, 60));
        whole.merge_file(month_of_payments(4, 10));
        assert_eq!(all.entries(), whole.entries());
    }

    #[test]
    fn a_single_file_ledger_is_read_and_converted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        let ledger = Ledger::from_entries(keys_for_file(month_of_payments(5, 30)));
        atomic_write(&path, &to_parquet(ledger.entries()).unwrap(), 0o600).unwrap();
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
        let held = lock(&path).unwrap();
        Stored::open(&path).unwrap().save(&ledger).unwrap();
        drop(held);
        assert!(path.is_dir());
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
        let names: BTreeSet<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["ledger.parquet", "ledger.parquet.lock"]
                .map(String::from)
                .into()
        );
    }

    #[test]
    fn a_crash_between_the_conversions_renames_keeps_the_single_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        let ledger = Ledger::from_entries(keys_for_file(month_of_payments(5, 30)));
        let aside = with_suffix(&path, ".single-file");
        atomic_write(&aside, &to_parquet(ledger.entries()).unwrap(), 0o600).unwrap();
        std::fs::create_dir(with_suffix(&path, ".converting")).unwrap();
        drop(lock(&path).unwrap());
        assert!(path.is_file() && !aside.exists());
        assert!(!with_suffix(&path, ".converting").exists());
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
    }

    #[test]
    fn a_first_import_killed_before_its_manifest_leaves_an_empty_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        std::fs::create_dir_all(path.join("month=2025-05")).unwrap();
        std::fs::write(path.join("month=2025-05/part-killed.parquet"), b"half").unwrap();
        assert!(load(&path).unwrap().is_empty());
        drop(lock(&path).unwrap());
        assert!(files(&path).is_empty());
        let ledger = Ledger::from_entries(keys_for_file(month_of_payments(5, 3)));
        Stored::open(&path).unwrap().save(&ledger).unwrap();
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
    }

    #[test]
    fn the_writers_lock_clears_unlisted_partitions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        let ledger = Ledger::from_entries(keys_for_file(month_of_payments(5, 30)));
        Stored::open(&path).unwrap().save(&ledger).unwrap();
        let listed = files(&path);
        // What a writer killed before its manifest rename leaves.
        std::fs::write(path.join("month=2025-05/part-killed.parquet"), b"half").unwrap();
        std::fs::create_dir(path.join("month=2025-06")).unwrap();
        std::fs::write(path.join("month=2025-06/part-new.parquet"), b"half").unwrap();
        std::fs::write(path.join(".MANIFEST.json.abc123.tmp"), b"{").unwrap();
        drop(lock(&path).unwrap());
        assert_eq!(files(&path), listed);
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
    }
}
