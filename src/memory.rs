//! Giving freed memory back to the system between stages. glibc keeps the pages of
//! freed heap memory resident for reuse; a stage's many mid-sized, short-lived vectors
//! (the subscription search's candidates, one vector per merchant) would otherwise stay
//! in the process through the next stage's peak, whose large vectors are mapped afresh.

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
