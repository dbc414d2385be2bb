//! Colour for the console: ANSI styles on a terminal, plain text when output is not a
//! terminal or `NO_COLOR` is set (https://no-color.org). These are the only escape sequences
//! the console writes: text handed to a style must already be inert ([`crate::terminal`]).

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Colour only on a terminal, and not when `NO_COLOR` is set to anything non-empty.
    pub fn detect() -> Style {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { colour: std::io::stdout().is_terminal() && !no_colour }
    }

    pub fn plain() -> Style {
        Style { colour: false }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// New injects and things that need attention.
    pub fn highlight(&self, text: &str) -> String {
        self.paint("1;33", text)
    }

    /// Alerts, overdue steps, missed clocks.
    pub fn alarm(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    pub fn good(&self, text: &str) -> String {
        self.paint("32", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// The facilitator-only view.
    pub fn truth(&self, text: &str) -> String {
        self.paint("1;35", text)
    }
}
