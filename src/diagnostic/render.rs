//! Turns a diagnostic into text a person reads in a terminal, or a JSON object for CI.
//! The snippet shows at most a window of the offending line, so huge lines stay readable.

use super::{Diagnostic, Level, LineIndex};
use serde_json::{Value, json};
use std::fmt::Write;

/// Characters of the source line shown around the caret.
const WINDOW: usize = 100;

/// `path:line:col: level[code]: message`, then the line, a caret and the hint.
pub fn render_human(diagnostic: &Diagnostic, source: Option<&LineIndex>) -> String {
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
    if let (Some(span), Some(index)) = (diagnostic.span, source)
        && let Some((line_start, line)) = index.line(span.start.line)
    {
        let width =
            if span.end.line == span.start.line { span.end.column.saturating_sub(span.start.column).max(1) } else { 1 };
        let caret = index.offset(span.start).map_or(0, |offset| offset - line_start);
        let (shown, caret_at) = window(line, caret);
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

/// The part of `line` to print around byte `caret`, and the caret's column in it; control
/// characters and tabs become one visible character each so the caret stays aligned. Only the
/// characters shown are visited, so a huge line costs no more than a short one.
fn window(line: &str, caret: usize) -> (String, usize) {
    let caret = (0..=caret.min(line.len())).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
    let (before, after) = line.split_at(caret);
    // At most WINDOW characters: half before the caret, the rest after, and more before when
    // the line ends sooner.
    let tail: Vec<char> = after.chars().take(WINDOW + 1).collect();
    let lead_room = WINDOW - tail.len().min(WINDOW / 2);
    let mut lead: Vec<char> = before.chars().rev().take(lead_room + 1).collect();
    let cut_before = lead.len() > lead_room;
    lead.truncate(lead_room);
    lead.reverse();
    let tail_room = WINDOW - lead.len();
    let cut_after = tail.len() > tail_room;
    let visible = |ch: &char| match *ch {
        '\t' => ' ',
        ch if ch.is_control() => '\u{fffd}',
        ch => ch,
    };
    let mut shown = String::new();
    if cut_before {
        shown.push('…');
    }
    shown.extend(lead.iter().map(visible));
    shown.extend(tail.iter().take(tail_room).map(visible));
    if cut_after {
        shown.push('…');
    }
    (shown, lead.len() + usize::from(cut_before))
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
            render_human(&diagnostic, Some(&LineIndex::new(source))),
            "a.ron:2:14: error[unknown-reference]: unknown segment `finanse`\n  |\n2 |     segment: \"finanse\",\n  |              ^^^^^^^^^\n  = hint: did you mean `finance`?\n"
        );
    }

    #[test]
    fn shows_only_a_window_of_a_huge_line() {
        let line = format!("{}Z{}", "a".repeat(5_000), "a".repeat(5_000));
        let diagnostic = Diagnostic::error("syntax", "big.ron", "bad").at(at(1, 5_001, 5_002));
        let text = render_human(&diagnostic, Some(&LineIndex::new(&line)));
        assert!(text.lines().all(|l| l.chars().count() < WINDOW + 20), "{text}");
        let shown = text.lines().nth(2).unwrap();
        let caret = text.lines().nth(3).unwrap();
        assert!(shown.starts_with("1 | …") && shown.ends_with('…'), "{shown}");
        assert_eq!(caret.chars().position(|c| c == '^'), shown.chars().position(|c| c == 'Z'));
    }
}
