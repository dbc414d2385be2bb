//! A report as a small document — headings, paragraphs, lists, tables, charts — written out
//! as Markdown or as self-contained HTML. All text is escaped for the format it goes into.

/// One block of a report.
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    List(Vec<String>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Printed, what follows starts a new page; nothing on screen or in Markdown.
    PageBreak,
    /// A chart by file stem; Markdown links the SVG file, HTML inlines the SVG.
    Chart {
        name: String,
        caption: String,
        svg: String,
    },
}

#[derive(Default)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading(level, text.into()));
    }

    /// Printed, the next block starts a new page.
    pub fn page_break(&mut self) {
        self.blocks.push(Block::PageBreak);
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    /// A table, or when it has no row the sentence that says what was not observed and why: an
    /// empty section is never an empty table.
    pub fn table_or(&mut self, head: &[&str], rows: Vec<Vec<String>>, none: impl Into<String>) {
        if rows.is_empty() {
            self.paragraph(none);
        } else {
            self.table(head, rows);
        }
    }

    pub fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>) {
        let head = head.iter().map(|h| h.to_string()).collect();
        self.blocks.push(Block::Table { head, rows });
    }

    /// Markdown. Text is written as plain text: characters Markdown would act on are escaped.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", md(&self.title));
        for block in self.blocks.iter().filter(|b| !matches!(b, Block::PageBreak)) {
            out.push('\n');
            match block {
                Block::Heading(level, text) => {
                    out.push_str(&format!("{} {}\n", "#".repeat(usize::from(*level)), md(text)));
                }
                Block::Paragraph(text) => out.push_str(&format!("{}\n", md(text))),
                Block::List(items) => items.iter().for_each(|i| out.push_str(&format!("- {}\n", md(i)))),
                Block::Table { head, rows } => {
                    let line = |cells: &[String]| {
                        format!("| {} |\n", cells.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | "))
                    };
                    out.push_str(&line(head));
                    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                    rows.iter().for_each(|r| out.push_str(&line(r)));
                }
                Block::Chart { name, caption, .. } => out.push_str(&format!("![{}]({name}.svg)\n", md(caption))),
                Block::PageBreak => {} // print only
            }
        }
        out
    }

    /// One self-contained HTML page: inline style and inline SVG, nothing fetched from anywhere.
    pub fn to_html(&self) -> String {
        let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        out.push_str(&format!("<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n", html(&self.title)));
        out.push_str(&format!("<h1>{}</h1>\n", html(&self.title)));
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => out.push_str(&format!("<h{level}>{}</h{level}>\n", html(text))),
                Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", html(text))),
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    items.iter().for_each(|i| out.push_str(&format!("<li>{}</li>\n", html(i))));
                    out.push_str("</ul>\n");
                }
                Block::Table { head, rows } => {
                    out.push_str("<table>\n<thead><tr>");
                    head.iter().for_each(|h| out.push_str(&format!("<th>{}</th>", html(h))));
                    out.push_str("</tr></thead>\n<tbody>\n");
                    for row in rows {
                        out.push_str("<tr>");
                        row.iter().for_each(|c| out.push_str(&format!("<td>{}</td>", html(c))));
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
                Block::Chart { caption, svg, .. } => {
                    out.push_str(&format!("<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n", html(caption)));
                }
                Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// Screen and print, no web fonts. Printed, each part of a document starts a new page (where the
/// writer puts a page break), a table that runs over a page repeats its header row, and no row,
/// figure or heading is split from what follows.
const STYLE: &str = "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1rem;font-size:0.9rem}\
th,td{border:1px solid #bbb;padding:0.25rem 0.4rem;text-align:left;vertical-align:top}\
th{background:#eee}h2{border-bottom:2px solid #444;margin-top:2rem}\
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:0.85rem;color:#555}\
@page{size:A4;margin:15mm}\
@media print{body{max-width:none;margin:0;font-size:10.5pt}table{font-size:8.5pt}.page-break{break-after:page}\
h2,h3{break-after:avoid}thead{display:table-header-group}tr,figure,li{break-inside:avoid}}";

/// Escapes text for HTML element content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text so Markdown shows it as written: no markup, links, HTML, entities, table
/// breaks, or a list, rule or heading made by how the text begins. Nothing in it becomes a link
/// either, not even for a renderer that links bare addresses (GFM's autolinks, linkify): a
/// colon after a scheme is escaped (`https\://`), as are a dot inside a domain name
/// (`www\.evil\.example`) and the first slash of a protocol-relative `//`; an e-mail address
/// goes in a code span (`` `user@example.com` ``), since GFM links it whatever is escaped.
pub fn md(text: &str) -> String {
    let chars: Vec<char> = text.trim_start().chars().collect();
    let marker = line_start_marker(&chars);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = email_at(&chars, i) {
            out.push('`');
            out.extend(&chars[i..end]);
            out.push('`');
            i = end;
            continue;
        }
        let c = chars[i];
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ if marker == Some(i) || would_link(&chars, i) => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Where the character that would make a list item, a rule or a heading underline of the text
/// stands: `- `, `+ `, `1. ` or `1) ` start a list, a line of only `-` or `=` a rule or an
/// underline.
fn line_start_marker(chars: &[char]) -> Option<usize> {
    let starts_item = |at: usize| chars.get(at + 1).is_none_or(|c| c.is_whitespace());
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    match chars.first() {
        Some('-' | '+') if starts_item(0) => Some(0),
        Some(&c @ ('-' | '=')) if chars.iter().all(|&x| x == c) => Some(0),
        _ if digits > 0 && matches!(chars.get(digits), Some('.' | ')')) && starts_item(digits) => Some(digits),
        _ => None,
    }
}

/// Whether the character at `i` is one a linkifier reads as part of an address: the colon of
/// `scheme:` before a non-space, a dot between a letter or digit and two letters (a domain
/// name), or the first slash of `//` not right after a colon.
fn would_link(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|b| chars[b]);
    let after = |n: usize| chars.get(i + n).copied();
    match chars[i] {
        ':' => after(1).is_some_and(|c| !c.is_whitespace()) && ends_scheme(&chars[..i]),
        '.' => {
            before.is_some_and(char::is_alphanumeric)
                && after(1).is_some_and(char::is_alphabetic)
                && after(2).is_some_and(char::is_alphabetic)
        }
        '/' => after(1) == Some('/') && before != Some(':'),
        _ => false,
    }
}

/// Whether `text` ends with a word that could be a URI scheme: a letter, then letters, digits,
/// `+`, `-` or `.`.
fn ends_scheme(text: &[char]) -> bool {
    let is_scheme_char = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.');
    let length = text.iter().rev().take_while(|c| is_scheme_char(c)).count();
    text.get(text.len() - length).is_some_and(char::is_ascii_alphabetic)
}

/// The characters an e-mail address is made of on either side of its `@`, as GFM reads it.
fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')
}

/// If an e-mail address (`name@domain`) starts at `i`, where it ends; the domain's trailing
/// punctuation (a full stop after the address) is left out.
fn email_at(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && is_address_char(chars[i - 1]) {
        return None;
    }
    let local = chars[i..].iter().take_while(|&&c| is_address_char(c)).count();
    let at = i + local;
    if local == 0 || chars.get(at) != Some(&'@') {
        return None;
    }
    let domain = chars[at + 1..].iter().take_while(|&&c| is_address_char(c)).count();
    let domain = chars[at + 1..at + 1 + domain].iter().rposition(char::is_ascii_alphanumeric)? + 1;
    Some(at + 1 + domain)
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn addresses_are_escaped_where_a_linkifier_would_read_them() {
        assert_eq!(md("https://evil.example/x"), "https\\://evil\\.example/x");
        assert_eq!(md("at www.evil.example."), "at www\\.evil\\.example.");
        assert_eq!(md("mail user@example.com."), "mail `user@example.com`.");
        assert_eq!(md("o'brien@example.com"), "o'`brien@example.com`");
        assert_eq!(md("a //cdn.example/x"), "a \\//cdn\\.example/x");
    }

    #[test]
    fn ordinary_prose_is_left_alone() {
        let prose = "Note: at 16:30, e.g. St. Mary 1.0.0 T1566.001 — user @ desk, a/b";
        assert_eq!(md(prose), prose);
    }
}
