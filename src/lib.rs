//! soaek (소액): an offline analyzer for Korean mobile-phone micropayment statements.
//!
//! Data flows one way: `soaek_import` (files → transactions) → [`ledger`] (dedup,
//! cancellation matching, atomic store) → [`analysis`] (monthly figures, …) →
//! [`report`] (text, JSON). [`commands`] wires them for the command line.

pub mod analysis;
pub mod commands;
pub mod config;
pub mod coverage;
pub mod fsutil;
pub mod i18n;
pub mod intake;
pub mod ledger;
pub mod month;
pub mod report;
pub mod timing;
pub mod words;

pub use soaek_import as import;
