//! The process's one thread pool: polars' (`THREAD_POOL`), where polars runs its work
//! and where every command runs ours ([`in_pool`]); on Linux each of its workers pinned
//! to a core of its own ([`setup`], once as the program starts).
//!
//! One pool, not two: polars runs its work in a pool of its own whatever thread calls
//! it, so with rayon's global pool beside it a two-core machine had four workers, and
//! the thread that called polars waited, spinning, for polars' workers to finish. In
//! one pool, by turns with two (`bench/ab.py`, BENCHMARKS.md tenth run): household 100k
//! 31.5 → 29.0 ms and 1 MB lower, household 5M 1.37 → 1.33 s and 10 MB lower, the rest
//! the same or a little faster.
//!
//! Why pinned: a worker that runs out of work looks for more by yielding its core
//! (`sched_yield`) many times before it sleeps. On two cores Linux often left both
//! workers on one core, the one with the work and the one yielding to it, while the
//! other core stood idle: a thread that has just run is not moved to another core, and
//! a yielding thread has always just run. `perf sched` showed a 100k-row statement's
//! stages after reading running on one core, their CPU time equal to their wall time.
//! Pinned one a core: household 100k 33.4 → 32.0 ms, dense 100k 49.0 → 46.1 ms, 1M
//! rows 3% faster (BENCHMARKS.md, ninth run). The statements are parsed in this pool
//! too (soaek-import's reader parses its chunks as jobs of the pool it is called in), so
//! no thread is started that would inherit a worker's core.
//!
//! Only when the process may use as many cores as it is counted to have
//! (`available_parallelism`): under a CPU quota smaller than its set of cores, which
//! cores its time is spent on is the system's to choose, and a worker pinned to a busy
//! one could not move. Elsewhere (other systems, one core) nothing is pinned.

/// Pin each worker of polars' thread pool to a core of its own (see the module's note).
/// Does nothing where pinning does not apply. Not waited for: each worker pins itself
/// before it takes any other job (rayon runs a worker's broadcast jobs before the jobs
/// it is handed), so a command that never uses the pool (`--version`, `--help`) does
/// not wait for its threads to start (3.5 → 2.9 ms).
pub fn setup() {
    #[cfg(target_os = "linux")]
    if let Some(cores) = pinnable_cores() {
        polars_core::runtime::THREAD_POOL
            .spawn_broadcast(move |worker| pin_to(cores[worker.index() % cores.len()]));
    }
}

/// How many workers the thread pool has (or will have once started): polars' setting,
/// `POLARS_MAX_THREADS` or else one a core.
pub fn workers() -> usize {
    polars_config::config().max_threads().max(1)
}

/// Run `op` in polars' thread pool, where our parallel work then runs too.
pub fn in_pool<R: Send>(op: impl FnOnce() -> R + Send) -> R {
    polars_core::runtime::THREAD_POOL.install(op)
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

    /// Run in a process of its own (below), where the pool is new: each worker's cores
    /// with or without [`setup`] first.
    #[test]
    #[ignore = "run by pools_workers_are_pinned_one_a_core, in a process of its own"]
    fn workers_cores_in_a_fresh_process() {
        let Some(set_up) = crate::fresh_process::child() else {
            return;
        };
        if set_up {
            setup();
        }
        let cores = || allowed_cores().unwrap();
        // A command's first job, handed to the pool at once: setup does not wait for the
        // workers to pin themselves, so this checks they do before taking it.
        println!("command: {:?}", in_pool(cores));
        for worker in polars_core::runtime::THREAD_POOL.broadcast(|_| cores()) {
            println!("worker: {worker:?}");
        }
    }

    /// The cores of each `label` line the child printed, `worker` or `command` (the first
    /// line may follow the test harness's own words).
    fn listed_cores(text: &str, label: &str) -> Vec<Vec<usize>> {
        let lists: Vec<Vec<usize>> = text
            .lines()
            .filter_map(|l| l.split_once(&format!("{label}: [")).map(|(_, c)| c))
            .map(|c| {
                c.trim_end_matches(']')
                    .split(", ")
                    .map(|c| c.parse().unwrap())
                    .collect()
            })
            .collect();
        assert!(!lists.is_empty(), "{text}");
        lists
    }

    /// What a command runs in [`in_pool`], and the work it forks, runs on polars'
    /// workers: one pool for both.
    #[test]
    fn our_parallel_work_runs_in_polars_pool() {
        let pool = &polars_core::runtime::THREAD_POOL;
        assert_eq!(pool.current_thread_index(), None);
        let (a, b) = in_pool(|| {
            rayon::join(
                || pool.current_thread_index(),
                || pool.current_thread_index(),
            )
        });
        assert!(a.is_some() && b.is_some(), "{a:?} {b:?}");
        let threads = in_pool(rayon::current_num_threads);
        assert_eq!(threads, pool.current_num_threads());
    }

    #[test]
    fn pools_workers_are_pinned_one_a_core() {
        let name = "threads::tests::workers_cores_in_a_fresh_process";
        let cores = allowed_cores().unwrap();
        let text = crate::fresh_process::run(name, true);
        let mut pinned = listed_cores(&text, "worker");
        let command = listed_cores(&text, "command");
        match pinnable_cores() {
            Some(cores) => {
                // One worker a core, each on its own, and already so for the first job.
                assert!(pinned.iter().all(|w| w.len() == 1), "{pinned:?}");
                assert_eq!(command.len(), 1, "{text}");
                assert_eq!(command[0].len(), 1, "{command:?}");
                pinned.sort();
                let want: Vec<Vec<usize>> = cores.iter().map(|&c| vec![c]).collect();
                assert_eq!(pinned, want);
            }
            // One core, or a quota below the set: every worker may use every core.
            None => assert!(pinned.iter().all(|w| *w == cores), "{pinned:?}"),
        }
        // Without the setup, the workers may run on every core: what the test above
        // checks is the setup's doing.
        let text = crate::fresh_process::run(name, false);
        let free = listed_cores(&text, "worker");
        assert!(free.iter().all(|w| *w == cores), "{free:?}");
    }
}
