//! Turns a diagnostic into text a person reads in a terminal, or a JSON object for CI.
//! The snippet shows at most a window of the offending line, so huge lines stay readable.

use super::{Diagnostic, Level};
use serde_json::{Value, json};
use std::fmt::Write;

/// Characters of the source line shown around the caret.
const WINDOW: usize = 100;

/// `path:line:col: level[code]: message`, then the line, a caret and the hint.
pub fn render_human(diagnostic: &Diagnostic, source: Option<&str>) -> String {
    let level = match diagnostic.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    let mut out = String::new();
    match diagnostic.span {
        Some(span) => {
            let _ = write!(out, "{}:{}:{}: ", diagnostic.file, span.start.line, span.start.column);
        }
        None => {
            let _ = write!(out, "{}: ", diagnostic.file);
        }
    }
    let _ = writeln!(out, "{level}[{}]: {}", diagnostic.code, diagnostic.message);
    if let (Some(span), Some(text)) = (diagnostic.span, source)
        && let Some(line) = text.lines().nth(span.start.line.saturating_sub(1))
    {
        let width =
            if span.end.line == span.start.line { span.end.column.saturating_sub(span.start.column).max(1) } else { 1 };
        let (shown, caret_at) = window(line, span.start.column.saturating_sub(1));
        let number = span.start.line.to_string();
        let pad = " ".repeat(number.len());
        let carets = "^".repeat(width.min(WINDOW.saturating_sub(caret_at)).max(1));
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {shown}");
        let _ = writeln!(out, "{pad} | {}{carets}", " ".repeat(caret_at));
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = writeln!(out, "  = hint: {hint}");
    }
    out
}

/// The part of `line` to print and where the caret falls in it; control characters and tabs
/// become one visible character each so the caret stays aligned.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let column = column.min(chars.len());
    let start = if chars.len() <= WINDOW { 0 } else { column.saturating_sub(WINDOW / 2).min(chars.len() - WINDOW) };
    let end = (start + WINDOW).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    for &ch in &chars[start..end] {
        shown.push(if ch == '\t' {
            ' '
        } else if ch.is_control() {
            '\u{fffd}'
        } else {
            ch
        });
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, column - start + usize::from(start > 0))
}

/// The diagnostic as a flat JSON object (`line` and `column` are null without a position).
pub fn render_json_value(diagnostic: &Diagnostic) -> Value {
    let span = diagnostic.span;
    json!({
        "level": diagnostic.level,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "file": diagnostic.file,
        "line": span.map(|s| s.start.line),
        "column": span.map(|s| s.start.column),
        "end_line": span.map(|s| s.end.line),
        "end_column": span.map(|s| s.end.column),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Position, Span};

    fn at(line: usize, column: usize, end_column: usize) -> Span {
        Span { start: Position { line, column }, end: Position { line, column: end_column } }
    }

    #[test]
    fn points_a_caret_under_the_span() {
        let source = "Scenario(\n    segment: \"finanse\",\n)";
        let diagnostic = Diagnostic::error("unknown-reference", "a.ron", "unknown segment `finanse`")
            .at(at(2, 14, 23))
            .with_hint(Some("did you mean `finance`?".into()));
        assert_eq!(
            render_human(&diagnostic, Some(source)),
            "a.ron:2:14: error[unknown-reference]: unknown segment `finanse`\n  |\n2 |     segment: \"finanse\",\n  |              ^^^^^^^^^\n  = hint: did you mean `finance`?\n"
        );
    }

    #[test]
    fn shows_only_a_window_of_a_huge_line() {
        let line = format!("{}Z{}", "a".repeat(5_000), "a".repeat(5_000));
        let diagnostic = Diagnostic::error("syntax", "big.ron", "bad").at(at(1, 5_001, 5_002));
        let text = render_human(&diagnostic, Some(&line));
        assert!(text.lines().all(|l| l.chars().count() < WINDOW + 20), "{text}");
        let shown = text.lines().nth(2).unwrap();
        let caret = text.lines().nth(3).unwrap();
        assert!(shown.starts_with("1 | …") && shown.ends_with('…'), "{shown}");
        assert_eq!(caret.chars().position(|c| c == '^'), shown.chars().position(|c| c == 'Z'));
    }
}
