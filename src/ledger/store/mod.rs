//! The ledger on disk: a folder of Parquet files, one per month, in the hive layout that
//! polars, DuckDB and Spark read (`ledger.parquet/month=2025-11/part-….parquet`), listed
//! with their row counts and checksums by `MANIFEST.json` ([`super::manifest`]).
//!
//! A write first journals the names of the files it will create and retire, puts each
//! rewritten month in a new file, fsyncs it, then replaces the manifest atomically
//! (temp file, fsync, rename, fsync of the folder); only after that are the retired
//! files deleted. A reader sees the old or the new manifest, never a mix, and an import
//! rewrites only the months it touches. Before writing, a writer verifies every listed
//! file (checksum and row count); a reader verifies each file it reads (checksum, rows,
//! months). Writers are serialized by an exclusive lock on `<ledger>.lock`, readers hold
//! a shared one; files (0600) and folders (0700) are the user's only.
//!
//! A ledger written by soaek before partitioning (one Parquet file at the same path) is
//! read as it is and turned into the folder on the next import.

use super::dedup::Key;
use super::manifest::{self, checksum, Damage, Journal, LedgerError, Manifest, Part, MANIFEST};
use super::{Entry, Ledger};
use crate::coverage::Coverage;
use crate::fsutil::{atomic_write, create_private_dir, Action, Doing, IoFailure};
use crate::lines::Lines;
use crate::month::Month;
use anyhow::{bail, Context, Result};
use chrono::DateTime;
use polars::prelude::{
    Column, DataFrame, DataType, NamedFrom, ParquetReader, ParquetWriter, PolarsResult, SerReader,
    Series, StringChunked, TimeUnit,
};
use rayon::prelude::*;
use soaek_import::{Billing, Billings, CompactString, Stamp, Status, Texts, Transaction, Won};
use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

mod check;
mod lock;
mod parquet;

use check::*;
pub use check::{plan_repair, repair, verify, MonthCheck, RepairPlan};
use lock::*;
pub use lock::{lock, LedgerLock};
pub use parquet::to_parquet;
use parquet::*;

/// Where the ledger lives when neither `--ledger` nor `SOAEK_LEDGER` says: the
/// platform data dir (`$XDG_DATA_HOME/soaek/ledger.parquet` on Linux).
pub fn default_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "soaek")
        .context("no home directory to keep the ledger in")?;
    Ok(dirs.data_dir().join("ledger.parquet"))
}

/// The ledger as found on disk, before any month is read.
pub struct Stored {
    path: PathBuf,
    /// `None`: nothing at the path yet, or a single-file ledger from before partitions.
    manifest: Option<Manifest>,
}

impl Stored {
    /// Look at the ledger at `path` (a folder, an older single file, or nothing yet).
    /// A folder holding month files its manifest does not account for is refused.
    pub fn open(path: &Path) -> Result<Stored> {
        let manifest = if path.is_dir() {
            Some(manifest::checked(path)?)
        } else {
            None
        };
        Ok(Stored {
            path: path.to_path_buf(),
            manifest,
        })
    }

    /// [`Stored::open`] for a writer: every listed file is verified first (checksum
    /// and row count; an older file without a checksum is read whole and gets one), so
    /// that a write never builds on a damaged ledger.
    pub fn open_for_write(path: &Path) -> Result<Stored> {
        let mut stored = Stored::open(path)?;
        if let Some(m) = &mut stored.manifest {
            let sums: Vec<String> = m
                .months
                .par_iter()
                .map(|(month, part)| verify_part(path, month, part))
                .collect::<Result<_, _>>()?;
            for (part, sum) in m.months.values_mut().zip(sums) {
                part.blake3 = Some(sum);
            }
        }
        Ok(stored)
    }

    /// The months the ledger's statements cover; `ledger` (as loaded) stands in for a
    /// single-file ledger from before partitions.
    pub fn coverage(&self, ledger: &Ledger) -> Coverage {
        match &self.manifest {
            Some(m) => m.coverage(),
            None => Coverage::of_dates(ledger.entries().iter().map(|e| e.tx.date())),
        }
    }

    /// The phone lines the manifest records (empty for a ledger from before lines).
    pub fn lines(&self) -> Lines {
        self.manifest
            .as_ref()
            .map(|m| m.lines.clone())
            .unwrap_or_default()
    }

    /// The months stored, oldest first.
    pub fn months(&self) -> Vec<Month> {
        self.manifest
            .iter()
            .flat_map(|m| m.months.keys())
            .filter_map(|k| Month::parse(k))
            .collect()
    }

    /// Read the given months (all when `None`), in parallel, into a ledger, each file
    /// checked against the manifest. A single-file ledger is always read whole.
    pub fn load(&self, only: Option<&BTreeSet<Month>>) -> Result<Ledger> {
        let Some(manifest) = &self.manifest else {
            return match std::fs::metadata(&self.path) {
                Ok(_) => Ok(Ledger::from_sorted(read_parquet(&self.path)?)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ledger::default()),
                Err(e) => Err(IoFailure::new(Action::Read, &self.path, e).into()),
            };
        };
        let parts: Vec<(&String, &Part)> = manifest
            .months
            .iter()
            .filter(|(m, _)| only.is_none_or(|o| Month::parse(m).is_some_and(|m| o.contains(&m))))
            .collect();
        // Months in order, each in canonical order: the whole is in canonical order.
        // A few months are read at a time, in parallel, and moved into the whole.
        // Room for the rows the manifest lists (a damaged count only loses the reservation).
        let mut all = Vec::new();
        let rows = parts.iter().fold(0usize, |n, p| n.saturating_add(p.1.rows));
        let _ = all.try_reserve_exact(rows);
        for batch in parts.chunks(2 * rayon::current_num_threads()) {
            let read: Vec<Vec<Entry>> = batch
                .par_iter()
                .map(|(month, part)| read_part(&self.path, month, part))
                .collect::<Result<_, _>>()?;
            for mut part in read {
                all.append(&mut part);
            }
        }
        Ok(Ledger::from_sorted(all))
    }

    /// Write `ledger`, which holds every month this store holds or only `loaded` of
    /// them: months whose row count changed get a new file, then the manifest is
    /// replaced with `coverage`. Months of the store outside `ledger` are kept as they are.
    pub fn save(&self, ledger: &Ledger, coverage: &Coverage) -> Result<()> {
        self.save_with_lines(ledger, coverage, &self.lines())
    }

    /// [`Stored::save`], the manifest recording `lines`.
    pub fn save_with_lines(
        &self,
        ledger: &Ledger,
        coverage: &Coverage,
        lines: &Lines,
    ) -> Result<()> {
        create_private_dir(&self.path.parent().map_or(PathBuf::new(), Path::to_path_buf))?;
        let converting = self.manifest.is_none() && self.path.exists();
        // A single-file ledger is converted in a new folder, swapped in at the end.
        let root = if converting {
            with_suffix(&self.path, ".converting")
        } else {
            self.path.clone()
        };
        create_private_dir(&root)?;
        let old = self.manifest.clone().unwrap_or_else(Manifest::empty);
        let mut new = if converting {
            Manifest::empty()
        } else {
            old.clone()
        };
        new.coverage = Some(coverage.clone());
        new.lines = lines.clone();
        // What changes, named before anything is written.
        let changed: Vec<(Month, &[Entry], String)> = by_month(ledger.entries())
            .into_iter()
            .filter(|(month, rows)| {
                converting
                    || old
                        .months
                        .get(&month.to_string())
                        .is_none_or(|p| p.rows != rows.len())
            })
            .map(|(month, rows)| (month, rows, part_name(month)))
            .collect();
        if changed.is_empty() && !converting && self.manifest.is_some() && new == old {
            return Ok(());
        }
        let journal = Journal {
            writing: changed.iter().map(|c| c.2.clone()).collect(),
            retiring: changed
                .iter()
                .filter_map(|(m, _, _)| new.months.get(&m.to_string()))
                .map(|p| p.file.clone())
                .collect(),
        };
        manifest::write_journal(&root, &journal)?;
        let mut write = || -> Result<()> {
            for (month, rows, file) in &changed {
                let bytes = to_parquet(rows)?;
                write_part(&root, file, &bytes)?;
                let part = Part {
                    file: file.clone(),
                    rows: rows.len(),
                    blake3: Some(checksum(&bytes)),
                };
                new.months.insert(month.to_string(), part);
            }
            let mut json = serde_json::to_vec_pretty(&new)?;
            json.push(b'\n');
            Ok(atomic_write(&root.join(MANIFEST), &json, 0o600)?)
        };
        if let Err(e) = write() {
            // The manifest still lists the old files: the new ones are no one's.
            for f in &journal.writing {
                let _ = std::fs::remove_file(root.join(f));
            }
            manifest::close_journal(&root);
            return Err(e);
        }
        if converting {
            swap_in(&self.path, &root, ".single-file")?;
        }
        for f in &journal.retiring {
            let _ = std::fs::remove_file(self.path.join(f));
        }
        manifest::close_journal(&self.path);
        Ok(())
    }
}

/// The ledger's entries (canonical order) cut into months.
fn by_month(entries: &[Entry]) -> Vec<(Month, &[Entry])> {
    let mut out = Vec::new();
    let mut rest = entries;
    while let Some(first) = rest.first() {
        let m = Month::of(first.tx.date());
        let n = rest.partition_point(|e| Month::of(e.tx.date()) == m);
        out.push((m, &rest[..n]));
        rest = &rest[n..];
    }
    out
}

/// A new, unused name for a month's file, relative to the ledger folder.
fn part_name(month: Month) -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    format!("month={month}/part-{:016x}.parquet", h.finish())
}

/// Write one month's file under its new name (never over an existing file), fsynced.
fn write_part(root: &Path, file: &str, bytes: &[u8]) -> Result<()> {
    let path = root.join(file);
    let dir = path.parent().unwrap_or(root);
    create_private_dir(dir)?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(&path)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .doing(Action::Write, &path)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Put a folder built beside the ledger (`<ledger>.converting`, `<ledger>.repairing`) in
/// its place: what is there is first moved aside (`<ledger><aside>`), so that a crash
/// between the two renames leaves it to [`recover_swap`].
fn swap_in(path: &Path, built: &Path, aside: &str) -> Result<Option<PathBuf>> {
    let aside = with_suffix(path, aside);
    std::fs::rename(path, &aside)
        .and_then(|()| std::fs::rename(built, path))
        .doing(Action::Replace, path)?;
    if let Some(d) = path.parent().and_then(|d| File::open(d).ok()) {
        let _ = d.sync_all();
    }
    if aside.is_dir() {
        // A repair keeps the old folder: it is moved to a dated backup, never deleted.
        let backup = backup_path(path);
        std::fs::rename(&aside, &backup).doing(Action::Move, &aside)?;
        return Ok(Some(backup));
    }
    let _ = std::fs::remove_file(&aside);
    Ok(None)
}

/// `<ledger>.backup-YYYYMMDD-HHMMSS`: where a repair leaves the folder it replaced.
pub fn backup_path(path: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    with_suffix(path, &format!(".backup-{stamp}"))
}

/// After a crash in [`swap_in`]: with the old ledger moved aside and nothing in its
/// place, move it back (the work is redone by the next command); with the new one in
/// place, the aside copy is dealt with as `swap_in` would have. An unfinished built
/// folder is removed: it holds only copies.
fn recover_swap(path: &Path, built: &str, aside: &str) -> Result<()> {
    let aside_path = with_suffix(path, aside);
    if aside_path.exists() {
        if !path.exists() {
            std::fs::rename(&aside_path, path).doing(Action::Move, &aside_path)?;
        } else if aside_path.is_dir() {
            let _ = std::fs::rename(&aside_path, backup_path(path));
        } else {
            let _ = std::fs::remove_file(&aside_path);
        }
    }
    let built = with_suffix(path, built);
    if built.is_dir() {
        let _ = std::fs::remove_dir_all(&built);
    }
    Ok(())
}

/// Read the whole ledger (under the readers' lock). Only `import` creates a ledger:
/// reading one that does not exist is an error naming the path.
pub fn load(path: &Path) -> Result<Ledger> {
    Ok(load_with_coverage(path)?.0)
}

/// [`load`], with the months the ledger's statements cover and its lines.
pub fn load_with_coverage(path: &Path) -> Result<(Ledger, Coverage, Lines)> {
    if !path.exists() {
        return Err(LedgerError::new(path, Damage::NoLedger).into());
    }
    // A read-only place cannot hold a lock file: read without one.
    let _lock = lock_shared(path).ok();
    let stored = Stored::open(path)?;
    let ledger = stored.load(None)?;
    let coverage = stored.coverage(&ledger);
    Ok((ledger, coverage, stored.lines()))
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
        Stored::open(&path)
            .unwrap()
            .save(&ledger, &Coverage::default())
            .unwrap();
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
        stored.save(&part, &Coverage::default()).unwrap();
        let after = files(&path);
        let kept: Vec<_> = before.intersection(&after).collect();
        let untouched: Vec<&String> = before.iter().filter(|f| !f.contains("2025-03")).collect();
        assert_eq!(kept, untouched, "the manifest's name, January and February");
        assert_eq!(after.len(), 5, "{after:?}");
        let all = load(&path).unwrap();
        assert_eq!(all.len(), 50 + 50 + 60 + 10);
        assert!(all
            .entries()
            .windows(2)
            .all(|w| w[0].tx.at() <= w[1].tx.at()));
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
        Stored::open(&path)
            .unwrap()
            .save(&ledger, &Coverage::default())
            .unwrap();
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
        let journal = Journal {
            writing: vec!["month=2025-05/part-killed.parquet".into()],
            retiring: vec![],
        };
        manifest::write_journal(&path, &journal).unwrap();
        assert!(load(&path).unwrap().is_empty());
        drop(lock(&path).unwrap());
        assert!(files(&path).is_empty());
        let ledger = Ledger::from_entries(keys_for_file(month_of_payments(5, 3)));
        Stored::open(&path)
            .unwrap()
            .save(&ledger, &Coverage::default())
            .unwrap();
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
    }

    #[test]
    fn the_writers_lock_clears_only_what_a_journal_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        let ledger = Ledger::from_entries(keys_for_file(month_of_payments(5, 30)));
        Stored::open(&path)
            .unwrap()
            .save(&ledger, &Coverage::default())
            .unwrap();
        let listed = files(&path);
        // What a writer killed before its manifest rename leaves.
        std::fs::write(path.join("month=2025-05/part-killed.parquet"), b"half").unwrap();
        std::fs::create_dir(path.join("month=2025-06")).unwrap();
        std::fs::write(path.join("month=2025-06/part-new.parquet"), b"half").unwrap();
        std::fs::write(path.join(".MANIFEST.json.abc123.tmp"), b"{").unwrap();
        let journal = Journal {
            writing: vec![
                "month=2025-05/part-killed.parquet".into(),
                "month=2025-06/part-new.parquet".into(),
            ],
            retiring: vec![],
        };
        manifest::write_journal(&path, &journal).unwrap();
        drop(lock(&path).unwrap());
        assert_eq!(files(&path), listed);
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
        // A month file no journal names is another matter: kept, and the ledger refused.
        std::fs::write(path.join("month=2025-05/part-stray.parquet"), b"?").unwrap();
        drop(lock(&path).unwrap());
        assert!(path.join("month=2025-05/part-stray.parquet").exists());
        let err = Stored::open(&path).err().unwrap();
        let err = err.downcast_ref::<LedgerError>().unwrap();
        assert!(
            matches!(err.damage, Damage::Unlisted(ref f) if f == &["month=2025-05/part-stray.parquet"])
        );
    }

    /// The manifest as JSON, changed by `edit`, written back.
    fn edit_manifest(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
        let file = path.join(MANIFEST);
        let mut m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        edit(&mut m);
        std::fs::write(&file, serde_json::to_vec(&m).unwrap()).unwrap();
    }

    fn damage_of(e: anyhow::Error) -> Damage {
        e.downcast_ref::<LedgerError>()
            .unwrap_or_else(|| panic!("not a ledger error: {e:#}"))
            .damage
            .clone()
    }

    fn three_months(path: &Path) -> Ledger {
        let mut ledger = Ledger::default();
        for m in 5..=7 {
            ledger.merge_file(month_of_payments(m, 20));
        }
        Stored::open(path)
            .unwrap()
            .save(&ledger, &Coverage::default())
            .unwrap();
        ledger
    }

    #[test]
    fn a_write_verifies_every_listed_month_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        three_months(&path);
        let good = files(&path);
        let july = good
            .iter()
            .find(|f| f.starts_with("month=2025-07/"))
            .unwrap()
            .clone();
        let may = good
            .iter()
            .find(|f| f.starts_with("month=2025-05/"))
            .unwrap()
            .clone();
        // A truncated month the import does not touch.
        let bytes = std::fs::read(path.join(&july)).unwrap();
        std::fs::write(path.join(&july), &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(
            damage_of(Stored::open_for_write(&path).err().unwrap()),
            Damage::Checksum
        );
        std::fs::write(path.join(&july), &bytes).unwrap();
        // One bit flipped.
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 3] ^= 0x10;
        std::fs::write(path.join(&july), &flipped).unwrap();
        assert_eq!(
            damage_of(Stored::open_for_write(&path).err().unwrap()),
            Damage::Checksum
        );
        assert_eq!(damage_of(load(&path).err().unwrap()), Damage::Checksum);
        std::fs::write(path.join(&july), &bytes).unwrap();
        // A wrong row count.
        edit_manifest(&path, |m| m["months"]["2025-06"]["rows"] = 21.into());
        assert_eq!(
            damage_of(Stored::open_for_write(&path).err().unwrap()),
            Damage::Rows {
                listed: 21,
                found: 20
            }
        );
        edit_manifest(&path, |m| m["months"]["2025-06"]["rows"] = 20.into());
        // July pointed at May's file: refused, and May's file is not deleted.
        edit_manifest(&path, |m| {
            m["months"]["2025-07"]["file"] = may.clone().into()
        });
        assert!(matches!(
            damage_of(Stored::open_for_write(&path).err().unwrap()),
            Damage::BadEntry { .. }
        ));
        drop(lock(&path).unwrap());
        assert!(path.join(&may).exists() && path.join(&july).exists());
    }

    #[test]
    fn an_older_manifest_without_checksums_is_verified_by_reading_and_gets_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        let ledger = three_months(&path);
        edit_manifest(&path, |m| {
            for (_, p) in m["months"].as_object_mut().unwrap() {
                p.as_object_mut().unwrap().remove("blake3");
            }
        });
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
        let stored = Stored::open_for_write(&path).unwrap();
        let mut more = stored.load(None).unwrap();
        more.merge_file(month_of_payments(8, 5));
        stored.save(&more, &Coverage::default()).unwrap();
        let m: Manifest =
            serde_json::from_slice(&std::fs::read(path.join(MANIFEST)).unwrap()).unwrap();
        assert_eq!(m.months.len(), 4);
        for (month, p) in &m.months {
            let bytes = std::fs::read(path.join(&p.file)).unwrap();
            assert_eq!(
                p.blake3.as_deref(),
                Some(checksum(&bytes).as_str()),
                "{month}"
            );
        }
        // A month file holding another month's payments (no checksum to catch it).
        let (may, june) = (&m.months["2025-05"].file, &m.months["2025-06"].file);
        std::fs::copy(path.join(june), path.join(may)).unwrap();
        edit_manifest(&path, |m| {
            m["months"]["2025-05"]
                .as_object_mut()
                .unwrap()
                .remove("blake3");
        });
        assert_eq!(
            damage_of(load(&path).err().unwrap()),
            Damage::WrongMonth {
                listed: "2025-05".into(),
                found: "2025-06".into()
            }
        );
    }

    #[test]
    fn a_repair_rebuilds_from_every_month_file_and_keeps_the_old_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.parquet");
        let ledger = three_months(&path);
        std::fs::remove_file(path.join(MANIFEST)).unwrap();
        assert!(
            matches!(damage_of(load(&path).err().unwrap()), Damage::Unlisted(ref f) if f.len() == 3)
        );
        let held = lock(&path).unwrap();
        let plan = plan_repair(&path).unwrap();
        assert_eq!((plan.read.len(), plan.ledger.len()), (3, 60));
        let backup = repair(&path, &plan).unwrap();
        drop(held);
        assert_eq!(load(&path).unwrap().entries(), ledger.entries());
        assert_eq!(manifest::month_files(&backup).len(), 3);
    }
}
