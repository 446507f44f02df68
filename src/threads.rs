//! How the process's thread pool for our own parallel work (rayon's global pool) is set
//! up: on Linux, one worker pinned to each core the process may use ([`setup`], once as
//! the program starts).
//!
//! Why: a rayon worker that runs out of work looks for more by yielding its core
//! (`sched_yield`) many times before it sleeps. On two cores Linux often left both
//! workers on one core, the one with the work and the one yielding to it, while the
//! other core stood idle: a thread that has just run is not moved to another core, and
//! a yielding thread has always just run. `perf sched` showed a 100k-row statement's
//! stages after reading (dedup, netting, the alerts) running on one core, their CPU time
//! equal to their wall time. Pinned one a core, by turns with the unpinned build
//! (`bench/ab.py`): household 100k 33.4 → 32.0 ms, dense 100k 49.0 → 46.1 ms, 1M rows
//! 3% faster, dense 5M 1.72 → 1.67 s; a one-row statement 4.6 → 4.8 ms, the pool now
//! built as the program starts (BENCHMARKS.md, ninth run).
//!
//! Only when the process may use as many cores as it is counted to have
//! (`available_parallelism`): under a CPU quota smaller than its set of cores, which
//! cores its time is spent on is the system's to choose, and a worker pinned to a busy
//! one could not move. Elsewhere (other systems, one core) the pool is rayon's default,
//! built when first used.

/// Build rayon's global pool with each worker pinned to a core of its own (see the
/// module's note). Does nothing where pinning does not apply, or once the pool exists.
pub fn setup() {
    #[cfg(target_os = "linux")]
    if let Some(cores) = pinnable_cores() {
        // Fails only when the pool already exists: then it stays as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .start_handler(move |worker| pin_to(cores[worker % cores.len()]))
            .build_global();
    }
}

/// The cores this thread may run on, in order; `None` when the system does not say.
#[cfg(target_os = "linux")]
fn allowed_cores() -> Option<Vec<usize>> {
    // SAFETY: `sched_getaffinity` fills the zeroed set it is given, of the size given.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return None;
        }
        let all = libc::CPU_SETSIZE as usize;
        Some((0..all).filter(|&c| libc::CPU_ISSET(c, &set)).collect())
    }
}

/// The cores to pin the workers to: this process's, when there are two or more and the
/// process may use them all (no smaller CPU quota).
#[cfg(target_os = "linux")]
fn pinnable_cores() -> Option<Vec<usize>> {
    let cores = allowed_cores()?;
    let counted = std::thread::available_parallelism().ok()?.get();
    (cores.len() >= 2 && cores.len() == counted).then_some(cores)
}

/// Let the calling thread run on `core` only (left as it was if the system refuses).
#[cfg(target_os = "linux")]
fn pin_to(core: usize) {
    // SAFETY: `CPU_SET` writes within the zeroed set (a core the system listed is below
    // `CPU_SETSIZE`); `sched_setaffinity` reads the set, of the size given.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Run in a process of its own (below), where rayon's pool does not exist yet: each
    /// worker's cores, with or without [`setup`] first.
    #[test]
    #[ignore = "run by pools_workers_are_pinned_one_a_core, in a process of its own"]
    fn workers_cores_in_a_fresh_process() {
        let Some(set_up) = crate::fresh_process::child() else {
            return;
        };
        if set_up {
            setup();
        }
        for cores in rayon::broadcast(|_| allowed_cores().unwrap()) {
            println!("worker cores: {cores:?}");
        }
    }

    fn workers_cores_in_child(set_up: bool) -> Vec<Vec<usize>> {
        let name = "threads::tests::workers_cores_in_a_fresh_process";
        let text = crate::fresh_process::run(name, set_up);
        let workers: Vec<Vec<usize>> = text
            .lines()
            // (The first may follow the test harness's own words on its line.)
            .filter_map(|l| l.split_once("worker cores: ").map(|(_, cores)| cores))
            .map(|l| {
                let inner = l.trim_matches(|c| c == '[' || c == ']');
                inner.split(", ").map(|c| c.parse().unwrap()).collect()
            })
            .collect();
        assert!(!workers.is_empty(), "{text}");
        workers
    }

    #[test]
    fn pools_workers_are_pinned_one_a_core() {
        let cores = allowed_cores().unwrap();
        let mut pinned = workers_cores_in_child(true);
        match pinnable_cores() {
            Some(cores) => {
                // One worker a core, each on its own.
                assert!(pinned.iter().all(|w| w.len() == 1), "{pinned:?}");
                pinned.sort();
                let want: Vec<Vec<usize>> = cores.iter().map(|&c| vec![c]).collect();
                assert_eq!(pinned, want);
            }
            // One core, or a quota below the set: every worker may use every core.
            None => assert!(pinned.iter().all(|w| *w == cores), "{pinned:?}"),
        }
        // Without the setup, rayon's workers may run on every core: what the test above
        // checks is the setup's doing.
        let free = workers_cores_in_child(false);
        assert!(free.iter().all(|w| *w == cores), "{free:?}");
    }
}
