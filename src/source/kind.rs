//! Tells what an input file is from its first word: `Scenario(`, `Plan(` or `Decisions(`.
//! Comments and `#![enable(…)]` attributes before it are skipped.

use super::locate::Locator;
use super::{SourceFile, parse_ron};
use crate::diagnostic::{Diagnostic, Span, suggest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Plan,
    Decisions,
}

const KINDS: [(&str, FileKind); 3] =
    [("Scenario", FileKind::Scenario), ("Plan", FileKind::Plan), ("Decisions", FileKind::Decisions)];

/// The kind of `file`, from the name of its top-level value.
pub fn detect_kind(file: &SourceFile) -> Result<FileKind, Diagnostic> {
    let (offset, word) = first_word(&file.text);
    if let Some((_, kind)) = KINDS.iter().find(|(name, _)| *name == word) {
        return Ok(*kind);
    }
    if word.is_empty() {
        // Before blaming the missing name, let the parser report any syntax error it meets first
        // (an unclosed comment, a stray character).
        parse_ron::<serde::de::IgnoredAny>(file)?;
    }
    let shown: String = word.chars().take(40).collect();
    let message = if word.is_empty() {
        "cannot tell what this file is: the top-level value has no name".to_string()
    } else {
        format!("cannot tell what this file is: it starts with `{shown}`")
    };
    let hint = suggest::closest(&word, KINDS.iter().map(|(name, _)| *name))
        .map(|near| format!("did you mean `{near}(`?"))
        .or_else(|| Some("start the file with `Scenario(`, `Plan(` or `Decisions(`".into()));
    let locator = Locator::new(&file.text);
    let (start, end) = (locator.position(offset), locator.position(offset + word.len().max(1)));
    Err(Diagnostic::error("unknown-file-kind", &file.name, message).with_hint(hint).at(Span { start, end }))
}

/// The byte offset and text of the identifier the top-level value starts with, after comments
/// and attributes.
fn first_word(text: &str) -> (usize, String) {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("#!") {
            rest = after.split_once(']').map_or("", |(_, tail)| tail);
        } else {
            break;
        }
    }
    let word = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (text.len() - rest.len(), word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Result<FileKind, Diagnostic> {
        detect_kind(&SourceFile { name: "f.ron".into(), text: text.into() })
    }

    #[test]
    fn reads_the_top_level_name_after_comments() {
        assert_eq!(kind("// hi\n/* x */ #![enable(implicit_some)]\nPlan(").unwrap(), FileKind::Plan);
        assert_eq!(kind("Scenario(").unwrap(), FileKind::Scenario);
        assert_eq!(kind("Decisions(").unwrap(), FileKind::Decisions);
    }

    #[test]
    fn suggests_the_closest_kind() {
        let error = kind("Scenaro(id: \"x\")").unwrap_err();
        assert_eq!(error.hint.as_deref(), Some("did you mean `Scenario(`?"));
        assert!(kind("(id: 1)").unwrap_err().message.contains("no name"));
    }
}
