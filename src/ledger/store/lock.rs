//! Writers are serialized by an exclusive lock on `<ledger>.lock` (0600), readers hold
//! a shared one; taking the writer's lock clears the temporary files a journal names.

use super::*;

/// A lock on `<ledger>.lock`, released when dropped.
pub struct LedgerLock {
    _file: File,
}

pub(super) fn open_lock(path: &Path) -> Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    let lock_path = lock_path(path);
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&lock_path).doing(Action::Create, &lock_path)?;
    // A lock file made by an older soaek (0644) becomes the user's only too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    }
    Ok(file)
}

/// The writers' lock. Holding it, finish what killed writers left: their temp files,
/// the files their journal names, a half-done conversion or repair.
pub fn lock(path: &Path) -> Result<LedgerLock> {
    let file = open_lock(path)?;
    file.lock().doing(Action::Lock, &lock_path(path))?;
    // The OS drops a killed writer's lock with the process, so no one else owns these now.
    remove_stale_temps(path);
    recover_swap(path, ".converting", ".single-file")?;
    recover_swap(path, ".repairing", ".before-repair")?;
    if path.is_dir() {
        manifest::settle(path)?;
    }
    Ok(LedgerLock { _file: file })
}

/// The readers' lock: no writer deletes a file while it is held.
pub(super) fn lock_shared(path: &Path) -> Result<LedgerLock> {
    let file = open_lock(path)?;
    file.lock_shared().doing(Action::Lock, &lock_path(path))?;
    Ok(LedgerLock { _file: file })
}

/// Delete the temp files [`atomic_write`] leaves when a writer is killed before its
/// rename (`.ledger.parquet.XXXXXX.tmp` next to the ledger, `.MANIFEST.json.XXXXXX.tmp`
/// and `.JOURNAL.json.XXXXXX.tmp` inside it). Returns how many.
pub(super) fn remove_stale_temps(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
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
    let mut found = temps(dir, &format!(".{}.", name.to_string_lossy()));
    found.extend(temps(path, &format!(".{MANIFEST}.")));
    found.extend(temps(path, &format!(".{}.", manifest::JOURNAL)));
    found
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

pub(super) fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}
