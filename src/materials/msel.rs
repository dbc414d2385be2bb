//! `ttx msel`: the master scenario events list, one row per inject in delivery order, for the
//! controllers' table — as Markdown, self-contained HTML, or CSV for a spreadsheet.

use super::wording::{capabilities, clock_time, from_to, ordered, scenario_time, words};
use crate::evaluate::capability_of;
use crate::library::show::describe_trigger;
use crate::report::document::Document;
use crate::scenario::model::{Inject, Scenario};
use crate::terminal::inert;

/// An MSEL format, as `--format` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Html,
}

/// The columns, in order.
pub const HEAD: [&str; 12] = [
    "#",
    "Inject",
    "Scenario time",
    "Clock time",
    "From → to",
    "Channel",
    "Synopsis",
    "Message",
    "Expected player actions",
    "Objective / capability",
    "Delivered at",
    "Notes",
];

/// The MSEL of `s` in `format`.
pub fn msel(s: &Scenario, format: Format) -> String {
    let rows = rows(s);
    match format {
        Format::Csv => crate::spreadsheet::csv(&HEAD, &rows),
        Format::Md => inert(&document(s, rows).to_markdown()).into_owned(),
        Format::Html => inert(&document(s, rows).to_html()).into_owned(),
    }
}

fn document(s: &Scenario, rows: Vec<Vec<String>>) -> Document {
    let mut doc = Document { title: format!("MSEL — {}", s.title), ..Document::default() };
    let timed = rows.iter().filter(|r| !r[3].is_empty()).count();
    doc.paragraph(format!(
        "Scenario {}, version {}. The clock starts {}. {} injects: {timed} at a fixed time, {} when \
         something happens (their trigger stands in for the time). Fill in the time each was delivered \
         and your notes as the drill runs.",
        s.id,
        s.version,
        clock_time(s, 0),
        rows.len(),
        rows.len() - timed
    ));
    doc.table(&HEAD, rows);
    doc
}

/// One row per inject, in delivery order; the last two cells are left for the controller. Every
/// cell is inert ([`crate::terminal`]): the MSEL may be printed on a terminal.
pub fn rows(s: &Scenario) -> Vec<Vec<String>> {
    ordered(s)
        .into_iter()
        .enumerate()
        .map(|(i, (at, inject))| {
            let (time, clock) = match at {
                Some(secs) => (scenario_time(secs), clock_time(s, secs)),
                None => (format!("when {}", describe_trigger(&inject.trigger)), String::new()),
            };
            vec![
                (i + 1).to_string(),
                inject.id.clone(),
                time,
                clock,
                from_to(inject),
                words(&inject.channel),
                inject.title.clone(),
                inject.text.clone(),
                expected(inject).join("; "),
                objective(s, inject),
                String::new(),
                String::new(),
            ]
            .into_iter()
            .map(|cell| inert(&cell).into_owned())
            .collect()
        })
        .collect()
}

/// What the players are expected to do: the inject's words, then its judged actions.
pub fn expected(inject: &Inject) -> Vec<String> {
    let judged = inject.expects.iter().map(|e| format!("judged: {}", e.words()));
    inject.expected_actions.iter().cloned().chain(judged).collect()
}

/// The objective the inject serves and its capabilities; without one, the capabilities its
/// judged actions count towards.
pub fn objective(s: &Scenario, inject: &Inject) -> String {
    let named = inject.objective.as_ref().and_then(|id| s.exercise.objectives.iter().find(|o| &o.id == id));
    if let Some(o) = named {
        return format!("{} ({})", o.text, capabilities(&o.capabilities));
    }
    let mut cores: Vec<_> = inject.expects.iter().filter_map(|e| capability_of(e.action)).collect();
    cores.sort();
    cores.dedup();
    capabilities(&cores)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hospital() -> Scenario {
        crate::library::Library::new(None).find_scenario("hospital-ransomware").unwrap()
    }

    #[test]
    fn timed_injects_come_first_in_time_order_then_the_conditional_ones() {
        let rows = rows(&hospital());
        assert_eq!(rows[0][1..4], ["h01", "T+0m", "Sat 2026-03-14 01:30"]);
        assert_eq!(rows[1][1..3], ["h02", "T+2h"]);
        assert_eq!(rows[2][1..4], ["h03", "when detection edr-powershell fires", ""]);
    }

    #[test]
    fn capabilities_come_from_the_judged_actions_without_an_objective() {
        let mut s = hospital();
        let inject = s.injects.iter_mut().find(|x| !x.expects.is_empty()).unwrap();
        inject.objective = None;
        let kind = inject.expects[0].action;
        let inject = inject.clone();
        let name = crate::evaluate::capability_name(capability_of(kind).unwrap());
        assert!(objective(&s, &inject).contains(name), "{}", objective(&s, &inject));
    }
}
