//! HSEEP-style ratings per capability from what was on time, late or missed; the readiness
//! score from the ratings; and the improvement plan, one corrective action per shortfall.

use super::adherence::levels_under;
use super::facts::Facts;
use super::model::{
    Cause, ClockResult, EscalationResult, Evidence, ExpectationResult, Improvement, Letter, Metric,
    Outcome as RunOutcome, Rating, Score, ScorePart, SeverityCheck, Status, StepResult, Subject, Verdict,
};
use crate::action::ActionKind;
use crate::scenario::model::CoreCapability;

/// A capability: its id, its name, its weight in the score, and which step actions belong to it.
struct Capability {
    core: CoreCapability,
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
    Capability { core: CoreCapability::Detection, name: "Detection", weight: 9, actions: &[], metrics: &["detect"] },
    Capability {
        core: CoreCapability::Analysis,
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
        core: CoreCapability::Escalation,
        name: "Escalation and communication",
        weight: 9,
        actions: &[ActionKind::Escalate, ActionKind::Communicate],
        metrics: &["escalate"],
    },
    Capability {
        core: CoreCapability::Containment,
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
        core: CoreCapability::Recovery,
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
        core: CoreCapability::Notification,
        name: "Notification and compliance",
        weight: 9,
        actions: &[ActionKind::Notify, ActionKind::DetermineMateriality],
        metrics: &[],
    },
];

/// Each capability rated: its id and its name, in the report's order.
pub fn capabilities() -> impl Iterator<Item = (&'static str, &'static str)> + Clone {
    CAPABILITIES.iter().map(|c| (c.core.id(), c.name))
}

/// The capability whose rating an action of this kind counts towards, if any.
pub fn capability_of(kind: ActionKind) -> Option<CoreCapability> {
    CAPABILITIES.iter().find(|c| c.actions.contains(&kind)).map(|c| c.core)
}

/// A capability's name, as the report writes it: `Eradication and recovery`.
pub fn capability_name(core: CoreCapability) -> &'static str {
    CAPABILITIES.iter().find(|c| c.core == core).map_or(core.id(), |c| c.name)
}

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

/// One thing judged: what it was, how it went, who owns it, and, if it fell short, when it was
/// overdue and why.
pub struct Item {
    pub subject: Subject,
    pub outcome: Outcome,
    pub late_by: Option<u64>,
    pub owner: String,
    /// From its deadline until it was done, or the incident ended.
    pub overdue: Option<(u64, u64)>,
    pub cause: Cause,
    /// What it asked the team to do (`Notify SupervisoryAuthority`), when it asked for one act: a
    /// step, an expectation and a clock asking for the same act fell short together.
    pub act: Option<String>,
}

impl Item {
    pub fn evidence(&self) -> Evidence {
        let verdict = match self.outcome {
            Outcome::OnTime => Verdict::OnTime,
            Outcome::Late(_) => Verdict::Late { by: self.late_by },
            Outcome::Missed => Verdict::Missed,
        };
        Evidence { subject: self.subject.clone(), verdict }
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Outcome {
    OnTime,
    /// Took this many times its allowance.
    Late(f64),
    Missed,
}

/// Everything the ratings read.
pub struct Judged<'a> {
    pub plan: &'a crate::plan::model::Plan,
    pub scenario: &'a crate::scenario::model::Scenario,
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
    let run_harm = judged.facts.harm_between(judged.scenario, 0, judged.facts.incident_end());
    let mut parts = vec![ScorePart {
        capability: "outcome".into(),
        weight: OUTCOME_WEIGHT,
        rating: judged.outcome.rating,
        points: round2(f64::from(OUTCOME_WEIGHT) * averted),
    }];
    for capability in CAPABILITIES {
        let items = items(capability, judged);
        let mut rating = letter(&items);
        let mut evidence: Vec<Evidence> = items.iter().map(Item::evidence).collect();
        if capability.core == CoreCapability::Containment
            && rating == Letter::NotApplicable
            && let Some(stopped) = prevented(judged)
        {
            rating = Letter::P;
            evidence.push(stopped);
        }
        improvements.extend(super::improvements::plan(capability.core.id(), &items, judged, &run_harm));
        let share = if rating == Letter::NotApplicable { averted } else { points(rating) };
        parts.push(ScorePart {
            capability: capability.core.id().into(),
            weight: capability.weight,
            rating,
            points: round2(f64::from(capability.weight) * share),
        });
        ratings.push(Rating {
            capability: capability.core.id().into(),
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
fn prevented(judged: &Judged) -> Option<Evidence> {
    if judged.outcome.rating != Letter::P {
        return None;
    }
    let (at, stage, by) = judged.facts.stages_stopped.first()?;
    let subject = Subject::Prevention { stage: stage.clone(), by: by.clone(), at: *at };
    Some(Evidence { subject, verdict: Verdict::OnTime })
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

fn items(capability: &Capability, judged: &Judged) -> Vec<Item> {
    let facts = judged.facts;
    let end = facts.incident_end();
    // From a deadline until it was done, or the incident ended; nothing when on time.
    let overdue = |outcome: Outcome, due: Option<u64>, done: Option<u64>| match outcome {
        Outcome::OnTime => None,
        _ => due.map(|d| (d, done.unwrap_or(end).max(d))),
    };
    // Why something fell short: slow when it was done at last, else `missed`.
    let shortfall = |outcome: Outcome, missed: Cause| if outcome == Outcome::Missed { missed } else { Cause::Slow };
    let mut items = Vec::new();
    for metric in judged.metrics.iter().filter(|m| capability.metrics.contains(&m.id.as_str())) {
        // With no level of the matrix warranted there was nothing to classify.
        if metric.id == "classify" && judged.severity.warranted.is_none() {
            continue;
        }
        let started = if metric.id == "detect" { facts.first_compromise } else { facts.first_signal() };
        let outcome = match (metric.status, metric.value, metric.target) {
            (Status::Met, ..) => Outcome::OnTime,
            (Status::Late, Some(v), Some(t)) => Outcome::Late(ratio(v, t)),
            // Not reached counts as missed only once its target time has passed within the drill.
            (Status::NotReached, _, Some(t)) if started.is_some_and(|s| s.saturating_add(t) <= end) => Outcome::Missed,
            _ => continue,
        };
        let due = started.zip(metric.target).map(|(s, t)| s + t);
        let done = started.zip(metric.value).map(|(s, v)| s + v);
        // A detection no alert made (the first signal was a report, or nothing) is the tooling's
        // shortfall, not the people's.
        let no_alert = facts.first_alert().is_none_or(|a| facts.first_signal() != Some(a));
        let cause = match metric.id.as_str() {
            "detect" if no_alert => Cause::NoAlert,
            _ => shortfall(outcome, Cause::NotDone),
        };
        items.push(Item {
            subject: Subject::Metric { metric: metric.id.clone() },
            outcome,
            late_by: done.zip(due).map(|(d, due)| d.saturating_sub(due)),
            owner: metric_owner(&metric.id).into(),
            overdue: overdue(outcome, due, done),
            cause,
            act: None,
        });
    }
    if capability.core == CoreCapability::Analysis
        && let Some(under) = levels_under(judged.severity)
    {
        let outcome = match under {
            0 => Outcome::OnTime,
            1 => Outcome::Late(1.5),
            _ => Outcome::Missed,
        };
        let signal = facts.first_signal();
        items.push(Item {
            subject: Subject::Severity,
            outcome,
            late_by: None,
            owner: "incident_commander".into(),
            overdue: overdue(outcome, signal, judged.severity.declared_at),
            cause: Cause::Misjudged,
            act: None,
        });
    }
    for step in judged.steps.iter().filter(|s| capability.actions.contains(&s.action)) {
        let Some(outcome) = judged_outcome(step.status, step.triggered_at, step.due, step.late_by) else { continue };
        let cause = match outcome {
            Outcome::Missed if wrong_target(judged, step) => Cause::WrongTarget,
            Outcome::Missed if judged.plan.acting_role(&step.owner) != Some(step.owner.as_str()) => Cause::Staffing,
            _ => shortfall(outcome, Cause::NotDone),
        };
        items.push(Item {
            subject: Subject::Step { playbook: step.playbook.clone(), step: step.step.clone() },
            outcome,
            late_by: step.late_by,
            owner: step.owner.clone(),
            overdue: overdue(outcome, step.due, step.done_at),
            cause,
            act: step_act(judged, step),
        });
    }
    for (index, expected) in judged.expectations.iter().enumerate() {
        if !capability.actions.contains(&expected.action) {
            continue;
        }
        let Some(outcome) = judged_outcome(expected.status, expected.delivered_at, expected.due, expected.late_by)
        else {
            continue;
        };
        items.push(Item {
            subject: Subject::Expectation { inject: expected.inject.clone(), index },
            outcome,
            late_by: expected.late_by,
            owner: expected.role.clone().unwrap_or_else(|| "incident_commander".into()),
            overdue: overdue(outcome, expected.due, expected.done_at),
            cause: shortfall(outcome, Cause::NotDone),
            act: expected_act(judged, index),
        });
    }
    if capability.core == CoreCapability::Escalation {
        for rule in judged.escalations {
            for role in &rule.roles {
                let Some(outcome) = judged_outcome(role.status, rule.triggered_at, rule.due, role.late_by) else {
                    continue;
                };
                items.push(Item {
                    subject: Subject::Escalation { rule: rule.id.clone(), role: role.role.clone() },
                    outcome,
                    late_by: role.late_by,
                    owner: "incident_commander".into(),
                    overdue: overdue(outcome, rule.due, role.done_at),
                    cause: shortfall(outcome, Cause::Staffing),
                    act: Some(format!("Escalate {}", role.role)),
                });
            }
        }
    }
    if capability.core == CoreCapability::Notification {
        for clock in judged.clocks {
            // A clock still running when the incident ended (HIPAA's 60 days in a 4-day drill) is
            // judged on whether the team started the notification assessment.
            let outcome = match (clock.status, clock.assessed_at) {
                (Status::Pending, Some(_)) => Outcome::OnTime,
                (Status::Pending, None) => Outcome::Missed,
                (status, _) => {
                    let Some(outcome) = judged_outcome(status, clock.started_at, clock.deadline, clock.margin) else {
                        continue;
                    };
                    outcome
                }
            };
            let late_by = clock.margin.filter(|_| outcome != Outcome::OnTime);
            items.push(Item {
                subject: Subject::Clock { clock: clock.id.clone() },
                outcome,
                late_by,
                owner: "legal".into(),
                overdue: overdue(outcome, clock.deadline.filter(|d| *d <= end), clock.notified_at),
                cause: shortfall(outcome, Cause::NotDone),
                act: judged.plan.clocks.iter().find(|c| c.id == clock.id).map(|c| format!("Notify {:?}", c.notify)),
            });
        }
    }
    items
}

/// The act a plan step asks for, when it names one: a notification to its party, or an
/// escalation to its one role.
fn step_act(judged: &Judged, step: &StepResult) -> Option<String> {
    let playbook = judged.plan.playbooks.iter().find(|p| p.id == step.playbook)?;
    let spec = playbook.steps.iter().find(|s| s.id == step.step)?;
    match (spec.notify, spec.to.as_slice()) {
        (Some(party), _) => Some(format!("Notify {party:?}")),
        (None, [role]) => Some(format!("Escalate {role}")),
        _ => None,
    }
}

/// The act the `index`-th expectation (in MSEL order) asks for.
fn expected_act(judged: &Judged, index: usize) -> Option<String> {
    let spec = judged.scenario.injects.iter().flat_map(|i| &i.expects).nth(index)?;
    let target = spec.target.clone().or(spec.notify.map(|p| format!("{p:?}"))).or(spec.to.first().cloned());
    target.map(|t| format!("{:?} {t}", spec.action))
}

/// Whether a missed step's kind of action did take effect after its trigger, on something else
/// than what the step asked for.
fn wrong_target(judged: &Judged, step: &StepResult) -> bool {
    let Some(from) = step.triggered_at else { return false };
    judged.facts.effects.iter().any(|e| e.time >= from && e.action.kind() == step.action)
}

/// Who owns improving a metric.
fn metric_owner(metric: &str) -> &'static str {
    match metric {
        "detect" | "acknowledge" => "soc_analyst",
        "contain" | "eradicate" | "recover" => "it_operations",
        _ => "incident_commander",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_a_capability_lists_belongs_to_that_capability() {
        for capability in CAPABILITIES {
            for &kind in capability.actions {
                assert_eq!(capability_of(kind), Some(capability.core), "{kind:?}");
            }
            assert_eq!(capability_name(capability.core), capability.name);
        }
        assert_eq!(capability_of(ActionKind::BlockIoc), Some(CoreCapability::Containment));
    }
}
