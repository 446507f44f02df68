//! Rendering results for people and programs: text tables ([`text`]), JSON/CSV
//! ([`json`]), exports for other tools ([`export`]), PNG charts ([`charts`]) and the
//! self-contained HTML report ([`html`]); [`privacy`] masks what reports must not show.

pub mod charts;
pub mod export;
pub mod html;
pub mod json;
pub mod privacy;
pub mod text;
