//! Parsing in parallel: this thread cuts chunks and joins the parts in file order; the
//! chunks are parsed as jobs in the thread pool this thread belongs to (rayon's; in
//! soaek, polars' pool, where the commands run), each with a fork of the sink. While it
//! waits for a part, this thread parses chunks too, so a pool of two threads keeps two
//! cores busy with no thread started for the reading. It cuts before it parses while
//! fewer chunks wait than threads, so that another thread finds one queued when it is
//! free; and the chunks shorten towards the text's end, so that the threads finish
//! together ([`chunk_bytes`]).

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Mutex, PoisonError};

/// What a job made of its chunk: `None` when the chunk was not UTF-8.
pub(super) type Part<S> = Result<Option<Parsed<S>>, FileError>;

/// A chunk's records in a fork of the sink, and where to go on from when the chunk's
/// end (found by quote parity) turned out to be inside a record: that record's byte
/// and line, within the chunk. Its records before that one are right.
pub(super) struct Parsed<S> {
    sink: S,
    resume: Option<(usize, u64)>,
}

/// Forks of the sink for the jobs: one is taken for a chunk and given back after it
/// (what a fork learns besides rows, the shared texts, stays with it), and more are
/// made from the first when all are in use.
struct Forks<S>(Mutex<(S, Vec<S>)>);

impl<S: ParallelSink> Forks<S> {
    fn take(&self) -> S {
        let mut forks = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let (first, free) = &mut *forks;
        free.pop().unwrap_or_else(|| first.fork())
    }

    fn give_back(&self, fork: S) {
        let mut forks = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        forks.1.push(fork);
    }
}

/// Parse one chunk (its bytes, its first line, whether its end must be checked: see
/// [`ends_record`]) with `fork`, and take the rows out of it.
fn parse_part<S: ParallelSink>(
    (chunk, first_line, verify): (Cow<'_, [u8]>, u64, bool),
    encoding: ChunkEncoding,
    delimiter: u8,
    fork: &mut S,
) -> Part<S> {
    // Decoded and checked here, in parallel.
    let decoded = encoding.decode(chunk);
    let Some(text) = decoded
        .as_deref()
        .and_then(|t| simdutf8::basic::from_utf8(t).ok())
    else {
        return Ok(None);
    };
    let part = parse_chunk(text, first_line, verify, delimiter, fork);
    let rows = fork.take();
    // Resume at a byte of the file, not of the decoded text.
    part.map(|resume| {
        let resume = resume.map(|(at, line)| (encoding.raw_len(&text.as_bytes()[..at]), line));
        Some(Parsed { sink: rows, resume })
    })
}

/// Parse the records from byte `start` (where a record starts, on line `line`) to
/// `end_of_text` of `text` in parallel, and join the parts in file order into `sink`.
///
/// This thread cuts the text into chunks and joins the parts; each chunk is parsed as a
/// job of the thread pool with a fork of the sink, at most [`IN_FLIGHT`] parts held at
/// once. A chunk ends at its last newline outside quotes by quote parity, which is what
/// the csv rules say unless a field holds a stray quote; the job checks that its last
/// record really ends there ([`ends_record`]) and, if not, leaves that record out and
/// says where it starts: the text is cut again from there, that chunk's end found by the
/// csv rules themselves. `false` when a chunk was not UTF-8.
pub(super) fn parallel_rest<S: ParallelSink, T: Chunks + ?Sized>(
    text: &T,
    mut start: usize,
    end_of_text: usize,
    mut line: u64,
    delimiter: u8,
    sink: &mut S,
) -> Result<bool, FileError> {
    let encoding = text.encoding();
    let (threads, held, first) = (threads(), most_held(), start);
    // Chunks handed out that no thread has begun.
    let queued = AtomicUsize::new(0);
    let forks = Forks(Mutex::new((sink.fork(), Vec::new())));
    // Parts handed out, oldest first, with the byte and line their chunk starts at.
    let mut pending: VecDeque<(mpsc::Receiver<Part<S>>, usize, u64)> = VecDeque::new();
    let mut failed: Option<FileError> = None;
    let mut not_text = false;
    rayon::in_place_scope(|scope| {
        // Whether the next chunk's end must be found by the csv rules (after a resume).
        let mut exact = false;
        let mut reserved = false;
        loop {
            // Cut while fewer chunks wait than threads (one for each other thread and one
            // for this one, so no thread waits for this one to cut), and when none is
            // pending: jobs cut before a resume may still wait, to be thrown away.
            let cut =
                pending.is_empty() || (pending.len() < held && queued.load(Relaxed) < threads);
            if start < end_of_text && failed.is_none() && !not_text && cut {
                let want = chunk_bytes(start == first, end_of_text - start, threads);
                let (chunk, verify) =
                    match next_chunk(text, start, end_of_text, exact, delimiter, want) {
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
                let (forks, first_line, queued) = (&forks, line, &queued);
                queued.fetch_add(1, Relaxed);
                scope.spawn(move |_| {
                    queued.fetch_sub(1, Relaxed);
                    let mut fork = forks.take();
                    let job = (chunk, first_line, verify);
                    let part = parse_part(job, encoding, delimiter, &mut fork);
                    forks.give_back(fork);
                    let _ = tx.send(part);
                });
                pending.push_back((rx, start, line));
                (start, line, exact) = (end, line + lines, false);
                continue;
            }
            let Some((rx, chunk_start, _)) = pending.front() else {
                break;
            };
            let part = match rx.try_recv() {
                Ok(part) => Some(part),
                Err(mpsc::TryRecvError::Disconnected) => None,
                Err(mpsc::TryRecvError::Empty) => match rayon::yield_now() {
                    // A chunk parsed here meanwhile: cut more first if the others need it.
                    Some(rayon::Yield::Executed) => continue,
                    // No job left to run here: the part's chunk is being parsed elsewhere.
                    _ => rx.recv().ok(),
                },
            };
            let chunk_start = *chunk_start;
            pending.pop_front();
            let part = part.unwrap_or_else(|| Err(FileError::Io("a parsing job stopped".into())));
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
    });
    failed.map_or(Ok(!not_text), Err)
}

/// The threads of the pool the chunks are parsed in (the current one, or rayon's
/// global pool outside any).
pub(super) fn threads() -> usize {
    rayon::current_num_threads().clamp(1, 8)
}

/// Parts held at most, waiting to be joined ([`IN_FLIGHT`]; the tests try others).
fn most_held() -> usize {
    #[cfg(test)]
    if let Some(n) = super::tests::HELD.get() {
        return n;
    }
    IN_FLIGHT
}

/// The bytes the next chunk takes, with `left` bytes of text left for `threads` threads:
/// [`CHUNK_BYTES`], but a quarter of a thread's share of what is left (while the last
/// chunks are parsed, the other threads finish theirs, not wait for them) and
/// [`FIRST_CHUNK_BYTES`] for the `first` (the other threads wait for it); not below
/// [`LEAST_CHUNK_BYTES`]. With 1 MB chunks throughout, one thread of two waited for the
/// last chunks and for the first: household 100k 30.3 → 28.3 ms with shorter last
/// chunks, 27.9 ms with a shorter first one too (BENCHMARKS.md, eleventh run).
pub(super) fn chunk_bytes(first: bool, left: usize, threads: usize) -> usize {
    let most = if first {
        FIRST_CHUNK_BYTES
    } else {
        CHUNK_BYTES
    };
    most.min(left / (4 * threads.max(1))).max(LEAST_CHUNK_BYTES)
}

/// Parse one chunk (starting at line `first_line`) into `sink`. With `verify`, its last
/// record is pushed only if it ends with the chunk ([`ends_record`]); if not, its byte
/// and line in the chunk are returned, to go on from.
pub(super) fn parse_chunk<S: RowSink>(
    chunk: &str,
    first_line: u64,
    verify: bool,
    delimiter: u8,
    sink: &mut S,
) -> Result<Option<(usize, u64)>, FileError> {
    let mut records = Records::new(chunk, delimiter, first_line);
    // Each record is pushed once the next is read: the last one is held back.
    let (mut held, mut next) = (Record::new(), Record::new());
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
    let chunk = chunk.as_bytes();
    let at = held.start().min(chunk.len());
    if verify && !ends_record(&chunk[at..], delimiter) {
        let line = first_line + memchr::memchr_iter(b'\n', &chunk[..at]).count() as u64;
        return Ok(Some((at, line)));
    }
    sink.push(row, &held)?;
    Ok(None)
}
