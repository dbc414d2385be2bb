//! The outcome of checking files: every diagnostic, with the sources needed to show them,
//! printed for people (with a one-line summary) or as one JSON document.

use crate::diagnostic::{Diagnostic, Level, LineIndex, render_human, render_json_value};
use crate::wording::plural;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct Report {
    pub files_checked: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// File name → text, for snippets.
    pub sources: BTreeMap<String, String>,
}

impl Report {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.level == Level::Warning).count()
    }

    /// Every diagnostic with its snippet, in order. Each file's lines are indexed once.
    pub fn render_diagnostics(&self) -> String {
        let mut indexes: BTreeMap<&str, LineIndex> = BTreeMap::new();
        let mut rendered = Vec::with_capacity(self.diagnostics.len());
        for diagnostic in &self.diagnostics {
            let index = self
                .sources
                .get(&diagnostic.file)
                .map(|text| &*indexes.entry(diagnostic.file.as_str()).or_insert_with(|| LineIndex::new(text)));
            rendered.push(render_human(diagnostic, index));
        }
        rendered.join("\n")
    }

    /// One line: how many files, errors and warnings.
    pub fn summary(&self) -> String {
        let files = plural(self.files_checked as u64, "file");
        let warnings = plural(self.warning_count() as u64, "warning");
        match self.error_count() {
            0 => format!("ok: {files} valid, {warnings}"),
            errors => {
                let bad: std::collections::BTreeSet<&str> =
                    self.diagnostics.iter().filter(|d| d.level == Level::Error).map(|d| d.file.as_str()).collect();
                format!("invalid: {} in {} of {files}, {warnings}", plural(errors as u64, "error"), bad.len())
            }
        }
    }

    /// The whole report as JSON: counts and every diagnostic.
    pub fn render_json(&self) -> String {
        let value = json!({
            "valid": self.error_count() == 0,
            "files": self.files_checked,
            "errors": self.error_count(),
            "warnings": self.warning_count(),
            "diagnostics": self.diagnostics.iter().map(render_json_value).collect::<Vec<_>>(),
        });
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }
}

/// Why a command on scenarios, plans or run folders did not complete.
pub enum Failure {
    /// Bad input: a scenario, plan, decisions file, journal or run folder's contents (exit 2).
    Invalid(Report),
    /// A run-time failure: files missing or unreadable, refusal to overwrite, I/O (exit 1).
    Io(String),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e.to_string())
    }
}
