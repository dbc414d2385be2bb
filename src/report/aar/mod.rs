//! The after-action report and improvement plan as one document, in HSEEP's shape: the exercise
//! overview, the outcome against doing nothing, the objectives and each capability's analysis,
//! the hot wash, the improvement plan; then the measurements behind them (key events, charts,
//! metrics, impact, plan adherence, clocks, ratings) and the appendices (the MSEL as delivered,
//! the decision log, the discussion and the facilitator's notes).

mod analysis;
mod appendices;
mod improvement_plan;
mod measures;
mod outcome;
mod overview;

pub use improvement_plan::csv as improvement_plan_csv;

use super::charts::Chart;
use super::document::Document;
use crate::calendar::DateTime;
use crate::compile::Compiled;
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::evaluate::model::{Letter, Status};
use crate::timeline::Timeline;

/// Sim time as `+1h30m (Fri 2026-03-13 03:40)`.
struct Clock(Option<DateTime>);

impl Clock {
    fn at(&self, seconds: u64) -> String {
        match self.0 {
            Some(start) => format!("+{} ({})", format_seconds(seconds), start.plus_seconds(seconds)),
            None => format!("+{}", format_seconds(seconds)),
        }
    }

    fn maybe(&self, seconds: Option<u64>) -> String {
        seconds.map_or("—".into(), |s| self.at(s))
    }
}

fn span(seconds: Option<u64>) -> String {
    seconds.map_or("—".into(), format_seconds)
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::Late => "late",
        Status::Missed => "missed",
        Status::Pending => "not yet due",
        Status::NotTriggered => "not triggered",
        Status::NoTarget => "no target",
        Status::NotReached => "not reached",
    }
}

fn letter(letter: Letter) -> &'static str {
    match letter {
        Letter::P => "P — performed without challenges",
        Letter::S => "S — performed with some challenges",
        Letter::M => "M — performed with major challenges",
        Letter::U => "U — unable to be performed",
        Letter::NotApplicable => "N/A — not observed",
    }
}

fn action(action: &crate::action::Action) -> String {
    crate::action::words(action)
}

/// An amount in whole units with thousands separators. Validation bounds every amount, so the
/// total is finite; it is printed from the float itself, exactly, however large.
fn money(amount: f64, currency: &str) -> String {
    let whole = if amount.is_finite() { amount.round() } else { 0.0 };
    format!("{}{} {currency}", if whole < 0.0 { "-" } else { "" }, grouped(&format!("{:.0}", whole.abs())))
}

/// A count with thousands separators.
fn count(n: u64) -> String {
    grouped(&n.to_string())
}

/// A count and its noun, `1 host`, `1,047 hosts`.
fn counted(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{} {noun}s", count(n)) }
}

/// Digits with a comma every three from the right.
fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Builds the report.
pub fn document(compiled: &Compiled, evaluation: &Evaluation, timeline: &Timeline, charts: &[Chart]) -> Document {
    let (scenario, plan) = (&compiled.scenario, &compiled.plan);
    let clock = Clock(DateTime::parse(&evaluation.run.start).ok());
    let title = format!("After-action report and improvement plan: {}", scenario.title);
    let mut doc = Document { title, blocks: Vec::new() };
    overview::overview(&mut doc, compiled, evaluation, &clock);
    outcome::outcome(&mut doc, evaluation);
    analysis::objectives(&mut doc, scenario, evaluation);
    doc.page_break();
    analysis::capabilities(&mut doc, evaluation);
    appendices::hotwash(&mut doc, scenario, evaluation);
    doc.page_break();
    improvement_plan::matrix(&mut doc, plan, evaluation);
    doc.page_break();
    measures::key_events(&mut doc, evaluation, timeline, &clock);
    chart(&mut doc, charts, "incident-curve");
    chart(&mut doc, charts, "response-timeline");
    measures::metrics(&mut doc, evaluation);
    chart(&mut doc, charts, "metrics");
    measures::impact(&mut doc, evaluation);
    measures::adherence(&mut doc, evaluation, &clock);
    measures::clocks(&mut doc, evaluation, &clock);
    chart(&mut doc, charts, "clocks");
    measures::ratings(&mut doc, evaluation);
    doc.page_break();
    appendices::msel(&mut doc, scenario, timeline, &clock);
    appendices::decision_log(&mut doc, timeline, &clock);
    appendices::discussion(&mut doc, scenario, evaluation, timeline, &clock);
    doc
}

fn chart(doc: &mut Document, charts: &[Chart], name: &str) {
    if let Some(c) = charts.iter().find(|c| c.name == name) {
        doc.blocks.push(super::document::Block::Chart {
            name: c.name.into(),
            caption: c.caption.clone(),
            svg: c.svg.clone(),
        });
    } else {
        doc.paragraph(super::charts::instead(name));
    }
}

/// Sim time, and the room's clock when the input was typed, if known:
/// `+4d (Mon 2026-03-16 00:00; room 2026-12-05 11:42 UTC)`.
fn both_times(clock: &Clock, at: u64, wall: &Option<String>) -> String {
    let sim = clock.at(at);
    match wall {
        Some(wall) => match sim.strip_suffix(')') {
            Some(open) => format!("{open}; room {})", room_time(wall)),
            None => format!("{sim} (room {})", room_time(wall)),
        },
        None => sim,
    }
}

/// `2026-12-05T11:42:07Z` as `2026-12-05 11:42 UTC`.
fn room_time(wall: &str) -> String {
    match (wall.get(..10), wall.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => wall.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_is_grouped_and_exact_however_large() {
        assert_eq!(money(1_234.4, "EUR"), "1,234 EUR");
        assert_eq!(money(-1_234_567.0, "USD"), "-1,234,567 USD");
        assert_eq!(money(-0.4, "USD"), "0 USD");
        assert_eq!(money(1e21, "EUR"), "1,000,000,000,000,000,000,000 EUR");
        assert_eq!(money(f64::INFINITY, "EUR"), "0 EUR");
    }
}
