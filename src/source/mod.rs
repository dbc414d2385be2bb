//! Reading input files safely and parsing them as RON: size and encoding limits, telling
//! scenario from plan from decisions, friendly parse errors, and spans for later checks.

mod kind;
mod load;
pub mod locate;
mod parse;
mod walk;

pub use kind::{FileKind, detect_kind};
pub use load::{MAX_FILE_BYTES, read_source};
pub use parse::parse_ron;
pub use walk::ron_files;

/// An input file's display name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}
