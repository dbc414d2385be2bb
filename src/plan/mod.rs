//! Response plans: the file model (`model`), the checks that make a parsed plan usable for
//! evaluation (`validate`), and whether what other files address to roles reaches one (`reach`).

pub mod model;
mod reach;
mod validate;

pub use reach::{check_reached, check_scenario_reach};
pub use validate::check_plan;
