//! A small SVG writer for the report's charts: rectangles, lines, step lines and text, and a
//! hatch fill for work that never finished. Coordinates are written with one decimal, so the
//! same data gives the same bytes; text is escaped and set in DejaVu Sans, the font the PNGs use.

use std::fmt::Write;

/// Text set in the charts, and what the PNG rasteriser resolves it to.
pub(super) const FONT_FAMILY: &str = "DejaVu Sans";

/// How text lines up on its anchor point.
#[derive(Clone, Copy)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

/// An SVG document being written; `id` keeps its pattern ids apart from other charts inlined on
/// the same page.
pub(super) struct Svg {
    out: String,
    id: &'static str,
}

impl Svg {
    /// A white canvas with hatch patterns in each colour of `hatches`.
    pub(super) fn new(id: &'static str, width: u32, height: u32, hatches: &[&str]) -> Svg {
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" font-family=\"{FONT_FAMILY}, sans-serif\">\n<defs>"
        );
        for colour in hatches {
            let _ = write!(
                out,
                "<pattern id=\"{id}-hatch-{c}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
                 patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{colour}\" fill-opacity=\"0.18\"/>\
                 <rect width=\"2\" height=\"6\" fill=\"{colour}\"/></pattern>",
                c = &colour[1..]
            );
        }
        out.push_str("</defs>\n");
        let _ = writeln!(out, "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        Svg { out, id }
    }

    /// The fill that hatches in `colour` (one of the colours given to `new`).
    pub(super) fn hatch(&self, colour: &str) -> String {
        format!("url(#{}-hatch-{})", self.id, &colour[1..])
    }

    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = writeln!(
            self.out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>",
            w.max(0.0),
            h.max(0.0)
        );
    }

    pub(super) fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64, dashed: bool) {
        let dash = if dashed { " stroke-dasharray=\"4 3\"" } else { "" };
        let _ = writeln!(
            self.out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>",
            from.0, from.1, to.0, to.1
        );
    }

    /// A line through `points`, in order.
    pub(super) fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        let mut path = String::with_capacity(points.len() * 12);
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(path, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        let _ = writeln!(
            self.out,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"/>"
        );
    }

    /// A filled polygon through `points`.
    pub(super) fn polygon(&mut self, points: &[(f64, f64)], fill: &str) {
        let list: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = writeln!(self.out, "<polygon points=\"{}\" fill=\"{fill}\"/>", list.join(" "));
    }

    pub(super) fn circle(&mut self, centre: (f64, f64), r: f64, fill: &str) {
        let _ = writeln!(self.out, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r}\" fill=\"{fill}\"/>", centre.0, centre.1);
    }

    /// Text at (x, y) on its baseline; `bold` for titles.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(&mut self, x: f64, y: f64, text: &str, size: u32, anchor: Anchor, colour: &str, bold: bool) {
        self.text_element(x, y, text, size, anchor, colour, bold, "");
    }

    /// Text reading upwards from (x, y) (`Anchor::Start`) or ending there (`Anchor::End`).
    pub(super) fn text_up(&mut self, x: f64, y: f64, text: &str, size: u32, anchor: Anchor, colour: &str) {
        let turn = format!(" transform=\"rotate(-90 {x:.1} {y:.1})\"");
        self.text_element(x, y, text, size, anchor, colour, false, &turn);
    }

    #[allow(clippy::too_many_arguments)]
    fn text_element(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        size: u32,
        anchor: Anchor,
        colour: &str,
        bold: bool,
        extra: &str,
    ) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{colour}\"{weight}{extra}>{}</text>",
            crate::report::html(text)
        );
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// `text` cut to `chars` characters, with an ellipsis when cut.
pub(super) fn fit(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
