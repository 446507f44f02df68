//! Reading a month file against its manifest entry (checksum, rows, month of every
//! row), `soaek ledger verify`, and rebuilding a ledger from its month files
//! (`soaek ledger repair`).

use super::*;

/// The OS's or the parser's reason, as one line.
pub(super) fn reason(e: &anyhow::Error) -> String {
    match e.downcast_ref::<std::io::Error>() {
        Some(io) => manifest::io_reason(io),
        None => format!("{e:#}"),
    }
}

/// A month file's bytes, or why there are none.
pub(super) fn read_bytes(file: &Path) -> Result<Vec<u8>, LedgerError> {
    std::fs::read(file).map_err(|e| {
        let damage = match e.kind() {
            std::io::ErrorKind::NotFound => Damage::Missing,
            _ => Damage::Unreadable(manifest::io_reason(&e)),
        };
        LedgerError::new(file, damage)
    })
}

/// One listed month read and checked against its entry: checksum, rows, and the month
/// of every row.
pub(super) fn read_part(root: &Path, month: &str, part: &Part) -> Result<Vec<Entry>, LedgerError> {
    let file = root.join(&part.file);
    let bytes = read_bytes(&file)?;
    if part.blake3.as_ref().is_some_and(|c| *c != checksum(&bytes)) {
        return Err(LedgerError::new(file, Damage::Checksum));
    }
    let entries = from_parquet(&bytes)
        .map_err(|e| LedgerError::new(&file, Damage::Unreadable(reason(&e))))?;
    if entries.len() != part.rows {
        return Err(LedgerError::new(
            file,
            Damage::Rows {
                listed: part.rows,
                found: entries.len(),
            },
        ));
    }
    if let Some(other) = entries
        .iter()
        .map(|e| Month::of(e.tx.date()).to_string())
        .find(|m| m != month)
    {
        return Err(LedgerError::new(
            file,
            Damage::WrongMonth {
                listed: month.to_string(),
                found: other,
            },
        ));
    }
    Ok(entries)
}

/// Check a listed month before a write without parsing it: its checksum and the row
/// count in its footer. A file listed without a checksum (an older ledger) is read
/// whole instead. Returns its checksum.
pub(super) fn verify_part(root: &Path, month: &str, part: &Part) -> Result<String, LedgerError> {
    let Some(recorded) = &part.blake3 else {
        read_part(root, month, part)?;
        return Ok(checksum(&read_bytes(&root.join(&part.file))?));
    };
    let file = root.join(&part.file);
    let bytes = read_bytes(&file)?;
    if *recorded != checksum(&bytes) {
        return Err(LedgerError::new(file, Damage::Checksum));
    }
    let rows = ParquetReader::new(Cursor::new(&bytes))
        .num_rows()
        .map_err(|e| LedgerError::new(&file, Damage::Unreadable(e.to_string())))?;
    if rows != part.rows {
        return Err(LedgerError::new(
            file,
            Damage::Rows {
                listed: part.rows,
                found: rows,
            },
        ));
    }
    Ok(recorded.clone())
}

/// What `soaek ledger verify` found in one month.
#[derive(Debug)]
pub struct MonthCheck {
    pub month: String,
    pub file: PathBuf,
    pub rows: usize,
    pub result: Result<(), LedgerError>,
}

/// Every listed month read and checked (checksum, rows, months), and the folder checked
/// for files the manifest does not account for. The first error is the folder's own.
pub fn verify(path: &Path) -> Result<Vec<MonthCheck>> {
    if !path.exists() {
        return Err(LedgerError::new(path, Damage::NoLedger).into());
    }
    let _lock = lock_shared(path).ok();
    let stored = Stored::open(path)?;
    let Some(m) = &stored.manifest else {
        // A single file from before partitions: it has no checksums, only its rows.
        let rows = read_parquet(path)?.len();
        return Ok(vec![MonthCheck {
            month: "*".into(),
            file: path.to_path_buf(),
            rows,
            result: Ok(()),
        }]);
    };
    Ok(m.months
        .par_iter()
        .map(|(month, part)| MonthCheck {
            month: month.clone(),
            file: path.join(&part.file),
            rows: part.rows,
            result: read_part(path, month, part).map(|_| ()),
        })
        .collect())
}

/// What a repair would rebuild the ledger from.
#[derive(Debug, Default)]
pub struct RepairPlan {
    /// Month files read, with their rows.
    pub read: Vec<(String, usize)>,
    /// Month files that could not be read (or failed their checksum), with the reason.
    pub unreadable: Vec<(String, LedgerError)>,
    /// The rebuilt ledger: every readable file's rows, each payment once.
    pub ledger: Ledger,
    /// The old manifest's coverage when it can be read, else the span of the rows.
    pub coverage: Coverage,
    /// The old manifest's lines when it can be read.
    pub lines: crate::lines::Lines,
}

/// Read every month file in the folder, listed or not (under the writers' lock), into
/// one ledger. A file whose recorded checksum fails is left out, like one that cannot
/// be read. Nothing is changed.
pub fn plan_repair(path: &Path) -> Result<RepairPlan> {
    if !path.is_dir() {
        return Err(LedgerError::new(path, Damage::NoLedger).into());
    }
    let old = manifest::read_manifest(path).ok().flatten();
    let sums: std::collections::BTreeMap<String, String> = old
        .iter()
        .flat_map(|m| m.months.values())
        .filter_map(|p| Some((p.file.clone(), p.blake3.clone()?)))
        .collect();
    let files = manifest::month_files(path);
    let read: Vec<(String, Result<Vec<Entry>, LedgerError>)> = files
        .par_iter()
        .map(|f| {
            let file = path.join(f);
            let entries = read_bytes(&file).and_then(|bytes| {
                if sums.get(f).is_some_and(|s| *s != checksum(&bytes)) {
                    return Err(LedgerError::new(&file, Damage::Checksum));
                }
                from_parquet(&bytes)
                    .map_err(|e| LedgerError::new(&file, Damage::Unreadable(reason(&e))))
            });
            (f.clone(), entries)
        })
        .collect();
    let mut plan = RepairPlan::default();
    let mut all = Vec::new();
    for (f, entries) in read {
        match entries {
            Ok(mut e) => {
                plan.read.push((f, e.len()));
                all.append(&mut e);
            }
            Err(e) => plan.unreadable.push((f, e)),
        }
    }
    plan.ledger = Ledger::from_entries(all);
    let mut coverage = Coverage::of_dates(plan.ledger.entries().iter().map(|e| e.tx.date()));
    if let Some(recorded) = old.as_ref().and_then(|m| m.coverage.as_ref()) {
        coverage.join(recorded);
    }
    plan.lines = old.map(|m| m.lines).unwrap_or_default();
    plan.coverage = coverage;
    Ok(plan)
}

/// Write the plan's ledger as a new folder and swap it in; the old folder is kept as
/// `<ledger>.backup-…`, whose path is returned.
pub fn repair(path: &Path, plan: &RepairPlan) -> Result<PathBuf> {
    let building = with_suffix(path, ".repairing");
    if building.exists() {
        std::fs::remove_dir_all(&building).doing(Action::Remove, &building)?;
    }
    Stored::open(&building)?.save_with_lines(&plan.ledger, &plan.coverage, &plan.lines)?;
    let backup = swap_in(path, &building, ".before-repair")?;
    Ok(backup.unwrap_or_else(|| with_suffix(path, ".before-repair")))
}
