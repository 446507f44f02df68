//! Delimited text (CSV/TSV/semicolon) through the `csv` crate. [`read`] streams one
//! record at a time into any sink; [`read_parallel`] splits a large file into chunks of
//! records once the sink can fork (below the header), parses them on worker threads and
//! joins the parts in file order, so the result is the same as [`read`]'s.

use super::{CellRef, ParallelSink, Row, RowSink};
use crate::error::FileError;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::mpsc;

/// Records are read as bytes and only the cells asked for are checked as UTF-8 (the text
/// is already: cells split at ASCII delimiters and quotes stay UTF-8).
impl Row for ::csv::ByteRecord {
    fn len(&self) -> usize {
        ::csv::ByteRecord::len(self)
    }
    fn cell(&self, col: usize) -> CellRef<'_> {
        self.get(col)
            .and_then(|b| simdutf8::basic::from_utf8(b).ok())
            .map_or(CellRef::Empty, CellRef::Text)
    }
}

/// Records of decoded text with the 1-based line on which each starts, as a
/// spreadsheet opened on the file would number it.
struct Records<'a> {
    reader: ::csv::Reader<&'a [u8]>,
    bytes: &'a [u8],
    /// Lines are counted here: the csv crate's own count lags behind blank lines.
    counted_to: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// Records of `text`, whose first line is line `first_line` of the file.
    fn new(text: &'a [u8], delimiter: u8, first_line: u64) -> Records<'a> {
        Records {
            reader: ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text),
            bytes: text,
            counted_to: 0,
            line: first_line,
        }
    }

    /// Read the next record into `record`; its row number, or `None` at the end.
    fn next(&mut self, record: &mut ::csv::ByteRecord) -> Result<Option<u32>, FileError> {
        match self.reader.read_byte_record(record) {
            Ok(true) => {
                let bytes = self.bytes;
                let mut start = record
                    .position()
                    .map_or(self.counted_to, |p| p.byte() as usize)
                    .min(bytes.len());
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                if start > self.counted_to {
                    self.line +=
                        memchr::memchr_iter(b'\n', &bytes[self.counted_to..start]).count() as u64;
                    self.counted_to = start;
                }
                Ok(Some(u32::try_from(self.line).unwrap_or(u32::MAX)))
            }
            Ok(false) => Ok(None),
            Err(e) => Err(FileError::Io(e.to_string())),
        }
    }
}

/// Stream decoded text into `sink`, one record at a time.
pub fn read(text: &str, delimiter: u8, sink: &mut dyn RowSink) -> Result<(), FileError> {
    let mut records = Records::new(text.as_bytes(), delimiter, 1);
    let mut record = ::csv::ByteRecord::new();
    while let Some(row_no) = records.next(&mut record)? {
        if !sink.push(row_no, &record)? {
            break;
        }
    }
    Ok(())
}

/// Records per chunk handed to a worker.
const CHUNK: usize = 16_384;
/// Chunks handed out but not yet joined, at most (bounds the results held at once).
const IN_FLIGHT: usize = 8;
/// Below this much text after the header, one thread reads it all.
const PARALLEL_FROM: usize = 1 << 20;

/// A worker's part: `None` when its chunk was not UTF-8.
type Part<S> = Result<Option<S>, FileError>;
/// A chunk for a worker: its bytes, its first line, where to send the part.
type Job<'t, S> = (Cow<'t, [u8]>, u64, S, mpsc::Sender<Part<S>>);

/// Where the chunks' text comes from: decoded text in memory, or a UTF-8 file read a
/// chunk at a time.
trait Chunks {
    /// The bytes `start..end` of the text.
    fn chunk(&self, start: usize, end: usize) -> Result<Cow<'_, [u8]>, FileError>;
    /// Whether the bytes are known to be UTF-8 (else each worker checks its chunk).
    fn known_utf8(&self) -> bool;
}

impl Chunks for str {
    fn chunk(&self, start: usize, end: usize) -> Result<Cow<'_, [u8]>, FileError> {
        Ok(Cow::Borrowed(
            &self.as_bytes()[start.min(end)..end.min(self.len())],
        ))
    }
    fn known_utf8(&self) -> bool {
        true
    }
}

/// A file whose text starts at byte `skip` (after a byte-order mark).
struct FileText {
    file: RefCell<File>,
    skip: u64,
}

impl Chunks for FileText {
    fn chunk(&self, start: usize, end: usize) -> Result<Cow<'_, [u8]>, FileError> {
        let mut bytes = vec![0; end.saturating_sub(start)];
        let mut file = self.file.borrow_mut();
        file.seek(SeekFrom::Start(self.skip + start as u64))
            .map_err(FileError::from)?;
        file.read_exact(&mut bytes).map_err(FileError::from)?;
        Ok(Cow::Owned(bytes))
    }
    fn known_utf8(&self) -> bool {
        false
    }
}

/// Feed `sink` one record at a time until it can fork. `false` when the text ended first.
fn until_fork<S: ParallelSink>(
    records: &mut Records<'_>,
    record: &mut ::csv::ByteRecord,
    sink: &mut S,
) -> Result<bool, FileError> {
    while !sink.can_fork() {
        match records.next(record)? {
            Some(row_no) if sink.push(row_no, record)? => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// Like [`read`], with the rows below the point where `sink` can fork parsed in
/// parallel (see [`parallel_rest`]), so the sink ends as [`read`] would leave it.
pub fn read_parallel<S: ParallelSink>(
    text: &str,
    delimiter: u8,
    sink: &mut S,
) -> Result<(), FileError> {
    let mut records = Records::new(text.as_bytes(), delimiter, 1);
    let mut record = ::csv::ByteRecord::new();
    if !until_fork(&mut records, &mut record, sink)? {
        return Ok(());
    }
    let start = (records.reader.position().byte() as usize).min(text.len());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if text.len() - start < PARALLEL_FROM || workers < 2 {
        while let Some(row_no) = records.next(&mut record)? {
            sink.push(row_no, &record)?;
        }
        return Ok(());
    }
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count() as u64;
    parallel_rest(
        text,
        records.reader,
        start,
        text.len(),
        line,
        delimiter,
        sink,
    )?;
    Ok(())
}

/// What [`read_file_parallel`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streamed {
    /// The whole file went into the sink.
    Read,
    /// The header is not within `head`, or a later part of the file is not UTF-8: read
    /// the file whole instead (the sink holds a partial result; throw it away).
    ReadWhole,
}

/// [`read_parallel`] of a large UTF-8 file without holding its text: `head` is the
/// file's first lines, decoded (after `skip` bytes of byte-order mark); the header must
/// be within them. Below it the file is read a chunk at a time, each chunk checked to be
/// UTF-8, so at most a few chunks of text are in memory at once.
pub fn read_file_parallel<S: ParallelSink>(
    path: &Path,
    skip: u64,
    len: u64,
    head: &str,
    delimiter: u8,
    sink: &mut S,
) -> Result<Streamed, FileError> {
    let mut records = Records::new(head.as_bytes(), delimiter, 1);
    let mut record = ::csv::ByteRecord::new();
    if !until_fork(&mut records, &mut record, sink)? {
        return Ok(Streamed::ReadWhole);
    }
    let start = records.reader.position().byte() as usize;
    // A record that reached the end of the head may go on beyond it.
    if start >= head.len() {
        return Ok(Streamed::ReadWhole);
    }
    let mut at = File::open(path).map_err(FileError::from)?;
    at.seek(SeekFrom::Start(skip + start as u64))
        .map_err(FileError::from)?;
    let scan = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(BufReader::with_capacity(1 << 20, at));
    let end = usize::try_from(len.saturating_sub(skip))
        .map_err(|_| FileError::Io("file too large".into()))?;
    let line = 1 + memchr::memchr_iter(b'\n', &head.as_bytes()[..start]).count() as u64;
    let text = FileText {
        file: RefCell::new(File::open(path).map_err(FileError::from)?),
        skip,
    };
    Ok(
        match parallel_rest(&text, scan, start, end, line, delimiter, sink)? {
            true => Streamed::Read,
            false => Streamed::ReadWhole,
        },
    )
}

/// Parse the records from byte `start` to `end` of `text` in parallel: this thread only
/// finds where each chunk of records ends (`scan`, positioned at `start`, splitting byte
/// records), and worker threads read and parse each chunk's text with a fork of the
/// sink, their own reader and line count (`line` is the line at `start`). Parts are
/// joined in file order. `false` when a chunk was not UTF-8.
fn parallel_rest<S: ParallelSink, T: Chunks + ?Sized, R: Read>(
    text: &T,
    mut scan: ::csv::Reader<R>,
    mut start: usize,
    end_of_text: usize,
    mut line: u64,
    delimiter: u8,
    sink: &mut S,
) -> Result<bool, FileError> {
    // Scan positions count from where the scan began.
    let origin = start - scan.position().byte() as usize;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let (job_tx, job_rx) = mpsc::sync_channel::<Job<'_, S>>(IN_FLIGHT);
    let job_rx = std::sync::Mutex::new(job_rx);
    let template = sink.fork();
    let mut pending: VecDeque<mpsc::Receiver<Part<S>>> = VecDeque::new();
    let mut failed: Option<FileError> = None;
    /// Join the oldest part handed out (or keep its error).
    fn join_oldest<S: ParallelSink>(
        pending: &mut VecDeque<mpsc::Receiver<Part<S>>>,
        sink: &mut S,
        failed: &mut Option<FileError>,
        not_text: &mut bool,
    ) {
        let Some(rx) = pending.pop_front() else {
            return;
        };
        let part = rx
            .recv()
            .unwrap_or_else(|_| Err(FileError::Io("a parsing thread stopped".into())));
        match part {
            Ok(Some(part)) if failed.is_none() && !*not_text => sink.join(part),
            Ok(Some(_)) => {}
            Ok(None) => *not_text = true,
            Err(e) => {
                failed.get_or_insert(e);
            }
        }
    }
    let mut not_text = false;
    let check = !text.known_utf8();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let job_rx = &job_rx;
            scope.spawn(move || {
                let mut local = S::Local::default();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((chunk, first_line, mut fork, tx)) = job else {
                        return;
                    };
                    // Checked here, on both cores, with SIMD; cells are checked again
                    // (cheaply) as they are read.
                    if check && simdutf8::basic::from_utf8(&chunk).is_err() {
                        let _ = tx.send(Ok(None));
                        continue;
                    }
                    fork.adopt(std::mem::take(&mut local));
                    let mut records = Records::new(&chunk, delimiter, first_line);
                    let mut record = ::csv::ByteRecord::new();
                    let failed = loop {
                        match records.next(&mut record) {
                            Ok(Some(row_no)) => {
                                if let Err(e) = fork.push(row_no, &record) {
                                    break Some(e);
                                }
                            }
                            Ok(None) => break None,
                            Err(e) => break Some(e),
                        }
                    };
                    local = fork.release();
                    let _ = tx.send(failed.map_or(Ok(Some(fork)), Err));
                }
            });
        }
        let mut split = ::csv::ByteRecord::new();
        let mut reserved = false;
        while start < end_of_text && !not_text && failed.is_none() {
            let mut n = 0;
            let end = loop {
                match scan.read_byte_record(&mut split) {
                    Ok(true) if n + 1 < CHUNK => n += 1,
                    Ok(true) => break (origin + scan.position().byte() as usize).min(end_of_text),
                    // At the end, or a record the worker's own reader will report.
                    Ok(false) | Err(_) => break end_of_text,
                }
            };
            let chunk = match text.chunk(start, end) {
                Ok(chunk) => chunk,
                Err(e) => {
                    failed.get_or_insert(e);
                    break;
                }
            };
            if !reserved {
                // Room for the rows the whole text holds at this chunk's density, once.
                sink.reserve((n + 1) * ((end_of_text - start) / (end - start).max(1) + 1));
                reserved = true;
            }
            let lines = memchr::memchr_iter(b'\n', &chunk).count() as u64;
            let (tx, rx) = mpsc::channel();
            if job_tx.send((chunk, line, template.fork(), tx)).is_err() {
                break;
            }
            pending.push_back(rx);
            line += lines;
            start = end;
            while pending.len() > IN_FLIGHT {
                join_oldest(&mut pending, sink, &mut failed, &mut not_text);
            }
        }
        drop(job_tx);
        while !pending.is_empty() {
            join_oldest(&mut pending, sink, &mut failed, &mut not_text);
        }
    });
    failed.map_or(Ok(!not_text), Err)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rows::{RowParser, SkipReason};

    /// A statement of `rows` rows, several chunks' worth: bad dates, blank lines, a
    /// quoted field over two lines on the way, and a total row at `total_at` (if any)
    /// followed by more rows. Also used by the chunked-file test in `lib.rs`.
    pub(crate) fn statement(rows: usize, total_at: Option<usize>) -> String {
        let mut s = String::from("이용내역\n\n결제일시,가맹점명,결제금액,상태,승인번호\n");
        for i in 0..rows {
            match i {
                _ if Some(i) == total_at => s += "합계,,\"1,000\",\n",
                _ if i % 997 == 0 => s += "\n",
                _ if i % 1_009 == 0 => s += "2025-13-01 10:00,쿠팡,1000,승인,\n",
                _ if i % 4_999 == 0 => s += "2025-05-01 10:00,\"여러\n줄\",2000,취소,\n",
                _ => {
                    s += &format!(
                        "2025-05-{:02} {:02}:{:02},가맹점{},\"{},000\",승인,A{i:08}\n",
                        1 + i % 28,
                        i % 24,
                        i % 60,
                        i % 7,
                        1 + i % 50
                    )
                }
            }
        }
        s
    }

    fn parsed(text: &str, parallel: bool) -> RowParser<'static> {
        let mut p = RowParser::new(None);
        if parallel {
            read_parallel(text, b',', &mut p).unwrap();
        } else {
            read(text, b',', &mut p).unwrap();
        }
        p
    }

    #[test]
    fn parallel_reading_gives_what_sequential_reading_gives() {
        for (total_at, crlf) in [(25_000, false), (30_001, false), (30_001, true)] {
            let mut text = statement(30_000, Some(total_at));
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            assert!(
                text.len() > PARALLEL_FROM + 100_000,
                "large enough for workers"
            );
            let (a, b) = (parsed(&text, false), parsed(&text, true));
            assert_eq!(a.transactions, b.transactions);
            assert_eq!(a.errors, b.errors);
            assert_eq!(a.skipped, b.skipped);
            assert_eq!((a.rows, a.header_row), (b.rows, b.header_row));
            assert!(a.transactions.len() > 20_000, "{}", a.transactions.len());
            assert!(a.errors.len() >= 20, "{}", a.errors.len());
        }
        // With the total in the fourth chunk, every later row is a note.
        let b = parsed(&statement(30_000, Some(25_000)), true);
        let total = b.skipped.iter().position(|s| s.reason == SkipReason::Total);
        let total = total.expect("the total row is skipped as a total");
        assert!(b.skipped[total + 1..].len() > 4_900);
        assert!(b.skipped[total + 1..]
            .iter()
            .all(|s| s.reason == SkipReason::Note));
        let last_tx = b.transactions.last().map(|t| t.source_row).unwrap_or(0);
        assert!(last_tx < b.skipped[total].row);
    }
}
