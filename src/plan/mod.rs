//! Response plans: the file model (`model`) and the checks that make a parsed plan usable
//! for evaluation (`validate`).

pub mod model;
mod validate;

pub use validate::check_plan;
