//! Errors of the import path: a row that cannot be read, and a file that cannot be read at all.
//! Every message exists in Korean (default) and English.

use std::fmt;

/// Language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ko,
    En,
}

/// Why one cell of one row could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A required cell is empty.
    Empty,
    BadDate(String),
    BadTime(String),
    BadAmount(String),
    /// Digits that do not fit in i64 won.
    AmountTooLarge(String),
    /// Amount with a fractional won part.
    NotWholeWon(String),
    UnknownStatus(String),
    /// A date after the as-of day of the import (more than a day in the future).
    FutureDate(String),
}

impl Reason {
    pub fn message(&self, lang: Lang) -> String {
        use Reason::*;
        match (lang, self) {
            (Lang::Ko, Empty) => "값이 비어 있습니다".into(),
            (Lang::En, Empty) => "the cell is empty".into(),
            (Lang::Ko, BadDate(v)) => format!("날짜를 읽을 수 없습니다: {v:?}"),
            (Lang::En, BadDate(v)) => format!("not a date: {v:?}"),
            (Lang::Ko, BadTime(v)) => format!("시간을 읽을 수 없습니다: {v:?}"),
            (Lang::En, BadTime(v)) => format!("not a time: {v:?}"),
            (Lang::Ko, BadAmount(v)) => format!("금액을 읽을 수 없습니다: {v:?}"),
            (Lang::En, BadAmount(v)) => format!("not an amount: {v:?}"),
            (Lang::Ko, AmountTooLarge(v)) => {
                format!("금액이 너무 큽니다: {v:?} (한 건에 1,000만 원까지)")
            }
            (Lang::En, AmountTooLarge(v)) => {
                format!("amount too large: {v:?} (at most 10,000,000 won a payment)")
            }
            (Lang::Ko, NotWholeWon(v)) => format!("원 단위가 아닌 금액입니다: {v:?}"),
            (Lang::En, NotWholeWon(v)) => format!("amount is not whole won: {v:?}"),
            (Lang::Ko, UnknownStatus(v)) => format!("알 수 없는 거래상태입니다: {v:?}"),
            (Lang::En, UnknownStatus(v)) => format!("unknown status: {v:?}"),
            (Lang::Ko, FutureDate(v)) => format!("미래의 날짜입니다: {v:?}"),
            (Lang::En, FutureDate(v)) => format!("date is in the future: {v:?}"),
        }
    }
}

/// A row that could not be read: 1-based row as a spreadsheet shows it, the column's
/// header name (with its spreadsheet letter) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u32,
    pub column: String,
    pub reason: Reason,
}

impl RowError {
    /// `file:row:column: reason`, one line.
    pub fn render(&self, file: &str, lang: Lang) -> String {
        format!(
            "{file}:{}:{}: {}",
            self.row,
            self.column,
            self.reason.message(lang)
        )
    }
}

/// A file that cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Io(String),
    NotFound,
    NoPermission,
    Empty,
    /// Bytes that are no text encoding or spreadsheet we know.
    Binary,
    /// A zip archive that is neither .xlsx nor .ods.
    ZipNotSpreadsheet,
    /// A workbook calamine could not open (truncated, encrypted, …).
    Workbook(String),
    /// A password-protected workbook.
    Encrypted,
    /// Two columns with the same header name for one field (which one is meant?).
    DuplicateColumn {
        name: String,
        columns: String,
    },
    /// An HTML file without any `<table>`.
    NoTable,
    /// No row looks like a statement header (date and amount columns).
    NoHeader,
    /// A header exists but a required column is missing.
    MissingColumn(&'static str),
    /// The column profile names a column the file does not have, or is malformed.
    Profile(String),
    /// The file goes past one of the limits that keep memory bounded (RELIABILITY.md).
    TooLarge(Limit),
    /// Tables (or block elements) nested deeper than this in an HTML file.
    TablesTooDeep(usize),
    /// A device, FIFO or socket: only regular files are read (and `-` for stdin).
    NotRegular,
}

/// The limits a file may not pass, each with its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A zipped workbook's parts unpack to more than this many MB.
    Unzipped(u64),
    /// One sheet holds more than this many cells.
    Cells(usize),
    /// The file is larger than this many MB.
    FileMb(u64),
    /// A line of delimited text is longer than `kb` KB.
    Line { line: usize, kb: usize },
}

impl From<std::io::Error> for FileError {
    /// The reason in the user's words where it is a common one; else the OS's text,
    /// without Rust's "(os error N)".
    fn from(e: std::io::Error) -> FileError {
        use std::io::ErrorKind::*;
        match e.kind() {
            NotFound => FileError::NotFound,
            PermissionDenied => FileError::NoPermission,
            _ => {
                let s = e.to_string();
                let s = s.find(" (os error").map_or(s.as_str(), |i| &s[..i]);
                FileError::Io(s.to_string())
            }
        }
    }
}

impl FileError {
    pub fn message(&self, lang: Lang) -> String {
        use FileError::*;
        match (lang, self) {
            (Lang::Ko, Io(e)) => format!("파일을 읽을 수 없습니다: {e}"),
            (Lang::En, Io(e)) => format!("cannot read the file: {e}"),
            (Lang::Ko, NotFound) => "파일이 없습니다. 이름과 폴더를 확인하세요".into(),
            (Lang::En, NotFound) => "no such file: check the name and the folder".into(),
            (Lang::Ko, NoPermission) => "파일을 읽을 권한이 없습니다".into(),
            (Lang::En, NoPermission) => "no permission to read the file".into(),
            (Lang::Ko, Empty) => "빈 파일입니다".into(),
            (Lang::En, Empty) => "the file is empty".into(),
            (Lang::Ko, Binary) => "명세서 형식이 아닙니다 (알 수 없는 바이너리 또는 인코딩)".into(),
            (Lang::En, Binary) => "not a statement (unknown binary data or encoding)".into(),
            (Lang::Ko, ZipNotSpreadsheet) => "xlsx/ods가 아닌 zip 파일입니다".into(),
            (Lang::En, ZipNotSpreadsheet) => "a zip archive that is not .xlsx or .ods".into(),
            (Lang::Ko, Workbook(e)) => {
                format!("엑셀 파일을 열 수 없습니다 (손상되었거나 암호가 걸려 있음): {e}")
            }
            (Lang::En, Workbook(e)) => {
                format!("cannot open the workbook (damaged or password-protected): {e}")
            }
            (Lang::Ko, Encrypted) => {
                "암호가 걸린 엑셀 파일입니다. 엑셀에서 암호를 해제하고 저장한 뒤 다시 가져오세요".into()
            }
            (Lang::En, Encrypted) => {
                "the workbook is password-protected: remove the password in Excel, save, and import again".into()
            }
            (Lang::Ko, DuplicateColumn { name, columns }) => format!(
                "같은 이름의 열이 둘 있어 어느 쪽인지 알 수 없습니다: {name} ({columns}열). 열 프로필(--profile)로 고르세요"
            ),
            (Lang::En, DuplicateColumn { name, columns }) => format!(
                "two columns are named {name} ({columns}): choose one with a column profile (--profile)"
            ),
            (Lang::Ko, NoTable) => "HTML 파일에 표가 없습니다".into(),
            (Lang::En, NoTable) => "the HTML file has no table".into(),
            (Lang::Ko, NoHeader) => "표의 머리글 줄(결제일시·금액 같은 열 이름)을 찾지 못했습니다. 열 이름이 다르면 열 프로필을 만들어 --profile로 알려 주세요 (README \"열 프로필\")".into(),
            (Lang::En, NoHeader) => "no header row with date and amount columns found: if the columns have other names, write a column profile and pass it with --profile (README \"column profile\")".into(),
            (Lang::Ko, MissingColumn(c)) => format!("필수 열이 없습니다: {c}"),
            (Lang::En, MissingColumn(c)) => format!("required column missing: {c}"),
            (Lang::Ko, Profile(e)) => format!("열 프로필 오류: {e}"),
            (Lang::En, Profile(e)) => format!("column profile error: {e}"),
            (Lang::Ko, TooLarge(Limit::Unzipped(mb))) => {
                format!("압축을 풀면 {mb}MB가 넘는 엑셀 파일이라 읽지 않았습니다 (명세서로 보기에는 너무 큽니다)")
            }
            (Lang::En, TooLarge(Limit::Unzipped(mb))) => {
                format!("the workbook unpacks to more than {mb} MB: too large for a statement, not read")
            }
            (Lang::Ko, TooLarge(Limit::Cells(n))) => {
                format!("한 시트의 칸이 {}개를 넘어 읽지 않았습니다", grouped(*n))
            }
            (Lang::En, TooLarge(Limit::Cells(n))) => {
                format!("a sheet holds more than {} cells: not read", grouped(*n))
            }
            (Lang::Ko, TooLarge(Limit::FileMb(mb))) => {
                format!("{mb}MB가 넘는 파일이라 읽지 않았습니다")
            }
            (Lang::En, TooLarge(Limit::FileMb(mb))) => {
                format!("the file is larger than {mb} MB: not read")
            }
            (Lang::Ko, TablesTooDeep(n)) => {
                format!("HTML 표나 상자가 {n}겹보다 깊게 겹쳐 있어 읽지 않았습니다")
            }
            (Lang::En, TablesTooDeep(n)) => {
                format!("HTML tables or blocks nested more than {n} deep: not read")
            }
            (Lang::Ko, TooLarge(Limit::Line { line, kb })) => format!(
                "{line}번째 줄이 {kb}KB보다 길어 읽지 않았습니다 (명세서의 한 행으로 보기에는 너무 깁니다)"
            ),
            (Lang::En, TooLarge(Limit::Line { line, kb })) => {
                format!("line {line} is longer than {kb} KB: too long for a statement row, not read")
            }
            (Lang::Ko, NotRegular) => {
                "일반 파일이 아닙니다(장치·FIFO 등). 표준 입력은 -로 주세요".into()
            }
            (Lang::En, NotRegular) => {
                "not a regular file (a device, FIFO…); give - for standard input".into()
            }
        }
    }
}

/// `5000000` as `5,000,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for FileError {}
