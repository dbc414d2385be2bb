//! Drills: running a scenario against a plan with the team's decisions (from a decisions file,
//! or console commands on standard input), and writing the run's folder.

mod drill;
mod output;
mod script;

pub use drill::{DrillError, DrillRequest, run_drill};
pub use output::{RunFolder, RunInputs, content_hash};
pub use script::{ScriptedDecision, run_scripted};
