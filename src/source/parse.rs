//! Parses RON text into a typed file model with `ron`, and turns its errors into diagnostics
//! that say what is wrong in plain words, with a suggestion for misspelt names.

use super::SourceFile;
use super::locate::Locator;
use crate::diagnostic::{Diagnostic, Position, Span, suggest};
use ron::error::{Error, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

/// How deeply values may nest; far above what any real file needs.
pub const MAX_NESTING: usize = 64;

/// Parses the whole file as `T`, or reports the first problem.
pub fn parse_ron<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    let options =
        ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME).with_recursion_limit(MAX_NESTING);
    options.from_str(&file.text).map_err(|error| to_diagnostic(file, &error))
}

fn to_diagnostic(file: &SourceFile, error: &SpannedError) -> Diagnostic {
    let (code, message, mut hint) = describe(&error.code);
    let start = Position { line: error.span.start.line, column: error.span.start.col };
    let end = Position { line: error.span.end.line, column: error.span.end.col };
    let end = if end <= start { Position { line: start.line, column: start.column + 1 } } else { end };
    let last = Locator::new(&file.text).position(file.text.trim_end().len());
    if end >= last && code == "syntax" {
        hint = Some("the file ends here: it may be cut short".into());
    } else if let Some(written) = target_in_decision_trigger(&file.text, start.line) {
        hint = Some(written);
    }
    Diagnostic::error(code, &file.name, message).with_hint(hint).at(Span { start, end })
}

fn within(outer: &Option<String>) -> String {
    outer.as_ref().map(|name| format!(" in `{name}`")).unwrap_or_default()
}

fn describe(error: &Error) -> (&'static str, String, Option<String>) {
    match error {
        Error::NoSuchStructField { expected, found, outer } => (
            "unknown-field",
            format!("unknown field `{found}`{}", within(outer)),
            suggest::hint(found, expected.iter().copied()),
        ),
        Error::NoSuchEnumVariant { expected, found, outer } => (
            "unknown-variant",
            format!("unknown variant `{found}`{}", within(outer)),
            suggest::hint(found, expected.iter().copied()),
        ),
        Error::MissingStructField { field, outer } => (
            "missing-field",
            format!("missing field `{field}`{}", within(outer)),
            Some(format!("add `{field}: …`; see docs/scenario-format.md for what it holds")),
        ),
        Error::DuplicateStructField { field, outer } => (
            "duplicate-field",
            format!("field `{field}` is given twice{}", within(outer)),
            Some("keep one of them".into()),
        ),
        Error::ExpectedDifferentStructName { expected, found } => {
            ("wrong-name", format!("expected `{expected}`, found `{found}`"), None)
        }
        Error::Eof => (
            "unexpected-end",
            "unexpected end of file".into(),
            Some("the file may be cut short: check that every `(`, `[`, `{` and `\"` is closed".into()),
        ),
        Error::ExceededRecursionLimit => {
            ("too-deep", format!("values nest deeper than the limit of {MAX_NESTING} levels"), None)
        }
        Error::InvalidValueForType { expected, found } => {
            ("wrong-type", format!("expected {expected}, found {found}"), None)
        }
        Error::ExpectedComma => (
            "syntax",
            "expected a comma".into(),
            Some("separate fields and list items with `,`; one may be missing at the end of the previous line".into()),
        ),
        Error::TrailingCharacters => (
            "syntax",
            "unexpected text after the end of the top-level value".into(),
            Some("a file holds exactly one `Scenario(…)`, `Plan(…)` or `Decisions(…)`".into()),
        ),
        Error::IntegerOutOfBounds => (
            "number-out-of-range",
            "number is out of range for this field".into(),
            Some("counts are whole numbers from 0 up to the documented limit".into()),
        ),
        other => ("syntax", lowercase_first(&other.to_string()), syntax_hint(other)),
    }
}

/// A hint for `DecisionTaken(Notify(SupervisoryAuthority), "2d")` on line `line`: those triggers
/// take an action kind alone; the ones that name a target are `ActionTaken` and `ActionNotTaken`.
fn target_in_decision_trigger(text: &str, line: usize) -> Option<String> {
    let line = text.lines().nth(line.checked_sub(1)?)?;
    for (written, instead) in [("DecisionNotTaken(", "ActionNotTaken"), ("DecisionTaken(", "ActionTaken")] {
        let Some((_, rest)) = line.split_once(written) else { continue };
        let rest = rest.trim_start();
        let kind: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
        if !kind.is_empty() && rest[kind.len()..].trim_start().starts_with('(') {
            return Some(format!(
                "`{}` takes an action kind alone, e.g. `{kind}`; to name its target write `{instead}({kind}(…), \"2d\")`",
                written.trim_end_matches('(')
            ));
        }
    }
    None
}

/// How to write what the parser expected, for the usual slips.
fn syntax_hint(error: &Error) -> Option<String> {
    let hint = match error {
        Error::ExpectedString | Error::ExpectedStringEnd => "text goes in double quotes: `\"like this\"`",
        Error::ExpectedInteger => "write a whole number without quotes, e.g. `120`",
        Error::ExpectedFloat => "write a number without quotes, e.g. `0.25`",
        Error::ExpectedBoolean => "write `true` or `false`",
        Error::ExpectedArray | Error::ExpectedArrayEnd => "lists go in square brackets: `[a, b]`",
        Error::ExpectedMap | Error::ExpectedMapEnd => "maps go in braces: `{ Pii: 150.0 }`",
        Error::ExpectedStructLike | Error::ExpectedStructLikeEnd => "a record goes in parentheses: `(field: value, …)`",
        Error::ExpectedIdentifier => "names of variants and fields are written bare, without quotes",
        Error::UnclosedBlockComment => "close the comment with `*/`",
        _ => return None,
    };
    Some(hint.into())
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
