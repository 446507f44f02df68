//! Crash-safe file writes (temp file in the same folder, fsync, rename, fsync folder),
//! and [`IoFailure`]: an I/O error with what soaek was doing and where, worded in the
//! user's language.

use crate::i18n::Lang;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What soaek was doing when the OS said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Write,
    Replace,
    Lock,
    Read,
    Remove,
    Move,
}

/// An I/O error: the action, the path, and the OS's reason.
#[derive(Debug)]
pub struct IoFailure {
    pub action: Action,
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl IoFailure {
    pub fn new(action: Action, path: &Path, source: std::io::Error) -> IoFailure {
        IoFailure {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let p = self.path.display();
        let why = reason(&self.source, lang);
        match lang {
            Lang::Ko => {
                let verb = match self.action {
                    Action::Create => "만들 수 없습니다",
                    Action::Write => "쓸 수 없습니다",
                    Action::Replace => "바꿀 수 없습니다",
                    Action::Lock => "잠글 수 없습니다",
                    Action::Read => "읽을 수 없습니다",
                    Action::Remove => "지울 수 없습니다",
                    Action::Move => "옮길 수 없습니다",
                };
                format!("{p}: {verb} ({why})")
            }
            Lang::En => {
                let verb = match self.action {
                    Action::Create => "cannot create",
                    Action::Write => "cannot write",
                    Action::Replace => "cannot replace",
                    Action::Lock => "cannot lock",
                    Action::Read => "cannot read",
                    Action::Remove => "cannot remove",
                    Action::Move => "cannot move",
                };
                format!("{verb} {p}: {why}")
            }
        }
    }
}

impl std::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for IoFailure {}

/// The OS's reason in the user's words for the common cases, else its own text
/// without Rust's "(os error N)".
pub fn reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    let ko = match e.kind() {
        NotFound => Some("없는 경로입니다"),
        PermissionDenied => Some("권한이 없습니다"),
        IsADirectory => Some("폴더입니다"),
        NotADirectory => Some("경로 중간에 폴더가 아닌 것이 있습니다"),
        StorageFull => Some("디스크 공간이 부족합니다"),
        FileTooLarge => Some("파일 크기 한도를 넘었습니다"),
        ReadOnlyFilesystem => Some("읽기 전용 저장소입니다"),
        AlreadyExists => Some("이미 있습니다"),
        _ => None,
    };
    match (lang, ko) {
        (Lang::Ko, Some(text)) => text.to_string(),
        _ => {
            let s = e.to_string();
            s.find(" (os error")
                .map_or(s.clone(), |i| s[..i].to_string())
        }
    }
}

/// `Result<T, io::Error>` → `Result<T, IoFailure>` naming the action and the path.
pub trait Doing<T> {
    fn doing(self, action: Action, path: &Path) -> Result<T, IoFailure>;
}

impl<T> Doing<T> for std::io::Result<T> {
    fn doing(self, action: Action, path: &Path) -> Result<T, IoFailure> {
        self.map_err(|e| IoFailure::new(action, path, e))
    }
}

/// Create `dir` (and parents) readable by the owner only, if it does not exist.
pub fn create_private_dir(dir: &Path) -> Result<(), IoFailure> {
    if dir.as_os_str().is_empty() || dir.exists() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).doing(Action::Create, dir)
}

/// Replace `path` with `bytes` so that a crash leaves either the old or the new file.
/// The file gets mode `mode` (e.g. 0o600 for the ledger).
pub fn atomic_write(path: &Path, bytes: &[u8], mode: u32) -> Result<(), IoFailure> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .doing(Action::Write, path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))
            .doing(Action::Write, path)?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.write_all(bytes).doing(Action::Write, path)?;
    tmp.as_file().sync_all().doing(Action::Write, path)?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .doing(Action::Replace, path)?;
    if let Ok(d) = fs::File::open(&dir) {
        // Make the rename itself durable; not every platform can fsync a folder.
        let _ = d.sync_all();
    }
    Ok(())
}
