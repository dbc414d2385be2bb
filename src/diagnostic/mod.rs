//! Diagnostics: one problem found in an input file, where it is, and how to fix it.
//! Rendered for people (`path:line:col`, source line, caret, hint) or as JSON for CI.

mod lines;
mod render;
pub mod suggest;

pub use lines::LineIndex;
pub use render::{render_human, render_json_value};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The stretch of source a diagnostic points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// One problem, ready to print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    /// A stable short name for the kind of problem, e.g. `unknown-reference`.
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// The file, as the user named it.
    pub file: String,
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            code,
            message: message.into(),
            hint: None,
            file: file.to_string(),
            span: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
}
