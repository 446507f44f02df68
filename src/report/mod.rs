//! Rendering results for people and programs: text tables ([`text`]), JSON/CSV
//! ([`json`]) and exports for other tools ([`export`]).

pub mod export;
pub mod json;
pub mod text;
