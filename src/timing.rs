//! Stage timings for benchmarking: with `SOAEK_TIMINGS=1` in the environment, each
//! [`mark`] prints the wall time since the previous mark (or the first call) to stderr,
//! as `timing: STAGE 0.123 s`. Off by default, costs one atomic load when off.

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
        eprintln!("timing: {name} {:.3} s", (now - prev).as_secs_f64());
    }
    *last = Some(now);
}
