//! Rendering results for people and programs: text tables ([`text`]) and JSON/CSV
//! ([`json`]).

pub mod json;
pub mod text;
