//! Cutting text into chunks of whole records: where the text comes from (memory or a
//! file read a chunk at a time), how its bytes decode, and where a chunk may end (quote
//! parity, checked by the csv rules).

use super::*;

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
    /// The chunk as bytes to be UTF-8 (the caller checks them, once); `None` when it
    /// is not in this encoding.
    pub(super) fn decode(self, chunk: Cow<'_, [u8]>) -> Option<Cow<'_, [u8]>> {
        match self {
            ChunkEncoding::Text | ChunkEncoding::Utf8 => Some(chunk),
            ChunkEncoding::Cp949 => encoding_rs::EUC_KR
                .decode_without_bom_handling_and_without_replacement(&chunk)
                .map(|text| Cow::Owned(text.into_owned().into_bytes())),
        }
    }

    /// How many bytes of the file `text` (decoded, UTF-8) came from: in CP949 every
    /// character that is not ASCII is two bytes (counted at its UTF-8 lead byte).
    pub(super) fn raw_len(self, text: &[u8]) -> usize {
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
pub(super) trait Chunks {
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
pub(super) struct FileText {
    pub(super) file: RefCell<File>,
    pub(super) skip: u64,
    pub(super) encoding: ChunkEncoding,
}

impl Chunks for FileText {
    fn chunk(&self, start: usize, end: usize) -> Result<Cow<'_, [u8]>, FileError> {
        // Read into room never written (a chunk is not zeroed first, only filled).
        let len = end.saturating_sub(start);
        let mut bytes = Vec::with_capacity(len);
        let mut file = self.file.borrow_mut();
        file.seek(SeekFrom::Start(self.skip + start as u64))
            .map_err(FileError::from)?;
        (&mut *file)
            .take(len as u64)
            .read_to_end(&mut bytes)
            .map_err(FileError::from)?;
        if bytes.len() < len {
            return Err(FileError::from(std::io::Error::from(
                std::io::ErrorKind::UnexpectedEof,
            )));
        }
        Ok(Cow::Owned(bytes))
    }
    fn encoding(&self) -> ChunkEncoding {
        self.encoding
    }
}

/// The next chunk of `text` from `start`, a record's start: at least `want` bytes (or
/// the rest of the text), ending after the last record that ends within it, found
/// by quote parity (then `true`: the worker checks it) or by the csv rules (`exact`,
/// or when the parity finds no end: a stray quote near the start turns it around).
pub(super) fn next_chunk<T: Chunks + ?Sized>(
    text: &T,
    start: usize,
    end_of_text: usize,
    exact: bool,
    delimiter: u8,
    mut want: usize,
) -> Result<(Cow<'_, [u8]>, bool), FileError> {
    want = want.max(1);
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
pub(super) fn last_even_newline(block: &[u8]) -> Option<usize> {
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
pub(super) fn last_record_end(block: &[u8], delimiter: u8) -> Option<usize> {
    let (mut at, mut last) = (0, None);
    with_core_reader(delimiter, |reader| {
        while at < block.len() {
            match read_record_end(reader, &block[at..]) {
                (true, n) => {
                    at += n;
                    last = Some(at);
                }
                (false, _) => break,
            }
        }
    });
    // A `\r\n` ends a record at the `\r`: keep the pair together.
    last.map(|at| {
        at + usize::from(at > 0 && block[at - 1] == b'\r' && block.get(at) == Some(&b'\n'))
    })
}

/// Read one record of `input` (not the end of the text) with `reader`, keeping none of
/// it: whether it ended within `input`, and the bytes used.
pub(super) fn read_record_end(reader: &mut ::csv_core::Reader, input: &[u8]) -> (bool, usize) {
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
pub(super) fn ends_record(tail: &[u8], delimiter: u8) -> bool {
    with_core_reader(delimiter, |reader| match read_record_end(reader, tail) {
        (true, n) => tail[n..].iter().all(|b| matches!(b, b'\r' | b'\n')),
        (false, _) => false,
    })
}

/// Run `f` with a fresh `csv_core` reader for `delimiter`. One is built once a thread and
/// reset for each use: building one makes its state machine over all 256 bytes, about
/// 12 µs, which a reading of 100k rows paid some seventy times (a chunk's end checked,
/// and each chunk's own reader).
fn with_core_reader<R>(delimiter: u8, f: impl FnOnce(&mut ::csv_core::Reader) -> R) -> R {
    thread_local! {
        static READER: RefCell<Option<(u8, ::csv_core::Reader)>> = const { RefCell::new(None) };
    }
    READER.with_borrow_mut(|slot| {
        let reader = match slot {
            Some((d, reader)) if *d == delimiter => reader,
            _ => {
                let built = ::csv_core::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .build();
                &mut slot.insert((delimiter, built)).1
            }
        };
        reader.reset();
        f(reader)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk is the file's bytes from its start (after the skipped mark); a file that
    /// ends before a chunk it was measured to hold (it shrank while being read) is an
    /// error, not a short chunk.
    #[test]
    fn a_chunk_is_the_files_bytes_and_a_short_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, b"\xEF\xBB\xBFa,1\nb,2\nc,3\n").unwrap();
        let text = FileText {
            file: RefCell::new(File::open(&path).unwrap()),
            skip: 3,
            encoding: ChunkEncoding::Text,
        };
        assert_eq!(&*text.chunk(4, 8).unwrap(), b"b,2\n");
        assert_eq!(&*text.chunk(0, 12).unwrap(), b"a,1\nb,2\nc,3\n");
        assert!(matches!(text.chunk(8, 20), Err(FileError::Io(_))));
    }
}
