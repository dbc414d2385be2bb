//! Response plans: the file model (`model`), the checks that make a parsed plan usable for
//! evaluation (`validate`), and whether what decisions address to roles reaches one (`reach`).

pub mod model;
mod reach;
mod validate;

pub use reach::check_reached;
pub use validate::check_plan;
