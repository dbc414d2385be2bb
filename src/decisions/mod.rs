//! Decisions files: scripted drills. The file model (`model`) and its checks (`validate`),
//! which also cross-check targets against the scenario when it is known.

pub mod model;
mod validate;

pub use validate::check_decisions;
