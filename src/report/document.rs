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

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    pub fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    pub fn table(&mut self, head: &[&str], rows: Vec<Vec<String>>) {
        let head = head.iter().map(|h| h.to_string()).collect();
        self.blocks.push(Block::Table { head, rows });
    }

    /// Markdown. Text is written as plain text: characters Markdown would act on are escaped.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", md(&self.title));
        for block in &self.blocks {
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
            }
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// Print-friendly, no web fonts.
const STYLE: &str = "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1rem;font-size:0.9rem}\
th,td{border:1px solid #bbb;padding:0.25rem 0.4rem;text-align:left;vertical-align:top}\
th{background:#eee}h2{border-bottom:2px solid #444;margin-top:2rem}\
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{font-size:0.85rem;color:#555}\
@media print{body{max-width:none;margin:0}h2{break-after:avoid}table,figure{break-inside:avoid}}";

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
/// breaks, or a list, rule or heading made by how the text begins.
pub fn md(text: &str) -> String {
    let text = text.trim_start();
    let mut out = String::with_capacity(text.len());
    // `- `, `+ `, `1. ` or `1) ` would start a list, and a line of only `-` or `=` a rule or
    // a heading underline.
    let starts_item = |at: usize| text[at..].chars().nth(1).is_none_or(char::is_whitespace);
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let marker = match text.chars().next() {
        Some('-' | '+') if starts_item(0) => Some(0),
        Some(c @ ('-' | '=')) if text.chars().all(|x| x == c) => Some(0),
        _ if digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')) && starts_item(digits) => {
            Some(digits)
        }
        _ => None,
    };
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ if marker == Some(i) => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
