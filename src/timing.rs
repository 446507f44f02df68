//! Stage timings for benchmarking: with `SOAEK_TIMINGS=1` in the environment, each
//! [`mark`] prints the wall time since the previous mark (or the first call) to stderr,
//! as `timing: STAGE 0.123 s  cpu 0.201 s  faults 12k  rss 120 MB  peak 180 MB  data 114 MB
//! program 6 MB  arenas 3`: the CPU time of all the process's threads in the stage (near twice
//! the wall time, both cores were busy), its page faults, and memory, as Linux reports
//! them. Of the resident memory now, `data` is the process's own (the heap, stacks) and
//! `program` the pages of files it maps: the binary's code and read-only data and the
//! system libraries, which do not grow with the statement (statements and the stored
//! ledger are read into memory, not mapped). `arenas` counts glibc's allocator arenas
//! (`memory`): one for the main thread and one for each worker of the pool once all
//! have allocated.
//! Off by default, costs one atomic load when off.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("SOAEK_TIMINGS").is_some_and(|v| v != "0"))
}

static LAST: Mutex<Option<(Instant, f64, u64)>> = Mutex::new(None);

/// End the stage `name` (started at the previous mark).
pub fn mark(name: &str) {
    if !enabled() {
        return;
    }
    let (cpu, faults) = cpu_and_faults();
    let now = (Instant::now(), cpu, faults);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(prev) = *last {
        eprintln!(
            "timing: {name} {:.3} s  cpu {:.3} s  faults {}k{}",
            (now.0 - prev.0).as_secs_f64(),
            now.1 - prev.1,
            (now.2 - prev.2) / 1000,
            memory()
        );
    }
    *last = Some(now);
}

/// User and system time of the whole process so far (all its threads, to the
/// microsecond), and its page faults that read nothing from disk (each a fresh page of
/// memory, mostly), from `getrusage`; (0, 0) where there is none.
fn cpu_and_faults() -> (f64, u64) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: `getrusage` fills the struct it is given and touches nothing else.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, u.as_mut_ptr()) } == 0 {
            // SAFETY: filled by the call that succeeded.
            let u = unsafe { u.assume_init() };
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return (secs(u.ru_utime) + secs(u.ru_stime), u.ru_minflt as u64);
        }
    }
    (0.0, 0)
}

/// Run `f`, and with timings on print how long it took alone, as `timing:   (NAME
/// 0.123 s)`: what one side of a stage run side by side costs.
pub fn side<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    eprintln!(
        "timing:   ({name} {:.3} s{})",
        start.elapsed().as_secs_f64(),
        memory()
    );
    out
}

/// `  rss N MB  peak N MB  data N MB  program N MB` from /proc/self/status, or nothing
/// where there is none; then `  arenas N`, the allocator arenas made so far
/// (`memory::arenas_made`), where glibc says.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let mb = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    let arenas = crate::memory::arenas_made().map_or(String::new(), |n| format!("  arenas {n}"));
    format!(
        "  rss {} MB  peak {} MB  data {} MB  program {} MB{arenas}",
        mb("VmRSS:"),
        mb("VmHWM:"),
        mb("RssAnon:"),
        mb("RssFile:")
    )
}
