//! The ledger on disk: one Parquet file (readable by polars, pandas and DuckDB), written
//! to a temp file in the same folder, fsynced and renamed into place, mode 0600, with a
//! lock file serializing writers. A failed or killed import leaves the old file intact.

use super::{Entry, Ledger};
use crate::fsutil::{atomic_write, create_private_dir};
use anyhow::{bail, Context, Result};
use chrono::DateTime;
use polars::prelude::{
    Column, DataFrame, DataType, NamedFrom, ParquetReader, ParquetWriter, PolarsResult, SerReader,
    Series, StringChunked, TimeUnit,
};
use soaek_import::{Status, Transaction, Won};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// Where the ledger lives when neither `--ledger` nor `SOAEK_LEDGER` says: the
/// platform data dir (`$XDG_DATA_HOME/soaek/ledger.parquet` on Linux).
pub fn default_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "soaek")
        .context("no home directory to keep the ledger in")?;
    Ok(dirs.data_dir().join("ledger.parquet"))
}

/// An exclusive lock on `<ledger>.lock`, released when dropped.
pub struct LedgerLock {
    _file: File,
}

pub fn lock(path: &Path) -> Result<LedgerLock> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let lock_path = lock_path(path);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("cannot open the lock file {}", lock_path.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    // The OS drops a killed writer's lock with the process; what it may leave behind
    // is its temp file, which no one else can own while we hold the lock.
    remove_stale_temps(path);
    Ok(LedgerLock { _file: file })
}

/// Delete the temp files [`atomic_write`] leaves when a writer is killed before its
/// rename (`.ledger.parquet.XXXXXX.tmp` next to the ledger). Returns how many.
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
    let Ok(listing) = std::fs::read_dir(dir) else {
        return 0;
    };
    listing
        .flatten()
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with(&prefix) && n.ends_with(".tmp")
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
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

fn to_frame(ledger: &Ledger) -> PolarsResult<DataFrame> {
    let e = ledger.entries();
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
        col_str("key", &|x| Some(&x.key)),
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
        out.push(Entry {
            key: key
                .get(i)
                .with_context(|| format!("ledger row {} has no key", i + 1))?
                .to_string(),
            tx: Transaction {
                at,
                time_known: time_known.get(i).unwrap_or(true),
                merchant: merchant.get(i).unwrap_or_default().to_string(),
                item: item.get(i).map(str::to_string),
                amount: Won(amount
                    .get(i)
                    .with_context(|| format!("ledger row {} has no amount", i + 1))?),
                status,
                approval_no: approval.get(i).map(str::to_string),
                pay_kind: kind.get(i).map(str::to_string),
                source_row: 0,
            },
        });
    }
    Ok(out)
}

/// Read the ledger; a ledger that does not exist yet is empty.
pub fn load(path: &Path) -> Result<Ledger> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ledger::default()),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot open the ledger {}", path.display()))
        }
    };
    let df = ParquetReader::new(file)
        .finish()
        .with_context(|| format!("cannot read the ledger {}", path.display()))?;
    let entries =
        from_frame(&df).with_context(|| format!("cannot read the ledger {}", path.display()))?;
    Ok(Ledger::from_entries(entries))
}

/// The ledger as Parquet bytes (the store's own schema).
pub fn to_parquet(ledger: &Ledger) -> Result<Vec<u8>> {
    let mut df = to_frame(ledger)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(&mut df)
        .context("cannot write the ledger")?;
    Ok(bytes)
}

/// Write the ledger atomically (see [`atomic_write`]), mode 0600.
pub fn save(path: &Path, ledger: &Ledger) -> Result<()> {
    atomic_write(path, &to_parquet(ledger)?, 0o600)
}
