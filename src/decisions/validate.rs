//! Checks a decisions file: times, roles and action targets. Targets and times are checked
//! against the scenario when it is known; a role the plan neither staffs nor covers is a warning.

use super::model::{DecisionScript, Then};
use crate::action::{Action, ActionKind};
use crate::checks::{Findings, Ids, MAX_LIST};
use crate::cue::Names;
use crate::plan::check_reached;
use crate::plan::model::Plan;
use crate::role;
use crate::rules::EACH_KINDS;
use crate::scenario::model::Scenario;
use crate::source::locate::FieldPath;
use std::collections::BTreeMap;

/// Checks `script`; `scenario` and `plan` are the files it names, when they could be found.
pub fn check_decisions(script: &DecisionScript, scenario: Option<&Scenario>, plan: Option<&Plan>) -> Findings {
    let mut findings = Findings::default();
    let root = FieldPath::root();
    findings.id(root.field("scenario"), &script.scenario);
    if let Some(plan_id) = &script.plan {
        findings.id(root.field("plan"), plan_id);
    }
    findings.text(root.field("description"), "description", &script.description, false);
    if scenario.is_none() {
        findings
            .warn(
                root.field("scenario"),
                "scenario-not-found",
                format!("scenario `{}` was not found, so targets and times were not checked", script.scenario),
            )
            .hint(Some(
                "validate the decisions together with their scenario, or from the folder holding `scenarios/`".into(),
            ));
    }
    let roles: Ids = role::ids().collect();
    let max_seconds = scenario.and_then(|s| s.clock.max_duration.seconds().ok());
    // What each kind of action may target, worked out once per kind rather than per decision.
    let mut targets: BTreeMap<ActionKind, Option<(&str, Ids)>> = BTreeMap::new();
    let mut previous = 0;
    for (i, decision) in script.decisions.iter().enumerate() {
        let at = root.field("decisions").index(i);
        if let Some(time) = findings.duration(at.field("at"), "decision time", &decision.at, false) {
            if max_seconds.is_some_and(|max| time > max) {
                findings.error(
                    at.field("at"),
                    "after-end",
                    format!(
                        "decision at {} is after the end of the run ({})",
                        decision.at,
                        scenario.map(|s| s.clock.max_duration.0.as_str()).unwrap_or_default()
                    ),
                );
            }
            if time < previous {
                findings.warn(
                    at.field("at"),
                    "out-of-order",
                    "decision is earlier than the one before it; decisions are applied in time order",
                );
            }
            previous = previous.max(time);
        }
        check_role(&mut findings, at.field("role"), &decision.role, &roles, plan, "a decision is taken by");
        findings.text(at.field("rationale"), "rationale", &decision.rationale, false);
        let at = at.field("action").index(0);
        check_target(&mut findings, &at, &decision.action, scenario, &mut targets, &roles, plan);
    }
    check_rules(&mut findings, script, scenario, plan, &roles, &mut targets);
    findings.at_most(root.field("notes"), "notes", script.notes.len() as u64, MAX_LIST);
    for (i, note) in script.notes.iter().enumerate() {
        let at = root.field("notes").index(i);
        findings.duration(at.field("at"), "note time", &note.at, false);
        findings.text(at.field("text"), "note", &note.text, true);
    }
    findings.at_most(root.field("answers"), "answers", script.answers.len() as u64, MAX_LIST);
    let injects: Ids = scenario.iter().flat_map(|s| &s.injects).map(|x| x.id.as_str()).collect();
    let mut questions: BTreeMap<&str, usize> = BTreeMap::new();
    for inject in scenario.iter().flat_map(|s| s.injects.iter().rev()) {
        questions.insert(inject.id.as_str(), inject.questions.len());
    }
    for (i, answer) in script.answers.iter().enumerate() {
        let at = root.field("answers").index(i);
        findings.duration(at.field("at"), "answer time", &answer.at, false);
        findings.text(at.field("text"), "answer", &answer.text, true);
        if scenario.is_none() || !findings.reference(at.field("inject"), "inject", &answer.inject, &injects) {
            continue;
        }
        let questions = questions.get(answer.inject.as_str()).copied().unwrap_or(0);
        if answer.question == 0 || answer.question > questions {
            let message = format!(
                "inject `{}` has {questions} discussion question(s); question {} does not exist",
                answer.inject, answer.question
            );
            findings.error(at.field("question"), "no-such-question", message);
        }
    }
    findings
}

/// The most cues all the rules of a file may hold together.
const MAX_CUES: u64 = 4 * MAX_LIST;

/// Checks each rule: its cue, its role, and what it does.
fn check_rules<'s>(
    findings: &mut Findings,
    script: &DecisionScript,
    scenario: Option<&'s Scenario>,
    plan: Option<&Plan>,
    roles: &Ids,
    targets: &mut BTreeMap<ActionKind, Option<(&'static str, Ids<'s>)>>,
) {
    let path = FieldPath::root().field("rules");
    findings.at_most(path.clone(), "rules", script.rules.len() as u64, MAX_LIST);
    // Every rule's cue is read against every event the players see: bound the work per event.
    let cues: u64 = script.rules.iter().map(|r| r.when.size()).sum();
    findings.at_most(path.clone(), "cues in all rules' `when`", cues, MAX_CUES);
    // Each kind's ids, collected once for the whole file.
    let detections: Ids<'s> = scenario.iter().flat_map(|s| &s.detections).map(|d| d.id.as_str()).collect();
    let injects: Ids<'s> = scenario.iter().flat_map(|s| &s.injects).map(|i| i.id.as_str()).collect();
    let segments: Ids<'s> = scenario.iter().flat_map(|s| &s.environment.segments).map(|g| g.id.as_str()).collect();
    let known = |what: &'static str| match what {
        "detection" => &detections,
        "inject" => &injects,
        _ => &segments,
    };
    let names = if scenario.is_some() { Names::Of(&known) } else { Names::Unchecked };
    for (i, rule) in script.rules.iter().enumerate() {
        let at = path.index(i);
        crate::cue::check(findings, &at.field("when"), &rule.when, names);
        for (path, action) in rule.when.actions(&at.field("when")) {
            check_target(findings, &path.index(0), action, scenario, targets, roles, plan);
        }
        check_role(findings, at.field("role"), &rule.role, roles, plan, "a rule's decision is taken by");
        if let Some(after) = &rule.after {
            findings.duration(at.field("after"), "rule delay", after, false);
        }
        findings.text(at.field("rationale"), "rationale", &rule.rationale, false);
        let then = at.field("then").index(0);
        match &rule.then {
            Then::Do(action) => check_target(findings, &then.index(0), action, scenario, targets, roles, plan),
            Then::Each(kind) if !EACH_KINDS.contains(kind) => {
                let kinds: Vec<String> = EACH_KINDS.iter().map(|k| format!("{k:?}")).collect();
                findings
                    .error(then, "each-without-target", format!("nothing an event shows can be the target of {kind:?}"))
                    .hint(Some(format!("`Each` takes one of {}; for anything else use `Do(..)`", kinds.join(", "))));
            }
            Then::Each(_) => {}
        }
    }
}

fn check_target<'s>(
    findings: &mut Findings,
    at: &FieldPath,
    action: &Action,
    scenario: Option<&'s Scenario>,
    targets: &mut BTreeMap<ActionKind, Option<(&'static str, Ids<'s>)>>,
    roles: &Ids,
    plan: Option<&Plan>,
) {
    match action {
        Action::Escalate(to) => {
            check_role(findings, at.clone(), to, roles, plan, "an escalation goes to");
            return;
        }
        Action::Custom(text) => {
            findings.name(at.clone(), "custom action", text);
            return;
        }
        _ => {}
    }
    let Some(scenario) = scenario else { return };
    let Some(target) = action.scenario_target() else { return };
    let known = targets
        .entry(action.kind())
        .or_insert_with(|| scenario.action_targets(action.kind()).map(|(what, ids)| (what, ids.into_iter().collect())));
    if let Some((what, known)) = known {
        findings.reference(at.clone(), what, target, known);
    }
}

/// A catalogue role; with the plan known, also one the plan staffs or covers (else a warning:
/// the run rejects the decision).
fn check_role(findings: &mut Findings, at: FieldPath, id: &str, roles: &Ids, plan: Option<&Plan>, addressed: &str) {
    if findings.reference(at.clone(), "role", id, roles)
        && let Some(plan) = plan
    {
        check_reached(findings, at, plan, id, addressed, "; the run rejects the decision");
    }
}
