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

/// Keep freed memory for reuse (see the module's note): vectors up to 32 MB (glibc's
/// largest threshold) come from the heap, free memory at its top is returned only by
/// [`give_back`], and the heap grows 64 MB at a time. Elsewhere nothing to do. Called
/// again, it changes nothing.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets the allocator's parameters, under the allocator's own
    // lock; it is safe to call at any time from any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
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
