//! What the room said and the record of the drill: the hot wash and participant feedback by
//! capability, and the appendices — the MSEL as delivered, the decision log with outcomes, the
//! discussion questions with the room's answers, and the facilitator's notes.

use super::super::document::Document;
use super::{Clock, action, both_times, room_time};
use crate::evaluate::Evaluation;
use crate::evaluate::capabilities;
use crate::evaluate::model::RemarkKind;
use crate::scenario::model::{Scenario, Trigger};
use crate::timeline::{EventKind, Timeline};

/// The hot wash and the room's answers, by capability: an answer goes with the capabilities of
/// its inject's objective.
pub(super) fn hotwash(doc: &mut Document, scenario: &Scenario, evaluation: &Evaluation) {
    doc.heading(2, "Hot wash and participant feedback");
    let answered: Vec<(Vec<&str>, String)> = evaluation
        .answers
        .iter()
        .map(|a| {
            let inject = scenario.injects.iter().find(|x| x.id == a.inject);
            let objective = inject
                .and_then(|x| x.objective.as_ref())
                .and_then(|id| scenario.exercise.objectives.iter().find(|o| &o.id == id));
            let capabilities = objective.map_or(Vec::new(), |o| o.capabilities.iter().map(|c| c.id()).collect());
            let question =
                inject.and_then(|x| x.questions.get(a.question.saturating_sub(1))).cloned().unwrap_or_default();
            (capabilities, format!("Answer to {}.{} ({question}): {}", a.inject, a.question, a.text))
        })
        .collect();
    if evaluation.hotwash.is_empty() && answered.is_empty() {
        doc.paragraph(
            "No hot wash and no answers were recorded: the drill was not run at the console with a hot wash, or the \
             room gave none.",
        );
        return;
    }
    let groups = capabilities().map(|(id, name)| (Some(id), name)).chain([(None, "The exercise as a whole")]);
    for (id, name) in groups {
        let mut here: Vec<String> = evaluation
            .hotwash
            .iter()
            .filter(|r| r.capability.as_deref() == id)
            .map(|r| {
                let kind = match r.kind {
                    RemarkKind::Strength => "Strength",
                    RemarkKind::Improvement => "Area for improvement",
                    RemarkKind::Feedback => "Feedback",
                };
                let when = r.wall.as_deref().map_or(String::new(), |w| format!(" ({})", room_time(w)));
                format!("{kind}: {} — {}{when}", r.text, r.from)
            })
            .collect();
        here.extend(
            answered
                .iter()
                .filter(|(caps, _)| id.map_or(caps.is_empty(), |id| caps.contains(&id)))
                .map(|(_, t)| t.clone()),
        );
        if !here.is_empty() {
            doc.heading(3, name);
            doc.list(here);
        }
    }
}

/// The MSEL as delivered: each inject, when it was planned (a time, or the condition it waits
/// for), when it came, and whether the facilitator sent it by hand.
pub(super) fn msel(doc: &mut Document, scenario: &Scenario, timeline: &Timeline, clock: &Clock) {
    doc.heading(2, "Appendix: the MSEL as delivered");
    let rows = scenario
        .injects
        .iter()
        .map(|inject| {
            let planned = match &inject.trigger {
                Trigger::At(t) => t.seconds().map_or("—".into(), |s| clock.at(s)),
                _ => "when its condition holds".into(),
            };
            let delivered = timeline.events.iter().find_map(|e| match &e.kind {
                EventKind::InjectDelivered { inject: id, by_hand, .. } if id == &inject.id => Some((e.time, *by_hand)),
                _ => None,
            });
            let (actual, how) = match delivered {
                Some((at, true)) => (clock.at(at), "sent by hand".to_string()),
                Some((at, false)) => (clock.at(at), "by its trigger".into()),
                None => ("—".into(), "not delivered".into()),
            };
            vec![inject.id.clone(), inject.title.clone(), planned, actual, how]
        })
        .collect();
    doc.table_or(&["inject", "synopsis", "planned", "delivered", "how"], rows, "The scenario has no injects.");
}

pub(super) fn decision_log(doc: &mut Document, timeline: &Timeline, clock: &Clock) {
    doc.heading(2, "Appendix: decision log");
    let mut rows = Vec::new();
    for event in &timeline.events {
        match &event.kind {
            EventKind::DecisionTaken { decision, role, action: a, rationale, .. } => {
                let outcome = timeline.events.iter().find_map(|e| match &e.kind {
                    EventKind::ActionTookEffect { decision: d, .. } if d == decision => {
                        Some(format!("took effect {}", clock.at(e.time)))
                    }
                    EventKind::ActionFailed { decision: d, reason, .. } if d == decision => {
                        Some(format!("failed: {reason}"))
                    }
                    _ => None,
                });
                rows.push(vec![
                    clock.at(event.time),
                    role.clone(),
                    action(a),
                    rationale.clone(),
                    outcome.unwrap_or("still in progress at the end".into()),
                ]);
            }
            EventKind::DecisionRejected { role, action: a, reason } => {
                rows.push(vec![
                    clock.at(event.time),
                    role.clone(),
                    action(a),
                    String::new(),
                    format!("rejected: {reason}"),
                ]);
            }
            _ => {}
        }
    }
    if rows.is_empty() {
        doc.paragraph("The team took no decisions.");
    } else {
        doc.table(&["when", "role", "action", "rationale", "outcome"], rows);
    }
}

pub(super) fn discussion(
    doc: &mut Document,
    scenario: &Scenario,
    evaluation: &Evaluation,
    timeline: &Timeline,
    clock: &Clock,
) {
    doc.heading(2, "Appendix: discussion and facilitator notes");
    let mut any = false;
    for event in &timeline.events {
        let EventKind::InjectDelivered { inject, title, .. } = &event.kind else { continue };
        let Some(spec) = scenario.injects.iter().find(|x| &x.id == inject) else { continue };
        if spec.questions.is_empty() {
            continue;
        }
        any = true;
        doc.heading(3, format!("{} — {} ({})", inject, title, clock.at(event.time)));
        let items = spec
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let answers: Vec<&str> = evaluation
                    .answers
                    .iter()
                    .filter(|a| &a.inject == inject && a.question == i + 1)
                    .map(|a| a.text.as_str())
                    .collect();
                let answer = if answers.is_empty() { "no answer recorded".to_string() } else { answers.join(" / ") };
                format!("Q{}: {q} — Answer: {answer}", i + 1)
            })
            .collect();
        doc.list(items);
    }
    if !any {
        doc.paragraph("No discussion questions were delivered.");
    }
    doc.heading(3, "Facilitator notes");
    if evaluation.notes.is_empty() {
        doc.paragraph("No notes were recorded.");
    }
    doc.list(evaluation.notes.iter().map(|n| format!("{}: {}", both_times(clock, n.at, &n.wall), n.text)).collect());
}
