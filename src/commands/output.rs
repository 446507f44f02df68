//! Where commands write: standard output (JSON blocks, text), report folders and
//! output files, always atomically and private (reports hold statements' contents).

use super::status::{self, exit};
use crate::fsutil::{atomic_write, Action, Doing};
use crate::i18n::{tr, Lang};
use anyhow::Result;
use std::path::Path;

/// Whether `e` is output to a reader that went away (`soaek analyze --json | head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

/// Write each `(name, body)` into `dir`, atomically and private (0600).
pub fn write_reports<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<()> {
    for (name, body) in files {
        atomic_write(&dir.join(name), body, 0o600)?;
    }
    Ok(())
}

/// Print `block` (a part of the analyze JSON) with `--json`, else `text`.
pub fn print_block(
    json: bool,
    block: impl FnOnce() -> serde_json::Value,
    text: impl FnOnce() -> String,
) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(&block())?);
    } else {
        print!("{}", text());
    }
    Ok(())
}

/// Write an output file: a regular file (or a new one) is replaced atomically, 0600;
/// a device or FIFO the user named (`/dev/stdout`) is written to as it is, never
/// replaced by a rename.
pub fn write_output(path: &Path, bytes: &[u8], lang: Lang) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(exit(
            status::FAILED,
            format!(
                "{}: {}",
                path.display(),
                tr(
                    lang,
                    "폴더입니다. 파일 이름을 주세요",
                    "a folder: give a file name"
                )
            ),
        )),
        Ok(m) if !m.is_file() => {
            use std::io::Write;
            Ok(std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(bytes))
                .doing(Action::Write, path)?)
        }
        _ => Ok(atomic_write(path, bytes, 0o600)?),
    }
}
