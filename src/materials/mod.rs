//! Exercise materials a facilitator hands out before a drill, made from the scenario and plan
//! alone: the MSEL (`ttx msel`) and the handouts (`ttx handout`), a situation manual for the
//! players that never holds the truth, and a handbook for controllers and evaluators.

mod handbook;
mod handout;
mod manual;
mod msel;
mod wording;

pub use handout::{Handout, write_handout};
pub use msel::{Format, msel};

use crate::atomic::{NamedFile, is_present, write_each};
use crate::validate::Failure;
use std::path::{Path, PathBuf};

/// Writes `files` into `folder` (made when missing), each atomically; refuses, before writing
/// anything, when one is there already and not `force`. Returns the paths written.
pub fn write_files(folder: &Path, files: &[NamedFile], force: bool) -> Result<Vec<PathBuf>, Failure> {
    if !force && let Some((name, _)) = files.iter().find(|(name, _)| is_present(&folder.join(name))) {
        return Err(Failure::Io(format!(
            "`{}` already exists; pass --force to replace it",
            folder.join(name).display()
        )));
    }
    let io = |e: std::io::Error| Failure::Io(format!("cannot write in {}: {e}", folder.display()));
    std::fs::create_dir_all(folder).map_err(io)?;
    write_each(folder, files).map_err(io)?;
    Ok(files.iter().map(|(name, _)| folder.join(name)).collect())
}
