//! Format and encoding detection from the bytes, never from the file name.
//!
//! Workbooks are recognised by their magic (OLE2 `D0 CF 11 E0` = .xls, `PK` zip with
//! `xl/` = .xlsx, with an OpenDocument mimetype = .ods). Everything else is decoded as
//! text — UTF-8 BOM, strict UTF-8, then CP949 (encoding_rs `EUC_KR` is windows-949),
//! UTF-16 by BOM — and is an HTML table when it starts like markup, else CSV/TSV.

use crate::error::FileError;
use encoding_rs::{Encoding as EncodingRs, EUC_KR, UTF_16BE, UTF_16LE};
use memchr::memmem;
use std::borrow::Cow;

/// What kind of file a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text; the delimiter is detected separately.
    Csv,
    Xlsx,
    Xls,
    Ods,
    /// An HTML table, often saved with an .xls extension by Korean sites.
    Html,
}

impl Format {
    pub fn id(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Html => "html",
        }
    }
}

/// The text encoding that was used to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    /// CP949 / EUC-KR (windows-949).
    Cp949,
    Utf16Le,
    Utf16Be,
    /// Inside a workbook: calamine decodes it.
    Workbook,
}

impl TextEncoding {
    pub fn id(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Cp949 => "cp949",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Workbook => "workbook",
        }
    }
}

pub(crate) const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Detect a workbook by its magic bytes. `Ok(None)` means: text, decode it.
pub fn sniff_workbook(bytes: &[u8]) -> Result<Option<Format>, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.starts_with(OLE2) {
        // A password-protected .xlsx is an OLE2 container holding an `EncryptedPackage`
        // stream (its directory names are UTF-16LE).
        let encrypted: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if memmem::find(bytes, &encrypted).is_some() {
            return Err(FileError::Encrypted);
        }
        return Ok(Some(Format::Xls));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if memmem::find(bytes, b"xl/workbook").is_some()
            || memmem::find(bytes, b"[Content_Types].xml").is_some()
                && memmem::find(bytes, b"xl/").is_some()
        {
            return Ok(Some(Format::Xlsx));
        }
        if memmem::find(bytes, b"application/vnd.oasis.opendocument.spreadsheet").is_some() {
            return Ok(Some(Format::Ods));
        }
        return Err(FileError::ZipNotSpreadsheet);
    }
    Ok(None)
}

/// The charset an HTML document declares in its first 4 KB, if any.
fn html_meta_charset(bytes: &[u8]) -> Option<&'static EncodingRs> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let at = memmem::find(&lower, b"charset=")? + b"charset=".len();
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .unwrap_or(rest.len());
    EncodingRs::for_label(&rest[..end])
}

fn looks_like_utf16le(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return false;
    }
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    zero_odd * 10 > sample.len() / 2 * 3 && zero_even * 10 < sample.len() / 2
}

fn decode_strict(enc: &'static EncodingRs, bytes: &[u8]) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(Cow::into_owned)
}

/// Decode text bytes: BOM first, then strict UTF-8, then strict CP949. A declared HTML
/// charset is honoured when the bytes agree with it.
pub fn decode_text(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), FileError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match simdutf8::basic::from_utf8(rest) {
            Ok(s) => Ok((Cow::Borrowed(s), TextEncoding::Utf8Bom)),
            // A UTF-8 BOM in front of CP949 bytes: some tools add one blindly.
            Err(_) => decode_strict(EUC_KR, rest)
                .map(|s| (Cow::Owned(s), TextEncoding::Cp949))
                .ok_or(FileError::Binary),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_strict(UTF_16LE, rest)
            .map(|s| (Cow::Owned(s), TextEncoding::Utf16Le))
            .ok_or(FileError::Binary);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_strict(UTF_16BE, rest)
            .map(|s| (Cow::Owned(s), TextEncoding::Utf16Be))
            .ok_or(FileError::Binary);
    }
    if looks_like_utf16le(bytes) {
        return decode_strict(UTF_16LE, bytes)
            .map(|s| (Cow::Owned(s), TextEncoding::Utf16Le))
            .ok_or(FileError::Binary);
    }
    if let Some(enc) = html_meta_charset(bytes) {
        if enc == EUC_KR {
            if let Some(s) = decode_strict(EUC_KR, bytes) {
                return Ok((Cow::Owned(s), TextEncoding::Cp949));
            }
        }
    }
    // The whole text is checked here for a statement read at once (smaller than the
    // files read in chunks, `STREAM_FROM` in lib.rs): with vector instructions, several
    // times faster than the standard check.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok((Cow::Borrowed(s), TextEncoding::Utf8));
    }
    if let Some(s) = decode_strict(EUC_KR, bytes) {
        return Ok((Cow::Owned(s), TextEncoding::Cp949));
    }
    Err(FileError::Binary)
}

/// Whether decoded text is markup holding a table rather than delimited text.
pub fn is_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<html")
        || head.starts_with("<!doctype html")
        || head.starts_with("<table")
        || head.starts_with("<meta")
        || head.starts_with("<head")
        || head.starts_with("<body")
        || (head.starts_with('<') && head.contains("<table"))
}

/// Text that no statement holds: NUL bytes or many other control characters.
pub fn is_binary_text(text: &str) -> bool {
    let sample = &text.as_bytes()[..text.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    sample.contains(&0) || controls * 20 > sample.len()
}

/// Pick the delimiter of delimited text: the candidate that splits the most of the
/// first lines into the same number (≥ 2) of fields, quotes respected.
pub fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b'\t', b',', b';', b'|'];
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (0usize, 0usize, b',');
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| {
                let mut in_quotes = false;
                l.bytes()
                    .filter(|&b| {
                        if b == b'"' {
                            in_quotes = !in_quotes;
                        }
                        b == d && !in_quotes
                    })
                    .count()
            })
            .collect();
        // The most common non-zero count and how many lines have it.
        let mut freq: std::collections::HashMap<usize, usize> = Default::default();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_default() += 1;
        }
        if let Some((&fields, &lines_with)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) {
            if (lines_with, fields) > (best.0, best.1) {
                best = (lines_with, fields, d);
            }
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_by_magic() {
        assert_eq!(
            sniff_workbook(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Ok(Some(Format::Xls))
        );
        assert_eq!(
            sniff_workbook(b"PK\x03\x04....xl/workbook.xml"),
            Ok(Some(Format::Xlsx))
        );
        assert_eq!(
            sniff_workbook(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            Ok(Some(Format::Ods))
        );
        assert_eq!(
            sniff_workbook(b"PK\x03\x04hello.txt"),
            Err(FileError::ZipNotSpreadsheet)
        );
        assert_eq!(sniff_workbook(b"a,b"), Ok(None));
        assert_eq!(sniff_workbook(b""), Err(FileError::Empty));
    }

    #[test]
    fn encodings() {
        let (s, e) = decode_text("결제일시,금액".as_bytes()).unwrap();
        assert_eq!((s.as_ref(), e), ("결제일시,금액", TextEncoding::Utf8));
        let (s, e) = decode_text(b"\xEF\xBB\xBFa,b").unwrap();
        assert_eq!((s.as_ref(), e), ("a,b", TextEncoding::Utf8Bom));
        let (cp, _, _) = EUC_KR.encode("결제일시,금액,똠방각하");
        let (s, e) = decode_text(&cp).unwrap();
        assert_eq!(
            (s.as_ref(), e),
            ("결제일시,금액,똠방각하", TextEncoding::Cp949)
        );
        let mut bom_cp = b"\xEF\xBB\xBF".to_vec();
        bom_cp.extend_from_slice(&cp);
        assert_eq!(decode_text(&bom_cp).unwrap().1, TextEncoding::Cp949);
        let utf16: Vec<u8> = "\u{feff}날짜\t금액"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (s, e) = decode_text(&utf16).unwrap();
        assert_eq!((s.as_ref(), e), ("날짜\t금액", TextEncoding::Utf16Le));
        assert_eq!(decode_text(b"\xff\xfe\x00\xd8"), Err(FileError::Binary));
    }

    #[test]
    fn html_meta_charset_is_honoured() {
        let (cp, _, _) = EUC_KR.encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\"></head><table><tr><td>가맹점</td></tr></table>");
        let (s, e) = decode_text(&cp).unwrap();
        assert_eq!(e, TextEncoding::Cp949);
        assert!(s.contains("가맹점"));
        assert!(is_html(&s));
        assert!(!is_html("결제일시,금액\n"));
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,\"2,000\",3\n"), b',');
        assert_eq!(sniff_delimiter("제목\na\tb\tc\n1\t2,000\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n1;2,000;3\n4;5,000;6\n"), b';');
    }

    #[test]
    fn binary_text() {
        assert!(is_binary_text("a\0b"));
        assert!(!is_binary_text("a,b\r\n1,2\n"));
    }
}
