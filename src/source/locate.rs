//! Finds where a field lives in a RON file, so that problems found after parsing (unknown
//! references, bad durations) point at the exact text. A small structural scan, no typing.

use crate::diagnostic::{LineIndex, Position, Span};
use std::collections::BTreeMap;

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

/// The length in bytes of the whitespace character `rest` starts with, if it starts with one.
/// The same set as the RON parser's (Unicode's Pattern_White_Space): a vertical tab, a form
/// feed or a line separator the parser skips must not stop the scan.
fn whitespace_len(rest: &[u8]) -> Option<usize> {
    match rest {
        [b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C, ..] => Some(1),
        [0xC2, 0x85, ..] => Some(2),
        [0xE2, 0x80, 0x8E | 0x8F | 0xA8 | 0xA9, ..] => Some(3),
        _ => None,
    }
}

/// Deeper than this the scan gives up (the parser's own limit is lower).
const MAX_DEPTH: usize = 256;

/// One value in the text. Nodes live in one arena and name their parts by a range of the
/// arena's child list, so a file of millions of tiny values costs a few words per value.
#[derive(Debug, Clone, Copy)]
struct Node {
    start: u32,
    end: u32,
    /// The field name or map key this value is given under, as a byte range (empty for items).
    name: (u32, u32),
    /// Its parts: `children[first .. first + count]`.
    first: u32,
    count: u32,
    is_map: bool,
}

/// Something in the text's shape that breaks a rule of every file format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeProblem {
    /// A list, map or record with more entries than the limit.
    TooManyEntries { span: Span, entries: usize },
    /// A map that gives the same key twice.
    DuplicateKey { span: Span, key: String, first: Position },
}

/// A span index over one RON text.
pub struct Locator<'a> {
    lines: LineIndex<'a>,
    nodes: Vec<Node>,
    children: Vec<u32>,
    root: Option<u32>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, nodes: Vec::new(), children: Vec::new() };
        let root = if u32::try_from(text.len()).is_ok() {
            scanner.skip_trivia_and_attributes();
            scanner.value(0, (0, 0))
        } else {
            None
        };
        let Scanner { nodes, children, .. } = scanner;
        Locator { lines: LineIndex::new(text), nodes, children, root }
    }

    fn parts(&self, node: &Node) -> impl Iterator<Item = &Node> {
        let range = node.first as usize..(node.first + node.count) as usize;
        self.children[range].iter().map(|&i| &self.nodes[i as usize])
    }

    fn name(&self, node: &Node) -> &str {
        self.lines.text().get(node.name.0 as usize..node.name.1 as usize).unwrap_or("")
    }

    fn span(&self, node: &Node) -> Span {
        Span { start: self.position(node.start as usize), end: self.position(node.end as usize) }
    }

    /// The span of the value at `path`, or of its closest enclosing value that exists in the text
    /// (a defaulted field has no text of its own).
    pub fn span_of(&self, path: &FieldPath) -> Option<Span> {
        let mut node = &self.nodes[self.root? as usize];
        for seg in &path.0 {
            let next = match seg {
                PathSeg::Field(name) => self.parts(node).find(|part| self.name(part) == *name),
                PathSeg::Index(i) => self.parts(node).nth(*i),
            };
            match next {
                Some(child) => node = child,
                None => break,
            }
        }
        Some(self.span(node))
    }

    /// Line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(offset)
    }

    /// Lists, maps and records with more than `limit` entries, and maps with a key given twice,
    /// in the order they appear.
    pub fn shape_problems(&self, limit: usize) -> Vec<ShapeProblem> {
        let mut problems = Vec::new();
        for node in &self.nodes {
            if node.count as usize > limit {
                problems.push(ShapeProblem::TooManyEntries { span: self.span(node), entries: node.count as usize });
            }
            if node.is_map && node.count as usize <= limit {
                let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
                for part in self.parts(node) {
                    let key = self.name(part).trim();
                    match seen.get(key) {
                        Some(&first) => problems.push(ShapeProblem::DuplicateKey {
                            span: Span {
                                start: self.position(part.name.0 as usize),
                                end: self.position(part.name.1 as usize),
                            },
                            key: key.to_string(),
                            first: self.position(first as usize),
                        }),
                        None => {
                            seen.insert(key, part.name.0);
                        }
                    }
                }
            }
        }
        problems.sort_by_key(|problem| match problem {
            ShapeProblem::TooManyEntries { span, .. } | ShapeProblem::DuplicateKey { span, .. } => span.start,
        });
        problems
    }
}

struct Scanner<'b> {
    bytes: &'b [u8],
    pos: usize,
    nodes: Vec<Node>,
    children: Vec<u32>,
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
            if let Some(len) = whitespace_len(self.rest()) {
                self.pos += len;
                continue;
            }
            match (self.peek(), self.bytes.get(self.pos + 1)) {
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

    /// Scans one value given under `name` (a byte range; empty for items); returns its index.
    fn value(&mut self, depth: usize, name: (u32, u32)) -> Option<u32> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.pos;
        let mut node = Node { start: start as u32, end: start as u32, name, first: 0, count: 0, is_map: false };
        let mut parts = Vec::new();
        match self.peek()? {
            b'"' => self.string(),
            b'\'' => self.char_literal(),
            b'[' => {
                self.pos += 1;
                self.items(b']', depth, &mut parts)?;
            }
            b'{' => {
                self.pos += 1;
                node.is_map = true;
                self.map(depth, &mut parts)?;
            }
            b'(' => self.group(depth, &mut parts)?,
            b'r' | b'b' if self.at_prefixed_string() => self.prefixed_string(),
            b if b.is_ascii_alphabetic() || b == b'_' => {
                self.ident()?;
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.group(depth, &mut parts)?;
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
        node.end = self.pos.min(self.bytes.len()) as u32;
        node.first = self.children.len() as u32;
        node.count = parts.len() as u32;
        self.children.extend(parts);
        self.nodes.push(node);
        Some(self.nodes.len() as u32 - 1)
    }

    /// `( … )`: named fields when the first entry is `ident :`, else a tuple of values.
    fn group(&mut self, depth: usize, parts: &mut Vec<u32>) -> Option<()> {
        self.pos += 1;
        self.skip_trivia();
        let save = self.pos;
        let named = self.ident().is_some() && {
            self.skip_trivia();
            self.peek() == Some(b':')
        };
        self.pos = save;
        if !named {
            return self.items(b')', depth, parts);
        }
        loop {
            self.skip_trivia();
            if self.peek() == Some(b')') {
                self.pos += 1;
                return Some(());
            }
            let name_start = self.pos;
            self.ident()?;
            let name = (name_start as u32, self.pos as u32);
            self.skip_trivia();
            (self.peek() == Some(b':')).then_some(())?;
            self.pos += 1;
            parts.push(self.value(depth + 1, name)?);
            self.separator(b')')?;
        }
    }

    fn items(&mut self, close: u8, depth: usize, parts: &mut Vec<u32>) -> Option<()> {
        loop {
            self.skip_trivia();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Some(());
            }
            parts.push(self.value(depth + 1, (0, 0))?);
            self.separator(close)?;
        }
    }

    /// `{ key: value, … }`: each value is kept under the text of its key.
    fn map(&mut self, depth: usize, parts: &mut Vec<u32>) -> Option<()> {
        loop {
            self.skip_trivia();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Some(());
            }
            // The key is scanned as a value of its own, and its text names the value.
            let key = self.value(depth + 1, (0, 0))?;
            let key = self.nodes[key as usize];
            self.skip_trivia();
            (self.peek() == Some(b':')).then_some(())?;
            self.pos += 1;
            parts.push(self.value(depth + 1, (key.start, key.end))?);
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
    fn skips_every_whitespace_the_parser_skips() {
        // Kept from the fuzz campaign: a vertical tab the parser accepts hid every later field.
        for space in ["\u{b}", "\u{c}", "\u{85}", "\u{200e}", "\u{200f}", "\u{2028}", "\u{2029}"] {
            let text = format!("(a: 1,{space}b: [2,{space}3])");
            let span = Locator::new(&text).span_of(&FieldPath::root().field("b").index(1)).unwrap();
            assert_eq!(span.start.column, 15, "after {space:?}");
        }
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
