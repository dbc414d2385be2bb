//! Checks detections, the MSEL's injects and the end conditions, including whether each
//! inject's trigger can ever hold given what the adversary can achieve.

use super::Known;
use super::reach::Reach;
use crate::action::Action;
use crate::checks::{Findings, Ids, chain_of};
use crate::role;
use crate::scenario::limits::{MAX_COST_LIMIT, MAX_QUESTIONS};
use crate::scenario::model::{ImpactLimit, Reveal, Scenario, Trigger, Watch};
use crate::source::locate::FieldPath;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check<'a>(scenario: &'a Scenario, known: &mut Known<'a>, findings: &mut Findings) {
    let root = FieldPath::root();
    check_detections(scenario, known, findings);
    let injects_path = root.field("injects");
    known.injects = findings.declared(&injects_path, "inject", &scenario.injects);
    let mut targets = super::expects::Targets::new();
    for (i, inject) in scenario.injects.iter().enumerate() {
        let at = injects_path.index(i);
        findings.name(at.field("title"), "inject title", &inject.title);
        findings.name(at.field("from"), "sender", &inject.from);
        findings.text(at.field("text"), "inject text", &inject.text, true);
        findings.text(at.field("notes"), "facilitator notes", &inject.notes, false);
        check_roles(findings, &at.field("to"), &inject.to);
        if inject.to.is_empty() {
            findings
                .warn(at.field("to"), "no-recipient", format!("inject `{}` is addressed to nobody", inject.id))
                .hint(Some("list the roles who receive it, e.g. `to: [\"soc_analyst\"]`".into()));
        }
        for (j, action) in inject.expected_actions.iter().enumerate() {
            findings.text(at.field("expected_actions").index(j), "expected action", action, true);
        }
        super::expects::check(scenario, known, &mut targets, &at.field("expects"), &inject.expects, findings);
        findings.at_most(at.field("questions"), "questions", inject.questions.len() as u64, MAX_QUESTIONS);
        for (j, question) in inject.questions.iter().enumerate() {
            findings.text(at.field("questions").index(j), "question", question, true);
        }
        check_trigger_fields(known, &at.field("trigger"), &inject.trigger, findings);
        check_reveals(known, &at.field("reveals"), &inject.reveals, findings);
    }
    check_end(scenario, findings);
}

/// Reports each inject whose trigger can never hold, given what the adversary can achieve, and
/// impact limits it can never reach.
pub(super) fn check_deliverable(scenario: &Scenario, known: &Known, reach: &Reach, findings: &mut Findings) {
    let injects_path = FieldPath::root().field("injects");
    let context = Context::new(scenario, known, reach);
    for (i, (inject, can)) in scenario.injects.iter().zip(context.deliverable()).enumerate() {
        if let Can::Never(why) = can {
            findings
                .error(
                    injects_path.index(i).field("trigger"),
                    "never-delivered",
                    format!("inject `{}` can never be delivered: {why}", inject.id),
                )
                .hint(Some("change the trigger, or the scenario so that it can happen".into()));
        }
    }
    check_impact_limits(scenario, reach, findings);
}

fn check_detections<'a>(scenario: &'a Scenario, known: &mut Known<'a>, findings: &mut Findings) {
    let path = FieldPath::root().field("detections");
    known.detections = findings.declared(&path, "detection", &scenario.detections);
    for (i, detection) in scenario.detections.iter().enumerate() {
        let at = path.index(i);
        match &detection.watches {
            Watch::Stage(stage) => {
                findings.reference(at.field("watches").index(0), "stage", stage, &known.stages);
            }
            Watch::Technique(technique) => {
                super::check_technique(findings, at.field("watches").index(0), technique);
                if !scenario.adversary.stages.iter().any(|s| &s.technique == technique) {
                    findings.warn(
                        at.field("watches").index(0),
                        "watches-nothing",
                        format!(
                            "detection `{}` watches `{technique}`, which no stage of this scenario uses",
                            detection.id
                        ),
                    );
                }
            }
        }
        findings.chance(at.field("chance"), detection.chance);
        findings.duration(at.field("delay"), "delay", &detection.delay, false);
        findings.name(at.field("alert").field("title"), "alert title", &detection.alert.title);
        findings.text(at.field("alert").field("text"), "alert text", &detection.alert.text, false);
        check_roles(findings, &at.field("alert").field("to"), &detection.alert.to);
        check_reveals(known, &at.field("alert").field("reveals"), &detection.alert.reveals, findings);
    }
}

/// What an alert or inject reveals must be an indicator or vulnerability of the scenario, or a
/// breach of at least one data class.
fn check_reveals(known: &Known, path: &FieldPath, reveals: &[Reveal], findings: &mut Findings) {
    for (i, reveal) in reveals.iter().enumerate() {
        let at = path.index(i).index(0);
        match reveal {
            Reveal::Indicator(id) => findings.reference(at, "indicator", id, &known.iocs),
            Reveal::Vulnerability(id) => findings.reference(at, "vulnerability", id, &known.vulnerabilities),
            Reveal::Breach(classes) if classes.is_empty() => {
                findings.error(at, "empty-list", "name at least one data class");
                false
            }
            Reveal::Breach(_) | Reveal::Incident(_) => true,
        };
    }
}

/// Each id must be a role of the catalogue, and appear once.
pub(crate) fn check_roles(findings: &mut Findings, path: &FieldPath, roles: &[String]) {
    let catalogue: Ids = role::ids().collect();
    let mut listed = Ids::new();
    for (i, id) in roles.iter().enumerate() {
        findings.reference(path.index(i), "role", id, &catalogue);
        if !listed.insert(id) {
            findings.warn(path.index(i), "duplicate-role", format!("role `{id}` is listed twice"));
        }
    }
}

/// Reference and value checks inside a trigger (whether it can hold is worked out later).
fn check_trigger_fields(known: &Known, at: &FieldPath, trigger: &Trigger, findings: &mut Findings) {
    let inner = at.index(0);
    match trigger {
        Trigger::At(time) => {
            findings.duration(inner, "inject time", time, false);
        }
        Trigger::StageSucceeded(stage) => {
            findings.reference(inner, "stage", stage, &known.stages);
        }
        Trigger::DetectionFired(detection) => {
            findings.reference(inner, "detection", detection, &known.detections);
        }
        Trigger::AfterInject(inject, delay) => {
            findings.reference(inner, "inject", inject, &known.injects);
            findings.duration(at.index(1), "delay", delay, false);
        }
        Trigger::HostsCompromised(n) | Trigger::HostsEncrypted(n) => {
            if *n == 0 {
                findings.error(inner, "bad-count", "a host threshold must be at least 1");
            }
        }
        Trigger::RecordsExfiltrated(n) => {
            if *n == 0 {
                findings.error(inner, "bad-count", "a record threshold must be at least 1");
            }
        }
        Trigger::BackupDestroyed(backup) => {
            findings.reference(inner, "backup", backup, &known.backups);
        }
        Trigger::ServiceDown(service) => {
            findings.reference(inner, "service", service, &known.services);
        }
        Trigger::DecisionTaken(_, by) | Trigger::DecisionNotTaken(_, by) => {
            findings.duration(at.index(1), "deadline", by, false);
        }
        Trigger::ActionTaken(action, by) | Trigger::ActionNotTaken(action, by) => {
            check_action_target(known, &inner, action, findings);
            findings.duration(at.index(1), "deadline", by, false);
        }
        Trigger::ActionTookEffect(action) => check_action_target(known, &inner, action, findings),
        Trigger::All(parts) | Trigger::Any(parts) => {
            if parts.is_empty() {
                findings.error(at.clone(), "empty-list", "`All` and `Any` need at least one condition");
            }
            for (i, part) in parts.iter().enumerate() {
                check_trigger_fields(known, &inner.index(i), part, findings);
            }
        }
    }
}

/// The target an action in a trigger names must exist in the scenario (or, escalating, be a role).
fn check_action_target(known: &Known, at: &FieldPath, action: &Action, findings: &mut Findings) {
    let at = at.index(0);
    let (what, ids) = match action {
        Action::IsolateHosts(_) => ("host group", &known.groups),
        Action::IsolateSegment(_) | Action::CollectEvidence(_) => ("segment", &known.segments),
        Action::DisableAccount(_) | Action::ResetCredentials(_) => ("account", &known.accounts),
        Action::BlockIoc(_) => ("indicator", &known.iocs),
        Action::Patch(_) => ("vulnerability", &known.vulnerabilities),
        Action::RestoreFromBackup(_) => ("backup", &known.backups),
        Action::Escalate(role) => {
            let catalogue: Ids = role::ids().collect();
            findings.reference(at, "role", role, &catalogue);
            return;
        }
        _ => return,
    };
    if let Some(id) = action.scenario_target() {
        findings.reference(at, what, id, ids);
    }
}

/// Whether a condition can ever hold.
#[derive(Debug, Clone, PartialEq)]
enum Can {
    Yes,
    /// It cannot, for this reason.
    Never(String),
    /// Unknown because of an error already reported.
    Unknown,
}

struct Context<'s, 'k> {
    scenario: &'s Scenario,
    known: &'k Known<'s>,
    reach: &'k Reach<'s>,
    /// Inject and detection ids to their place in the file.
    injects: BTreeMap<&'s str, usize>,
    detections: BTreeMap<&'s str, usize>,
    /// Techniques of the stages that can start.
    possible_techniques: BTreeSet<&'s str>,
    total_hosts: u64,
}

/// Whether each inject an `AfterInject` names can be delivered, as far as known.
type Delivered<'m> = dyn Fn(usize) -> Can + 'm;

impl<'s, 'k> Context<'s, 'k> {
    fn new(scenario: &'s Scenario, known: &'k Known<'s>, reach: &'k Reach<'s>) -> Self {
        let first_of = |ids: Vec<&'s str>| {
            let mut map = BTreeMap::new();
            for (i, id) in ids.into_iter().enumerate() {
                map.entry(id).or_insert(i);
            }
            map
        };
        let possible_techniques = scenario
            .adversary
            .stages
            .iter()
            .filter(|s| reach.possible.contains(s.id.as_str()))
            .map(|s| s.technique.as_str())
            .collect();
        Context {
            scenario,
            known,
            reach,
            injects: first_of(scenario.injects.iter().map(|x| x.id.as_str()).collect()),
            detections: first_of(scenario.detections.iter().map(|d| d.id.as_str()).collect()),
            possible_techniques,
            total_hosts: total_hosts(scenario),
        }
    }

    /// The injects that `trigger` follows by `AfterInject`.
    fn follows(&self, trigger: &Trigger, out: &mut Vec<usize>) {
        match trigger {
            Trigger::AfterInject(id, _) => out.extend(self.injects.get(id.as_str())),
            Trigger::All(parts) | Trigger::Any(parts) => parts.iter().for_each(|p| self.follows(p, out)),
            _ => {}
        }
    }

    /// Whether each inject can ever be delivered. Injects are worked out after the ones they
    /// follow, with an explicit stack (a chain of ten thousand `AfterInject` cannot overflow);
    /// an inject met again on the way is a loop.
    fn deliverable(&self) -> Vec<Can> {
        let injects = &self.scenario.injects;
        let follows: Vec<Vec<usize>> = injects
            .iter()
            .map(|x| {
                let mut out = Vec::new();
                self.follows(&x.trigger, &mut out);
                out
            })
            .collect();
        let mut done: Vec<Option<Can>> = vec![None; injects.len()];
        let mut on_path: Vec<Option<usize>> = vec![None; injects.len()];
        for root in 0..injects.len() {
            if done[root].is_some() {
                continue;
            }
            // Each frame: an inject, the next of its predecessors to look at, and the loops met.
            let mut path: Vec<(usize, usize, BTreeMap<usize, Can>)> = vec![(root, 0, BTreeMap::new())];
            on_path[root] = Some(0);
            while let Some((index, next, loops)) = path.last_mut() {
                let index = *index;
                if let Some(&other) = follows[index].get(*next) {
                    *next += 1;
                    if done[other].is_some() {
                        continue;
                    }
                    match on_path[other] {
                        Some(start) => {
                            let ids = path[start..].iter().map(|(i, _, _)| injects[*i].id.as_str());
                            let chain =
                                chain_of(ids.chain([injects[other].id.as_str()]).collect::<Vec<_>>().into_iter());
                            let why = format!("`AfterInject` goes round in a loop: {chain}");
                            if let Some((_, _, loops)) = path.last_mut() {
                                loops.insert(other, Can::Never(why));
                            }
                        }
                        None => {
                            on_path[other] = Some(path.len());
                            path.push((other, 0, BTreeMap::new()));
                        }
                    }
                    continue;
                }
                let loops = std::mem::take(loops);
                let lookup = |other: usize| loops.get(&other).or(done[other].as_ref()).cloned().unwrap_or(Can::Unknown);
                let result = self.trigger(&injects[index].trigger, &lookup);
                done[index] = Some(result);
                on_path[index] = None;
                path.pop();
            }
        }
        done.into_iter().map(|can| can.unwrap_or(Can::Unknown)).collect()
    }

    fn trigger(&self, trigger: &Trigger, delivered: &Delivered) -> Can {
        let env = &self.scenario.environment;
        let total_hosts = self.total_hosts;
        let within_run =
            |what: &str, time: &crate::duration::HumanDuration| match (time.seconds(), self.known.max_seconds) {
                (Ok(t), Some(max)) if t > max => Can::Never(format!("{what} {time} is after the end of the run")),
                (Ok(_), Some(_)) => Can::Yes,
                _ => Can::Unknown,
            };
        match trigger {
            Trigger::At(time) => within_run("time", time),
            Trigger::DecisionTaken(_, by)
            | Trigger::DecisionNotTaken(_, by)
            | Trigger::ActionTaken(_, by)
            | Trigger::ActionNotTaken(_, by) => within_run("deadline", by),
            Trigger::ActionTookEffect(_) => Can::Yes,
            Trigger::StageSucceeded(stage) => self.stage(stage),
            Trigger::DetectionFired(id) => {
                match self.detections.get(id.as_str()).map(|&i| &self.scenario.detections[i]) {
                    None => Can::Unknown,
                    Some(detection) => match &detection.watches {
                        Watch::Stage(stage) => match self.stage(stage) {
                            Can::Never(_) => {
                                Can::Never(format!("detection `{id}` watches stage `{stage}`, which can never start"))
                            }
                            other => other,
                        },
                        Watch::Technique(t) => {
                            if self.possible_techniques.contains(t.as_str()) {
                                Can::Yes
                            } else {
                                Can::Never(format!("detection `{id}` watches `{t}`, which no possible stage uses"))
                            }
                        }
                    },
                }
            }
            Trigger::AfterInject(id, _) => match self.injects.get(id.as_str()) {
                None => Can::Unknown,
                Some(&other) => match delivered(other) {
                    Can::Never(why) if why.starts_with("`AfterInject` goes round") => Can::Never(why),
                    Can::Never(_) => Can::Never(format!("it follows inject `{id}`, which can never be delivered")),
                    other => other,
                },
            },
            Trigger::HostsCompromised(n) | Trigger::HostsEncrypted(n) if u64::from(*n) > total_hosts => {
                Can::Never(format!("the scenario has only {total_hosts} hosts"))
            }
            Trigger::HostsCompromised(_) if !self.reach.compromises => {
                Can::Never("no possible stage compromises hosts".into())
            }
            Trigger::HostsEncrypted(_) if !self.reach.encrypts => Can::Never("no possible stage encrypts hosts".into()),
            Trigger::HostsCompromised(_) | Trigger::HostsEncrypted(_) => Can::Yes,
            Trigger::RecordsExfiltrated(n) => {
                let available: u64 = env
                    .data_stores
                    .iter()
                    .filter(|d| self.reach.exfiltrated_stores.contains(d.id.as_str()))
                    .map(|d| d.records)
                    .sum();
                if available == 0 {
                    Can::Never("no possible stage exfiltrates records".into())
                } else if *n > available {
                    Can::Never(format!("possible stages can exfiltrate at most {available} records"))
                } else {
                    Can::Yes
                }
            }
            Trigger::BackupDestroyed(backup) => {
                if !self.known.backups.contains(backup.as_str()) {
                    Can::Unknown
                } else if self.reach.destroyable_backups.contains(backup.as_str()) {
                    Can::Yes
                } else {
                    Can::Never(format!("no possible stage can destroy backup `{backup}`"))
                }
            }
            Trigger::ServiceDown(_) => Can::Yes,
            Trigger::All(parts) => {
                let results: Vec<Can> = parts.iter().map(|p| self.trigger(p, delivered)).collect();
                results
                    .iter()
                    .find(|c| matches!(c, Can::Never(_)))
                    .or_else(|| results.iter().find(|c| **c == Can::Unknown))
                    .cloned()
                    .unwrap_or(Can::Yes)
            }
            Trigger::Any(parts) => {
                let results: Vec<Can> = parts.iter().map(|p| self.trigger(p, delivered)).collect();
                if results.contains(&Can::Yes) {
                    Can::Yes
                } else if results.contains(&Can::Unknown) || results.is_empty() {
                    Can::Unknown
                } else {
                    let reasons: Vec<String> = results
                        .into_iter()
                        .filter_map(|c| if let Can::Never(why) = c { Some(why) } else { None })
                        .collect();
                    Can::Never(format!("none of its conditions can hold ({})", reasons.join("; ")))
                }
            }
        }
    }

    fn stage(&self, stage: &str) -> Can {
        if self.reach.possible.contains(stage) {
            Can::Yes
        } else if self.known.stages.contains(stage) {
            Can::Never(format!("stage `{stage}` can never start"))
        } else {
            Can::Unknown
        }
    }
}

/// Impact limits must be positive.
fn check_end(scenario: &Scenario, findings: &mut Findings) {
    let path = FieldPath::root().field("end").field("impact");
    for (i, limit) in scenario.end.impact.iter().enumerate() {
        let at = path.index(i).index(0);
        match limit {
            ImpactLimit::HostsEncrypted(0) | ImpactLimit::HostsCompromised(0) | ImpactLimit::RecordsExfiltrated(0) => {
                findings.error(at, "bad-count", "an impact limit must be at least 1");
            }
            ImpactLimit::CostAbove(amount) if !amount.is_finite() || *amount <= 0.0 || *amount > MAX_COST_LIMIT => {
                let message =
                    format!("a cost limit must be more than zero and at most {MAX_COST_LIMIT:e}, found {amount}");
                findings.error(at, "bad-amount", message);
            }
            _ => {}
        }
    }
}

/// Warns about impact limits the adversary can never reach.
fn check_impact_limits(scenario: &Scenario, reach: &Reach, findings: &mut Findings) {
    let path = FieldPath::root().field("end").field("impact");
    let total_hosts = total_hosts(scenario);
    for (i, limit) in scenario.end.impact.iter().enumerate() {
        let at = path.index(i).index(0);
        match limit {
            ImpactLimit::HostsEncrypted(n) | ImpactLimit::HostsCompromised(n) if u64::from(*n) > total_hosts => {
                let message = format!("the scenario has only {total_hosts} hosts, so this limit is never reached");
                findings.warn(at, "unreachable-limit", message);
            }
            ImpactLimit::RecordsExfiltrated(_) if reach.exfiltrated_stores.is_empty() => {
                let message = "no possible stage exfiltrates records, so this limit is never reached";
                findings.warn(at, "unreachable-limit", message);
            }
            _ => {}
        }
    }
}

fn total_hosts(scenario: &Scenario) -> u64 {
    scenario.environment.segments.iter().flat_map(|s| &s.hosts).map(|g| u64::from(g.count)).sum()
}
