//! Delimited text (CSV/TSV/semicolon) through the `csv` crate. [`read`] streams one
//! record at a time into any sink; [`read_parallel`] splits a large file into chunks of
//! records once the sink can fork (below the header), parses them as jobs of the thread
//! pool and joins the parts in file order, so the result is the same as [`read`]'s.

use super::{CellRef, ParallelSink, Row, RowSink};
use crate::error::FileError;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::mpsc;

mod chunks;
mod records;
mod workers;

pub use chunks::ChunkEncoding;
use chunks::*;
use records::*;
use workers::*;

/// Stream decoded text into `sink`, one record at a time.
pub fn read(text: &str, delimiter: u8, sink: &mut dyn RowSink) -> Result<(), FileError> {
    let mut records = Records::new(text, delimiter, 1);
    let mut record = Record::new();
    while let Some(row_no) = records.next(&mut record)? {
        if !sink.push(row_no, &record)? {
            break;
        }
    }
    Ok(())
}

/// Bytes per chunk handed to a job (at least; a chunk ends at the end of a record); fewer
/// for the first chunk and those near the end of a text ([`chunk_bytes`]).
const CHUNK_BYTES: usize = 1 << 20;
/// The first chunk's bytes: the other threads wait for it to be cut.
const FIRST_CHUNK_BYTES: usize = 256 << 10;
/// The shortest chunk (near the end of a text).
const LEAST_CHUNK_BYTES: usize = 64 << 10;
/// Chunks handed out but not yet joined, at most (bounds the results held at once).
const IN_FLIGHT: usize = 8;
/// Below this much text after the header, one thread reads it all.
const PARALLEL_FROM: usize = 1 << 20;

/// Feed `sink` one record at a time until it can fork. `false` when the text ended first.
fn until_fork<'t, S: ParallelSink>(
    records: &mut Records<'t>,
    record: &mut Record<'t>,
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
    let mut records = Records::new(text, delimiter, 1);
    let mut record = Record::new();
    if !until_fork(&mut records, &mut record, sink)? {
        return Ok(());
    }
    let start = records.byte_position().min(text.len());
    if text.len() - start < PARALLEL_FROM || threads() < 2 {
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
    let mut records = Records::new(head, delimiter, 1);
    let mut record = Record::new();
    if !until_fork(&mut records, &mut record, sink)? {
        return Ok(Streamed::ReadWhole);
    }
    let start = records.byte_position();
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

    thread_local! {
        /// Parts held at most, instead of [`IN_FLIGHT`].
        pub(super) static HELD: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }

    /// Both ways of handing chunks out: one at a time, and as many as may be held.
    const HELDS: [usize; 2] = [1, IN_FLIGHT];

    #[test]
    fn chunks_are_a_megabyte_but_the_first_and_those_near_the_end() {
        const KB: usize = 1 << 10;
        // A 70 MB statement on two threads: a quarter megabyte first, then megabytes.
        assert_eq!(chunk_bytes(true, 70 << 20, 2), 256 * KB);
        assert_eq!(chunk_bytes(false, 70 << 20, 2), 1 << 20);
        // The last 8 MB on two threads: an eighth of what is left, at least 64 kB.
        assert_eq!(chunk_bytes(false, 8 << 20, 2), 1 << 20);
        assert_eq!(chunk_bytes(false, 4 << 20, 2), 512 * KB);
        assert_eq!(chunk_bytes(false, 1 << 20, 2), 128 * KB);
        assert_eq!(chunk_bytes(false, 100 * KB, 2), 64 * KB);
        assert_eq!(chunk_bytes(true, 1 << 20, 2), 128 * KB);
        // More threads, shorter ends; none is no different from one.
        assert_eq!(chunk_bytes(false, 4 << 20, 8), 128 * KB);
        assert_eq!(chunk_bytes(false, 4 << 20, 0), 1 << 20);
    }

    /// `text` read in parallel with at most `held` parts held.
    fn parsed_holding(text: &str, held: usize) -> RowParser<'static> {
        HELD.set(Some(held));
        let p = parsed(text, true);
        HELD.set(None);
        p
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
        // The delimiter decides where a quoted field starts, whatever was read before.
        let tail = b"x;\"y\nz\"\n";
        for _ in 0..2 {
            assert!(ends_record(tail, b';'));
            assert!(!ends_record(tail, b','));
            assert_eq!(last_record_end(&tail[..6], b';'), None);
            assert_eq!(last_record_end(&tail[..6], b','), Some(5));
        }
    }

    #[test]
    fn a_stray_quote_at_a_chunks_start_does_not_make_the_rest_one_chunk() {
        let rows = "a,1\n".repeat(CHUNK_BYTES / 2);
        for (first, parity) in [("b,2\n", true), ("5\" 피자,2\n", false)] {
            let text = format!("{first}{rows}");
            let (chunk, check) =
                next_chunk(text.as_str(), 0, text.len(), false, b',', CHUNK_BYTES).unwrap();
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
        let chunk = "a,1\n\nb,2\n5\" 피자,\"여\n";
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
        assert_eq!(&chunk.as_bytes()[9..11], b"5\"");
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
            let a = parsed(&text, false);
            for held in HELDS {
                let b = parsed_holding(&text, held);
                assert_eq!(a.transactions, b.transactions, "seed {seed}, {held} held");
                assert_eq!(
                    (&a.errors, &a.skipped),
                    (&b.errors, &b.skipped),
                    "seed {seed}, {held} held"
                );
            }
            assert!(a.transactions.len() > 30_000, "{}", a.transactions.len());
        }
    }

    /// In a thread pool of one, two or three threads (as soaek reads inside polars'
    /// pool), where the thread that cuts the chunks parses chunks too while it waits: the
    /// same rows as reading one record at a time. The statement has stray quotes and
    /// quoted fields over several lines (chunks cut again), blank and bad rows, a total.
    #[test]
    fn reading_inside_a_pool_gives_what_sequential_reading_gives() {
        let text = statement(30_000, Some(29_000));
        let a = parsed(&text, false);
        assert!(a.transactions.len() > 20_000, "{}", a.transactions.len());
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for held in HELDS {
                let b = pool.install(|| parsed_holding(&text, held));
                let context = format!("{threads} threads, {held} held");
                assert_eq!(a.transactions, b.transactions, "{context}");
                assert_eq!(
                    (&a.errors, &a.skipped),
                    (&b.errors, &b.skipped),
                    "{context}"
                );
                assert_eq!((a.rows, a.header_row), (b.rows, b.header_row), "{context}");
            }
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
            let a = parsed(&text, false);
            for held in HELDS {
                let b = parsed_holding(&text, held);
                assert_eq!(a.transactions, b.transactions, "{held} held");
                assert_eq!(a.errors, b.errors);
                assert_eq!(a.skipped, b.skipped);
                assert_eq!((a.rows, a.header_row), (b.rows, b.header_row));
            }
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
