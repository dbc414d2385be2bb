//! The plan, step by step: when each playbook was set off, each step's deadline and when it was
//! done; each escalation rule by role; and the severity the facts warranted against the declared.

use super::facts::{DecisionFact, Facts};
use super::model::{EscalationResult, RoleEscalation, SeverityCheck, Status, StepResult};
use crate::action::{Action, ActionKind, Party, Severity};
use crate::cue::Cue;
use crate::plan::model::{Criterion, Plan, StepTarget, operates_in};
use crate::scenario::model::Scenario;

/// Judges something due at `due` and done at `done` (or not), by `end`: the incident's true end, so
/// a deadline that fell after an early close is missed, not pending.
pub fn judge(due: u64, done: Option<u64>, end: u64) -> (Status, Option<u64>) {
    match done {
        Some(at) if at <= due => (Status::Met, None),
        Some(at) => (Status::Late, Some(at - due)),
        None if due <= end => (Status::Missed, Some(end - due)),
        None => (Status::Pending, None),
    }
}

/// What a playbook step or an inject's expectation asks the team to do.
pub struct Asked<'a> {
    pub action: ActionKind,
    /// The scenario thing to act on; any when `None`.
    pub target: Option<&'a str>,
    /// The kind of thing to act on, as the adversary used it in the run (a plan step's `target`).
    pub aimed: Option<StepTarget>,
    /// For a notification: the party to notify; any when `None`.
    pub notify: Option<Party>,
    /// For an escalation: the roles to brief, each of them; any escalation when empty.
    pub to: &'a [String],
    /// The role to act (or any role the plan has acting for the same staffed role); anyone when `None`.
    pub role: Option<&'a str>,
}

/// The evidence that what was asked at `from` was done ([`Facts::done_since`]): an action of its
/// kind, on its target, by its role. For an escalation to named roles, done when the last of them
/// (or the role covering it) is told.
pub fn done<'f>(plan: &Plan, facts: &'f Facts, from: u64, asked: &Asked) -> Option<&'f DecisionFact> {
    let same_role = |a: &str, b: &str| plan.acting_role(a).is_some_and(|x| Some(x) == plan.acting_role(b));
    let by_role = |d: &DecisionFact| asked.role.is_none_or(|r| same_role(&d.role, r));
    let on_target = |action: &Action| asked.target.is_none_or(|t| action.scenario_target() == Some(t));
    let does = |d: &DecisionFact| {
        by_role(d)
            && match (&d.action, asked.notify) {
                (Action::Notify(party), Some(wanted)) => *party == wanted,
                (action, _) => action.kind() == asked.action && on_target(action) && facts.aimed(asked.aimed, action),
            }
    };
    if asked.action != ActionKind::Escalate || asked.to.is_empty() {
        return facts.done_since(from, does);
    }
    let told = |role: &String| {
        facts.done_since(from, |d| by_role(d) && matches!(&d.action, Action::Escalate(r) if same_role(r, role)))
    };
    asked.to.iter().map(told).collect::<Option<Vec<_>>>()?.into_iter().max_by_key(|d| d.time)
}

/// Every playbook step that binds the organisation (its jurisdictions), triggered or not.
pub fn steps(plan: &Plan, scenario: &Scenario, facts: &Facts) -> Vec<StepResult> {
    let mut results = Vec::new();
    for playbook in &plan.playbooks {
        let start = facts.first_seen(&playbook.trigger);
        for step in playbook.steps.iter().filter(|s| operates_in(&s.jurisdictions, &scenario.jurisdictions)) {
            let within = step.within.seconds().unwrap_or(0);
            let asked = Asked {
                action: step.action,
                target: None,
                aimed: step.target,
                notify: step.notify,
                to: &step.to,
                role: None,
            };
            let done = start.and_then(|s| done(plan, facts, s, &asked));
            let (status, late_by) = match start {
                Some(s) => judge(s.saturating_add(within), done.map(|d| d.time), facts.incident_end()),
                None => (Status::NotTriggered, None),
            };
            results.push(StepResult {
                playbook: playbook.id.clone(),
                step: step.id.clone(),
                title: step.title.clone(),
                action: step.action,
                owner: step.owner.clone(),
                triggered_at: start,
                due: start.map(|s| s.saturating_add(within)),
                done_at: done.map(|d| d.time),
                done_by: done.map(|d| d.role.clone()),
                late_by,
                status,
            });
        }
    }
    results
}

/// Every escalation rule: set off when the team declares its severity or worse, or when what the
/// players were shown warrants it (by the plan's criteria), whichever comes first.
pub fn escalations(plan: &Plan, facts: &Facts) -> Vec<EscalationResult> {
    plan.escalations
        .iter()
        .map(|rule| {
            // From the declaration, or earlier when what the players were shown already warranted
            // the level: declaring less does not put off who must know.
            let warranted = facts.first_seen(&Cue::SeverityWarranted(rule.severity));
            let start = facts.declared(rule.severity).map(|(t, _)| t).into_iter().chain(warranted).min();
            let due = start.map(|s| s.saturating_add(rule.within.seconds().unwrap_or(0)));
            let roles: Vec<RoleEscalation> = rule
                .notify
                .iter()
                .map(|role| {
                    // A role is told when an escalation to it takes effect, or shows it knows by
                    // deciding, after the severity was declared; a role it covers stands for it.
                    let acts_for_role = |r: &str| plan.acting_role(r) == Some(role.as_str());
                    let done = start.and_then(|s| facts.engaged_since(s, acts_for_role));
                    let (status, late_by) = match due {
                        Some(due) => judge(due, done.map(|d| d.time), facts.incident_end()),
                        None => (Status::NotTriggered, None),
                    };
                    RoleEscalation { role: role.clone(), done_at: done.map(|d| d.time), late_by, status }
                })
                .collect();
            let status = worst(roles.iter().map(|r| r.status)).unwrap_or(Status::NotTriggered);
            EscalationResult { id: rule.id.clone(), severity: rule.severity, triggered_at: start, due, roles, status }
        })
        .collect()
}

/// The worst of several statuses: missed, then late, then pending, then met.
pub fn worst(statuses: impl Iterator<Item = Status>) -> Option<Status> {
    let rank = |s: &Status| match s {
        Status::Missed => 0,
        Status::Late => 1,
        Status::Pending => 2,
        Status::Met => 3,
        _ => 4,
    };
    statuses.min_by_key(rank)
}

/// The worst level of the plan's matrix whose criteria the facts met at any time in the run.
pub fn severity(scenario: &Scenario, plan: &Plan, facts: &Facts) -> SeverityCheck {
    let (peak_held, _) = facts.peak_and_final(|s| s.compromised);
    let (peak_encrypted, _) = facts.peak_and_final(|s| s.encrypted);
    let critical_down =
        facts.outages.keys().any(|id| scenario.environment.services.iter().any(|s| &s.id == id && s.critical));
    let holds = |criterion: &Criterion| match criterion {
        Criterion::HostsCompromised(n) => peak_held >= u64::from(*n),
        Criterion::HostsEncrypted(n) => peak_encrypted >= u64::from(*n),
        Criterion::RecordsExposed(n) => facts.records_total >= *n,
        Criterion::DataClassExposed(class) => facts.records.get(class).is_some_and(|&r| r > 0),
        Criterion::CriticalServiceDown => critical_down,
        Criterion::PrivilegedAccountCompromised => facts.privileged_account_taken,
        Criterion::AlertSeverity(level) => facts.alerts.iter().any(|a| a.severity >= *level),
        Criterion::Confirmed => !facts.alerts.is_empty(),
    };
    let mut levels: Vec<_> = plan.severity.iter().collect();
    levels.sort_by_key(|l| l.level);
    let warranted = levels.iter().find_map(|l| l.criteria.iter().find(|c| holds(c)).map(|c| (l.level, c)));
    let declared = facts.worst_declared();
    let declared_at = declared.and_then(|level| facts.declared(level)).map(|(t, _)| t);
    SeverityCheck {
        warranted: warranted.map(|(level, _)| level),
        because: warranted.map(|(_, c)| describe(c)),
        declared,
        declared_at,
    }
}

fn describe(criterion: &Criterion) -> String {
    match criterion {
        Criterion::HostsCompromised(n) => format!("{n} or more hosts compromised"),
        Criterion::HostsEncrypted(n) => format!("{n} or more hosts encrypted"),
        Criterion::RecordsExposed(n) => format!("{n} or more records exposed"),
        Criterion::DataClassExposed(class) => format!("{class:?} data exposed"),
        Criterion::CriticalServiceDown => "a critical service down".into(),
        Criterion::PrivilegedAccountCompromised => "a privileged account compromised".into(),
        Criterion::AlertSeverity(level) => format!("an alert of severity {level:?} or worse"),
        Criterion::Confirmed => "a confirmed incident".into(),
    }
}

/// How many levels the declared severity is below the warranted one (0 when it is not).
pub fn levels_under(check: &SeverityCheck) -> Option<u32> {
    let warranted = check.warranted?;
    let rank = |s: Severity| s as u32;
    Some(check.declared.map_or(u32::MAX, |d| rank(d).saturating_sub(rank(warranted))))
}
