//! Scenarios: the file model an author writes (`model`) and the checks that make a parsed
//! scenario safe to simulate (`validate`), with the documented size limits.

pub mod model;
mod validate;

pub use validate::check_scenario;

/// Documented limits; see docs/scenario-format.md ("Limits").
pub mod limits {
    pub use crate::checks::MAX_LIST;
    /// Most hosts in one host group, and in the whole scenario.
    pub const MAX_HOSTS: u64 = 1_000_000;
    /// Most records in one data store.
    pub const MAX_RECORDS: u64 = 1_000_000_000_000;
    /// Most ticks in one run (`max_duration / tick`).
    pub const MAX_TICKS: u64 = 100_000;
    /// Highest average degree of a generated host graph (bounds its memory: degree × hosts).
    pub const MAX_AVG_DEGREE: f64 = 64.0;
    /// The largest cost an `end.impact` limit may name.
    pub const MAX_COST_LIMIT: f64 = 1e25;
    /// Most discussion questions on one inject.
    pub const MAX_QUESTIONS: u64 = 20;
    /// Most structured expectations on one inject.
    pub const MAX_EXPECTATIONS: u64 = 20;
}
