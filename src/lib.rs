//! soaek (소액): an offline analyzer for Korean mobile-phone micropayment statements.
//!
//! Data flows one way (ARCHITECTURE.md): [`intake`] (statements through `soaek_import`:
//! sniff → table → header → columns → rows) → [`ledger`] (dedup, netting, atomic store
//! with a verified manifest) → [`analysis`] (numbers and facts, no words) → [`words`]
//! (facts in Korean or English) → [`report`] (terminal, JSON, PNG, HTML).
//! [`commands`] is the command line, one file per subcommand.

// Module notes name their private parts: the docs are a map for whoever works here,
// read with `cargo doc --document-private-items`.
#![allow(rustdoc::private_intra_doc_links)]

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
pub(crate) mod work;

pub use soaek_import as import;

/// For tests of what a process sets up once as it starts (allocator arenas, thread
/// pools), which the test binary's other tests have already made: such a test runs again
/// alone, in a new process of the test binary, set up first or not.
#[cfg(all(test, target_os = "linux"))]
pub(crate) mod fresh_process {
    /// Tells the test in the new process that it is there, and whether to set up.
    const CHILD: &str = "SOAEK_FRESH_PROCESS";

    /// Run the ignored test `name` (its full path) alone in a new process of this test
    /// binary, `RAYON_NUM_THREADS` and `POLARS_MAX_THREADS` unset, telling it whether to
    /// `set_up`: its standard output.
    pub(crate) fn run(name: &str, set_up: bool) -> String {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                name,
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env_remove("RAYON_NUM_THREADS")
            .env_remove("POLARS_MAX_THREADS")
            .env(CHILD, if set_up { "set up" } else { "as is" })
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// In the test run by [`run`]: whether to set up first. `None` when the test was not
    /// run that way (then it does nothing).
    pub(crate) fn child() -> Option<bool> {
        std::env::var(CHILD).ok().map(|v| v == "set up")
    }
}
