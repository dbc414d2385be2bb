//! Text from input files and run folders made safe to print on a terminal. A scenario title or an
//! inject text may hold control characters — an OSC sequence that retitles the window, a CSI
//! sequence that clears the screen, a carriage return that overwrites what came before — and
//! printed raw they would act on the facilitator's terminal instead of being read.
//!
//! The rule, for [`inert`] and [`inert_line`] alike: every control character — C0 (U+0000 to
//! U+001F), DEL (U+007F) and C1 (U+0080 to U+009F) — is written as a visible escape,
//! a backslash, `u` and its code point in lowercase hexadecimal between braces, as Rust writes
//! it: ESC becomes `\u{1b}`, BEL `\u{7}`, CSI `\u{9b}`. Two exceptions: a tab becomes a space,
//! and [`inert`] keeps line feeds (a carriage return just before one is dropped, so text with
//! CRLF line ends reads as it was written). Everything else, including any other Unicode, is
//! kept as it is. Text without a control character is returned borrowed, unchanged; applying
//! either function twice gives the same text as applying it once.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` safe to print as multi-line text: control characters become visible escapes such as
/// `\u{1b}`, a tab a space; line feeds are kept, and a carriage return before a line feed is
/// dropped.
pub fn inert(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// `text` safe to print within one line: as [`inert`], and line feeds and carriage returns are
/// escaped too (`\u{a}`, `\u{d}`), so the text can neither break the line nor overwrite it.
pub fn inert_line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

fn escape(text: &str, keep_lines: bool) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' if keep_lines => out.push('\n'),
            '\r' if keep_lines && chars.peek() == Some(&'\n') => {}
            '\t' => out.push(' '),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(inert("\u{1b}]0;pwned\u{7}title\u{1b}[2J"), "\\u{1b}]0;pwned\\u{7}title\\u{1b}[2J");
        assert_eq!(inert("\u{9b}31m red \u{7f}\u{8}\u{0}"), "\\u{9b}31m red \\u{7f}\\u{8}\\u{0}");
        assert_eq!(inert("a\tb"), "a b");
    }

    #[test]
    fn inert_keeps_lines_and_inert_line_does_not() {
        assert_eq!(inert("one\r\ntwo\rthree\n"), "one\ntwo\\u{d}three\n");
        assert_eq!(inert_line("one\r\ntwo\n"), "one\\u{d}\\u{a}two\\u{a}");
    }

    #[test]
    fn clean_text_is_borrowed_and_escaping_is_idempotent() {
        assert!(matches!(inert("Ransomware at St. Mary’s — 03:00 ✓"), Cow::Borrowed(_)));
        assert!(matches!(inert_line("plain"), Cow::Borrowed(_)));
        let once = inert_line("\u{1b}[2J\n\u{9b}").into_owned();
        assert_eq!(inert_line(&once), once);
        assert_eq!(inert(&once), once);
    }
}
