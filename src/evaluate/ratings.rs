//! HSEEP-style ratings per capability from what was on time, late or missed; the readiness
//! score from the ratings; and the improvement plan, one corrective action per shortfall.

use super::adherence::levels_under;
use super::facts::Facts;
use super::model::{
    ClockResult, EscalationResult, ExpectationResult, Improvement, Letter, Metric, Outcome as RunOutcome, Priority,
    Rating, Score, ScorePart, SeverityCheck, Status, StepResult,
};
use crate::action::ActionKind;
use crate::duration::format_seconds;

/// A capability: its id, its name, its weight in the score, and which step actions belong to it.
struct Capability {
    id: &'static str,
    name: &'static str,
    weight: u32,
    actions: &'static [ActionKind],
    metrics: &'static [&'static str],
}

/// The weight of the outcome (the share of the baseline's harm averted) in the readiness score.
pub const OUTCOME_WEIGHT: u32 = 40;

/// The capabilities rated, with their weights in the readiness score (they add up to 60; with the
/// outcome's 40, to 100).
const CAPABILITIES: &[Capability] = &[
    Capability { id: "detection", name: "Detection", weight: 9, actions: &[], metrics: &["detect"] },
    Capability {
        id: "analysis",
        name: "Analysis and triage",
        weight: 9,
        actions: &[
            ActionKind::CollectEvidence,
            ActionKind::ClassifySeverity,
            ActionKind::DeclareClosed,
            ActionKind::Custom,
        ],
        metrics: &["acknowledge", "classify"],
    },
    Capability {
        id: "escalation",
        name: "Escalation and communication",
        weight: 9,
        actions: &[ActionKind::Escalate, ActionKind::Communicate],
        metrics: &["escalate"],
    },
    Capability {
        id: "containment",
        name: "Containment",
        weight: 15,
        actions: &[
            ActionKind::IsolateHosts,
            ActionKind::IsolateSegment,
            ActionKind::IsolateKnownHosts,
            ActionKind::DisableAccount,
            ActionKind::ResetCredentials,
            ActionKind::BlockIoc,
        ],
        metrics: &["contain"],
    },
    Capability {
        id: "recovery",
        name: "Eradication and recovery",
        weight: 9,
        actions: &[
            ActionKind::Patch,
            ActionKind::ReimageKnownHosts,
            ActionKind::RestoreFromBackup,
            ActionKind::LiftIsolation,
            ActionKind::RecallFunds,
        ],
        metrics: &["eradicate", "recover"],
    },
    Capability {
        id: "notification",
        name: "Notification and compliance",
        weight: 9,
        actions: &[ActionKind::Notify, ActionKind::DetermineMateriality],
        metrics: &[],
    },
];

/// The rule every capability is rated by, as the report states it.
pub const RULE: &str = "U if every item was missed; M if any was missed or took more than twice its time; \
S if any was late; P if all were on time; N/A if nothing was due";

/// Points per rating in the score.
fn points(letter: Letter) -> f64 {
    match letter {
        Letter::P => 1.0,
        Letter::S => 0.7,
        Letter::M => 0.35,
        Letter::U | Letter::NotApplicable => 0.0,
    }
}

/// One thing judged: what it was, how it went, and what to do about it if it fell short.
struct Item {
    evidence: String,
    outcome: Outcome,
    owner: String,
    subject: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    OnTime,
    /// Took this many times its allowance.
    Late(f64),
    Missed,
}

/// Everything the ratings read.
pub struct Judged<'a> {
    pub plan: &'a crate::plan::model::Plan,
    pub facts: &'a Facts,
    pub metrics: &'a [Metric],
    pub severity: &'a SeverityCheck,
    pub steps: &'a [StepResult],
    pub expectations: &'a [ExpectationResult],
    pub escalations: &'a [EscalationResult],
    pub clocks: &'a [ClockResult],
    pub outcome: &'a RunOutcome,
}

/// Ratings, score and improvement plan. The score is the outcome's share of its 40 points plus
/// each capability's share of its weight; a capability not observed (N/A) earns the outcome's
/// share of its weight, so nothing left undone can raise a score above what the outcome supports.
pub fn rate(judged: &Judged) -> (Vec<Rating>, Score, Vec<Improvement>) {
    let averted = judged.outcome.averted;
    let mut ratings = Vec::new();
    let mut improvements = Vec::new();
    let mut parts = vec![ScorePart {
        capability: "outcome".into(),
        weight: OUTCOME_WEIGHT,
        rating: judged.outcome.rating,
        points: round2(f64::from(OUTCOME_WEIGHT) * averted),
    }];
    for capability in CAPABILITIES {
        let items = items(capability, judged);
        let mut rating = letter(&items);
        let mut evidence: Vec<String> = items.iter().map(|i| i.evidence.clone()).collect();
        if capability.id == "containment"
            && rating == Letter::NotApplicable
            && let Some(stopped) = prevented(judged)
        {
            rating = Letter::P;
            evidence.push(stopped);
        }
        for item in items.iter().filter(|i| i.outcome != Outcome::OnTime) {
            let mut found = improvement(capability, item, judged);
            found.owner = staffed_owner(judged, &found.owner);
            improvements.push(found);
        }
        let share = if rating == Letter::NotApplicable { averted } else { points(rating) };
        parts.push(ScorePart {
            capability: capability.id.into(),
            weight: capability.weight,
            rating,
            points: round2(f64::from(capability.weight) * share),
        });
        ratings.push(Rating {
            capability: capability.id.into(),
            name: capability.name.into(),
            rating,
            rule: RULE.into(),
            evidence,
        });
    }
    improvements.sort_by_key(|i| i.priority);
    let value = Some(parts.iter().map(|p| p.points).sum::<f64>().round() as u32);
    (ratings, Score { value, parts }, improvements)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Prevention is containment: when the response averted nearly all the baseline's harm and one of
/// its actions stopped the adversary, the evidence for a Containment P.
fn prevented(judged: &Judged) -> Option<String> {
    if judged.outcome.rating != Letter::P {
        return None;
    }
    let (time, stage, by) = judged.facts.stages_stopped.first()?;
    Some(format!(
        "Stopped before it could do harm: stage {stage} stopped by {} at +{}",
        crate::action::words(by),
        format_seconds(*time)
    ))
}

/// The rule: see [`RULE`].
fn letter(items: &[Item]) -> Letter {
    if items.is_empty() {
        Letter::NotApplicable
    } else if items.iter().all(|i| i.outcome == Outcome::Missed) {
        Letter::U
    } else if items
        .iter()
        .any(|i| matches!(i.outcome, Outcome::Missed) || matches!(i.outcome, Outcome::Late(r) if r > 2.0))
    {
        Letter::M
    } else if items.iter().any(|i| matches!(i.outcome, Outcome::Late(_))) {
        Letter::S
    } else {
        Letter::P
    }
}

/// The outcome of something set off at `start`, due at `due`, and late by `late_by`; `None` for
/// what was not judged (not triggered, not yet due).
fn judged_outcome(status: Status, start: Option<u64>, due: Option<u64>, late_by: Option<u64>) -> Option<Outcome> {
    let allowed = due.zip(start).map_or(0, |(d, s)| d.saturating_sub(s));
    match status {
        Status::Met => Some(Outcome::OnTime),
        Status::Late => Some(Outcome::Late(ratio(allowed.saturating_add(late_by.unwrap_or(0)), allowed))),
        Status::Missed => Some(Outcome::Missed),
        _ => None,
    }
}

fn ratio(taken: u64, allowed: u64) -> f64 {
    if allowed == 0 { f64::INFINITY } else { taken as f64 / allowed as f64 }
}

fn describe(outcome: Outcome, late_by: Option<u64>) -> String {
    match (outcome, late_by) {
        (Outcome::OnTime, _) => "on time".into(),
        (Outcome::Late(_), Some(by)) => format!("late by {}", format_seconds(by)),
        (Outcome::Late(_), None) => "late".into(),
        (Outcome::Missed, _) => "missed".into(),
    }
}

fn items(capability: &Capability, judged: &Judged) -> Vec<Item> {
    let facts = judged.facts;
    let mut items = Vec::new();
    for metric in judged.metrics.iter().filter(|m| capability.metrics.contains(&m.id.as_str())) {
        let started = if metric.id == "detect" { facts.first_compromise } else { facts.first_signal() };
        let outcome = match (metric.status, metric.value, metric.target) {
            (Status::Met, ..) => Outcome::OnTime,
            (Status::Late, Some(v), Some(t)) => Outcome::Late(ratio(v, t)),
            // Not reached counts as missed only once its target time has passed within the drill.
            (Status::NotReached, _, Some(t))
                if started.is_some_and(|s| s.saturating_add(t) <= facts.incident_end()) =>
            {
                Outcome::Missed
            }
            _ => continue,
        };
        let value = metric.value.map_or("not reached".into(), format_seconds);
        let target = metric.target.map_or(String::new(), |t| format!(" (target {})", format_seconds(t)));
        items.push(Item {
            evidence: format!("{}: {value}{target}", metric.name),
            outcome,
            owner: metric_owner(&metric.id).into(),
            subject: format!("metric:{}", metric.id),
        });
    }
    if capability.id == "analysis"
        && let Some(under) = levels_under(judged.severity)
    {
        let outcome = match under {
            0 => Outcome::OnTime,
            1 => Outcome::Late(1.5),
            _ => Outcome::Missed,
        };
        let declared = judged.severity.declared.map_or("none".into(), |s| format!("{s:?}"));
        let warranted = judged.severity.warranted.map_or(String::new(), |s| format!("{s:?}"));
        let because = judged.severity.because.clone().unwrap_or_default();
        items.push(Item {
            evidence: format!("Severity declared: {declared}; the plan's matrix warranted {warranted} ({because})"),
            outcome,
            owner: "incident_commander".into(),
            subject: "severity".into(),
        });
    }
    for step in judged.steps.iter().filter(|s| capability.actions.contains(&s.action)) {
        let Some(outcome) = judged_outcome(step.status, step.triggered_at, step.due, step.late_by) else { continue };
        items.push(Item {
            evidence: format!(
                "Step {}/{} ({}), owner {}: {}",
                step.playbook,
                step.step,
                step.title,
                step.owner,
                describe(outcome, step.late_by)
            ),
            outcome,
            owner: step.owner.clone(),
            subject: format!("step:{}", step.title),
        });
    }
    for expected in judged.expectations.iter().filter(|e| capability.actions.contains(&e.action)) {
        let Some(outcome) = judged_outcome(expected.status, expected.delivered_at, expected.due, expected.late_by)
        else {
            continue;
        };
        items.push(Item {
            evidence: format!(
                "Inject {} expected {}: {}",
                expected.inject,
                expected.expected,
                describe(outcome, expected.late_by)
            ),
            outcome,
            owner: expected.role.clone().unwrap_or_else(|| "incident_commander".into()),
            subject: format!("expectation:`{}` after inject {}", expected.expected, expected.inject),
        });
    }
    if capability.id == "escalation" {
        for rule in judged.escalations {
            for role in &rule.roles {
                let Some(outcome) = judged_outcome(role.status, rule.triggered_at, rule.due, role.late_by) else {
                    continue;
                };
                items.push(Item {
                    evidence: format!("Escalation {} to {}: {}", rule.id, role.role, describe(outcome, role.late_by)),
                    outcome,
                    owner: "incident_commander".into(),
                    subject: format!("escalation:{}", role.role),
                });
            }
        }
    }
    if capability.id == "notification" {
        for clock in judged.clocks {
            // A clock still running when the incident ended (HIPAA's 60 days in a 4-day drill) is
            // judged on whether the team started the notification assessment.
            let (outcome, said) = match (clock.status, clock.assessed_at) {
                (Status::Pending, Some(at)) => (
                    Outcome::OnTime,
                    format!("not due yet; the notification assessment started at +{}", format_seconds(at)),
                ),
                (Status::Pending, None) => {
                    (Outcome::Missed, "not due yet, but no one started the notification assessment".to_string())
                }
                (status, _) => {
                    let Some(outcome) = judged_outcome(status, clock.started_at, clock.deadline, clock.margin) else {
                        continue;
                    };
                    (outcome, describe(outcome, clock.margin.filter(|_| outcome != Outcome::OnTime)))
                }
            };
            items.push(Item {
                evidence: format!("{} ({}): {said}", clock.regulation, clock.notify),
                outcome,
                owner: "legal".into(),
                subject: format!("clock:{}", clock.regulation),
            });
        }
    }
    items
}

/// The role the plan has doing `owner`'s work: itself, the role covering it, or else the
/// incident commander — never a role the organisation does not have.
fn staffed_owner(judged: &Judged, owner: &str) -> String {
    judged.plan.acting_role(owner).unwrap_or("incident_commander").to_string()
}

/// Who owns improving a metric.
fn metric_owner(metric: &str) -> &'static str {
    match metric {
        "detect" | "acknowledge" => "soc_analyst",
        "contain" | "eradicate" | "recover" => "it_operations",
        _ => "incident_commander",
    }
}

/// One corrective action for an item that fell short. Missed items point at the plan and its
/// tooling; late ones at training; detection at equipment.
fn improvement(capability: &Capability, item: &Item, judged: &Judged) -> Improvement {
    // Detection that no alert made (the first signal was a report, or nothing) is the tooling's
    // shortfall, not the people's.
    let no_alert = judged.facts.first_alert().is_none_or(|a| judged.facts.first_signal() != Some(a));
    let (priority, element) = match item.outcome {
        Outcome::Missed => (Priority::High, if capability.id == "detection" { "Equipment" } else { "Plan" }),
        _ if capability.id == "detection" && no_alert => (Priority::Medium, "Equipment"),
        Outcome::Late(r) if r > 2.0 => (Priority::Medium, "Training"),
        _ => (Priority::Low, "Training"),
    };
    let (kind, what) = item.subject.split_once(':').unwrap_or((item.subject.as_str(), ""));
    let recommendation = match (kind, item.outcome) {
        ("metric", _) if what == "detect" => {
            "Review detection coverage and alert routing for the techniques seen; tune or add detections so the first stage is caught sooner.".to_string()
        }
        ("metric", Outcome::Missed) => format!(
            "`{what}` was never reached within its target: give the team pre-approved actions and a clear owner for this phase."
        ),
        ("metric", _) => format!("Rehearse the `{what}` phase with the roles involved until it fits the plan's target."),
        ("severity", _) => {
            "Walk the team through the severity matrix with this scenario's facts; make the criteria visible on the incident bridge.".into()
        }
        ("step", Outcome::Missed) => {
            format!("Make \"{what}\" a checklist item with a named owner and a reminder at its deadline.")
        }
        ("step", _) => format!("Practise \"{what}\" so the owner can start it without waiting for approval."),
        ("expectation", Outcome::Missed) => {
            format!("Walk through the response to {what} at the hot wash; agree who acts and by when.")
        }
        ("expectation", _) => format!("Rehearse {what} so it fits its time to respond."),
        ("escalation", _) => format!(
            "Put `{what}` on the escalation call list for this severity and test the contact path in the next drill."
        ),
        ("clock", Outcome::Missed) => format!(
            "Keep a notification clock for {what} running on the bridge from the moment it starts; pre-draft the notice."
        ),
        ("clock", _) => format!("Pre-draft and pre-approve the {what} notice so it can go out with time to spare."),
        _ => "Review this item at the hot wash.".into(),
    };
    Improvement {
        capability: capability.id.into(),
        observation: item.evidence.clone(),
        recommendation,
        element: element.into(),
        owner: item.owner.clone(),
        priority,
    }
}
