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
