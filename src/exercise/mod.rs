//! Drills: running a scenario against a plan — scripted from a decisions file, or live at the
//! facilitated console with a crash-safe journal — and resuming one from its run folder.

mod baseline;
mod command;
mod completion;
mod console;
mod drill;
mod hotwash;
pub mod journal;
mod output;
pub mod room;
mod script;
mod session;
mod style;
pub(crate) mod views;

pub use baseline::baseline;
pub use console::{Pace, Transcript};
pub use drill::{Console, DrillRequest, Finished, facilitator_name, load_campaign, resume, run_drill};
pub use output::content_hash;
pub use script::{Script, ScriptedDecision, play};
pub use session::Session;
