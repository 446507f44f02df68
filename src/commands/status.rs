//! How a command ends: the exit statuses (README "종료 코드"), defined once, and the one
//! line printed for an error.

use crate::analysis::Analysis;
use crate::fsutil::IoFailure;
use crate::i18n::Lang;
use crate::ledger::manifest::LedgerError;

/// Done.
pub const OK: u8 = 0;
/// Some rows could not be read: `import` added nothing; an analysis was made without
/// them (each one was named on stderr).
pub const ROWS: u8 = 1;
/// A file, the ledger or an output could not be read or written at all.
pub const FAILED: u8 = 2;
/// `alerts` showed a high-severity alert (it wins over [`ROWS`]).
pub const HIGH_ALERT: u8 = 3;
/// `soaek ledger repair` was not confirmed: nothing changed.
pub const NOT_CONFIRMED: u8 = 4;
/// The command line is wrong (an unknown option, a bad value): nothing was read.
pub const USAGE: u8 = 64;

/// [`ROWS`] when the analysis read files with rows it could not read.
pub fn of_rows(a: &Analysis) -> u8 {
    if a.import.files.iter().any(|f| !f.errors.is_empty()) {
        ROWS
    } else {
        OK
    }
}

/// An error that ends the command with a one-line message and exit status `code`.
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

pub fn exit(code: u8, message: String) -> anyhow::Error {
    Exit { code, message }.into()
}

/// A command line that parsed but means nothing (`--from` after `--to`), with the
/// pointer to the help.
pub fn usage(line: String, lang: Lang) -> anyhow::Error {
    exit(USAGE, with_help(&line, lang))
}

/// `line` and where the help is.
pub fn with_help(line: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{line}\n도움말: soaek --help"),
        Lang::En => format!("{line}\nhelp: soaek --help"),
    }
}

/// An error and its causes on one line, each cause once (a cause whose text the line
/// already holds, like an OS error its wrapper repeats, is left out).
fn chain(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// The exit status and the one line to print for an error that ended a command.
pub fn failure(e: &anyhow::Error, lang: Lang) -> (u8, String) {
    if let Some(x) = e.downcast_ref::<Exit>() {
        (x.code, x.message.clone())
    } else if let Some(l) = e.downcast_ref::<LedgerError>() {
        (FAILED, l.message(lang))
    } else if let Some(io) = e.downcast_ref::<IoFailure>() {
        (FAILED, io.message(lang))
    } else {
        (FAILED, chain(e))
    }
}
