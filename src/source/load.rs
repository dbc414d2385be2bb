//! Reads a file with a size limit and checks it is UTF-8 text, so that a huge or binary
//! input gets a clear diagnostic instead of an unbounded allocation or a garbled message. Only
//! regular files are read: a folder, pipe or device gets a diagnostic, and a pipe never blocks.

use super::SourceFile;
use super::locate::Locator;
use crate::atomic::{Unread, read_input};
use crate::diagnostic::{Diagnostic, Span};
use std::path::Path;

/// The largest input file ttx reads: 8 MiB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads `path` as text, or explains why it cannot be used.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = path.display().to_string();
    let fail = |code, message: String| Diagnostic::error(code, &name, message);
    let bytes = read_input(path, MAX_FILE_BYTES).map_err(|unread| unreadable(unread, &name))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
            let position = Locator::new(&prefix).position(prefix.len());
            return Err(fail("not-text", "file is not UTF-8 text (is it a binary file?)".into())
                .at(Span { start: position, end: position }));
        }
    };
    if let Some(nul) = text.find('\0') {
        let position = Locator::new(&text).position(nul);
        return Err(fail("not-text", "file contains NUL bytes (is it a binary file?)".into())
            .at(Span { start: position, end: position }));
    }
    if text.trim().is_empty() {
        let position = Locator::new(&text).position(text.len());
        let empty = fail("empty-file", "file is empty".into()).at(Span { start: position, end: position });
        return Err(empty.with_hint(Some(
            "start it with `Scenario(`, `Plan(` or `Decisions(`; see docs/scenario-format.md".into(),
        )));
    }
    Ok(SourceFile { name, text })
}

/// The diagnostic for a file that was not read.
fn unreadable(unread: Unread, name: &str) -> Diagnostic {
    let too_large = matches!(unread, Unread::TooLarge(_));
    match unread.diagnostic(name) {
        Ok(diagnostic) if too_large => {
            diagnostic.with_hint(Some("split the scenario, or describe hosts as groups with a `count`".into()))
        }
        Ok(diagnostic) => diagnostic,
        Err(e) => Diagnostic::error("io", name, format!("cannot read: {e}")),
    }
}
