//! The automated team: the response plan turned into rules for the rule engine (`crate::rules`),
//! so a Monte Carlo campaign measures the plan as written, played by people who follow it. It
//! sees only what the players see, and its people answer at the plan's pace (the engine applies
//! each role's response time and roster). What it does:
//!
//! - **Triage**: the role that receives alerts investigates (`CollectEvidence`) where each alert
//!   fired. Every plan presumes this; the findings show the held hosts and accounts that targeted
//!   steps act on.
//! - **Classification**: the incident commander declares each severity level of the plan's matrix
//!   once an event shows what its criteria describe.
//! - **Escalation**: each escalation rule's roles are briefed once its severity is declared.
//! - **Playbooks**: each step of a playbook that applies in the organisation's jurisdictions, once
//!   its trigger and the steps it comes after have been seen, by its owner. A step whose action
//!   needs a target acts on each one an event shows from then on: the host groups and segments a
//!   finding or an alert points to, the accounts a finding shows held, the indicators and
//!   vulnerabilities shown, the backups covering an affected segment.
//! - **Notification clocks**: each clock that binds the organisation is answered by legal (or
//!   the data protection officer, or the incident commander) once it starts.
//!
//! It can slip, by the [`Imperfection`] chances: miss an alert, declare one level too mild, act
//! after a deadline. It can also leave some roles to people (`humans`), playing only the others.

use crate::action::{Action, ActionKind, Audience, Party};
use crate::compile::Compiled;
use crate::cue::Cue;
use crate::decisions::model::Then;
use crate::plan::model::{Deadline, Playbook, Step, operates_in};
use crate::rules::{EACH_KINDS, Rule};
use serde::{Deserialize, Serialize};

/// How an automated team falls short of its plan, as chances in [0, 1]. All zero (the default):
/// a team that follows the plan to the letter, at its people's pace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Imperfection {
    /// Chance that nobody acts on an alert.
    #[serde(default)]
    pub miss_alert: f64,
    /// Chance that a severity is declared one level milder than the criteria warrant.
    #[serde(default)]
    pub misjudge_severity: f64,
    /// Chance that a decision is given after its deadline (by up to the deadline again).
    #[serde(default)]
    pub act_late: f64,
}

/// The plan's response as rules, for every role but those `humans` play (by role id; a role a
/// human plays covers the roles it covers).
pub fn rules(compiled: &Compiled, humans: &[String]) -> Vec<Rule> {
    let plan = &compiled.plan;
    let answers = |role: &str| plan.acting_role(role).is_some();
    let first = |roles: &[&'static str]| roles.iter().copied().find(|r| answers(r)).unwrap_or("incident_commander");
    let commander = first(&["incident_commander"]);
    let watcher = first(&["soc_analyst", "incident_commander"]);
    let notifier = first(&["legal", "dpo", "incident_commander"]);
    let mut rules = Vec::new();

    let acknowledge = plan.targets.acknowledge.as_ref().and_then(|d| d.seconds().ok());
    let triage = Then::Each(ActionKind::CollectEvidence);
    rules.push(rule(Cue::AnyAlert, watcher, triage, acknowledge, "Triage: investigate where the alert fired."));
    let segments = &compiled.scenario.environment.segments;
    for (s, reach) in compiled.links.iter().enumerate() {
        for next in reach {
            let then = Then::Do(Action::CollectEvidence(segments[next.get()].id.clone()));
            let why = format!("Hunt: the adversary holds something in {}, which reaches here.", segments[s].id);
            rules.push(rule(Cue::FoundHeldIn(segments[s].id.clone()), watcher, then, acknowledge, &why));
        }
    }

    let classify = plan.targets.classify.as_ref().and_then(|d| d.seconds().ok());
    for level in &plan.severity {
        let then = Then::Do(Action::ClassifySeverity(level.level));
        let why = format!("The severity matrix: {}.", level.name);
        rules.push(rule(Cue::SeverityWarranted(level.level), commander, then, classify, &why));
    }

    for escalation in &plan.escalations {
        for to in &escalation.notify {
            let by = if to == commander { watcher } else { commander };
            let then = Then::Do(Action::Escalate(to.clone()));
            let why = format!("Escalation rule `{}`.", escalation.id);
            let within = escalation.within.seconds().ok();
            rules.push(rule(Cue::SeverityDeclared(escalation.severity), by, then, within, &why));
        }
    }

    let operates = &compiled.scenario.jurisdictions;
    for playbook in &plan.playbooks {
        for step in playbook.steps.iter().filter(|s| operates_in(&s.jurisdictions, operates)) {
            rules.extend(step_rules(compiled, playbook, step, commander));
        }
    }

    for clock in plan.clocks.iter().filter(|c| c.applies(compiled.scenario.sector, operates)) {
        let within = match &clock.deadline {
            Deadline::After(d) => d.seconds().ok(),
            Deadline::CalendarDays(days) | Deadline::BusinessDays(days) => Some(u64::from(*days) * 86_400),
        };
        let then = Then::Do(Action::Notify(clock.notify));
        rules.push(rule(clock.starts.clone(), notifier, then, within, &format!("{} notification.", clock.regulation)));
    }

    rules.retain(|r| !plan.acting_role(&r.role).is_some_and(|acting| humans.iter().any(|h| h == acting)));
    rules
}

/// A rule acting on its cue alone.
fn rule(when: Cue, role: &str, then: Then, within: Option<u64>, rationale: &str) -> Rule {
    let (role, rationale) = (role.to_string(), rationale.to_string());
    Rule { when, since: Vec::new(), role, then, after: 0, within, standing: true, rationale }
}

/// The rules one playbook step becomes: one, or one per role an escalation step briefs.
fn step_rules(compiled: &Compiled, playbook: &Playbook, step: &Step, commander: &str) -> Vec<Rule> {
    let mut since = vec![playbook.trigger.clone()];
    for before in &step.after {
        if let Some(earlier) = playbook.steps.iter().find(|s| &s.id == before) {
            since.push(Cue::TookEffectOf(earlier.action));
        }
    }
    let gates = Cue::Any(since.clone());
    let thens: Vec<(Cue, Then)> = match step.action {
        kind if EACH_KINDS.contains(&kind) => vec![(Cue::Any(showing(compiled, &since)), Then::Each(kind))],
        ActionKind::Escalate => {
            let default = if step.owner == commander { "executive" } else { commander };
            let to = if step.to.is_empty() { vec![default.to_string()] } else { step.to.clone() };
            to.into_iter().map(|r| (gates.clone(), Then::Do(Action::Escalate(r)))).collect()
        }
        kind => match single(compiled, step, kind) {
            Some(action) => vec![(gates.clone(), Then::Do(action))],
            None => Vec::new(),
        },
    };
    let within = step.within.seconds().ok();
    let why = format!("Playbook `{}`, step `{}`: {}.", playbook.id, step.id, step.title);
    thens
        .into_iter()
        .map(|(when, then)| Rule { since: since.clone(), ..rule(when, &step.owner, then, within, &why) })
        .collect()
}

/// The cues whose events can show a targeted step what to act on: its gates, any alert, any
/// finding, the injects that reveal something and the team's own actions taking effect.
fn showing(compiled: &Compiled, gates: &[Cue]) -> Vec<Cue> {
    let mut cues = gates.to_vec();
    cues.extend([Cue::AnyAlert, Cue::AnyFinding]);
    let revealing = compiled.scenario.injects.iter().filter(|i| !i.reveals.is_empty());
    cues.extend(revealing.map(|i| Cue::Inject(i.id.clone())));
    cues
}

/// The one action a step without a target to find gives, if it can be played at all.
fn single(compiled: &Compiled, step: &Step, kind: ActionKind) -> Option<Action> {
    Some(match kind {
        ActionKind::Notify => Action::Notify(step.notify.unwrap_or(Party::Board)),
        ActionKind::Communicate => Action::Communicate(Audience::Staff),
        // The step's own declaration: the worst level of the matrix, as a step to declare is
        // written for the incidents that start its playbook.
        ActionKind::ClassifySeverity => Action::ClassifySeverity(compiled.plan.severity.iter().map(|l| l.level).min()?),
        ActionKind::DetermineMateriality => Action::DetermineMateriality(true),
        ActionKind::RecallFunds => Action::RecallFunds,
        ActionKind::DeclareClosed => Action::DeclareClosed,
        ActionKind::Custom => Action::Custom(step.title.clone()),
        _ => return None,
    })
}
