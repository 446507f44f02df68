//! Stage timings for benchmarking: with `SOAEK_TIMINGS=1` in the environment, each
//! [`mark`] prints the wall time since the previous mark (or the first call) to stderr,
//! as `timing: STAGE 0.123 s  rss 120 MB  peak 180 MB` (memory as Linux reports it for
//! the process). Off by default, costs one atomic load when off.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("SOAEK_TIMINGS").is_some_and(|v| v != "0"))
}

static LAST: Mutex<Option<Instant>> = Mutex::new(None);

/// End the stage `name` (started at the previous mark).
pub fn mark(name: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(prev) = *last {
        eprintln!(
            "timing: {name} {:.3} s{}",
            (now - prev).as_secs_f64(),
            memory()
        );
    }
    *last = Some(now);
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

/// `  rss N MB  peak N MB` from /proc/self/status, or nothing where there is none.
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
    format!("  rss {} MB  peak {} MB", mb("VmRSS:"), mb("VmHWM:"))
}
