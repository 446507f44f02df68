//! soaek (소액): an offline analyzer for Korean mobile-phone micropayment statements.
//!
//! Data flows one way (ARCHITECTURE.md): [`intake`] (statements through `soaek_import`:
//! sniff → table → header → columns → rows) → [`ledger`] (dedup, netting, atomic store
//! with a verified manifest) → [`analysis`] (numbers and facts, no words) → [`words`]
//! (facts in Korean or English) → [`report`] (terminal, JSON, PNG, HTML).
//! [`commands`] is the command line, one file per subcommand.

pub mod analysis;
pub mod commands;
pub mod coverage;
pub mod fsutil;
pub mod i18n;
pub mod intake;
pub mod ledger;
pub mod lines;
pub mod memory;
pub mod month;
pub mod report;
pub mod threads;
pub mod timing;
pub mod words;

pub use soaek_import as import;

/// For tests of what a process sets up once as it starts (allocator arenas, thread
/// pools), which the test binary's other tests have already made.
#[cfg(all(test, target_os = "linux"))]
pub(crate) mod fresh_process {
    /// Run the ignored test `name` (its full path) alone, in a new process of this test
    /// binary, with `env` set and `RAYON_NUM_THREADS` unset: its standard output.
    pub(crate) fn run(name: &str, env: &[(&str, &str)]) -> String {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                name,
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env_remove("RAYON_NUM_THREADS")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }
}
