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
use std::io::{Read, Seek, SeekFrom};
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

/// Bytes per chunk handed to a worker (at least; a chunk ends at the end of a record).
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks handed out but not yet joined, at most (bounds the results held at once).
const IN_FLIGHT: usize = 8;
/// Below this much text after the header, one thread reads it all.
const PARALLEL_FROM: usize = 1 << 20;

/// What a worker made of its chunk: `None` when the chunk was not UTF-8.
type Part<S> = Result<Option<Parsed<S>>, FileError>;

/// A chunk's records in a fork of the sink, and where to go on from when the chunk's
/// end (found by quote parity) turned out to be inside a record: that record's byte
/// and line, within the chunk. Its records before that one are right.
struct Parsed<S> {
    sink: S,
    resume: Option<(usize, u64)>,
}

/// A chunk for a worker: its bytes, its first line, whether its end must be checked
/// (see [`ends_record`]), and where to send the part.
type Job<'t, S> = (Cow<'t, [u8]>, u64, bool, S, mpsc::Sender<Part<S>>);

/// How the bytes of a file read in chunks become text. Both keep a newline and a quote
/// as the bytes they are (no CP949 trail byte is below 0x41), so chunks are cut on the
/// raw bytes and each worker decodes its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkEncoding {
    /// Decoded text in memory: nothing to check.
    Text,
    /// UTF-8, checked chunk by chunk.
    Utf8,
    /// CP949 (windows-949), decoded strictly chunk by chunk.
    Cp949,
}

impl ChunkEncoding {
    /// The chunk as UTF-8 bytes; `None` when it is not in this encoding.
    fn decode(self, chunk: Cow<'_, [u8]>) -> Option<Cow<'_, [u8]>> {
        match self {
            ChunkEncoding::Text => Some(chunk),
            // With SIMD; cells are checked again (cheaply) as they are read.
            ChunkEncoding::Utf8 => simdutf8::basic::from_utf8(&chunk).is_ok().then_some(chunk),
            ChunkEncoding::Cp949 => encoding_rs::EUC_KR
                .decode_without_bom_handling_and_without_replacement(&chunk)
                .map(|text| Cow::Owned(text.into_owned().into_bytes())),
        }
    }

    /// How many bytes of the file `text` (decoded, UTF-8) came from: in CP949 every
    /// character that is not ASCII is two bytes (counted at its UTF-8 lead byte).
    fn raw_len(self, text: &[u8]) -> usize {
        match self {
            ChunkEncoding::Text | ChunkEncoding::Utf8 => text.len(),
            ChunkEncoding::Cp949 => text
                .iter()
                .map(|&b| match b {
                    0..0x80 => 1,
                    0xC0.. => 2,
                    _ => 0,
                })
                .sum(),
        }
    }
}

/// Where the chunks' text comes from: decoded text in memory, or a file read a chunk at
/// a time.
trait Chunks {
    /// The bytes `start..end` of the text.
    fn chunk(&self, start: usize, end: usize) -> Result<Cow<'_, [u8]>, FileError>;
    /// What the bytes are.
    fn encoding(&self) -> ChunkEncoding;
}

impl Chunks for str {
    fn chunk(&self, start: usize, end: usize) -> Result<Cow<'_, [u8]>, FileError> {
        Ok(Cow::Borrowed(
            &self.as_bytes()[start.min(end)..end.min(self.len())],
        ))
    }
    fn encoding(&self) -> ChunkEncoding {
        ChunkEncoding::Text
    }
}

/// A file whose text starts at byte `skip` (after a byte-order mark).
struct FileText {
    file: RefCell<File>,
    skip: u64,
    encoding: ChunkEncoding,
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
    fn encoding(&self) -> ChunkEncoding {
        self.encoding
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
    parallel_rest(text, start, text.len(), line, delimiter, sink)?;
    Ok(())
}

/// What [`read_file_parallel`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streamed {
    /// The whole file went into the sink.
    Read,
    /// The header is not within `head`, or a later part of the file is not in the
    /// head's encoding: read the file whole instead (the sink holds a partial result;
    /// throw it away).
    ReadWhole,
}

/// [`read_parallel`] of a large file without holding its text: `head` is the file's
/// first lines, decoded from `encoding` (after `skip` bytes of byte-order mark); the
/// header must be within them. Below it the file is read a chunk at a time, each chunk
/// decoded by the worker that parses it, so at most a few chunks of text are in memory
/// at once.
pub fn read_file_parallel<S: ParallelSink>(
    path: &Path,
    (skip, len): (u64, u64),
    head: &str,
    encoding: ChunkEncoding,
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
    let end = usize::try_from(len.saturating_sub(skip))
        .map_err(|_| FileError::Io("file too large".into()))?;
    let line = 1 + memchr::memchr_iter(b'\n', &head.as_bytes()[..start]).count() as u64;
    let start = encoding.raw_len(&head.as_bytes()[..start]);
    let text = FileText {
        file: RefCell::new(File::open(path).map_err(FileError::from)?),
        skip,
        encoding,
    };
    Ok(
        match parallel_rest(&text, start, end, line, delimiter, sink)? {
            true => Streamed::Read,
            false => Streamed::ReadWhole,
        },
    )
}

/// Parse the records from byte `start` (where a record starts, on line `line`) to
/// `end_of_text` of `text` in parallel, and join the parts in file order into `sink`.
///
/// This thread only cuts the text into chunks and joins the parts; worker threads parse
/// each chunk with a fork of the sink and their own reader. A chunk ends at its last
/// newline outside quotes by quote parity, which is what the csv rules say unless a
/// field holds a stray quote; the worker checks that its last record really ends there
/// ([`ends_record`]) and, if not, leaves that record out and says where it starts: the
/// text is cut again from there, that chunk's end found by the csv rules themselves.
/// `false` when a chunk was not UTF-8.
fn parallel_rest<S: ParallelSink, T: Chunks + ?Sized>(
    text: &T,
    mut start: usize,
    end_of_text: usize,
    mut line: u64,
    delimiter: u8,
    sink: &mut S,
) -> Result<bool, FileError> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let (job_tx, job_rx) = mpsc::sync_channel::<Job<'_, S>>(IN_FLIGHT);
    let job_rx = std::sync::Mutex::new(job_rx);
    let template = sink.fork();
    let encoding = text.encoding();
    // Parts handed out, oldest first, with the byte and line their chunk starts at.
    let mut pending: VecDeque<(mpsc::Receiver<Part<S>>, usize, u64)> = VecDeque::new();
    let mut failed: Option<FileError> = None;
    let mut not_text = false;
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
                    let Ok((chunk, first_line, verify, mut fork, tx)) = job else {
                        return;
                    };
                    // Decoded here, on both cores.
                    let Some(text) = encoding.decode(chunk) else {
                        let _ = tx.send(Ok(None));
                        continue;
                    };
                    fork.adopt(std::mem::take(&mut local));
                    let part = parse_chunk(&text, first_line, verify, delimiter, &mut fork);
                    local = fork.release();
                    // Resume at a byte of the file, not of the decoded text.
                    let part = part.map(|resume| {
                        let resume = resume.map(|(at, line)| (encoding.raw_len(&text[..at]), line));
                        Some(Parsed { sink: fork, resume })
                    });
                    let _ = tx.send(part);
                }
            });
        }
        // Whether the next chunk's end must be found by the csv rules (after a resume).
        let mut exact = false;
        let mut reserved = false;
        loop {
            if start < end_of_text && failed.is_none() && !not_text && pending.len() <= IN_FLIGHT {
                let (chunk, verify) = match next_chunk(text, start, end_of_text, exact, delimiter) {
                    Ok(next) => next,
                    Err(e) => {
                        failed.get_or_insert(e);
                        continue;
                    }
                };
                let end = start + chunk.len();
                let lines = memchr::memchr_iter(b'\n', &chunk).count() as u64;
                if !reserved {
                    // Room for the rows the whole text holds at this chunk's density, once.
                    let chunks = (end_of_text - start) / chunk.len().max(1) + 1;
                    sink.reserve(lines as usize * chunks);
                    reserved = true;
                }
                let (tx, rx) = mpsc::channel();
                if job_tx
                    .send((chunk, line, verify, template.fork(), tx))
                    .is_err()
                {
                    break;
                }
                pending.push_back((rx, start, line));
                (start, line, exact) = (end, line + lines, false);
                continue;
            }
            let Some((rx, chunk_start, _)) = pending.pop_front() else {
                break;
            };
            let part = rx
                .recv()
                .unwrap_or_else(|_| Err(FileError::Io("a parsing thread stopped".into())));
            match part {
                Ok(Some(part)) if failed.is_none() && !not_text => {
                    sink.join(part.sink);
                    if let Some((at, at_line)) = part.resume {
                        // Later chunks began inside a record: cut again from it.
                        pending.clear();
                        (start, line, exact) = (chunk_start + at, at_line, true);
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => not_text = true,
                Err(e) => {
                    failed.get_or_insert(e);
                }
            }
        }
        drop(job_tx);
    });
    failed.map_or(Ok(!not_text), Err)
}

/// The next chunk of `text` from `start`, a record's start: at least [`CHUNK_BYTES`]
/// (or the rest of the text), ending after the last record that ends within it, found
/// by quote parity (then `true`: the worker checks it) or by the csv rules (`exact`,
/// or when the parity finds no end: a stray quote near the start turns it around).
fn next_chunk<T: Chunks + ?Sized>(
    text: &T,
    start: usize,
    end_of_text: usize,
    exact: bool,
    delimiter: u8,
) -> Result<(Cow<'_, [u8]>, bool), FileError> {
    let mut want = CHUNK_BYTES;
    loop {
        let end = start.saturating_add(want).min(end_of_text);
        let block = text.chunk(start, end)?;
        if end == end_of_text {
            return Ok((block, false));
        }
        let by_parity = (!exact).then(|| last_even_newline(&block)).flatten();
        let cut = by_parity
            .map(|cut| (cut, true))
            .or_else(|| last_record_end(&block, delimiter).map(|cut| (cut, false)));
        match cut {
            Some((cut, check)) => {
                let chunk = match block {
                    Cow::Borrowed(b) => Cow::Borrowed(&b[..cut]),
                    Cow::Owned(mut b) => {
                        b.truncate(cut);
                        Cow::Owned(b)
                    }
                };
                return Ok((chunk, check));
            }
            // One record longer than the block: take more.
            None => want = want.saturating_mul(2),
        }
    }
}

/// The end (after the `\n`) of the last line of `block` with an even number of quotes
/// before it: outside quotes, as the csv rules see it when no field holds a stray quote.
fn last_even_newline(block: &[u8]) -> Option<usize> {
    let mut quotes = memchr::memchr_iter(b'"', block).count();
    let mut after = block.len();
    for nl in memchr::memrchr_iter(b'\n', block) {
        quotes -= memchr::memchr_iter(b'"', &block[nl..after]).count();
        if quotes.is_multiple_of(2) {
            return Some(nl + 1);
        }
        after = nl;
    }
    None
}

/// The end of the last record that ends within `block` (which starts at a record's
/// start), by the csv rules; `None` when the first record runs past it.
fn last_record_end(block: &[u8], delimiter: u8) -> Option<usize> {
    let mut reader = ::csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .build();
    let (mut at, mut last) = (0, None);
    while at < block.len() {
        match read_record_end(&mut reader, &block[at..]) {
            (true, n) => {
                at += n;
                last = Some(at);
            }
            (false, _) => break,
        }
    }
    // A `\r\n` ends a record at the `\r`: keep the pair together.
    last.map(|at| {
        at + usize::from(at > 0 && block[at - 1] == b'\r' && block.get(at) == Some(&b'\n'))
    })
}

/// Read one record of `input` (not the end of the text) with `reader`, keeping none of
/// it: whether it ended within `input`, and the bytes used.
fn read_record_end(reader: &mut ::csv_core::Reader, input: &[u8]) -> (bool, usize) {
    use ::csv_core::ReadRecordResult as R;
    let (mut out, mut ends) = ([0u8; 1024], [0usize; 64]);
    let mut at = 0;
    // An empty input would tell the reader the text has ended.
    while at < input.len() {
        let (result, n, _, _) = reader.read_record(&input[at..], &mut out, &mut ends);
        at += n;
        match result {
            R::Record => return (true, at),
            R::OutputFull | R::OutputEndsFull => {}
            R::InputEmpty | R::End => break,
        }
    }
    (false, at)
}

/// Whether `tail`, from a record's start to the end of a chunk, is that one record and
/// its end: a chunk cut by quote parity must not end inside a quoted field.
fn ends_record(tail: &[u8], delimiter: u8) -> bool {
    let mut reader = ::csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .build();
    match read_record_end(&mut reader, tail) {
        (true, n) => tail[n..].iter().all(|b| matches!(b, b'\r' | b'\n')),
        (false, _) => false,
    }
}

/// Parse one chunk (starting at line `first_line`) into `sink`. With `verify`, its last
/// record is pushed only if it ends with the chunk ([`ends_record`]); if not, its byte
/// and line in the chunk are returned, to go on from.
fn parse_chunk<S: RowSink>(
    chunk: &[u8],
    first_line: u64,
    verify: bool,
    delimiter: u8,
    sink: &mut S,
) -> Result<Option<(usize, u64)>, FileError> {
    let mut records = Records::new(chunk, delimiter, first_line);
    // Each record is pushed once the next is read: the last one is held back.
    let (mut held, mut next) = (::csv::ByteRecord::new(), ::csv::ByteRecord::new());
    let mut held_row = None;
    while let Some(row_no) = records.next(&mut next)? {
        if let Some(row) = held_row {
            sink.push(row, &held)?;
        }
        std::mem::swap(&mut held, &mut next);
        held_row = Some(row_no);
    }
    let Some(row) = held_row else {
        return Ok(None);
    };
    let at = held
        .position()
        .map_or(0, |p| p.byte() as usize)
        .min(chunk.len());
    if verify && !ends_record(&chunk[at..], delimiter) {
        let line = first_line + memchr::memchr_iter(b'\n', &chunk[..at]).count() as u64;
        return Ok(Some((at, line)));
    }
    sink.push(row, &held)?;
    Ok(None)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rows::{RowParser, SkipReason};

    /// A statement of `rows` rows, several chunks' worth: bad dates, blank lines, a
    /// quoted field over two lines on the way, a stray quote before one (which quote
    /// parity takes for the end of a quoted field: chunks are cut inside it, then again
    /// by the csv rules), and a total row at `total_at` (if any) followed by more rows.
    /// Also used by the chunked-file test in `lib.rs`.
    pub(crate) fn statement(rows: usize, total_at: Option<usize>) -> String {
        let mut s = String::from("이용내역\n\n결제일시,가맹점명,결제금액,상태,승인번호\n");
        for i in 0..rows {
            match i {
                _ if Some(i) == total_at => s += "합계,,\"1,000\",\n",
                _ if i % 997 == 0 => s += "\n",
                _ if i % 1_009 == 0 => s += "2025-13-01 10:00,쿠팡,1000,승인,\n",
                _ if i % 4_999 == 0 => s += "2025-05-01 10:00,\"여러\n줄\",2000,취소,\n",
                _ if i % 1_201 == 1_100 => s += "2025-05-01 10:00,5\" 피자,\"3\n000\",승인,\n",
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

    /// Records as (line, cells) pairs.
    #[derive(Default)]
    struct Collect(Vec<(u32, Vec<String>)>);

    impl RowSink for Collect {
        fn push(&mut self, row_no: u32, row: &dyn Row) -> Result<bool, FileError> {
            let cells = (0..row.len()).map(|c| row.cell(c).text().to_string());
            self.0.push((row_no, cells.collect()));
            Ok(true)
        }
    }

    #[test]
    fn chunks_end_after_a_record_by_quote_parity_or_by_the_csv_rules() {
        // A quoted field over two lines: its inner newline is not an end.
        let block = "a,1\n\"b\nc\",2\nd,".as_bytes();
        assert_eq!(last_even_newline(block), Some(12));
        assert_eq!(last_record_end(block, b','), Some(12));
        assert_eq!(last_even_newline(&block[..8]), Some(4));
        assert_eq!(last_record_end(&block[..8], b','), Some(4));
        // A stray quote (a literal in an unquoted field) fools the parity, not the rules.
        let block = "5\" 피자,\"여\n줄\",1\nz".as_bytes();
        let inner = block.iter().position(|&b| b == b'\n').unwrap() + 1;
        assert_eq!(last_even_newline(block), Some(inner));
        assert_eq!(last_record_end(block, b','), Some(block.len() - 1));
        assert!(!ends_record(&block[..inner], b','));
        assert!(ends_record(&block[..block.len() - 1], b','));
        // A CRLF stays in one chunk; a record longer than the block has no end in it.
        assert_eq!(last_record_end(b"a,1\r\nb", b','), Some(5));
        assert_eq!(last_record_end(b"\"a\nb", b','), None);
        assert_eq!(last_even_newline(b"\"a\nb"), None);
    }

    #[test]
    fn a_stray_quote_at_a_chunks_start_does_not_make_the_rest_one_chunk() {
        let rows = "a,1\n".repeat(CHUNK_BYTES / 2);
        for (first, parity) in [("b,2\n", true), ("5\" 피자,2\n", false)] {
            let text = format!("{first}{rows}");
            let (chunk, check) = next_chunk(text.as_str(), 0, text.len(), false, b',').unwrap();
            // Cut near a megabyte after a whole line either way; checked if by parity.
            assert_eq!(check, parity, "{first}");
            assert!(chunk.len() <= CHUNK_BYTES && chunk.len() + 4 > CHUNK_BYTES);
            assert_eq!(chunk.last(), Some(&b'\n'));
        }
    }

    #[test]
    fn decoded_offsets_map_back_to_the_files_bytes() {
        let text = "2025-05-01,\"5\" 피자\",똠얌꿍 1,000원\n";
        let cp949 = encoding_rs::EUC_KR.encode(text).0;
        assert_eq!(ChunkEncoding::Cp949.raw_len(text.as_bytes()), cp949.len());
        assert_eq!(ChunkEncoding::Cp949.raw_len("a한b".as_bytes()), 4);
        assert_eq!(ChunkEncoding::Utf8.raw_len("a한b".as_bytes()), 5);
    }

    #[test]
    fn a_chunk_cut_inside_a_record_keeps_its_records_before_it_and_says_where_it_is() {
        let chunk = "a,1\n\nb,2\n5\" 피자,\"여\n".as_bytes();
        let mut got = Collect::default();
        let resume = parse_chunk(chunk, 10, true, b',', &mut got).unwrap();
        assert_eq!(
            got.0,
            [
                (10, vec!["a".into(), "1".into()]),
                (12, vec!["b".into(), "2".into()])
            ]
        );
        assert_eq!(resume, Some((9, 13)));
        assert_eq!(&chunk[9..11], b"5\"");
        // Unchecked (the text's last chunk), the last record is read as it ends.
        let mut got = Collect::default();
        assert_eq!(parse_chunk(chunk, 10, false, b',', &mut got).unwrap(), None);
        assert_eq!(got.0.len(), 3);
        assert_eq!(got.0[2], (13, vec!["5\" 피자".into(), "여\n".into()]));
    }

    #[test]
    fn quotes_anywhere_read_alike_in_parallel_and_in_one_thread() {
        // Merchants quoted every way a hand-made export quotes them: stray quotes,
        // escaped quotes, quoted line breaks, text after a closing quote; CRLF and LF.
        const MERCHANTS: [&str; 9] = [
            "쿠팡",
            "5\" 피자",
            "\"배달, 민족\"",
            "\"여러\n줄\"",
            "\"그가 \"\"안녕\"\"\"",
            "\"반쯤\"닫힘",
            "\"\"",
            "끝\"",
            "\"\r\n\"",
        ];
        for seed in [1u64, 7, 42, 99, 1234, 2026] {
            let mut x = seed;
            let mut next = |n: usize| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 33) as usize % n
            };
            let mut text = String::from("결제일시,가맹점명,결제금액,상태,승인번호\n");
            while text.len() < 3 * CHUNK_BYTES {
                let merchant = MERCHANTS[next(MERCHANTS.len())];
                let end = ["\n", "\r\n"][next(2)];
                let day = 1 + next(28);
                text += &format!(
                    "2025-05-{day:02} 10:00,{merchant},1000,승인,{}{end}",
                    next(1_000_000)
                );
            }
            let (a, b) = (parsed(&text, false), parsed(&text, true));
            assert_eq!(a.transactions, b.transactions, "seed {seed}");
            assert_eq!(
                (&a.errors, &a.skipped),
                (&b.errors, &b.skipped),
                "seed {seed}"
            );
            assert!(a.transactions.len() > 30_000, "{}", a.transactions.len());
        }
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
        // A record longer than a chunk (a quoted field of 1.5 MB over many lines).
        let text = statement(20_000, None);
        let rows = text.split_inclusive('\n').skip(3).collect::<String>();
        let long = format!(
            "2025-05-01 10:00,\"{}\",1000,승인,\n",
            "긴\n".repeat(500_000)
        );
        let text = format!("{text}{long}{rows}");
        let (a, b) = (parsed(&text, false), parsed(&text, true));
        assert_eq!(a.transactions, b.transactions);
        assert_eq!((a.errors, a.skipped), (b.errors, b.skipped));
        assert!(a.transactions.len() > 35_000, "{}", a.transactions.len());
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
