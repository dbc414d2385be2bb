//! The exercise overview, as HSEEP opens an after-action report: what was exercised, when (on
//! the scenario's clock and in the room), its scope and mission area, the plan, who took part by
//! role with the plan's roster, who facilitated it, and a short narrative of what happened.

use super::super::document::Document;
use super::{Clock, count, counted, money, room_time};
use crate::compile::Compiled;
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::scenario::model::Scenario;
use crate::timeline::EndReason;

pub(super) fn overview(doc: &mut Document, compiled: &Compiled, evaluation: &Evaluation, clock: &Clock) {
    let (scenario, plan, run) = (&compiled.scenario, &compiled.plan, &evaluation.run);
    doc.heading(2, "Exercise overview");
    let held = match &run.held {
        Some(held) => format!(
            "{} to {} ({} of real time, from the start to the last input in its journal)",
            room_time(&held.started),
            room_time(&held.last_input),
            format_seconds(held.seconds)
        ),
        None => "not in a room: the drill was played from a decisions file, so it has no real date".into(),
    };
    let design = &scenario.exercise;
    let rows = vec![
        vec!["Exercise".into(), format!("{} ({})", scenario.title, scenario.id)],
        vec!["Type".into(), format!("Discussion-based tabletop, {:?} difficulty", scenario.difficulty)],
        vec!["Scenario dates".into(), format!("{} to {}", clock.at(0), clock.at(run.ended_at))],
        vec!["Held".into(), held],
        vec![
            "Adversary".into(),
            format!("{}; ATT&CK techniques {}", scenario.adversary.name, scenario.techniques.join(", ")),
        ],
        vec![
            "Scope".into(),
            if design.scope.is_empty() { "not stated in the scenario".into() } else { design.scope.clone() },
        ],
        vec!["Mission area".into(), format!("{:?}", design.mission_area)],
        vec!["Response plan".into(), format!("{} ({})", plan.title, plan.id)],
        vec![
            "Facilitator".into(),
            run.facilitator.clone().unwrap_or_else(|| "not named (ttx run --facilitator NAME names them)".into()),
        ],
        vec!["Seed".into(), run.seed.to_string()],
    ];
    doc.table(&["item", "details"], rows);
    doc.heading(3, "Participants");
    let participants = plan
        .roles
        .iter()
        .map(|r| {
            let roster = if r.roster.is_empty() { "no one named".into() } else { r.roster.join(", ") };
            let covers =
                if r.covers.is_empty() { String::new() } else { format!("also covers {}", r.covers.join(", ")) };
            vec![r.role.clone(), roster, covers]
        })
        .collect();
    doc.table_or(&["role", "roster", "covers"], participants, "The plan staffs no role.");
    doc.heading(3, "What happened");
    doc.paragraph(narrative(scenario, evaluation, clock));
}

/// A few sentences a CISO reads first: the scenario, how the drill ended, what the adversary
/// achieved, what the team did and what it cost.
fn narrative(scenario: &Scenario, evaluation: &Evaluation, clock: &Clock) -> String {
    let (run, impact) = (&evaluation.run, &evaluation.impact);
    let ended = run.end_reason.unwrap_or(EndReason::TimeUp).text();
    let mut text = format!("{} The drill ended at {}: {ended}.", scenario.summary.trim(), clock.at(run.ended_at));
    match (run.first_detection, run.first_compromise) {
        (Some(detected), _) => {
            text.push_str(&format!(" The team first acted on a sign of the attack at {}.", clock.at(detected)))
        }
        (None, Some(_)) => text.push_str(" The team never acted on a sign of the attack."),
        (None, None) => {}
    }
    if let Some(after) = &run.ran_on {
        let held = match after.held_at_drill_end {
            0 => "held no host".to_string(),
            n => format!("still held {} ({} encrypted)", counted(n, "host"), count(after.encrypted_at_drill_end)),
        };
        text.push_str(&format!(
            " Ending the drill did not end the incident. When it ended the adversary {held}; the incident ran on \
             unanswered until {} ({}). What the early end cost: {} more exfiltrated and {} more in cost. The \
             figures in this report are for the whole incident.",
            clock.at(after.ended_at),
            after.reason.text(),
            counted(impact.records_total.saturating_sub(after.records_at_drill_end), "record"),
            money((impact.cost - after.cost_at_drill_end).max(0.0), &run.currency),
        ));
    }
    text.push_str(&format!(
        " In all: {} compromised at the peak, {} encrypted, {} exfiltrated, an estimated cost of {}; the response \
         averted {:.1} % of the harm of doing nothing. Readiness score {}.",
        counted(impact.peak_compromised, "host"),
        count(impact.peak_encrypted),
        counted(impact.records_total, "record"),
        money(impact.cost, &run.currency),
        evaluation.outcome.averted * 100.0,
        evaluation.score.text()
    ));
    text
}
