//! Finds where a field lives in a RON file, so that problems found after parsing (unknown
//! references, bad durations) point at the exact text. A small structural scan, no typing.

use crate::diagnostic::{Position, Span};

/// A step from a value to one of its parts: a named field, or the n-th item of a list/tuple.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Field(&'static str),
    Index(usize),
}

/// Where a value sits in the file, from the top-level value down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<PathSeg>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    pub fn field(&self, name: &'static str) -> Self {
        let mut segs = self.0.clone();
        segs.push(PathSeg::Field(name));
        FieldPath(segs)
    }

    pub fn index(&self, i: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(PathSeg::Index(i));
        FieldPath(segs)
    }
}

/// Deeper than this the scan gives up (the parser's own limit is lower).
const MAX_DEPTH: usize = 256;

#[derive(Debug)]
struct Node {
    start: usize,
    end: usize,
    fields: Vec<(String, Node)>,
    items: Vec<Node>,
}

/// A span index over one RON text.
pub struct Locator<'a> {
    text: &'a str,
    root: Option<Node>,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0 };
        scanner.skip_trivia_and_attributes();
        let root = scanner.value(0);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator { text, root, line_starts }
    }

    /// The span of the value at `path`, or of its closest enclosing value that exists in the text
    /// (a defaulted field has no text of its own).
    pub fn span_of(&self, path: &FieldPath) -> Option<Span> {
        let mut node = self.root.as_ref()?;
        for seg in &path.0 {
            let next = match seg {
                PathSeg::Field(name) => node.fields.iter().find(|(field, _)| field == name).map(|(_, value)| value),
                PathSeg::Index(i) => node.items.get(*i),
            };
            match next {
                Some(child) => node = child,
                None => break,
            }
        }
        Some(Span { start: self.position(node.start), end: self.position(node.end) })
    }

    /// Line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.line_starts[line - 1];
        let column = self.text.get(line_start..offset).map_or(offset - line_start, |s| s.chars().count()) + 1;
        Position { line, column }
    }
}

struct Scanner<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The unread input (empty once past the end).
    fn rest(&self) -> &[u8] {
        self.bytes.get(self.pos..).unwrap_or(&[])
    }

    /// At `r"`, `r#"`, `b"` or `br#"`, as opposed to an identifier such as `r#type` or `bool`.
    fn at_prefixed_string(&self) -> bool {
        let rest = self.rest();
        let rest = rest.strip_prefix(b"b").unwrap_or(rest);
        match rest.strip_prefix(b"r") {
            Some(after_r) => after_r.iter().find(|&&b| b != b'#') == Some(&b'"'),
            None => rest.first() == Some(&b'"'),
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.bytes.get(self.pos + 1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => self.skip_block_comment(),
                _ => return,
            }
        }
    }

    /// Block comments nest in RON; counted, not recursed.
    fn skip_block_comment(&mut self) {
        let mut depth = 0usize;
        while self.pos < self.bytes.len() {
            if self.rest().starts_with(b"/*") {
                depth += 1;
                self.pos += 2;
            } else if self.rest().starts_with(b"*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.pos += 1;
            }
        }
    }

    fn skip_trivia_and_attributes(&mut self) {
        self.skip_trivia();
        while self.rest().starts_with(b"#!") {
            while self.peek().is_some_and(|b| b != b']') {
                self.pos += 1;
            }
            self.pos = (self.pos + 1).min(self.bytes.len());
            self.skip_trivia();
        }
    }

    fn ident(&mut self) -> Option<String> {
        let start = self.pos;
        if self.rest().starts_with(b"r#") {
            self.pos += 2;
        }
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        let word = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
        (!word.is_empty()).then(|| word.trim_start_matches("r#").to_string())
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.pos;
        let mut node = Node { start, end: start, fields: Vec::new(), items: Vec::new() };
        match self.peek()? {
            b'"' => self.string(),
            b'\'' => self.char_literal(),
            b'[' => {
                self.pos += 1;
                node.items = self.items(b']', depth)?;
            }
            b'{' => {
                self.pos += 1;
                self.map(depth)?;
            }
            b'(' => self.group(&mut node, depth)?,
            b'r' | b'b' if self.at_prefixed_string() => self.prefixed_string(),
            b if b.is_ascii_alphabetic() || b == b'_' => {
                self.ident()?;
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.group(&mut node, depth)?;
                }
            }
            _ => {
                while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b"+-._".contains(&b)) {
                    self.pos += 1;
                }
                if self.pos == start {
                    return None;
                }
            }
        }
        node.end = self.pos;
        Some(node)
    }

    /// `( … )`: named fields when the first entry is `ident :`, else a tuple of values.
    fn group(&mut self, node: &mut Node, depth: usize) -> Option<()> {
        self.pos += 1;
        self.skip_trivia();
        let save = self.pos;
        let named = self.ident().is_some() && {
            self.skip_trivia();
            self.peek() == Some(b':')
        };
        self.pos = save;
        if !named {
            node.items = self.items(b')', depth)?;
            return Some(());
        }
        loop {
            self.skip_trivia();
            if self.peek() == Some(b')') {
                self.pos += 1;
                return Some(());
            }
            let name = self.ident()?;
            self.skip_trivia();
            (self.peek() == Some(b':')).then_some(())?;
            self.pos += 1;
            let value = self.value(depth + 1)?;
            node.fields.push((name, value));
            self.separator(b')')?;
        }
    }

    fn items(&mut self, close: u8, depth: usize) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            self.separator(close)?;
        }
    }

    fn map(&mut self, depth: usize) -> Option<()> {
        loop {
            self.skip_trivia();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Some(());
            }
            self.value(depth + 1)?;
            self.skip_trivia();
            (self.peek() == Some(b':')).then_some(())?;
            self.pos += 1;
            self.value(depth + 1)?;
            self.separator(b'}')?;
        }
    }

    /// After an entry: a comma, or the closing bracket (left for the caller).
    fn separator(&mut self, close: u8) -> Option<()> {
        self.skip_trivia();
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Some(())
            }
            b if b == close => Some(()),
            _ => None,
        }
    }

    fn string(&mut self) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        self.pos += 1;
        if self.peek() == Some(b'\\') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|b| b != b'\'') {
            self.pos += 1;
        }
        self.pos += 1;
    }

    /// `r"…"`, `r#"…"#`, `b"…"`, `br#"…"#`.
    fn prefixed_string(&mut self) {
        let mut raw = false;
        while let Some(b @ (b'r' | b'b')) = self.peek() {
            raw |= b == b'r';
            self.pos += 1;
        }
        if !raw {
            self.string();
            return;
        }
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1;
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'"'
                && self.bytes[self.pos + 1..].iter().take(hashes).filter(|&&b| b == b'#').count() == hashes
            {
                self.pos += 1 + hashes;
                return;
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"// a comment
#![enable(implicit_some)]
Scenario(
    id: "x", /* note */
    environment: (
        segments: [
            (id: "a", hosts: []),
            (id: "b", name: r#"say "hi""#, hosts: [(id: "é", count: 3)]),
        ],
    ),
    stages: [GainAccount("admin"), Compromise(group: "ws", hosts: 2)],
    costs: { Pii: 1.5, Phi: 2e3 },
)
"##;

    fn located(path: FieldPath) -> (usize, usize, usize) {
        let span = Locator::new(TEXT).span_of(&path).unwrap();
        (span.start.line, span.start.column, span.end.column)
    }

    #[test]
    fn finds_fields_items_and_variant_contents() {
        let root = FieldPath::root();
        assert_eq!(located(root.field("id")), (4, 9, 12));
        let segments = root.field("environment").field("segments");
        assert_eq!(located(segments.index(1).field("hosts").index(0).field("count")), (8, 69, 70));
        assert_eq!(located(root.field("stages").index(0).index(0)), (11, 26, 33));
        assert_eq!(located(root.field("stages").index(1).field("hosts")), (11, 67, 68));
    }

    #[test]
    fn falls_back_to_the_nearest_existing_value() {
        let path = FieldPath::root().field("environment").field("links").index(3);
        assert_eq!(located(path).0, 5);
    }

    #[test]
    fn survives_garbage_and_deep_nesting() {
        for text in ["", "(((", "Scenario(id: ", "\"unterminated", "r#\"x", "[".repeat(100_000).as_str()] {
            let _ = Locator::new(text).span_of(&FieldPath::root().field("id"));
        }
    }
}
