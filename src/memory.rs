//! How the process asks glibc's allocator for memory, and gives it back between stages.
//!
//! - [`tune`], once as the program starts: freed memory is kept for reuse rather than
//!   returned at once. By default glibc maps each large vector (up to 32 MB) from the
//!   system afresh and unmaps it when freed, and returns the top of the heap as soon as
//!   128 kB are free: every stage's vectors then cost a page fault per 4 kB (about 400k
//!   faults on a 5M-row statement, a fifth of the run's CPU time). Kept, a stage reuses
//!   the pages the stage before it freed. This pays from about 100k rows on (5–10% of
//!   the run; up to 10 MB more at the peak) and changes nothing for a short statement,
//!   whose vectors are small.
//! - [`give_back`], after the subscription search: its many mid-sized, short-lived
//!   vectors (candidates, one vector per merchant) would otherwise stay in the process
//!   through the next stage's peak.
//! - Allocator arenas, one for the main thread and one for each worker of the thread
//!   pool ([`tune`]): glibc gives each new thread an arena of its own, up to eight a
//!   core, and memory freed in one arena serves only the threads that use it. When the
//!   CSV reader and rayon's pool had threads of their own there were seven arenas on two
//!   cores, each holding pages the others could have reused; one a core brought the
//!   peaks down (BENCHMARKS.md, eighth run). But with one a core the second worker got
//!   an arena of its own only by chance: glibc gives a thread past the limit the first
//!   arena not in use at that instant, the main thread's when it is free, else the
//!   first worker's. Sharing,
//!   each `malloc` and `free` of one worker waited for the other's, and the subscription
//!   search (many small vectors) took twice as long: dense 100k 11 → 25 ms, in 6 of 30
//!   runs in one hour here and 35 of 40 in another. Now every worker makes its own, every
//!   run. By turns: dense 100k's slowest tenth 55–88 → 47–54 ms, dense 1M 413–509 →
//!   391–404 ms, household 1M 2–3% and 5M 4–6% faster; the peak 0.5–0.7 MB higher at
//!   100k, 4–6 MB at 1M, 7–8 MB at household 5M and 25–46 MB (3–6%) at dense 5M, all
//!   still within 3× the file from 1M up (BENCHMARKS.md, twelfth run).

/// Keep freed memory for reuse (see the module's note): vectors up to 32 MB (glibc's
/// largest threshold) come from the heap, free memory at its top is returned only by
/// [`give_back`], and the heap grows 64 MB at a time; and an arena for the main thread
/// and one for each worker (`arenas`). Elsewhere nothing to do. Called again, it changes
/// nothing.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let arenas = i32::try_from(arenas()).unwrap_or(i32::MAX);
        // SAFETY: `mallopt` only sets the allocator's parameters, under the allocator's
        // own lock; it is safe to call at any time from any thread.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
            libc::mallopt(libc::M_TOP_PAD, 64 << 20);
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// How many allocator arenas the threads share: the main thread's and one for each
/// worker of the thread pool, the only threads the program starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn arenas() -> usize {
    1 + crate::threads::workers()
}

/// Arenas glibc has made so far, from `malloc_info`'s report (one `<heap nr=…>` each);
/// `None` where there is no such report.
pub fn arenas_made() -> Option<usize> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut buf: *mut libc::c_char = std::ptr::null_mut();
        let mut len: libc::size_t = 0;
        // SAFETY: `open_memstream` gives a stream writing to a buffer it allocates and
        // sets `buf`/`len` to once the stream is closed; the buffer is read then freed.
        unsafe {
            let stream = libc::open_memstream(&mut buf, &mut len);
            if stream.is_null() {
                return None;
            }
            let written = libc::malloc_info(0, stream) == 0;
            libc::fclose(stream);
            if buf.is_null() {
                return None;
            }
            let report = std::slice::from_raw_parts(buf.cast::<u8>(), len);
            let heaps = String::from_utf8_lossy(report).matches("<heap nr=").count();
            libc::free(buf.cast());
            written.then_some(heaps)
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    None
}

/// Return the free pages of the heap to the system (glibc's `malloc_trim`); elsewhere
/// nothing to do.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory no allocation holds; it is safe to call
    // at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// Run in a process of its own (below): with [`tune`] first, eight threads that
    /// allocate side by side share [`arenas`] arenas, where glibc alone would give each
    /// its own.
    #[test]
    #[ignore = "run by threads_share_the_arenas_tune_allows, in a process of its own"]
    fn arenas_in_a_fresh_process() {
        let Some(set_up) = crate::fresh_process::child() else {
            return;
        };
        if set_up {
            tune();
        }
        let barrier = std::sync::Barrier::new(8);
        std::thread::scope(|s| {
            for i in 0..8 {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    // Each thread allocates while the others do.
                    let held: Vec<Vec<u8>> = (0..64).map(|j| vec![i as u8; 512 + j]).collect();
                    barrier.wait();
                    drop(held);
                });
            }
        });
        println!("arenas made: {}", arenas_made().unwrap());
    }

    fn arenas_made_in_child(tuned: bool) -> usize {
        let text = crate::fresh_process::run("memory::tests::arenas_in_a_fresh_process", tuned);
        let count = text
            .split("arenas made: ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next());
        count.unwrap_or_else(|| panic!("{text}")).parse().unwrap()
    }

    #[test]
    fn threads_share_the_arenas_tune_allows() {
        let tuned = arenas_made_in_child(true);
        assert!((1..=arenas()).contains(&tuned), "{tuned} arenas");
        // Untuned, the same threads make more of them (up to eight a core): what the
        // test above checks is the setting's doing.
        let untuned = arenas_made_in_child(false);
        assert!(untuned > arenas(), "{untuned} arenas untuned");
    }
}
