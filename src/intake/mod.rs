//! Turning the command line's FILE arguments into imported statements. A folder stands
//! for every file below it; files in a folder that are not statements (a README, a
//! profile) are listed as skipped. A named file that cannot be read is an error.
//! [`summary`] makes the `import` part of the stable JSON from what was read.

pub mod carrier;
mod summary;
pub use summary::{FileSummary, ImportSummary, RowErrorJson, SkippedFileJson, SkippedRowJson};

use soaek_import::{FileError, FileImport, Lang, Profile};
use std::path::{Path, PathBuf};

/// One statement that was read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub import: FileImport,
}

/// A file in a folder that is not a statement.
#[derive(Debug, Clone)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub files: Vec<SourceFile>,
    pub skipped_files: Vec<SkippedFile>,
}

impl Batch {
    /// Rows that could not be read (a row with two bad cells counts once).
    pub fn row_errors(&self) -> usize {
        self.files
            .iter()
            .map(|f| {
                let mut rows: Vec<u32> = f.import.errors.iter().map(|e| e.row).collect();
                rows.dedup();
                rows.len()
            })
            .sum()
    }
}

/// A named file that could not be read at all.
#[derive(Debug, Clone)]
pub struct SourceError {
    pub path: String,
    pub error: FileError,
}

impl SourceError {
    pub fn message(&self, lang: Lang) -> String {
        format!("{}: {}", self.path, self.error.message(lang))
    }
}

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_below(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// Name the line of every payment whose statement does not say (`import --line`,
/// docs/RULES.md rule 12). The name is kept as a line id is: a number given is masked.
/// `false` when the name is blank.
pub fn name_line(batch: &mut Batch, name: &str) -> bool {
    let Some(id) = soaek_import::line::line_id(name) else {
        return false;
    };
    let id = soaek_import::Text::from(id);
    let mut billings = soaek_import::Billings::default();
    for t in batch
        .files
        .iter_mut()
        .flat_map(|f| f.import.transactions.iter_mut())
        .filter(|t| t.line().is_none())
    {
        t.billing = billings.get(soaek_import::Billing {
            line: Some(id.clone()),
            ..t.billing().clone()
        });
    }
    true
}

/// Read every statement named by `paths`, in the order given (folders sorted by name).
pub fn read_sources(
    paths: &[PathBuf],
    profile: Option<&Profile>,
    lang: Lang,
) -> Result<Batch, SourceError> {
    let mut batch = Batch::default();
    // A day of grace for clocks and time zones; later than that is no real payment.
    let latest = crate::month::today_kst() + chrono::Days::new(1);
    let read = |path: &Path| {
        soaek_import::import_path(path, profile).map(|mut import| {
            import.reject_after(latest);
            import
        })
    };
    for path in paths {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            files_below(path, &mut files).map_err(|e| SourceError {
                path: shown.clone(),
                error: FileError::from(e),
            })?;
            for file in files {
                let shown = file.display().to_string();
                match read(&file) {
                    Ok(import) => batch.files.push(SourceFile {
                        path: shown,
                        import,
                    }),
                    Err(e) => batch.skipped_files.push(SkippedFile {
                        path: shown,
                        reason: e.message(lang),
                    }),
                }
            }
        } else {
            let import = read(path).map_err(|error| SourceError {
                path: shown.clone(),
                error,
            })?;
            batch.files.push(SourceFile {
                path: shown,
                import,
            });
        }
    }
    Ok(batch)
}
