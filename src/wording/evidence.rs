//! The evaluation's typed evidence in words: each rating's items, each improvement's observation
//! and corrective action, and an inject expectation's verdict. The report and the console both
//! read them from here, so they never word the same thing two ways.

use crate::action::words;
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::evaluate::model::{Cause, Evidence, ExpectationResult, Improvement, Status, StepResult, Subject, Verdict};

/// One item of evidence: `Step data-breach/block (Block the exfiltration channel), owner
/// soc_analyst, due +3h30m: missed`.
pub fn evidence(item: &Evidence, evaluation: &Evaluation) -> String {
    let verdict = match item.verdict {
        Verdict::OnTime => "on time".to_string(),
        Verdict::Late { by: Some(by) } => format!("late by {}", format_seconds(by)),
        Verdict::Late { by: None } => "late".into(),
        Verdict::Missed => "missed".into(),
    };
    match &item.subject {
        Subject::Metric { metric } => {
            let Some(m) = evaluation.metrics.iter().find(|m| &m.id == metric) else { return metric.clone() };
            let value = m.value.map_or("not reached".into(), format_seconds);
            let target = m.target.map_or(String::new(), |t| format!(" (target {})", format_seconds(t)));
            format!("{}: {value}{target}", m.name)
        }
        Subject::Severity => {
            let check = &evaluation.severity;
            let declared = check.declared.map_or("none".into(), |s| format!("{s:?}"));
            let warranted = check.warranted.map_or("none".into(), |s| format!("{s:?}"));
            let because = check.because.as_deref().map_or(String::new(), |b| format!(" ({b})"));
            format!("Severity declared: {declared}; the plan's matrix warranted {warranted}{because}")
        }
        Subject::Step { playbook, step } => match find_step(evaluation, playbook, step) {
            Some(s) => {
                let due = s.due.map_or(String::new(), |d| format!(", due +{}", format_seconds(d)));
                let done = match (s.done_at, &s.done_by, item.verdict) {
                    (Some(at), Some(by), Verdict::Late { .. }) => format!(" (done +{} by {by})", format_seconds(at)),
                    _ => String::new(),
                };
                format!("Step {playbook}/{step} ({}), owner {}{due}: {verdict}{done}", s.title, s.owner)
            }
            None => format!("Step {playbook}/{step}: {verdict}"),
        },
        Subject::Expectation { inject, index } => match evaluation.expectations.get(*index) {
            Some(e) => format!("Inject {inject} expected {}: {verdict}", e.expected),
            None => format!("Inject {inject}: {verdict}"),
        },
        Subject::Escalation { rule, role } => format!("Escalation {rule} to {role}: {verdict}"),
        Subject::Clock { clock } => {
            let Some(c) = evaluation.clocks.iter().find(|c| &c.id == clock) else { return clock.clone() };
            let said = match (c.status, c.assessed_at) {
                (Status::Pending, Some(at)) => {
                    format!("not due yet; the notification assessment started at +{}", format_seconds(at))
                }
                (Status::Pending, None) => "not due yet, but no one started the notification assessment".into(),
                _ => verdict,
            };
            format!("{} ({}): {said}", c.regulation, super::party(c.notify))
        }
        Subject::Prevention { stage, by, at } => {
            format!(
                "Stopped before it could do harm: stage {stage} stopped by {} at +{}",
                words(by),
                format_seconds(*at)
            )
        }
    }
}

/// What fell short, for the improvement plan: its evidence, one item after another.
pub fn observation(improvement: &Improvement, evaluation: &Evaluation) -> String {
    let items: Vec<String> = improvement.evidence.iter().map(|e| evidence(e, evaluation)).collect();
    items.join("; ")
}

/// The corrective action for an improvement, from what fell short and why.
pub fn corrective_action(improvement: &Improvement, evaluation: &Evaluation) -> String {
    let Some(first) = improvement.evidence.first() else { return String::new() };
    let cause = improvement.cause;
    match (&first.subject, cause) {
        (_, Cause::NoAlert) => "Add or tune a detection for the first techniques of this attack, and route its alert \
             to someone on duty: no alert came first — it was a report or a message that showed it, not the tools."
            .into(),
        (Subject::Metric { metric }, Cause::NotDone) if metric == "detect" => {
            "Alerts reached the team but no one acted: give the on-duty analyst a triage runbook and an \
             escalation path for alerts of this kind."
                .into()
        }
        (Subject::Metric { metric }, Cause::Slow) if metric == "detect" => {
            "Shorten triage: the alert was seen but handled late; rehearse the first hour with the SOC.".into()
        }
        (Subject::Metric { metric }, Cause::NotDone) => {
            let name = metric_name(evaluation, metric);
            format!("{name} was never reached within its target: give the owner pre-approved actions for this phase.")
        }
        (Subject::Metric { metric }, _) => {
            let name = metric_name(evaluation, metric).to_lowercase();
            format!("Rehearse the phase measured by {name} with the roles involved until it fits the plan's target.")
        }
        (Subject::Severity, _) => "Walk the team through the severity matrix with this incident's facts; put the \
             criteria on the incident bridge so the declared severity follows what is known."
            .into(),
        (Subject::Step { playbook, .. }, cause) => {
            let steps = step_titles(improvement, evaluation);
            let one = improvement.evidence.iter().filter(|e| matches!(e.subject, Subject::Step { .. })).count() == 1;
            let (them, their, they) = if one { ("it", "its", "it") } else { ("them", "their", "they") };
            match cause {
                Cause::Staffing => format!(
                    "The {playbook} playbook gives {steps} to a role this plan does not staff: name who does it, \
                     with a deputy, and brief the role covering it."
                ),
                Cause::WrongTarget => {
                    let kind = match &first.subject {
                        Subject::Step { playbook, step } => find_step(evaluation, playbook, step).map(|s| s.action),
                        _ => None,
                    };
                    match kind {
                        Some(crate::action::ActionKind::Escalate) => format!(
                            "In the {playbook} playbook, {steps} went to the wrong people: someone was briefed, \
                             but not the roles the step names; put them on the escalation card with their numbers."
                        ),
                        Some(crate::action::ActionKind::Notify) => format!(
                            "In the {playbook} playbook, {steps} went to the wrong party: a notification was made, \
                             but not the one the step asks for; keep a list of who must be told, and by when."
                        ),
                        _ => format!(
                            "In the {playbook} playbook, {steps} was done on the wrong target: practise finding \
                             what the adversary used (its channel, account or hosts) before acting."
                        ),
                    }
                }
                Cause::NotDone => format!(
                    "The {playbook} playbook's {steps} did not happen: put {them} on the playbook's checklist with \
                     {their} owner and deadline, and walk through {them} at the hot wash."
                ),
                _ => format!(
                    "The {playbook} playbook's {steps} came late: rehearse {them}, and pre-approve {them} for \
                     {their} owner so {they} can start without waiting."
                ),
            }
        }
        (Subject::Expectation { inject, index }, cause) => {
            let expected = evaluation.expectations.get(*index).map_or(String::new(), |e| e.expected.clone());
            match cause {
                Cause::Slow => format!("Rehearse the response to inject {inject} ({expected}) so it fits its time."),
                _ => format!("Walk through inject {inject} at the hot wash: {expected} was expected and not done."),
            }
        }
        (Subject::Escalation { role, .. }, Cause::Staffing) => {
            format!("{role} was never told: put the role on this severity's call list and test the contact path.")
        }
        (Subject::Escalation { role, .. }, _) => {
            format!("{role} was told late: test the on-call contact path for this severity in the next drill.")
        }
        (Subject::Clock { clock }, cause) => {
            let regulation =
                evaluation.clocks.iter().find(|c| &c.id == clock).map_or(clock.as_str(), |c| &c.regulation);
            match cause {
                Cause::Slow => format!("Pre-draft and pre-approve the {regulation} notice so it goes out on time."),
                _ => format!(
                    "Start a {regulation} clock on the bridge the moment it starts, with its owner and deadline, \
                     and pre-draft the notice."
                ),
            }
        }
        (Subject::Prevention { .. }, _) => String::new(),
    }
}

/// An expectation's verdict at sim time `now`: `met at +1h30m by soc_analyst`, `late by 30m (at
/// +2h30m by soc_analyst)`, `missed`, `due +2h`, `overdue by 15m`, `not delivered`.
pub fn expectation_verdict(expectation: &ExpectationResult, now: u64) -> String {
    let done = match (expectation.done_at, &expectation.done_by) {
        (Some(at), Some(by)) => format!("at +{} by {by}", format_seconds(at)),
        _ => String::new(),
    };
    match expectation.status {
        Status::Met => format!("met {done}"),
        Status::Late => format!("late by {} ({done})", format_seconds(expectation.late_by.unwrap_or(0))),
        Status::Missed => "missed".into(),
        Status::Pending => match expectation.due.unwrap_or(0) {
            due if due < now => format!("overdue by {}", format_seconds(now - due)),
            due => format!("due +{}", format_seconds(due)),
        },
        _ => "not delivered".into(),
    }
}

fn find_step<'e>(evaluation: &'e Evaluation, playbook: &str, step: &str) -> Option<&'e StepResult> {
    evaluation.steps.iter().find(|s| s.playbook == playbook && s.step == step)
}

fn metric_name<'e>(evaluation: &'e Evaluation, metric: &'e str) -> &'e str {
    evaluation.metrics.iter().find(|m| m.id == metric).map_or(metric, |m| m.name.as_str())
}

/// The titles of an improvement's steps, quoted and joined: `"Block the channel" and "Notify"`.
fn step_titles(improvement: &Improvement, evaluation: &Evaluation) -> String {
    let titles: Vec<String> = (improvement.evidence.iter())
        .filter_map(|e| match &e.subject {
            Subject::Step { playbook, step } => {
                find_step(evaluation, playbook, step).map(|s| format!("\"{}\"", s.title))
            }
            _ => None,
        })
        .collect();
    match titles.as_slice() {
        [] => "its steps".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
